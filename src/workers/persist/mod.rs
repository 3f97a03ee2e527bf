//! The bookmark store in the runner: the glue between `state`'s store
//! effects and [`crate::store::Store`].
//!
//! Every store call runs in `spawn_blocking`, in order, one batch at a
//! time (a save of 10,000 highlights must not stall a keypress); the store
//! travels into the task and back. Reading positions are coalesced and
//! saved [`DEBOUNCE`] after the last move; bookmarks are saved at once; a
//! failed save is retried every [`RETRY`] while the changes stay in
//! memory. Time is tokio's, so tests pause and advance it.

pub mod highlights;
pub mod migrate;
mod worker;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::model::document::Document;
use crate::state::progress::{ProgressSave, StoreAction, StoreEffect, cursor_key};
use crate::state::{Action, AppState};
use crate::store::{Notice, Store, StoreError};
use worker::{HighlightOp, Op, Outcome};

/// How long after the last move a reading position is saved.
pub const DEBOUNCE: Duration = Duration::from_secs(2);
/// How soon a failed save is tried again.
pub const RETRY: Duration = Duration::from_secs(10);

/// Where the store is.
enum Slot {
    /// No store: it could not be opened (the notice saying so).
    Off(String),
    /// In a blocking task.
    Busy,
    Idle(Box<Store>),
}

/// How many saves wrote the file, and how many failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaveCount {
    pub written: usize,
    pub failed: usize,
}

/// A finished batch: the store coming back and what happened.
pub struct Done {
    store: Option<Box<Store>>,
    outcome: Outcome,
}

pub struct Persist {
    slot: Slot,
    /// Where `E` writes exports.
    export_dir: PathBuf,
    queue: Vec<Op>,
    /// Latest unsaved position per article.
    pending: BTreeMap<(usize, usize), (Arc<Document>, ProgressSave)>,
    deadline: Option<Instant>,
    /// The list cursor last handed to the store.
    cursor: Option<String>,
    done: (UnboundedSender<Done>, UnboundedReceiver<Done>),
    /// Saves that reached the disk and saves that failed, for tests to
    /// wait on.
    saves: watch::Sender<SaveCount>,
}

impl Persist {
    /// No store at all (tests of other things, or `--data-dir` unusable).
    pub fn off() -> Persist {
        Persist::with_slot(Slot::Off(String::new()))
    }

    /// No store, for a reason bookmark keys will show.
    pub fn unavailable(notice: String) -> Persist {
        Persist::with_slot(Slot::Off(notice))
    }

    fn with_slot(slot: Slot) -> Persist {
        Persist {
            slot,
            export_dir: std::env::temp_dir(),
            queue: Vec::new(),
            pending: BTreeMap::new(),
            deadline: None,
            cursor: None,
            done: unbounded_channel(),
            saves: watch::channel(SaveCount::default()).0,
        }
    }

    /// Opens the store in the background with `open` (usually
    /// [`Store::open`]); documents that load meanwhile wait their turn.
    /// `reopen` restores the last-read article too. Needs a tokio runtime.
    pub fn start<F>(open: F, reopen: bool) -> Persist
    where
        F: FnOnce() -> Result<(Store, Vec<Notice>), StoreError> + Send + 'static,
    {
        let persist = Persist::with_slot(Slot::Busy);
        let tx = persist.done.0.clone();
        tokio::task::spawn_blocking(move || {
            let (store, actions) = worker::open(open(), reopen);
            let _ = tx.send(Done { store, outcome: Outcome { actions, ..Outcome::default() } });
        });
        persist
    }

    /// Writes exports into `dir`.
    pub fn with_export_dir(mut self, dir: PathBuf) -> Persist {
        self.export_dir = dir;
        self
    }

    /// Counts saves, so tests can wait for one instead of sleeping.
    pub fn saves(&self) -> watch::Receiver<SaveCount> {
        self.saves.subscribe()
    }

