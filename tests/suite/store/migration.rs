//! The single `store.json` of earlier versions becomes one record per
//! document, once, keeping the old file; and tombstones are compacted
//! only past their horizon.

use std::fs;
use std::path::Path;

use quire::model::anchor::anchor_point;
use quire::store::schema::{Parsed, parse_record};
use quire::store::{
    LEGACY_BACKUP_FILE, LEGACY_STORE_FILE, Notice, SESSION_FILE, Store, StoreOptions, record_path,
};

use crate::store::store_support::{TickClock, add};

const NOW: u64 = 1_700_000_000_000;
const DAY: u64 = 24 * 60 * 60 * 1000;

fn highlight(id: &str, note: &str, updated: u64) -> String {
    format!(
        r#"{{"id": "{id}", "article_id": "a", "colour": "red", "note": "{note}", "created": 1,
            "updated": {updated}, "glow": 0.5,
            "anchor": {{"quote": {{"exact": "q", "prefix": "", "suffix": ""}},
                       "position": {{"start": 0, "end": 1}}}}}}"#
    )
}

/// A store as the single-file version wrote it: two documents, a
/// tombstone, the list cursor and unknown fields at every level.
fn old_store() -> String {
    format!(
        r#"{{"version": 1, "top": [1, 2],
  "list_cursor": {{"value": "d1", "updated": 5}},
  "documents": {{
    "d1": {{"tags": ["x"], "highlights": [{}],
           "deleted": [{{"id": "gone", "deleted": {}, "why": "test"}}],
           "progress": {{"a": {{"article_id": "a", "percent": 40.0, "read": false,
             "updated": 9, "anchor": {{"quote": {{"exact": "", "prefix": "", "suffix": ""}},
             "position": {{"start": 7, "end": 7}}}}}}}},
           "path": {{"value": "/emags/one.md", "updated": 3}}}},
    "Upper/Case id": {{"highlights": [{}]}}
  }}}}"#,
        highlight("h1", "first", 2),
        NOW - DAY,
        highlight("h2", "second", 2),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

fn open(dir: &Path) -> (Store, Vec<Notice>) {
    Store::open(dir, Box::new(TickClock::at(NOW))).unwrap()
}

#[test]
fn the_old_single_file_is_migrated_once_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let old = old_store();
    fs::write(dir.path().join(LEGACY_STORE_FILE), &old).unwrap();
    fs::write(dir.path().join(LEGACY_BACKUP_FILE), "{\"version\": 1}").unwrap();
    let (store, notices) = open(dir.path());
    let [Notice::Migrated { kept_as }] = notices.as_slice() else { panic!("{notices:?}") };
    assert_eq!(fs::read_to_string(kept_as).unwrap(), old, "the old file is kept as it was");
    assert!(!dir.path().join(LEGACY_STORE_FILE).exists());
    let all = names(dir.path());
    assert!(all.iter().any(|n| n.starts_with("store.json.bak.migrated-")), "{all:?}");

    // Everything is there, in memory and in the files.
    let d1 = store.document("d1");
    assert_eq!(d1.highlights[0].note.as_deref(), Some("first"));
    assert_eq!(d1.progress[0].percent, 40.0);
    assert_eq!(store.find_by_path("/emags/one.md", "x").as_deref(), Some("d1"));
    assert_eq!(store.document("Upper/Case id").highlights[0].id, "h2");
    assert_eq!(store.list_cursor(), Some("d1"));
    let record: serde_json::Value =
        serde_json::from_slice(&fs::read(record_path(dir.path(), "d1")).unwrap()).unwrap();
    assert_eq!(record["tags"], serde_json::json!(["x"]));
    assert_eq!(record["highlights"][0]["glow"], serde_json::json!(0.5));
    assert_eq!(record["deleted"][0]["why"], "test");
    let session: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join(SESSION_FILE)).unwrap()).unwrap();
    assert_eq!(session["top"], serde_json::json!([1, 2]));

    // Once: a reopen finds nothing to migrate and the same data.
    let (again, notices) = open(dir.path());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(again.document("d1"), d1);
}

