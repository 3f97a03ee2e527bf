//! The library search pane: query line, results, and `return_to`.

use super::geometry::{follow, search_slots};
use super::pane::{ArticleRef, ListPane, Pane, SearchPane};
use super::update::{refit as refit_pane, with_pane};
use super::{AppState, Command, Edit, Effect, SearchRequest, find, reader};
use crate::model::search::{Hit, Query};

pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    with_pane(state, |_, pane| match pane {
        Pane::Search(s) => (Pane::Search(s), Vec::new()),
        other => {
            let search = SearchPane {
                query: String::new(),
                hits: Vec::new(),
                selected: 0,
                scroll: 0,
                generation: 0,
                pending: false,
                searched: 0,
                return_to: Box::new(other),
            };
            (Pane::Search(search), Vec::new())
        }
    })
}

pub(super) fn edit(state: &mut AppState, mut s: SearchPane, e: Edit) -> (Pane, Vec<Effect>) {
    match e {
        Edit::Insert(c) => s.query.push(c),
        Edit::Backspace => {
            s.query.pop();
        }
        Edit::Submit => return open_hit(state, s),
        Edit::Cancel => return (refit_pane(state, *s.return_to), Vec::new()),
    }
    s.generation = state.next_generation();
    if s.query.trim().is_empty() {
        s.hits.clear();
        s.pending = false;
        return (Pane::Search(s), Vec::new());
    }
    s.pending = true;
    let request = SearchRequest {
        generation: s.generation,
        query: s.query.clone(),
        matching: state.matching,
    };
    (Pane::Search(s), vec![Effect::Search(request)])
}

pub(super) fn command(
    state: &mut AppState,
    mut s: SearchPane,
    c: Command,
    count: usize,
) -> (Pane, Vec<Effect>) {
    let last = s.hits.len().saturating_sub(1);
    match c {
        Command::Down => s.selected = (s.selected + count).min(last),
        Command::Up => s.selected = s.selected.saturating_sub(count),
        Command::First => s.selected = 0,
        Command::Last => s.selected = last,
        Command::Open => return open_hit(state, s),
        Command::Back | Command::Cancel => return (refit_pane(state, *s.return_to), Vec::new()),
        _ => {}
    }
    (Pane::Search(refit_search(state, s)), Vec::new())
}

/// Results for the current query replace the list; stale ones are
/// dropped. Results refreshed as more documents load keep the selected
/// hit selected.
pub(super) fn results(state: &mut AppState, generation: u64, hits: Vec<Hit>, searched: usize) {
    let size = state.size;
    let Pane::Search(s) = &mut state.pane else { return };
    if s.generation != generation {
        return;
    }
    let was = s.hits.get(s.selected).map(|h| (h.doc, h.article));
    let selected = was.and_then(|w| hits.iter().position(|h| (h.doc, h.article) == w)).unwrap_or(0);
    s.hits = hits;
    s.pending = false;
    s.searched = searched;
    s.selected = selected;
    s.scroll = follow(if selected == 0 { 0 } else { s.scroll }, selected, search_slots(size).1);
}

pub(super) fn refit(state: &AppState, s: SearchPane) -> SearchPane {
    refit_search(state, s)
}

fn refit_search(state: &AppState, mut s: SearchPane) -> SearchPane {
    s.scroll = follow(s.scroll, s.selected, search_slots(state.size).1);
    s
}

/// Opens the reader at the hit, with the query highlighted so `n` goes on
/// to the next occurrence.
fn open_hit(state: &mut AppState, s: SearchPane) -> (Pane, Vec<Effect>) {
    let Some(hit) = s.hits.get(s.selected) else { return (Pane::Search(s), Vec::new()) };
    let at = ArticleRef { doc: hit.doc, article: hit.article };
    let query = Query::parse_with(&s.query, state.matching);
    let list = list_of(*s.return_to);
    let mut pane = reader::open(state, at, list, Some(hit.offset));
    let effects = match &mut pane {
        Pane::Reader(r) => find::preset(state, r, &s.query, &query, hit.offset),
        _ => Vec::new(),
    };
    (pane, effects)
}

/// The list a reader opened from search goes back to.
fn list_of(pane: Pane) -> ListPane {
    match pane {
        Pane::List(l) => l,
        Pane::Reader(r) => r.list,
        Pane::Search(s) => list_of(*s.return_to),
    }
}
