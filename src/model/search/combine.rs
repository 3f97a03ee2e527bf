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
use super::postings::Postings;
use super::source::ArticleMeta;
use super::split::{cores, in_weighed_parts};
use crate::model::document::Document;

/// A library's index built on every core, as the index file's merge
/// takes it: one index of every document, except that each term's list
/// is still in parts, one per run. Joining them copied half the postings
/// into memory just touched (25 to 33 ms of a 105 MB library's build,
/// mostly page faults) only for the merge to cut them into chunks again;
/// the merge reads the parts in turn instead.
#[derive(Debug, Default)]
pub struct Parts {
    index: Index,
    /// Per term id, the later runs' lists, each with the number of its
    /// first run article in the whole index.
    tails: Vec<Vec<(u32, Postings)>>,
}

impl Parts {
    /// Documents, articles, dictionary and variants of the whole index
    /// (its own lists are the first run's only: see [`Parts::lists`]).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// A term's list as parts: `(base, bytes)`, each part's articles
    /// numbered from 0, to be numbered from its base; in order.
    pub fn lists(&self, id: u32) -> Vec<(u32, &[u8])> {
        let first = self.index.postings.get(id as usize).map(|p| (0, &p.bytes[..]));
        let tails = self.tails.get(id as usize).into_iter().flatten();
        first.into_iter().chain(tails.map(|(base, p)| (*base, &p.bytes[..]))).collect()
    }

    /// The index with its lists joined: [`Index::add`] on each document
    /// in turn, byte for byte.
    pub fn joined(self) -> Index {
        let Parts { mut index, tails } = self;
        // Each appended list is dropped at once: the join holds little
        // more than the joined index.
        for (id, parts) in tails.into_iter().enumerate() {
            for (base, list) in parts {
                if let Some(here) = index.postings.get_mut(id) {
                    here.append(&list, base);
                }
            }
        }
        index
    }
}

impl From<Index> for Parts {
    fn from(index: Index) -> Parts {
        Parts { index, tails: Vec::new() }
    }
}

impl Index {
    /// Indexes `docs` in order, as [`Index::add`] on each would, on every
    /// core. Not for an index that scans huge documents: the reader's
    /// worker adds its documents one at a time as they load.
    pub fn of_documents(docs: &[Arc<Document>]) -> Index {
        Index::of_documents_in(docs, cores()).joined()
    }

    /// As [`Index::of_documents`], the lists left in parts.
    pub fn of_documents_in_parts(docs: &[Arc<Document>]) -> Parts {
        Index::of_documents_in(docs, cores())
    }

    /// As [`Index::of_documents_in_parts`], in at most `parts` runs
    /// whatever the cores (tests cut small libraries in several).
    pub fn of_documents_in(docs: &[Arc<Document>], parts: usize) -> Parts {
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
        let mut whole = Parts::from(runs.next().unwrap_or_default());
        runs.for_each(|run| whole.absorb(run));
        whole
    }
}

impl Parts {
    /// Puts `other`'s documents after the index's, its lists as parts.
    fn absorb(&mut self, other: Index) {
        let index = &mut self.index;
        let docs = u32::try_from(index.docs.len()).unwrap_or(u32::MAX);
        let articles = u32::try_from(index.articles.len()).unwrap_or(u32::MAX);
        index.docs.extend(other.docs);
        let moved = |m: &ArticleMeta| ArticleMeta { doc: m.doc.saturating_add(docs), ..*m };
        index.articles.extend(other.articles.iter().map(moved));
        index.total_len += other.total_len;
        // `other`'s term ids in its own order, which is the order it met
        // them: new terms get ids here in that order.
        let mut keys: Vec<(u32, Box<str>)> =
            other.dict.into_iter().map(|(k, id)| (id, k)).collect();
        keys.sort_unstable_by_key(|(id, _)| *id);
        let ids: Vec<u32> = keys.iter().map(|(_, key)| index.term_id(key)).collect();
        self.tails.resize_with(index.postings.len(), Vec::new);
        for (list, &id) in other.postings.into_iter().zip(&ids) {
            if list.df > 0
                && let Some(tail) = self.tails.get_mut(id as usize)
            {
                tail.push((articles, list));
            }
        }
        // Each base's list keeps the order its variants were met in.
        for (base, list) in other.variants {
            for variant in list {
                let (Some(&b), Some(&v)) = (ids.get(base as usize), ids.get(variant as usize))
                else {
                    continue;
                };
                index.add_variant(b, v);
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
