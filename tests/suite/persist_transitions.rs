#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Transitions that talk to the store: which saves a key asks for, what a
//! restored state does, bookmarks, and quitting with unsaved changes.

use crate::common;

use std::sync::Arc;

use quire::model::anchor::anchor_point;
use quire::model::document::ContentId;
use quire::model::highlight::{Bookmark, Progress as Stored};
use quire::model::text::article_text;
use quire::state::progress::{ProgressSave, Restored, StoreAction, StoreEffect, cursor_key};
use quire::state::{
    Action, AppState, ArticleRef, Command, Edit, Effect, Overlay, Pane, PaneKind, ReadState,
    ReaderPane, update,
};

use common::{article, document, para, section};

const A0: ArticleRef = ArticleRef { doc: 0, article: 0 };
const A1: ArticleRef = ArticleRef { doc: 0, article: 1 };

fn cmd(c: Command) -> Action {
    Action::Command(c)
}

fn store(a: StoreAction) -> Action {
    Action::Store(a)
}

fn run(s: &mut AppState, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions.into_iter().flat_map(|a| update(s, a)).collect()
}

fn long_article(title: &str) -> quire::model::document::Article {
    let paras = (1..=30)
        .map(|i| para(&format!("{title} paragraph {i} has enough words to fill a line or so.")))
        .collect();
    article(title, None, vec![section(None, paras), section(Some("Later"), vec![para("End.")])])
}

/// One document with two long articles, at 60x14.
fn state() -> AppState {
    let mut s = AppState::new((60, 14));
    let doc = document("Digest", vec![long_article("Alpha"), long_article("Beta")]);
    update(&mut s, Action::Loaded(Arc::new(doc)));
    update(&mut s, Action::LoadDone);
    s
}

