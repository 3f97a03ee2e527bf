//! The search worker: one thread that owns the library index, extends it
//! as documents load and answers queries, so neither indexing nor querying
//! ever runs on the UI thread.
//!
//! Why a single owner rather than a shared `RwLock<Index>` and
//! `spawn_blocking` per query: indexing and querying never contend for a
//! lock, queued queries collapse to the newest (older ones are already
//! stale), and a query jumps the queue of documents still to index, so
//! search answers at once on what is loaded so far. While documents keep
//! arriving, the last query is re-run every [`REFRESH_EVERY`] documents and
//! once the backlog is done, so its results fill in as the library loads.
//!
//! Until its own index holds the whole library, the worker answers from
//! the library's index file ([`crate::library::index`], written by
//! `quire search`) when that file is current for the library's roots: a
//! second start on a big library searches all of it at once instead of
//! what is indexed so far. A file that changed since sends it back to the
//! index being built.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::library::Catalogue;
use crate::library::display_safe;
use crate::library::index::{Asked, SearchIndex};
use crate::model::document::Document;
use crate::model::search::{Index, Query};
use crate::state::{Action, SearchRequest};

/// Most hits a library search returns.
pub const SEARCH_LIMIT: usize = 200;
/// Documents indexed between refreshes of the last query's results.
pub const REFRESH_EVERY: usize = 64;

enum Msg {
    UseIndexFile { roots: Vec<PathBuf>, cache_dir: PathBuf },
    Add(Arc<Document>),
    Replace(usize, Arc<Document>),
    Query(SearchRequest),
}

/// A handle to the worker; dropping it stops the thread.
pub struct Searcher {
    tx: Sender<Msg>,
}

impl Searcher {
    /// Starts the worker. `reply` delivers results and returns false once
    /// nobody listens, which stops the worker.
    pub fn spawn<F>(reply: F) -> std::io::Result<(Searcher, JoinHandle<()>)>
    where
        F: Fn(Action) -> bool + Send + 'static,
    {
        let (tx, rx) = channel();
        let handle = std::thread::Builder::new()
            .name("quire-search".into())
            .spawn(move || Worker::default().run(&rx, &reply))?;
        Ok((Searcher { tx }, handle))
    }

    /// Documents must be added in the app's load order: hits refer to
    /// documents by that position.
    pub fn add(&self, doc: Arc<Document>) {
        let _ = self.tx.send(Msg::Add(doc));
    }

    /// Puts a reloaded document at position `doc`. The index cannot drop
    /// one document's postings, so it is rebuilt in the background from
    /// the documents it holds; queries meanwhile answer on what is
    /// re-indexed so far, as while loading.
    pub fn replace(&self, doc: usize, document: Arc<Document>) {
        let _ = self.tx.send(Msg::Replace(doc, document));
    }

    pub fn query(&self, request: SearchRequest) {
        let _ = self.tx.send(Msg::Query(request));
    }

    /// Answers from the index file of `roots` in `cache_dir` while it is
    /// current and this worker's own index is not complete.
    pub fn use_index_file(&self, roots: Vec<PathBuf>, cache_dir: PathBuf) {
        let _ = self.tx.send(Msg::UseIndexFile { roots, cache_dir });
    }
}

/// The library's index file and what reading its hits needs.
struct IndexFile {
    roots: Vec<PathBuf>,
    index: SearchIndex,
    catalogue: Catalogue,
}

#[derive(Default)]
struct Worker {
    index: Index,
    backlog: VecDeque<Arc<Document>>,
    next: Option<SearchRequest>,
    /// The last query answered, re-run as the index grows.
    last: Option<(SearchRequest, Query)>,
    added_since: usize,
    file: Option<IndexFile>,
    /// Every document by position, the newest version of each (whether
    /// indexed or waiting), and the positions by origin: hits from the
    /// file name documents by path.
    latest: Vec<Arc<Document>>,
    positions: HashMap<String, usize>,
}

