//! The catalogue against the file changes and cache damage it must
//! survive. Each test compares with an uncached load: the cache may make
//! loading cheaper, never different.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::catalogue::{CacheIo, Catalogue, DOCUMENTS_DIR, RealCacheIo, clear, loader_stamp};
use super::load_file;
use crate::model::Document;

/// Titles, kinds and headings: what `quire outline` shows.
pub(super) fn outline(doc: &Document) -> Vec<String> {
    let mut lines = vec![format!("{} {} {}", doc.id, doc.title, doc.origin)];
    for article in &doc.articles {
        lines.push(format!("{} {} {}", article.id, article.kind.as_str(), article.title));
        lines.extend(article.sections.iter().filter_map(|s| s.heading.clone()));
    }
    lines
}

pub(super) fn issue(topic: &str) -> String {
    format!(
        "# The {topic} issue\n\n## On {topic}\n\nBy Ada Lovelace\n\nWords about {topic}.\n\n\
         ## More {topic}\n\nBy Grace Hopper\n\nFurther words.\n"
    )
}

/// Writes a file and dates it an hour back, so its stamp is trusted.
pub(super) fn write_old(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    set_mtime(path, SystemTime::now() - Duration::from_secs(3600));
}

pub(super) fn set_mtime(path: &Path, time: SystemTime) {
    File::options().write(true).open(path).unwrap().set_modified(time).unwrap();
}

pub(super) fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(cache.join(DOCUMENTS_DIR))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

pub(super) struct Setup {
    pub _dir: tempfile::TempDir,
    pub cache: PathBuf,
    pub file: PathBuf,
}

pub(super) fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let file = dir.path().join("issue.md");
    write_old(&file, &issue("cache"));
    Setup { cache, file, _dir: dir }
}

#[test]
fn an_unchanged_file_is_served_from_the_cache_without_being_read() {
    let s = setup();
    let first = Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert_eq!(outline(&first), outline(&load_file(&s.file).unwrap()));
    // Same size, same mtime, other bytes: only a cache hit still shows
    // the first version, which proves the file was not read.
    let mtime = fs::metadata(&s.file).unwrap().modified().unwrap();
    fs::write(&s.file, issue("CACHE")).unwrap();
    set_mtime(&s.file, mtime);
    let second = Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert_eq!(outline(&second), outline(&first));
}

#[test]
fn an_edited_file_is_segmented_again() {
    let s = setup();
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    write_old(&s.file, &issue("edited content"));
    let catalogue = Catalogue::open(&s.cache);
    let doc = catalogue.load(&s.file).unwrap();
    assert_eq!(outline(&doc), outline(&load_file(&s.file).unwrap()));
    assert!(doc.title.contains("edited content"));
    assert_eq!(catalogue.notice(), None);
}

#[test]
fn an_edit_within_the_timestamp_resolution_is_not_missed() {
    let s = setup();
    fs::write(&s.file, issue("fresh")).unwrap();
    let mtime = fs::metadata(&s.file).unwrap().modified().unwrap();
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    // Rewritten at once, same size, same mtime: the racy case.
    fs::write(&s.file, issue("FRESH")).unwrap();
    set_mtime(&s.file, mtime);
    let doc = Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert!(doc.title.contains("FRESH"), "{}", doc.title);
}

#[test]
fn a_touched_file_is_only_restamped() {
    let s = setup();
    let first = Catalogue::open(&s.cache).load(&s.file).unwrap();
    let before = fs::read(&entries(&s.cache)[0]).unwrap();
    set_mtime(&s.file, SystemTime::now() - Duration::from_secs(1800));
    let second = Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert_eq!(outline(&second), outline(&first));
    let after = fs::read(&entries(&s.cache)[0]).unwrap();
    assert_ne!(before, after, "the new stamp is written");
    assert_eq!(entries(&s.cache).len(), 1);
}

#[test]
fn a_renamed_file_loads_under_its_new_name_and_the_old_entry_is_pruned() {
    let s = setup();
    let catalogue = Catalogue::open(&s.cache);
    catalogue.load(&s.file).unwrap();
    let renamed = s.file.with_file_name("renamed.md");
    fs::rename(&s.file, &renamed).unwrap();
    let doc = catalogue.load(&renamed).unwrap();
    assert_eq!(outline(&doc), outline(&load_file(&renamed).unwrap()));
    assert_eq!(entries(&s.cache).len(), 2);
    assert_eq!(catalogue.prune(), 1);
    assert_eq!(entries(&s.cache).len(), 1);
}

