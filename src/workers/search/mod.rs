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
//! A panic while indexing or answering is caught: the worker says so in
//! one line, starts its index over with the document it was indexing
//! left empty, and answers the next query (the app's panic hook leaves
//! the terminal alone for this thread and the scan's).
//!
//! Given the library's roots and cache, the worker searches the library's
//! index file (`quire search`'s) instead of building its own: see [`file`].
//! Without one, huge documents are scanned at each query rather than
//! indexed ([`ScanPolicy::READER`]): a search typed just after opening one
//! answers at once, and the reader holds no postings for it.

mod file;
mod prepared;

use std::collections::{BTreeSet, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::model::document::Document;
use crate::model::search::scanned::{ScanPolicy, ScanRecord};
use crate::model::search::{Index, Query};
use crate::state::{Action, SearchRequest};
use crate::strings;
use file::{Docs, IndexFile, is_whole};
pub use prepared::Prepared;

/// The worker thread's name: the panic hook knows its panics are caught.
pub const THREAD: &str = "quire-search";

/// Most hits a library search returns.
pub const SEARCH_LIMIT: usize = 200;
/// Documents indexed between refreshes of the last query's results.
pub const REFRESH_EVERY: usize = 64;
/// Words indexed in one step: a huge document is indexed a part at a
/// time, so a query waits for one part (a few milliseconds), not for the
/// whole document (about a second for 100 MB).
const PART_WORDS: usize = 100_000;
/// Parts of one document indexed between refreshes of the last query's
/// results: its hits come in as its articles are indexed.
const REFRESH_PARTS: usize = 16;

enum Msg {
    UseIndexFile { roots: Vec<PathBuf>, cache_dir: PathBuf },
    UsePrepared(Prepared),
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
            .name(THREAD.into())
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

    /// Takes huge documents' scan records from `prepared` when they come,
    /// instead of making them (see [`Prepared`]).
    pub fn use_prepared(&self, prepared: Prepared) {
        let _ = self.tx.send(Msg::UsePrepared(prepared));
    }

    pub fn query(&self, request: SearchRequest) {
        let _ = self.tx.send(Msg::Query(request));
    }

    /// Searches the index file of `roots` in `cache_dir`, if they have
    /// one, instead of building an index (see [`file`]).
    pub fn use_index_file(&self, roots: Vec<PathBuf>, cache_dir: PathBuf) {
        let _ = self.tx.send(Msg::UseIndexFile { roots, cache_dir });
    }
}

struct Worker {
    index: Index,
    backlog: VecDeque<Arc<Document>>,
    next: Option<SearchRequest>,
    /// The last query answered, re-run as the index grows.
    last: Option<(SearchRequest, Query)>,
    added_since: usize,
    /// The library's index file, while it serves every search.
    file: Option<IndexFile>,
    docs: Docs,
    /// The document being indexed a part at a time, and its next article.
    part: Option<(Arc<Document>, usize)>,
    parts_since: usize,
    part_words: usize,
    /// Documents came or changed since the index file last answered.
    file_stale: bool,
    /// The document being indexed, while it is: the one a panic came from.
    indexing: Option<Arc<Document>>,
    /// Indexes part of a document ([`Index::add_part_with`]); injected so
    /// tests can make it fail.
    add_part: AddPart,
    /// Where huge documents' scan records wait, made before they came.
    prepared: Option<Prepared>,
    /// Positions of documents listed from their outlines and not yet
    /// whole ([`is_whole`]): indexed (for their numbering and titles) but
    /// not counted as searched, so a search typed during a warm start does
    /// not say it covered text it has not seen.
    listed: BTreeSet<usize>,
}

type AddPart = fn(&mut Index, &Arc<Document>, (usize, usize), Option<ScanRecord>) -> Option<usize>;

impl Default for Worker {
    fn default() -> Worker {
        Worker {
            index: Index::scanning(ScanPolicy::READER),
            backlog: VecDeque::new(),
            next: None,
            last: None,
            added_since: 0,
            file: None,
            docs: Docs::default(),
            part: None,
            parts_since: 0,
            part_words: PART_WORDS,
            file_stale: false,
            indexing: None,
            add_part: Index::add_part_with,
            prepared: None,
            listed: BTreeSet::new(),
        }
    }
}

impl Worker {
    fn run(mut self, rx: &Receiver<Msg>, reply: &dyn Fn(Action) -> bool) {
        loop {
            if self.backlog.is_empty() && self.part.is_none() && self.next.is_none() {
                match rx.recv() {
                    Ok(msg) => self.stash(msg),
                    Err(_) => return,
                }
            }
            while let Ok(msg) = rx.try_recv() {
                self.stash(msg);
            }
            match catch_unwind(AssertUnwindSafe(|| self.step(reply))) {
                Ok(true) => {}
                Ok(false) => return,
                Err(_) => {
                    if !self.recover(reply) {
                        return;
                    }
                }
            }
        }
    }

    /// A new query is answered first; else the last one again when the
    /// index file's documents changed or this index has grown. False once
    /// nobody listens.
    fn step(&mut self, reply: &dyn Fn(Action) -> bool) -> bool {
        let due = if let Some(request) = self.next.take() {
            let query = Query::parse_with(&request.query, request.matching);
            self.last = Some((request, query));
            self.added_since = 0;
            self.file_stale = false;
            true
        } else {
            std::mem::take(&mut self.file_stale) || self.index_next()
        };
        !(due && self.last.is_some()) || self.answer(reply)
    }

    /// After a panic: the index may be half-written, so it starts over
    /// from every document, the one being indexed left without articles
    /// (at its position: hits name documents by position). The last query
    /// is dropped, answered with nothing: it may be what failed, and it
    /// would fail again at every refresh. False once nobody listens.
    fn recover(&mut self, reply: &dyn Fn(Action) -> bool) -> bool {
        let broken = self.indexing.take();
        let is_broken = |d: &Arc<Document>| broken.as_ref().is_some_and(|b| Arc::ptr_eq(b, d));
        self.backlog = self
            .docs
            .latest
            .iter()
            .map(|d| if is_broken(d) { Arc::new(without_articles(d)) } else { d.clone() })
            .collect();
        (self.file, self.part, self.index) = (None, None, self.index.emptied());
        (self.added_since, self.parts_since, self.file_stale) = (0, 0, false);
        let answered = self.last.take().is_none_or(|(request, _)| {
            let generation = request.generation;
            reply(Action::SearchResults { generation, hits: Vec::new(), searched: 0 })
        });
        answered && reply(Action::Notice(strings::SEARCH_FAILED.into()))
    }

    /// Indexes the next part of the next document; whether the last
    /// query's results are due for a refresh.
    fn index_next(&mut self) -> bool {
        let next = self.part.take().or_else(|| Some((self.backlog.pop_front()?, 0)));
        let Some((doc, from)) = next else { return false };
        self.indexing = Some(doc.clone());
        let record = self.prepared.as_ref().filter(|_| from == 0).and_then(|p| p.take(&doc));
        let rest = (self.add_part)(&mut self.index, &doc, (from, self.part_words), record);
        self.indexing = None;
        if let Some(rest) = rest {
            self.part = Some((doc, rest));
            self.parts_since += 1;
            let due = self.parts_since >= REFRESH_PARTS;
            if due {
                self.parts_since = 0;
            }
            return due;
        }
        self.parts_since = 0;
        self.added_since += 1;
        let due = self.backlog.is_empty() || self.added_since >= REFRESH_EVERY;
        if due {
            self.added_since = 0;
        }
        due
    }

    fn stash(&mut self, msg: Msg) {
        match msg {
            Msg::UseIndexFile { roots, cache_dir } => {
                self.file = IndexFile::open(roots, &cache_dir);
                if self.file.is_some() {
                    self.backlog.clear();
                    self.part = None;
                    self.index = self.index.emptied();
                }
            }
            Msg::UsePrepared(prepared) => self.prepared = Some(prepared),
            Msg::Add(doc) => {
                self.mark_listed(self.docs.latest.len(), &doc);
                self.docs.add(doc.clone());
                match self.file {
                    Some(_) => {
                        self.file_stale = true;
                        // The file answers for it: its record would wait
                        // for as long as the document is open.
                        if let Some(prepared) = &self.prepared {
                            prepared.take(&doc);
                        }
                    }
                    None => self.backlog.push_back(doc),
                }
            }
            Msg::Replace(i, doc) => {
                self.mark_listed(i, &doc);
                self.docs.replace(i, doc.clone());
                match self.file {
                    Some(_) => self.file_stale = true,
                    None => self.rebuild(i, doc),
                }
            }
            Msg::Query(request) => self.next = Some(request),
        }
    }

    /// Notes whether the document at position `i` is an outline only.
    fn mark_listed(&mut self, i: usize, doc: &Document) {
        if is_whole(doc) {
            self.listed.remove(&i);
        } else {
            self.listed.insert(i);
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
        self.part = None;
        let emptied = self.index.emptied();
        let old = std::mem::replace(&mut self.index, emptied);
        let mut all: VecDeque<Arc<Document>> =
            (0..old.documents()).filter_map(|j| old.document(j).cloned()).collect();
        all.append(&mut self.backlog);
        if let Some(slot) = all.get_mut(i) {
            *slot = doc;
        }
        self.backlog = all;
    }

    fn answer(&mut self, reply: &dyn Fn(Action) -> bool) -> bool {
        let Some((request, query)) = self.last.take() else { return true };
        let (hits, searched) = match self.hits_in_file(&query, reply) {
            Some(hits) => (hits, self.docs.latest.len()),
            // A document indexed in part is not yet searched: the pane
            // keeps saying the search is partial until it is done.
            // Nor is a document listed from its outline.
            None => {
                let indexed = self.index.documents();
                let listed = self.listed.range(..indexed).count();
                let whole = indexed.saturating_sub(usize::from(self.part.is_some()) + listed);
                (self.index.search_query(&query, SEARCH_LIMIT), whole)
            }
        };
        let generation = request.generation;
        self.last = Some((request, query));
        reply(Action::SearchResults { generation, hits, searched })
    }

    /// Hits from the index file while it serves. One that had trouble
    /// stops, with its line of notice: every document is queued for this
    /// worker's own index.
    fn hits_in_file(
        &mut self,
        query: &Query,
        reply: &dyn Fn(Action) -> bool,
    ) -> Option<Vec<crate::model::search::Hit>> {
        match self.file.as_ref()?.serve(query, &self.docs) {
            Ok(hits) => Some(hits),
            Err(notice) => {
                reply(Action::Notice(notice));
                self.file = None;
                self.backlog = self.docs.latest.iter().cloned().collect();
                None
            }
        }
    }
}

/// `doc` with no articles: what the index keeps of a document whose
/// indexing failed.
fn without_articles(doc: &Document) -> Document {
    Document {
        id: doc.id,
        origin: doc.origin.clone(),
        title: doc.title.clone(),
        format: doc.format,
        articles: Vec::new(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
