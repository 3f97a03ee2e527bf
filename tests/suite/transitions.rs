#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Pure state-machine tests: action sequences → pane, overlay and effects.

use crate::common;

use quire::keymap::{Code, Key, Keymap};
use quire::model::layout::line_for_offset;
use quire::state::{
    Action, AppState, ArticleRef, Command, Edit, Effect, Overlay, Pane, PaneKind, ReadState,
    ReaderPane, Row, input, update,
};

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

fn cursor(s: &AppState) -> usize {
    match &s.pane {
        Pane::List(l) => l.cursor,
        other => panic!("expected the list, got {:?}", other.kind()),
    }
}

const FIRST: ArticleRef = ArticleRef { doc: 0, article: 0 };

#[test]
fn starts_on_the_first_article_and_opens_it() {
    let mut s = state((80, 24));
    assert_eq!(cursor(&s), 1);
    // Opening only saves the reading position.
    assert!(run(&mut s, [cmd(Command::Open)]).iter().all(|e| matches!(e, Effect::Store(_))));
    assert_eq!(reader(&s).at, FIRST);
    assert_eq!(reader(&s).top, 0);
}

#[test]
fn back_returns_to_the_list_with_the_cursor_where_it_was() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Last), cmd(Command::Open)]);
    assert_eq!(reader(&s).at, ArticleRef { doc: 1, article: 0 });
    run(&mut s, [cmd(Command::Back)]);
    assert_eq!(cursor(&s), 4);
}

#[test]
fn q_quits_from_the_list_and_goes_back_elsewhere() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open)]);
    assert!(run(&mut s, [cmd(Command::Back)]).is_empty());
    assert_eq!(s.pane.kind(), PaneKind::List);
    assert_eq!(run(&mut s, [cmd(Command::Back)]), [Effect::Quit]);
    assert!(s.quitting);
}

#[test]
fn quit_works_from_anywhere_including_overlays() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::Contents)]);
    assert_eq!(run(&mut s, [cmd(Command::Quit)]), [Effect::Quit]);
    assert!(s.quitting);
}

#[test]
fn counts_repeat_motions() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), Action::Count(5), cmd(Command::Down)]);
    assert_eq!(reader(&s).top, 5);
    assert_eq!(s.count, None);
    run(&mut s, [cmd(Command::First), Action::Count(2), cmd(Command::NextSection)]);
    let r = reader(&s);
    assert_eq!(r.top, r.layout.sections[2]);
    run(&mut s, [cmd(Command::PrevSection)]);
    assert_eq!(reader(&s).top, reader(&s).layout.sections[1]);
}

#[test]
fn paging_and_ends_stay_in_bounds() {
    let mut s = state((40, 12));
    run(&mut s, [cmd(Command::Open), cmd(Command::PageDown)]);
    assert_eq!(reader(&s).top, 6); // 8 text rows, 2 kept for context
    run(&mut s, [cmd(Command::HalfUp)]);
    assert_eq!(reader(&s).top, 2);
    run(&mut s, [Action::Count(9), Action::Count(9), cmd(Command::PageDown)]);
    let r = reader(&s);
    assert_eq!(r.top, r.layout.lines.len() - 8);
    run(&mut s, [cmd(Command::First)]);
    assert_eq!(reader(&s).top, 0);
}

#[test]
fn folding_and_hidden_articles() {
    let mut s = state((80, 24));
    let rows = |s: &AppState| match &s.pane {
        Pane::List(l) => l.rows.clone(),
        _ => Vec::new(),
    };
    assert_eq!(rows(&s).len(), 5); // the ad is hidden
    run(&mut s, [cmd(Command::ToggleFold)]);
    assert_eq!(
        rows(&s),
        [Row::Doc(0), Row::Doc(1), Row::Article(ArticleRef { doc: 1, article: 0 })]
    );
    assert_eq!(cursor(&s), 0);
    run(&mut s, [cmd(Command::Open)]); // Enter on a document unfolds it
    assert_eq!(rows(&s).len(), 5);
    run(&mut s, [cmd(Command::ToggleHidden)]);
    assert_eq!(rows(&s).len(), 6);
    assert!(rows(&s).contains(&Row::Article(ArticleRef { doc: 0, article: 1 })));
}

