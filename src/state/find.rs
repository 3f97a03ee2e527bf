//! In-article find: incremental, every match highlighted, `n`/`N` with
//! wrap-around. Submitting and stepping put the reader's cursor on the
//! current match, so `v` starts a selection at the word that was found.
//!
//! An article longer than [`AppState::find_inline_max`] is scanned by the
//! find worker: each keystroke asks for a new scan, and the matches come
//! back in batches (`found`), the first one at or after where find
//! started becoming current as soon as it arrives.

use std::sync::Arc;

use super::effect::FindRequest;
use super::geometry::reader_rows;
use super::pane::{Find, FindProgress, ReaderPane};
use super::reader::{reach, scroll_to, scroll_to_offset};
use super::{AppState, Command, Edit, Effect, FoundBatch};
use crate::keymap::Context;
use crate::model::layout::line_for_offset;
use crate::model::search::find::{FindScan, Sought};
use crate::model::search::{Query, match_ranges};
use crate::strings;

/// Lines kept above a match brought into view, for context.
const CONTEXT_LINES: usize = 2;

pub(super) fn start(r: &mut ReaderPane) {
    r.find = Some(Find { editing: true, origin: r.anchor, ..Find::default() });
}

/// Opens find already filled in from a library search: the query's
/// matches in the article, the one at `offset` (the hit) current and
/// shown, so `n`/`N` step on from there. In a long article the matches
/// come from the find worker; the hit is shown meanwhile.
pub(super) fn preset(
    state: &mut AppState,
    r: &mut ReaderPane,
    typed: &str,
    query: &Query,
    offset: usize,
) -> Vec<Effect> {
    r.find = Some(Find { query: typed.trim().to_string(), origin: offset, ..Find::default() });
    show(state, r, offset);
    r.cursor = Some(offset);
    let Some(f) = r.find.as_mut() else { return Vec::new() };
    if r.text.len() > state.find_inline_max {
        return ask_worker(state, &r.text, f, Sought::Query(query.clone()));
    }
    let matches = match_ranges(&r.text, 0, query);
    f.current = matches.iter().position(|m| m.1 > offset).or(first_from(&matches, offset));
    r.cursor = f.current.and_then(|i| matches.get(i)).map(|m| m.0).or(r.cursor);
    f.matches = matches;
    Vec::new()
}

pub(super) fn edit(
    state: &mut AppState,
    mut r: Box<ReaderPane>,
    e: Edit,
) -> (Box<ReaderPane>, Vec<Effect>) {
    let Some(mut f) = r.find.take() else { return (r, Vec::new()) };
    match e {
        Edit::Insert(c) => f.query.push(c),
        Edit::Backspace => {
            f.query.pop();
        }
        Edit::Submit => {
            submit(state, &mut r, f);
            return (r, Vec::new());
        }
        Edit::Cancel => {
            scroll_to_offset(state, &mut r, f.origin);
            r.anchor = f.origin;
            return (r, Vec::new());
        }
    }
    let effects = rescan(state, &r, &mut f);
    // Incremental: the first match at or after where find started.
    f.current = first_from(&f.matches, f.origin);
    let target = f.current.map(|i| f.matches[i].0);
    let origin = f.origin;
    r.find = Some(f);
    match target {
        Some(t) if !visible(state, &r, t) => show(state, &mut r, t),
        Some(_) => {}
        None => {
            scroll_to_offset(state, &mut r, origin);
            r.anchor = origin;
        }
    }
    (r, effects)
}

/// Enter: the prompt closes and the cursor goes to the current match. With
/// no match (and none still to come) find closes and says so.
fn submit(state: &mut AppState, r: &mut ReaderPane, mut f: Find) {
    f.editing = false;
    if f.matches.is_empty() && !f.progress.is_running() {
        if !f.query.is_empty() {
            state.status.message = Some(strings::not_found(&f.query));
        }
        return;
    }
    // The cursor lands on the match, so `v` selects from there.
    r.cursor = f.current.and_then(|i| f.matches.get(i)).map(|m| m.0).or(r.cursor);
    r.find = Some(f);
}

