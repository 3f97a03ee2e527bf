#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Find, then select: after `/word` Enter and `n`/`N` the reader's cursor
//! is on the match, so `v` starts the selection there. Pure state-machine
//! tests in the style of `transitions.rs`.

use crate::common;

use quire::state::selection::{ReaderMode, cursor};
use quire::state::{Action, AppState, Command, Edit, Pane, ReaderPane};

use common::{run, state};

fn cmd(c: Command) -> Action {
    Action::Command(c)
}

fn typed(s: &str) -> Vec<Action> {
    s.chars().map(|c| Action::Edit(Edit::Insert(c))).collect()
}

fn reader(s: &AppState) -> &ReaderPane {
    match &s.pane {
        Pane::Reader(r) => r,
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}

/// The current match's start.
fn current(s: &AppState) -> usize {
    let f = reader(s).find.as_ref().unwrap();
    f.matches[f.current.unwrap()].0
}

fn found(word: &str) -> AppState {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::Find)]);
    run(&mut s, typed(word));
    run(&mut s, [Action::Edit(Edit::Submit)]);
    s
}

fn selected_text(s: &AppState) -> String {
    let r = reader(s);
    let (start, end) = r.mode.selection().unwrap();
    r.text.chars().skip(start).take(end - start).collect()
}

#[test]
fn enter_puts_the_cursor_on_the_match_and_v_selects_from_it() {
    let mut s = found("measure");
    let at = current(&s);
    assert!(at > 0, "the match is not at the top line's start");
    assert_eq!(cursor(reader(&s)), at);
    run(&mut s, [cmd(Command::Visual)]);
    assert_eq!(reader(&s).mode, ReaderMode::Visual { anchor: at, head: at });
    run(&mut s, [cmd(Command::WordEnd)]);
    assert_eq!(selected_text(&s).to_lowercase(), "measure");
}

#[test]
fn n_and_big_n_move_the_cursor_with_the_match() {
    let mut s = found("terminal");
    let matches = reader(&s).find.as_ref().unwrap().matches.clone();
    assert!(matches.len() >= 3, "{matches:?}");
    run(&mut s, [cmd(Command::NextMatch)]);
    assert_eq!(cursor(reader(&s)), matches[1].0);
    run(&mut s, [cmd(Command::NextMatch)]);
    assert_eq!(cursor(reader(&s)), matches[2].0);
    run(&mut s, [cmd(Command::PrevMatch)]);
    assert_eq!(cursor(reader(&s)), matches[1].0);
    run(&mut s, [cmd(Command::Visual), cmd(Command::WordEnd)]);
    assert_eq!(selected_text(&s).to_lowercase(), "terminal");
}

#[test]
fn wrapping_moves_the_cursor_to_the_last_match() {
    let mut s = found("terminal");
    let matches = reader(&s).find.as_ref().unwrap().matches.clone();
    run(&mut s, [cmd(Command::PrevMatch)]);
    assert_eq!(cursor(reader(&s)), matches[matches.len() - 1].0);
}

/// Near misses: what does not find anything leaves the cursor alone.
#[test]
fn cancel_and_not_found_leave_the_cursor_where_it_was() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open)]);
    let before = cursor(reader(&s));
    run(&mut s, [cmd(Command::Find)]);
    run(&mut s, typed("measure"));
    run(&mut s, [Action::Edit(Edit::Cancel)]);
    assert_eq!(cursor(reader(&s)), before);
    run(&mut s, [cmd(Command::Find)]);
    run(&mut s, typed("zzzz"));
    run(&mut s, [Action::Edit(Edit::Submit)]);
    assert_eq!(cursor(reader(&s)), before);
    run(&mut s, [cmd(Command::NextMatch)]);
    assert_eq!(cursor(reader(&s)), before, "n with no find moves nothing");
}

/// Scrolling after a find puts the cursor back on the top line, as any
/// scroll does: the match is only where `v` starts until the view moves.
#[test]
fn scrolling_after_find_returns_the_cursor_to_the_top_line() {
    let mut s = found("measure");
    run(&mut s, [cmd(Command::Down)]);
    let r = reader(&s);
    assert_eq!(cursor(r), r.layout.lines[r.top].offset);
}

#[test]
fn a_search_hit_puts_the_cursor_on_the_hit() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Search)]);
    run(&mut s, typed("the end"));
    run(&mut s, [cmd(Command::Open)]);
    assert_eq!(cursor(reader(&s)), current(&s));
}
