//! Key → action: text fields first, then count digits, then the keymap.

use super::selection::ReaderMode;
use super::{Action, AppState, Command, Edit, Overlay, Pane, note};
use crate::keymap::{Code, Context, Key, Keymap};

pub fn context(state: &AppState) -> Context {
    match (&state.overlay, &state.pane) {
        (Some(Overlay::Highlights { .. }), _) => return Context::Highlights,
        (Some(_), _) => return Context::Overlay,
        _ => {}
    }
    match &state.pane {
        Pane::List(_) => Context::List,
        Pane::Reader(r) if matches!(r.mode, ReaderMode::Visual { .. }) => Context::Visual,
        Pane::Reader(_) => Context::Reader,
        Pane::Search(_) => Context::Search,
    }
}

pub fn translate(state: &AppState, keymap: &Keymap, key: Key) -> Option<Action> {
    if key == Key::ctrl('c') {
        return Some(Action::Command(Command::Quit));
    }
    if let Some(Overlay::Note(_)) = state.overlay {
        return note::key(key).map(Action::Note);
    }
    let ctx = context(state);
    if state.is_editing()
        && let Some(edit) = text_edit(key)
    {
        return Some(match (edit, &state.pane) {
            (Edit::Submit, Pane::Search(_)) => Action::Command(Command::Open),
            _ => Action::Edit(edit),
        });
    }
    if let Code::Char(d @ '0'..='9') = key.code
        && !key.ctrl
        && !key.alt
        && (d != '0' || state.count.is_some())
        && !matches!(ctx, Context::Search | Context::Visual | Context::Highlights)
    {
        return Some(Action::Count(d as u8 - b'0'));
    }
    keymap.lookup(ctx, key).map(Action::Command)
}

fn text_edit(key: Key) -> Option<Edit> {
    if key.ctrl || key.alt {
        return None;
    }
    match key.code {
        Code::Char(c) => Some(Edit::Insert(c)),
        Code::Backspace => Some(Edit::Backspace),
        Code::Enter => Some(Edit::Submit),
        Code::Esc => Some(Edit::Cancel),
        _ => None,
    }
}
