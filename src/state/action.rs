//! What can happen to the app: key-bound commands and everything else.

use std::sync::Arc;

use crate::model::document::Document;
use crate::model::search::Hit;
use crate::state::progress::StoreAction;

/// A command a key can be bound to. `Copy` and data-free so the keymap can
/// be one const table and a config file can name commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Back,
    Help,
    Search,
    Cancel,
    Up,
    Down,
    Open,
    First,
    Last,
    ToggleFold,
    ToggleRead,
    ToggleHidden,
    PageDown,
    PageUp,
    HalfDown,
    HalfUp,
    NextSection,
    PrevSection,
    NextArticle,
    PrevArticle,
    Contents,
    Find,
    NextMatch,
    PrevMatch,
    Links,
    /// Bookmark the top of the screen, or remove the one on screen.
    Bookmark,
    /// Bookmark with a label typed at a prompt.
    BookmarkLabel,
    /// The document's bookmarks.
    Bookmarks,
    /// Delete the selected entry (a bookmark).
    Delete,
}

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
    LoadProgress {
        done: usize,
        total: usize,
    },
    LoadFailed(String),
    LoadDone,
    SearchResults {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// A one-line message for the status line (an opener failure, say).
    Notice(String),
    /// What the bookmark store says: saved state, saves, errors.
    Store(StoreAction),
}

impl From<Command> for Action {
    fn from(c: Command) -> Action {
        Action::Command(c)
    }
}
