use super::*;
use crate::model::anchor::Anchor;
use crate::model::highlight::Progress;
use crate::store::schema::Extra;

fn hl(id: &str, updated: Millis, note: &str) -> Record<Highlight> {
    Record::new(Highlight {
        id: id.into(),
        article_id: "a".into(),
        anchor: Anchor::default(),
        colour: "yellow".into(),
        note: Some(note.into()),
        created: 1,
        updated,
    })
}

fn file(highlights: Vec<Record<Highlight>>, deleted: Vec<Tombstone>) -> StoreFile {
    let mut f = StoreFile::default();
    f.documents.insert("d".into(), DocEntry { highlights, deleted, ..DocEntry::default() });
    f
}

fn notes(f: &StoreFile) -> Vec<(String, String)> {
    f.documents["d"]
        .highlights
        .iter()
        .map(|r| (r.value.id.clone(), r.value.note.clone().unwrap_or_default()))
        .collect()
}

fn dead(id: &str, at: Millis) -> Tombstone {
    Tombstone { id: id.into(), deleted: at, extra: Extra::new() }
}

#[test]
fn union_keeps_both_sides_and_newest_edit() {
    let disk = file(vec![hl("x", 5, "disk"), hl("y", 1, "y")], vec![]);
    let ours = file(vec![hl("x", 3, "ours"), hl("z", 1, "z")], vec![]);
    let merged = merge(disk, &ours);
    let got = notes(&merged);
    assert_eq!(got.len(), 3);
    assert!(got.contains(&("x".into(), "disk".into())));
    let ours_newer = file(vec![hl("x", 9, "ours")], vec![]);
    let merged = merge(merged, &ours_newer);
    assert!(notes(&merged).contains(&("x".into(), "ours".into())));
}

#[test]
fn tombstones_beat_older_copies_and_are_kept() {
    let disk = file(vec![], vec![dead("x", 10)]);
    let ours = file(vec![hl("x", 4, "stale"), hl("y", 1, "y")], vec![]);
    let merged = merge(disk, &ours);
    assert_eq!(notes(&merged), vec![("y".to_string(), "y".to_string())]);
    assert_eq!(merged.documents["d"].deleted.len(), 1);
    // An edit made after the deletion wins: the user acted on it later.
    let later = file(vec![hl("x", 11, "revived")], vec![]);
    let merged = merge(merged, &later);
    assert!(notes(&merged).contains(&("x".into(), "revived".into())));
}

#[test]
fn progress_and_cursor_take_the_newest() {
    let progress = |updated, percent| {
        Record::new(Progress {
            article_id: "a".into(),
            anchor: Anchor::default(),
            percent,
            read: false,
            updated,
        })
    };
    let mut disk = StoreFile::default();
    let mut ours = StoreFile::default();
    disk.documents.entry("d".into()).or_default().progress.insert("a".into(), progress(7, 70.0));
    ours.documents.entry("d".into()).or_default().progress.insert("a".into(), progress(3, 30.0));
    disk.list_cursor = Some(Stamped::new("old".into(), 1));
    ours.list_cursor = Some(Stamped::new("new".into(), 2));
    let merged = merge(disk, &ours);
    assert_eq!(merged.documents["d"].progress["a"].value.percent, 70.0);
    assert_eq!(merged.list_cursor.map(|c| c.value), Some("new".to_string()));
}

#[test]
fn unknown_fields_from_disk_are_kept() {
    let mut disk = StoreFile::default();
    disk.extra.insert("future".into(), serde_json::json!({"a": 1}));
    let merged = merge(disk, &StoreFile::default());
    assert_eq!(merged.extra["future"], serde_json::json!({"a": 1}));
}

fn doc(highlights: Vec<Record<Highlight>>, deleted: Vec<Tombstone>) -> DocEntry {
    DocEntry { highlights, deleted, ..DocEntry::default() }
}

#[test]
fn equal_stamps_are_settled_the_same_whichever_side_comes_first() {
    let one = doc(vec![hl("x", 5, "one")], vec![dead("y", 4)]);
    let two = doc(vec![hl("x", 5, "two")], vec![]);
    let a = merge_doc(one.clone(), &two, Extras::Larger);
    let b = merge_doc(two, &one, Extras::Larger);
    assert_eq!(a, b);
    assert_eq!(a.highlights.len(), 1);
}

#[test]
fn unknown_fields_follow_the_policy() {
    let mut disk = DocEntry::default();
    disk.extra.insert("k".into(), serde_json::json!(1));
    let mut ours = DocEntry::default();
    ours.extra.insert("k".into(), serde_json::json!(2));
    // Saving: the disk was written last, its value stays.
    assert_eq!(merge_doc(disk.clone(), &ours, Extras::Disk).extra["k"], serde_json::json!(1));
    // Copies: the larger value, from either side.
    assert_eq!(merge_doc(disk.clone(), &ours, Extras::Larger).extra["k"], serde_json::json!(2));
    assert_eq!(merge_doc(ours, &disk, Extras::Larger).extra["k"], serde_json::json!(2));
}

#[test]
fn compaction_drops_only_tombstones_before_the_horizon() {
    let mut entry = doc(vec![], vec![dead("old", 99), dead("edge", 100), dead("new", 150)]);
    compact(&mut entry, 100);
    let left: Vec<&str> = entry.deleted.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(left, ["edge", "new"]);
}
