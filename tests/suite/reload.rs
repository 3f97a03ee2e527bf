#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A library file changed on disk: `Action::Reloaded` swaps the document
//! in place and keeps every pane pointing at valid text.

use std::sync::Arc;

use quire::model::document::Document;
use quire::model::loader::load;
use quire::model::text::article_text;
use quire::state::progress::{StoreEffect, cursor_key};
use quire::state::{Action, AppState, ArticleRef, Command, Effect, Overlay, Pane, Row, update};
use quire::strings;

const V1: &str = "# One\n\nAlpha opening words of the first article.\n\n\
The marker sentence sits in the middle here.\n\n\
# Two\n\nBeta text of the second article.\n";

fn doc(origin: &str, text: &str) -> Arc<Document> {
    Arc::new(load(origin, text.as_bytes()).unwrap())
}

fn loaded(docs: &[Arc<Document>]) -> AppState {
    let mut s = AppState::new((80, 24));
    for d in docs {
        update(&mut s, Action::Loaded(d.clone()));
    }
    s
}

fn offset_of(d: &Document, article: usize, needle: &str) -> usize {
    let text = article_text(&d.articles[article]);
    text[..text.find(needle).unwrap()].chars().count()
}

/// Opens `at` in the reader at `offset`.
fn open_at(s: &mut AppState, at: ArticleRef) {
    let Pane::List(l) = &mut s.pane else { panic!("expected the list") };
    l.cursor = l.rows.iter().position(|r| *r == Row::Article(at)).unwrap();
    update(s, Action::Command(Command::Open));
}

