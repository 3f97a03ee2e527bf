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
