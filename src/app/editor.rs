//! Handing the terminal to `$VISUAL`/`$EDITOR` for a note, and taking it
//! back. This is the shell's job: it suspends the terminal the loop draws on.

use std::path::PathBuf;

use super::events::Pause;
use super::terminal;
use crate::store::{Clock, SystemClock};

/// Runs `$EDITOR` on a note's text and returns the edited text; injected
/// so tests never start a real editor.
pub type Editor = Box<dyn FnMut(&str) -> Result<String, String>>;

/// `$VISUAL`/`$EDITOR` (or `vi`) with the real terminal handed over; the
/// input reader is paused meanwhile so it cannot take the editor's keys.
pub fn system_editor(mouse: bool, input: Pause) -> Editor {
    Box::new(move |text| {
        let _paused = input.hold();
        run_editor(text, mouse)
    })
}

/// Runs the editor on a temporary file holding `text`.
fn run_editor(text: &str, mouse: bool) -> Result<String, String> {
    let dir = tempfile_dir()?;
    let path = dir.join("note.md");
    // Ends with a newline, as files editors write do.
    std::fs::write(&path, format!("{text}\n")).map_err(|e| e.to_string())?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    terminal::suspend().map_err(|e| e.to_string())?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let resumed = terminal::resume(mouse);
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("{editor} exited with {s}")),
        Err(e) => Err(format!("{editor}: {e}")),
    };
    let _ = std::fs::remove_dir_all(&dir);
    resumed.map_err(|e| e.to_string())?;
    result
}

/// A fresh private directory for the note file.
fn tempfile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!(
        "quire-note-{}-{}",
        std::process::id(),
        SystemClock.now()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
