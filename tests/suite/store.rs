//! The bookmark store against a real disk: crashes, corruption, newer
//! schemas, injected I/O failures and concurrent writers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "store/merge_props.rs"]
mod merge_props;
#[path = "store/migration.rs"]
mod migration;
#[path = "store/reanchoring.rs"]
mod reanchoring;
#[path = "store/round_trips.rs"]
mod round_trips;
#[path = "store/support.rs"]
mod store_support;
#[path = "store/sync.rs"]
mod sync;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use quire::model::anchor::anchor_for;
use quire::store::schema::{Parsed, parse_record};
use quire::store::{HighlightEdit, Notice, SESSION_FILE, Store, StoreError, Toggled, record_path};
use store_support::{Failing, Op, TickClock, add, child_env, open};

/// Entry point of child processes; does nothing in a normal test run.
#[test]
fn child_entry() {
    let Some((mode, dir)) = child_env() else { return };
    store_support::run_child(&mode, Path::new(&dir));
}

fn spawn_child(mode: &str, dir: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "store::child_entry", "--nocapture", "--test-threads=1", "--quiet"])
        .env("QUIRE_TEST_CHILD", mode)
        .env("QUIRE_TEST_DIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The record file of the document all these tests write to.
fn doc_file(dir: &Path) -> std::path::PathBuf {
    record_path(dir, "doc")
}

fn committed_notes(dir: &Path) -> Vec<String> {
    let bytes = fs::read(doc_file(dir)).unwrap();
    let Parsed::Current(doc) = parse_record(&bytes) else { panic!("the record does not parse") };
    let mut notes: Vec<String> =
        doc.highlights.into_iter().map(|r| r.value.note.unwrap_or_default()).collect();
    // Numbers in numeric order, so versions compare as sets.
    notes.sort_by_key(|n| (n.parse::<usize>().unwrap_or(usize::MAX), n.clone()));
    notes
}

#[test]
fn sigkill_mid_save_always_leaves_a_committed_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut reported = 0usize;
    for round in 0..200 {
        let mut child = spawn_child("writer", dir.path());
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Kill at varying points: right away, or after 1..=6 events, an
        // event being the start of a file write ("w", so the kill lands
        // mid-write) or a completed save (its highlight count).
        let mut events = 0;
        while events < round % 7 {
            let line = lines.next().expect("child died before saving").unwrap();
            let line = line.trim();
            if let Ok(n) = line.parse::<usize>() {
                reported = reported.max(n);
                events += 1;
            } else if line == "w" {
                events += 1;
            } // anything else is the test harness talking
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if !doc_file(dir.path()).exists() {
            assert_eq!(reported, 0, "round {round}: a committed store vanished");
            continue;
        }
        // Some committed version: highlights 0..k with k at least the last
        // save the child reported as done.
        let notes = committed_notes(dir.path());
        let expected: Vec<String> = (0..notes.len()).map(|n| n.to_string()).collect();
        assert_eq!(notes, expected, "round {round}");
        assert!(notes.len() >= reported, "round {round}: lost a reported save");
    }
    assert!(reported > 40, "too few saves observed: {reported}");
}

#[test]
fn two_processes_adding_100_each_keep_all_200() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = spawn_child("adder:a", dir.path());
    let mut b = spawn_child("adder:b", dir.path());
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let (store, notices) = open(dir.path());
    assert!(notices.is_empty(), "{notices:?}");
    let mut notes: Vec<String> =
        store.document("doc").highlights.into_iter().map(|h| h.note.unwrap()).collect();
    notes.sort();
    let mut expected: Vec<String> =
        ["a", "b"].iter().flat_map(|t| (0..100).map(move |i| format!("{t}{i}"))).collect();
    expected.sort();
    assert_eq!(notes, expected);
}

fn write_store(dir: &Path, text: &str) {
    fs::create_dir_all(doc_file(dir).parent().unwrap()).unwrap();
    fs::write(doc_file(dir), text).unwrap();
}

