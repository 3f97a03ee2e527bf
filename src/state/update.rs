//! The one entry point for transitions: global actions here, pane and
//! overlay commands in their own files.

use std::sync::Arc;

use super::{
    Action, AppState, Command, Edit, Effect, ListPane, Overlay, Pane, bookmarks, find, highlights,
    list, note, overlay, progress, provisional, reader, reload, search,
};
use crate::model::document::Document;
use crate::state::progress::StoreEffect;
use crate::strings;

/// Counts beyond this are typos, not intentions.
const MAX_COUNT: usize = 99_999;

pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    progress::before(state, &action);
    let mut effects = apply(state, action);
    progress::finish(state, &mut effects);
    effects
}

fn apply(state: &mut AppState, action: Action) -> Vec<Effect> {
    let count = match action {
        Action::Count(_) => None,
        _ => state.count.take(),
    };
    match action {
        Action::Count(d) => {
            let n = state.count.unwrap_or(0) * 10 + usize::from(d);
            state.count = Some(n.min(MAX_COUNT));
            Vec::new()
        }
        Action::Command(c) => {
            state.status.message = None;
            command(state, c, count.unwrap_or(1).max(1))
        }
        Action::Edit(e) => {
            state.status.message = None;
            edit(state, e)
        }
        Action::Resize(w, h) => {
            resize(state, (w, h));
            Vec::new()
        }
        Action::Wheel(lines) => wheel(state, lines),
        Action::Click { column, row } => {
            list::click(state, column, row);
            Vec::new()
        }
        Action::LoadedPart(doc) => {
            provisional::arrived(state, doc);
            Vec::new()
        }
        Action::Loaded(doc) => {
            let d = match provisional::completed(state, &doc) {
                Some(d) => d,
                None => loaded(state, doc.clone()),
            };
            let doc_id = doc.id;
            let lookup = StoreEffect::Lookup { doc: d };
            vec![
                Effect::Index(doc),
                Effect::Store(lookup),
                Effect::Store(StoreEffect::LoadHighlights { doc: doc_id }),
            ]
        }
        Action::Listed(doc) => {
            // Saved state and highlights are looked up once the text is
            // here (`Filled`): they anchor into it.
            loaded(state, doc.clone());
            vec![Effect::Index(doc)]
        }
        Action::Filled(doc) => reload::filled(state, doc),
        Action::Reloaded(doc) => reload::reloaded(state, doc),
        Action::Removed(origin) => reload::removed(state, &origin),
        Action::Note(k) => note::edit(state, k),
        Action::FindMatches(batch) => with_pane(state, |state, pane| match pane {
            Pane::Reader(mut r) => {
                find::found(state, &mut r, batch);
                (Pane::Reader(r), Vec::new())
            }
            other => (other, Vec::new()),
        }),
        other => background(state, other),
    }
}

/// Results from the runner that only change the status or the search.
fn background(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::LoadProgress { done, total } => state.status.loading = Some((done, total)),
        Action::FillProgress { done, total } => {
            state.status.filling = (done < total).then_some((done, total));
        }
        Action::LoadFailed(msg) => {
            provisional::withdraw(state);
            state.status.failures.push(msg);
        }
        Action::LoadDone => {
            provisional::withdraw(state);
            state.status.loading = None;
            if !state.status.failures.is_empty() {
                state.status.message = Some(strings::load_failures(&state.status.failures));
            }
        }
        Action::SearchResults { generation, hits, searched } => {
            search::results(state, generation, hits, searched);
        }
        Action::Notice(msg) => state.status.message = Some(msg),
        Action::HighlightsLoaded { doc, highlights } => {
            highlights::loaded(state, doc, highlights);
        }
        Action::NoteText(text) => note::external(state, &text),
        Action::Store(a) => return progress::on_store(state, a),
        _ => {}
    }
    Vec::new()
}

fn command(state: &mut AppState, c: Command, count: usize) -> Vec<Effect> {
    if c == Command::Quit {
        state.quitting = true;
        return vec![Effect::Quit];
    }
    if state.overlay.is_some() {
        return overlay::command(state, c, count);
    }
    match c {
        Command::Help => {
            state.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Command::Search => search::open(state),
        _ => with_pane(state, |state, pane| match pane {
            Pane::List(l) => list::command(state, l, c, count),
            Pane::Reader(r) => reader::command(state, r, c, count),
            Pane::Search(s) => search::command(state, s, c, count),
        }),
    }
}

fn edit(state: &mut AppState, e: Edit) -> Vec<Effect> {
    if let Some(Overlay::Label { .. }) = state.overlay {
        return bookmarks::edit(state, e);
    }
    with_pane(state, |state, pane| match pane {
        Pane::Reader(r) => {
            let (r, effects) = find::edit(state, r, e);
            (Pane::Reader(r), effects)
        }
        Pane::Search(s) => search::edit(state, s, e),
        other => (other, Vec::new()),
    })
}

/// Moves the pane out, lets a handler turn it into the next pane, and puts
/// that back: handlers see the rest of the state and own their pane.
pub(super) fn with_pane(
    state: &mut AppState,
    f: impl FnOnce(&mut AppState, Pane) -> (Pane, Vec<Effect>),
) -> Vec<Effect> {
    let pane = std::mem::replace(&mut state.pane, Pane::List(ListPane::default()));
    let (pane, effects) = f(state, pane);
    state.pane = pane;
    if effects.contains(&Effect::Quit) {
        state.quitting = true;
    }
    effects
}

fn resize(state: &mut AppState, size: (u16, u16)) {
    state.size = size;
    with_pane(state, |state, pane| (refit(state, pane), Vec::new()));
}

/// Brings a pane up to date with the terminal size (also used for panes
/// coming back from `return_to`, which may be stale).
pub(super) fn refit(state: &AppState, pane: Pane) -> Pane {
    match pane {
        Pane::List(l) => Pane::List(list::refit(state, l)),
        Pane::Reader(r) => Pane::Reader(reader::refit(state, r)),
        Pane::Search(mut s) => {
            s.return_to = Box::new(refit(state, *s.return_to));
            Pane::Search(search::refit(state, s))
        }
    }
}

fn wheel(state: &mut AppState, lines: i32) -> Vec<Effect> {
    if state.overlay.is_some() {
        return Vec::new();
    }
    let c = if lines > 0 { Command::Down } else { Command::Up };
    let n = lines.unsigned_abs() as usize;
    with_pane(state, |state, pane| match pane {
        Pane::List(l) => list::command(state, l, c, n),
        Pane::Reader(r) => reader::command(state, r, c, n),
        Pane::Search(s) => search::command(state, s, c, n),
    })
}

/// Appends a document; returns its index.
fn loaded(state: &mut AppState, doc: Arc<Document>) -> usize {
    state.docs.push(doc);
    let first = state.docs.len() == 1;
    with_pane(state, |state, pane| (list::library_changed(state, pane, first), Vec::new()));
    state.docs.len() - 1
}
