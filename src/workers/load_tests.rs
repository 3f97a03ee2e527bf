//! The loader worker's tests: listing, filling and big files apart.

use super::*;
use std::sync::Mutex;

#[test]
fn loads_folders_in_order_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("b.md"), "bee").unwrap();
    std::fs::write(dir.path().join("sub/a.txt"), "ay").unwrap();
    std::fs::write(dir.path().join("skip.png"), "x").unwrap();
    let missing = dir.path().join("missing.md");
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = sent.clone();
    let handle = spawn(vec![dir.path().to_path_buf(), missing], move |a| {
        log.lock().unwrap().push(a);
        true
    })
    .unwrap();
    handle.join().unwrap();
    let sent = sent.lock().unwrap();
    let loaded: Vec<String> = sent
        .iter()
        .filter_map(|a| match a {
            Action::Loaded(d) => Some(d.origin.rsplit('/').next().unwrap_or_default().into()),
            _ => None,
        })
        .collect();
    assert_eq!(loaded, ["b.md", "a.txt"]);
    assert!(sent.iter().any(|a| matches!(a, Action::LoadFailed(m) if m.contains("missing"))));
    assert!(matches!(sent.last(), Some(Action::LoadDone)));
}

/// A file loaded on a thread of its own is the same document, and a
/// missing one the same failure, as loaded here.
#[test]
fn a_big_file_loads_the_same_on_its_own_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.txt");
    std::fs::write(&path, "Opening Title\n\nBy Ann Lee\n\nA first paragraph.\n").unwrap();
    let apart = load_apart_from(&path, None, 0).unwrap();
    assert_eq!(format!("{apart:?}"), format!("{:?}", library::load_through(&path, None).unwrap()));
    let gone = dir.path().join("gone.txt");
    let failure = load_apart_from(&gone, None, 0).unwrap_err();
    assert_eq!(failure.message, library::load_through(&gone, None).unwrap_err().message);
}

fn loaded_titles(sent: &[Action]) -> Vec<String> {
    sent.iter()
        .filter_map(|a| match a {
            Action::Loaded(d) | Action::Listed(d) => Some(d.title.clone()),
            _ => None,
        })
        .collect()
}

fn run_cached(paths: &[PathBuf], cache: &std::path::Path) -> Vec<Action> {
    let sent = Mutex::new(Vec::new());
    let catalogue = Catalogue::open(cache);
    run(paths, Some(&catalogue), &|a| {
        sent.lock().unwrap().push(a);
        true
    });
    sent.into_inner().unwrap()
}

/// A warm start as the reader's loader makes it: the list, then the
/// fill; what it sent.
fn list_and_fill(paths: &[PathBuf], cache: &std::path::Path) -> (Listing, Vec<Action>) {
    let catalogue = Catalogue::open(cache);
    let sent = Mutex::new(Vec::new());
    let send = |a| {
        sent.lock().unwrap().push(a);
        true
    };
    let listing = run(paths, Some(&catalogue), &send).unwrap();
    assert!(fill(&listing.to_fill, &catalogue, &send));
    (listing, sent.into_inner().unwrap())
}

#[test]
fn the_reader_loads_through_the_catalogue_and_says_when_it_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (file, cache) = (dir.path().join("a.md"), dir.path().join("cache"));
    std::fs::write(&file, "# First edition\n\nText.\n").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let set_old = || {
        let handle = std::fs::File::options().write(true).open(&file).unwrap();
        handle.set_modified(old).unwrap();
    };
    set_old();
    let paths = vec![file.clone()];
    assert_eq!(loaded_titles(&run_cached(&paths, &cache)), ["First edition"]);
    // Same size and mtime, other bytes: served from the cache unread.
    std::fs::write(&file, "# Other edition\n\nText.\n").unwrap();
    set_old();
    let sent = run_cached(&paths, &cache);
    assert_eq!(loaded_titles(&sent), ["First edition"]);
    assert!(!sent.iter().any(|a| matches!(a, Action::Notice(_))));
    // A damaged cache: the file is read again and the status line says so.
    let documents = cache.join(crate::library::catalogue::DOCUMENTS_DIR);
    for entry in std::fs::read_dir(&documents).unwrap() {
        std::fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    std::fs::write(cache.join("outlines.qman"), b"garbage").unwrap();
    let sent = run_cached(&paths, &cache);
    assert_eq!(loaded_titles(&sent), ["Other edition"]);
    assert!(sent.iter().any(|a| matches!(a, Action::Notice(n) if n.contains("rebuilt"))));
}

