//! The watcher: its event handling driven as plain logic (no waiting on
//! the OS), and end to end through `notify` with generous deadlines.

use super::*;
use std::sync::mpsc::Sender;

fn start(path: &Path, id: ContentId) -> (Watch, Receiver<Action>) {
    let (tx, rx) = channel();
    let tx: Sender<Action> = tx;
    let files = vec![Loaded { path: path.to_path_buf(), id }];
    let watch = Watch::start(files, &[], None, DEBOUNCE, move |a| tx.send(a).is_ok()).unwrap();
    (watch, rx)
}

/// Everything sent until `wait` passes with nothing new.
fn collect(rx: &Receiver<Action>, wait: Duration) -> Vec<Action> {
    let mut got = Vec::new();
    while let Ok(a) = rx.recv_timeout(wait) {
        got.push(a);
    }
    got
}

#[test]
fn two_quick_writes_make_one_reload_with_the_last_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, "# Notes\n\nFirst version.\n").unwrap();
    let v1 = library::load_file(&path).unwrap();
    let (_watch, rx) = start(&path, v1.id);
    std::fs::write(&path, "# Notes\n\nSecond version.\n").unwrap();
    std::fs::write(&path, "# Notes\n\nThird version.\n").unwrap();
    // The first reload comes one debounce after the last write; a
    // second one would come within another.
    let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let Action::Reloaded(doc) = first else { panic!("expected a reload, got {first:?}") };
    assert_eq!(doc.origin, path.to_string_lossy());
    assert!(crate::model::text::article_text(&doc.articles[0]).contains("Third version"));
    let rest = collect(&rx, DEBOUNCE * 3);
    assert!(rest.is_empty(), "one reload only, also got {rest:?}");
}

#[test]
fn rename_over_the_file_is_seen_and_unchanged_content_is_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, "# Notes\n\nFirst version.\n").unwrap();
    let v1 = library::load_file(&path).unwrap();
    let (_watch, rx) = start(&path, v1.id);
    // Same content: nothing to send.
    std::fs::write(&path, "# Notes\n\nFirst version.\n").unwrap();
    assert!(collect(&rx, DEBOUNCE * 3).is_empty());
    // An editor's atomic save.
    let tmp = dir.path().join(".notes.md.swp");
    std::fs::write(&tmp, "# Notes\n\nSaved by rename.\n").unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    let got = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(matches!(got, Action::Reloaded(_)), "got {got:?}");
}

fn names(actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .map(|a| match a {
            Action::Loaded(d) => format!("loaded {}", d.origin.rsplit('/').next().unwrap_or("")),
            Action::Removed(o) => format!("removed {}", o.rsplit('/').next().unwrap_or("")),
            Action::Reloaded(d) => {
                format!("reloaded {}", d.origin.rsplit('/').next().unwrap_or(""))
            }
            other => format!("{other:?}"),
        })
        .collect()
}

/// A folder watched as a root, with one file loaded from it.
fn folder() -> (tempfile::TempDir, PathBuf, Files) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lib");
    std::fs::create_dir(&root).unwrap();
    let first = root.join("a.md");
    std::fs::write(&first, "# A\n\nFirst.\n").unwrap();
    let id = library::load_file(&first).unwrap().id;
    let files = Files::new(vec![Loaded { path: first, id }], std::slice::from_ref(&root));
    (dir, root, files)
}

fn key(path: &Path) -> PathBuf {
    key_of(path).unwrap()
}

#[test]
fn new_files_under_a_watched_folder_are_loaded_with_the_walks_rules() {
    let (_dir, root, mut files) = folder();
    let canonical = root.canonicalize().unwrap();
    let named = [root.clone(), root.join("a.md")];
    assert_eq!(targets(&named), std::slice::from_ref(&canonical), "a.md is inside lib");
    std::fs::create_dir(root.join("sub")).unwrap();
    assert_eq!(targets(&named), [canonical.clone(), canonical.join("sub")], "each folder");
    let new = root.join("sub/b.txt");
    std::fs::write(&new, "Second file.\n").unwrap();
    assert!(files.wants(&key(&new)));
    let got = files.settle(&key(&new));
    assert_eq!(names(&got), ["loaded b.txt"]);
    let Action::Loaded(doc) = &got[0] else { unreachable!() };
    assert_eq!(doc.origin, new.to_string_lossy(), "named as a walk would name it");
    assert!(files.settle(&key(&new)).is_empty(), "known now: unchanged, nothing sent");
    // What a walk skips, a watch skips: hidden files, other extensions,
    // data files that are not feeds.
    for skipped in [".hidden.md", "picture.png", "config.xml"] {
        std::fs::write(root.join(skipped), "<config/>").unwrap();
        assert!(files.settle(&key(&root.join(skipped))).is_empty(), "{skipped}");
    }
    // A path outside every watched folder is not the library's.
    let outside = tempfile::tempdir().unwrap();
    let stray = outside.path().join("c.md");
    std::fs::write(&stray, "# C\n").unwrap();
    assert!(!files.wants(&key(&stray)));
}

