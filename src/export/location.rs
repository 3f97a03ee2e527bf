//! Kindle-style locations: stable whole numbers for a place in a document.
//!
//! A Kindle numbers its books in "locations" of roughly 150 bytes; tools
//! that import clippings sort and link by them. quire has no pages, so a
//! location is derived from the text alone: the document's text is every
//! article's canonical text ([`article_text`]) in file order, each followed
//! by the two-char block separator, and location `n` (from 1) covers chars
//! `(n - 1) * 150 .. n * 150` of it. The same file therefore always gives
//! the same numbers, whatever the terminal, the config or the export time.

use super::resolve::{Entry, Resolved};
use crate::model::text::{BLOCK_SEP, article_text};

/// Chars of document text per location.
pub const CHARS_PER_LOCATION: usize = 150;

/// Where each article starts in the document's text, in chars.
pub fn article_starts(resolved: &Resolved<'_>) -> Vec<usize> {
    let sep = BLOCK_SEP.chars().count();
    let mut next = 0;
    resolved
        .document
        .articles
        .iter()
        .enumerate()
        .map(|(i, article)| {
            let start = next;
            let known = resolved.lengths.get(i).copied().flatten();
            next += known.unwrap_or_else(|| article_text(article).chars().count()) + sep;
            start
        })
        .collect()
}

/// The first and last location an entry covers. A placed highlight uses
/// where it is now; a detached one where it was last seen (the stored
/// position, within its article when that still exists).
pub fn range(entry: &Entry<'_>, starts: &[usize]) -> (usize, usize) {
    let base = entry.article.and_then(|(i, _)| starts.get(i).copied()).unwrap_or(0);
    let (start, end) = match entry.place {
        Some(p) => (p.start, p.end),
        None => {
            let p = entry.highlight.anchor.position;
            (p.start, p.end.max(p.start))
        }
    };
    let last = (base + end).saturating_sub(1).max(base + start);
    (of(base + start), of(last))
}

/// The location holding char `offset` of the document's text.
pub fn of(offset: usize) -> usize {
    offset / CHARS_PER_LOCATION + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_from_one_per_block_of_chars() {
        assert_eq!(of(0), 1);
        assert_eq!(of(CHARS_PER_LOCATION - 1), 1);
        assert_eq!(of(CHARS_PER_LOCATION), 2);
        assert_eq!(of(10 * CHARS_PER_LOCATION + 3), 11);
    }
}
