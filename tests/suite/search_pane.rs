#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The search pane as pure transitions: typing asks for a search, results
//! arrive by generation, Enter lands on the hit, Esc goes back exactly.

use crate::common;

use std::sync::Arc;

use quire::model::layout::line_for_offset;
use quire::model::search::{match_ranges, query::Query, search};
use quire::model::text::article_text;
use quire::state::{
    Action, AppState, Command, Edit, Effect, Pane, PaneKind, ReaderPane, SearchPane, SearchRequest,
    update,
};

use common::{run, state};

fn cmd(c: Command) -> Action {
    Action::Command(c)
}

fn typed(s: &str) -> Vec<Action> {
    s.chars().map(|c| Action::Edit(Edit::Insert(c))).collect()
}

fn pane(s: &AppState) -> &SearchPane {
    match &s.pane {
        Pane::Search(p) => p,
        other => panic!("expected search, got {:?}", other.kind()),
    }
}

fn reader(s: &AppState) -> &ReaderPane {
    match &s.pane {
        Pane::Reader(r) => r,
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}

#[test]
fn each_keystroke_asks_for_a_search_with_a_new_generation() {
    let mut s = state((80, 24));
    update(&mut s, cmd(Command::Search));
    let first = update(&mut s, Action::Edit(Edit::Insert('t')));
    let second = update(&mut s, Action::Edit(Edit::Insert('e')));
    let (Effect::Search(a), Effect::Search(b)) = (&first[0], &second[0]) else {
        panic!("expected searches: {first:?} {second:?}")
    };
    assert_eq!(b.query, "te");
    assert!(b.generation > a.generation);
    assert!(pane(&s).pending);
    assert!(update(&mut s, Action::Edit(Edit::Backspace)).len() == 1);
    assert!(update(&mut s, Action::Edit(Edit::Backspace)).is_empty(), "empty query: no search");
    assert!(!pane(&s).pending);
}

#[test]
fn loaded_documents_are_sent_to_the_index() {
    let mut s = AppState::new((80, 24));
    let doc = Arc::new(common::library().remove(0));
    let effects = update(&mut s, Action::Loaded(doc.clone()));
    assert_eq!(effects.first(), Some(&Effect::Index(doc)));
}

#[test]
fn stale_results_are_dropped_and_fresh_ones_keep_the_selection() {
    let mut s = state((80, 24));
    update(&mut s, cmd(Command::Search));
    let effects = run(&mut s, typed("a"));
    let Some(Effect::Search(SearchRequest { generation, .. })) = effects.last() else { panic!() };
    let generation = *generation;
    assert_eq!(pane(&s).hits.len(), 2);
    update(&mut s, cmd(Command::Down));
    let selected = pane(&s).hits[1].clone();
    update(&mut s, Action::SearchResults { generation: generation - 1, hits: vec![], searched: 2 });
    assert_eq!(pane(&s).hits.len(), 2, "an older generation is ignored");
    // The same query re-run on a grown index: the selected hit stays selected.
    let mut hits = search(&s.docs, "a", 10);
    hits.reverse();
    update(&mut s, Action::SearchResults { generation, hits, searched: 2 });
    assert_eq!(pane(&s).hits[pane(&s).selected], selected);
    assert_eq!(pane(&s).selected, 0);
}

#[test]
fn enter_opens_the_reader_at_the_hit_with_every_match_highlighted() {
    let mut s = state((40, 12));
    run(&mut s, [cmd(Command::Search)]);
    run(&mut s, typed("text"));
    let hit = pane(&s).hits[0].clone();
    run(&mut s, [cmd(Command::Open)]);
    let r = reader(&s);
    assert_eq!((r.at.doc, r.at.article), (hit.doc, hit.article));
    let f = r.find.clone().unwrap();
    let text = article_text(s.article(r.at).unwrap());
    assert_eq!(f.matches, match_ranges(&text, 0, &Query::parse("text")));
    assert!(f.matches.len() > 1);
    let current = f.matches[f.current.unwrap()];
    assert_eq!(current.0, hit.offset, "lands on the exact match");
    let line = line_for_offset(&r.layout, hit.offset);
    assert!(line >= r.top && line < r.top + 8, "the match is on screen");
    let before = f.current.unwrap();
    run(&mut s, [cmd(Command::NextMatch)]);
    assert_eq!(reader(&s).find.as_ref().unwrap().current, Some((before + 1) % f.matches.len()));
    run(&mut s, [cmd(Command::PrevMatch)]);
    assert_eq!(reader(&s).find.as_ref().unwrap().current, Some(before));
}

#[test]
fn esc_returns_exactly_where_you_were() {
    // From the reader, scrolled and with a find open.
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::Find)]);
    run(&mut s, typed("focus"));
    run(&mut s, [Action::Edit(Edit::Submit), Action::Count(3), cmd(Command::Down)]);
    let before = format!("{:?}", s.pane);
    run(&mut s, [cmd(Command::Search)]);
    run(&mut s, typed("terminal"));
    run(&mut s, [cmd(Command::Down), Action::Edit(Edit::Cancel)]);
    assert_eq!(format!("{:?}", s.pane), before);
    // From the list, with the cursor moved.
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Down), cmd(Command::Down)]);
    let before = format!("{:?}", s.pane);
    run(&mut s, [cmd(Command::Search)]);
    run(&mut s, typed("brief"));
    run(&mut s, [cmd(Command::Cancel)]);
    assert_eq!(s.pane.kind(), PaneKind::List);
    assert_eq!(format!("{:?}", s.pane), before);
}

#[test]
fn a_partial_index_is_reported_with_the_results() {
    let mut s = state((80, 24));
    run(&mut s, [Action::LoadProgress { done: 1, total: 9 }, cmd(Command::Search)]);
    let effects = run(&mut s, typed("brief"));
    let Some(Effect::Search(req)) = effects.last() else { panic!() };
    update(&mut s, Action::SearchResults { generation: req.generation, hits: vec![], searched: 1 });
    assert_eq!(pane(&s).searched, 1);
}
