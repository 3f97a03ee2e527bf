//! The names a config file uses for commands and contexts.
//!
//! Command names are the snake_case form of [`Command`]; the match is
//! exhaustive so a new command cannot be added without a name.

use super::Context;
use strum::IntoEnumIterator;

use super::Command;

/// Every command, in declaration order (the order suggestions are searched).
pub fn all_commands() -> impl Iterator<Item = Command> {
    Command::iter()
}

pub fn command_name(c: Command) -> &'static str {
    c.into()
}

pub fn command_by_name(name: &str) -> Option<Command> {
    name.parse().ok()
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
        for c in all_commands() {
            assert_eq!(command_by_name(command_name(c)), Some(c));
            assert!(seen.insert(command_name(c)));
        }
        assert_eq!(command_by_name("PageDown"), None);
        assert_eq!(command_name(Command::Colour3), "colour_3");
        assert_eq!(command_name(Command::HighlightSentence), "highlight_sentence");
    }

    /// A command bound by default must be remappable by name.
    #[test]
    fn every_bound_command_has_a_config_name() {
        for &(_, _, command, _) in super::super::DEFAULT_KEYS {
            assert!(all_commands().any(|c| c == command), "{command:?} has no config name");
        }
    }
}