fn corrupt_files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(doc_file(dir).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    found.sort();
    found
}

#[test]
fn garbage_and_empty_files_are_set_aside_never_overwritten() {
    for content in ["", "{\"version\": 1, \"documents\": [", "\u{0}\u{1}garbage", "[]"] {
        let dir = tempfile::tempdir().unwrap();
        write_store(dir.path(), content);
        let (mut store, notices) = open(dir.path());
        assert!(
            matches!(notices.as_slice(), [Notice::CorruptSetAside { .. }]),
            "{content:?}: {notices:?}"
        );
        let aside = corrupt_files(dir.path());
        assert_eq!(aside.len(), 1);
        add(&mut store, "after");
        store.flush().unwrap();
        let records = doc_file(dir.path()).parent().unwrap().to_path_buf();
        assert_eq!(fs::read_to_string(records.join(&aside[0])).unwrap(), content);
        assert_eq!(committed_notes(dir.path()), vec!["after".to_string()]);
    }
}

#[test]
fn corrupt_main_file_falls_back_to_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = open(dir.path());
    add(&mut store, "first");
    store.flush().unwrap();
    add(&mut store, "second");
    store.flush().unwrap();
    assert!(doc_file(dir.path()).with_extension("json.bak").exists());
    write_store(dir.path(), "not json");
    let (store, notices) = open(dir.path());
    assert!(notices.iter().any(|n| matches!(n, Notice::CorruptSetAside { .. })));
    assert!(notices.contains(&Notice::RestoredFromBackup));
    let notes: Vec<_> = store.document("doc").highlights.into_iter().map(|h| h.note).collect();
    assert_eq!(notes, vec![Some("first".to_string())]);
    assert!(notices.iter().all(|n| !n.to_string().is_empty()));
}

#[test]
fn newer_schema_opens_read_only_and_refuses_to_write() {
    for text in [
        r#"{"version": 2, "documents": {}, "shiny": true}"#,
        r#"{"version": 7, "documents": "a shape we do not know"}"#,
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_store(dir.path(), text);
        let (mut store, notices) = open(dir.path());
        assert!(matches!(notices.as_slice(), [Notice::NewerSchema { .. }]), "{notices:?}");
        assert!(store.read_only().is_some());
        add(&mut store, "kept in memory");
        assert!(matches!(store.flush(), Err(StoreError::ReadOnly { .. })));
        assert!(store.dirty());
        assert_eq!(store.document("doc").highlights.len(), 1);
        assert_eq!(fs::read_to_string(doc_file(dir.path())).unwrap(), text);
        assert!(corrupt_files(dir.path()).is_empty());
    }
}

#[test]
fn unknown_fields_survive_a_save() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SESSION_FILE), r#"{"version": 1, "top": [1, 2]}"#).unwrap();
    // The tombstone is recent: older ones are compacted away at a save.
    write_store(
        dir.path(),
        r#"{"version": 1, "tags": ["x"],
              "highlights": [{"id": "h1", "article_id": "a", "colour": "red", "created": 1,
                "updated": 1, "glow": 0.5,
                "anchor": {"quote": {"exact": "q", "prefix": "", "suffix": ""},
                           "position": {"start": 0, "end": 1}}}],
              "deleted": [{"id": "gone", "deleted": 1699999999000, "why": "test"}]}"#,
    );
    let (mut store, notices) = open(dir.path());
    assert!(notices.is_empty());
    add(&mut store, "new");
    assert!(store.update_highlight(
        "doc",
        "h1",
        HighlightEdit { colour: Some("blue".into()), ..Default::default() }
    ));
    store.set_list_cursor("doc");
    store.flush().unwrap();
    let read = |path: std::path::PathBuf| -> serde_json::Value {
        serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
    };
    let session = read(dir.path().join(SESSION_FILE));
    assert_eq!(session["top"], serde_json::json!([1, 2]));
    let doc = &read(doc_file(dir.path()));
    assert_eq!(doc["tags"], serde_json::json!(["x"]));
    let h1 = doc["highlights"].as_array().unwrap().iter().find(|h| h["id"] == "h1").unwrap();
    assert_eq!(h1["glow"], serde_json::json!(0.5));
    assert_eq!(h1["colour"], "blue");
    assert_eq!(doc["deleted"][0]["why"], "test");
}

