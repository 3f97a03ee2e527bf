//! Highlights → where they are now: article, section, percent, exact text,
//! in reading order. Both output formats render this one result, so they
//! can never disagree about a highlight's place.

use std::collections::{HashMap, HashSet};

use crate::model::anchor::Reanchorer;
use crate::model::highlight::Highlight;
use crate::model::text::{BLOCK_SEP, article_text, block_text};
use crate::model::{Article, Document, Section};

/// A document's highlights, placed and ordered.
#[derive(Debug)]
pub struct Resolved<'a> {
    pub document: &'a Document,
    /// Re-anchored highlights in reading order: article order, then start.
    pub placed: Vec<Entry<'a>>,
    /// Highlights whose article is gone or whose text no longer anchors.
    pub detached: Vec<Entry<'a>>,
    /// The length in chars of each article's [`article_text`], where it
    /// was built to place highlights (so locations need not build it again).
    pub lengths: Vec<Option<usize>>,
}

impl Resolved<'_> {
    pub fn len(&self) -> usize {
        self.placed.len() + self.detached.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry, placed first, in output order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry<'_>> {
        self.placed.iter().chain(&self.detached)
    }
}

/// One highlight and what the export says about it.
#[derive(Debug)]
pub struct Entry<'a> {
    pub highlight: &'a Highlight,
    /// The article and its index in the document, if it still exists.
    pub article: Option<(usize, &'a Article)>,
    /// `None` for a detached highlight.
    pub place: Option<Place<'a>>,
    /// The current text at the place, or the stored quote when detached.
    pub text: String,
    /// Unique within the export and valid as an Obsidian block id.
    pub block_id: String,
}

/// Where a placed highlight sits in its article's canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// Char offsets into [`article_text`].
    pub start: usize,
    pub end: usize,
    /// Index into `article.sections` of the section holding `start`.
    pub section: usize,
    /// The heading of that section; `None` for text before the first one.
    pub heading: Option<&'a str>,
    /// `start` as a whole percentage of the article's length, rounded down.
    pub percent: u8,
}

/// Places every highlight of `document`. Highlights are grouped by article
/// so each article's text and index are built once, however many
/// highlights it has.
pub fn resolve<'a>(document: &'a Document, highlights: &'a [Highlight]) -> Resolved<'a> {
    let mut by_article: HashMap<&str, Vec<&'a Highlight>> = HashMap::new();
    for h in highlights {
        by_article.entry(h.article_id.as_str()).or_default().push(h);
    }
    let mut placed = Vec::new();
    let mut detached = Vec::new();
    let mut lengths = vec![None; document.articles.len()];
    for (index, article) in document.articles.iter().enumerate() {
        let Some(group) = by_article.remove(article.id.to_string().as_str()) else {
            continue;
        };
        lengths[index] = Some(place_article(index, article, &group, &mut placed, &mut detached));
    }
    // What is left belongs to articles this document no longer has.
    let mut unknown: Vec<&Highlight> = by_article.into_values().flatten().collect();
    unknown.sort_by(|a, b| {
        (&a.article_id, a.anchor.position.start, &a.id).cmp(&(
            &b.article_id,
            b.anchor.position.start,
            &b.id,
        ))
    });
    detached.extend(unknown.into_iter().map(|h| detached_entry(h, None)));
    placed.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
    assign_block_ids(placed.iter_mut().chain(detached.iter_mut()));
    Resolved { document, placed, detached, lengths }
}

/// Places one article's highlights; returns the length of its text.
fn place_article<'a>(
    index: usize,
    article: &'a Article,
    group: &[&'a Highlight],
    placed: &mut Vec<Entry<'a>>,
    detached: &mut Vec<Entry<'a>>,
) -> usize {
    let reanchorer = Reanchorer::new(article_text(article));
    let chars = reanchorer.len();
    let starts = section_starts(article);
    let mut lost = Vec::new();
    for &h in group {
        let Some((start, end)) = reanchorer.locate(&h.anchor) else {
            lost.push(h);
            continue;
        };
        let section = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let heading = article.sections.get(section).and_then(|s| s.heading.as_deref());
        let percent = (start * 100).checked_div(chars).map_or(0, |p| p.min(100) as u8);
        placed.push(Entry {
            highlight: h,
            article: Some((index, article)),
            place: Some(Place { start, end, section, heading, percent }),
            text: reanchorer.slice(start, end).to_string(),
            block_id: String::new(),
        });
    }
    lost.sort_by_key(|h| (h.anchor.position.start, h.anchor.position.end, &h.id));
    detached.extend(lost.into_iter().map(|h| detached_entry(h, Some((index, article)))));
    chars
}

fn detached_entry<'a>(h: &'a Highlight, article: Option<(usize, &'a Article)>) -> Entry<'a> {
    Entry {
        highlight: h,
        article,
        place: None,
        text: h.anchor.quote.exact.clone(),
        block_id: String::new(),
    }
}

fn order_key<'e>(e: &'e Entry<'_>) -> (usize, usize, usize, &'e str) {
    let index = e.article.map_or(usize::MAX, |(i, _)| i);
    let (start, end) = e.place.map_or((0, 0), |p| (p.start, p.end));
    (index, start, end, e.highlight.id.as_str())
}

