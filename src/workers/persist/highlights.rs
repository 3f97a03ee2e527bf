//! Highlight work and exports against the store, on the store's worker.
//!
//! [`apply`] is the whole job for one effect given a store: change it,
//! flush at once (a highlight is too precious to debounce), and answer
//! with the document's list.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export::{self, Format, file_stem};
use crate::model::document::{ContentId, Document};
use crate::model::highlight::Millis;
use crate::state::Action;
use crate::state::progress::StoreEffect;
use crate::store::{HighlightEdit, Store};
use crate::strings;

/// One effect against `store`, flushed. Effects that are not highlight work (positions, bookmarks, lookups)
/// are the worker's own and answer nothing here.
pub fn apply(
    store: &mut Store,
    effect: StoreEffect,
    docs: &[Arc<Document>],
    export_dir: &Path,
) -> Vec<Action> {
    let doc = match effect {
        StoreEffect::LoadHighlights { doc } => return vec![loaded(store, doc)],
        StoreEffect::Export { doc, format } => {
            let now = store.now();
            let written = export_doc(store, docs, (&doc.to_string(), format), export_dir, now);
            let msg = match written {
                Ok(path) => strings::exported(&path),
                Err(e) => strings::export_failed(&e.to_string()),
            };
            return vec![Action::Notice(msg)];
        }
        StoreEffect::AddHighlight(new) => {
            let key = new.doc.to_string();
            store.add_highlight(&key, &new.article_id, new.anchor, &new.colour, new.note);
            new.doc
        }
        StoreEffect::SetNote { doc, id, note } => {
            let edit = HighlightEdit { note: Some(note), ..HighlightEdit::default() };
            store.update_highlight(&doc.to_string(), &id, edit);
            doc
        }
        StoreEffect::SetColour { doc, id, colour } => {
            let edit = HighlightEdit { colour: Some(colour), ..HighlightEdit::default() };
            store.update_highlight(&doc.to_string(), &id, edit);
            doc
        }
        StoreEffect::DeleteHighlight { doc, id } => {
            store.delete_highlight(&doc.to_string(), &id);
            doc
        }
        StoreEffect::RestoreHighlight { doc, highlight } => {
            store.restore_highlight(&doc.to_string(), highlight);
            doc
        }
        StoreEffect::Progress(_)
        | StoreEffect::AddBookmark(_)
        | StoreEffect::DeleteBookmark { .. }
        | StoreEffect::Lookup { .. }
        | StoreEffect::Replaced { .. } => return Vec::new(),
    };
    let mut actions = vec![loaded(store, doc)];
    if let Err(e) = store.flush() {
        actions.push(Action::Notice(strings::highlights_not_saved(&e.to_string())));
    }
    actions
}

fn loaded(store: &Store, doc: ContentId) -> Action {
    let highlights = store.document(&doc.to_string()).highlights;
    Action::HighlightsLoaded { doc, highlights }
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
