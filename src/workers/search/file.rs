//! The library's index file, as the reader's search worker uses it.
//!
//! `quire search` keeps one index file per set of roots (see
//! [`crate::library::index`]). When the reader starts on roots that have
//! one, that file serves every search: the worker builds no index of its
//! own (for a 100 MB library, about 60 MB and a second of work saved),
//! and a search after files changed brings the file up to date first,
//! reading only what changed, as `quire search` does. Without a file (or
//! once it has had trouble) the worker builds its own index as the
//! documents load. The reader never creates the file: on a library never
//! searched from the command line that would be a second index build
//! beside the worker's own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::library::Catalogue;
use crate::library::display_safe;
use crate::library::index::{Asked, SearchIndex};
use crate::model::document::Document;
use crate::model::search::{Hit, Query};

use super::SEARCH_LIMIT;

pub(super) struct IndexFile {
    roots: Vec<PathBuf>,
    index: SearchIndex,
    catalogue: Catalogue,
}

impl IndexFile {
    /// The index file of `roots`, if they have one.
    pub fn open(roots: Vec<PathBuf>, cache_dir: &Path) -> Option<IndexFile> {
        let index = SearchIndex::open(cache_dir);
        index.exists_for(&roots).then(|| IndexFile {
            roots,
            index,
            catalogue: Catalogue::open(cache_dir),
        })
    }

    /// Hits from the file, brought up to date first; `Err` with the
    /// user's line of notice when the file had trouble (damaged and
    /// rebuilt, or not writable), and it should stop serving rather than
    /// be rebuilt on every search.
    pub fn serve(&self, query: &Query, docs: &Docs) -> Result<Vec<Hit>, String> {
        let asked = Asked { query, limit: SEARCH_LIMIT, catalogue: &self.catalogue };
        let answer = self.index.search_with(&self.roots, &asked, &|path| docs.at_hand(path));
        match answer.notice {
            Some(notice) => Err(notice),
            None => Ok(docs.place(answer.hits)),
        }
    }
}

/// The reader's documents by position, the newest version of each, and
/// the positions by origin: hits from the file name documents by path.
#[derive(Default)]
pub(super) struct Docs {
    pub latest: Vec<Arc<Document>>,
    positions: HashMap<String, usize>,
}

impl Docs {
    pub fn add(&mut self, doc: Arc<Document>) {
        self.positions.insert(doc.origin.clone(), self.latest.len());
        self.latest.push(doc);
    }

    pub fn replace(&mut self, i: usize, doc: Arc<Document>) {
        if let Some(slot) = self.latest.get_mut(i) {
            *slot = doc;
        }
    }

    /// The document loaded from `path`, if the reader holds it whole.
    fn at_hand(&self, path: &Path) -> Option<Arc<Document>> {
        let origin = display_safe(&path.to_string_lossy());
        let doc = self.latest.get(*self.positions.get(&origin)?)?;
        is_whole(doc).then(|| doc.clone())
    }

    /// Hits numbered by the reader's positions; hits on files the reader
    /// has not loaded (yet) are dropped.
    fn place(&self, mut hits: Vec<Hit>) -> Vec<Hit> {
        hits.retain_mut(|hit| {
            let Some(&at) = self.positions.get(&hit.path) else { return false };
            hit.doc = at;
            true
        });
        hits
    }
}

/// Not an outline listed from the cache before its text was read: every
/// article with words has text (the reader's own test).
pub(super) fn is_whole(doc: &Document) -> bool {
    doc.articles.iter().all(|a| a.words == 0 || a.sections.iter().any(|s| !s.blocks.is_empty()))
}
