#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Selecting, highlighting, the highlights overlay and the note editor, as
//! key presses through the real keymap, with effects run against a real
//! store in a temporary directory.

use crate::common;

use std::sync::Arc;

use common::{article, document, para, section};
use quire::keymap::Key;
use quire::state::progress::StoreEffect;
use quire::state::{Action, AppState, Effect, Overlay, Pane, input, update};
use quire::store::{Store, SystemClock};
use quire::workers::persist::highlights::apply;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const TEXT: &str = "Hello brave world. Second sentence here.";

struct Harness {
    state: AppState,
    store: Store,
    _dir: tempfile::TempDir,
    effects: Vec<StoreEffect>,
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path(), Box::new(SystemClock)).unwrap();
        let mut h =
            Harness { state: AppState::new((80, 24)), store, _dir: dir, effects: Vec::new() };
        let a = article(
            "Notes",
            None,
            vec![section(None, vec![para(TEXT), para("Next paragraph, last one.")])],
        );
        h.dispatch(Action::Loaded(Arc::new(document("Mag", vec![a]))));
        h.press("enter");
        assert!(matches!(h.state.pane, Pane::Reader(_)));
        h
    }

    fn dispatch(&mut self, action: Action) {
        for effect in update(&mut self.state, action) {
            if let Effect::Store(e) = effect {
                self.effects.push(e.clone());
                let docs = self.state.docs.clone();
                for a in apply(&mut self.store, e, &docs, std::path::Path::new("/nonexistent")) {
                    self.dispatch(a);
                }
            }
        }
    }

    /// Space-separated key notations.
    fn press(&mut self, keys: &str) {
        for k in keys.split(' ') {
            let key = Key::parse(k).unwrap();
            let keymap = self.state.keymap.clone();
            if let Some(a) = input::translate(&self.state, &keymap, key) {
                self.dispatch(a);
            }
        }
    }

    fn highlights(&self) -> Vec<quire::model::highlight::Highlight> {
        let id = self.state.docs[0].id.to_string();
        self.store.document(&id).highlights
    }

    fn screen(&self) -> String {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| quire::ui::draw(f, &self.state, &quire::ui::Theme::default())).unwrap();
        t.backend().to_string()
    }
}

fn quotes(h: &Harness) -> Vec<String> {
    h.highlights().into_iter().map(|h| h.anchor.quote.exact).collect()
}

#[test]
fn v_word_ends_and_enter_save_the_exact_quote() {
    let mut h = Harness::new();
    h.press("v e e enter");
    assert_eq!(quotes(&h), ["Hello brave"]);
    assert_eq!(h.highlights()[0].colour, "yellow");
    let Some(StoreEffect::AddHighlight(new)) =
        h.effects.iter().find(|e| matches!(e, StoreEffect::AddHighlight(_)))
    else {
        panic!("{:?}", h.effects)
    };
    assert_eq!(new.anchor.position.start, 0);
    assert_eq!(new.anchor.position.end, 11);
}

#[test]
fn digits_pick_colours_and_b_goes_back_a_word_while_selecting() {
    let mut h = Harness::new();
    h.press("w v ) b 3");
    assert_eq!(quotes(&h), ["brave w"], "b is a word back, not a page up");
    assert_eq!(h.highlights()[0].colour, "blue");
    h.press("esc");
    assert!(matches!(h.state.pane, Pane::List(_)), "after saving, esc leaves the reader");
}

#[test]
fn big_h_highlights_the_sentence_and_survives_a_resize() {
    let mut h = Harness::new();
    h.press(") H");
    assert_eq!(quotes(&h), ["Second sentence here."]);
    h.dispatch(Action::Resize(50, 20));
    h.dispatch(Action::Resize(80, 24));
    let Pane::Reader(r) = &h.state.pane else { panic!() };
    let article_id = h.state.docs[0].articles[0].id.to_string();
    let placed = h.state.marks.placed(&article_id);
    assert_eq!((placed[0].start, placed[0].end), (19, 40));
    assert!(r.layout.lines.len() > 1);
}

#[test]
fn a_opens_the_note_editor_and_ctrl_s_saves_the_note() {
    let mut h = Harness::new();
    h.press("v e a");
    assert!(matches!(h.state.overlay, Some(Overlay::Note(_))));
    assert!(quotes(&h).is_empty(), "saved with its note, when the editor closes");
    h.press("H i enter t h e r e ctrl-s");
    let saved = h.highlights();
    assert_eq!(saved[0].anchor.quote.exact, "Hello");
    assert_eq!(saved[0].note.as_deref(), Some("Hi\nthere"));
    assert!(h.state.overlay.is_none());
}

#[test]
fn esc_with_changes_asks_once_then_discards() {
    let mut h = Harness::new();
    h.press("H \" n x esc");
    assert!(matches!(h.state.overlay, Some(Overlay::Note(_))), "first esc only asks");
    h.press("esc");
    assert!(h.state.overlay.is_none());
    assert_eq!(h.highlights()[0].note, None);
}

