#![allow(clippy::unwrap_used, clippy::expect_used)]
//! An EPUB and a feed in the real binary, in a pseudo-terminal: read,
//! highlight, search the library and export, exactly as with text files.

use crate::formats_support::{RSS, Toc, emag};
use crate::pty::{Session, assert_restored, cli_export};

fn highlight_texts(json: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    let list = json["documents"][0]["highlights"].as_array().unwrap();
    list.iter().map(|h| h["text"].as_str().unwrap().to_string()).collect()
}

/// An EPUB: its first article opens, `H` keeps the sentence, library search
/// lands on a later section, and the export reads the highlight back.
#[test]
fn an_epub_is_read_highlighted_searched_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quarterly.epub");
    std::fs::write(&file, emag(Toc::Nav)).unwrap();
    let data = dir.path().join("data");
    let mut s = Session::start_in(&[&file], 80, 24, &data);
    s.wait_text("Rivers of Glass");
    s.press("\r");
    s.wait_text("Glaciers move slowly");
    s.press("H");
    s.wait_text("Highlighted");
    s.press("s");
    s.press("caravans");
    s.wait_text("Salt Roads");
    s.press("\r");
    s.wait_text("Caravans once carried salt");
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
    let texts = highlight_texts(&cli_export(&file, &data, "json"));
    assert_eq!(texts, ["Glaciers move slowly, carving valleys over millennia."]);
}

/// A feed: each item is an article; a highlight made in the reader comes
/// out as a Kindle clipping under the feed's title and the item's author.
#[test]
fn a_feed_item_is_highlighted_and_exported_as_a_clipping() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tinker.rss");
    std::fs::write(&file, RSS).unwrap();
    let data = dir.path().join("data");
    let mut s = Session::start_in(&[&file], 80, 24, &data);
    s.wait_text("Soldering without tears");
    s.press("\r");
    s.wait_text("clean joints start");
    s.press("H");
    s.wait_text("Highlighted");
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
    let clippings = cli_export(&file, &data, "kindle");
    assert!(clippings.contains("Tinker Weekly (Ravi Patel)"), "{clippings}");
    assert!(clippings.contains("Flux is your friend: clean joints start with a clean tip."));
}
