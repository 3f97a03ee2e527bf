//! The mutations the reader calls. Each changes memory and marks the store
//! dirty; [`Store::flush`](super::Store::flush) persists.

use super::Store;
use super::schema::{DocEntry, Record, Stamped, Tombstone};
use crate::model::anchor::Anchor;
use crate::model::highlight::{Bookmark, Highlight, Millis, Progress};

/// Everything stored for one document, as plain values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocState {
    pub progress: Vec<Progress>,
    pub bookmarks: Vec<Bookmark>,
    pub highlights: Vec<Highlight>,
    pub last_article: Option<String>,
}

/// What [`Store::toggle_bookmark`] did, with the bookmark's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toggled {
    Added(String),
    Removed(String),
}

/// Changes to a highlight; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HighlightEdit {
    pub colour: Option<String>,
    /// `Some(None)` removes the note.
    pub note: Option<Option<String>>,
    /// A re-anchored position after the document changed.
    pub anchor: Option<Anchor>,
}

impl Store {
    /// A stamp later than `previous`, so an edit always wins a merge over
    /// the version it edited even if the clock stepped back.
    pub(super) fn stamp_after(&self, previous: Millis) -> Millis {
        self.clock.now().max(previous.saturating_add(1))
    }

    fn new_id(&mut self) -> String {
        self.seq += 1;
        let id = crate::model::ContentId::of(&[
            &self.instance.to_le_bytes(),
            &self.seq.to_le_bytes(),
            &self.clock.now().to_le_bytes(),
        ]);
        id.to_string()
    }

    pub(super) fn doc_mut(&mut self, doc_id: &str) -> &mut DocEntry {
        self.dirty_docs.insert(doc_id.to_string());
        self.data.documents.entry(doc_id.to_string()).or_default()
    }

    /// Everything stored for `doc_id` (empty if nothing is).
    pub fn document(&self, doc_id: &str) -> DocState {
        let Some(doc) = self.data.documents.get(doc_id) else { return DocState::default() };
        DocState {
            progress: doc.progress.values().map(|r| r.value.clone()).collect(),
            bookmarks: doc.bookmarks.iter().map(|r| r.value.clone()).collect(),
            highlights: doc.highlights.iter().map(|r| r.value.clone()).collect(),
            last_article: doc.last_article.as_ref().map(|s| s.value.clone()),
        }
    }

    /// Records the reading position in an article; it also becomes the
    /// document's last-read article.
    pub fn save_progress(
        &mut self,
        doc_id: &str,
        article_id: &str,
        anchor: Anchor,
        percent: f32,
        read: bool,
    ) {
        let previous = self
            .data
            .documents
            .get(doc_id)
            .and_then(|d| d.progress.get(article_id))
            .map_or(0, |p| p.value.updated);
        let updated = self.stamp_after(previous);
        let doc = self.doc_mut(doc_id);
        let progress = Progress {
            article_id: article_id.to_string(),
            anchor,
            percent: percent.clamp(0.0, 100.0),
            read,
            updated,
        };
        let extra = doc.progress.remove(article_id).map(|r| r.extra).unwrap_or_default();
        doc.progress.insert(article_id.to_string(), Record { value: progress, extra });
        doc.last_article = Some(Stamped::new(article_id.to_string(), updated));
    }

    /// The list cursor (whatever key the list view uses), restored at start.
    pub fn list_cursor(&self) -> Option<&str> {
        self.data.list_cursor.as_ref().map(|c| c.value.as_str())
    }

    pub fn set_list_cursor(&mut self, value: &str) {
        let previous = self.data.list_cursor.as_ref().map_or(0, |c| c.updated);
        let updated = self.stamp_after(previous);
        self.data.list_cursor = Some(Stamped::new(value.to_string(), updated));
        self.session_dirty = true;
    }