#[test]
fn the_overlay_lists_in_reading_order_deletes_undoes_and_recolours() {
    let mut h = Harness::new();
    h.press(") H");
    h.press("g v e enter");
    h.press("\"");
    let screen = h.screen();
    let first = screen.find("Hello").unwrap();
    let second = screen.find("Second sentence").unwrap();
    assert!(first < second, "reading order, not creation order:\n{screen}");
    h.press("j");
    assert_eq!(h.state.overlay, Some(Overlay::Highlights { selected: 1 }));
    h.press("c");
    let colours: Vec<String> = h.highlights().into_iter().map(|x| x.colour).collect();
    assert!(colours.contains(&"green".to_string()), "{colours:?}");
    h.press("d");
    assert_eq!(quotes(&h), ["Hello"]);
    let deleted_id = match &h.effects.last() {
        Some(StoreEffect::DeleteHighlight { id, .. }) => id.clone(),
        other => panic!("{other:?}"),
    };
    h.press("u");
    let back = h.highlights();
    assert_eq!(back.len(), 2);
    assert!(back.iter().any(|x| x.id == deleted_id), "same id after undo");
    h.press("q");
    assert!(h.state.overlay.is_none());
}

#[test]
fn enter_in_the_overlay_jumps_to_the_highlight() {
    let mut h = Harness::new();
    h.press("} H \" enter");
    let Pane::Reader(r) = &h.state.pane else { panic!() };
    assert_eq!(quire::state::selection::cursor(r), 42);
    assert!(h.state.overlay.is_none());
}

#[test]
fn e_asks_the_runner_to_export_the_document() {
    let mut h = Harness::new();
    h.press("E");
    let doc = h.state.docs[0].id;
    let format = quire::export::Format::Markdown;
    assert_eq!(h.effects.last(), Some(&StoreEffect::Export { doc, format }));
}

#[test]
fn e_exports_in_the_configured_format() {
    for format in [quire::export::Format::Kindle, quire::export::Format::Readwise] {
        let mut h = Harness::new();
        h.state.export_format = format;
        h.press("E");
        let doc = h.state.docs[0].id;
        assert_eq!(h.effects.last(), Some(&StoreEffect::Export { doc, format }));
    }
}

#[test]
fn render_selection_highlight_and_overlay_80x24() {
    let mut h = Harness::new();
    h.press("H w w v e");
    insta::assert_snapshot!("reader_selection_80x24", h.screen());
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| quire::ui::draw(f, &h.state, &quire::ui::Theme::default())).unwrap();
    let buf = t.backend().buffer();
    let yellow = ratatui::style::Color::Rgb(0xf5, 0xd7, 0x6e);
    assert_eq!(buf[(1, 2)].bg, yellow, "the highlight is drawn in its colour");
    let reversed = ratatui::style::Modifier::REVERSED;
    assert!(buf[(13, 2)].modifier.contains(reversed), "the selection is reversed");
    assert!(!buf[(19, 2)].modifier.contains(reversed), "and ends after the word");
    h.press("esc \"");
    insta::assert_snapshot!("highlights_overlay_80x24", h.screen());
    h.press("n N o t e");
    insta::assert_snapshot!("note_editor_80x24", h.screen());
}

/// Highlights are placed in their own articles when the reader shares
/// its text for the open one: the open article is the second here, and
/// each highlight's quote is in one article only.
#[test]
fn highlights_are_placed_in_their_own_articles_beside_the_open_one() {
    use quire::model::anchor::anchor_for;
    use quire::model::highlight::Highlight;
    use quire::model::text::article_text;
    let first = article("One", None, vec![section(None, vec![para("Alpha words stand here.")])]);
    let second = article("Two", None, vec![section(None, vec![para("Beta text sits there.")])]);
    let doc = Arc::new(document("Mag", vec![first, second]));
    let mut s = AppState::new((80, 24));
    update(&mut s, Action::Loaded(doc.clone()));
    update(&mut s, Action::LoadDone);
    update(&mut s, Action::Command(quire::state::Command::Down));
    update(&mut s, Action::Command(quire::state::Command::Open));
    let Pane::Reader(r) = &s.pane else { panic!("the reader is open") };
    assert_eq!(r.at.article, 1);
    let highlight = |i: usize, start: usize, end: usize| Highlight {
        id: format!("h{i}"),
        article_id: doc.articles[i].id.to_string(),
        anchor: anchor_for(&article_text(&doc.articles[i]), start, end),
        colour: "yellow".into(),
        note: None,
        created: Default::default(),
        updated: Default::default(),
    };
    let highlights = vec![highlight(0, 6, 11), highlight(1, 5, 9)];
    update(&mut s, Action::HighlightsLoaded { doc: doc.id, highlights });
    for (i, range) in [(0, (6, 11)), (1, (5, 9))] {
        let placed = s.marks.placed(&doc.articles[i].id.to_string());
        assert_eq!(placed.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>(), [range]);
    }
}