#[test]
fn read_state_toggles_and_follows_reading() {
    let mut s = state((40, 12));
    let first = |s: &AppState| s.read_state(s.article(FIRST).unwrap());
    assert_eq!(first(&s), ReadState::Unread);
    run(&mut s, [cmd(Command::ToggleRead)]);
    assert_eq!(first(&s), ReadState::Read);
    run(&mut s, [cmd(Command::ToggleRead)]);
    assert_eq!(first(&s), ReadState::Unread);
    run(&mut s, [cmd(Command::Open), cmd(Command::PageDown), cmd(Command::Back)]);
    assert!(matches!(first(&s), ReadState::InProgress(p) if p > 0 && p < 100));
    run(&mut s, [cmd(Command::Open)]);
    assert_eq!(reader(&s).top, 6, "reopening resumes where reading stopped");
    run(&mut s, [cmd(Command::Last), cmd(Command::Back)]);
    assert_eq!(first(&s), ReadState::Read);
}

#[test]
fn a_resize_keeps_the_same_text_on_top() {
    for lines in [1, 6, 25] {
        let mut s = state((80, 24));
        run(&mut s, [cmd(Command::Open), Action::Count(lines), cmd(Command::Down)]);
        let before = reader(&s).top;
        let anchor = reader(&s).anchor;
        run(&mut s, [Action::Resize(40, 12)]);
        let r = reader(&s);
        assert_eq!(r.width, 38);
        assert_eq!(r.top, line_for_offset(&r.layout, anchor));
        assert!(r.layout.lines[r.top].offset <= anchor);
        assert!(r.layout.lines.get(r.top + 1).is_none_or(|l| l.offset > anchor));
        run(&mut s, [Action::Resize(80, 24)]);
        assert_eq!(reader(&s).top, before, "round trip from line {lines}");
    }
}

#[test]
fn find_is_incremental_and_wraps_with_a_notice() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::Find)]);
    run(&mut s, typed("terminal"));
    let f = reader(&s).find.clone().unwrap();
    assert!(f.editing);
    assert!(f.matches.len() >= 4, "{:?}", f.matches);
    assert_eq!(f.current, Some(0));
    run(&mut s, [Action::Edit(Edit::Submit)]);
    assert!(!reader(&s).find.as_ref().unwrap().editing);
    run(&mut s, [cmd(Command::NextMatch)]);
    assert_eq!(reader(&s).find.as_ref().unwrap().current, Some(1));
    assert_eq!(s.status.message, None);
    run(&mut s, [Action::Count(2), cmd(Command::PrevMatch)]);
    let f = reader(&s).find.clone().unwrap();
    assert_eq!(f.current, Some(f.matches.len() - 1));
    assert!(s.status.message.as_deref().unwrap().contains("wrapped"));
    // The current match is on screen.
    let r = reader(&s);
    let line = line_for_offset(&r.layout, f.matches[f.matches.len() - 1].0);
    assert!(line >= r.top && line < r.top + 20);
    run(&mut s, [cmd(Command::Cancel)]);
    assert!(reader(&s).find.is_none(), "Esc clears the find first");
    run(&mut s, [cmd(Command::Cancel)]);
    assert_eq!(s.pane.kind(), PaneKind::List);
}

#[test]
fn cancelling_find_returns_to_where_it_started() {
    let mut s = state((40, 12));
    run(&mut s, [cmd(Command::Open), cmd(Command::Find)]);
    run(&mut s, typed("the end"));
    assert!(reader(&s).top > 0);
    run(&mut s, [Action::Edit(Edit::Cancel)]);
    assert_eq!(reader(&s).top, 0);
    assert!(reader(&s).find.is_none());
    run(&mut s, [cmd(Command::Find)]);
    run(&mut s, typed("zzz"));
    run(&mut s, [Action::Edit(Edit::Submit)]);
    assert!(reader(&s).find.is_none());
    assert_eq!(s.status.message.as_deref(), Some("Not found: zzz"));
}

