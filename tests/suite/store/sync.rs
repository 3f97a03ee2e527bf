//! Two machines sharing a data directory through a sync tool: each changes
//! the same document, the tool leaves one version as a conflict copy, and
//! opening the store merges it back in.

use std::fs;
use std::path::{Path, PathBuf};

use quire::model::anchor::anchor_point;
use quire::store::{HighlightEdit, Notice, Store, record_path};

use crate::store::store_support::{TickClock, add};

const START: u64 = 1_700_000_000_000;

fn open_at(dir: &Path, ms: u64) -> (Store, Vec<Notice>) {
    Store::open(dir, Box::new(TickClock::at(ms))).unwrap()
}

fn records(dir: &Path) -> PathBuf {
    record_path(dir, "doc").parent().unwrap().to_path_buf()
}

fn names(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

/// `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT`, split at the last dot.
fn syncthing(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap();
    format!("{stem}.sync-conflict-20240315-101112-B7XK2QA.{ext}")
}

/// `NAME (DEVICE's conflicted copy YYYY-MM-DD).EXT`.
fn dropbox(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap();
    format!("{stem} (Second Laptop's conflicted copy 2024-03-15).{ext}")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn notes(store: &Store) -> Vec<String> {
    let mut notes: Vec<String> =
        store.document("doc").highlights.into_iter().map(|h| h.note.unwrap()).collect();
    notes.sort();
    notes
}

/// Both machines start from one synced state, then change it apart.
struct Machines {
    a: tempfile::TempDir,
    b: tempfile::TempDir,
}

fn diverge() -> Machines {
    let m = Machines { a: tempfile::tempdir().unwrap(), b: tempfile::tempdir().unwrap() };
    let (mut a, _) = open_at(m.a.path(), START);
    add(&mut a, "shared");
    let doomed = add(&mut a, "to delete");
    let edited = add(&mut a, "edit me");
    a.flush().unwrap();
    copy_dir(&records(m.a.path()), &records(m.b.path()));

    // B's clock runs ahead, so its edit of the shared highlight is later.
    let (mut b, _) = open_at(m.b.path(), START + 60_000);
    add(&mut b, "from b");
    let edit = HighlightEdit { note: Some(Some("b's later edit".into())), ..Default::default() };
    assert!(b.update_highlight("doc", &edited, edit));
    b.save_progress("doc", "a", anchor_point("some text", 3), 30.0, false);
    b.flush().unwrap();
    // A second save, so B's backup holds B's first edits too.
    add(&mut b, "b again");
    b.flush().unwrap();

    let (mut a, _) = open_at(m.a.path(), START + 1_000);
    add(&mut a, "from a");
    assert!(a.delete_highlight("doc", &doomed));
    let edit = HighlightEdit { note: Some(Some("a's earlier edit".into())), ..Default::default() };
    assert!(a.update_highlight("doc", &edited, edit));
    a.save_progress("doc", "a", anchor_point("some text", 1), 20.0, false);
    a.toggle_bookmark("doc", "a", anchor_point("some text", 2), Some("a's mark".into()));
    a.flush().unwrap();
    m
}

const EVERYTHING: [&str; 5] = ["b again", "b's later edit", "from a", "from b", "shared"];

fn check_merged(store: &Store) {
    assert_eq!(notes(store), EVERYTHING);
    let state = store.document("doc");
    assert_eq!(state.progress.len(), 1);
    assert_eq!(state.progress[0].percent, 30.0, "the later progress wins");
    assert_eq!(state.bookmarks.len(), 1);
}

#[test]
fn conflict_copies_in_either_naming_are_merged_and_removed() {
    for style in [syncthing as fn(&str) -> String, dropbox] {
        let m = diverge();
        // The sync tool kept A's record and put B's beside it, with B's
        // backup beside A's backup.
        let (ra, rb) = (records(m.a.path()), records(m.b.path()));
        fs::copy(rb.join("doc.json"), ra.join(style("doc.json"))).unwrap();
        fs::copy(rb.join("doc.json.bak"), ra.join(style("doc.json.bak"))).unwrap();

        let (a, notices) = open_at(m.a.path(), START + 2_000);
        assert!(notices.is_empty(), "{notices:?}");
        check_merged(&a);
        assert_eq!(names(&ra), ["doc.json", "doc.json.bak"], "copies removed");
        // The merge was written: a plain reopen sees it.
        let (again, _) = open_at(m.a.path(), START + 3_000);
        assert_eq!(again.document("doc"), a.document("doc"));

        // The other way round: B receives A's merged record as a copy.
        fs::copy(ra.join("doc.json"), rb.join(style("doc.json"))).unwrap();
        let (b, notices) = open_at(m.b.path(), START + 70_000);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(b.document("doc"), a.document("doc"));
    }
}

#[test]
fn a_copy_arriving_while_running_is_merged_at_the_next_save() {
    let m = diverge();
    let (mut a, _) = open_at(m.a.path(), START + 2_000);
    let ra = records(m.a.path());
    fs::copy(records(m.b.path()).join("doc.json"), ra.join(syncthing("doc.json"))).unwrap();
    add(&mut a, "while running");
    a.flush().unwrap();
    assert_eq!(notes(&a).len(), EVERYTHING.len() + 1);
    assert!(names(&ra).iter().all(|n| !n.contains("sync-conflict")));
}

#[test]
fn documents_changed_on_one_machine_only_are_not_rewritten() {
    let m = diverge();
    let (mut a, _) = open_at(m.a.path(), START + 2_000);
    a.save_progress("other", "x", anchor_point("text", 1), 5.0, false);
    let before = fs::read(record_path(m.a.path(), "doc")).unwrap();
    let modified = fs::metadata(record_path(m.a.path(), "doc")).unwrap().modified().unwrap();
    a.flush().unwrap();
    assert!(record_path(m.a.path(), "other").exists());
    assert_eq!(fs::read(record_path(m.a.path(), "doc")).unwrap(), before);
    let after = fs::metadata(record_path(m.a.path(), "doc")).unwrap().modified().unwrap();
    assert_eq!(after, modified);
}

#[test]
fn a_corrupt_conflict_copy_is_set_aside_and_reported() {
    let m = diverge();
    let ra = records(m.a.path());
    let copy = ra.join(dropbox("doc.json"));
    fs::write(&copy, "{\"version\": 1, \"highlights\": [").unwrap();
    let before = fs::read(ra.join("doc.json")).unwrap();
    let (a, notices) = open_at(m.a.path(), START + 2_000);
    let [Notice::CorruptConflictCopy { moved_to, .. }] = notices.as_slice() else {
        panic!("{notices:?}")
    };
    assert!(!copy.exists());
    assert_eq!(fs::read_to_string(moved_to).unwrap(), "{\"version\": 1, \"highlights\": [");
    let name = moved_to.file_name().unwrap().to_string_lossy();
    assert!(name.contains("conflicted copy") && name.contains(".corrupt-"), "{name}");
    assert!(notices[0].to_string().contains("conflict copy"));
    // The record itself is untouched and still loads.
    assert_eq!(fs::read(ra.join("doc.json")).unwrap(), before);
    assert_eq!(a.document("doc").highlights.len(), 3);
    // Set aside once: the next open says nothing.
    let (_, notices) = open_at(m.a.path(), START + 3_000);
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn the_session_file_merges_its_copies_too() {
    let m = diverge();
    let (mut a, _) = open_at(m.a.path(), START + 2_000);
    a.set_list_cursor("older");
    a.flush().unwrap();
    let (mut b, _) = open_at(m.b.path(), START + 90_000);
    b.set_list_cursor("newer");
    b.flush().unwrap();
    let session = |dir: &Path| dir.join(quire::store::SESSION_FILE);
    let copy = m.a.path().join(syncthing(quire::store::SESSION_FILE));
    fs::copy(session(m.b.path()), &copy).unwrap();
    let (a, notices) = open_at(m.a.path(), START + 3_000);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(a.list_cursor(), Some("newer"));
    assert!(!copy.exists());
}

#[test]
fn a_failed_write_of_the_merge_keeps_the_copies_until_a_save_succeeds() {
    use crate::store::store_support::{Failing, Op};
    let m = diverge();
    let ra = records(m.a.path());
    let copy = ra.join(syncthing("doc.json"));
    fs::copy(records(m.b.path()).join("doc.json"), &copy).unwrap();
    // The first rename (the backup's) fails while the merge is written.
    let failing = Failing::new(Op::Rename, 1);
    let clock = Box::new(TickClock::at(START + 2_000));
    let (mut a, notices) = Store::open_with(m.a.path(), clock, Box::new(failing.clone())).unwrap();
    assert!(failing.failed());
    assert!(notices.is_empty(), "{notices:?}");
    check_merged(&a);
    assert!(a.dirty(), "the merge is not on disk yet");
    assert!(copy.exists(), "a copy is only removed once its merge is saved");
    failing.disarm();
    a.flush().unwrap();
    assert!(!copy.exists());
    let (again, _) = open_at(m.a.path(), START + 3_000);
    check_merged(&again);
}
