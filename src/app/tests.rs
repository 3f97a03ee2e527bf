//! The loop driven by scripted event streams.
use super::*;
use crate::model::loader::load;
use crossterm::event::KeyEvent;
use futures_util::stream;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn key(code: KeyCode) -> io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn app_with_doc() -> App {
    let mut state = AppState::new((40, 12));
    let text = "First paragraph.\n\nSecond paragraph.\n\nThird.";
    let doc = load("notes.md", text.as_bytes()).unwrap();
    update(&mut state, Action::Loaded(Arc::new(doc)));
    App::new(state, Box::new(|_| Err("no opener in tests".into())))
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

#[tokio::test]
async fn a_scripted_stream_drives_the_loop() {
    let mut app = app_with_doc();
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    let events = stream::iter(vec![key(KeyCode::Enter), key(KeyCode::Char('j'))]);
    let (_tx, rx) = unbounded_channel();
    app.run(&mut terminal, events, rx).await.unwrap();
    let crate::state::Pane::Reader(r) = &app.state.pane else { panic!("not reading") };
    assert_eq!(r.top, 0, "a short article cannot scroll");
    assert!(screen(&terminal).contains("First paragraph."));
}

#[tokio::test]
async fn the_first_frame_does_not_wait_for_loading() {
    let mut app = App::new(AppState::new((40, 12)), Box::new(|_| Ok(())));
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    // The loader is still busy (its sender is alive) and input ends.
    let (_tx, rx) = unbounded_channel();
    app.run(&mut terminal, stream::iter(Vec::new()), rx).await.unwrap();
    assert!(screen(&terminal).contains("0 documents"));
}

/// Keys, then a pause of `ms` (paused test time, so no real waiting).
fn keys_then_wait(keys: &str, ms: u64) -> impl Stream<Item = io::Result<Event>> {
    let keys: Vec<_> = keys.chars().map(|c| key(KeyCode::Char(c))).collect();
    let pause = async move { tokio::time::sleep(Duration::from_millis(ms)).await };
    stream::iter(keys).chain(stream::once(pause).filter_map(|()| async { None }))
}

/// The first keys after a pause search at once; keys typed within the
/// delay of a search wait for the next pause, so a burst costs two
/// searches, not one per key.
#[tokio::test(start_paused = true)]
async fn typing_searches_at_once_after_a_pause_and_then_once_per_pause() {
    let mut app = app_with_doc();
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    let events = Box::pin(
        keys_then_wait("spar", 30)
            .chain(keys_then_wait("a", 30))
            .chain(keys_then_wait("g", 500))
            .chain(keys_then_wait("r", 500))
            .chain(stream::iter(vec![key(KeyCode::Esc)])),
    );
    let (_tx, rx) = unbounded_channel();
    app.run(&mut terminal, events, rx).await.unwrap();
    // "par" at once, "parag" after the pause, "paragr" at once again.
    assert_eq!(app.searches_started, 3, "one search per pause and none per key");
}

#[test]
fn the_worker_answers_on_what_is_indexed_and_refreshes_as_documents_arrive() {
    let (tx, rx) = std::sync::mpsc::channel();
    let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
    let doc = |t: &str| Arc::new(load("x.md", t.as_bytes()).unwrap());
    searcher.add(doc("alpha beta"));
    searcher.query(SearchRequest {
        generation: 7,
        query: "beta".into(),
        matching: Default::default(),
    });
    searcher.add(doc("beta gamma"));
    loop {
        let Ok(Action::SearchResults { generation, hits, searched }) = rx.recv() else {
            panic!("the worker stopped")
        };
        assert_eq!(generation, 7);
        assert_eq!(hits.len(), searched, "every indexed document matches");
        if searched == 2 {
            break;
        }
    }
}

#[tokio::test]
async fn ctrl_c_quits_and_opener_failures_become_notices() {
    let mut app = app_with_doc();
    app.dispatch(Action::Notice("x".into()));
    app.run_effect(Effect::OpenUrl("https://example.com".into()));
    assert!(app.state.status.message.as_deref().unwrap().contains("no opener"));
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    let ctrl_c = Ok(Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    let events = stream::iter(vec![ctrl_c]).chain(stream::pending());
    let (_tx, rx) = unbounded_channel();
    app.run(&mut terminal, events, rx).await.unwrap();
    assert!(app.state.quitting);
}

#[tokio::test]
async fn keys_that_arrive_together_cost_one_frame() {
    let mut app = app_with_doc();
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    let shift = |c| Ok(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)));
    // The input reader hands over what one read held (see `events`):
    // `G`, Enter, `G` are all there when the loop wakes for the first.
    let events = stream::iter(vec![shift('G'), key(KeyCode::Enter), shift('G')]);
    let (_tx, rx) = unbounded_channel();
    app.run(&mut terminal, events, rx).await.unwrap();
    assert!(matches!(app.state.pane, crate::state::Pane::Reader(_)), "the keys were applied");
    assert_eq!(terminal.get_frame().count(), 2, "the first frame, then one for the three keys");
}
