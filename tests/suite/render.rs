#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Snapshots of every pane and overlay at 80x24 and 40x12.

use crate::common;

use quire::state::{Action, AppState, Command, Edit};
use quire::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::{run, state};

fn screen(state: &AppState) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(f, state, &Theme::default())).unwrap();
    terminal.backend().to_string()
}

fn cmd(c: Command) -> Action {
    Action::Command(c)
}

fn typed(s: &str) -> Vec<Action> {
    s.chars().map(|c| Action::Edit(Edit::Insert(c))).collect()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn snap(name: &str, actions: Vec<Action>) {
    for size in SIZES {
        let mut s = state(size);
        run(&mut s, actions.clone());
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen(&s));
    }
}

#[test]
fn list() {
    snap("list", vec![]);
}

#[test]
fn list_with_hidden_and_progress() {
    snap(
        "list_hidden",
        vec![cmd(Command::ToggleHidden), cmd(Command::Down), cmd(Command::ToggleRead)],
    );
}

#[test]
fn reader() {
    snap("reader", vec![cmd(Command::Open)]);
}

#[test]
fn reader_further_down() {
    snap(
        "reader_section",
        vec![cmd(Command::Open), cmd(Command::NextSection), cmd(Command::NextSection)],
    );
}

#[test]
fn reader_with_find() {
    let mut actions = vec![cmd(Command::Open), cmd(Command::Find)];
    actions.extend(typed("text"));
    snap("reader_find", actions);
}

#[test]
fn cjk_reader() {
    snap("reader_cjk", vec![cmd(Command::Last), cmd(Command::Open)]);
}

#[test]
fn search() {
    let mut actions = vec![cmd(Command::Search)];
    actions.extend(typed("terminal"));
    snap("search", actions);
}

#[test]
fn search_with_several_results_and_a_phrase() {
    let mut actions = vec![cmd(Command::Search)];
    actions.extend(typed("\"the end\""));
    snap("search_phrase", actions);
    let mut actions = vec![cmd(Command::Search)];
    actions.extend(typed("a -brief"));
    snap("search_exclusion", actions);
    let mut actions = vec![cmd(Command::Search)];
    actions.extend(typed("a"));
    snap("search_several", actions);
}

#[test]
fn search_cjk() {
    let mut actions = vec![cmd(Command::Search)];
    actions.extend(typed("折り返"));
    snap("search_cjk", actions);
}

#[test]
fn search_while_loading_says_so() {
    for size in SIZES {
        let mut s = state(size);
        run(&mut s, [Action::LoadProgress { done: 2, total: 5 }, cmd(Command::Search)]);
        run(&mut s, typed("terminal"));
        insta::assert_snapshot!(format!("search_loading_{}x{}", size.0, size.1), screen(&s));
    }
}

#[test]
fn help_overlay() {
    snap("help", vec![cmd(Command::Help)]);
}

#[test]
fn contents_overlay() {
    snap("contents", vec![cmd(Command::Open), cmd(Command::Contents)]);
}

#[test]
fn links_overlay() {
    snap("links", vec![cmd(Command::Open), cmd(Command::Links)]);
}

#[test]
fn too_small() {
    let mut s = state((39, 11));
    run(&mut s, [cmd(Command::Open)]);
    insta::assert_snapshot!("too_small_39x11", screen(&s));
}
