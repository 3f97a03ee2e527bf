//! The async loop: input events and background results in, effects out.
//!
//! Generic over its event stream and terminal backend, so tests script it
//! with a stream of events and a `TestBackend`. There is no tick: it waits
//! for something to happen, applies every queued event, then draws once.

use std::io;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use futures_util::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::time::Instant;

use crate::keymap::{Code, Key};
use crate::state::progress::{StoreAction, cursor_key};
use crate::state::{Action, AppState, Effect, SearchRequest, input, update};
use crate::strings;
use crate::ui::{self, Theme};
use crate::workers::find::{self as finder, Finder};
use crate::workers::persist::{self, Persist};
use crate::workers::search::{Prepared, Searcher};

/// Searches go to the worker at most once in this long while typing goes
/// on: the first keys after a pause search at once (a pasted or
/// typed-ahead query answers without waiting), later ones wait until the
/// typing pauses this long, so a burst of keystrokes costs two searches,
/// not one per key. Short enough to feel instant.
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
    /// Scans long articles for in-article find.
    finder: Option<Finder>,
    /// The newest search request and when its debounce delay ends.
    debounced: Option<(SearchRequest, Instant)>,
    /// When the last search went to the worker.
    searched_at: Option<Instant>,
    /// Searches handed to the worker (for tests and diagnostics).
    pub searches_started: usize,
    /// Edits notes in `$EDITOR`, with the terminal handed over.
    editor: Editor,
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
        let tx = results.0.clone();
        let finder = Finder::spawn(move |action| tx.send(action).is_ok()).ok().map(|f| f.0);
        let mut app = App {
            state,
            theme: Theme::default(),
            opener,
            results,
            searcher,
            finder,
            debounced: None,
            searched_at: None,
            searches_started: 0,
            editor: Box::new(|_| Err(strings::NO_EDITOR.into())),
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

    /// Edits notes with `editor`.
    pub fn with_editor(mut self, editor: Editor) -> App {
        self.editor = editor;
        self
    }

    /// Lets library searches use the index file of `roots`, if they have
    /// one, instead of an index of the worker's own (see
    /// [`crate::workers::search`]).
    pub fn with_index_file(self, roots: Vec<PathBuf>, cache_dir: PathBuf) -> App {
        if let Some(s) = &self.searcher {
            s.use_index_file(roots, cache_dir);
        }
        self
    }

    /// Lets the search worker take the scan records the loader made (see
    /// [`Prepared`]).
    pub fn with_prepared(self, prepared: Prepared) -> App {
        if let Some(s) = &self.searcher {
            s.use_prepared(prepared);
        }
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

    /// Runs until quit or until the event stream ends. A panic anywhere in
    /// the loop still saves: the reading positions and queued store work
    /// are plain data outside the code that failed, so they are flushed
    /// before the panic goes on (the terminal is restored by the hook).
    pub async fn run<B, S>(
        &mut self,
        terminal: &mut Terminal<B>,
        events: S,
        background: UnboundedReceiver<Action>,
    ) -> io::Result<()>
    where
        B: Backend,
        S: Stream<Item = io::Result<Event>> + Unpin,
    {
        let outcome =
            AssertUnwindSafe(self.run_loop(terminal, events, background)).catch_unwind().await;
        match outcome {
            Ok(result) => result,
            Err(panic) => {
                self.persist.finish(&self.state).await;
                std::panic::resume_unwind(panic)
            }
        }
    }

    async fn run_loop<B, S>(
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
                    self.persist.fire(cursor_key(&self.state));
                    false
                }
            };
            dirty |= self.drain(&mut events, &mut background).await?;
            self.search_after_a_pause();
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
    /// the input channel's wake-up).
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
        for effect in update(&mut self.state, action) {
            self.run_effect(effect);
        }
        // A find closed (or its reader left) stops the worker's scan.
        if let Some(finder) = &self.finder
            && !self.state.pane.awaits_find()
        {
            finder.stop();
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
            Effect::Reindex { doc, document } => {
                if let Some(s) = &self.searcher {
                    s.replace(doc, document);
                }
            }
            // Each keystroke replaces the waiting request and restarts the
            // delay; only the last one reaches the worker.
            Effect::Search(request) => {
                self.debounced = Some((request, Instant::now() + SEARCH_DEBOUNCE));
            }
            // Without its thread, find scans on the spot: slow on a huge
            // article, but it still finds.
            Effect::Find(request) => match &self.finder {
                Some(f) => f.find(request),
                None => {
                    self.dispatch(Action::FindMatches(finder::scan_whole(request)));
                }
            },
            Effect::Store(e) => {
                if let Some(action) = self.persist.effect(e, &self.state.docs) {
                    self.dispatch(action);
                }
            }
            // The editor needs the terminal, so it runs here, and the
            // whole screen is repainted after it.
            Effect::EditNote { text } => {
                self.clear = true;
                let action = match (self.editor)(&text) {
                    Ok(text) => Action::NoteText(text),
                    Err(e) => Action::Notice(e),
                };
                self.dispatch(action);
            }
        }
    }

    /// Hands the debounced request to the worker. Nothing to redraw yet.
    fn start_search(&mut self) -> bool {
        if let (Some((request, _)), Some(s)) = (self.debounced.take(), &self.searcher) {
            s.query(request);
            self.searches_started += 1;
            self.searched_at = Some(Instant::now());
        }
        false
    }

    /// Starts the waiting search at once if none went out within the
    /// debounce delay: called once the input read together is applied, so
    /// keys that came in one read search once.
    fn search_after_a_pause(&mut self) {
        let paused = self.searched_at.is_none_or(|at| at.elapsed() >= SEARCH_DEBOUNCE);
        if self.debounced.is_some() && paused {
            self.start_search();
        }
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

mod editor;
mod events;
mod launch;
pub mod logging;
pub mod terminal;
#[cfg(test)]
mod tests;

pub use editor::{Editor, system_editor};
pub use launch::{configured_state, run_tui, system_opener};
