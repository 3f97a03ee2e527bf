//! Library search, for now a case-insensitive substring scan.
//!
//! Kept behind [`search`] so a ranked index can replace it without the
//! search pane noticing.

use std::borrow::Borrow;

use crate::model::document::{Article, Document};
use crate::model::text::{BLOCK_SEP, block_text};

/// One place a query was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the document in the searched slice.
    pub doc: usize,
    /// Index of the article in `Document::articles`.
    pub article: usize,
    pub document_title: String,
    pub article_title: String,
    pub section: Option<String>,
    /// Char offset of the match in the article's canonical text.
    pub offset: usize,
    /// The match with a little context, on one line.
    pub snippet: String,
    /// Char range of the match within `snippet`.
    pub snippet_match: (usize, usize),
}

/// At most this many hits per article, so one long article cannot crowd
/// out the rest of the library.
const PER_ARTICLE: usize = 3;
const CONTEXT_BEFORE: usize = 30;
const CONTEXT_AFTER: usize = 60;

/// Finds `query` (case-insensitively) in every article's title and text.
pub fn search<D: Borrow<Document>>(docs: &[D], query: &str, limit: usize) -> Vec<Hit> {
    let needle = fold(query.trim());
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    for (di, doc) in docs.iter().enumerate() {
        let doc = doc.borrow();
        for (ai, article) in doc.articles.iter().enumerate() {
            search_article(doc, article, (di, ai), &needle, &mut hits);
            if hits.len() >= limit {
                hits.truncate(limit);
                return hits;
            }
        }
    }
    hits
}

fn search_article(
    doc: &Document,
    article: &Article,
    at: (usize, usize),
    needle: &str,
    hits: &mut Vec<Hit>,
) {
    let (text, starts) = text_with_sections(article);
    let folded = fold(&text);
    let mut found: Vec<usize> = char_offsets(&folded, needle).take(PER_ARTICLE).collect();
    if found.is_empty() && fold(&article.title).contains(needle) {
        found.push(0);
    }
    let needle_chars = needle.chars().count();
    for offset in found {
        let section = starts.partition_point(|&s| s <= offset).checked_sub(1);
        let (snippet, snippet_match) = snippet(&text, offset, needle_chars);
        hits.push(Hit {
            doc: at.0,
            article: at.1,
            document_title: doc.title.clone(),
            article_title: article.title.clone(),
            section: section.and_then(|i| article.sections.get(i)).and_then(|s| s.heading.clone()),
            offset,
            snippet,
            snippet_match,
        });
    }
}

/// Lower-cases char by char, keeping the char count, so offsets into the
/// folded text are offsets into the original.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Char offsets of every non-overlapping occurrence of `needle`.
pub fn char_offsets<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut chars = 0;
    let mut last_byte = 0;
    haystack.match_indices(needle).map(move |(byte, _)| {
        chars += haystack[last_byte..byte].chars().count();
        last_byte = byte;
        chars
    })
}

/// The canonical text (as `article_text` builds it) and the char offset
/// where each section starts.
pub fn text_with_sections(article: &Article) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut chars = 0;
    let mut starts = Vec::with_capacity(article.sections.len());
    for section in &article.sections {
        let mut start = None;
        let heading = section.heading.iter().cloned();
        for part in heading.chain(section.blocks.iter().map(block_text)) {
            if part.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str(BLOCK_SEP);
                chars += BLOCK_SEP.len();
            }
            start.get_or_insert(chars);
            text.push_str(&part);
            chars += part.chars().count();
        }
        starts.push(start.unwrap_or(chars));
    }
    (text, starts)
}

fn snippet(text: &str, offset: usize, len: usize) -> (String, (usize, usize)) {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .skip(offset.saturating_sub(CONTEXT_BEFORE))
        .take(CONTEXT_BEFORE + len + CONTEXT_AFTER)
        .collect();
    let lead = offset.min(CONTEXT_BEFORE);
    let snippet: String =
        chars.iter().map(|&(_, c)| if c.is_whitespace() { ' ' } else { c }).collect();
    (snippet, (lead, lead + len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{ArticleKind, Block, Format, Inline, Section};
    use crate::model::text::article_text;

    fn doc() -> Document {
        let section = |h: Option<&str>, t: &str| Section {
            heading: h.map(String::from),
            level: 2,
            blocks: vec![Block::Paragraph(vec![Inline::text(t)])],
        };
        let article = Article::new(
            "Ferris".into(),
            ArticleKind::Article,
            vec![section(None, "Intro text."), section(Some("Borrowing"), "The Borrow checker.")],
        );
        Document {
            id: article.id,
            origin: "x.md".into(),
            title: "Rust Monthly".into(),
            format: Format::Markdown,
            articles: vec![article],
            warnings: vec![],
        }
    }

    #[test]
    fn finds_case_insensitively_with_section_and_snippet() {
        let docs = [doc()];
        let hits = search(&docs, "BORROW", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].section.as_deref(), Some("Borrowing"));
        let text = article_text(&docs[0].articles[0]);
        let at: String = text.chars().skip(hits[1].offset).take(6).collect();
        assert_eq!(at, "Borrow");
        let (a, b) = hits[1].snippet_match;
        let m: String = hits[1].snippet.chars().skip(a).take(b - a).collect();
        assert_eq!(m, "Borrow");
    }

    #[test]
    fn title_matches_and_empty_queries() {
        let docs = [doc()];
        assert_eq!(search(&docs, "ferris", 10)[0].offset, 0);
        assert!(search(&docs, "  ", 10).is_empty());
        assert!(search(&docs, "absent", 10).is_empty());
    }

    #[test]
    fn section_text_matches_the_canonical_text() {
        let d = doc();
        let (text, starts) = text_with_sections(&d.articles[0]);
        assert_eq!(text, article_text(&d.articles[0]));
        assert_eq!(starts, [0, 13]);
    }

    #[test]
    fn folding_keeps_char_offsets() {
        assert_eq!(fold("İx").chars().count(), 2);
        assert_eq!(char_offsets("äb äb", "äb").collect::<Vec<_>>(), [0, 3]);
    }
}