fn reader_at(s: &AppState) -> (ArticleRef, usize) {
    match &s.pane {
        Pane::Reader(r) => (r.at, r.anchor),
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}

#[test]
fn replaces_in_place_and_emits_what_a_load_does() {
    let other = doc("other.md", "# Other\n\nSomething else.\n");
    let v1 = doc("notes.md", V1);
    let mut s = loaded(&[v1.clone(), other.clone()]);
    let v2 = doc("notes.md", &V1.replace("Beta text", "Gamma text"));
    let cursor = cursor_key(&s);
    let effects = update(&mut s, Action::Reloaded(v2.clone()));
    assert_eq!(s.docs.len(), 2, "replaced, not appended");
    assert!(Arc::ptr_eq(&s.docs[0], &v2));
    assert!(Arc::ptr_eq(&s.docs[1], &other));
    assert_eq!(
        effects,
        vec![
            Effect::Store(StoreEffect::Replaced { doc: 0, cursor }),
            Effect::Reindex { doc: 0, document: v2.clone() },
            Effect::Store(StoreEffect::LoadHighlights { doc: v2.id }),
        ]
    );
    assert_eq!(s.status.message.as_deref(), Some("Reloaded notes.md"));
}

#[test]
fn unchanged_or_unknown_files_change_nothing() {
    let v1 = doc("notes.md", V1);
    let mut s = loaded(std::slice::from_ref(&v1));
    assert!(update(&mut s, Action::Reloaded(doc("notes.md", V1))).is_empty());
    assert!(update(&mut s, Action::Reloaded(doc("elsewhere.md", "# X\n\ny\n"))).is_empty());
    assert!(Arc::ptr_eq(&s.docs[0], &v1));
    assert_eq!(s.docs.len(), 1);
    assert_eq!(s.status.message, None);
}

#[test]
fn the_open_reader_stays_on_the_same_text() {
    let v1 = doc("notes.md", V1);
    let mut s = loaded(std::slice::from_ref(&v1));
    open_at(&mut s, ArticleRef { doc: 0, article: 0 });
    let marker = offset_of(&v1, 0, "The marker");
    if let Pane::Reader(r) = &mut s.pane {
        r.anchor = marker;
    }
    // Text inserted before the marker moves it.
    let edited = V1.replace("Alpha opening", "A brand new paragraph first.\n\nAlpha opening");
    let v2 = doc("notes.md", &edited);
    update(&mut s, Action::Reloaded(v2.clone()));
    let (at, anchor) = reader_at(&s);
    assert_eq!(at, ArticleRef { doc: 0, article: 0 });
    assert_eq!(anchor, offset_of(&v2, 0, "The marker"));
    assert_ne!(anchor, marker);
    let Pane::Reader(r) = &s.pane else { unreachable!() };
    assert_eq!(r.layout.lines.len(), {
        let a = &v2.articles[0];
        quire::model::layout::layout_article_with(a, r.width, Default::default()).lines.len()
    });
}

#[test]
fn a_reader_past_the_last_article_is_clamped_and_the_list_rebuilt() {
    let v1 = doc("notes.md", V1);
    let mut s = loaded(&[v1]);
    open_at(&mut s, ArticleRef { doc: 0, article: 1 });
    s.overlay = Some(Overlay::Contents { selected: 0 });
    let v2 = doc("notes.md", "# One\n\nOnly one article now.\n");
    assert_eq!(v2.articles.len(), 1);
    update(&mut s, Action::Reloaded(v2));
    let (at, anchor) = reader_at(&s);
    assert_eq!(at, ArticleRef { doc: 0, article: 0 });
    assert!(anchor <= article_text(&s.docs[0].articles[0]).chars().count());
    assert!(s.overlay.is_none(), "the old article's contents are gone");
    let Pane::Reader(r) = &s.pane else { unreachable!() };
    assert!(r.list.rows.iter().all(|row| match row {
        Row::Article(a) => s.article(*a).is_some(),
        Row::Doc(d) => *d < s.docs.len(),
    }));
    // Back in the list, every row is valid and the cursor is on one.
    update(&mut s, Action::Command(Command::Back));
    let Pane::List(l) = &s.pane else { panic!("expected the list") };
    assert!(l.cursor < l.rows.len());
    assert_eq!(l.rows, [Row::Doc(0), Row::Article(ArticleRef { doc: 0, article: 0 })]);
}

#[test]
fn a_reader_on_another_document_is_left_alone() {
    let v1 = doc("notes.md", V1);
    let other = doc("other.md", "# Other\n\nSomething else entirely.\n");
    let mut s = loaded(&[v1, other]);
    open_at(&mut s, ArticleRef { doc: 1, article: 0 });
    s.overlay = Some(Overlay::Contents { selected: 0 });
    update(&mut s, Action::Reloaded(doc("notes.md", "# One\n\nShorter.\n")));
    assert_eq!(reader_at(&s).0, ArticleRef { doc: 1, article: 0 });
    assert!(s.overlay.is_some());
}

/// The document as the catalogue's manifest lists it: no blocks.
/// A document as a warm start lists it: its articles without sections.
fn outline_of(d: &Document) -> Arc<Document> {
    let mut outline = d.clone();
    outline.articles.iter_mut().for_each(|a| a.sections.clear());
    Arc::new(outline)
}

#[test]
fn listed_outlines_fill_in_place_and_look_up_their_state_only_then() {
    let (v1, other) = (doc("notes.md", V1), doc("other.md", "# Other\n\nSomething else.\n"));
    let mut s = AppState::new((80, 24));
    let effects = update(&mut s, Action::Listed(outline_of(&v1)));
    assert!(matches!(effects.as_slice(), [Effect::Index(_)]), "{effects:?}");
    update(&mut s, Action::Listed(outline_of(&other)));
    update(&mut s, Action::LoadDone);
    assert_eq!(s.docs.len(), 2);
    assert_eq!(s.status.loading, None, "the list is complete");
    update(&mut s, Action::FillProgress { done: 0, total: 2 });
    assert_eq!(s.status.filling, Some((0, 2)));
    // Opened before its text arrived: the reader shows it once it does.
    let at = ArticleRef { doc: 0, article: 0 };
    open_at(&mut s, at);
    let effects = update(&mut s, Action::Filled(v1.clone()));
    assert!(Arc::ptr_eq(&s.docs[0], &v1));
    assert_eq!(
        effects,
        vec![
            Effect::Reindex { doc: 0, document: v1.clone() },
            Effect::Store(StoreEffect::Lookup { doc: 0 }),
            Effect::Store(StoreEffect::LoadHighlights { doc: v1.id }),
        ]
    );
    assert_eq!(reader_at(&s).0, at);
    let Pane::Reader(r) = &s.pane else { panic!("expected the reader") };
    assert!(r.text.contains("marker sentence"), "laid out again");
    update(&mut s, Action::FillProgress { done: 2, total: 2 });
    assert_eq!(s.status.filling, None);
    // A file that changed between listing and filling: a reload.
    let changed = doc("other.md", "# Other\n\nChanged since.\n");
    update(&mut s, Action::Filled(changed.clone()));
    assert!(Arc::ptr_eq(&s.docs[1], &changed));
    assert_eq!(s.docs.len(), 2);
}

/// `G` on an outline whose text is still being read: the reader is at
/// the end once the text arrives. Near misses: `G` then `g`, and no key,
/// leave it at the top.
#[test]
fn the_end_asked_for_before_the_text_arrives_is_where_it_opens() {
    let text: String = (1..=60).map(|n| format!("Paragraph {n} of a long article.\n\n")).collect();
    let long = doc("long.md", &format!("# Long\n\n{text}"));
    let top_after = |keys: &[Command]| {
        let mut s = AppState::new((80, 24));
        update(&mut s, Action::Listed(outline_of(&long)));
        update(&mut s, Action::LoadDone);
        open_at(&mut s, ArticleRef { doc: 0, article: 0 });
        for key in keys {
            update(&mut s, Action::Command(*key));
        }
        update(&mut s, Action::Filled(long.clone()));
        let Pane::Reader(r) = &s.pane else { panic!("expected the reader") };
        (r.top, r.layout.lines.len())
    };
    let (top, lines) = top_after(&[Command::Last]);
    assert!(top > 0 && top + 24 >= lines, "at the end: top {top} of {lines} lines");
    assert_eq!(top_after(&[Command::Last, Command::First]).0, 0);
    assert_eq!(top_after(&[]).0, 0);
}

#[test]
fn an_outline_opened_before_its_text_says_it_is_coming_and_stops_saying_so() {
    let v1 = doc("notes.md", V1);
    let mut s = AppState::new((80, 24));
    update(&mut s, Action::Listed(outline_of(&v1)));
    update(&mut s, Action::LoadDone);
    open_at(&mut s, ArticleRef { doc: 0, article: 0 });
    assert_eq!(s.status.message.as_deref(), Some(strings::TEXT_STILL_LOADING));
    update(&mut s, Action::Filled(v1.clone()));
    assert_eq!(s.status.message, None, "the text is there");
    // Near miss: a whole document never shows the note.
    let mut whole = loaded(&[v1]);
    open_at(&mut whole, ArticleRef { doc: 0, article: 1 });
    assert_ne!(whole.status.message.as_deref(), Some(strings::TEXT_STILL_LOADING));
}

#[test]
fn a_removed_file_leaves_the_list_and_search_and_may_come_back_as_new() {
    let (v1, other) = (doc("notes.md", V1), doc("other.md", "# Other\n\nSomething else.\n"));
    let mut s = loaded(&[v1.clone(), other.clone()]);
    let effects = update(&mut s, Action::Removed("notes.md".into()));
    let [Effect::Reindex { doc: 0, document }] = effects.as_slice() else {
        panic!("expected an emptied index entry, got {effects:?}")
    };
    assert!(document.articles.is_empty());
    let Pane::List(l) = &s.pane else { panic!("expected the list") };
    assert!(
        l.rows.iter().all(|r| !matches!(r, Row::Doc(0) | Row::Article(ArticleRef { doc: 0, .. })))
    );
    assert!(l.rows.contains(&Row::Doc(1)));
    assert!(s.status.message.as_deref().unwrap_or("").contains("notes.md"));
    assert!(update(&mut s, Action::Removed("notes.md".into())).is_empty(), "gone once");
    // Back again (or moved back): a new document; reloads go to it.
    update(&mut s, Action::Loaded(v1.clone()));
    let v2 = doc("notes.md", &V1.replace("Beta text", "Gamma text"));
    update(&mut s, Action::Reloaded(v2.clone()));
    assert!(Arc::ptr_eq(&s.docs[2], &v2));
    assert!(Arc::ptr_eq(&s.docs[0], &v1), "the removed slot is left alone");
}
