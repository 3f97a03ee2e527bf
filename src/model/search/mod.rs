//! Library-wide full-text search: a ranked, in-memory inverted index.
//!
//! - [`tokenize`]: text → tokens, folded for case and diacritics; CJK by character.
//! - [`query`]: the query language (words ANDed, `"phrases"`, `-exclusions`, smart case)
//!   and the [`Matching`] options.
//! - [`marks`]: diacritic-sensitive lookups on the folded index.
//! - [`postings`]: varint posting lists with positions and char offsets.
//! - [`index`]: the index itself, extended one document at a time (and why
//!   it is our own rather than tantivy's).
//! - [`source`]: what ranking reads of an index, in memory or on disk.
//! - [`clauses`]: one clause's matches, a common word's read in place.
//! - [`rank`]: matching and BM25 scoring with title and heading boosts.
//! - [`scanned`]: huge documents searched by scanning, ranked as if indexed.
//! - [`hits`]: landing offsets, sections and snippets.
//! - [`matcher`]: where a query matches in a text, for highlights.
//! - [`find`]: in-article find, a window of text at a time.
//! - [`split`]: work over many articles or documents cut into one run per
//!   core, joined in order.
//!
//! Pure: no I/O. The app runs queries on a worker thread; the heaviest
//! work (building an index of a library, scanning a huge document) is
//! shared out over the cores inside one call by [`split`], and joined
//! before it returns, so no answer depends on how many cores there were.

pub mod clauses;
mod combine;
pub mod find;
pub mod hits;
pub mod index;
pub mod marks;
pub mod matcher;
pub mod postings;
pub mod query;
pub mod rank;
pub mod scanned;
pub mod source;
pub mod split;
pub mod tokenize;

use std::sync::Arc;

pub use combine::Parts;
pub use index::Index;
pub use matcher::match_ranges;
pub use query::{Matching, Query};
pub use source::Source;

use crate::model::document::{Article, Document};
use crate::model::text::{BLOCK_SEP, block_text};

/// One matching article, with where to land in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the document, in the order documents were indexed (the
    /// app's load order).
    pub doc: usize,
    /// Index of the article in `Document::articles`.
    pub article: usize,
    /// The document's path, for display.
    pub path: String,
    pub document_title: String,
    pub article_title: String,
    pub section: Option<String>,
    /// Char offset of the match in the article's canonical text.
    pub offset: usize,
    /// The match with some context, on one line.
    pub snippet: String,
    /// Char ranges of query matches within `snippet`.
    pub highlights: Vec<(usize, usize)>,
    pub score: f32,
}

impl Index {
    /// Ranked hits for a query string, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_query(&Query::parse(query), limit)
    }

    /// As [`Index::search`], with the config's matching options.
    pub fn search_with(&self, query: &str, how: Matching, limit: usize) -> Vec<Hit> {
        self.search_query(&Query::parse_with(query, how), limit)
    }

    pub fn search_query(&self, query: &Query, limit: usize) -> Vec<Hit> {
        if !self.scanned.is_empty() {
            return self.search_with_scanned(query, limit);
        }
        self.hits(query, &rank::rank(self, query, limit))
    }

    fn hits(&self, query: &Query, scored: &[rank::Scored]) -> Vec<Hit> {
        scored
            .iter()
            .filter_map(|s| hits::hit(self, query, s, self.article_doc(s.article)?.1))
            .collect()
    }
}

/// Indexes `docs` and searches them once: for tests and one-off use.
pub fn search(docs: &[Arc<Document>], query: &str, limit: usize) -> Vec<Hit> {
    let mut index = Index::new();
    for doc in docs {
        index.add(doc.clone());
    }
    index.search(query, limit)
}

/// Lower-cases char by char, keeping the char count, so offsets into the
/// folded text are offsets into the original. Runs of ASCII (most of any
/// English text) are copied and lowered as bytes: char by char, opening
/// find on a 100 MB article took over a second on the UI thread.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] appended to `out`, so a reused buffer folds text piece by piece.
pub fn fold_into(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = crate::model::scan::ascii::ascii_prefix_len(rest.as_bytes());
        let (run, tail) = rest.split_at(ascii);
        let start = out.len();
        out.push_str(run);
        out[start..].make_ascii_lowercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(fold_char(c));
        }
        rest = chars.as_str();
    }
}

fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
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

#[cfg(test)]
mod tests;
