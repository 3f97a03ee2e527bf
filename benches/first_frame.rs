//! Time to first frame while a 100 MB library loads in the background:
//! the same startup as `run_tui`, with a `TestBackend` for the terminal.
//! The event stream notes when it is first polled, which happens right
//! after the first frame is drawn.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::io;
use std::rc::Rc;
use std::task::Poll;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures_util::stream;
use quire::app::App;
use quire::state::{Action, AppState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::unbounded_channel;

const FILES: usize = 100;
const FILE_BYTES: usize = 1024 * 1024;

fn library(dir: &std::path::Path) {
    let sentence = "Terminal readers trade pictures for speed and focus, and keep your place. ";
    let paragraph = sentence.repeat(14);
    for f in 0..FILES {
        let mut text = format!("# Issue {f}\n\n");
        while text.len() < FILE_BYTES {
            text.push_str(&format!("## Article {}\n\n", text.len()));
            for _ in 0..20 {
                text.push_str(&paragraph);
                text.push_str("\n\n");
            }
        }
        std::fs::write(dir.join(format!("issue-{f:03}.md")), text).unwrap();
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut frames = Vec::new();
    for _ in 0..5 {
        frames.push(runtime.block_on(first_frame(dir.path())));
    }
    frames.sort();
    println!("library: {FILES} files, {} MB", FILES * FILE_BYTES / (1024 * 1024));
    println!(
        "time to first frame: median {:.2?} (min {:.2?}, max {:.2?}; target < 150 ms)",
        frames[frames.len() / 2],
        frames[0],
        frames[frames.len() - 1]
    );
    let start = Instant::now();
    let (tx, mut rx) = unbounded_channel();
    quire::workers::load::spawn(vec![dir.path().to_path_buf()], move |a| tx.send(a).is_ok())
        .unwrap();
    let mut docs = 0;
    while let Some(action) = rx.blocking_recv() {
        match action {
            Action::Loaded(_) => docs += 1,
            Action::LoadDone => break,
            _ => {}
        }
    }
    println!("whole library loaded in the background: {docs} documents in {:.2?}", start.elapsed());
}

async fn first_frame(dir: &std::path::Path) -> Duration {
    let start = Instant::now();
    let (tx, rx) = unbounded_channel();
    quire::workers::load::spawn(vec![dir.to_path_buf()], move |a| tx.send(a).is_ok()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(AppState::new((80, 24)), Box::new(|_| Ok(())));
    let drawn: Rc<Cell<Option<Instant>>> = Rc::new(Cell::new(None));
    let seen = drawn.clone();
    let quit = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let mut sent = false;
    let events = stream::poll_fn(move |_| -> Poll<Option<io::Result<Event>>> {
        if seen.get().is_none() {
            seen.set(Some(Instant::now()));
        }
        if sent {
            Poll::Ready(None)
        } else {
            sent = true;
            Poll::Ready(Some(Ok(quit.clone())))
        }
    });
    app.run(&mut terminal, events, rx).await.unwrap();
    drawn.get().unwrap().duration_since(start)
}
