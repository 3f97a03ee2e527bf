//! The built binary, run on temporary files: output formats, exit codes and
//! hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn quire<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .env("QUIRE_CACHE_DIR", crate::common::cache_dir())
        // Never the user's own config or library.
        .env("QUIRE_CONFIG", env!("CARGO_MANIFEST_DIR").to_string() + "/config.example.toml")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

const ARTICLE: &str = "Plain words for a plain test file.\n\nA second paragraph follows.\n";

#[test]
fn outline_text_names_document_and_numbers_articles() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "notes.txt", ARTICLE.as_bytes());
    let out = quire([OsStr::new("outline"), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(first.contains(&*file.to_string_lossy()), "{text}");
    let article = text.lines().nth(1).unwrap();
    assert!(article.trim_start().starts_with("1. "), "{text}");
    assert!(article.contains("[article]") && article.contains("words"), "{text}");
}

#[test]
fn outline_json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "notes.md", ARTICLE.as_bytes());
    let missing = dir.path().join("missing.txt");
    let out =
        quire([OsStr::new("outline"), OsStr::new("--json"), file.as_os_str(), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let value = json(&out);
    assert_eq!(keys(&value), ["documents", "errors"]);
    let doc = &value["documents"][0];
    assert_eq!(keys(doc), ["articles", "id", "path", "title"]);
    assert_eq!(doc["path"], file.to_string_lossy().as_ref());
    assert_eq!(doc["id"].as_str().unwrap().len(), 16);
    let article = &doc["articles"][0];
    assert_eq!(
        keys(article),
        ["author", "date", "id", "kind", "sections", "source", "title", "words"]
    );
    assert!(article["author"].is_null() && article["source"].is_null());
    assert_eq!(article["kind"], "article");
    assert!(article["words"].as_u64().unwrap() >= 10);
    assert!(article["sections"].is_array());
    let error = &value["errors"][0];
    assert_eq!(keys(error), ["message", "path"]);
    assert_eq!(error["path"], missing.to_string_lossy().as_ref());
}

#[test]
fn article_out_of_range_is_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let out =
        quire([OsStr::new("cat"), file.as_os_str(), OsStr::new("--article"), OsStr::new("9")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("quire: ") && err.contains("a.txt") && err.contains("9"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn cat_prints_the_chosen_article_with_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let out =
        quire([OsStr::new("cat"), file.as_os_str(), OsStr::new("--article"), OsStr::new("1")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with('─')), "{text}");
    assert!(text.contains("second paragraph"), "{text}");
}

#[test]
fn nonexistent_file_fails_naming_it_and_others_still_print() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "real.txt", ARTICLE.as_bytes());
    let missing = dir.path().join("nowhere.txt");
    let out = quire([OsStr::new("outline"), missing.as_os_str(), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nowhere.txt") && err.contains("no such file"), "{err}");
    assert!(stdout(&out).contains("real.txt"));
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let png = write(dir.path(), "picture.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    let out = quire([OsStr::new("cat"), png.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("picture.txt") && err.contains("not a text file (PNG image)"), "{err}");
}

#[test]
fn directory_walk_picks_text_files_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.md", ARTICLE.as_bytes());
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    write(dir.path(), "c.bin", ARTICLE.as_bytes());
    write(dir.path(), "D.TXT", ARTICLE.as_bytes());
    fs::create_dir(dir.path().join(".hidden")).unwrap();
    write(&dir.path().join(".hidden"), "secret.txt", ARTICLE.as_bytes());
    fs::create_dir(dir.path().join("sub")).unwrap();
    write(&dir.path().join("sub"), "e.markdown", ARTICLE.as_bytes());
    let out = quire([OsStr::new("outline"), OsStr::new("--json"), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value = json(&out);
    let names: Vec<String> = value["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            Path::new(d["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into()
        })
        .collect();
    assert_eq!(names, ["D.TXT", "a.txt", "b.md", "e.markdown"]);
}

#[test]
fn explicit_files_load_whatever_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "digest.log", ARTICLE.as_bytes());
    let out = quire([OsStr::new("outline"), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn symlink_loop_is_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fs::create_dir_all(root.join("sub")).unwrap();
    write(&root, "a.txt", ARTICLE.as_bytes());
    write(&root.join("sub"), "b.md", ARTICLE.as_bytes());
    std::os::unix::fs::symlink(&root, root.join("sub").join("back")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    write(&elsewhere, "c.txt", ARTICLE.as_bytes());
    std::os::unix::fs::symlink(&elsewhere, root.join("linked")).unwrap();
    let out = quire([OsStr::new("outline"), OsStr::new("--json"), root.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("back") && err.contains("symlink loop"), "{err}");
    let value = json(&out);
    assert_eq!(value["documents"].as_array().unwrap().len(), 3);
    assert_eq!(value["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn zero_byte_file_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "empty.txt", b"");
    for command in ["outline", "cat"] {
        let out = quire([OsStr::new(command), file.as_os_str()]);
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
    }
}

#[test]
fn ten_megabyte_single_line_loads() {
    let dir = tempfile::tempdir().unwrap();
    let line = "word ".repeat(2 * 1024 * 1024);
    let file = write(dir.path(), "huge.txt", line.as_bytes());
    let out = quire([OsStr::new("outline"), OsStr::new("--json"), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value = json(&out);
    let words: u64 = value["documents"][0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["words"].as_u64().unwrap())
        .sum();
    assert_eq!(words, 2 * 1024 * 1024);
}

#[test]
fn escape_sequences_never_reach_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "# \u{1b}[31mRed\u{1b}[0m title\n\nBody \u{1b}]0;pwned\u{7} text \u{9b}2J and \
                   \u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\.\n";
    let file = write(dir.path(), "evil\u{1b}[2Jname.md", hostile.as_bytes());
    let gone = dir.path().join("gone\u{1b}]0;x\u{7}.txt");
    let runs: [&[&OsStr]; 5] = [
        &[OsStr::new("cat"), file.as_os_str()],
        &[OsStr::new("outline"), file.as_os_str()],
        &[OsStr::new("outline"), OsStr::new("--all"), file.as_os_str()],
        &[OsStr::new("outline"), OsStr::new("--json"), file.as_os_str()],
        &[file.as_os_str(), gone.as_os_str()],
    ];
    for args in runs {
        let out = quire(args);
        let all = [stdout(&out), stderr(&out)].concat();
        assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{args:?}: {all:?}");
        assert!(!all.contains('\u{9b}') && !all.contains("\\u001b"), "{args:?}: {all:?}");
        assert!(!out.stdout.is_empty(), "{args:?}: {all}");
    }
}

#[test]
fn usage_errors_exit_with_two() {
    let runs: [&[&str]; 4] = [
        &["outline", "--bogus"],
        &["cat"],
        &["cat", "x.txt", "--article", "0"],
        &["cat", "x.txt", "--width", "wide"],
    ];
    for args in runs {
        let out = quire(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn every_subcommand_has_help() {
    for args in [&["--help"][..], &["outline", "--help"], &["cat", "--help"], &["help", "cat"]] {
        let out = quire(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = stdout(&out);
        assert!(text.contains("Usage:") && text.contains("Examples:"), "{args:?}: {text}");
    }
}

#[test]
fn no_arguments_prints_the_sample() {
    let out = quire(std::iter::empty::<&str>());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!out.stdout.is_empty());
    assert!(!out.stdout.contains(&0x1b), "no colour when piped");
}

#[test]
fn cat_wraps_to_the_width_and_defaults_to_80_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let long = "lorem ipsum dolor sit amet, 漢字も混ざる文章 ".repeat(40);
    let file = write(dir.path(), "long.txt", long.as_bytes());
    for (args, width) in [(vec!["--width", "30"], 30), (vec![], 80)] {
        let mut all = vec![OsStr::new("cat"), file.as_os_str()];
        all.extend(args.iter().map(OsStr::new));
        let out = quire(all);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        let widths: Vec<usize> = text.lines().map(quire::model::layout::str_width).collect();
        assert!(widths.iter().all(|w| *w <= width), "{width}: {text}");
        assert!(widths.iter().filter(|w| **w >= width - 10).count() > 3, "{width}: {text}");
    }
}

#[test]
fn article_needs_a_single_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    write(dir.path(), "b.txt", ARTICLE.as_bytes());
    let out = quire([
        OsStr::new("cat"),
        dir.path().as_os_str(),
        OsStr::new("--article"),
        OsStr::new("1"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("2 documents"), "{}", stderr(&out));
}