#[test]
fn a_store_json_written_again_by_an_older_quire_is_merged_in() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(LEGACY_STORE_FILE), old_store()).unwrap();
    let (mut store, _) = open(dir.path());
    add(&mut store, "since the migration");
    store.flush().unwrap();
    // An older quire elsewhere syncs a fresh single file, and a conflict
    // copy of it, each with a highlight of its own.
    let older = |id: &str, note: &str| {
        format!(
            r#"{{"version": 1, "documents": {{"doc": {{"highlights": [{}]}}}}}}"#,
            highlight(id, note, 3)
        )
    };
    fs::write(dir.path().join(LEGACY_STORE_FILE), older("h3", "older quire")).unwrap();
    let copy = dir.path().join("store.sync-conflict-20240101-000000-ABCDEFG.json");
    fs::write(&copy, older("h4", "its conflict")).unwrap();
    let (store, notices) = open(dir.path());
    assert!(matches!(notices.as_slice(), [Notice::Migrated { .. }]), "{notices:?}");
    let mut notes: Vec<String> =
        store.document("doc").highlights.into_iter().filter_map(|h| h.note).collect();
    notes.sort();
    assert_eq!(notes, ["its conflict", "older quire", "since the migration"]);
    assert!(!copy.exists());
    assert_eq!(store.document("d1").highlights.len(), 1);
}

#[test]
fn an_old_file_from_a_newer_quire_is_read_only_and_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"version": 9, "documents": {"d": {}}}"#;
    fs::write(dir.path().join(LEGACY_STORE_FILE), text).unwrap();
    let (store, notices) = open(dir.path());
    assert!(matches!(notices.as_slice(), [Notice::NewerSchema { version: 9 }]), "{notices:?}");
    assert!(store.read_only().is_some());
    assert!(store.has_document("d"));
    assert_eq!(names(dir.path()), ["store.json", "store.lock"]);
}

/// A store whose clock the test moves, deleting tombstones older than
/// `days` at each save.
fn open_with_horizon(dir: &Path, clock: &TickClock, days: u32) -> Store {
    let options = StoreOptions { tombstone_days: days };
    let io = Box::new(quire::store::RealIo);
    Store::open_with_options(dir, Box::new(clock.clone()), io, options).unwrap().0
}

fn tombstones(dir: &Path, doc: &str) -> usize {
    let bytes = fs::read(record_path(dir, doc)).unwrap();
    let Parsed::Current(entry) = parse_record(&bytes) else { panic!("record does not parse") };
    entry.deleted.len()
}

#[test]
fn tombstones_are_compacted_at_a_save_only_past_the_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TickClock::at(NOW);
    let mut store = open_with_horizon(dir.path(), &clock, 10);
    let id = add(&mut store, "short-lived");
    store.save_progress("idle", "a", anchor_point("text", 1), 1.0, false);
    let idle_id = store.add_highlight("idle", "a", anchor_point("text", 1), "red", None);
    assert!(store.delete_highlight("idle", &idle_id));
    assert!(store.delete_highlight("doc", &id));
    store.flush().unwrap();
    assert_eq!(tombstones(dir.path(), "doc"), 1);

    // Nine days on, a save keeps it; ten days and a moment on, it goes.
    clock.set(NOW + 9 * DAY);
    add(&mut store, "day nine");
    store.flush().unwrap();
    assert_eq!(tombstones(dir.path(), "doc"), 1);
    clock.set(NOW + 10 * DAY + 1_000);
    add(&mut store, "day ten");
    store.flush().unwrap();
    assert_eq!(tombstones(dir.path(), "doc"), 0);
    // Only saved records are compacted: the idle one keeps its marker.
    assert_eq!(tombstones(dir.path(), "idle"), 1);
    // A longer horizon keeps what a shorter one would drop.
    let mut patient = open_with_horizon(dir.path(), &clock, 30);
    patient.save_progress("idle", "a", anchor_point("text", 2), 2.0, false);
    patient.flush().unwrap();
    assert_eq!(tombstones(dir.path(), "idle"), 1);
}
