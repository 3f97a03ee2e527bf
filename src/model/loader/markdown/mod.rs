//! Markdown loader: CommonMark plus GFM tables, strikethrough, task lists
//! and footnotes (via pulldown-cmark), with YAML, TOML or `Key: value`
//! metadata.
//!
//! Structure comes from headings. The level that repeats with the marks of
//! separate pieces (credit lines, breaks) starts articles; a heading of
//! another level is a section of the article it falls in. Without such a
//! level the file is one article whose headings are its sections.
//!
//! - `frontmatter`, `keyvalue`: the metadata block at the start of the file.
//! - `blocks`: parser events → headings and blocks, depth-capped.
//! - `levels`: which heading level, if any, starts articles.
//! - `spans`: inline runs (emphasis, links, images as alt text).
//! - `html`: raw HTML degraded to text.
//! - `byline`: credit lines (`By Jane Doe`, dates) under a title.

mod blocks;
pub(crate) mod byline;
mod frontmatter;
mod html;
mod levels;
mod spans;
#[cfg(test)]
mod tests;

use self::blocks::Piece;
use self::byline::Credit;
use self::frontmatter::Meta;
use super::Segmented;
use crate::model::document::{Article, ArticleKind, Block, Inline, Section};
use crate::model::text::{block_text, inline_text};

pub use self::blocks::MAX_DEPTH;
pub use self::spans::MAX_INLINE_DEPTH;

/// Parses a Markdown file into articles. Never fails: whatever the input,
/// the reader gets something to read.
pub fn parse(text: &str, fallback_title: &str) -> Segmented {
    let (meta, body) = frontmatter::split(text);
    let pieces = blocks::pieces(body);
    match levels::article_level(&pieces) {
        Some(level) => several(pieces, level, &meta, fallback_title),
        None => single(pieces, &meta, fallback_title),
    }
}

/// Removes control characters that markup can reintroduce after decoding
/// (`&#27;` is an escape character), keeping newlines and tabs.
pub(crate) fn clean(text: &str) -> String {
    // Nearly all text has no control: one byte scan, then one copy. C1
    // controls are encoded C2 80..C2 9F, so a C2 byte sends the text the
    // slow way too.
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7f || *b == 0xc2;
    if !text.as_bytes().iter().any(suspect) {
        return text.to_string();
    }
    let keep = |c: &char| !c.is_control() || *c == '\n' || *c == '\t';
    text.chars().filter(keep).collect()
}

/// A heading's text on one line.
fn heading_text(inlines: &[Inline]) -> String {
    inline_text(inlines).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The whole file is one article. An H1 that opens the headings and is the
/// only one is the title (unless front matter names a different one, when
/// the H1 stays as a heading); an H1 after other headings is a section.
/// Front matter is the publisher's word, so its author beats a byline.
fn single(mut pieces: Vec<Piece>, meta: &Meta, fallback: &str) -> Segmented {
    let mut credit = Credit::default();
    let mut h1_title = None;
    let first_heading = pieces.iter().position(|p| matches!(p, Piece::Heading { .. }));
    let h1s = pieces.iter().filter(|p| matches!(p, Piece::Heading { level: 1, .. })).count();
    if let Some(at) = first_heading.filter(|_| h1s == 1)
        && matches!(pieces[at], Piece::Heading { level: 1, .. })
        && let Piece::Heading { inlines, .. } = pieces.remove(at)
    {
        credit = take_credits(&mut pieces, at);
        let text = heading_text(&inlines);
        if let Some(title) = &meta.title
            && !same_title(title, &text)
        {
            pieces.insert(at, Piece::Heading { level: 2, inlines });
        }
        h1_title = Some(text).filter(|t| !t.is_empty());
    }
    let first_heading = || {
        pieces.iter().find_map(|p| match p {
            Piece::Heading { inlines, .. } => Some(heading_text(inlines)).filter(|t| !t.is_empty()),
            Piece::Block(_) => None,
        })
    };
    let title = meta.title.clone().or_else(|| h1_title.clone()).or_else(first_heading);
    let doc_title = title.clone().unwrap_or_else(|| fallback.to_string());
    // Front matter alone is not something to read.
    if pieces.is_empty() && h1_title.is_none() {
        return Segmented { title: doc_title, articles: Vec::new() };
    }
    let mut article = Article::new(doc_title.clone(), ArticleKind::Article, sections(pieces, 1));
    article.author = meta.author.clone().or(credit.author);
    article.date = meta.date.clone().or(credit.date);
    article.source = meta.source.clone();
    Segmented { title: doc_title, articles: vec![article] }
}

fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    norm(a) == norm(b)
}

