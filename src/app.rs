//! The async loop: input events and background results in, effects out.
//!
//! Generic over its event stream and terminal backend, so tests script it
//! with a stream of events and a `TestBackend`. There is no tick: it waits
//! for something to happen, applies every queued event, then draws once.

use std::io;
use std::path::PathBuf;

use crossterm::event::{
    Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::keymap::{Code, Key, Keymap};
use crate::model::search::search;
use crate::persist::{self, Persist};
use crate::state::progress::StoreAction;
use crate::state::{Action, AppState, Effect, SearchRequest, input, update};
use crate::store::{Clock, Store};
use crate::ui::{self, Theme};
use crate::{loading, strings, tui};

/// Most hits a library search returns.
const SEARCH_LIMIT: usize = 200;
/// Lines one wheel notch scrolls.
const WHEEL_LINES: i32 = 3;

/// Opens a url; injected so tests never launch a browser.
pub type Opener = Box<dyn Fn(&str) -> Result<(), String>>;

pub struct App {
    pub state: AppState,
    keymap: Keymap,
    theme: Theme,
    opener: Opener,
    results: (UnboundedSender<Action>, UnboundedReceiver<Action>),
    searching: bool,
    next_search: Option<SearchRequest>,
    persist: Persist,
}

impl App {
    pub fn new(state: AppState, opener: Opener) -> App {
        App {
            state,
            keymap: Keymap::default_keys(),
            theme: Theme::default(),
            opener,
            results: unbounded_channel(),
            searching: false,
            next_search: None,
            persist: Persist::off(),
        }
    }

    /// Saves progress and bookmarks through `persist`.
    pub fn with_persist(mut self, persist: Persist) -> App {
        self.persist = persist;
        self
    }

    /// Counts the store's saves (for tests).
    pub fn store_saves(&self) -> tokio::sync::watch::Receiver<persist::SaveCount> {
        self.persist.saves()
    }

    /// Runs until quit or until the event stream ends.
    pub async fn run<B, S>(
        &mut self,
        terminal: &mut Terminal<B>,
        mut events: S,
        mut background: UnboundedReceiver<Action>,
    ) -> io::Result<()>
    where
        B: Backend,
        S: Stream<Item = io::Result<Event>> + Unpin,
    {
        self.draw(terminal)?;
        loop {
            let deadline = self.persist.deadline();
            let mut dirty = tokio::select! {
                event = events.next() => match event {
                    Some(event) => self.on_event(event?),
                    None => {
                        self.persist.finish(&self.state).await;
                        return Ok(());
                    }
                },
                Some(action) = background.recv() => self.dispatch(action),
                Some(action) = self.results.1.recv() => self.on_search_done(action),
                Some(done) = self.persist.next() => self.on_store_done(done),
                () = persist::due(deadline) => {
                    self.persist.fire(&self.state);
                    false
                }
            };
            dirty |= self.drain(&mut events, &mut background).await?;
            if self.state.quitting && self.save_before_quit().await {
                return Ok(());
            }
            if dirty {
                self.draw(terminal)?;
            }
        }
    }

    /// Applies everything already queued, so a burst of input or a fast
    /// loader costs one frame, not one per event. The stream is polled in
    /// this task's context (never with a no-op waker, which would lose
    /// crossterm's wake-up).
    async fn drain<S>(
        &mut self,
        events: &mut S,
        background: &mut UnboundedReceiver<Action>,
    ) -> io::Result<bool>
    where
        S: Stream<Item = io::Result<Event>> + Unpin,
    {
        let mut dirty = false;
        while !self.state.quitting {
            dirty |= tokio::select! {
                biased;
                Some(event) = events.next() => self.on_event(event?),
                Some(action) = background.recv() => self.dispatch(action),
                Some(action) = self.results.1.recv() => self.on_search_done(action),
                () = std::future::ready(()) => return Ok(dirty),
            };
        }
        Ok(dirty)
    }

    fn draw<B: Backend>(&self, terminal: &mut Terminal<B>) -> io::Result<()> {
        terminal
            .draw(|frame| ui::draw(frame, &self.state, &self.theme))
            .map(|_| ())
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// Returns whether the screen may have changed.
    pub fn on_event(&mut self, event: Event) -> bool {
        let action = match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                key_of(k).and_then(|key| input::translate(&self.state, &self.keymap, key))
            }
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => Some(Action::Wheel(WHEEL_LINES)),
                MouseEventKind::ScrollUp => Some(Action::Wheel(-WHEEL_LINES)),
                MouseEventKind::Down(MouseButton::Left) => {
                    Some(Action::Click { column: m.column, row: m.row })
                }
                _ => None,
            },
            _ => None,
        };
        action.is_some_and(|a| self.dispatch(a))
    }

    pub fn dispatch(&mut self, action: Action) -> bool {
        if let Action::Loaded(doc) = &action {
            self.persist.loaded(doc);
        }
        for effect in update(&mut self.state, action) {
            self.run_effect(effect);
        }
        self.persist.kick();
        true
    }

    fn on_store_done(&mut self, done: persist::Done) -> bool {
        for action in self.persist.finished(done) {
            self.dispatch(action);
        }
        true
    }

    /// Saves everything; false (and a warning) if that failed and the
    /// user has not yet been told that quitting loses changes.
    async fn save_before_quit(&mut self) -> bool {
        let (actions, failed) = self.persist.finish(&self.state).await;
        for action in actions {
            self.dispatch(action);
        }
        match failed {
            Some(e) if !self.state.persist.quit_warned => {
                self.dispatch(Action::Store(StoreAction::QuitBlocked(e)));
                false
            }
            _ => true,
        }
    }

    fn run_effect(&mut self, effect: Effect) {
        match effect {
            Effect::Quit => self.state.quitting = true,
            Effect::OpenUrl(url) => {
                if let Err(e) = (self.opener)(&url) {
                    self.dispatch(Action::Notice(strings::open_failed(&url, &e)));
                }
            }
            Effect::Search(request) if self.searching => self.next_search = Some(request),
            Effect::Search(request) => self.start_search(request),
            Effect::Store(e) => {
                if let Some(action) = self.persist.effect(e, &self.state.docs) {
                    self.dispatch(action);
                }
            }
        }
    }

    /// One search at a time, off the UI thread; while it runs only the
    /// newest request waits, older ones are dropped.
    fn start_search(&mut self, request: SearchRequest) {
        self.searching = true;
        let tx = self.results.0.clone();
        tokio::task::spawn_blocking(move || {
            let hits = search(&request.docs, &request.query, SEARCH_LIMIT);
            let _ = tx.send(Action::SearchResults { generation: request.generation, hits });
        });
    }

    fn on_search_done(&mut self, action: Action) -> bool {
        self.searching = false;
        if let Some(next) = self.next_search.take() {
            self.start_search(next);
        }
        self.dispatch(action)
    }
}

