//! What can happen to the app: key-bound commands and everything else.

use std::sync::Arc;

use super::note::NoteKey;
use crate::model::document::Document;
use crate::model::highlight::Highlight;
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
    /// Cursor (or, selecting, the selection's end) by word, sentence or
    /// paragraph.
    WordNext,
    WordBack,
    WordEnd,
    SentenceNext,
    SentenceBack,
    ParagraphNext,
    ParagraphBack,
    /// Start selecting at the cursor.
    Visual,
    /// Highlight the sentence under the cursor in one key.
    HighlightSentence,
    /// The document's highlights overlay.
    Highlights,
    /// Export the document's highlights to the export dir.
    Export,
    /// Save (or recolour) in the configured colour 1..5.
    Colour1,
    Colour2,
    Colour3,
    Colour4,
    Colour5,
    /// Save the selection and write a note for it.
    Annotate,
    EditNote,
    CycleColour,
    /// Delete the selected entry.
    Delete,
    /// Undo the last delete.
    Undo,
    /// Bookmark the top of the screen, or remove the one on screen.
    Bookmark,
    /// Bookmark with a label typed at a prompt.
    BookmarkLabel,
    /// The document's bookmarks.
    Bookmarks,
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
    /// A one-line message for the status line (an opener failure, say).
    Notice(String),
    /// A document's highlights as the store has them now.
    HighlightsLoaded {
        doc_id: String,
        highlights: Vec<Highlight>,
    },
    /// A key in the note editor.
    Note(NoteKey),
    /// A note's text back from `$EDITOR`.
    NoteText(String),
    /// What the bookmark store says: saved state, saves, errors.
    Store(StoreAction),
}

impl From<Command> for Action {
    fn from(c: Command) -> Action {
        Action::Command(c)
    }
}