/// Each heading at `level` starts an article; headings of other levels
/// are its sections. A shallower heading opening the file names the whole
/// document. The text before the first article is the first article's
/// lead, unless it is only a masthead (see [`is_masthead`]).
fn several(pieces: Vec<Piece>, level: u8, meta: &Meta, fallback: &str) -> Segmented {
    let mut preamble = Vec::new();
    let mut groups: Vec<(String, Vec<Piece>)> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Heading { level: l, inlines } if l == level => {
                groups.push((heading_text(&inlines), Vec::new()));
            }
            other => match groups.last_mut() {
                Some((_, group)) => group.push(other),
                None => preamble.push(other),
            },
        }
    }
    let heading_title = match preamble.first() {
        Some(Piece::Heading { level: l, inlines }) if *l < level => Some(heading_text(inlines)),
        _ => None,
    }
    .filter(|t| !t.is_empty());
    let keeps_heading =
        matches!((&meta.title, &heading_title), (Some(m), Some(h)) if !same_title(m, h));
    if heading_title.is_some() && !keeps_heading {
        preamble.remove(0);
    }
    let doc_title = meta.title.clone().or(heading_title).unwrap_or_else(|| fallback.to_string());
    let mut articles = Vec::new();
    if !preamble.is_empty() && is_masthead(&preamble, level) {
        let front = std::mem::take(&mut preamble);
        let mut article =
            Article::new(doc_title.clone(), ArticleKind::FrontMatter, sections(front, level));
        fill_from_meta(&mut article, meta, Credit::default());
        articles.push(article);
    }
    for (title, mut pieces) in groups {
        let credit = take_credits(&mut pieces, 0);
        let credit =
            if credit.author.is_none() { take_signature(&mut pieces, credit) } else { credit };
        if !preamble.is_empty() {
            // The lead comes first, before the article's own text.
            pieces.splice(0..0, std::mem::take(&mut preamble));
        }
        let title = if title.is_empty() { fallback.to_string() } else { title };
        let mut article = Article::new(title, ArticleKind::Article, sections(pieces, level));
        fill_from_meta(&mut article, meta, credit);
        articles.push(article);
    }
    Segmented { title: doc_title, articles }
}

/// The article's own credit first, the document's metadata otherwise.
fn fill_from_meta(article: &mut Article, meta: &Meta, credit: Credit) {
    article.author = credit.author.or_else(|| meta.author.clone());
    article.date = credit.date.or_else(|| meta.date.clone());
    article.source = meta.source.clone();
}

/// Text before a digest's first article that is a masthead, not a lead:
/// a few short paragraphs, fewer words than a sentence or two of prose,
/// and no headings but the issue's own (shallower than the articles', at
/// the top). It becomes a front-matter segment (kept, not read).
fn is_masthead(preamble: &[Piece], level: u8) -> bool {
    let mut words = 0;
    for (at, piece) in preamble.iter().enumerate() {
        match piece {
            Piece::Heading { level: l, .. } if at == 0 && *l < level => {}
            Piece::Block(block @ Block::Paragraph(_)) => {
                words += block_text(block).split_whitespace().count();
            }
            _ => return false,
        }
    }
    words < MASTHEAD_WORDS
}

/// See [`is_masthead`]: "Issue 12 · Spring" or "Welcome back." is shorter.
const MASTHEAD_WORDS: usize = 12;

/// Removes the credit lines (byline, date, or both) at `at`, at most two
/// paragraphs, and returns what they say.
fn take_credits(pieces: &mut Vec<Piece>, at: usize) -> Credit {
    let mut found = Credit::default();
    for _ in 0..2 {
        let Some(Piece::Block(Block::Paragraph(inlines))) = pieces.get(at) else { break };
        let Some(credit) = byline::credit(inlines) else { break };
        let adds = found.author.is_none() && credit.author.is_some()
            || found.date.is_none() && credit.date.is_some();
        if !adds {
            break;
        }
        found.author = found.author.or(credit.author);
        found.date = found.date.or(credit.date);
        pieces.remove(at);
    }
    found
}

/// A credit line closing the article (`— Jane Doe` as its last paragraph),
/// read when none opened it; `found` is what the opening lines gave.
fn take_signature(pieces: &mut Vec<Piece>, found: Credit) -> Credit {
    let Some(Piece::Block(Block::Paragraph(inlines))) = pieces.last() else { return found };
    let Some(credit) = byline::credit(inlines).filter(|c| c.author.is_some()) else {
        return found;
    };
    pieces.pop();
    Credit { author: credit.author, date: found.date.or(credit.date) }
}

/// Headings start sections; blocks before the first heading form a
/// headingless first section. `base` is the article level: deeper
/// headings keep their depth below it so the contents can indent them,
/// and a stray shallower one is a top section.
fn sections(pieces: Vec<Piece>, base: u8) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut current = Section { heading: None, level: 2, blocks: Vec::new() };
    for piece in pieces {
        match piece {
            Piece::Heading { level, inlines } => {
                push_section(&mut sections, current);
                let text = heading_text(&inlines);
                let heading = Some(text).filter(|t| !t.is_empty());
                let level = (level + 1).saturating_sub(base).clamp(2, 6);
                current = Section { heading, level, blocks: Vec::new() };
            }
            Piece::Block(block) => current.blocks.push(block),
        }
    }
    push_section(&mut sections, current);
    sections
}

fn push_section(sections: &mut Vec<Section>, section: Section) {
    if section.heading.is_some() || !section.blocks.is_empty() {
        sections.push(section);
    }
}
