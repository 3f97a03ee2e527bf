//! What can happen to the app: key-bound commands and everything else.

use std::sync::Arc;

use super::note::NoteKey;
use super::pane::FindProgress;
use crate::keymap::Command;
use crate::model::document::{ContentId, Document};
use crate::model::highlight::Highlight;
use crate::model::search::Hit;
use crate::state::progress::StoreAction;

/// Editing of a one-line text field (find prompt, search query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Submit,
    Cancel,
}

#[derive(Debug, Clone)]
pub enum Action {
    Command(Command),
    /// A digit of a count prefix (`5j`).
    Count(u8),
    Edit(Edit),
    Resize(u16, u16),
    /// Mouse wheel: positive scrolls down.
    Wheel(i32),
    /// A click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The background loader finished one document.
    Loaded(Arc<Document>),
    /// A document listed from its cached outline (no blocks yet): shown
    /// in the list at once; its whole version follows as `Filled`.
    Listed(Arc<Document>),
    /// The whole document for one `Listed` from the same `origin`.
    Filled(Arc<Document>),
    /// Listed documents loaded whole so far, in the background.
    FillProgress {
        done: usize,
        total: usize,
    },
    /// A loaded file is gone from disk (deleted, or moved away): names
    /// the `origin` of its document.
    Removed(String),
    /// The first pages of a huge file, segmented while the rest loads: shown
    /// at once, then replaced by the `Loaded` document from the same origin.
    LoadedPart(Arc<Document>),
    /// A loaded file changed on disk and was read again: replaces the
    /// document from the same `origin`.
    Reloaded(Arc<Document>),
    LoadProgress {
        done: usize,
        total: usize,
    },
    LoadFailed(String),
    LoadDone,
    /// Library search results for the query of `generation`, from an
    /// index holding the first `searched` documents.
    SearchResults {
        generation: u64,
        hits: Vec<Hit>,
        searched: usize,
    },
    /// In-article find matches from the find worker, in text order.
    FindMatches(FoundBatch),
    /// A one-line message for the status line (an opener failure, say).
    Notice(String),
    /// A document's highlights as the store has them now.
    HighlightsLoaded {
        doc: ContentId,
        highlights: Vec<Highlight>,
    },
    /// A key in the note editor.
    Note(NoteKey),
    /// A note's text back from `$EDITOR`.
    NoteText(String),
    /// What the bookmark store says: saved state, saves, errors.
    Store(StoreAction),
}

/// The next matches of a background find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundBatch {
    pub generation: u64,
    /// Char ranges, after those of earlier batches.
    pub matches: Vec<(usize, usize)>,
    /// Where the scan is after this batch.
    pub progress: FindProgress,
}

impl From<Command> for Action {
    fn from(c: Command) -> Action {
        Action::Command(c)
    }
}
