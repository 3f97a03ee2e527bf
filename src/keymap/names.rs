//! The names a config file uses for commands and contexts.
//!
//! Command names are the snake_case form of [`Command`]; the match is
//! exhaustive so a new command cannot be added without a name.

use super::Context;
use crate::state::Command;

/// Every command, in the order suggestions are searched.
pub const ALL_COMMANDS: [Command; 50] = {
    use Command::*;
    [
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
        WordNext,
        WordBack,
        WordEnd,
        SentenceNext,
        SentenceBack,
        ParagraphNext,
        ParagraphBack,
        Visual,
        HighlightSentence,
        Highlights,
        Export,
        Colour1,
        Colour2,
        Colour3,
        Colour4,
        Colour5,
        Annotate,
        EditNote,
        CycleColour,
        Delete,
        Undo,
        Bookmark,
        BookmarkLabel,
        Bookmarks,
    ]
};

pub fn command_name(c: Command) -> &'static str {
    use Command::*;
    match c {
        Quit => "quit",
        Back => "back",
        Help => "help",
        Search => "search",
        Cancel => "cancel",
        Up => "up",
        Down => "down",
        Open => "open",
        First => "first",
        Last => "last",
        ToggleFold => "toggle_fold",
        ToggleRead => "toggle_read",
        ToggleHidden => "toggle_hidden",
        PageDown => "page_down",
        PageUp => "page_up",
        HalfDown => "half_down",
        HalfUp => "half_up",
        NextSection => "next_section",
        PrevSection => "prev_section",
        NextArticle => "next_article",
        PrevArticle => "prev_article",
        Contents => "contents",
        Find => "find",
        NextMatch => "next_match",
        PrevMatch => "prev_match",
        Links => "links",
        WordNext => "word_next",
        WordBack => "word_back",
        WordEnd => "word_end",
        SentenceNext => "sentence_next",
        SentenceBack => "sentence_back",
        ParagraphNext => "paragraph_next",
        ParagraphBack => "paragraph_back",
        Visual => "visual",
        HighlightSentence => "highlight_sentence",
        Highlights => "highlights",
        Export => "export",
        Colour1 => "colour_1",
        Colour2 => "colour_2",
        Colour3 => "colour_3",
        Colour4 => "colour_4",
        Colour5 => "colour_5",
        Annotate => "annotate",
        EditNote => "edit_note",
        CycleColour => "cycle_colour",
        Delete => "delete",
        Undo => "undo",
        Bookmark => "bookmark",
        BookmarkLabel => "bookmark_label",
        Bookmarks => "bookmarks",
    }
}

pub fn command_by_name(name: &str) -> Option<Command> {
    ALL_COMMANDS.into_iter().find(|&c| command_name(c) == name)
}

impl Context {
    /// The table name under `[keys]` in the config file.
    pub fn config_name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Reader => "reader",
            Context::Search => "search",
            Context::Overlay => "overlay",
            Context::Visual => "visual",
            Context::Highlights => "highlights",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = HashSet::new();
        for c in ALL_COMMANDS {
            assert_eq!(command_by_name(command_name(c)), Some(c));
            assert!(seen.insert(command_name(c)));
        }
        assert_eq!(command_by_name("PageDown"), None);
    }

    /// A command added to the default keys but not to `ALL_COMMANDS`
    /// could not be remapped.
    #[test]
    fn every_bound_command_has_a_config_name() {
        for &(_, _, command, _) in super::super::DEFAULT_KEYS {
            assert!(ALL_COMMANDS.contains(&command), "{command:?} missing from ALL_COMMANDS");
        }
    }
}
