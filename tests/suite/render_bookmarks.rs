#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Snapshots of the bookmark list and the label prompt at 80x24 and 40x12.

use crate::common;

use quire::model::anchor::anchor_point;
use quire::model::highlight::Bookmark;
use quire::model::text::article_text;
use quire::state::progress::StoreAction;
use quire::state::{Action, AppState, ArticleRef, Command, Edit};
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

/// The showcase article with three bookmarks (one labelled) and an orphan.
fn with_bookmarks(size: (u16, u16)) -> AppState {
    let mut s = state(size);
    let at = ArticleRef { doc: 0, article: 0 };
    let article = s.article(at).unwrap();
    let text = article_text(article);
    let id = article.id.to_string();
    let mark = |n: &str, offset: usize, label: Option<&str>| Bookmark {
        id: n.into(),
        article_id: id.clone(),
        anchor: anchor_point(&text, offset),
        label: label.map(String::from),
        created: 1,
    };
    let mut gone = mark("gone", 3, Some("A passage that was edited away"));
    gone.article_id = "0000000000000001".into();
    let code = text.find("fn main").unwrap();
    let end = text.find("The end.").unwrap();
    let bookmarks = vec![
        mark("a", 0, None),
        mark("b", code, Some("the code sample")),
        mark("c", end, None),
        gone,
    ];
    let doc = s.docs[0].id;
    run(&mut s, [Action::Store(StoreAction::Bookmarks { doc, bookmarks })]);
    s
}

#[test]
fn bookmark_list() {
    for size in [(80, 24), (40, 12)] {
        let mut s = with_bookmarks(size);
        run(&mut s, [Action::Command(Command::Open), Action::Command(Command::Bookmarks)]);
        insta::assert_snapshot!(format!("bookmarks_{}x{}", size.0, size.1), screen(&s));
    }
}

#[test]
fn label_prompt() {
    for size in [(80, 24), (40, 12)] {
        let mut s = state(size);
        run(&mut s, [Action::Command(Command::Open), Action::Command(Command::BookmarkLabel)]);
        run(&mut s, "to cite".chars().map(|c| Action::Edit(Edit::Insert(c))));
        insta::assert_snapshot!(format!("label_{}x{}", size.0, size.1), screen(&s));
    }
}
