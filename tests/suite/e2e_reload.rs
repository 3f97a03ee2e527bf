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
