//! The async loop: input events and background results in, effects out.
//!
//! Generic over its event stream and terminal backend, so tests script it
//! with a stream of events and a `TestBackend`. There is no tick: it waits
//! for something to happen, applies every queued event, then draws once.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{
    Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::time::Instant;

use crate::config::Settings;
use crate::highlights_runner::{self, HighlightsRunner};
use crate::keymap::{Code, Key};
use crate::persist::{self, HighlightOp, Persist};
use crate::searcher::Searcher;
use crate::state::highlights::HighlightEffect;
use crate::state::progress::StoreAction;
use crate::state::{Action, AppState, Effect, SearchRequest, input, update};
use crate::store::{Store, SystemClock};
use crate::ui::{self, Theme};
use crate::{loading, strings, tui};

/// A query runs once typing pauses this long, so a burst of keystrokes
/// costs one search. Short enough to feel instant.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(80);
/// Lines one wheel notch scrolls.
const WHEEL_LINES: i32 = 3;

/// Opens a url; injected so tests never launch a browser.
pub type Opener = Box<dyn Fn(&str) -> Result<(), String>>;

pub struct App {
    pub state: AppState,
    theme: Theme,
    opener: Opener,
    results: (UnboundedSender<Action>, UnboundedReceiver<Action>),
    searcher: Option<Searcher>,
    /// The newest search request and when its debounce delay ends.
    debounced: Option<(SearchRequest, Instant)>,
    /// Searches handed to the worker (for tests and diagnostics).
    pub searches_started: usize,
    highlights: HighlightsRunner,
    /// Another program had the terminal: repaint every cell.
    clear: bool,
    persist: Persist,
}

impl App {
    /// Starts the search worker and indexes any documents already loaded.
    pub fn new(state: AppState, opener: Opener) -> App {
        let results = unbounded_channel();
        let tx = results.0.clone();
        let searcher = Searcher::spawn(move |action| tx.send(action).is_ok()).ok().map(|s| s.0);
        if let Some(s) = &searcher {
            state.docs.iter().for_each(|doc| s.add(doc.clone()));
        }
        let mut app = App {
            state,
            theme: Theme::default(),
            opener,
            results,
            searcher,
            debounced: None,
            searches_started: 0,
            highlights: HighlightsRunner::off(
                std::env::temp_dir(),
                Box::new(|_| Err(strings::NO_EDITOR.into())),
            ),
            clear: false,
            persist: Persist::off(),
        };
        if app.searcher.is_none() {
            app.state.status.message = Some(strings::NO_SEARCH.into());
        }
        app
    }

    /// Draws with `theme` instead of the default one.
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }

    /// Keeps highlights with `runner` (its store, export dir and editor).
    pub fn with_highlights(mut self, runner: HighlightsRunner) -> App {
        self.highlights = runner;
        self
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
            let search_deadline = self.debounced.as_ref().map(|d| d.1);
            let store_deadline = self.persist.deadline();
            let mut dirty = tokio::select! {
                event = events.next() => match event {
                    Some(event) => self.on_event(event?),
                    None => {
                        self.persist.finish(&self.state).await;
                        return Ok(());
                    }
                },
                Some(action) = background.recv() => self.dispatch(action),
                Some(action) = self.results.1.recv() => self.dispatch(action),
                () = wait_until(search_deadline) => self.start_search(),
                Some(done) = self.persist.next() => self.on_store_done(done),
                () = persist::due(store_deadline) => {
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
                Some(action) = self.results.1.recv() => self.dispatch(action),
                () = std::future::ready(()) => return Ok(dirty),
            };
        }
        Ok(dirty)
    }

    fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> io::Result<()> {
        // A blank frame first makes the next one repaint every cell
        // (`Terminal::clear` would query the cursor, racing the event reader).
        if std::mem::take(&mut self.clear) {
            terminal.draw(|_| {}).map_err(|e| io::Error::other(e.to_string()))?;
        }
        terminal
            .draw(|frame| ui::draw(frame, &self.state, &self.theme))
            .map(|_| ())
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// Returns whether the screen may have changed.
    pub fn on_event(&mut self, event: Event) -> bool {
        let action = match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let keymap = self.state.keymap.clone();
                key_of(k).and_then(|key| input::translate(&self.state, &keymap, key))
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
            Effect::Index(doc) => {
                if let Some(s) = &self.searcher {
                    s.add(doc);
                }
            }
            // Each keystroke replaces the waiting request and restarts the
            // delay; only the last one reaches the worker.
            Effect::Search(request) => {
                self.debounced = Some((request, Instant::now() + SEARCH_DEBOUNCE));
            }
            Effect::Store(e) => {
                if let Some(action) = self.persist.effect(e, &self.state.docs) {
                    self.dispatch(action);
                }
            }
            Effect::Highlights(effect) => {
                for action in self.run_highlight(effect) {
                    self.dispatch(action);
                }
            }
        }
    }

    /// `$EDITOR` runs here (it needs the terminal); store changes and
    /// exports go to the store's worker, off the UI thread, and come back
    /// as actions. Without a store the highlights runner answers itself.
    fn run_highlight(&mut self, effect: HighlightEffect) -> Vec<Action> {
        let docs = self.state.docs.clone();
        if matches!(effect, HighlightEffect::EditNote { .. }) {
            self.clear = true;
            return self.highlights.run(effect, &docs);
        }
        let export_dir = self.highlights.export_dir().to_path_buf();
        let op = HighlightOp { effect, docs, export_dir, now: highlights_runner::now() };
        match self.persist.highlight(op) {
            None => Vec::new(),
            Some(op) => self.highlights.run(op.effect, &op.docs),
        }
    }

    /// Hands the debounced request to the worker. Nothing to redraw yet.
    fn start_search(&mut self) -> bool {
        if let (Some((request, _)), Some(s)) = (self.debounced.take(), &self.searcher) {
            s.query(request);
            self.searches_started += 1;
        }
        false
    }
}

