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

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::model::document::Document;
use crate::model::search::{Index, Query};
use crate::state::{Action, SearchRequest};

/// Most hits a library search returns.
pub const SEARCH_LIMIT: usize = 200;
/// Documents indexed between refreshes of the last query's results.
pub const REFRESH_EVERY: usize = 64;

enum Msg {
    Add(Arc<Document>),
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

    pub fn query(&self, request: SearchRequest) {
        let _ = self.tx.send(Msg::Query(request));
    }
}

#[derive(Default)]
struct Worker {
    index: Index,
    backlog: VecDeque<Arc<Document>>,
    next: Option<SearchRequest>,
    /// The last query answered, re-run as the index grows.
    last: Option<(SearchRequest, Query)>,
    added_since: usize,
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
            Msg::Add(doc) => self.backlog.push_back(doc),
            Msg::Query(request) => self.next = Some(request),
        }
    }

    fn answer(&self, reply: &dyn Fn(Action) -> bool) -> bool {
        let Some((request, query)) = &self.last else { return true };
        let hits = self.index.search_query(query, SEARCH_LIMIT);
        reply(Action::SearchResults {
            generation: request.generation,
            hits,
            searched: self.index.documents(),
        })
    }
}
