//! An index of many documents built on every core: each core indexes a
//! contiguous run of the documents into an index of its own, and the
//! runs' indexes are joined in order.
//!
//! Why: `quire search` builds (or rebuilds) a library's index file from
//! every document, and indexing is a second or more per 100 MB on one
//! core. A joined index is the one [`Index::add`] in order would build,
//! byte for byte: documents and articles are renumbered by the runs
//! before them, a term's list is appended with only its first article
//! coded again, and terms and variants new to the joined index come in
//! the order the run met them, as they would one document after another.

use std::sync::Arc;

use super::Index;
use super::source::ArticleMeta;
use super::split::{cores, in_weighed_parts};
use crate::model::document::Document;

impl Index {
    /// Indexes `docs` in order, as [`Index::add`] on each would, on every
    /// core. Not for an index that scans huge documents: the reader's
    /// worker adds its documents one at a time as they load.
    pub fn of_documents(docs: &[Arc<Document>]) -> Index {
        Index::of_documents_in(docs, cores())
    }

    pub(super) fn of_documents_in(docs: &[Arc<Document>], parts: usize) -> Index {
        let runs = in_weighed_parts(
            docs,
            parts,
            |doc| doc_words(doc),
            |run| {
                let mut index = Index::new();
                run.iter().for_each(|doc| index.add(doc.clone()));
                vec![index]
            },
        );
        let mut runs = runs.into_iter();
        let mut index = runs.next().unwrap_or_default();
        runs.for_each(|run| index.absorb(run));
        index
    }

    /// Puts `other`'s documents after this index's.
    fn absorb(&mut self, other: Index) {
        let docs = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
        let articles = u32::try_from(self.articles.len()).unwrap_or(u32::MAX);
        self.docs.extend(other.docs);
        let moved = |m: &ArticleMeta| ArticleMeta { doc: m.doc.saturating_add(docs), ..*m };
        self.articles.extend(other.articles.iter().map(moved));
        self.total_len += other.total_len;
        // `other`'s term ids in its own order, which is the order it met
        // them: new terms get ids here in that order.
        let mut keys: Vec<(u32, Box<str>)> =
            other.dict.into_iter().map(|(k, id)| (id, k)).collect();
        keys.sort_unstable_by_key(|(id, _)| *id);
        let ids: Vec<u32> = keys.iter().map(|(_, key)| self.term_id(key)).collect();
        // Each appended list is dropped at once: the join holds little
        // more than the joined index.
        for (list, &id) in other.postings.into_iter().zip(&ids) {
            if let Some(here) = self.postings.get_mut(id as usize) {
                here.append(&list, articles);
            }
        }
        // Each base's list keeps the order its variants were met in.
        for (base, list) in other.variants {
            for variant in list {
                let (Some(&b), Some(&v)) = (ids.get(base as usize), ids.get(variant as usize))
                else {
                    continue;
                };
                self.add_variant(b, v);
            }
        }
    }
}

/// A document's weight in the work of indexing it: the words of its
/// articles.
fn doc_words(doc: &Document) -> usize {
    doc.articles.iter().map(|a| a.words).sum()
}

#[cfg(test)]
#[path = "combine_tests.rs"]
mod tests;
