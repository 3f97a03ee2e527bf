//! The default keys, as one table: context, key notation, command and the
//! description shown in the `?` help overlay (which is generated from it).
//! The table is a contract documented in README.md ("Keys"); a test keeps the two
//! in step.

mod command;
mod names;
mod notation;
mod remap;

pub use command::Command;
pub use names::{all_commands, command_by_name, command_name};
pub use notation::{Code, Key};
pub use remap::{Rebind, RemapError, valid_actions};

/// Where a binding applies. `Global` applies everywhere that the more
/// specific context does not bind the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    List,
    Reader,
    Search,
    /// Help, contents, links and bookmarks overlays.
    Overlay,
    /// Selecting text to highlight (after `v`).
    Visual,
    /// The highlights overlay; keys it does not bind fall back to
    /// `Overlay`'s.
    Highlights,
}

impl Context {
    pub const ALL: [Context; 7] = [
        Context::Global,
        Context::List,
        Context::Reader,
        Context::Search,
        Context::Overlay,
        Context::Visual,
        Context::Highlights,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "List",
            Context::Reader => "Reader",
            Context::Search => "Search",
            Context::Overlay => "Overlays",
            Context::Visual => "Selection",
            Context::Highlights => "Highlights",
        }
    }

    /// Where a key this context does not bind is looked up next.
    fn parent(self) -> Option<Context> {
        match self {
            Context::Global => None,
            Context::Highlights => Some(Context::Overlay),
            _ => Some(Context::Global),
        }
    }
}

use Command as C;
use Context::{
    Global as G, Highlights as HL, List as L, Overlay as O, Reader as R, Search as S, Visual as V,
};

