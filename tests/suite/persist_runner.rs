#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The runner with a real store in a temp dir, a scripted event stream and
//! paused tokio time: debounced saves, saves on quit, failed saves.

use std::fs::File;
use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures_util::{FutureExt, Stream};
use quire::app::App;
use quire::model::document::Document;
use quire::model::layout::layout_article;
use quire::model::loader::load;
use quire::state::geometry::text_width;
use quire::state::{Action, AppState, DEFAULT_READING_WIDTH};
use quire::store::{Clock, Io, SESSION_FILE, Store, record_path};
use quire::workers::persist::{DEBOUNCE, Persist, RETRY, SaveCount};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::sync::watch;
use tokio::time::{Instant, sleep};

const SIZE: (u16, u16) = (60, 14);

struct Fixed;
impl Clock for Fixed {
    fn now(&self) -> u64 {
        1_000
    }
}

/// Fails the first `failures` writes with "no space left on device".
struct DiskFull {
    failures: Arc<AtomicUsize>,
}

impl Io for DiskFull {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        let left = self.failures.load(Ordering::SeqCst);
        if left > 0 {
            self.failures.store(left - 1, Ordering::SeqCst);
            return Err(io::Error::from_raw_os_error(28));
        }
        file.write_all(bytes)
    }
    fn fsync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
}

fn doc() -> Arc<Document> {
    let mut text = String::from("# Notes\n\n");
    for i in 1..=60 {
        text.push_str(&format!("Paragraph {i} is one of many in this long test article.\n\n"));
    }
    Arc::new(load("notes.md", text.as_bytes()).unwrap())
}

fn key(c: char) -> io::Result<Event> {
    let code = if c == '\r' { KeyCode::Enter } else { KeyCode::Char(c) };
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

type Keys = UnboundedSender<io::Result<Event>>;

/// A stream fed by the test, ending when the sender is dropped.
fn keys() -> (Keys, impl Stream<Item = io::Result<Event>> + Unpin) {
    let (tx, rx) = unbounded_channel();
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (e, rx)) });
    (tx, Box::pin(stream))
}

fn start(data: &Path, failures: usize) -> (App, Arc<AtomicUsize>) {
    let failing = Arc::new(AtomicUsize::new(failures));
    let io = DiskFull { failures: failing.clone() };
    let dir = data.to_path_buf();
    let persist =
        Persist::start(move || Store::open_with(&dir, Box::new(Fixed), Box::new(io)), false);
    let app = App::new(AppState::new(SIZE), Box::new(|_| Ok(()))).with_persist(persist);
    (app, failing)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap()
}

/// The saved offset of the article, read straight from the file.
fn saved_offset(data: &Path, doc: &Document) -> Option<u64> {
    let bytes = std::fs::read(record_path(data, &doc.id.to_string())).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let article = doc.articles[0].id.to_string();
    let entry = &json["progress"][article];
    entry["anchor"]["position"]["start"].as_u64()
}

/// The offset of line `top` of the article at the test size.
fn offset_of_line(doc: &Document, top: usize) -> u64 {
    let layout = layout_article(&doc.articles[0], text_width(SIZE, DEFAULT_READING_WIDTH));
    layout.lines[top].offset as u64
}

