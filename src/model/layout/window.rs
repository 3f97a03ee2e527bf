//! Laying out a stretch of a long article.
//!
//! A whole layout holds every wrapped line with its spans: several times
//! the text's size, and time in proportion to it. For a multi-megabyte
//! article (a book-length essay, a log pasted as text) the reader lays out
//! only the parts around the position shown and moves that window as it
//! scrolls, so opening it, `G` and a jump to a find cost what they cost in
//! a short article, and memory holds the text plus one offset per part.
//!
//! A part is a section's heading or one of its top-level blocks; any part
//! can start a window because its text offset and the links before it are
//! known from the [`Plan`], which is computed once per article, for every
//! width.

use std::ops::Range;

use crate::model::document::{Article, Block, Inline};
use crate::model::text::{BLOCK_SEP, part_chars};

/// Articles of at most this many chars of text (two reaches: one window
/// would hold them anyway) are laid out whole on a usual screen, and line
/// numbers then cover the article. A longer one opens on a window: the
/// last article of the huge benchmark (74K chars) took 0.8 ms to lay out
/// whole, its first window 0.12 ms, and opening it then pressing `G` is
/// what the reader is timed on against less.
pub const WHOLE_UP_TO: usize = 2 * REACH;

/// Chars of text laid out before and after the position shown: some two
/// hundred lines at 80 columns, ten screens each way, so a page or a count
/// of lines rarely leaves the window, while laying one out (on open, `G`,
/// a jump, or every hundred-odd lines of scrolling) costs about a
/// millisecond. A window of three times the reach measured 4.1 ms for `G`
/// in a 21 MB article against 1.3 ms for less.
pub const REACH: usize = 16 * 1024;

/// Where each part of an article starts in its canonical text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The char offset each part's text starts at (as the layout's own
    /// sequence gives it: after the separator when text came before).
    offsets: Vec<usize>,
    /// The first part of each section; a section with no parts has the
    /// index of the part after it.
    section_first: Vec<usize>,
    /// Where each section starts in the text.
    pub section_offsets: Vec<usize>,
    /// Length in chars of the canonical text.
    pub text_len: usize,
    /// Every link url, numbered from 1 in reading order (a url seen again
    /// keeps its number), so a window numbers links as the whole would.
    pub links: Vec<String>,
}

impl Plan {
    pub fn of(article: &Article) -> Plan {
        let lengths = part_chars(article);
        let mut plan = Plan { offsets: Vec::with_capacity(lengths.len()), ..Plan::default() };
        let (mut pos, mut any) = (0, false);
        let mut parts = lengths.into_iter();
        for section in &article.sections {
            plan.section_first.push(plan.offsets.len());
            plan.section_offsets.push(if any { pos + BLOCK_SEP.len() } else { pos });
            let count = usize::from(section.heading.is_some()) + section.blocks.len();
            for len in parts.by_ref().take(count) {
                let base = if any { pos + BLOCK_SEP.len() } else { pos };
                plan.offsets.push(base);
                if len > 0 {
                    (pos, any) = (base + len, true);
                }
            }
        }
        plan.text_len = pos;
        plan.links = links(article);
        plan
    }

    pub fn parts(&self) -> usize {
        self.offsets.len()
    }

    /// Every part: the whole article.
    pub fn all(&self) -> Range<usize> {
        0..self.parts()
    }

    /// The parts to lay out to show `offset` on a screen of `screen` chars
    /// (rows times columns): the whole article when it is short, else the
    /// parts within [`reach`] chars of it on either side.
    pub fn window_around(&self, offset: usize, screen: usize) -> Range<usize> {
        let reach = reach(screen);
        if self.text_len <= 2 * reach {
            return self.all();
        }
        let here = self.offsets.partition_point(|&o| o <= offset).saturating_sub(1);
        let from = self.offsets.partition_point(|&o| o <= offset.saturating_sub(reach));
        let to = self.offsets.partition_point(|&o| o < offset.saturating_add(reach));
        from.saturating_sub(1).min(here)..to.max(here + 1).min(self.parts())
    }

    /// The text offset where part `part` starts (the end for one past the
    /// last).
    pub fn offset_of(&self, part: usize) -> usize {
        self.offsets.get(part).copied().unwrap_or(self.text_len)
    }

    /// The parts of section `s`.
    pub(super) fn section_parts(&self, s: usize) -> Range<usize> {
        let first = self.section_first.get(s).copied().unwrap_or(self.parts());
        first..self.section_first.get(s + 1).copied().unwrap_or(self.parts())
    }
}

/// How far a window reaches each way for a screen of `screen` chars: at
/// least [`REACH`], and six screens on a large terminal, so that the two
/// screens of margin the reader keeps never cover a whole window.
pub fn reach(screen: usize) -> usize {
    REACH.max(6 * screen)
}

/// The article's link urls in reading order, each once.
fn links(article: &Article) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut urls = Vec::new();
    let mut add = |url: &str| {
        if seen.insert(url.to_string()) {
            urls.push(url.to_string());
        }
    };
    for section in &article.sections {
        section.blocks.iter().for_each(|b| block_links(b, &mut add));
    }
    urls
}

fn block_links(block: &Block, add: &mut dyn FnMut(&str)) {
    match block {
        Block::Paragraph(inlines) => inline_links(inlines, add),
        Block::List(list) => {
            list.items.iter().flat_map(|i| &i.blocks).for_each(|b| block_links(b, add));
        }
        Block::Quote { blocks, .. } | Block::Footnote { blocks, .. } => {
            blocks.iter().for_each(|b| block_links(b, add));
        }
        Block::Table(table) => table.rows.iter().flatten().for_each(|c| inline_links(c, add)),
        Block::Code { .. } | Block::Rule => {}
    }
}

fn inline_links(inlines: &[Inline], add: &mut dyn FnMut(&str)) {
    for inline in inlines {
        match inline {
            Inline::Link { text, url } => {
                add(url);
                inline_links(text, add);
            }
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => inline_links(c, add),
            Inline::Text(_) | Inline::Code(_) | Inline::FootnoteRef(_) | Inline::Break => {}
        }
    }
}