/// The default keymap.
pub const DEFAULT_KEYS: &[(Context, &str, Command, &str)] = &[
    (G, "?", C::Help, "show these keys"),
    (G, "q", C::Back, "back; quits from the list"),
    (G, "Q", C::Quit, "quit"),
    (G, "ctrl-c", C::Quit, "quit"),
    (G, "s", C::Search, "search the library"),
    (G, "esc", C::Cancel, "cancel or go back"),
    (L, "j", C::Down, "move down"),
    (L, "down", C::Down, "move down"),
    (L, "k", C::Up, "move up"),
    (L, "up", C::Up, "move up"),
    (L, "enter", C::Open, "open the article"),
    (L, "l", C::Open, "open the article"),
    (L, "right", C::Open, "open the article"),
    (L, "g", C::First, "first row"),
    (L, "G", C::Last, "last row"),
    (L, "tab", C::ToggleFold, "fold or unfold the document"),
    (L, "r", C::ToggleRead, "mark read or unread"),
    (L, "a", C::ToggleHidden, "show or hide ads and boilerplate"),
    (R, "j", C::Down, "line down"),
    (R, "down", C::Down, "line down"),
    (R, "k", C::Up, "line up"),
    (R, "up", C::Up, "line up"),
    (R, "space", C::PageDown, "page down"),
    (R, "PgDn", C::PageDown, "page down"),
    (R, "ctrl-f", C::PageDown, "page down"),
    (R, "b", C::PageUp, "page up"),
    (R, "PgUp", C::PageUp, "page up"),
    (R, "ctrl-b", C::PageUp, "page up"),
    (R, "ctrl-d", C::HalfDown, "half a page down"),
    (R, "ctrl-u", C::HalfUp, "half a page up"),
    (R, "g", C::First, "start of the article"),
    (R, "G", C::Last, "end of the article"),
    (R, "]", C::NextSection, "next section"),
    (R, "[", C::PrevSection, "previous section"),
    (R, "J", C::NextArticle, "next article"),
    (R, "K", C::PrevArticle, "previous article"),
    (R, "t", C::Contents, "contents"),
    (R, "/", C::Find, "find in the article"),
    (R, "n", C::NextMatch, "next match"),
    (R, "N", C::PrevMatch, "previous match"),
    (R, "o", C::Links, "list links to open"),
    (R, "v", C::Visual, "start selecting at the cursor"),
    (R, "H", C::HighlightSentence, "highlight the sentence at the cursor"),
    (R, "w", C::WordNext, "cursor to the next word"),
    (R, "e", C::WordEnd, "cursor to the end of the word"),
    (R, ")", C::SentenceNext, "cursor to the next sentence"),
    (R, "(", C::SentenceBack, "cursor to the previous sentence"),
    (R, "}", C::ParagraphNext, "cursor to the next paragraph"),
    (R, "{", C::ParagraphBack, "cursor to the previous paragraph"),
    (R, "\"", C::Highlights, "list the highlights of this document"),
    (R, "E", C::Export, "export this document's highlights"),
    (R, "m", C::Bookmark, "add or remove a bookmark here"),
    (R, "M", C::BookmarkLabel, "bookmark here with a label"),
    (R, "'", C::Bookmarks, "list the bookmarks of this document"),
    (R, "h", C::Back, "back to the list"),
    (R, "left", C::Back, "back to the list"),
    (S, "down", C::Down, "next result"),
    (S, "ctrl-n", C::Down, "next result"),
    (S, "up", C::Up, "previous result"),
    (S, "ctrl-p", C::Up, "previous result"),
    (S, "enter", C::Open, "open the result"),
    (O, "j", C::Down, "move down"),
    (O, "down", C::Down, "move down"),
    (O, "k", C::Up, "move up"),
    (O, "up", C::Up, "move up"),
    (O, "g", C::First, "first entry"),
    (O, "G", C::Last, "last entry"),
    (O, "enter", C::Open, "choose"),
    (O, "d", C::Delete, "delete the bookmark"),
    (O, "q", C::Cancel, "close"),
    (V, "w", C::WordNext, "extend to the next word"),
    (V, "b", C::WordBack, "extend back a word"),
    (V, "e", C::WordEnd, "extend to the end of the word"),
    (V, ")", C::SentenceNext, "extend to the end of the sentence"),
    (V, "(", C::SentenceBack, "extend back to the start of the sentence"),
    (V, "j", C::Down, "extend a line down"),
    (V, "down", C::Down, "extend a line down"),
    (V, "k", C::Up, "extend a line up"),
    (V, "up", C::Up, "extend a line up"),
    (V, "}", C::ParagraphNext, "extend to the end of the paragraph"),
    (V, "{", C::ParagraphBack, "extend back to the start of the paragraph"),
    (V, "enter", C::Open, "highlight in the default colour"),
    (V, "1", C::Colour1, "highlight in colour 1"),
    (V, "2", C::Colour2, "highlight in colour 2"),
    (V, "3", C::Colour3, "highlight in colour 3"),
    (V, "4", C::Colour4, "highlight in colour 4"),
    (V, "5", C::Colour5, "highlight in colour 5"),
    (V, "a", C::Annotate, "highlight and write a note"),
    (V, "q", C::Cancel, "cancel the selection"),
    (HL, "enter", C::Open, "jump to the highlight"),
    (HL, "n", C::EditNote, "edit the note"),
    (HL, "c", C::CycleColour, "next colour"),
    (HL, "1", C::Colour1, "colour 1"),
    (HL, "2", C::Colour2, "colour 2"),
    (HL, "3", C::Colour3, "colour 3"),
    (HL, "4", C::Colour4, "colour 4"),
    (HL, "5", C::Colour5, "colour 5"),
    (HL, "d", C::Delete, "delete the highlight"),
    (HL, "u", C::Undo, "undo the last delete"),
];

/// One binding: context, key, command and its help text.
type Binding = (Context, Key, Command, String);