/// The matches of the edited query: found on the spot in a short article,
/// asked of the find worker in a long one.
fn rescan(state: &mut AppState, r: &ReaderPane, f: &mut Find) -> Vec<Effect> {
    if f.query.is_empty() || r.text.len() <= state.find_inline_max {
        let (matches, capped) = FindScan::all(r.text.clone(), &f.query);
        f.matches = matches;
        f.progress = FindProgress::finished(capped);
        return Vec::new();
    }
    f.matches = Vec::new();
    let sought = Sought::Text(f.query.clone());
    ask_worker(state, &r.text, f, sought)
}

/// Hands the find to the worker: its matches will come as batches.
fn ask_worker(
    state: &mut AppState,
    text: &Arc<String>,
    f: &mut Find,
    sought: Sought,
) -> Vec<Effect> {
    let generation = state.next_generation();
    f.progress = FindProgress::Running { generation, scanned: 0, len: text.len() };
    vec![Effect::Find(FindRequest { generation, text: text.clone(), sought })]
}

/// A batch from the find worker, if it answers the open find's query.
pub(super) fn found(state: &mut AppState, r: &mut ReaderPane, batch: FoundBatch) {
    let Some(f) = r.find.as_mut() else { return };
    match f.progress {
        FindProgress::Running { generation, .. } if generation == batch.generation => {}
        _ => return,
    }
    let before = f.matches.len();
    f.matches.extend(batch.matches);
    f.progress = batch.progress;
    let done = !f.progress.is_running();
    if f.current.is_some() {
        return;
    }
    let next = f.matches[before..].iter().position(|m| m.0 >= f.origin).map(|i| before + i);
    f.current = next.or_else(|| (done && !f.matches.is_empty()).then_some(0));
    let editing = f.editing;
    match f.current.map(|i| f.matches[i].0) {
        Some(target) => {
            if !visible(state, r, target) {
                show(state, r, target);
            }
            if !editing {
                r.cursor = Some(target);
            }
        }
        None if done && !editing => {
            state.status.message = Some(strings::not_found(&f.query));
            r.find = None;
        }
        None => {}
    }
}

/// The first match at or after `offset`, wrapping to the first one.
fn first_from(matches: &[(usize, usize)], offset: usize) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    matches.iter().position(|m| m.0 >= offset).or(Some(0))
}

pub(super) fn step(state: &mut AppState, r: &mut ReaderPane, count: usize, forward: bool) {
    let Some(f) = r.find.as_mut().filter(|f| !f.matches.is_empty()) else {
        let key = state.keymap.hint_key(Context::Reader, Command::Find);
        state.status.message = Some(strings::no_find(key.as_deref()));
        return;
    };
    let n = f.matches.len();
    let from = f.current.unwrap_or(0);
    let steps = count % n;
    let (to, wrapped) = if forward {
        ((from + steps) % n, from + steps >= n)
    } else {
        ((from + n - steps) % n, steps > from)
    };
    let wraps = wrapped || count >= n;
    if wraps && f.progress.is_running() {
        // Later matches may still come: wrapping now would skip them.
        state.status.message = Some(strings::FIND_STILL_SCANNING.into());
        return;
    }
    f.current = Some(to);
    let target = f.matches[to].0;
    if wraps {
        let msg = if forward { strings::WRAPPED_TO_TOP } else { strings::WRAPPED_TO_BOTTOM };
        state.status.message = Some(msg.into());
    }
    if !visible(state, r, target) {
        show(state, r, target);
    }
    r.cursor = Some(target);
}

fn visible(state: &AppState, r: &ReaderPane, offset: usize) -> bool {
    let (_, height) = reader_rows(state.size);
    let line = line_for_offset(&r.layout, offset);
    r.layout.span().contains(&offset) && line >= r.top && line < r.top + height
}

/// Scrolls so the match's line is near the top, with some context above.
fn show(state: &mut AppState, r: &mut ReaderPane, offset: usize) {
    reach(state, r, offset);
    let line = line_for_offset(&r.layout, offset);
    scroll_to(state, r, line.saturating_sub(CONTEXT_LINES));
}
