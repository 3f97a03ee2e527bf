#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A huge file's first pages are shown while it loads
//! (`Action::LoadedPart`); the whole document then takes their place and
//! every pane stays where it was.

use std::sync::Arc;

use quire::library::first_pages::first_pages_of;
use quire::model::document::{Document, Format};
use quire::model::loader::load_as;
use quire::model::text::article_text;
use quire::state::progress::StoreEffect;
use quire::state::{Action, AppState, ArticleRef, Command, Effect, Pane, Row, update};

/// A plain-text eMag of `articles` articles, each with a byline and a few
/// paragraphs; the article bodies vary so every article id differs.
fn emag(articles: usize) -> String {
    let mut text = String::new();
    for i in 0..articles {
        text += &format!("Column {i} on Quiet Tools\n\nBy Mira Okafor\n\n");
        for p in 0..6 {
            text += &format!("Note {p} of column {i}: pagers, editors and the shell at dusk.\n\n");
        }
    }
    text
}

/// The whole document and its first pages, cut near `cut` bytes in.
fn whole_and_part(text: &str, cut: usize) -> (Arc<Document>, Arc<Document>) {
    let whole = load_as("mag.txt", text.as_bytes(), Format::Text).unwrap();
    let part = first_pages_of("mag.txt", text.as_bytes()[..cut].to_vec()).unwrap();
    (Arc::new(whole), Arc::new(part))
}

fn reader(s: &AppState) -> &quire::state::ReaderPane {
    match &s.pane {
        Pane::Reader(r) => r,
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}

fn open(s: &mut AppState, at: ArticleRef) {
    let Pane::List(l) = &mut s.pane else { panic!("expected the list") };
    l.cursor = l.rows.iter().position(|r| *r == Row::Article(at)).unwrap();
    update(s, Action::Command(Command::Open));
}

#[test]
fn the_first_pages_show_at_once_and_are_neither_indexed_nor_stored() {
    let (_, part) = whole_and_part(&emag(30), 3_000);
    let mut s = AppState::new((80, 24));
    let effects = update(&mut s, Action::LoadedPart(part.clone()));
    assert_eq!(effects, []);
    assert_eq!(s.docs.len(), 1);
    let Pane::List(l) = &s.pane else { panic!("expected the list") };
    assert_eq!(l.selected(), Some(Row::Article(ArticleRef { doc: 0, article: 0 })));
    // Reading it saves nothing under the provisional id.
    open(&mut s, ArticleRef { doc: 0, article: 1 });
    let effects = update(&mut s, Action::Command(Command::Down));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Store(StoreEffect::Progress(_)))));
}

#[test]
fn the_whole_document_takes_the_place_of_its_first_pages() {
    let text = emag(30);
    let (whole, part) = whole_and_part(&text, 3_000);
    let other = Arc::new(load_as("a.txt", b"Other\n\nBody.\n", Format::Text).unwrap());
    let mut s = AppState::new((80, 24));
    update(&mut s, Action::Loaded(other.clone()));
    update(&mut s, Action::LoadedPart(part));
    let effects = update(&mut s, Action::Loaded(whole.clone()));
    assert_eq!(s.docs.len(), 2, "replaced, not appended");
    assert!(Arc::ptr_eq(&s.docs[1], &whole));
    assert_eq!(
        effects,
        vec![
            Effect::Index(whole.clone()),
            Effect::Store(StoreEffect::Lookup { doc: 1 }),
            Effect::Store(StoreEffect::LoadHighlights { doc: whole.id }),
        ]
    );
    let Pane::List(l) = &s.pane else { panic!("expected the list") };
    let articles = l.rows.iter().filter(|r| matches!(r, Row::Article(at) if at.doc == 1)).count();
    assert_eq!(articles, whole.readable().count());
}

#[test]
fn a_reader_on_a_whole_article_keeps_its_place_and_state() {
    let (whole, part) = whole_and_part(&emag(30), 3_000);
    let mut s = AppState::new((60, 12));
    update(&mut s, Action::LoadedPart(part));
    let at = ArticleRef { doc: 0, article: 2 };
    open(&mut s, at);
    update(&mut s, Action::Command(Command::Down));
    update(&mut s, Action::Command(Command::Down));
    update(&mut s, Action::Command(Command::Find));
    let (top, anchor) = (reader(&s).top, reader(&s).anchor);
    update(&mut s, Action::Loaded(whole.clone()));
    let r = reader(&s);
    assert_eq!(r.at.doc, 0);
    assert_eq!(whole.articles[r.at.article].id, s.docs[0].articles[r.at.article].id);
    assert_eq!((r.top, r.anchor), (top, anchor));
    assert!(r.find.is_some(), "an open find survives the swap");
}

#[test]
fn a_reader_on_the_article_cut_short_reopens_at_the_same_text() {
    let text = emag(12);
    // Half way through the sixth article.
    let (whole, part) = whole_and_part(&text, text.len() * 11 / 24);
    let last = part.articles.len() - 1;
    let mut s = AppState::new((60, 12));
    update(&mut s, Action::LoadedPart(part.clone()));
    open(&mut s, ArticleRef { doc: 0, article: last });
    update(&mut s, Action::Command(Command::Last));
    let before = reader(&s);
    let cut_text = article_text(&part.articles[last]);
    let shown: String = cut_text.chars().skip(before.anchor).take(20).collect();
    update(&mut s, Action::Loaded(whole.clone()));
    let r = reader(&s);
    assert_eq!(r.at, ArticleRef { doc: 0, article: last });
    let now: String = r.text.chars().skip(r.anchor).take(20).collect();
    assert_eq!(now, shown, "the same words on top");
    // The whole article is longer: the end is further on now.
    assert!(r.layout.lines.len() > before_len(&part, last));
}

fn before_len(part: &Document, article: usize) -> usize {
    quire::model::layout::layout_article(&part.articles[article], 60).lines.len()
}

#[test]
fn first_pages_of_a_file_that_then_failed_are_withdrawn() {
    let (_, part) = whole_and_part(&emag(30), 3_000);
    let mut s = AppState::new((80, 24));
    update(&mut s, Action::LoadedPart(part));
    open(&mut s, ArticleRef { doc: 0, article: 1 });
    update(&mut s, Action::LoadFailed("mag.txt: file too large".into()));
    assert!(s.docs.is_empty());
    let Pane::List(l) = &s.pane else { panic!("back to the list") };
    assert!(l.rows.is_empty());
}
