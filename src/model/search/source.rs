//! What ranking and hits read from an index. The in-memory [`Index`] and
//! the persistent index's query view (`library::index`) both provide it,
//! so one ranking, one landing rule and one snippet maker serve both and
//! their answers cannot drift apart.
//!
//! [`Index`]: super::Index

use super::postings::Postings;

/// One indexed article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleMeta {
    /// Index of the document in the order documents were added.
    pub doc: u32,
    /// Index in `Document::articles`.
    pub article: u32,
    /// Tokens in the text: BM25's document length.
    pub len: u32,
}

pub trait Source {
    /// A term's id and posting list, by its index key (see
    /// [`super::query::Term::index_key`]).
    fn term(&self, key: &str) -> Option<(u32, &Postings)>;
    /// The posting list of a term id handed out by [`Source::term`].
    fn postings(&self, id: u32) -> Option<&Postings>;
    /// Ids of the marked forms of a folded or case-kept term.
    fn variants(&self, id: u32) -> &[u32];
    fn article(&self, id: u32) -> Option<ArticleMeta>;
    /// Articles indexed: BM25's collection size.
    fn article_count(&self) -> usize;
    /// Mean article length in tokens, at least 1.
    fn average_len(&self) -> f32;
    /// An article's title, for phrases in titles (not in the postings'
    /// positions, which cover the text only).
    fn article_title(&self, id: u32) -> Option<&str>;
}

/// BM25's mean length from the total and the count, computed one way for
/// every source so scores agree to the bit.
pub fn mean_len(total: u64, articles: usize) -> f32 {
    if articles == 0 {
        return 1.0;
    }
    (total as f64 / articles as f64).max(1.0) as f32
}