    /// When the pending positions are due.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    fn enabled(&self) -> bool {
        !matches!(self.slot, Slot::Off(_))
    }

    /// A document arrived: its saved state will follow as an action.
    fn loaded(&mut self, doc: &Arc<Document>) {
        if self.enabled() {
            self.queue.push(Op::Lookup(doc.clone()));
        }
    }

    /// Takes a store effect; answers at once only when there is no store.
    pub fn effect(&mut self, effect: StoreEffect, docs: &[Arc<Document>]) -> Option<Action> {
        if let Slot::Off(reason) = &self.slot {
            return without_store(effect, reason);
        }
        match effect {
            StoreEffect::Progress(save) => {
                let doc = docs.get(save.at.doc)?.clone();
                self.pending.insert((save.at.doc, save.at.article), (doc, save));
                self.deadline = Some(Instant::now() + DEBOUNCE);
            }
            StoreEffect::AddBookmark(add) => {
                let doc = docs.get(add.at.doc)?.clone();
                self.queue.extend([Op::AddBookmark(doc, add), Op::Flush]);
            }
            StoreEffect::DeleteBookmark { doc, id } => {
                self.queue.extend([Op::DeleteBookmark { doc, id }, Op::Flush]);
            }
            StoreEffect::Lookup { doc } => self.loaded(docs.get(doc)?),
            StoreEffect::Replaced { doc, cursor } => {
                self.fire(cursor);
                self.loaded(docs.get(doc)?);
            }
            // Highlight changes and exports run at once, in order with
            // the rest, on the one store.
            effect => {
                let (docs, export_dir) = (docs.to_vec(), self.export_dir.clone());
                let op = HighlightOp { effect, docs, export_dir };
                self.queue.push(Op::Highlight(Box::new(op)));
            }
        }
        None
    }

    /// The debounce (or retry) is due: queue the positions, the list
    /// cursor (see [`cursor_key`]) and a save.
    pub fn fire(&mut self, cursor: Option<String>) {
        self.deadline = None;
        self.queue_save(cursor);
        self.kick();
    }

    fn queue_save(&mut self, key: Option<String>) {
        if !self.enabled() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        self.queue.extend(pending.into_values().map(|(doc, save)| Op::Progress(doc, save)));
        if key.is_some() && key != self.cursor {
            self.cursor.clone_from(&key);
            self.queue.extend(key.map(Op::Cursor));
        }
        self.queue.push(Op::Flush);
    }

    /// Starts the queued operations if the store is free.
    pub fn kick(&mut self) {
        if self.queue.is_empty() || !matches!(self.slot, Slot::Idle(_)) {
            return;
        }
        let Slot::Idle(mut store) = std::mem::replace(&mut self.slot, Slot::Busy) else { return };
        let ops = std::mem::take(&mut self.queue);
        let tx = self.done.0.clone();
        tokio::task::spawn_blocking(move || {
            let outcome = worker::run(&mut store, ops);
            let _ = tx.send(Done { store: Some(store), outcome });
        });
    }

    /// The next finished batch.
    pub async fn next(&mut self) -> Option<Done> {
        self.done.1.recv().await
    }

    /// Takes the store back; returns what the batch reported and starts
    /// the next one. A failed save is retried later.
    pub fn finished(&mut self, done: Done) -> Vec<Action> {
        self.slot = match done.store {
            Some(store) => Slot::Idle(store),
            None => Slot::Off(off_reason(&done.outcome.actions)),
        };
        let failed = usize::from(done.outcome.error.is_some());
        if done.outcome.wrote + failed > 0 {
            self.saves.send_modify(|n| {
                n.written += done.outcome.wrote;
                n.failed += failed;
            });
        }
        if done.outcome.error.is_some() && self.deadline.is_none() {
            self.deadline = Some(Instant::now() + RETRY);
        }
        self.kick();
        done.outcome.actions
    }

    /// Saves everything before quitting, waiting for it. Returns the
    /// actions to apply and, if the last save failed, why.
    pub async fn finish(&mut self, state: &AppState) -> (Vec<Action>, Option<String>) {
        let mut actions = Vec::new();
        let mut error = None;
        self.deadline = None;
        let mut saved = false;
        loop {
            if !saved && !matches!(self.slot, Slot::Busy) {
                self.queue_save(cursor_key(state));
                saved = true;
            }
            self.kick();
            if !matches!(self.slot, Slot::Busy) {
                return (actions, error);
            }
            let Some(done) = self.next().await else { return (actions, error) };
            error.clone_from(&done.outcome.error);
            actions.extend(self.finished(done));
            self.deadline = None;
        }
    }
}

/// With no store nothing is kept: a document has no saved highlights, and
/// changes the user makes are answered with why they are not kept.
fn without_store(effect: StoreEffect, reason: &str) -> Option<Action> {
    match effect {
        StoreEffect::LoadHighlights { doc } => {
            Some(Action::HighlightsLoaded { doc, highlights: Vec::new() })
        }
        StoreEffect::Progress(_) | StoreEffect::Lookup { .. } | StoreEffect::Replaced { .. } => {
            None
        }
        _ => (!reason.is_empty()).then(|| Action::Store(StoreAction::Notice(reason.to_string()))),
    }
}

/// The open failure, kept for notices when bookmarks cannot be saved.
fn off_reason(actions: &[Action]) -> String {
    actions
        .iter()
        .find_map(|a| match a {
            Action::Store(StoreAction::Notice(msg)) => Some(msg.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Resolves when `deadline` passes; never without one.
pub async fn due(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
