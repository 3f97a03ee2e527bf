//! Highlight effects against the store, and export from the TUI.
//!
//! [`apply`] is the whole job for one effect given a store: change it,
//! flush at once (a highlight is too precious to debounce), and answer
//! with the document's list. [`HighlightsRunner`] only holds a store of
//! its own until the runner shares one; connecting that store means
//! calling [`apply`] with it instead.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export::{self, Format, file_stem};
use crate::model::document::Document;
use crate::model::highlight::Millis;
use crate::state::Action;
use crate::state::highlights::HighlightEffect;
use crate::store::{HighlightEdit, Store, SystemClock};
use crate::strings;

/// Runs `$EDITOR` on a note's text and returns the edited text.
pub type Editor = Box<dyn FnMut(&str) -> Result<String, String>>;

pub struct HighlightsRunner {
    store: Option<Store>,
    /// Why there is no store, told once when highlights are used.
    unavailable: Option<String>,
    export_dir: PathBuf,
    editor: Editor,
}

impl HighlightsRunner {
    /// No store: highlights are shown but not kept.
    pub fn off(export_dir: PathBuf, editor: Editor) -> HighlightsRunner {
        HighlightsRunner { store: None, unavailable: None, export_dir, editor }
    }

    /// The store in `data_dir`, if it opens.
    pub fn open(data_dir: Option<&Path>, export_dir: PathBuf, editor: Editor) -> HighlightsRunner {
        let mut runner = HighlightsRunner::off(export_dir, editor);
        match data_dir.map(|dir| Store::open(dir, Box::new(SystemClock))) {
            Some(Ok((store, _))) => runner.store = Some(store),
            Some(Err(e)) => {
                runner.unavailable = Some(strings::highlights_not_saved(&e.to_string()))
            }
            None => {}
        }
        runner
    }

    /// Where `E` writes exports.
    pub fn export_dir(&self) -> &Path {
        &self.export_dir
    }

    /// Runs one effect; the actions go back to `update`. `EditNote` is the
    /// caller's (it suspends the terminal) and is answered here only when
    /// the editor has run.
    pub fn run(&mut self, effect: HighlightEffect, docs: &[Arc<Document>]) -> Vec<Action> {
        if let HighlightEffect::EditNote { text } = &effect {
            return match (self.editor)(text) {
                Ok(text) => vec![Action::NoteText(text)],
                Err(e) => vec![Action::Notice(e)],
            };
        }
        match &mut self.store {
            Some(store) => apply(store, effect, docs, &self.export_dir, now()),
            None => match (effect, self.unavailable.take()) {
                // Nothing is kept, so there is nothing to wait for.
                (HighlightEffect::Load { doc_id }, _) => {
                    vec![Action::HighlightsLoaded { doc_id, highlights: Vec::new() }]
                }
                (_, None) => Vec::new(),
                (_, Some(why)) => vec![Action::Notice(why)],
            },
        }
    }
}

/// One effect against `store`, flushed.
pub fn apply(
    store: &mut Store,
    effect: HighlightEffect,
    docs: &[Arc<Document>],
    export_dir: &Path,
    now: Millis,
) -> Vec<Action> {
    let doc_id = match effect {
        HighlightEffect::Load { doc_id } => return vec![loaded(store, doc_id)],
        HighlightEffect::Export { doc_id, format } => {
            let written = export_doc(store, docs, (&doc_id, format), export_dir, now);
            let msg = match written {
                Ok(path) => strings::exported(&path),
                Err(e) => strings::export_failed(&e.to_string()),
            };
            return vec![Action::Notice(msg)];
        }
        HighlightEffect::EditNote { .. } => return Vec::new(),
        HighlightEffect::Add(new) => {
            store.add_highlight(&new.doc_id, &new.article_id, new.anchor, &new.colour, new.note);
            new.doc_id
        }
        HighlightEffect::SetNote { doc_id, id, note } => {
            let edit = HighlightEdit { note: Some(note), ..HighlightEdit::default() };
            store.update_highlight(&doc_id, &id, edit);
            doc_id
        }
        HighlightEffect::SetColour { doc_id, id, colour } => {
            let edit = HighlightEdit { colour: Some(colour), ..HighlightEdit::default() };
            store.update_highlight(&doc_id, &id, edit);
            doc_id
        }
        HighlightEffect::Delete { doc_id, id } => {
            store.delete_highlight(&doc_id, &id);
            doc_id
        }
        HighlightEffect::Restore { doc_id, highlight } => {
            store.restore_highlight(&doc_id, highlight);
            doc_id
        }
    };
    let mut actions = vec![loaded(store, doc_id)];
    if let Err(e) = store.flush() {
        actions.push(Action::Notice(strings::highlights_not_saved(&e.to_string())));
    }
    actions
}

fn loaded(store: &Store, doc_id: String) -> Action {
    let highlights = store.document(&doc_id).highlights;
    Action::HighlightsLoaded { doc_id, highlights }
}

/// Writes `<export_dir>/<title>.<md|json|txt|csv>` via a temporary file
/// and a rename, so a note app never sees half a file.
fn export_doc(
    store: &Store,
    docs: &[Arc<Document>],
    (doc_id, format): (&str, Format),
    dir: &Path,
    now: Millis,
) -> io::Result<PathBuf> {
    let doc = docs
        .iter()
        .find(|d| d.id.to_string() == doc_id)
        .ok_or_else(|| io::Error::other("the document is not loaded"))?;
    let text = export::export(doc, &store.document(doc_id).highlights, format, now);
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}.{}", file_stem(doc), format.extension()));
    let temp = dir.join(format!(".{}.{}.tmp", file_stem(doc), std::process::id()));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })?;
    Ok(path)
}

/// The wall clock, as the store reads it.
pub fn now() -> Millis {
    crate::store::Clock::now(&crate::store::SystemClock)
}

/// Where `E` writes: the config's `export_dir`, else `quire/` in the
/// user's documents dir, else `exports/` in the data dir.
pub fn export_dir(configured: Option<PathBuf>, data_dir: Option<&Path>) -> PathBuf {
    configured
        .or_else(|| {
            directories::UserDirs::new()
                .and_then(|u| u.document_dir().map(|d| d.join(strings::APP_NAME)))
        })
        .or_else(|| data_dir.map(|d| d.join("exports")))
        .unwrap_or_else(|| PathBuf::from(strings::APP_NAME))
}

/// `$VISUAL`/`$EDITOR` (or `vi`) with the real terminal handed over.
pub fn system_editor(mouse: bool) -> Editor {
    Box::new(move |text| run_editor(text, mouse))
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
    crate::tui::suspend().map_err(|e| e.to_string())?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let resumed = crate::tui::resume(mouse);
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
    let dir = std::env::temp_dir().join(format!("quire-note-{}-{}", std::process::id(), now()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