/// A crossterm key as a keymap key. Shift is already in the char.
pub fn key_of(k: KeyEvent) -> Option<Key> {
    let code = match k.code {
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}

/// Opens a url with the platform's opener, without waiting for it.
pub fn system_opener(url: &str) -> Result<(), String> {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Where reading state is kept, and how the reader starts.
pub struct TuiOptions {
    /// The bookmark store's directory; `None` saves nothing.
    pub data_dir: Option<PathBuf>,
    /// Reopen the last-read article on start.
    pub reopen_last: bool,
    /// Timestamps for saved records.
    pub clock: Box<dyn Clock>,
}

/// `quire [PATH...]`: the reader on the given files and folders, or on the
/// embedded sample when there are none.
pub fn run_tui(paths: Vec<PathBuf>, options: TuiOptions) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let (tx, rx) = unbounded_channel();
        watch_signals(tx.clone())?;
        loading::spawn(paths, move |action| tx.send(action).is_ok())?;
        let persist = match options.data_dir {
            Some(dir) => {
                let clock = options.clock;
                Persist::start(move || Store::open(&dir, clock), options.reopen_last)
            }
            None => Persist::unavailable(strings::not_saved(strings::NO_DATA_DIR)),
        };
        let result = match tui::init() {
            Ok(mut terminal) => run_in(&mut terminal, rx, persist).await,
            Err(e) => Err(e),
        };
        // The terminal is dropped (showing the cursor) before restoring.
        let restored = tui::restore();
        result.and(restored)
    })
}

async fn run_in(
    terminal: &mut tui::Tui,
    rx: UnboundedReceiver<Action>,
    persist: Persist,
) -> io::Result<()> {
    let size = terminal.size()?;
    let state = AppState::new((size.width, size.height));
    let mut app = App::new(state, Box::new(system_opener)).with_persist(persist);
    app.run(terminal, EventStream::new(), rx).await
}

/// SIGTERM and SIGHUP save and quit like `Q`, without the unsaved warning.
#[cfg(unix)]
fn watch_signals(tx: UnboundedSender<Action>) -> io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
        let _ = tx.send(Action::Store(StoreAction::Terminate));
    });
    Ok(())
}

#[cfg(not(unix))]
fn watch_signals(_tx: UnboundedSender<Action>) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
