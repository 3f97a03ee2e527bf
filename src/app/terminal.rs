//! The terminal: raw mode, alternate screen, mouse; restored on every exit
//! path, panics included. The only code that changes terminal modes.

use std::io::{self, BufWriter, Stdout, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Frames go out through a buffer that holds a whole one, so each reaches
/// the terminal in one write when the draw flushes. Stdout's own buffer is
/// 1 KB: a full-screen change went out in four or five writes, each one
/// waking the terminal to parse a part of the frame.
pub type Tui = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Bytes a frame's buffer holds: a full screen of changes on a large
/// terminal, colour and cursor moves included (a bigger frame goes out in
/// more than one write).
const FRAME_BYTES: usize = 64 * 1024;

/// Enters raw mode and the alternate screen, capturing the mouse if asked.
/// Installs a panic hook that restores the terminal before the panic
/// message is printed, so it is readable and the shell is usable afterwards.
pub fn init(mouse: bool) -> io::Result<Tui> {
    install_panic_hook();
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(FRAME_BYTES, stdout())))
}

/// Leaves the alternate screen last, so a restored terminal's output ends
/// with that sequence. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let screen =
        execute!(stdout(), DisableMouseCapture, crossterm::cursor::Show, LeaveAlternateScreen);
    let raw = disable_raw_mode();
    screen.and(raw)
}

/// Hands the terminal to another program (`$EDITOR`): normal screen,
/// cooked mode, cursor shown.
pub fn suspend() -> io::Result<()> {
    restore()
}

/// Takes the terminal back after [`suspend`]; the caller redraws all.
pub fn resume(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, Clear(ClearType::All))?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A parser's panic is caught and becomes one failure line (see
        // `library::isolated`, `library::pdf`); a find scan's ends its find
        // (`workers::find`); the search worker's, or that of a run it
        // shared out (`model::search::split`), restarts its index
        // (`workers::search`): the reader goes on, so the terminal stays.
        let thread = std::thread::current();
        let caught = [
            crate::library::PARSER_THREAD,
            crate::workers::find::THREAD,
            crate::workers::search::THREAD,
            crate::model::search::split::THREAD,
        ];
        if thread.name().is_some_and(|name| caught.contains(&name))
            || crate::library::pdf::is_isolated_thread()
        {
            return;
        }
        let _ = restore();
        previous(info);
    }));
}
