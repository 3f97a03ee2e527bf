//! Cost of one scroll step (update + draw) for a 100 KB and a 50 MB
//! article. The layout is cached and draw touches only visible lines, so
//! the ratio should stay near 1 (the target is at most 1.2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use quire::model::document::*;
use quire::state::{Action, AppState, Command, Edit, Pane, update};
use quire::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const STEPS: usize = 1000;
const ROUNDS: usize = 9;

/// Prose paragraphs of about 1 KB, a heading every 40, a list and code
/// now and then, until `bytes` of text.
fn article(bytes: usize) -> Article {
    let sentence = "Terminal readers trade pictures for speed and focus, and a good one wraps \
                    text to a comfortable measure while it keeps your place. ";
    let paragraph: String = sentence.repeat(1024 / sentence.len() + 1);
    let mut sections = Vec::new();
    let mut size = 0;
    while size < bytes {
        let mut blocks = Vec::new();
        for i in 0..40 {
            blocks.push(Block::Paragraph(vec![Inline::text(paragraph.clone())]));
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

fn state_for(article: Article) -> (AppState, Duration) {
    let mut s = AppState::new((80, 24));
    let doc = Document {
        id: article.id,
        origin: "synthetic.md".into(),
        title: "Synthetic".into(),
        format: Format::Markdown,
        articles: vec![article],
        warnings: Vec::new(),
    };
    update(&mut s, Action::Loaded(Arc::new(doc)));
    let start = Instant::now();
    update(&mut s, Action::Command(Command::Open));
    let layout = start.elapsed();
    // Scroll from the middle, with find matches highlighted on screen.
    if let Pane::Reader(r) = &mut s.pane {
        r.top = r.layout.lines.len() / 2;
    }
    (s, layout)
}

fn median_step(s: &mut AppState) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::default();
    let mut times = Vec::with_capacity(STEPS);
    for i in 0..STEPS {
        let c = if i % 2 == 0 { Command::Down } else { Command::Up };
        let start = Instant::now();
        update(s, Action::Command(c));
        terminal.draw(|f| draw(f, s, &theme)).unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    times[STEPS / 2]
}

/// A prepared reader and a label for the report.
struct Case {
    label: String,
    state: AppState,
}

fn case(label: &str, bytes: usize, find: bool) -> Case {
    let (mut state, layout) = state_for(article(bytes));
    if find {
        update(&mut state, Action::Command(Command::Find));
        for c in "keeps".chars() {
            update(&mut state, Action::Edit(Edit::Insert(c)));
        }
        update(&mut state, Action::Edit(Edit::Submit));
    }
    let lines = match &state.pane {
        Pane::Reader(r) => r.layout.lines.len(),
        _ => 0,
    };
    println!("{label:>16}: {lines:>8} lines, laid out in {layout:.2?}");
    Case { label: label.into(), state }
}

/// Rounds alternate between the cases, so noise from other processes on
/// the machine hits both alike; each case reports its median round.
fn compare(small: &mut Case, large: &mut Case) {
    let mut rounds: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..ROUNDS {
        rounds[0].push(median_step(&mut small.state));
        rounds[1].push(median_step(&mut large.state));
    }
    let mut result = [Duration::ZERO; 2];
    for (i, mut r) in rounds.into_iter().enumerate() {
        r.sort();
        result[i] = r[r.len() / 2];
    }
    for (case, step) in [(&small, result[0]), (&large, result[1])] {
        println!("{:>16}: median update + draw per scroll step {step:.2?}", case.label);
    }
    let ratio = result[1].as_secs_f64() / result[0].as_secs_f64();
    println!("{:>16}: {ratio:.2} (target <= 1.2)", "ratio");
}

fn main() {
    for find in [false, true] {
        let tag = if find { " + find" } else { "" };
        let mut small = case(&format!("100 KB{tag}"), 100 * 1024, find);
        let mut large = case(&format!("50 MB{tag}"), 50 * 1024 * 1024, find);
        compare(&mut small, &mut large);
    }
}