/// Resolves at `deadline`, or never without one.
async fn wait_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
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

/// `quire [PATH...]`: the reader on the given files and folders, or on the
/// embedded sample when there are none, with the user's settings.
pub fn run_tui(paths: Vec<PathBuf>, settings: &Settings) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let (tx, rx) = unbounded_channel();
        watch_signals(tx.clone())?;
        loading::spawn(paths, move |action| tx.send(action).is_ok())?;
        let persist = match settings.data_dir.clone() {
            Some(dir) => {
                let reopen = settings.config.resume_last_article;
                Persist::start(move || Store::open(&dir, Box::new(SystemClock)), reopen)
            }
            None => Persist::unavailable(strings::not_saved(strings::NO_DATA_DIR)),
        };
        let result = match tui::init(settings.config.mouse) {
            Ok(mut terminal) => run_in(&mut terminal, rx, settings, persist).await,
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
    settings: &Settings,
    persist: Persist,
) -> io::Result<()> {
    let size = terminal.size()?;
    let state = configured_state((size.width, size.height), settings);
    let theme = Theme::from_config(&settings.config.theme, settings.color);
    let mut theme = theme;
    theme.highlights = ui::highlight_styles(&settings.config.highlights, settings.color);
    let data_dir = settings.data_dir.as_deref();
    // The store itself is `persist`'s; the runner keeps the export dir and
    // the editor.
    let runner = HighlightsRunner::off(
        highlights_runner::export_dir(configured_export_dir(settings), data_dir),
        highlights_runner::system_editor(settings.config.mouse),
    );
    let mut app = App::new(state, Box::new(system_opener))
        .with_theme(theme)
        .with_highlights(runner)
        .with_persist(persist);
    let result = app.run(terminal, EventStream::new(), rx).await;
    tracing::info!(ok = result.is_ok(), "reader closed");
    result
}

/// A fresh state with the user's keys, reading width and justification.
pub fn configured_state(size: (u16, u16), settings: &Settings) -> AppState {
    let mut state = AppState::new(size);
    state.set_keymap(settings.keymap.clone());
    state.reading_width = settings.config.reading_width;
    state.justify = settings.config.justify;
    let colours = &settings.config.highlights.colors;
    if !colours.is_empty() {
        state.marks.colours = colours.iter().map(|c| c.name.get_ref().clone()).collect();
    }
    state
}

/// The config's `export_dir`, relative to the config file, `~` expanded.
fn configured_export_dir(settings: &Settings) -> Option<PathBuf> {
    let dir = &settings.config.export_dir;
    let base = settings.config_path.as_ref().and_then(|c| c.path.parent());
    (!dir.is_empty())
        .then(|| crate::config::paths::expand(dir, base, settings.dirs.home.as_deref()))
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

    /// Keys, then a pause of `ms` (paused test time, so no real waiting).
    fn keys_then_wait(keys: &str, ms: u64) -> impl Stream<Item = io::Result<Event>> {
        let keys: Vec<_> = keys.chars().map(|c| key(KeyCode::Char(c))).collect();
        let pause = async move { tokio::time::sleep(Duration::from_millis(ms)).await };
        stream::iter(keys).chain(stream::once(pause).filter_map(|()| async { None }))
    }

    #[tokio::test(start_paused = true)]
    async fn typing_is_debounced_into_one_search_per_pause() {
        let mut app = app_with_doc();
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
        let events = Box::pin(
            keys_then_wait("spar", 30)
                .chain(keys_then_wait("a", 500))
                .chain(keys_then_wait("gr", 500))
                .chain(stream::iter(vec![key(KeyCode::Esc)])),
        );
        let (_tx, rx) = unbounded_channel();
        app.run(&mut terminal, events, rx).await.unwrap();
        assert_eq!(app.searches_started, 2, "one search after each pause, none per key");
    }

    #[test]
    fn the_worker_answers_on_what_is_indexed_and_refreshes_as_documents_arrive() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
        let doc = |t: &str| Arc::new(load("x.md", t.as_bytes()).unwrap());
        searcher.add(doc("alpha beta"));
        searcher.query(SearchRequest { generation: 7, query: "beta".into() });
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
}
