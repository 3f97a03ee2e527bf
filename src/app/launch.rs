//! Starting the reader for real: the runtime, the terminal, the store, the
//! signals and the user's settings. Everything here is wiring; the loop
//! itself is [`super::App`].

use std::io;
use std::path::PathBuf;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::terminal as tui;
use super::{App, events};
use crate::config::Settings;
use crate::state::progress::StoreAction;
use crate::state::{Action, AppState};
use crate::store::{RealIo, Store, SystemClock};
use crate::strings;
use crate::ui::{self, Theme};
use crate::workers::persist::Persist;
use crate::workers::persist::highlights;
use crate::workers::search::Prepared;
use crate::workers::{load as loading, watch};

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
        let cache_dir = settings.cache_dir.clone();
        let index_file =
            cache_dir.clone().filter(|_| !paths.is_empty()).map(|c| (paths.clone(), c));
        // Huge documents come with their scan records made (see
        // `workers::search::prepared`).
        let prepared = Prepared::default();
        let send = prepared.before(move |action| tx.send(action).is_ok());
        loading::spawn_watched(paths, cache_dir, watch::DEBOUNCE, send)?;
        let data_dir = settings.data_dir.clone();
        let export_dir =
            highlights::export_dir(configured_export_dir(settings), data_dir.as_deref());
        let persist = match data_dir {
            Some(dir) => {
                let reopen = settings.config.resume_last_article;
                let options = settings.config.store.options();
                let open = move || {
                    Store::open_with_options(&dir, Box::new(SystemClock), Box::new(RealIo), options)
                };
                Persist::start(open, reopen)
            }
            None => Persist::unavailable(strings::not_saved(strings::NO_DATA_DIR)),
        };
        let persist = persist.with_export_dir(export_dir);
        let result = match tui::init(settings.config.mouse) {
            Ok(mut terminal) => {
                run_in(&mut terminal, rx, settings, (persist, index_file, prepared)).await
            }
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
    (persist, index_file, prepared): (Persist, Option<(Vec<PathBuf>, PathBuf)>, Prepared),
) -> io::Result<()> {
    let size = terminal.size()?;
    let state = configured_state((size.width, size.height), settings);
    let theme = Theme::from_config(&settings.config.theme, settings.color);
    let mut theme = theme;
    theme.highlights = ui::highlight_styles(&settings.config.highlights, settings.color);
    let pause = events::Pause::default();
    let mut app = App::new(state, Box::new(system_opener))
        .with_theme(theme)
        .with_editor(super::system_editor(settings.config.mouse, pause.clone()))
        .with_persist(persist)
        .with_prepared(prepared);
    if let Some((roots, cache_dir)) = index_file {
        app = app.with_index_file(roots, cache_dir);
    }
    let result = app.run(terminal, events::spawn(pause), rx).await;
    tracing::info!(ok = result.is_ok(), "reader closed");
    result
}

/// A fresh state with the user's keys, reading width and justification.
pub fn configured_state(size: (u16, u16), settings: &Settings) -> AppState {
    let mut state = AppState::new(size);
    state.set_keymap(settings.keymap.clone());
    state.reading_width = settings.config.reading_width;
    state.justify = settings.config.justify;
    state.export_format = settings.config.export_format;
    state.matching = settings.matching();
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
