//! Time to first frame while a library loads in the background: the same
//! startup as `run_tui`, with a `TestBackend` for the terminal and an event
//! stream that quits as soon as it is first polled (right after the first
//! frame is drawn). Libraries of 10 and 100 MB: the first frame must not
//! wait for the library, so it should not grow with it (target < 150 ms).
//! Loading the whole library in the background is timed too.
//!
//! `cargo bench --bench first_frame`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt;
use std::io;
use std::path::Path;
use std::task::Poll;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use futures_util::stream;
use quire::app::App;
use quire::state::{Action, AppState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::unbounded_channel;

mod common;

/// A library of `files` Markdown files of `file_bytes` each; shown by divan
/// as its size.
#[derive(Clone, Copy)]
struct LibrarySize {
    files: usize,
    file_bytes: usize,
}

impl fmt::Display for LibrarySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kb = self.files * self.file_bytes / 1024;
        match kb {
            ..1024 => write!(f, "{} files, {kb} KB", self.files),
            _ => write!(f, "{} files, {} MB", self.files, kb / 1024),
        }
    }
}

/// 10 and 100 files of 1 MB; a test run, unoptimised, gets 2 and 4 files
/// of 64 KB.
fn sizes() -> [LibrarySize; 2] {
    let (file_bytes, counts) = common::sized((1024 * 1024, [10, 100]), (64 * 1024, [2, 4]));
    counts.map(|files| LibrarySize { files, file_bytes })
}

fn main() {
    divan::main();
}

fn write_library(dir: &Path, size: LibrarySize) {
    let sentence = "Terminal readers trade pictures for speed and focus, and keep your place. ";
    let paragraph = sentence.repeat(14);
    for f in 0..size.files {
        let mut text = format!("# Issue {f}\n\n");
        while text.len() < size.file_bytes {
            text.push_str(&format!("## Article {}\n\n", text.len()));
            for _ in 0..20 {
                text.push_str(&paragraph);
                text.push_str("\n\n");
            }
        }
        std::fs::write(dir.join(format!("issue-{f:03}.md")), text).unwrap();
    }
}

/// From spawning the loader to the first frame, and the quit right after.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn first_frame(bencher: Bencher, size: LibrarySize) {
    let dir = tempfile::tempdir().unwrap();
    write_library(dir.path(), size);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    bencher.bench_local(|| runtime.block_on(start_and_quit(dir.path())));
}

async fn start_and_quit(dir: &Path) {
    let (tx, rx) = unbounded_channel();
    quire::workers::load::spawn(vec![dir.to_path_buf()], move |a| tx.send(a).is_ok()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(AppState::new((80, 24)), Box::new(|_| Ok(())));
    let quit = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let mut sent = false;
    let events = stream::poll_fn(move |_| -> Poll<Option<io::Result<Event>>> {
        if sent {
            Poll::Ready(None)
        } else {
            sent = true;
            Poll::Ready(Some(Ok(quit.clone())))
        }
    });
    app.run(&mut terminal, events, rx).await.unwrap();
}

/// The loader worker reading and loading every file, as it does behind the
/// first frame; every file must arrive as a document.
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn whole_library_in_background(bencher: Bencher, size: LibrarySize) {
    let dir = tempfile::tempdir().unwrap();
    write_library(dir.path(), size);
    bencher.bench_local(|| {
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
        assert_eq!(docs, size.files, "every file should load as a document");
    });
}
