//! In-article find: incremental, every match highlighted, `n`/`N` with
//! wrap-around. Submitting and stepping put the reader's cursor on the
//! current match, so `v` starts a selection at the word that was found.

use super::geometry::reader_rows;
use super::pane::{Find, ReaderPane};
use super::reader::{reach, scroll_to, scroll_to_offset};
use super::{AppState, Command, Edit};
use crate::keymap::Context;
use crate::model::layout::line_for_offset;
use crate::model::search::{FindText, fold};
use crate::strings;

/// Lines kept above a match brought into view, for context.
const CONTEXT_LINES: usize = 2;

pub(super) fn start(r: &mut ReaderPane) {
    let text = FindText::of(&r.text);
    r.find = Some(Find { editing: true, origin: r.anchor, text, ..Find::default() });
}

/// Opens find already filled in from a library search: `matches` are the
/// query's matches in the article, and the one at `offset` (the hit) is
/// current and shown, so `n`/`N` step on from there.
pub(super) fn preset(
    state: &mut AppState,
    r: &mut ReaderPane,
    query: &str,
    matches: Vec<(usize, usize)>,
    offset: usize,
) {
    start(r);
    let Some(f) = r.find.as_mut() else { return };
    f.query = query.trim().to_string();
    f.editing = false;
    f.current = matches.iter().position(|m| m.1 > offset).or(first_from(&matches, offset));
    f.matches = matches;
    let at = f.current.and_then(|i| f.matches.get(i)).map_or(offset, |m| m.0);
    show(state, r, offset);
    r.cursor = Some(at);
}

pub(super) fn edit(state: &mut AppState, mut r: Box<ReaderPane>, e: Edit) -> Box<ReaderPane> {
    let Some(mut f) = r.find.take() else { return r };
    match e {
        Edit::Insert(c) => f.query.push(c),
        Edit::Backspace => {
            f.query.pop();
        }
        Edit::Submit => {
            f.editing = false;
            if f.matches.is_empty() {
                if !f.query.is_empty() {
                    state.status.message = Some(strings::not_found(&f.query));
                }
                return r;
            }
            // The cursor lands on the match, so `v` selects from there.
            r.cursor = f.current.and_then(|i| f.matches.get(i)).map(|m| m.0).or(r.cursor);
            r.find = Some(f);
            return r;
        }
        Edit::Cancel => {
            scroll_to_offset(state, &mut r, f.origin);
            r.anchor = f.origin;
            return r;
        }
    }
    f.matches = matches(&f.text, &r.text, &f.query);
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
    r
}

/// The first match at or after `offset`, wrapping to the first one.
fn first_from(matches: &[(usize, usize)], offset: usize) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    matches.iter().position(|m| m.0 >= offset).or(Some(0))
}

fn matches(find: &FindText, text: &str, query: &str) -> Vec<(usize, usize)> {
    let needle = fold(query);
    if needle.is_empty() {
        return Vec::new();
    }
    let len = needle.chars().count();
    find.offsets(text, &needle).into_iter().map(|s| (s, s + len)).collect()
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
    f.current = Some(to);
    let target = f.matches[to].0;
    if wrapped || count >= n {
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