    /// Removes the bookmark at this exact position in the article, or adds
    /// one there.
    pub fn toggle_bookmark(
        &mut self,
        doc_id: &str,
        article_id: &str,
        anchor: Anchor,
        label: Option<String>,
    ) -> Toggled {
        let existing = self.data.documents.get(doc_id).and_then(|d| {
            d.bookmarks.iter().find(|b| {
                b.value.article_id == article_id
                    && b.value.anchor.position.start == anchor.position.start
            })
        });
        if let Some(found) = existing {
            let id = found.value.id.clone();
            let deleted = self.stamp_after(found.value.created);
            let doc = self.doc_mut(doc_id);
            doc.bookmarks.retain(|b| b.value.id != id);
            doc.deleted.push(tombstone(&id, deleted));
            return Toggled::Removed(id);
        }
        let id = self.new_id();
        let created = self.clock.now();
        let bookmark =
            Bookmark { id: id.clone(), article_id: article_id.to_string(), anchor, label, created };
        self.doc_mut(doc_id).bookmarks.push(Record::new(bookmark));
        Toggled::Added(id)
    }

    /// Adds a highlight and returns its id.
    pub fn add_highlight(
        &mut self,
        doc_id: &str,
        article_id: &str,
        anchor: Anchor,
        colour: &str,
        note: Option<String>,
    ) -> String {
        let id = self.new_id();
        let now = self.clock.now();
        let highlight = Highlight {
            id: id.clone(),
            article_id: article_id.to_string(),
            anchor,
            colour: colour.to_string(),
            note,
            created: now,
            updated: now,
        };
        self.doc_mut(doc_id).highlights.push(Record::new(highlight));
        id
    }

    /// Applies `edit`; false if there is no such highlight.
    pub fn update_highlight(&mut self, doc_id: &str, id: &str, edit: HighlightEdit) -> bool {
        let Some(previous) = self.find_highlight(doc_id, id).map(|h| h.updated) else {
            return false;
        };
        let updated = self.stamp_after(previous);
        let doc = self.doc_mut(doc_id);
        let Some(record) = doc.highlights.iter_mut().find(|r| r.value.id == id) else {
            return false;
        };
        let h = &mut record.value;
        if let Some(colour) = edit.colour {
            h.colour = colour;
        }
        if let Some(note) = edit.note {
            h.note = note;
        }
        if let Some(anchor) = edit.anchor {
            h.anchor = anchor;
        }
        h.updated = updated;
        true
    }

    /// Deletes a highlight, leaving a marker so merges do not revive it.
    pub fn delete_highlight(&mut self, doc_id: &str, id: &str) -> bool {
        let Some(previous) = self.find_highlight(doc_id, id).map(|h| h.updated) else {
            return false;
        };
        let deleted = self.stamp_after(previous);
        let doc = self.doc_mut(doc_id);
        doc.highlights.retain(|r| r.value.id != id);
        doc.deleted.push(tombstone(id, deleted));
        true
    }

    /// Undoes a delete: the highlight comes back with its id, stamped
    /// after its tombstone so a merge keeps it.
    pub fn restore_highlight(&mut self, doc_id: &str, mut highlight: Highlight) {
        let deleted = self
            .data
            .documents
            .get(doc_id)
            .and_then(|d| d.deleted.iter().find(|t| t.id == highlight.id))
            .map_or(0, |t| t.deleted);
        highlight.updated = self.stamp_after(deleted.max(highlight.updated));
        let doc = self.doc_mut(doc_id);
        doc.deleted.retain(|t| t.id != highlight.id);
        doc.highlights.retain(|r| r.value.id != highlight.id);
        doc.highlights.push(Record::new(highlight));
    }

    fn find_highlight(&self, doc_id: &str, id: &str) -> Option<&Highlight> {
        let doc = self.data.documents.get(doc_id)?;
        doc.highlights.iter().map(|r| &r.value).find(|h| h.id == id)
    }
}

pub(super) fn tombstone(id: &str, deleted: Millis) -> Tombstone {
    Tombstone { id: id.to_string(), deleted, extra: Default::default() }
}