fn reader(s: &AppState) -> &ReaderPane {
    match &s.pane {
        Pane::Reader(r) => r,
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}

fn saves(effects: &[Effect]) -> Vec<ProgressSave> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Store(StoreEffect::Progress(p)) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

fn doc_id(s: &AppState) -> ContentId {
    s.docs[0].id
}

fn text(s: &AppState, at: ArticleRef) -> String {
    article_text(s.article(at).unwrap())
}

fn bookmark(
    s: &AppState,
    id: &str,
    at: ArticleRef,
    offset: usize,
    label: Option<&str>,
) -> Bookmark {
    Bookmark {
        id: id.into(),
        article_id: s.article(at).unwrap().id.to_string(),
        anchor: anchor_point(&text(s, at), offset),
        label: label.map(String::from),
        created: 1,
    }
}

fn give_bookmarks(s: &mut AppState, bookmarks: Vec<Bookmark>) {
    let doc = doc_id(s);
    update(s, store(StoreAction::Bookmarks { doc, bookmarks }));
}

#[test]
fn moving_asks_to_save_the_position_once_per_change() {
    let mut s = state();
    run(&mut s, [cmd(Command::Open)]);
    let effects = run(&mut s, [cmd(Command::Down)]);
    let saved = saves(&effects);
    assert_eq!(saved.len(), 1);
    let r = reader(&s);
    assert_eq!(saved[0].offset, r.anchor);
    assert_eq!(saved[0].at, A0);
    assert_eq!(saved[0].article, s.article(A0).unwrap().id);
    assert!(!saved[0].read);
    assert!(saves(&run(&mut s, [cmd(Command::Up)])).len() == 1);
    assert!(saves(&run(&mut s, [cmd(Command::Up)])).is_empty(), "already at the top");
    let effects = run(&mut s, [cmd(Command::Last)]);
    assert!(saves(&effects)[0].read, "reaching the end marks it read");
}

#[test]
fn marking_read_in_the_list_is_saved() {
    let mut s = state();
    let effects = run(&mut s, [cmd(Command::ToggleRead)]);
    let saved = saves(&effects);
    assert_eq!((saved.len(), saved[0].read, saved[0].percent), (1, true, 100));
    let effects = run(&mut s, [cmd(Command::ToggleRead)]);
    assert!(!saves(&effects)[0].read);
}

#[test]
fn restored_progress_shows_in_the_list_and_reopens_at_its_offset() {
    let mut s = state();
    let t = text(&s, A1);
    let offset = t.find("paragraph 12").unwrap();
    let progress = vec![Stored {
        article_id: s.article(A1).unwrap().id.to_string(),
        anchor: anchor_point(&t, offset),
        percent: 41.6,
        read: false,
        updated: 9,
    }];
    let cursor = Some(s.article(A1).unwrap().id.to_string());
    run(&mut s, [store(StoreAction::Session { cursor, reopen: None })]);
    let restored = Restored { doc: doc_id(&s), progress, bookmarks: Vec::new() };
    let effects = run(&mut s, [store(StoreAction::Restored(Box::new(restored)))]);
    assert!(saves(&effects).is_empty(), "restoring is not a change");
    assert_eq!(s.read_state(s.article(A1).unwrap()), ReadState::InProgress(42));
    let Pane::List(l) = &s.pane else { panic!("not the list") };
    assert_eq!(l.selected(), Some(quire::state::Row::Article(A1)), "the cursor returns");
    assert_eq!(cursor_key(&s), Some(s.article(A1).unwrap().id.to_string()));
    run(&mut s, [cmd(Command::Open)]);
    let r = reader(&s);
    assert!(r.layout.lines[r.top].offset <= offset);
    assert!(r.layout.lines.get(r.top + 1).is_none_or(|l| l.offset > offset));
}

#[test]
fn reopen_opens_the_last_article_when_it_loads() {
    let mut s = AppState::new((60, 14));
    let doc = document("Digest", vec![long_article("Alpha"), long_article("Beta")]);
    let beta = doc.articles[1].id.to_string();
    run(&mut s, [store(StoreAction::Session { cursor: None, reopen: Some(beta) })]);
    let id = doc.id;
    run(&mut s, [Action::Loaded(Arc::new(doc))]);
    assert_eq!(s.pane.kind(), PaneKind::List, "not before its saved state arrives");
    let restored = Restored { doc: id, progress: Vec::new(), bookmarks: Vec::new() };
    run(&mut s, [store(StoreAction::Restored(Box::new(restored)))]);
    assert_eq!(reader(&s).at, A1);
}

#[test]
fn m_adds_a_bookmark_at_the_top_and_removes_one_on_screen() {
    let mut s = state();
    run(&mut s, [cmd(Command::Open), Action::Count(3), cmd(Command::Down)]);
    let anchor = reader(&s).anchor;
    let effects = run(&mut s, [cmd(Command::Bookmark)]);
    let [Effect::Store(StoreEffect::AddBookmark(add))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!((add.at, add.offset, add.label.clone()), (A0, anchor, None));
    assert_eq!(s.status.message.as_deref(), Some("Bookmark added"));
    // The store answers with the list; a bookmark a few lines down is on screen.
    let b = bookmark(&s, "b1", A0, reader(&s).layout.lines[reader(&s).top + 2].offset, None);
    give_bookmarks(&mut s, vec![b]);
    let effects = run(&mut s, [cmd(Command::Bookmark)]);
    let doc = doc_id(&s);
    assert_eq!(effects, [Effect::Store(StoreEffect::DeleteBookmark { doc, id: "b1".into() })]);
    assert!(s.persist.bookmarks[&doc].is_empty());
}

#[test]
fn capital_m_asks_for_a_label_and_esc_cancels() {
    let mut s = state();
    run(&mut s, [cmd(Command::Open), cmd(Command::BookmarkLabel)]);
    assert!(s.is_editing());
    let typed: Vec<Action> = "  to cite ".chars().map(|c| Action::Edit(Edit::Insert(c))).collect();
    run(&mut s, typed);
    assert_eq!(s.overlay, Some(Overlay::Label { text: "  to cite ".into() }));
    let effects = run(&mut s, [Action::Edit(Edit::Submit)]);
    let [Effect::Store(StoreEffect::AddBookmark(add))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(add.label.as_deref(), Some("to cite"));
    assert_eq!(s.overlay, None);
    run(&mut s, [cmd(Command::BookmarkLabel), Action::Edit(Edit::Insert('x'))]);
    assert!(run(&mut s, [Action::Edit(Edit::Cancel)]).is_empty());
    assert_eq!((s.overlay.clone(), s.pane.kind()), (None, PaneKind::Reader));
}

fn list(s: &AppState) -> (usize, Vec<quire::state::BookmarkEntry>) {
    match &s.overlay {
        Some(Overlay::Bookmarks { selected, entries }) => (*selected, entries.clone()),
        other => panic!("expected the bookmark list, got {other:?}"),
    }
}

#[test]
fn the_bookmark_list_is_in_reading_order_and_enter_jumps() {
    let mut s = state();
    run(&mut s, [cmd(Command::Open)]);
    assert!(run(&mut s, [cmd(Command::Bookmarks)]).is_empty());
    assert!(s.status.message.as_deref().unwrap().contains("No bookmarks"));
    let later = text(&s, A0).find("End.").unwrap();
    let beta = text(&s, A1).find("paragraph 20").unwrap();
    let mut orphan = bookmark(&s, "gone", A0, 5, Some("lost"));
    orphan.article_id = "00000000deadbeef".into();
    let marks = vec![
        orphan,
        bookmark(&s, "beta", A1, beta, None),
        bookmark(&s, "later", A0, later, Some("the end")),
        bookmark(&s, "start", A0, 0, None),
    ];
    give_bookmarks(&mut s, marks);
    run(&mut s, [cmd(Command::Bookmarks)]);
    let (selected, entries) = list(&s);
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["start", "later", "beta", "gone"]);
    assert_eq!(selected, 0, "the last bookmark before the reading position");
    assert_eq!(entries[0].title, "Alpha paragraph 1 has enough…");
    assert_eq!(entries[1].title, "the end");
    assert_eq!(entries[1].section.as_deref(), Some("Later"));
    assert!(entries[1].percent > 90);
    assert_eq!(entries[3].article, None);
    assert_eq!(entries[0].article_title, None, "this article goes without saying");
    assert_eq!(entries[2].article_title.as_deref(), Some("Beta"));
    // Enter on a bookmark in this article scrolls to it.
    run(&mut s, [cmd(Command::Down), cmd(Command::Open)]);
    let r = reader(&s);
    assert_eq!(s.overlay, None);
    assert!(r.top > 0 && r.layout.lines[r.top].offset <= later);
    // In another article of the document, it opens that article there.
    run(&mut s, [cmd(Command::Bookmarks), cmd(Command::Last), cmd(Command::Up)]);
    run(&mut s, [cmd(Command::Open)]);
    let r = reader(&s);
    assert_eq!(r.at, A1);
    assert_eq!(r.anchor, beta);
    // An orphan cannot be jumped to, but is listed.
    run(&mut s, [cmd(Command::Bookmarks), cmd(Command::Last), cmd(Command::Open)]);
    assert!(s.status.message.as_deref().unwrap().contains("kept"));
    assert_eq!(reader(&s).at, A1);
}

#[test]
fn d_deletes_from_the_bookmark_list() {
    let mut s = state();
    run(&mut s, [cmd(Command::Open)]);
    let marks = vec![bookmark(&s, "one", A0, 0, None), bookmark(&s, "two", A0, 50, None)];
    give_bookmarks(&mut s, marks);
    let doc = doc_id(&s);
    let effects = run(&mut s, [cmd(Command::Bookmarks), cmd(Command::Delete)]);
    assert_eq!(effects, [Effect::Store(StoreEffect::DeleteBookmark { doc, id: "one".into() })]);
    let (_, entries) = list(&s);
    assert_eq!(entries.len(), 1);
    assert_eq!(s.persist.bookmarks[&doc].len(), 1);
    run(&mut s, [cmd(Command::Delete)]);
    assert_eq!(s.overlay, None, "the list closes when emptied");
}

#[test]
fn quitting_with_unsaved_changes_warns_once() {
    let mut s = state();
    run(&mut s, [store(StoreAction::Error("cannot write store.json: No space left".into()))]);
    assert!(s.status.message.as_deref().unwrap().contains("No space left"));
    let effects = run(&mut s, [cmd(Command::Back)]);
    assert!(!effects.contains(&Effect::Quit));
    assert!(!s.quitting);
    let msg = s.status.message.clone().unwrap();
    assert!(msg.contains("Unsaved changes") && msg.contains("press Q again"), "{msg}");
    assert_eq!(run(&mut s, [cmd(Command::Quit)]), [Effect::Quit]);
    assert!(s.quitting);
}

#[test]
fn a_successful_save_clears_the_warning_and_signals_quit_at_once() {
    let mut s = state();
    run(&mut s, [store(StoreAction::Error("disk full".into())), store(StoreAction::Saved)]);
    assert_eq!(run(&mut s, [cmd(Command::Quit)]), [Effect::Quit]);
    let mut s = state();
    run(&mut s, [store(StoreAction::Error("disk full".into()))]);
    assert_eq!(run(&mut s, [store(StoreAction::Terminate)]), [Effect::Quit]);
    assert!(s.quitting);
}

#[test]
fn a_failed_save_on_quit_keeps_the_reader_open() {
    let mut s = state();
    run(&mut s, [cmd(Command::Quit)]);
    run(&mut s, [store(StoreAction::QuitBlocked("permission denied".into()))]);
    assert!(!s.quitting);
    assert!(s.status.message.as_deref().unwrap().contains("permission denied"));
    assert_eq!(run(&mut s, [cmd(Command::Quit)]), [Effect::Quit]);
}

#[test]
fn a_late_saved_cursor_does_not_move_a_user_who_already_moved() {
    let mut s = state();
    run(&mut s, [cmd(Command::Down)]);
    let cursor = Some(s.article(A0).unwrap().id.to_string());
    let reopen = Some(s.article(A0).unwrap().id.to_string());
    run(&mut s, [store(StoreAction::Session { cursor, reopen })]);
    let restored = Restored { doc: doc_id(&s), progress: Vec::new(), bookmarks: Vec::new() };
    run(&mut s, [store(StoreAction::Restored(Box::new(restored)))]);
    let Pane::List(l) = &s.pane else { panic!("the list was left") };
    assert_eq!(l.selected(), Some(quire::state::Row::Article(A1)));
}