#[test]
fn search_esc_returns_exactly_to_return_to() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), Action::Count(7), cmd(Command::Down), cmd(Command::Search)]);
    run(&mut s, typed("focus"));
    let Pane::Search(search) = &s.pane else { panic!("expected search") };
    assert!(!search.hits.is_empty());
    assert_eq!(search.return_to.kind(), PaneKind::Reader);
    run(&mut s, [Action::Edit(Edit::Cancel)]);
    assert_eq!(reader(&s).top, 7);
    assert!(reader(&s).find.is_none());
}

#[test]
fn search_enter_opens_the_reader_at_the_hit() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Search)]);
    let effects = run(&mut s, typed("the end"));
    assert!(matches!(effects.last(), Some(Effect::Search(r)) if r.query == "the end"));
    run(&mut s, [cmd(Command::Open)]);
    let r = reader(&s);
    assert_eq!(r.at, FIRST);
    let f = r.find.as_ref().unwrap();
    let hit = f.matches[f.current.unwrap()].0;
    let line = line_for_offset(&r.layout, hit);
    assert!(line >= r.top && line < r.top + 20, "hit on screen");
    run(&mut s, [cmd(Command::Back)]);
    assert_eq!(cursor(&s), 1, "back goes to the list, on the article");
}

#[test]
fn stale_search_results_are_dropped() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Search)]);
    update(&mut s, Action::Edit(Edit::Insert('x')));
    update(&mut s, Action::SearchResults { generation: 999, hits: Vec::new(), searched: 2 });
    let Pane::Search(search) = &s.pane else { panic!("expected search") };
    assert!(search.pending);
}

#[test]
fn contents_jumps_to_a_section() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::Contents)]);
    assert_eq!(s.overlay, Some(Overlay::Contents { selected: 0 }));
    run(&mut s, [cmd(Command::Down), cmd(Command::Down), cmd(Command::Open)]);
    assert_eq!(s.overlay, None);
    let r = reader(&s);
    assert_eq!(r.top, r.layout.sections[2]);
}

#[test]
fn links_open_with_the_system_opener() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::Links)]);
    assert_eq!(s.overlay, Some(Overlay::Links { selected: 0 }));
    assert_eq!(run(&mut s, [cmd(Command::Open)]), [Effect::OpenUrl("https://ratatui.rs/".into())]);
    run(&mut s, [cmd(Command::NextArticle), cmd(Command::Links)]);
    assert_eq!(s.overlay, None);
    assert!(s.status.message.is_some());
}

#[test]
fn next_and_previous_article_skip_hidden_ones() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Open), cmd(Command::NextArticle)]);
    assert_eq!(reader(&s).at, ArticleRef { doc: 0, article: 2 });
    run(&mut s, [cmd(Command::NextArticle)]);
    assert_eq!(reader(&s).at, ArticleRef { doc: 1, article: 0 });
    run(&mut s, [cmd(Command::NextArticle)]);
    assert_eq!(s.status.message.as_deref(), Some("Last article"));
    run(&mut s, [Action::Count(5), cmd(Command::PrevArticle)]);
    assert_eq!(reader(&s).at, FIRST);
}

#[test]
fn help_opens_and_closes() {
    let mut s = state((80, 24));
    run(&mut s, [cmd(Command::Help)]);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: 0 }));
    run(&mut s, [cmd(Command::Down), cmd(Command::Help)]);
    assert_eq!(s.overlay, None);
    run(&mut s, [cmd(Command::Help), cmd(Command::Cancel)]);
    assert_eq!(s.overlay, None);
    assert_eq!(s.pane.kind(), PaneKind::List);
}

