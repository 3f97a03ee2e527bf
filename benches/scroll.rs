//! Cost of one scroll step (update + draw) for a 100 KB and a 50 MB
//! article, with and without find matches on screen. The layout is cached
//! and draw touches only visible lines, so the step must not grow with the
//! article: the 50 MB median should stay within 1.2× the 100 KB one.
//! Laying the article out (once, on open) is timed too.
//!
//! `cargo bench --bench scroll`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt;
use std::sync::Arc;

use divan::Bencher;
use quire::model::document::*;
use quire::state::{Action, AppState, Command, Edit, Pane, update};
use quire::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;

/// An article size; shown by divan as the case's name.
#[derive(Clone, Copy)]
struct Size {
    bytes: usize,
    label: &'static str,
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label)
    }
}

/// 100 KB and 50 MB; a test run, unoptimised, gets 10 KB and 100 KB.
fn sizes() -> [Size; 2] {
    common::sized(
        [
            Size { bytes: 100 * 1024, label: "100 KB" },
            Size { bytes: 50 * 1024 * 1024, label: "50 MB" },
        ],
        [Size { bytes: 10 * 1024, label: "10 KB" }, Size { bytes: 100 * 1024, label: "100 KB" }],
    )
}

fn main() {
    divan::main();
}

/// Prose paragraphs of about 1 KB, a heading every 40, code now and then,
/// until `bytes` of text.
fn article(bytes: usize) -> Article {
    let sentence = "Terminal readers trade pictures for speed and focus, and a good one wraps \
                    text to a comfortable measure while it keeps your place. ";
    let paragraph: String = sentence.repeat(1024 / sentence.len() + 1);
    let mut sections = Vec::new();
    let mut size = 0;
    while size < bytes {
        let mut blocks = Vec::new();
        for i in 0..40 {
            blocks.push(Block::Paragraph(Inline::text(paragraph.clone()).into()));
            if i % 10 == 5 {
                blocks
                    .push(Block::Code { lang: Some("rust".into()), text: "fn main() {}\n".into() });
            }
            size += paragraph.len();
        }
        let heading = format!("Section {}", sections.len() + 1);
        sections.push(Section { heading: Some(heading), level: 2, blocks });
    }
    Article::new("Synthetic".into(), ArticleKind::Article, sections)
}

/// A library holding the article, on the list: opening it lays it out.
fn loaded(bytes: usize) -> AppState {
    let article = article(bytes);
    let mut state = AppState::new((80, 24));
    let doc = Document {
        id: article.id,
        origin: "synthetic.md".into(),
        title: "Synthetic".into(),
        format: Format::Markdown,
        articles: vec![article],
        warnings: Vec::new(),
    };
    update(&mut state, Action::Loaded(Arc::new(doc)));
    state
}

/// The article open in the reader, scrolled to the middle, with find
/// matches for a word on every screen when `find` is set.
fn reading(bytes: usize, find: bool) -> AppState {
    let mut state = loaded(bytes);
    update(&mut state, Action::Command(Command::Open));
    let Pane::Reader(reader) = &mut state.pane else { panic!("the article did not open") };
    assert!(!reader.layout.lines.is_empty(), "the article was laid out to no lines");
    reader.top = reader.layout.lines.len() / 2;
    if find {
        update(&mut state, Action::Command(Command::Find));
        for c in "keeps".chars() {
            update(&mut state, Action::Edit(Edit::Insert(c)));
        }
        update(&mut state, Action::Edit(Edit::Submit));
    }
    state
}

/// One step, down or up in turn, so the view stays in the middle.
fn scroll(bencher: Bencher, size: Size, find: bool) {
    let mut state = reading(size.bytes, find);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::default();
    let mut down = true;
    bencher.bench_local(|| {
        let step = if down { Command::Down } else { Command::Up };
        down = !down;
        update(&mut state, Action::Command(step));
        terminal.draw(|f| draw(f, &state, &theme)).unwrap();
    });
}

#[divan::bench(args = sizes(), sample_size = 10)]
fn scroll_step(bencher: Bencher, size: Size) {
    scroll(bencher, size, false);
}

#[divan::bench(args = sizes(), sample_size = 10)]
fn scroll_step_with_find(bencher: Bencher, size: Size) {
    scroll(bencher, size, true);
}

/// Opening the article: the layout that every later step reuses.
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn open_and_lay_out(bencher: Bencher, size: Size) {
    bencher
        .with_inputs(|| loaded(size.bytes))
        .bench_local_refs(|state| update(state, Action::Command(Command::Open)));
}