#[test]
fn a_deleted_file_fails_as_usual_and_its_entry_is_pruned() {
    let s = setup();
    let catalogue = Catalogue::open(&s.cache);
    catalogue.load(&s.file).unwrap();
    fs::remove_file(&s.file).unwrap();
    let failure = catalogue.load(&s.file).unwrap_err();
    assert_eq!(failure.message, "no such file or directory");
    assert_eq!(catalogue.prune(), 1);
    assert!(entries(&s.cache).is_empty());
}

#[test]
fn truncated_or_garbage_entries_are_rebuilt_with_one_notice() {
    let s = setup();
    let other = s.file.with_file_name("other.md");
    write_old(&other, &issue("other"));
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    Catalogue::open(&s.cache).load(&other).unwrap();
    let [a, b] = entries(&s.cache).try_into().unwrap();
    let bytes = fs::read(&a).unwrap();
    fs::write(&a, &bytes[..bytes.len() / 2]).unwrap();
    fs::write(&b, b"\x00garbage\xff").unwrap();
    let catalogue = Catalogue::open(&s.cache);
    for path in [&s.file, &other] {
        let doc = catalogue.load(path).unwrap();
        assert_eq!(outline(&doc), outline(&load_file(path).unwrap()));
    }
    let notice = catalogue.notice().unwrap();
    assert!(notice.contains("2 unusable entries were rebuilt"), "{notice}");
    // Rebuilt means usable again: the next run has nothing to say.
    let next = Catalogue::open(&s.cache);
    next.load(&s.file).unwrap();
    assert_eq!(next.notice(), None);
}

#[test]
fn a_new_loader_version_re_segments_everything() {
    let s = setup();
    let old = Catalogue::with_io(&s.cache, Box::new(RealCacheIo), loader_stamp() ^ 1);
    old.load(&s.file).unwrap();
    // An old loader's entry for content the new loader would read apart
    // differently: same stamp, so only the version tells them apart.
    let mtime = fs::metadata(&s.file).unwrap().modified().unwrap();
    fs::write(&s.file, issue("NEWER")).unwrap();
    set_mtime(&s.file, mtime);
    let new = Catalogue::open(&s.cache);
    let doc = new.load(&s.file).unwrap();
    assert!(doc.title.contains("NEWER"));
    assert!(new.notice().unwrap().contains("1 unusable entry was rebuilt"));
}

/// A disk that is full: every write fails.
pub(super) struct FullDisk;

impl CacheIo for FullDisk {
    fn write(&self, _: &Path, _: &[u8]) -> std::io::Result<()> {
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    }

    fn rename(&self, _: &Path, _: &Path) -> std::io::Result<()> {
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    }
}

#[test]
fn a_full_disk_leaves_the_old_entry_valid() {
    let s = setup();
    let other = s.file.with_file_name("other.md");
    write_old(&other, &issue("other"));
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    let before = fs::read(&entries(&s.cache)[0]).unwrap();
    write_old(&s.file, &issue("changed"));
    let full = Catalogue::with_io(&s.cache, Box::new(FullDisk), loader_stamp());
    assert!(full.load(&s.file).unwrap().title.contains("changed"));
    assert!(full.load(&other).unwrap().title.contains("other"));
    assert!(full.notice().unwrap().starts_with("cache: not updated"));
    assert_eq!(entries(&s.cache).len(), 1, "no temp file left behind");
    assert_eq!(fs::read(&entries(&s.cache)[0]).unwrap(), before);
    // The old entry is intact and recognised as out of date.
    let doc = Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert!(doc.title.contains("changed"));
}

#[test]
fn instances_writing_at_once_never_read_a_torn_entry() {
    let s = setup();
    let files: Vec<PathBuf> = (0..6)
        .map(|i| {
            let path = s.file.with_file_name(format!("{i}.md"));
            write_old(&path, &issue(&format!("topic {i}")));
            path
        })
        .collect();
    let expected: Vec<Vec<String>> =
        files.iter().map(|f| outline(&load_file(f).unwrap())).collect();
    std::thread::scope(|scope| {
        for round in 0..4 {
            let (files, expected, cache) = (&files, &expected, &s.cache);
            scope.spawn(move || {
                for _ in 0..5 {
                    // A fresh instance each time, like a new process, and
                    // a touch that forces a rewrite of the entry.
                    let catalogue = Catalogue::open(cache);
                    for (file, want) in files.iter().zip(expected) {
                        let age = Duration::from_secs(3600 + round);
                        set_mtime(file, SystemTime::now() - age);
                        assert_eq!(&outline(&catalogue.load(file).unwrap()), want);
                    }
                    assert_eq!(catalogue.notice(), None);
                }
            });
        }
    });
    assert_eq!(entries(&s.cache).len(), files.len(), "no temp files left");
}