#[test]
fn a_folder_moved_in_brings_its_files() {
    let (dir, root, mut files) = folder();
    let elsewhere = dir.path().join("batch");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("x.md"), "# X\n\nText.\n").unwrap();
    std::fs::write(elsewhere.join("y.md"), "# Y\n\nText.\n").unwrap();
    std::fs::rename(&elsewhere, root.join("batch")).unwrap();
    assert_eq!(names(&files.settle(&key(&root.join("batch")))), ["loaded x.md", "loaded y.md"]);
}

#[test]
fn deleted_and_moved_files_are_removed_and_the_new_name_loaded() {
    let (_dir, root, mut files) = folder();
    let (old, new) = (root.join("a.md"), root.join("renamed.md"));
    std::fs::rename(&old, &new).unwrap();
    // A move is an event on both names.
    let mut got = files.settle(&key(&old));
    got.extend(files.settle(&key(&new)));
    assert_eq!(names(&got), ["removed a.md", "loaded renamed.md"]);
    let Action::Removed(origin) = &got[0] else { unreachable!() };
    assert_eq!(origin, &old.to_string_lossy());
    std::fs::remove_file(&new).unwrap();
    assert_eq!(names(&files.settle(&key(&new))), ["removed renamed.md"]);
    assert!(files.settle(&key(&new)).is_empty(), "gone once");
}

/// Actions until `done` holds of them all, or a generous deadline.
fn wait_for(rx: &Receiver<Action>, done: impl Fn(&[Action]) -> bool) -> Vec<Action> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut got = Vec::new();
    while !done(&got) && Instant::now() < deadline {
        if let Ok(action) = rx.recv_timeout(Duration::from_millis(100)) {
            got.push(action);
        }
    }
    got
}

#[test]
fn a_running_watch_sees_files_added_deleted_and_moved_in_its_folders() {
    let (_dir, root, files) = folder();
    let (tx, rx) = channel();
    let loaded: Vec<Loaded> = files.by_key.into_values().collect();
    let _watch = Watch::start(
        loaded,
        std::slice::from_ref(&root),
        None,
        Duration::from_millis(50),
        move |a| tx.send(a).is_ok(),
    )
    .unwrap();
    std::fs::create_dir(root.join("new")).unwrap();
    std::fs::write(root.join("new/fresh.md"), "# Fresh\n\nText.\n").unwrap();
    let got = wait_for(&rx, |got| names(got).contains(&"loaded fresh.md".to_string()));
    assert!(names(&got).contains(&"loaded fresh.md".to_string()), "{:?}", names(&got));
    // A folder made inside the new one is seen: the new folder was
    // watched as soon as it appeared.
    std::fs::create_dir(root.join("new/deeper")).unwrap();
    std::fs::write(root.join("new/deeper/later.md"), "# Later\n\nText.\n").unwrap();
    let got = wait_for(&rx, |got| names(got).contains(&"loaded later.md".to_string()));
    assert!(names(&got).contains(&"loaded later.md".to_string()), "{:?}", names(&got));
    std::fs::rename(root.join("a.md"), root.join("new/moved.md")).unwrap();
    let want = ["removed a.md".to_string(), "loaded moved.md".to_string()];
    let got = wait_for(&rx, |got| want.iter().all(|w| names(got).contains(w)));
    assert!(want.iter().all(|w| names(&got).contains(w)), "{:?}", names(&got));
    std::fs::remove_file(root.join("new/fresh.md")).unwrap();
    let got = wait_for(&rx, |got| names(got).contains(&"removed fresh.md".to_string()));
    assert!(names(&got).contains(&"removed fresh.md".to_string()), "{:?}", names(&got));
}

#[cfg(unix)]
#[test]
fn files_keyed_together_get_the_keys_each_gets_alone() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let paths = [real.join("a.md"), link.join("b.md"), real.join("c.md"), link.join("a.md")];
    for path in &paths {
        std::fs::write(path, "# Text\n").unwrap();
    }
    let gone = dir.path().join("gone/d.md");
    let files: Vec<Loaded> = paths
        .iter()
        .chain([&gone])
        .map(|path| Loaded { path: path.clone(), id: ContentId(1) })
        .collect();
    let by_key = keyed(files);
    assert_eq!(by_key.len(), 3, "a.md named twice is one file; d.md's folder is gone");
    for path in &paths[1..] {
        assert_eq!(by_key[&key(path)].path, *path);
        assert!(key(path).starts_with(real.canonicalize().unwrap()), "through the link");
    }
}