#[test]
fn loading_progress_shows_in_the_status() {
    let mut s = AppState::new((80, 24));
    update(&mut s, Action::LoadProgress { done: 1, total: 3 });
    assert_eq!(s.status.loading, Some((1, 3)));
    update(&mut s, Action::LoadFailed("bad.md: not a text file".into()));
    update(&mut s, Action::LoadDone);
    assert_eq!(s.status.loading, None);
    assert!(s.status.message.as_deref().unwrap().contains("bad.md"));
}

#[test]
fn wheel_scrolls_and_click_selects() {
    let mut s = state((80, 24));
    run(&mut s, [Action::Click { column: 5, row: 3 }]);
    assert_eq!(cursor(&s), 2);
    run(&mut s, [Action::Click { column: 5, row: 22 }]);
    assert_eq!(cursor(&s), 2, "a click below the rows changes nothing");
    run(&mut s, [cmd(Command::Open), Action::Wheel(3)]);
    assert_eq!(reader(&s).top, 0, "the short note fits on one screen");
    run(
        &mut s,
        [
            cmd(Command::Back),
            cmd(Command::First),
            cmd(Command::Down),
            cmd(Command::Open),
            Action::Wheel(3),
        ],
    );
    assert_eq!(reader(&s).top, 3);
    run(&mut s, [Action::Wheel(-3)]);
    assert_eq!(reader(&s).top, 0);
}

#[test]
fn keys_translate_by_context() {
    let keymap = Keymap::default_keys();
    let mut s = state((80, 24));
    let key = |c: char| Key::char(c);
    let tr = |s: &AppState, k: Key| input::translate(s, &keymap, k);
    assert!(matches!(tr(&s, key('5')), Some(Action::Count(5))));
    assert!(matches!(tr(&s, key('0')), Some(Action::Command(_)) | None));
    assert!(matches!(tr(&s, Key::ctrl('c')), Some(Action::Command(Command::Quit))));
    assert!(matches!(tr(&s, Key::new(Code::Tab)), Some(Action::Command(Command::ToggleFold))));
    run(&mut s, [cmd(Command::Search)]);
    assert!(matches!(tr(&s, key('q')), Some(Action::Edit(Edit::Insert('q')))));
    assert!(matches!(tr(&s, key('5')), Some(Action::Edit(Edit::Insert('5')))));
    assert!(matches!(tr(&s, Key::new(Code::Enter)), Some(Action::Command(Command::Open))));
    assert!(matches!(tr(&s, Key::new(Code::Down)), Some(Action::Command(Command::Down))));
    assert!(matches!(tr(&s, Key::ctrl('c')), Some(Action::Command(Command::Quit))));
    run(&mut s, [Action::Edit(Edit::Cancel), cmd(Command::Open), cmd(Command::Find)]);
    assert!(matches!(tr(&s, key('n')), Some(Action::Edit(Edit::Insert('n')))));
    assert!(matches!(tr(&s, Key::new(Code::Enter)), Some(Action::Edit(Edit::Submit))));
    run(&mut s, [Action::Edit(Edit::Cancel)]);
    assert!(matches!(tr(&s, key('n')), Some(Action::Command(Command::NextMatch))));
    assert!(matches!(tr(&s, key(']')), Some(Action::Command(Command::NextSection))));
}

#[test]
fn tiny_and_odd_sizes_never_panic() {
    let all = [
        Command::Down,
        Command::PageDown,
        Command::Last,
        Command::NextSection,
        Command::Contents,
        Command::Open,
        Command::Find,
        Command::NextMatch,
        Command::Links,
        Command::Open,
        Command::Help,
        Command::Down,
        Command::Back,
        Command::Search,
        Command::Down,
        Command::Open,
        Command::Back,
        Command::Back,
    ];
    for size in [(0, 0), (1, 1), (10, 5), (40, 12), (300, 100)] {
        let mut s = state(size);
        run(&mut s, [cmd(Command::Open)]);
        for c in all {
            run(&mut s, [cmd(c), Action::Resize(size.1, size.0)]);
        }
    }
    let mut empty = AppState::new((80, 24));
    for c in all {
        run(&mut empty, [cmd(c)]);
    }
}