#[test]
fn clear_removes_only_the_documents() {
    let s = setup();
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    fs::write(s.cache.join("unrelated"), "keep").unwrap();
    clear(&s.cache).unwrap();
    assert!(entries(&s.cache).is_empty());
    assert!(s.cache.join("unrelated").exists());
    clear(&s.cache).unwrap();
}

#[test]
fn outlines_come_from_the_cache_without_blocks_but_whole_when_read() {
    let s = setup();
    let fresh = Catalogue::open(&s.cache).outlines().load(&s.file).unwrap();
    assert!(fresh.articles.iter().any(|a| a.blocks().next().is_some()), "read: whole");
    let cached = Catalogue::open(&s.cache).outlines().load(&s.file).unwrap();
    assert_eq!(outline(&cached), outline(&fresh));
    let words: Vec<usize> = cached.articles.iter().map(|a| a.words).collect();
    assert_eq!(words, fresh.articles.iter().map(|a| a.words).collect::<Vec<_>>());
    assert!(cached.articles.iter().all(|a| a.blocks().next().is_none()));
    let whole = Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert_eq!(whole.articles[0].sections, fresh.articles[0].sections);
}

#[test]
fn pruning_when_due_runs_once_an_hour() {
    let s = setup();
    let catalogue = Catalogue::open(&s.cache);
    catalogue.load(&s.file).unwrap();
    fs::remove_file(&s.file).unwrap();
    let other = s.file.with_file_name("other.md");
    write_old(&other, &issue("other"));
    catalogue.load(&other).unwrap();
    catalogue.prune_if_due();
    assert_eq!(entries(&s.cache).len(), 1, "the deleted file's entry is gone");
    fs::remove_file(&other).unwrap();
    catalogue.prune_if_due();
    assert_eq!(entries(&s.cache).len(), 1, "not again within the hour");
    assert_eq!(catalogue.prune(), 1);
}

#[cfg(unix)]
#[test]
fn files_reached_through_links_share_their_target_entry() {
    let s = setup();
    let dir = s.file.parent().unwrap().to_path_buf();
    let linked_dir = dir.join("linked");
    std::os::unix::fs::symlink(&dir, &linked_dir).unwrap();
    let catalogue = Catalogue::open(&s.cache);
    catalogue.load(&s.file).unwrap();
    // Through a linked directory: same canonical path, same entry.
    let via_dir = catalogue.load(&linked_dir.join("issue.md")).unwrap();
    assert_eq!(via_dir.title, load_file(&s.file).unwrap().title);
    assert_eq!(entries(&s.cache).len(), 1);
    // A linked file under the same name elsewhere: also the target's entry.
    let other = tempfile::tempdir().unwrap();
    let link = other.path().join("issue.md");
    std::os::unix::fs::symlink(&s.file, &link).unwrap();
    assert_eq!(outline(&catalogue.load(&link).unwrap())[1..], outline(&via_dir)[1..]);
    assert_eq!(entries(&s.cache).len(), 1);
}

#[test]
fn the_last_seen_outline_is_served_unchecked_and_is_current_tells_it_is_stale() {
    let s = setup();
    let first = Catalogue::open(&s.cache).load(&s.file).unwrap();
    let catalogue = Catalogue::open(&s.cache);
    assert!(catalogue.is_current(&s.file));
    let titles = |doc: &Document| -> Vec<String> {
        doc.articles.iter().map(|a| format!("{} {}", a.id, a.title)).collect()
    };
    let listed = catalogue.outline_as_last_seen(&s.file).unwrap();
    assert_eq!(titles(&listed), titles(&first));
    write_old(&s.file, &issue("edited"));
    let catalogue = Catalogue::open(&s.cache);
    assert!(!catalogue.is_current(&s.file), "a new stamp");
    let listed = catalogue.outline_as_last_seen(&s.file).unwrap();
    assert_eq!(listed.id, first.id, "as last seen, not as now");
    let now = catalogue.load(&s.file).unwrap();
    assert_ne!(now.id, first.id);
    drop(catalogue);
    assert!(Catalogue::open(&s.cache).is_current(&s.file), "recorded again by the load");
    // Near miss: a file the manifest never saw has no outline to show.
    let unseen = s.file.with_file_name("unseen.md");
    write_old(&unseen, &issue("unseen"));
    let catalogue = Catalogue::open(&s.cache);
    assert!(catalogue.outline_as_last_seen(&unseen).is_none());
    assert!(!catalogue.is_current(&unseen));
}

