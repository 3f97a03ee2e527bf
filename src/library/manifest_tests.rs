//! The manifest (one file of outlines) against the file changes and cache
//! damage it must survive: an outline served from it must always equal a
//! fresh load's.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::catalogue::{Catalogue, loader_stamp};
use super::catalogue_tests::{FullDisk, entries, issue, outline, set_mtime, setup, write_old};
use super::load_file;
use super::manifest::Manifest;
use super::outlines::MANIFEST_FILE;
use crate::strings;

fn manifest(cache: &Path) -> Manifest {
    Manifest::decode(loader_stamp(), &fs::read(cache.join(MANIFEST_FILE)).unwrap()).unwrap()
}

fn listed(cache: &Path, file: &Path) -> bool {
    let canonical =
        fs::canonicalize(file.parent().unwrap()).unwrap().join(file.file_name().unwrap());
    let name = file.file_name().unwrap().to_string_lossy();
    manifest(cache).get(&canonical.to_string_lossy(), &name).is_some()
}

/// One run of `quire outline` on `file`: the outline, then the save.
fn outline_run(cache: &Path, file: &Path) -> Vec<String> {
    let catalogue = Catalogue::open(cache).outlines();
    let doc = catalogue.load(file).unwrap();
    catalogue.save();
    outline(&doc)
}

#[test]
fn outlines_come_from_the_manifest_without_opening_entries() {
    let s = setup();
    let whole = Catalogue::open(&s.cache);
    whole.load(&s.file).unwrap();
    whole.save();
    for entry in entries(&s.cache) {
        fs::write(entry, b"garbage").unwrap();
    }
    let catalogue = Catalogue::open(&s.cache).outlines();
    let doc = catalogue.load(&s.file).unwrap();
    assert_eq!(outline(&doc), outline(&load_file(&s.file).unwrap()));
    assert_eq!(catalogue.notice(), None, "no entry was opened");
    let fresh = Catalogue::open(&s.cache).outline_if_fresh(&s.file).unwrap();
    assert_eq!(outline(&fresh), outline(&doc));
}

#[test]
fn an_edited_file_is_not_served_from_the_manifest() {
    let s = setup();
    outline_run(&s.cache, &s.file);
    write_old(&s.file, &issue("edited"));
    assert!(Catalogue::open(&s.cache).outline_if_fresh(&s.file).is_none());
    let edited = outline_run(&s.cache, &s.file);
    assert_eq!(edited, outline(&load_file(&s.file).unwrap()));
    let listed = Catalogue::open(&s.cache).outline_if_fresh(&s.file).unwrap();
    assert!(listed.title.contains("edited"), "{}", listed.title);
}

#[test]
fn an_edit_within_the_timestamp_resolution_is_not_served_from_the_manifest() {
    let s = setup();
    fs::write(&s.file, issue("fresh")).unwrap();
    let mtime = fs::metadata(&s.file).unwrap().modified().unwrap();
    outline_run(&s.cache, &s.file);
    fs::write(&s.file, issue("FRESH")).unwrap();
    set_mtime(&s.file, mtime);
    assert!(Catalogue::open(&s.cache).outline_if_fresh(&s.file).is_none());
    assert_eq!(outline_run(&s.cache, &s.file), outline(&load_file(&s.file).unwrap()));
}

#[test]
fn a_touched_file_is_restamped_in_the_manifest() {
    let s = setup();
    let first = outline_run(&s.cache, &s.file);
    set_mtime(&s.file, SystemTime::now() - Duration::from_secs(1800));
    assert!(Catalogue::open(&s.cache).outline_if_fresh(&s.file).is_none(), "stamp changed");
    assert_eq!(outline_run(&s.cache, &s.file), first);
    let again = Catalogue::open(&s.cache).outline_if_fresh(&s.file).unwrap();
    assert_eq!(outline(&again), first);
}