impl Worker {
    fn run(mut self, rx: &Receiver<Msg>, reply: &dyn Fn(Action) -> bool) {
        loop {
            if self.backlog.is_empty() && self.next.is_none() {
                match rx.recv() {
                    Ok(msg) => self.stash(msg),
                    Err(_) => return,
                }
            }
            while let Ok(msg) = rx.try_recv() {
                self.stash(msg);
            }
            if let Some(request) = self.next.take() {
                let query = Query::parse_with(&request.query, request.matching);
                self.last = Some((request, query));
                self.added_since = 0;
                if !self.answer(reply) {
                    return;
                }
            } else if let Some(doc) = self.backlog.pop_front() {
                self.index.add(doc);
                self.added_since += 1;
                let caught_up = self.backlog.is_empty();
                if caught_up || self.added_since >= REFRESH_EVERY {
                    if self.added_since > 0 && self.last.is_some() && !self.answer(reply) {
                        return;
                    }
                    self.added_since = 0;
                }
            }
        }
    }

    fn stash(&mut self, msg: Msg) {
        match msg {
            Msg::UseIndexFile { roots, cache_dir } => {
                let index = SearchIndex::open(&cache_dir);
                self.file =
                    Some(IndexFile { roots, index, catalogue: Catalogue::open(&cache_dir) });
            }
            Msg::Add(doc) => {
                self.positions.insert(doc.origin.clone(), self.latest.len());
                self.latest.push(doc.clone());
                self.backlog.push_back(doc);
            }
            Msg::Replace(i, doc) => {
                if let Some(slot) = self.latest.get_mut(i) {
                    *slot = doc.clone();
                }
                self.rebuild(i, doc);
            }
            Msg::Query(request) => self.next = Some(request),
        }
    }

    /// Puts `doc` at position `i`: in the backlog if it is not indexed
    /// yet (a library listed from outlines and then filled replaces
    /// thousands of documents in a burst: one rebuild, not one each);
    /// else every document is queued again on a fresh index.
    fn rebuild(&mut self, i: usize, doc: Arc<Document>) {
        let indexed = self.index.documents();
        if let Some(slot) = i.checked_sub(indexed).and_then(|at| self.backlog.get_mut(at)) {
            *slot = doc;
            return;
        }
        let old = std::mem::take(&mut self.index);
        let mut all: VecDeque<Arc<Document>> =
            (0..old.documents()).filter_map(|j| old.document(j).cloned()).collect();
        all.append(&mut self.backlog);
        if let Some(slot) = all.get_mut(i) {
            *slot = doc;
        }
        self.backlog = all;
    }

    fn answer(&self, reply: &dyn Fn(Action) -> bool) -> bool {
        let Some((request, query)) = &self.last else { return true };
        let (hits, searched) = match self.hits_in_file(query) {
            Some(hits) => (hits, self.latest.len()),
            None => (self.index.search_query(query, SEARCH_LIMIT), self.index.documents()),
        };
        reply(Action::SearchResults { generation: request.generation, hits, searched })
    }

    /// Hits from the index file, while this index is incomplete (documents
    /// wait, or some are outlines listed before their text came) and the
    /// file is current; positioned as the app numbers its documents.
    fn hits_in_file(&self, query: &Query) -> Option<Vec<crate::model::search::Hit>> {
        let file = self.file.as_ref()?;
        if self.backlog.is_empty() && self.latest.iter().all(|d| is_whole(d)) {
            return None;
        }
        let asked = Asked { query, limit: SEARCH_LIMIT, catalogue: &file.catalogue };
        let at_hand = |path: &Path| {
            let doc = self.latest.get(*self.positions.get(&origin_of(path))?)?;
            is_whole(doc).then(|| doc.clone())
        };
        let mut hits = file.index.search_as_is(&file.roots, &asked, &at_hand)?;
        hits.retain_mut(|hit| {
            let Some(&at) = self.positions.get(&hit.path) else { return false };
            hit.doc = at;
            true
        });
        Some(hits)
    }
}

/// The origin a document loaded from `path` has (see `library::load_file`).
fn origin_of(path: &Path) -> String {
    display_safe(&path.to_string_lossy())
}