#[test]
fn a_second_start_lists_outlines_at_once_then_fills_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let paths: Vec<PathBuf> = (0..3)
        .map(|i| {
            let path = dir.path().join(format!("{i}.md"));
            std::fs::write(&path, format!("# Issue {i}\n\n## Part\n\nText {i}.\n")).unwrap();
            std::fs::File::options().write(true).open(&path).unwrap().set_modified(old).unwrap();
            path
        })
        .collect();
    let first = run_cached(&paths, &cache);
    assert_eq!(first.iter().filter(|a| matches!(a, Action::Loaded(_))).count(), 3);
    // A file added since: loaded whole; the others listed as outlines.
    let added = dir.path().join("3.md");
    std::fs::write(&added, "# Issue 3\n\nNew.\n").unwrap();
    let mut all = paths.clone();
    all.push(added);
    let (listing, sent) = list_and_fill(&all, &cache);
    assert_eq!(listing.loaded.len(), 4);
    assert_eq!(listing.to_fill, paths);
    let listed: Vec<&Arc<crate::model::Document>> = sent
        .iter()
        .filter_map(|a| if let Action::Listed(d) = a { Some(d) } else { None })
        .collect();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|d| d.articles.iter().all(|a| a.blocks().next().is_none())));
    let filled: Vec<&Arc<crate::model::Document>> = sent
        .iter()
        .filter_map(|a| if let Action::Filled(d) = a { Some(d) } else { None })
        .collect();
    assert_eq!(filled.len(), 3);
    for (outline, whole) in listed.iter().zip(&filled) {
        assert_eq!((outline.id, &outline.origin), (whole.id, &whole.origin));
        assert!(whole.articles.iter().any(|a| a.blocks().next().is_some()));
    }
    assert!(matches!(sent.last(), Some(Action::FillProgress { done: 3, total: 3 })));
}

#[test]
fn a_file_changed_since_its_outline_is_listed_as_last_seen_and_filled_first() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let paths: Vec<PathBuf> = (0..3).map(|i| dir.path().join(format!("{i}.md"))).collect();
    let write = |path: &PathBuf, title: &str| {
        std::fs::write(path, format!("# {title}\n\nText of {title}.\n")).unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
    };
    for (i, path) in paths.iter().enumerate() {
        write(path, &format!("Issue {i}"));
    }
    run_cached(&paths, &cache);
    write(&paths[2], "Issue two, revised at length");
    let (_, sent) = list_and_fill(&paths, &cache);
    assert_eq!(loaded_titles(&sent), ["Issue 0", "Issue 1", "Issue 2"], "as last seen");
    let filled: Vec<&str> = sent
        .iter()
        .filter_map(|a| if let Action::Filled(d) = a { Some(d.title.as_str()) } else { None })
        .collect();
    assert_eq!(filled, ["Issue two, revised at length", "Issue 0", "Issue 1"]);
}

#[test]
fn no_paths_means_the_sample() {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = sent.clone();
    spawn(Vec::new(), move |a| {
        log.lock().unwrap().push(a);
        true
    })
    .unwrap()
    .join()
    .unwrap();
    assert!(matches!(sent.lock().unwrap().first(), Some(Action::Loaded(_))));
}
