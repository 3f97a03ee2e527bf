//! `quire outline` and `cat` on EPUBs, feeds and web pages, built in code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::formats_support;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use formats_support::{ATOM, RSS, Toc, emag};
use serde_json::Value;

fn quire<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .env("QUIRE_CACHE_DIR", crate::common::cache_dir())
        .env("QUIRE_CONFIG", env!("CARGO_MANIFEST_DIR").to_string() + "/config.example.toml")
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

/// The outline as JSON: (document title, readable article titles).
fn outline(path: &Path) -> (String, Vec<String>) {
    let out = quire([OsStr::new("outline"), OsStr::new("--json"), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &value["documents"][0];
    let titles = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "article")
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    (doc["title"].as_str().unwrap().to_string(), titles)
}

#[test]
fn outline_reads_an_epub() {
    let dir = tempfile::tempdir().unwrap();
    let book = write(dir.path(), "spring.epub", &emag(Toc::Nav));
    let (title, articles) = outline(&book);
    assert_eq!(title, "Field Notes Quarterly");
    assert_eq!(articles, ["Rivers of Glass", "Salt Roads", "Letters"]);
    let text = quire([OsStr::new("outline"), book.as_os_str()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Rivers of Glass") && text.contains("Lena Marsh"), "{text}");
}

#[test]
fn outline_reads_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let rss = write(dir.path(), "tinker.xml", RSS.as_bytes());
    assert_eq!(
        outline(&rss),
        (
            "Tinker Weekly".into(),
            vec!["Soldering without tears".into(), "Oscilloscopes on a budget".into()]
        )
    );
    let atom = write(dir.path(), "garden.atom", ATOM.as_bytes());
    assert_eq!(outline(&atom).1, ["Pruning roses", "Compost basics"]);
}

#[test]
fn outline_and_cat_read_a_web_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><html><head><title>Loom Notes</title></head><body>\
        <nav><a href=/>Home</a><a href=/a>About</a><a href=/b>Blog</a></nav>\
        <article><h1>Warp and weft</h1><p>The warp threads are held taut; the weft is woven through.</p></article>\
        <footer>Site footer text</footer></body></html>";
    let file = write(dir.path(), "loom.htm", page.as_bytes());
    assert_eq!(outline(&file).1, ["Warp and weft"]);
    let out = quire([OsStr::new("cat"), file.as_os_str()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("The warp threads are held taut"), "{text}");
    assert!(!text.contains("Site footer") && !text.contains("About"), "{text}");
}

#[test]
fn data_files_are_skipped_when_walked_and_refused_when_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "feed.xml", RSS.as_bytes());
    let config = write(dir.path(), "config.json", br#"{"theme": "dark"}"#);
    write(dir.path(), "book.epub", &emag(Toc::Ncx));
    let out = quire([OsStr::new("outline"), OsStr::new("--json"), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["documents"].as_array().unwrap().len(), 2);
    let named = quire([OsStr::new("outline"), config.as_os_str()]);
    assert_eq!(named.status.code(), Some(1));
    let err = String::from_utf8(named.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("quire: ") && err.contains("config.json: not a feed"), "{err}");
}

#[test]
fn a_broken_epub_is_one_line_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let book = emag(Toc::Nav);
    let cut = write(dir.path(), "cut.epub", &book[..book.len() - 40]);
    let good = write(dir.path(), "good.rss", RSS.as_bytes());
    let out = quire([OsStr::new("outline"), cut.as_os_str(), good.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cut.epub: broken EPUB"), "{err}");
    assert!(String::from_utf8(out.stdout).unwrap().contains("Tinker Weekly"));
}