/// Not an outline listed from the cache before its text was read: every
/// article with words has text (the reader's own test).
fn is_whole(doc: &Document) -> bool {
    doc.articles.iter().all(|a| a.words == 0 || a.sections.iter().any(|s| !s.blocks.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::loader::load;
    use crate::model::search::Hit;

    fn doc(text: &str) -> Arc<Document> {
        Arc::new(load("x.md", text.as_bytes()).unwrap())
    }

    /// The answer to `generation` once the whole library is indexed.
    fn settled(rx: &Receiver<Action>, generation: u64, total: usize) -> Vec<Hit> {
        loop {
            let Ok(Action::SearchResults { generation: g, hits, searched }) = rx.recv() else {
                panic!("the worker stopped")
            };
            if g == generation && searched == total {
                return hits;
            }
        }
    }

    #[test]
    fn a_replaced_document_is_found_by_its_new_text_only_at_its_position() {
        let (tx, rx) = channel();
        let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
        searcher.add(doc("alpha beta"));
        searcher.add(doc("beta gamma"));
        let query = |generation, q: &str| SearchRequest {
            generation,
            query: q.into(),
            matching: Default::default(),
        };
        searcher.query(query(1, "alpha"));
        assert_eq!(settled(&rx, 1, 2).len(), 1);
        searcher.replace(0, doc("delta gamma"));
        searcher.query(query(2, "alpha"));
        assert!(settled(&rx, 2, 2).is_empty(), "the old text is gone");
        searcher.query(query(3, "gamma"));
        let mut docs: Vec<usize> = settled(&rx, 3, 2).iter().map(|h| h.doc).collect();
        docs.sort_unstable();
        assert_eq!(docs, [0, 1]);
    }

    /// Outlines (listed from the cache, no text yet) make the worker's own
    /// index blind to body words; a current index file answers instead,
    /// its hits placed at the app's positions. Near miss: once a file
    /// changed on disk the file is not believed.
    #[test]
    fn an_incomplete_index_answers_from_a_current_index_file() {
        let dir = tempfile::tempdir().unwrap();
        let (root, cache) = (dir.path().join("lib"), dir.path().join("cache"));
        std::fs::create_dir_all(&root).unwrap();
        let texts = [
            ("a.md", "# Ferns\n\nA quillwort grows here.\n"),
            ("b.md", "# Moss\n\nDamp stones.\n"),
        ];
        let paths: Vec<PathBuf> = texts
            .iter()
            .map(|(name, text)| {
                let path = root.join(name);
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let catalogue = Catalogue::open(&cache);
        let query = Query::parse("quillwort");
        let roots = vec![root.clone()];
        SearchIndex::open(&cache).search(&roots, &catalogue, &query, 10);
        let (tx, rx) = channel();
        let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
        searcher.use_index_file(roots, cache.clone());
        // Listed in the other order: positions are the app's, not the file's.
        for path in paths.iter().rev() {
            let mut listed = crate::library::load_file(path).unwrap();
            listed.articles.iter_mut().for_each(|a| a.sections.clear());
            searcher.add(Arc::new(listed));
        }
        let request = |generation| SearchRequest {
            generation,
            query: "quillwort".into(),
            matching: Default::default(),
        };
        searcher.query(request(1));
        let hits = settled(&rx, 1, 2);
        assert_eq!(hits.iter().map(|h| (h.doc, h.article)).collect::<Vec<_>>(), [(1, 0)]);
        assert!(hits[0].snippet.contains("quillwort"));
        std::fs::write(&paths[1], "# Moss\n\nDry stones now.\n").unwrap();
        searcher.query(request(2));
        assert!(settled(&rx, 2, 2).is_empty(), "a stale file is not believed");
    }

    #[test]
    fn replacing_documents_not_yet_indexed_keeps_every_position() {
        let mut worker = Worker::default();
        for text in ["one alpha", "two beta", "three gamma"] {
            worker.stash(Msg::Add(doc(text)));
        }
        worker.index.add(worker.backlog.pop_front().unwrap());
        // Queued documents are swapped where they wait; an indexed one
        // sends everything back to the queue, in order.
        worker.stash(Msg::Replace(2, doc("three delta")));
        assert_eq!((worker.index.documents(), worker.backlog.len()), (1, 2));
        worker.stash(Msg::Replace(0, doc("one epsilon")));
        assert_eq!((worker.index.documents(), worker.backlog.len()), (0, 3));
        let texts: Vec<String> = worker
            .backlog
            .iter()
            .map(|d| crate::model::text::article_text(&d.articles[0]).trim().to_string())
            .collect();
        assert_eq!(texts, ["one epsilon", "two beta", "three delta"]);
    }
}