async fn until(saves: &mut watch::Receiver<SaveCount>, want: impl Fn(SaveCount) -> bool) {
    saves.wait_for(|n| want(*n)).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn moves_are_coalesced_into_one_save_two_seconds_after_the_last() {
    let data = tempfile::tempdir().unwrap();
    let (mut app, _) = start(data.path(), 0);
    let mut saves = app.store_saves();
    app.dispatch(Action::Loaded(doc()));
    let (_bg, background) = unbounded_channel();
    let (tx, events) = keys();
    let script = async {
        tx.send(key('\r')).unwrap();
        for _ in 0..10 {
            sleep(Duration::from_millis(300)).await;
            tx.send(key('j')).unwrap();
        }
        sleep(Duration::from_millis(1)).await;
        let last = Instant::now();
        sleep(DEBOUNCE - Duration::from_millis(100)).await;
        assert_eq!(*saves.borrow(), SaveCount::default(), "nothing saved while reading");
        assert_eq!(saved_offset(data.path(), &doc()), None);
        until(&mut saves, |n| n.written > 0).await;
        assert!(Instant::now() >= last + DEBOUNCE - Duration::from_millis(1));
        assert_eq!(saves.borrow().written, 1, "one save for all the moves");
        assert_eq!(saved_offset(data.path(), &doc()), Some(offset_of_line(&doc(), 10)));
        tx.send(key('Q')).unwrap();
    };
    let mut terminal = terminal();
    let (result, ()) = tokio::join!(app.run(&mut terminal, events, background), script);
    result.unwrap();
    assert!(app.state.quitting);
}

#[tokio::test(start_paused = true)]
async fn quitting_saves_at_once() {
    let data = tempfile::tempdir().unwrap();
    let (mut app, _) = start(data.path(), 0);
    app.dispatch(Action::Loaded(doc()));
    let (_bg, background) = unbounded_channel();
    let (tx, events) = keys();
    for c in ['\r', 'j', 'j', 'j', 'Q'] {
        tx.send(key(c)).unwrap();
    }
    let start = Instant::now();
    app.run(&mut terminal(), events, background).await.unwrap();
    assert!(Instant::now() < start + DEBOUNCE, "did not wait for the debounce");
    assert_eq!(saved_offset(data.path(), &doc()), Some(offset_of_line(&doc(), 3)));
    let json = std::fs::read_to_string(data.path().join(SESSION_FILE)).unwrap();
    assert!(
        json.contains(&format!("\"list_cursor\": {{\n    \"value\": \"{}\"", doc().articles[0].id))
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_save_is_shown_retried_and_blocks_the_first_quit() {
    let data = tempfile::tempdir().unwrap();
    // The first save, its retry and the save when input ends all fail.
    let (mut app, failing) = start(data.path(), 3);
    let mut saves = app.store_saves();
    app.dispatch(Action::Loaded(doc()));
    let (_bg, background) = unbounded_channel();
    let (tx, events) = keys();
    let script = async {
        tx.send(key('\r')).unwrap();
        tx.send(key('j')).unwrap();
        until(&mut saves, |n| n.failed == 1).await;
        let failed_at = Instant::now();
        until(&mut saves, |n| n.failed == 2).await;
        assert!(Instant::now() >= failed_at + RETRY, "retried after {RETRY:?}");
        // The first quit only warns; then input ends, and that save fails.
        tx.send(key('Q')).unwrap();
        sleep(Duration::from_millis(10)).await;
        drop(tx);
    };
    let mut terminal = terminal();
    let (result, ()) = tokio::join!(app.run(&mut terminal, events, background), script);
    result.unwrap();
    assert_eq!(saves.borrow().failed, 3);
    assert!(!app.state.quitting);
    let msg = app.state.status.message.clone().unwrap();
    assert!(msg.contains("Unsaved changes") && msg.contains("No space left"), "{msg}");
    assert_eq!(saved_offset(data.path(), &doc()), None);
    // The disk has room again: the next quit saves and quits.
    assert_eq!(failing.load(Ordering::SeqCst), 0);
    let (tx, events) = keys();
    tx.send(key('Q')).unwrap();
    let (_bg, background) = unbounded_channel();
    app.run(&mut terminal, events, background).await.unwrap();
    assert!(app.state.quitting);
    assert_eq!(saved_offset(data.path(), &doc()), Some(offset_of_line(&doc(), 1)));
}

#[tokio::test(start_paused = true)]
async fn bookmarks_are_saved_at_once_and_come_back_on_restart() {
    let data = tempfile::tempdir().unwrap();
    let (mut app, _) = start(data.path(), 0);
    let mut saves = app.store_saves();
    app.dispatch(Action::Loaded(doc()));
    let (_bg, background) = unbounded_channel();
    let (tx, events) = keys();
    let script = async {
        for c in ['\r', '5', 'j', 'm'] {
            tx.send(key(c)).unwrap();
        }
        until(&mut saves, |n| n.written == 1).await;
        tx.send(key('Q')).unwrap();
    };
    let mut terminal = terminal();
    let (result, ()) = tokio::join!(app.run(&mut terminal, events, background), script);
    result.unwrap();
    let json = std::fs::read_to_string(record_path(data.path(), &doc().id.to_string())).unwrap();
    assert!(json.contains("\"bookmarks\": [\n    {"), "{json}");

    // A new session: the bookmark list has it, at line 5.
    let (mut app, _) = start(data.path(), 0);
    app.dispatch(Action::Loaded(doc()));
    let (_bg, background) = unbounded_channel();
    let (tx, events) = keys();
    let script = async {
        tx.send(key('\r')).unwrap();
        sleep(Duration::from_millis(10)).await;
        tx.send(key('\'')).unwrap();
        sleep(Duration::from_millis(10)).await;
        drop(tx);
    };
    let (result, ()) = tokio::join!(app.run(&mut terminal, events, background), script);
    result.unwrap();
    let Some(quire::state::Overlay::Bookmarks { entries, .. }) = &app.state.overlay else {
        panic!("no bookmark list: {:?}", app.state.status.message)
    };
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].offset as u64, offset_of_line(&doc(), 5));
}

/// The char offset in `to`'s article of the text at `offset` in `from`'s.
fn same_text(from: &Document, to: &Document, offset: usize) -> usize {
    let old = quire::model::text::article_text(&from.articles[0]);
    let quote: String = old.chars().skip(offset).take(40).collect();
    let new = quire::model::text::article_text(&to.articles[0]);
    new[..new.find(&quote).unwrap()].chars().count()
}

#[tokio::test(start_paused = true)]
async fn a_reloaded_file_keeps_its_bookmark_and_unsaved_position() {
    let data = tempfile::tempdir().unwrap();
    let (mut app, _) = start(data.path(), 0);
    let mut saves = app.store_saves();
    let v1 = doc();
    app.dispatch(Action::Loaded(v1.clone()));
    let text = quire::model::text::article_text(&v1.articles[0]);
    let edited = format!("# Notes\n\nA paragraph added on top.\n\n{}", &text["Notes\n\n".len()..]);
    let v2 = Arc::new(load("notes.md", edited.as_bytes()).unwrap());
    assert_ne!(v1.id, v2.id);
    let (bg, background) = unbounded_channel();
    let (tx, events) = keys();
    let script = async {
        for c in ['\r', '5', 'j', 'm', '3', 'j'] {
            tx.send(key(c)).unwrap();
        }
        until(&mut saves, |n| n.written == 1).await;
        // The position (line 8) is still waiting for its debounce.
        bg.send(Action::Reloaded(v2.clone())).unwrap();
        until(&mut saves, |n| n.written == 2).await;
        tx.send(key('Q')).unwrap();
    };
    let mut terminal = terminal();
    let (result, ()) = tokio::join!(app.run(&mut terminal, events, background), script);
    result.unwrap();
    assert!(Arc::ptr_eq(&app.state.docs[0], &v2));
    let bookmarks = &app.state.persist.bookmarks[&v2.id];
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].article_id, v2.articles[0].id.to_string());
    let line5 = offset_of_line(&v1, 5) as usize;
    assert_eq!(bookmarks[0].anchor.position.start, same_text(&v1, &v2, line5));
    // The reader moved to the same text, and that is what was saved.
    let line8 = same_text(&v1, &v2, offset_of_line(&v1, 8) as usize);
    let quire::state::Pane::Reader(r) = &app.state.pane else { panic!("the reader closed") };
    assert_eq!(r.anchor, line8);
    assert_eq!(saved_offset(data.path(), &v2), Some(line8 as u64));
}

#[tokio::test(start_paused = true)]
async fn a_panic_in_the_loop_still_saves_the_reading_position() {
    let data = tempfile::tempdir().unwrap();
    let (app, _) = start(data.path(), 0);
    let mut app = app.with_editor(Box::new(|_| panic!("the editor hand-off failed")));
    app.dispatch(Action::Loaded(doc()));
    let (_bg, background) = unbounded_channel();
    let (tx, events) = keys();
    let script = async {
        for c in "\rjjjjjvea".chars() {
            tx.send(key(c)).unwrap();
        }
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        tx.send(Ok(Event::Key(ctrl_e))).unwrap();
    };
    let mut terminal = terminal();
    let run = AssertUnwindSafe(app.run(&mut terminal, events, background)).catch_unwind();
    let (outcome, ()) = tokio::join!(run, script);
    assert!(outcome.is_err(), "the panic goes on after the save");
    assert_eq!(saved_offset(data.path(), &doc()), Some(offset_of_line(&doc(), 5)));
}