#[test]
fn renamed_and_deleted_files_leave_the_manifest_when_pruned() {
    let s = setup();
    let other = s.file.with_file_name("other.md");
    write_old(&other, &issue("other"));
    outline_run(&s.cache, &s.file);
    outline_run(&s.cache, &other);
    let renamed = s.file.with_file_name("renamed.md");
    fs::rename(&s.file, &renamed).unwrap();
    fs::remove_file(&other).unwrap();
    assert_eq!(outline_run(&s.cache, &renamed), outline(&load_file(&renamed).unwrap()));
    assert!(listed(&s.cache, &renamed) && listed(&s.cache, &s.file));
    let catalogue = Catalogue::open(&s.cache);
    assert_eq!(catalogue.load(&other).unwrap_err().message, "no such file or directory");
    catalogue.prune();
    catalogue.save();
    assert!(listed(&s.cache, &renamed));
    assert!(!listed(&s.cache, &s.file), "the old name is gone");
    assert!(!listed(&s.cache, &other), "the deleted file is gone");
}

#[test]
fn a_truncated_or_foreign_manifest_is_rebuilt_with_one_notice() {
    for damage in [&|b: &[u8]| b[..b.len() / 2].to_vec() as Vec<u8>, &|_: &[u8]| b"{}".to_vec()]
        as [&dyn Fn(&[u8]) -> Vec<u8>; 2]
    {
        let s = setup();
        let want = outline_run(&s.cache, &s.file);
        let path = s.cache.join(MANIFEST_FILE);
        fs::write(&path, damage(&fs::read(&path).unwrap())).unwrap();
        let catalogue = Catalogue::open(&s.cache).outlines();
        assert_eq!(outline(&catalogue.load(&s.file).unwrap()), want);
        catalogue.save();
        assert_eq!(catalogue.notice().as_deref(), Some(strings::CACHE_MANIFEST_REBUILT));
        let next = Catalogue::open(&s.cache).outlines();
        next.load(&s.file).unwrap();
        assert_eq!(next.notice(), None, "rebuilt means usable again");
        assert!(listed(&s.cache, &s.file));
    }
}

#[test]
fn a_full_disk_leaves_the_old_manifest_valid() {
    let s = setup();
    outline_run(&s.cache, &s.file);
    let before = fs::read(s.cache.join(MANIFEST_FILE)).unwrap();
    write_old(&s.file, &issue("changed"));
    let full = Catalogue::with_io(&s.cache, Box::new(FullDisk), loader_stamp()).outlines();
    assert!(full.load(&s.file).unwrap().title.contains("changed"));
    full.save();
    assert!(full.notice().unwrap().starts_with("cache: not updated"));
    assert_eq!(fs::read(s.cache.join(MANIFEST_FILE)).unwrap(), before);
    let names: Vec<PathBuf> = fs::read_dir(&s.cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().contains(".tmp-")), "{names:?}");
    assert!(Catalogue::open(&s.cache).outline_if_fresh(&s.file).is_none(), "out of date");
}

#[test]
fn writers_at_once_lose_no_records_and_readers_never_see_half_a_manifest() {
    let s = setup();
    let files: Vec<PathBuf> = (0..8)
        .map(|i| {
            let path = s.file.with_file_name(format!("{i}.md"));
            write_old(&path, &issue(&format!("topic {i}")));
            path
        })
        .collect();
    std::thread::scope(|scope| {
        for chunk in files.chunks(2) {
            let cache = &s.cache;
            scope.spawn(move || {
                for file in chunk {
                    // A new instance per file, like a new process per run.
                    outline_run(cache, file);
                }
            });
        }
        scope.spawn(|| {
            for _ in 0..200 {
                if let Ok(bytes) = fs::read(s.cache.join(MANIFEST_FILE)) {
                    assert!(Manifest::decode(loader_stamp(), &bytes).is_ok(), "torn manifest");
                }
            }
        });
    });
    for file in &files {
        assert!(listed(&s.cache, file), "{} lost", file.display());
        let doc = Catalogue::open(&s.cache).outline_if_fresh(file).unwrap();
        assert_eq!(outline(&doc), outline(&load_file(file).unwrap()));
    }
}
