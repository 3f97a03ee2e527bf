//! Store operations, run off the UI thread in order, one batch at a time.

use std::sync::Arc;

use super::migrate::migrate;
use crate::model::anchor::anchor_point;
use crate::model::document::{ContentId, Document};
use crate::model::text::article_text;
use crate::state::Action;
use crate::state::progress::{BookmarkAdd, ProgressSave, Restored, StoreAction};
use crate::store::{Notice, Store, StoreError};
use crate::strings;

#[derive(Debug)]
pub enum Op {
    /// A document loaded: send back its saved state.
    Lookup(Arc<Document>),
    Progress(Arc<Document>, ProgressSave),
    AddBookmark(Arc<Document>, BookmarkAdd),
    DeleteBookmark {
        doc: ContentId,
        id: String,
    },
    Cursor(String),
    Flush,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub actions: Vec<Action>,
    /// Why the last save failed, if it did.
    pub error: Option<String>,
    /// Saves that wrote the file.
    pub wrote: usize,
}

/// Opens the store; `reopen` asks for the last-read article too.
pub fn open(
    opened: Result<(Store, Vec<Notice>), StoreError>,
    reopen: bool,
) -> (Option<Box<Store>>, Vec<Action>) {
    match opened {
        Ok((store, notices)) => {
            let cursor = store.list_cursor().map(str::to_string);
            let reopen = if reopen { store.last_read().map(|(_, article)| article) } else { None };
            let mut actions = vec![Action::Store(StoreAction::Session { cursor, reopen })];
            actions.extend(notices.iter().map(|n| notice(n.to_string())));
            (Some(Box::new(store)), actions)
        }
        Err(e) => (None, vec![notice(strings::not_saved(&e.to_string()))]),
    }
}

fn notice(msg: String) -> Action {
    Action::Store(StoreAction::Notice(msg))
}

pub fn run(store: &mut Store, ops: Vec<Op>) -> Outcome {
    let mut out = Outcome::default();
    for op in ops {
        match op {
            Op::Lookup(doc) => lookup(store, &doc, &mut out.actions),
            Op::Progress(doc, save) => progress(store, &doc, &save),
            Op::AddBookmark(doc, add) => {
                add_bookmark(store, &doc, add);
                out.actions.push(bookmarks(store, doc.id));
            }
            Op::DeleteBookmark { doc, id } => {
                store.delete_bookmark(&doc.to_string(), &id);
                out.actions.push(bookmarks(store, doc));
            }
            Op::Cursor(key) => {
                if store.list_cursor() != Some(key.as_str()) {
                    store.set_list_cursor(&key);
                }
            }
            Op::Flush => flush(store, &mut out),
        }
    }
    out
}

fn flush(store: &mut Store, out: &mut Outcome) {
    // A newer quire's store was opened read-only, and the user was told.
    if store.read_only().is_some() || !store.dirty() {
        return;
    }
    match store.flush() {
        Ok(notices) => {
            out.wrote += 1;
            out.error = None;
            out.actions.push(Action::Store(StoreAction::Saved));
            out.actions.extend(notices.iter().map(|n| notice(n.to_string())));
        }
        Err(e) => {
            out.error = Some(e.to_string());
            out.actions.push(Action::Store(StoreAction::Error(e.to_string())));
        }
    }
}

/// The file a document came from, as stable as the file system allows, so
/// `quire a.md` and `quire ./a.md` name the same file.
fn path_of(doc: &Document) -> String {
    std::fs::canonicalize(&doc.origin)
        .map_or_else(|_| doc.origin.clone(), |p| p.to_string_lossy().into_owned())
}

/// Sends a document's saved state; an edited file (a new id, a known
/// path) first gets its old record re-anchored into the new one.
fn lookup(store: &mut Store, doc: &Document, actions: &mut Vec<Action>) {
    let id = doc.id.to_string();
    if !store.has_document(&id) {
        let path = path_of(doc);
        if let Some(old) = store.find_by_path(&path, &id) {
            let migrated = migrate(&store.document(&old), doc);
            store.import(&id, migrated.state);
            store.set_path(&id, &path);
            if migrated.orphans > 0 {
                actions.push(notice(strings::orphans(migrated.orphans)));
            }
        }
    }
    let saved = store.document(&id);
    let restored = Restored { doc: doc.id, progress: saved.progress, bookmarks: saved.bookmarks };
    actions.push(Action::Store(StoreAction::Restored(Box::new(restored))));
}

/// The article's text, if `at` still names the article with this id.
fn text_of(doc: &Document, index: usize, id: ContentId) -> Option<String> {
    doc.articles.get(index).filter(|a| a.id == id).map(article_text)
}

fn progress(store: &mut Store, doc: &Document, save: &ProgressSave) {
    let Some(text) = text_of(doc, save.at.article, save.article) else { return };
    let anchor = anchor_point(&text, save.offset);
    let doc_id = doc.id.to_string();
    let percent = f32::from(save.percent);
    store.save_progress(&doc_id, &save.article.to_string(), anchor, percent, save.read);
    store.set_path(&doc_id, &path_of(doc));
}

fn add_bookmark(store: &mut Store, doc: &Document, add: BookmarkAdd) {
    let Some(text) = text_of(doc, add.at.article, add.article) else { return };
    let anchor = anchor_point(&text, add.offset);
    let doc_id = doc.id.to_string();
    store.toggle_bookmark(&doc_id, &add.article.to_string(), anchor, add.label);
    store.set_path(&doc_id, &path_of(doc));
}

fn bookmarks(store: &Store, doc: ContentId) -> Action {
    let bookmarks = store.document(&doc.to_string()).bookmarks;
    Action::Store(StoreAction::Bookmarks { doc, bookmarks })
}