/// Keys resolved per context: the defaults, or the defaults with a config
/// file's remaps applied ([`Keymap::with_remaps`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The built-in keymap. Every notation in the table is tested to parse.
    pub fn default_keys() -> Keymap {
        let bindings = DEFAULT_KEYS
            .iter()
            .filter_map(|&(ctx, n, cmd, desc)| Some((ctx, Key::parse(n).ok()?, cmd, desc.into())))
            .collect();
        Keymap { bindings }
    }

    /// The command for `key` in `context`, falling back to global keys.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Command> {
        let find = |ctx: Context| {
            self.bindings.iter().find(|(c, k, ..)| *c == ctx && *k == key).map(|b| b.2)
        };
        let mut ctx = Some(context);
        while let Some(c) = ctx {
            if let Some(command) = find(c) {
                return Some(command);
            }
            ctx = c.parent();
        }
        None
    }

    /// The keys bound to `command` in `context` itself, in table order.
    pub fn keys_for(&self, context: Context, command: Command) -> Vec<Key> {
        self.bindings.iter().filter(|b| b.0 == context && b.2 == command).map(|b| b.1).collect()
    }

    /// The key to mention in a hint (`? help`): the first one that runs
    /// the command in `context`, its own or a global one it does not shadow.
    pub fn hint_key(&self, context: Context, command: Command) -> Option<String> {
        let own = self.keys_for(context, command).into_iter().next();
        let global = || {
            self.keys_for(Context::Global, command)
                .into_iter()
                .find(|&k| self.lookup(context, k) == Some(command))
        };
        own.or_else(global).map(|k| k.to_string())
    }

    /// Help text: per context, each command once with all its keys.
    pub fn help(&self) -> Vec<HelpSection> {
        Context::ALL
            .iter()
            .map(|&ctx| {
                let mut entries: Vec<HelpEntry> = Vec::new();
                for (_, key, cmd, desc) in self.bindings.iter().filter(|b| b.0 == ctx) {
                    match entries.iter_mut().find(|e| e.command == *cmd) {
                        Some(e) => e.keys.push(key.to_string()),
                        None => entries.push(HelpEntry {
                            command: *cmd,
                            keys: vec![key.to_string()],
                            description: desc.clone(),
                        }),
                    }
                }
                HelpSection { title: ctx.title(), entries }
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub title: &'static str,
    pub entries: Vec<HelpEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub command: Command,
    pub keys: Vec<String>,
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_notation_parses() {
        for (_, n, ..) in DEFAULT_KEYS {
            assert!(Key::parse(n).is_ok(), "{n}");
        }
        assert_eq!(Keymap::default_keys().bindings.len(), DEFAULT_KEYS.len());
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let map = Keymap::default_keys();
        for (i, a) in map.bindings.iter().enumerate() {
            for b in &map.bindings[i + 1..] {
                assert!(!(a.0 == b.0 && a.1 == b.1), "{:?} {} bound twice", a.0, a.1);
            }
        }
    }

    #[test]
    fn context_keys_shadow_global_ones() {
        let map = Keymap::default_keys();
        assert_eq!(map.lookup(Context::Reader, Key::char('j')), Some(Command::Down));
        assert_eq!(map.lookup(Context::Reader, Key::char('q')), Some(Command::Back));
        assert_eq!(map.lookup(Context::Overlay, Key::char('q')), Some(Command::Cancel));
        assert_eq!(map.lookup(Context::List, Key::ctrl('c')), Some(Command::Quit));
        assert_eq!(map.lookup(Context::List, Key::char('z')), None);
    }

    /// The README's "Keys" section documents every binding, in its
    /// context's section and on the row with its description.
    #[test]
    fn readme_lists_every_binding() {
        let doc = include_str!("../../README.md");
        for &(ctx, notation, _, desc) in DEFAULT_KEYS {
            let start = doc.find(&format!("### {}", ctx.title())).unwrap();
            let section = &doc[start + 4..];
            let section = &section[..section.find("\n#").unwrap_or(section.len())];
            let row = section.lines().find(|l| l.contains(&format!("`{notation}`")));
            assert!(row.is_some_and(|r| r.contains(desc)), "{ctx:?} {notation} not in README");
        }
    }

    #[test]
    fn help_groups_keys_per_command() {
        let help = Keymap::default_keys().help();
        let reader = help.iter().find(|s| s.title == "Reader").unwrap();
        let page = reader.entries.iter().find(|e| e.command == Command::PageDown).unwrap();
        assert_eq!(page.keys, ["space", "PgDn", "ctrl-f"]);
    }
}
