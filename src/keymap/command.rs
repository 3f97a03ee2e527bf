//! The commands keys are bound to. They live with the keymap, which names
//! them; the state machine only interprets them.

use strum::{EnumIter, EnumString, IntoStaticStr};

/// A command a key can be bound to. `Copy` and data-free so the keymap can
/// be one const table and a config file can name commands. Its config
/// names are its snake_case variant names, derived (`strum`) so a new
/// command cannot be added without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr, EnumString)]
#[strum(serialize_all = "snake_case")]
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
    #[strum(serialize = "colour_1")]
    Colour1,
    #[strum(serialize = "colour_2")]
    Colour2,
    #[strum(serialize = "colour_3")]
    Colour3,
    #[strum(serialize = "colour_4")]
    Colour4,
    #[strum(serialize = "colour_5")]
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
