//! Finding a document's record again after its file changed, and the
//! few mutations the reader needs beyond [`ops`](super::ops).
//!
//! A document's id is its content hash, so an edited file arrives with a
//! new id and no record. Its path is the link to the old record, whose
//! positions are then re-anchored by quote and imported under the new id.
//! The old record is left in place: nothing is ever dropped, and a revert
//! of the file finds its record again.

use super::Store;
use super::ops::DocState;
use super::schema::{Record, Stamped};

impl Store {
    /// Whether anything at all is stored for `doc_id`.
    pub fn has_document(&self, doc_id: &str) -> bool {
        self.data.documents.contains_key(doc_id)
    }

    /// Remembers where `doc_id` was read from; no write if unchanged.
    pub fn set_path(&mut self, doc_id: &str, path: &str) {
        let current = self.data.documents.get(doc_id).and_then(|d| d.path.as_ref());
        if current.is_some_and(|p| p.value == path) {
            return;
        }
        let updated = self.stamp_after(current.map_or(0, |p| p.updated));
        self.doc_mut(doc_id).path = Some(Stamped::new(path.to_string(), updated));
    }

    /// The document other than `except` most recently read from `path`.
    pub fn find_by_path(&self, path: &str, except: &str) -> Option<String> {
        self.data
            .documents
            .iter()
            .filter(|(id, _)| id.as_str() != except)
            .filter_map(|(id, d)| {
                d.path.as_ref().filter(|p| p.value == path).map(|p| (p.updated, id))
            })
            .max()
            .map(|(_, id)| id.clone())
    }

    /// The most recently read article of any document, as
    /// `(doc id, article id)`.
    pub fn last_read(&self) -> Option<(String, String)> {
        self.data
            .documents
            .iter()
            .filter_map(|(id, d)| d.last_article.as_ref().map(|a| (a.updated, id, &a.value)))
            .max()
            .map(|(_, doc, article)| (doc.clone(), article.clone()))
    }

    /// Adds records (re-anchored from another document) under `doc_id`,
    /// keeping whatever is already there.
    pub fn import(&mut self, doc_id: &str, state: DocState) {
        let doc = self.doc_mut(doc_id);
        for p in state.progress {
            doc.progress.entry(p.article_id.clone()).or_insert_with(|| Record::new(p));
        }
        for b in state.bookmarks {
            if !doc.bookmarks.iter().any(|r| r.value.id == b.id) {
                doc.bookmarks.push(Record::new(b));
            }
        }
        for h in state.highlights {
            if !doc.highlights.iter().any(|r| r.value.id == h.id) {
                doc.highlights.push(Record::new(h));
            }
        }
        if doc.last_article.is_none()
            && let Some(article) = state.last_article
        {
            doc.last_article = Some(Stamped::new(article, 0));
        }
    }

    /// Deletes a bookmark, leaving a marker so merges do not revive it.
    pub fn delete_bookmark(&mut self, doc_id: &str, id: &str) -> bool {
        let Some(created) = self
            .data
            .documents
            .get(doc_id)
            .and_then(|d| d.bookmarks.iter().find(|b| b.value.id == id))
            .map(|b| b.value.created)
        else {
            return false;
        };
        let deleted = self.stamp_after(created);
        let doc = self.doc_mut(doc_id);
        doc.bookmarks.retain(|b| b.value.id != id);
        doc.deleted.push(super::ops::tombstone(id, deleted));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::anchor::anchor_point;
    use crate::model::highlight::Millis;

    struct Fixed(Millis);
    impl super::super::Clock for Fixed {
        fn now(&self) -> Millis {
            self.0
        }
    }

    fn store(dir: &std::path::Path) -> Store {
        Store::open(dir, Box::new(Fixed(1_000))).unwrap().0
    }

    #[test]
    fn paths_find_the_previous_record_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        s.set_path("old", "/x/a.md");
        s.set_path("other", "/x/b.md");
        assert_eq!(s.find_by_path("/x/a.md", "new").as_deref(), Some("old"));
        assert_eq!(s.find_by_path("/x/a.md", "old"), None);
        s.flush().unwrap();
        let s = store(dir.path());
        assert!(s.has_document("old"));
        assert_eq!(s.find_by_path("/x/b.md", "new").as_deref(), Some("other"));
    }

    #[test]
    fn deleted_bookmarks_stay_deleted_after_a_flush() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let a = anchor_point("some text here", 5);
        let super::super::Toggled::Added(id) = s.toggle_bookmark("d", "a", a, None) else {
            panic!("not added")
        };
        s.flush().unwrap();
        assert!(s.delete_bookmark("d", &id));
        assert!(!s.delete_bookmark("d", &id));
        s.flush().unwrap();
        assert!(store(dir.path()).document("d").bookmarks.is_empty());
    }

    #[test]
    fn import_keeps_existing_records_and_the_newest_last_read_wins() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        s.save_progress("new", "a1", anchor_point("text", 1), 10.0, false);
        let mut old = DocState::default();
        old.progress.push(crate::model::highlight::Progress {
            article_id: "a1".into(),
            anchor: anchor_point("text", 3),
            percent: 50.0,
            read: false,
            updated: 1,
        });
        s.import("new", old);
        assert_eq!(s.document("new").progress[0].anchor.position.start, 1);
        assert_eq!(s.last_read(), Some(("new".into(), "a1".into())));
    }
}
