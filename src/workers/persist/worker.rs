//! Store operations, run off the UI thread in order, one batch at a time.

use std::path::PathBuf;
use std::sync::Arc;

use super::migrate::migrate;
use crate::model::anchor::anchor_point_in;
use crate::model::document::{Article, ContentId, Document};
use crate::state::Action;
use crate::state::progress::{BookmarkAdd, ProgressSave, Restored, StoreAction, StoreEffect};
use crate::store::{Notice, Store, StoreError};
use crate::strings;

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
    /// A highlight change or an export, with what it needs; see
    /// [`super::highlights::apply`].
    Highlight(Box<HighlightOp>),
    Flush,
}

/// What a highlight effect needs off the UI thread.
pub struct HighlightOp {
    pub effect: StoreEffect,
    pub docs: Vec<Arc<Document>>,
    pub export_dir: PathBuf,
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
            Op::Highlight(op) => {
                let HighlightOp { effect, docs, export_dir } = *op;
                out.actions.extend(super::highlights::apply(store, effect, &docs, &export_dir));
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

/// The article, if `at` still names the article with this id.
fn article_of(doc: &Document, index: usize, id: ContentId) -> Option<&Article> {
    doc.articles.get(index).filter(|a| a.id == id)
}

fn progress(store: &mut Store, doc: &Document, save: &ProgressSave) {
    let Some(article) = article_of(doc, save.at.article, save.article) else { return };
    let anchor = anchor_point_in(article, save.offset);
    let doc_id = doc.id.to_string();
    let percent = f32::from(save.percent);
    store.save_progress(&doc_id, &save.article.to_string(), anchor, percent, save.read);
    store.set_path(&doc_id, &path_of(doc));
}

fn add_bookmark(store: &mut Store, doc: &Document, add: BookmarkAdd) {
    let Some(article) = article_of(doc, add.at.article, add.article) else { return };
    let anchor = anchor_point_in(article, add.offset);
    let doc_id = doc.id.to_string();
    store.toggle_bookmark(&doc_id, &add.article.to_string(), anchor, add.label);
    store.set_path(&doc_id, &path_of(doc));
}

fn bookmarks(store: &Store, doc: ContentId) -> Action {
    let bookmarks = store.document(&doc.to_string()).bookmarks;
    Action::Store(StoreAction::Bookmarks { doc, bookmarks })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::loader::load;
    use crate::model::text::article_text;
    use crate::state::ArticleRef;
    use crate::store::Clock;

    struct Fixed;
    impl Clock for Fixed {
        fn now(&self) -> crate::model::highlight::Millis {
            7
        }
    }

    const V1: &str = "# Notes\n\nThe opening paragraph sets the scene for everything.\n\n\
The middle paragraph is where the reader stopped last time.\n\n\
The closing paragraph wraps things up neatly.\n";

    fn file(dir: &std::path::Path, text: &str) -> Arc<Document> {
        let path = dir.join("notes.md");
        std::fs::write(&path, text).unwrap();
        Arc::new(load(&path.to_string_lossy(), text.as_bytes()).unwrap())
    }

    fn offset_of(doc: &Document, needle: &str) -> usize {
        let text = article_text(&doc.articles[0]);
        text[..text.find(needle).unwrap()].chars().count()
    }

    fn save_at(doc: &Document, needle: &str) -> ProgressSave {
        ProgressSave {
            at: ArticleRef { doc: 0, article: 0 },
            doc: doc.id,
            article: doc.articles[0].id,
            offset: offset_of(doc, needle),
            percent: 50,
            read: false,
        }
    }

    fn restored(actions: &[Action]) -> &Restored {
        actions
            .iter()
            .find_map(|a| match a {
                Action::Store(StoreAction::Restored(r)) => Some(&**r),
                _ => None,
            })
            .unwrap()
    }

    fn mark(doc: &Arc<Document>, needle: &str) -> Op {
        let at = ArticleRef { doc: 0, article: 0 };
        let add = BookmarkAdd {
            at,
            doc: doc.id,
            article: doc.articles[0].id,
            offset: offset_of(doc, needle),
            label: None,
        };
        Op::AddBookmark(doc.clone(), add)
    }

    #[test]
    fn an_edited_file_keeps_its_position_and_bookmarks_by_quote() {
        let files = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let mut store = Store::open(data.path(), Box::new(Fixed)).unwrap().0;
        let v1 = file(files.path(), V1);
        let ops = vec![
            Op::Progress(v1.clone(), save_at(&v1, "The middle")),
            mark(&v1, "The closing"),
            Op::Flush,
        ];
        assert_eq!(run(&mut store, ops).wrote, 1);

        let v2 = file(files.path(), &V1.replace("# Notes\n\n", "# Notes\n\nA new first line.\n\n"));
        assert_ne!(v1.id, v2.id);
        let mut store = Store::open(data.path(), Box::new(Fixed)).unwrap().0;
        let out = run(&mut store, vec![Op::Lookup(v2.clone()), Op::Flush]);
        let r = restored(&out.actions);
        assert_eq!(r.doc, v2.id);
        let p = &r.progress[0];
        assert_eq!(p.article_id, v2.articles[0].id.to_string());
        assert_eq!(p.anchor.position.start, offset_of(&v2, "The middle"));
        assert_eq!(r.bookmarks[0].anchor.position.start, offset_of(&v2, "The closing"));
        assert_eq!(out.wrote, 1, "the re-anchored record is saved under the new id");
        assert!(store.document(&v1.id.to_string()).progress.len() == 1, "the old one is kept");
        // Found again next time without re-anchoring.
        let out = run(&mut store, vec![Op::Lookup(v2.clone())]);
        assert_eq!(restored(&out.actions).progress.len(), 1);
    }

    #[test]
    fn what_the_edit_removed_is_kept_as_an_orphan_with_a_notice() {
        let files = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let mut store = Store::open(data.path(), Box::new(Fixed)).unwrap().0;
        let v1 = file(files.path(), V1);
        run(&mut store, vec![mark(&v1, "The closing"), Op::Flush]);
        let edited = V1.replace("The closing paragraph wraps things up neatly.", "Fin.");
        let v2 = file(files.path(), &edited);
        let out = run(&mut store, vec![Op::Lookup(v2.clone())]);
        let r = restored(&out.actions);
        assert_eq!(r.bookmarks.len(), 1, "kept");
        assert_eq!(r.bookmarks[0].article_id, v1.articles[0].id.to_string(), "as it was");
        let notice = out.actions.iter().any(|a| {
            matches!(a, Action::Store(StoreAction::Notice(m)) if m.contains("could not be placed"))
        });
        assert!(notice);
    }

    #[test]
    fn an_unknown_document_restores_nothing_and_writes_nothing() {
        let files = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let mut store = Store::open(data.path(), Box::new(Fixed)).unwrap().0;
        let out = run(&mut store, vec![Op::Lookup(file(files.path(), V1)), Op::Flush]);
        let r = restored(&out.actions);
        assert!(r.progress.is_empty() && r.bookmarks.is_empty());
        assert_eq!(out.wrote, 0);
        assert!(!data.path().join(crate::store::layout::RECORDS_DIR).exists());
    }
}
