//! The pure application state and its transitions.
//!
//! `update(&mut AppState, Action) -> Vec<Effect>` does no I/O: the runner in
//! `app.rs` performs the effects and feeds results back as actions. No
//! terminal or async types here, so every transition is a plain unit test.

mod action;
mod bookmarks;
mod effect;
mod find;
pub mod geometry;
pub mod highlights;
pub mod input;
mod list;
pub mod note;
mod overlay;
mod pane;
pub mod progress;
mod provisional;
mod reader;
pub mod reload;
mod search;
pub mod selection;
mod update;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Commands live with the keymap that names them; re-exported for the handlers.
pub use crate::keymap::Command;
pub use action::{Action, Edit, FoundBatch};
pub use bookmarks::BookmarkEntry;
pub use effect::{Effect, FindRequest, SearchRequest};
pub use overlay::{ContentsEntry, Overlay, contents_entries};
pub use pane::{
    ArticleRef, Find, FindProgress, ListPane, Pane, PaneKind, ReaderPane, Row, SearchPane,
};
pub use update::update;

use crate::keymap::{HelpSection, Keymap};
use crate::model::document::{Article, ContentId, Document};

/// Default width the reader wraps text to.
pub const DEFAULT_READING_WIDTH: u16 = 80;
/// Articles up to this many bytes are searched by find on the spot (a
/// few milliseconds at worst); longer ones by the find worker, so typing
/// never waits for a scan of a huge article.
pub const FIND_INLINE_MAX: usize = 1 << 20;

#[derive(Debug, Clone)]
pub struct AppState {
    /// Documents in load order; appended to, and replaced in place when
    /// their file changes.
    pub docs: Vec<Arc<Document>>,
    /// Documents whose file is gone from disk: kept in `docs` (indices
    /// name documents everywhere), left out of the list and of search.
    pub removed: std::collections::HashSet<usize>,
    pub pane: Pane,
    pub overlay: Option<Overlay>,
    pub status: Status,
    /// Reading progress per article, in memory for this session.
    pub progress: HashMap<ContentId, Progress>,
    /// Terminal size, columns then rows.
    pub size: (u16, u16),
    pub reading_width: u16,
    /// A pending count prefix (`5` of `5j`).
    pub count: Option<usize>,
    pub quitting: bool,
    /// Stretch prose lines to the full width (the `justify` option).
    pub justify: bool,
    /// What `E` writes (the `export_format` option).
    pub export_format: crate::export::Format,
    /// How search queries match (the `[search]` options); highlights in
    /// the reader use the same, so they mark what was found.
    pub matching: crate::model::search::Matching,
    /// The keys in use (defaults plus the config's remaps); hints in the
    /// status line name them.
    pub keymap: Arc<Keymap>,
    /// The help overlay's text, generated from `keymap`.
    pub help: Arc<Vec<HelpSection>>,
    /// Highlights of the loaded documents, placed for drawing.
    pub marks: highlights::Marks,
    /// Saved bookmarks, unsaved changes and what to restore.
    pub persist: progress::Persistence,
    /// Indices of documents shown from their first pages while the whole
    /// file loads (see `provisional`).
    pub provisional: BTreeSet<usize>,
    /// See [`FIND_INLINE_MAX`]; tests lower it to reach the worker's path.
    pub find_inline_max: usize,
    /// Numbers requests to workers, so late answers to old ones are
    /// known and dropped.
    generation: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// `(done, total)` while the library is loading.
    pub loading: Option<(usize, usize)>,
    /// `(done, total)` while listed documents are loaded whole (the list
    /// is complete; reading and search wait for the text).
    pub filling: Option<(usize, usize)>,
    /// Files that could not be loaded.
    pub failures: Vec<String>,
    /// A one-off message, cleared by the next key.
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Char offset of the top of the screen when last read.
    pub offset: usize,
    /// How far through, by lines seen.
    pub percent: u8,
    pub read: bool,
}

/// How an article reads in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadState {
    Unread,
    InProgress(u8),
    Read,
}

impl AppState {
    pub fn new(size: (u16, u16)) -> AppState {
        AppState {
            docs: Vec::new(),
            removed: std::collections::HashSet::new(),
            pane: Pane::List(ListPane::default()),
            overlay: None,
            status: Status::default(),
            progress: HashMap::new(),
            size,
            reading_width: DEFAULT_READING_WIDTH,
            count: None,
            quitting: false,
            justify: false,
            export_format: crate::export::Format::default(),
            matching: crate::model::search::Matching::default(),
            keymap: Arc::new(Keymap::default_keys()),
            help: Arc::new(Keymap::default_keys().help()),
            marks: highlights::Marks::default(),
            persist: progress::Persistence::default(),
            provisional: BTreeSet::new(),
            find_inline_max: FIND_INLINE_MAX,
            generation: 0,
        }
    }

    /// Uses `keymap` for input, help and hints.
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.help = Arc::new(keymap.help());
        self.keymap = Arc::new(keymap);
    }

    pub fn article(&self, at: ArticleRef) -> Option<&Article> {
        self.docs.get(at.doc)?.articles.get(at.article)
    }

    pub fn read_state(&self, article: &Article) -> ReadState {
        match self.progress.get(&article.id) {
            Some(p) if p.read => ReadState::Read,
            Some(p) if p.percent > 0 => ReadState::InProgress(p.percent),
            _ => ReadState::Unread,
        }
    }

    /// Whether typed characters go to a text field rather than the keymap.
    pub fn is_editing(&self) -> bool {
        if let Some(Overlay::Note(_) | Overlay::Label { .. }) = self.overlay {
            return true;
        }
        match &self.pane {
            Pane::Search(_) => self.overlay.is_none(),
            Pane::Reader(r) => self.overlay.is_none() && r.find.as_ref().is_some_and(|f| f.editing),
            Pane::List(_) => false,
        }
    }

    fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }
}