#[test]
fn injected_failures_keep_data_in_memory_and_a_retry_saves_it() {
    for op in [Op::Write, Op::Fsync, Op::Rename] {
        for nth in 1..=4 {
            let dir = tempfile::tempdir().unwrap();
            let (mut store, _) = open(dir.path());
            add(&mut store, "base");
            store.flush().unwrap();
            let failing = Failing::new(op, nth);
            let (mut store, _) = Store::open_with(
                dir.path(),
                Box::new(TickClock::default()),
                Box::new(failing.clone()),
            )
            .unwrap();
            add(&mut store, "pending");
            let result = store.flush();
            if failing.failed() {
                let err = result.expect_err("an injected failure must surface");
                assert!(matches!(err, StoreError::Io { .. }), "{op:?}/{nth}: {err}");
                assert!(store.dirty());
                assert_eq!(store.document("doc").highlights.len(), 2);
                let on_disk = committed_notes(dir.path());
                assert!(on_disk.len() == 1 || on_disk.len() == 2, "{op:?}/{nth}: {on_disk:?}");
            } else {
                result.unwrap();
            }
            failing.disarm();
            store.flush().unwrap();
            assert!(!store.dirty());
            assert_eq!(committed_notes(dir.path()), vec!["base", "pending"]);
        }
    }
}

#[test]
fn mutations_round_trip_through_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = open(dir.path());
    let text = "Some article text to anchor into, long enough for context.";
    let id = add(&mut store, "note");
    let point = anchor_for(text, 10, 10);
    let Toggled::Added(bm) = store.toggle_bookmark("doc", "a", point.clone(), Some("here".into()))
    else {
        panic!("first toggle must add")
    };
    store.save_progress("doc", "a", point.clone(), 42.0, false);
    store.set_list_cursor("doc");
    let keep = add(&mut store, "keep");
    assert!(store.delete_highlight("doc", &id));
    store.flush().unwrap();
    let (mut again, _) = open(dir.path());
    assert_eq!(again.document("doc"), store.document("doc"));
    assert_eq!(again.list_cursor(), Some("doc"));
    let state = again.document("doc");
    assert_eq!(state.highlights.len(), 1);
    assert_eq!(state.highlights[0].id, keep);
    assert_eq!(state.last_article.as_deref(), Some("a"));
    assert_eq!(state.progress[0].percent, 42.0);
    assert_eq!(again.toggle_bookmark("doc", "a", point, None), Toggled::Removed(bm));
    again.flush().unwrap();
    // The deletion is not resurrected by the stale instance's next save.
    add(&mut store, "late");
    store.flush().unwrap();
    let (last, _) = open(dir.path());
    let state = last.document("doc");
    assert!(state.bookmarks.is_empty());
    assert!(state.highlights.iter().all(|h| h.id != id));
    assert_eq!(state.highlights.len(), 2);
}

/// Undo of a delete brings back the same highlight, and a flush (which
/// merges with the tombstone already on disk) keeps it.
#[test]
fn a_restored_highlight_survives_its_flushed_tombstone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = open(dir.path());
    let id = add(&mut store, "undo me");
    let old = store.document("doc").highlights[0].clone();
    assert!(store.delete_highlight("doc", &id));
    store.flush().unwrap();
    store.restore_highlight("doc", old.clone());
    store.flush().unwrap();
    let (again, _) = open(dir.path());
    let state = again.document("doc");
    assert_eq!(state.highlights.len(), 1);
    assert_eq!(state.highlights[0].id, id);
    assert_eq!(state.highlights[0].note, old.note);
    assert!(state.highlights[0].updated > old.updated);
}
