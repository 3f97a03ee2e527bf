//! Merging two versions of the store's data. Pure.
//!
//! Records are unioned by id and the newest edit wins, so two instances
//! adding highlights concurrently keep both. Deletions leave tombstones;
//! a tombstone beats any copy of the record that is not newer than it and
//! is itself kept, so an instance that never saw the deletion cannot bring
//! the record back. Equal stamps are settled by comparing the two values
//! as JSON, so the result never depends on which side came first: folding
//! a sync tool's conflict copies in any order gives the same record.
//!
//! Unknown fields: when saving, the file on disk was written last
//! (possibly by a newer quire) and this version never edits them, so its
//! values win ([`Extras::Disk`]). Between conflict copies neither side is
//! known to be newer, and the larger JSON value wins ([`Extras::Larger`]).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::schema::{DocEntry, Extra, Record, Session, Stamped, StoreFile, Tombstone};
use crate::model::highlight::{Bookmark, Highlight, Millis};

/// Which side's unknown field wins when both have the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extras {
    /// The first (on-disk) side's.
    Disk,
    /// The larger value as JSON: order-independent.
    Larger,
}

/// Merges `ours` into `disk`, the whole store at once (the old layout).
pub fn merge(disk: StoreFile, ours: &StoreFile) -> StoreFile {
    let mut out = disk;
    out.version = ours.version.max(out.version);
    merge_extra(&mut out.extra, &ours.extra, Extras::Disk);
    out.list_cursor = newest(out.list_cursor.take(), ours.list_cursor.as_ref());
    for (id, doc) in &ours.documents {
        let on_disk = out.documents.remove(id).unwrap_or_default();
        out.documents.insert(id.clone(), merge_doc(on_disk, doc, Extras::Disk));
    }
    out
}

/// Merges one document's two versions.
pub fn merge_doc(disk: DocEntry, ours: &DocEntry, extras: Extras) -> DocEntry {
    let mut out = disk;
    merge_extra(&mut out.extra, &ours.extra, extras);
    out.deleted = merge_tombstones(std::mem::take(&mut out.deleted), &ours.deleted);
    let dead: BTreeMap<&str, Millis> =
        out.deleted.iter().map(|t| (t.id.as_str(), t.deleted)).collect();
    out.highlights = union(std::mem::take(&mut out.highlights), &ours.highlights, &dead, key_hl);
    out.bookmarks = union(std::mem::take(&mut out.bookmarks), &ours.bookmarks, &dead, key_bm);
    for (article, progress) in &ours.progress {
        let keep_disk = out
            .progress
            .get(article)
            .is_some_and(|d| !wins(progress, progress.value.updated, d, d.value.updated));
        if !keep_disk {
            out.progress.insert(article.clone(), progress.clone());
        }
    }
    out.last_article = newest(out.last_article.take(), ours.last_article.as_ref());
    out.path = newest(out.path.take(), ours.path.as_ref());
    out
}

/// Merges the session-wide state's two versions.
pub fn merge_session(disk: Session, ours: &Session, extras: Extras) -> Session {
    let mut out = disk;
    merge_extra(&mut out.extra, &ours.extra, extras);
    out.list_cursor = newest(out.list_cursor.take(), ours.list_cursor.as_ref());
    out
}

/// Folds versions of one record (a file and its conflict copies) into
/// one; the order they come in does not change the result.
pub fn fold_doc(versions: impl IntoIterator<Item = DocEntry>) -> DocEntry {
    versions.into_iter().fold(DocEntry::default(), |acc, v| merge_doc(acc, &v, Extras::Larger))
}

/// Drops tombstones of deletions made before `before`. A copy of a
/// deleted record older than that can no longer be told apart from a new
/// one, which is why the horizon is long (see `[store] tombstone_days`).
pub fn compact(doc: &mut DocEntry, before: Millis) {
    doc.deleted.retain(|t| t.deleted >= before);
}

/// Whether `candidate` (stamped `c`) beats `current` (stamped `d`): the
/// later stamp, and on a tie the larger JSON, so the choice is symmetric.
/// Equal values (the usual tie: the same record on both sides) are not
/// serialized.
fn wins<T: Serialize + PartialEq>(candidate: &T, c: Millis, current: &T, d: Millis) -> bool {
    match c.cmp(&d) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => candidate != current && as_json(candidate) > as_json(current),
    }
}

fn as_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn merge_extra(out: &mut Extra, ours: &Extra, extras: Extras) {
    for (key, value) in ours {
        match out.get(key) {
            None => {
                out.insert(key.clone(), value.clone());
            }
            Some(existing) if extras == Extras::Larger && as_json(value) > as_json(existing) => {
                out.insert(key.clone(), value.clone());
            }
            Some(_) => {}
        }
    }
}

fn newest<T: Clone + Serialize + PartialEq>(
    disk: Option<Stamped<T>>,
    ours: Option<&Stamped<T>>,
) -> Option<Stamped<T>> {
    match (disk, ours) {
        (Some(d), Some(o)) if !wins(o, o.updated, &d, d.updated) => Some(d),
        (_, Some(o)) => Some(o.clone()),
        (d, None) => d,
    }
}

fn key_hl(h: &Highlight) -> (&String, Millis, Millis) {
    (&h.id, h.stamp(), h.created)
}

fn key_bm(b: &Bookmark) -> (&String, Millis, Millis) {
    (&b.id, b.stamp(), b.created)
}

fn merge_tombstones(disk: Vec<Tombstone>, ours: &[Tombstone]) -> Vec<Tombstone> {
    let mut by_id: BTreeMap<String, Tombstone> = BTreeMap::new();
    for t in disk.into_iter().chain(ours.iter().cloned()) {
        match by_id.get(&t.id) {
            Some(existing) if !wins(&t, t.deleted, existing, existing.deleted) => {}
            _ => {
                by_id.insert(t.id.clone(), t);
            }
        }
    }
    by_id.into_values().collect()
}

/// Union by id, newest stamp wins, tombstoned records dropped; ordered by
/// creation so files diff sensibly.
fn union<T: Clone + Serialize + PartialEq>(
    disk: Vec<Record<T>>,
    ours: &[Record<T>],
    dead: &BTreeMap<&str, Millis>,
    key: impl Fn(&T) -> (&String, Millis, Millis),
) -> Vec<Record<T>> {
    let mut by_id: BTreeMap<String, Record<T>> = BTreeMap::new();
    for r in disk.into_iter().chain(ours.iter().cloned()) {
        let (id, stamp, _) = key(&r.value);
        let keep_existing = by_id.get(id).is_some_and(|d| !wins(&r, stamp, d, key(&d.value).1));
        if !keep_existing {
            let id = id.clone();
            by_id.insert(id, r);
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
