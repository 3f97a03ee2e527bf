//! Merging the file on disk with this instance's copy. Pure.
//!
//! Records are unioned by id and the newest edit wins, so two instances
//! adding highlights concurrently keep both. Deletions leave tombstones;
//! a tombstone beats any copy of the record that is not newer than it and
//! is itself kept, so an instance that never saw the deletion cannot bring
//! the record back. Unknown fields are taken from disk, where the newest
//! writer (possibly a newer quire) put them; this version never edits them.

use std::collections::BTreeMap;

use super::schema::{DocEntry, Record, Stamped, StoreFile, Tombstone};
use crate::model::highlight::{Bookmark, Highlight, Millis};

/// Merges `ours` into `disk`. On equal timestamps ours wins.
pub fn merge(disk: StoreFile, ours: &StoreFile) -> StoreFile {
    let mut out = disk;
    out.version = ours.version.max(out.version);
    for (key, value) in &ours.extra {
        out.extra.entry(key.clone()).or_insert_with(|| value.clone());
    }
    out.list_cursor = newest(out.list_cursor.take(), ours.list_cursor.as_ref());
    for (id, doc) in &ours.documents {
        let merged = match out.documents.remove(id) {
            Some(on_disk) => merge_doc(on_disk, doc),
            None => merge_doc(DocEntry::default(), doc),
        };
        out.documents.insert(id.clone(), merged);
    }
    out
}

fn newest<T: Clone>(disk: Option<Stamped<T>>, ours: Option<&Stamped<T>>) -> Option<Stamped<T>> {
    match (disk, ours) {
        (Some(d), Some(o)) if d.updated > o.updated => Some(d),
        (_, Some(o)) => Some(o.clone()),
        (d, None) => d,
    }
}

fn merge_doc(disk: DocEntry, ours: &DocEntry) -> DocEntry {
    let mut out = disk;
    for (key, value) in &ours.extra {
        out.extra.entry(key.clone()).or_insert_with(|| value.clone());
    }
    out.deleted = merge_tombstones(std::mem::take(&mut out.deleted), &ours.deleted);
    let dead: BTreeMap<&str, Millis> =
        out.deleted.iter().map(|t| (t.id.as_str(), t.deleted)).collect();
    out.highlights = union(std::mem::take(&mut out.highlights), &ours.highlights, &dead, key_hl);
    out.bookmarks = union(std::mem::take(&mut out.bookmarks), &ours.bookmarks, &dead, key_bm);
    for (article, progress) in &ours.progress {
        let keep_disk =
            out.progress.get(article).is_some_and(|d| d.value.updated > progress.value.updated);
        if !keep_disk {
            out.progress.insert(article.clone(), progress.clone());
        }
    }
    out.last_article = newest(out.last_article.take(), ours.last_article.as_ref());
    out.path = newest(out.path.take(), ours.path.as_ref());
    out
}

fn key_hl(h: &Highlight) -> (&String, Millis, Millis) {
    (&h.id, h.updated, h.created)
}

fn key_bm(b: &Bookmark) -> (&String, Millis, Millis) {
    (&b.id, b.created, b.created)
}

fn merge_tombstones(disk: Vec<Tombstone>, ours: &[Tombstone]) -> Vec<Tombstone> {
    let mut by_id: BTreeMap<String, Tombstone> = BTreeMap::new();
    for t in disk.into_iter().chain(ours.iter().cloned()) {
        match by_id.get(&t.id) {
            Some(existing) if existing.deleted >= t.deleted => {}
            _ => {
                by_id.insert(t.id.clone(), t);
            }
        }
    }
    by_id.into_values().collect()
}

/// Union by id, newest stamp wins, tombstoned records dropped; ordered by
/// creation so files diff sensibly.
fn union<T: Clone>(
    disk: Vec<Record<T>>,
    ours: &[Record<T>],
    dead: &BTreeMap<&str, Millis>,
    key: impl Fn(&T) -> (&String, Millis, Millis),
) -> Vec<Record<T>> {
    let mut by_id: BTreeMap<String, Record<T>> = BTreeMap::new();
    for r in disk {
        by_id.insert(key(&r.value).0.clone(), r);
    }
    for r in ours {
        let (id, stamp, _) = key(&r.value);
        let keep_disk = by_id.get(id).is_some_and(|d| key(&d.value).1 > stamp);
        if !keep_disk {
            by_id.insert(id.clone(), r.clone());
        }
    }
    let mut out: Vec<Record<T>> = by_id
        .into_values()
        .filter(|r| {
            let (id, stamp, _) = key(&r.value);
            dead.get(id.as_str()).is_none_or(|&deleted| stamp > deleted)
        })
        .collect();
    out.sort_by(|a, b| {
        let (ia, _, ca) = key(&a.value);
        let (ib, _, cb) = key(&b.value);
        (ca, ia).cmp(&(cb, ib))
    });
    out
}

#[cfg(test)]
mod tests;
