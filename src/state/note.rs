//! The note editor: a small multi-line text area in an overlay.
//!
//! Keys: typing inserts, Enter starts a new line, Backspace and the arrows
//! work as expected, `ctrl-s` saves, `ctrl-e` hands the text to `$EDITOR`,
//! and `Esc` closes; with unsaved changes the first `Esc` only asks, a
//! second one discards. A highlight made with `a` is saved either way:
//! with the note on `ctrl-s`, without it on `Esc`.

use super::highlights::NewHighlight;
use super::progress::StoreEffect;
use super::{AppState, Effect, Overlay};
use crate::keymap::{Code, Key};
use crate::model::document::ContentId;
use crate::strings;

/// What the note belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    /// A selection not saved yet (`a`).
    New(NewHighlight),
    Existing {
        doc: ContentId,
        id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    pub target: NoteTarget,
    /// Never empty: an empty note is one empty line.
    pub lines: Vec<String>,
    /// Cursor line and char column.
    pub row: usize,
    pub col: usize,
    original: String,
    /// `Esc` was pressed once with unsaved changes.
    pub confirm: bool,
}

/// Keys the editor understands (they bypass the keymap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKey {
    Insert(char),
    Newline,
    Backspace,
    Left,
    Right,
    Up,
    Down,
    Save,
    Cancel,
    External,
}

pub fn key(k: Key) -> Option<NoteKey> {
    if k == Key::ctrl('s') {
        return Some(NoteKey::Save);
    }
    if k == Key::ctrl('e') {
        return Some(NoteKey::External);
    }
    if k.ctrl || k.alt {
        return None;
    }
    Some(match k.code {
        Code::Char(c) => NoteKey::Insert(c),
        Code::Enter => NoteKey::Newline,
        Code::Backspace => NoteKey::Backspace,
        Code::Left => NoteKey::Left,
        Code::Right => NoteKey::Right,
        Code::Up => NoteKey::Up,
        Code::Down => NoteKey::Down,
        Code::Esc => NoteKey::Cancel,
        _ => return None,
    })
}

impl NoteEditor {
    pub fn new(target: NoteTarget, note: Option<String>) -> NoteEditor {
        let original = note.unwrap_or_default();
        let mut e = NoteEditor {
            target,
            lines: Vec::new(),
            row: 0,
            col: 0,
            original: original.clone(),
            confirm: false,
        };
        e.set_text(&original);
        e
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Replaces the text, cursor at its end.
    fn set_text(&mut self, text: &str) {
        self.lines = text.split('\n').map(str::to_string).collect();
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].chars().count();
    }

    fn byte(&self) -> usize {
        let line = &self.lines[self.row];
        line.char_indices().nth(self.col).map_or(line.len(), |(b, _)| b)
    }

    fn line_len(&self, row: usize) -> usize {
        self.lines.get(row).map_or(0, |l| l.chars().count())
    }

    fn apply(&mut self, k: NoteKey) {
        match k {
            NoteKey::Insert(c) => {
                let at = self.byte();
                self.lines[self.row].insert(at, c);
                self.col += 1;
            }
            NoteKey::Newline => {
                let at = self.byte();
                let rest = self.lines[self.row].split_off(at);
                self.lines.insert(self.row + 1, rest);
                (self.row, self.col) = (self.row + 1, 0);
            }
            NoteKey::Backspace if self.col > 0 => {
                self.col -= 1;
                let at = self.byte();
                self.lines[self.row].remove(at);
            }
            NoteKey::Backspace if self.row > 0 => {
                let line = self.lines.remove(self.row);
                self.row -= 1;
                self.col = self.line_len(self.row);
                self.lines[self.row].push_str(&line);
            }
            NoteKey::Left if self.col > 0 => self.col -= 1,
            NoteKey::Right => self.col = (self.col + 1).min(self.line_len(self.row)),
            NoteKey::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.line_len(self.row));
            }
            NoteKey::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.line_len(self.row));
            }
            _ => {}
        }
    }
}

/// A key in the note editor.
pub(super) fn edit(state: &mut AppState, k: NoteKey) -> Vec<Effect> {
    let Some(Overlay::Note(mut e)) = state.overlay.take() else { return Vec::new() };
    match k {
        NoteKey::Save => return close(state, *e, true),
        NoteKey::Cancel if e.confirm || e.text() == e.original => return close(state, *e, false),
        NoteKey::Cancel => {
            e.confirm = true;
            state.status.message = Some(strings::NOTE_UNSAVED.into());
        }
        NoteKey::External => {
            let text = e.text();
            state.overlay = Some(Overlay::Note(e));
            return vec![Effect::EditNote { text }];
        }
        other => {
            e.confirm = false;
            state.status.message = None;
            e.apply(other);
        }
    }
    state.overlay = Some(Overlay::Note(e));
    Vec::new()
}

/// The text back from `$EDITOR`.
pub(super) fn external(state: &mut AppState, text: &str) {
    if let Some(Overlay::Note(e)) = &mut state.overlay {
        e.set_text(text.trim_end_matches('\n'));
        e.confirm = false;
    }
}

/// Saves the note (or, cancelling, saves a new highlight without one).
fn close(state: &mut AppState, e: NoteEditor, save: bool) -> Vec<Effect> {
    let text = e.text();
    let note = Some(text.trim_end().to_string()).filter(|t| !t.trim().is_empty());
    state.status.message =
        Some(if save { strings::NOTE_SAVED } else { strings::HIGHLIGHTED }.into());
    let effect = match (e.target, save) {
        (NoteTarget::New(new), true) => StoreEffect::AddHighlight(NewHighlight { note, ..new }),
        (NoteTarget::New(new), false) => StoreEffect::AddHighlight(new),
        (NoteTarget::Existing { doc, id }, true) => StoreEffect::SetNote { doc, id, note },
        (NoteTarget::Existing { .. }, false) => {
            state.status.message = None;
            return Vec::new();
        }
    };
    vec![Effect::Store(effect)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(text: &str) -> NoteEditor {
        NoteEditor::new(
            NoteTarget::Existing { doc: ContentId(1), id: "h".into() },
            Some(text.into()),
        )
    }

    #[test]
    fn typing_newlines_backspace_and_arrows() {
        let mut e = editor("ab");
        for k in [NoteKey::Left, NoteKey::Insert('é'), NoteKey::Newline, NoteKey::Insert('x')] {
            e.apply(k);
        }
        assert_eq!(e.text(), "aé\nxb");
        e.apply(NoteKey::Up);
        e.apply(NoteKey::Right);
        e.apply(NoteKey::Right);
        e.apply(NoteKey::Down);
        for _ in 0..3 {
            e.apply(NoteKey::Backspace);
        }
        assert_eq!(e.text(), "aé");
        assert_eq!((e.row, e.col), (0, 2));
    }
}
