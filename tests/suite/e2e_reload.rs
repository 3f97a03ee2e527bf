#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real binary notices a library file edited while it runs.

use crate::pty;

use pty::{Session, assert_restored, magazine};

#[test]
fn an_edited_file_is_reloaded_under_the_open_reader() {
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let mut s = Session::start(&[&file], 80, 24);
    s.wait_text("1 document");
    // Loading is reported done once the file is watched.
    s.wait_gone("loading");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("Paragraph 2 says", "Freshly edited paragraph two says");
    std::fs::write(&file, edited).unwrap();
    s.wait_text("Reloaded field-notes.md");
    s.wait_text("Freshly edited paragraph two says");
    s.press("q");
    s.wait_text("1 document");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

/// A warm start lists each file as the cache last saw it, without asking
/// the file system; a file edited while quire was closed must still come
/// up with its new text, moments after the list.
#[test]
fn a_file_edited_while_quire_was_closed_shows_its_new_text_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let library = dir.path().join("library");
    std::fs::create_dir(&library).unwrap();
    let file = magazine(&library);
    let env = [("QUIRE_CACHE_DIR", cache.to_str().unwrap())];
    let mut s = Session::start_with(&[&library], &env, 80, 24);
    s.wait_text("Field Notes");
    s.wait_gone("loading");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text
        .replace("# Field Notes", "# Field Notes, Revised Edition")
        .replace("Paragraph 1 says", "The rewritten first paragraph says");
    std::fs::write(&file, edited).unwrap();
    let mut s = Session::start_with(&[&library], &env, 80, 24);
    s.wait_text("Field Notes, Revised Edition");
    s.press("\r");
    s.wait_text("The rewritten first paragraph says");
    s.press("q");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

/// The reader searches the index file `quire search` keeps for its paths:
/// a file edited since is read into that file by the reader's first
/// search (the reader's own index would never write it), and the search
/// lands on the new text.
#[test]
fn the_reader_searches_and_updates_the_index_file_of_its_paths() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let library = dir.path().join("library");
    std::fs::create_dir(&library).unwrap();
    let file = magazine(&library);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([std::ffi::OsStr::new("search"), "terminals".as_ref(), library.as_os_str()])
        .env("QUIRE_CACHE_DIR", &cache)
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
        .env_remove("QUIRE_CONFIG")
        .env_remove("QUIRE_DATA_DIR")
        .output()
        .unwrap();
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    let index_file = || {
        let entries = std::fs::read_dir(cache.join("index")).unwrap();
        let files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        std::fs::read(&files[0]).unwrap()
    };
    let before = index_file();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Paragraph 30 says", "A zeppelinroute paragraph says"))
        .unwrap();
    let env = [("QUIRE_CACHE_DIR", cache.to_str().unwrap())];
    let mut s = Session::start_with(&[&library], &env, 80, 24);
    s.wait_text("Field Notes");
    s.press("s");
    s.wait_text("Search:");
    s.press("zeppelinroute");
    s.wait_text("1 result");
    s.press("\r");
    s.wait_text("A zeppelinroute paragraph says");
    s.press("q");
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
    assert!(index_file() != before, "the reader did not bring the index file up to date");
}