/// Whether each entry holds its whole document.
fn whole_entries(cache: &Path) -> Vec<bool> {
    let read = |path: &PathBuf| fs::read(path).unwrap();
    let whole =
        |bytes: Vec<u8>| super::cache_entry::decode(loader_stamp(), &bytes).unwrap().is_whole();
    entries(cache).iter().map(read).map(whole).collect()
}

/// The shape: a text document encoded over the limit keeps only its
/// outline in the cache, is read whole from its file, and its entry is
/// not rewritten while the file is unchanged.
#[test]
fn a_large_text_is_cached_as_its_outline_and_read_whole_from_its_file() {
    let s = setup();
    let catalogue = || Catalogue::open(&s.cache).whole_text_max(64);
    let first = catalogue().load(&s.file).unwrap();
    assert_eq!(whole_entries(&s.cache), [false]);
    let entry = fs::read(&entries(&s.cache)[0]).unwrap();
    let second = catalogue().load(&s.file).unwrap();
    let fresh = load_file(&s.file).unwrap();
    assert_eq!(second.articles[0].sections, fresh.articles[0].sections, "whole, with blocks");
    assert_eq!(outline(&second), outline(&first));
    assert_eq!(fs::read(&entries(&s.cache)[0]).unwrap(), entry, "not written again");
    // Outlines still come from the entry, without reading the file: same
    // size, same mtime, other bytes, and the outline is the first one.
    let mtime = fs::metadata(&s.file).unwrap().modified().unwrap();
    fs::write(&s.file, issue("CACHE")).unwrap();
    set_mtime(&s.file, mtime);
    let listed = catalogue().outlines().load(&s.file).unwrap();
    assert_eq!(outline(&listed), outline(&first));
    // Read whole, the file is read: the change shows, and the entry follows.
    let changed = catalogue().load(&s.file).unwrap();
    assert!(changed.title.contains("CACHE"), "{}", changed.title);
    assert_ne!(fs::read(&entries(&s.cache)[0]).unwrap(), entry);
}

/// An entry an earlier version wrote whole for a large text is not served:
/// the file is read, and the entry is written again as an outline.
#[test]
fn a_large_text_cached_whole_before_is_read_from_its_file_and_recached() {
    let s = setup();
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    assert_eq!(whole_entries(&s.cache), [true]);
    // Same size, same mtime, other bytes: only a read of the file shows them.
    let mtime = fs::metadata(&s.file).unwrap().modified().unwrap();
    fs::write(&s.file, issue("CACHE")).unwrap();
    set_mtime(&s.file, mtime);
    let doc = Catalogue::open(&s.cache).whole_text_max(64).load(&s.file).unwrap();
    assert!(doc.title.contains("CACHE"), "{}", doc.title);
    assert_eq!(whole_entries(&s.cache), [false]);
}

/// Near misses: text within the limit, and another format over it, are
/// cached whole.
#[test]
fn small_texts_and_other_formats_are_cached_whole() {
    let s = setup();
    Catalogue::open(&s.cache).load(&s.file).unwrap();
    let page = s.file.with_file_name("page.html");
    write_old(
        &page,
        "<html><body><h1>A page</h1><p>Words on a page, more than a few.</p></body></html>",
    );
    let small = || Catalogue::open(&s.cache).whole_text_max(16);
    small().load(&page).unwrap();
    assert_eq!(whole_entries(&s.cache), [true, true]);
    // And served whole from the cache: an edit that keeps size and mtime
    // does not show.
    let mtime = fs::metadata(&page).unwrap().modified().unwrap();
    fs::write(&page, fs::read_to_string(&page).unwrap().replace("A page", "B page")).unwrap();
    set_mtime(&page, mtime);
    let served = small().load(&page).unwrap();
    assert!(served.articles.iter().any(|a| a.title.contains("A page")), "{served:?}");
}