/// The char offset where each section starts in [`article_text`], built the
/// way that function builds the text: non-empty headings and blocks joined
/// by [`BLOCK_SEP`]. A section with no text starts where the next one does.
pub fn section_starts(article: &Article) -> Vec<usize> {
    let sep = BLOCK_SEP.chars().count();
    let mut len = 0usize;
    let mut starts: Vec<Option<usize>> = Vec::with_capacity(article.sections.len());
    for section in &article.sections {
        let mut start = None;
        for part in section_parts(section) {
            let n = part.chars().count();
            if n == 0 {
                continue;
            }
            if len > 0 {
                len += sep;
            }
            start.get_or_insert(len);
            len += n;
        }
        starts.push(start);
    }
    let mut next = len;
    let mut filled = vec![0; starts.len()];
    for (slot, start) in filled.iter_mut().zip(&starts).rev() {
        next = start.unwrap_or(next);
        *slot = next;
    }
    filled
}

fn section_parts(section: &Section) -> impl Iterator<Item = String> + '_ {
    section.heading.clone().into_iter().chain(section.blocks.iter().map(block_text))
}

/// Obsidian block ids may hold only ASCII letters, digits and dashes. Ids
/// that already do are kept as they are, so the id a note links to stays
/// the store's id; others are cleaned and given a hash of the original, so
/// two ids that clean to the same text still differ. Duplicates (which a
/// store should never hold) get `-2`, `-3`, ... in output order.
fn assign_block_ids<'e, 'a: 'e>(entries: impl Iterator<Item = &'e mut Entry<'a>>) {
    let mut taken = HashSet::new();
    for entry in entries {
        let base = block_id(&entry.highlight.id);
        let mut id = base.clone();
        let mut n = 1;
        while !taken.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        entry.block_id = id;
    }
}

/// `quire-<id>`, valid as an Obsidian block id.
pub fn block_id(id: &str) -> String {
    let clean = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if clean {
        return format!("quire-{id}");
    }
    let mut cleaned = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            cleaned.push(c);
        } else if !cleaned.ends_with('-') {
            cleaned.push('-');
        }
    }
    let hash = crate::model::ContentId::of(&[id.as_bytes()]).0 as u32;
    let cleaned = cleaned.trim_matches('-');
    if cleaned.is_empty() {
        format!("quire-{hash:08x}")
    } else {
        format!("quire-{cleaned}-{hash:08x}")
    }
}

/// The colour as a tag path segment: lowercase ASCII letters, digits, `-`
/// and `_` (what Obsidian and most note apps accept in tags), `default` if
/// nothing is left.
pub fn colour_tag(colour: &str) -> String {
    let mut tag = String::new();
    for c in colour.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '_' {
            tag.push(c);
        } else if !tag.ends_with('-') {
            tag.push('-');
        }
    }
    let tag = tag.trim_matches('-');
    if tag.is_empty() { "default".to_string() } else { tag.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleKind, Block, Inline};

    fn para(text: &str) -> Block {
        Block::Paragraph(Inline::text(text).into())
    }

    #[test]
    fn section_starts_match_article_text() {
        let article = Article::new(
            "T".into(),
            ArticleKind::Article,
            vec![
                Section { heading: None, level: 2, blocks: vec![para("Lead.")] },
                Section { heading: Some("Empty".into()), level: 2, blocks: vec![Block::Rule] },
                Section { heading: None, level: 2, blocks: vec![] },
                Section { heading: Some("Body".into()), level: 3, blocks: vec![para("x y")] },
            ],
        );
        let text = article_text(&article);
        let starts = section_starts(&article);
        let at = |i: usize| text.chars().skip(starts[i]).collect::<String>();
        assert_eq!(starts[0], 0);
        assert!(at(1).starts_with("Empty"));
        assert!(at(2).starts_with("Body"));
        assert!(at(3).starts_with("Body\n\nx y"));
    }

    #[test]
    fn block_ids_are_obsidian_safe_and_distinct() {
        assert_eq!(block_id("h-01AB"), "quire-h-01AB");
        let a = block_id("a_b");
        let b = block_id("a.b");
        assert_ne!(a, b);
        assert!(a.starts_with("quire-a-b-"), "{a}");
        assert!(block_id("").starts_with("quire-"));
        for id in [a, b, block_id("日本"), block_id("--")] {
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{id}");
        }
    }

    #[test]
    fn colour_tags_are_cleaned() {
        assert_eq!(colour_tag("Yellow"), "yellow");
        assert_eq!(colour_tag(" light blue "), "light-blue");
        assert_eq!(colour_tag("#ff0000"), "ff0000");
        assert_eq!(colour_tag("  "), "default");
    }
}
