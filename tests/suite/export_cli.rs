//! `quire export` through the built binary, with highlights from the hidden
//! `--highlights` file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_support;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::process::{Command, Output};

use export_support::*;
use quire::model::Document;
use quire::model::highlight::Highlight;

const ISSUE: &str = "---\ntitle: \"Issue 7: Ownership\"\n---\n\n\
# Moves and borrows\n\nBy Jane Doe\n\n\
Every value has exactly one owner at a time.\n\n\
## Borrowing\n\nReferences let you use a value without taking ownership of it.\n\n\
# Async in practice\n\nFutures do nothing unless they are polled.\n";

const OTHER: &str = "# Other issue\n\nNothing highlighted here, but it is loaded.\n";

fn quire<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env("QUIRE_CACHE_DIR", crate::common::cache_dir())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Two files and a highlights file for the first, as the store would hold.
struct Setup {
    dir: tempfile::TempDir,
    issue: std::path::PathBuf,
    other: std::path::PathBuf,
    highlights: std::path::PathBuf,
    hs: Vec<Highlight>,
    doc: Document,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("issue.md");
    let other = dir.path().join("other.md");
    fs::write(&issue, ISSUE).unwrap();
    fs::write(&other, OTHER).unwrap();
    let doc = quire::model::loader::load("issue.md", ISSUE.as_bytes()).unwrap();
    let first = doc.articles.iter().find(|a| a.title == "Moves and borrows").unwrap();
    let second = doc.articles.iter().find(|a| a.title == "Async in practice").unwrap();
    let hs = vec![
        highlight("b", second, "Futures do nothing", "yellow", None),
        highlight("a", first, "use a value without taking ownership", "blue", Some("Note *this*.")),
    ];
    let map: HashMap<String, Vec<Highlight>> = HashMap::from([(doc.id.to_string(), hs.clone())]);
    let highlights = dir.path().join("highlights.json");
    fs::write(&highlights, serde_json::to_string(&map).unwrap()).unwrap();
    Setup { dir, issue, other, highlights, hs, doc }
}

#[test]
fn cli_exports_one_document_to_stdout() {
    let s = setup();
    let hl = s.highlights.as_os_str();
    let out = quire([
        OsStr::new("export"),
        s.issue.as_os_str(),
        OsStr::new("--highlights"),
        hl,
        OsStr::new("--now"),
        OsStr::new("0"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    let loaded = quire::model::loader::load(&s.issue.to_string_lossy(), ISSUE.as_bytes()).unwrap();
    let want = markdown(&loaded, &s.hs, 0);
    assert_eq!(md, want);
    assert!(md.contains("exported: \"1970-01-01T00:00:00Z\""), "{md}");
    assert!(md.contains("\n# Issue 7: Ownership\n"), "{md}");
    assert!(md.contains("\n## Moves and borrows\n\nby Jane Doe\n\n### Borrowing\n"), "{md}");
    assert!(md.contains("\nNote \\*this\\*.\n"), "{md}");
    assert!(md.find("^quire-a").unwrap() < md.find("^quire-b").unwrap(), "{md}");
}

#[test]
fn cli_exports_json_and_all_filters_to_highlighted_documents() {
    let s = setup();
    let hl = s.highlights.as_os_str();
    let args = |extra: &[&str]| {
        let mut v: Vec<&OsStr> =
            vec![OsStr::new("export"), s.issue.as_os_str(), s.other.as_os_str()];
        v.extend([OsStr::new("--highlights"), hl]);
        v.extend(extra.iter().map(OsStr::new));
        quire(v)
    };
    let out = args(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
    let out = args(&["--format", "json", "--all"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], s.doc.id.to_string());
    let texts: Vec<&str> = docs[0]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["use a value without taking ownership", "Futures do nothing"]);
}

#[test]
fn cli_writes_one_file_per_document_into_a_directory() {
    let s = setup();
    let dir = s.dir.path().join("vault/");
    let out = quire([
        OsStr::new("export"),
        s.issue.as_os_str(),
        s.other.as_os_str(),
        OsStr::new("--highlights"),
        s.highlights.as_os_str(),
        OsStr::new("--output"),
        dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Issue 7 Ownership.md", "Other issue.md"]);
    let issue = fs::read_to_string(dir.join("Issue 7 Ownership.md")).unwrap();
    assert!(issue.contains("highlights: 2\n") && issue.contains("^quire-a\n"), "{issue}");
    let other = fs::read_to_string(dir.join("Other issue.md")).unwrap();
    assert!(other.contains("highlights: 0\n"), "{other}");
}

#[test]
fn cli_output_file_takes_one_document() {
    let s = setup();
    let file = s.dir.path().join("out.md");
    let run = |paths: &[&OsStr]| {
        let mut v: Vec<&OsStr> = vec![OsStr::new("export")];
        v.extend(paths);
        v.extend([
            OsStr::new("--highlights"),
            s.highlights.as_os_str(),
            OsStr::new("-o"),
            file.as_os_str(),
        ]);
        quire(v)
    };
    let out = run(&[s.issue.as_os_str(), s.other.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--output needs a directory"), "{}", stderr(&out));
    assert!(!file.exists());
    let out = run(&[s.issue.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(&file).unwrap().contains("^quire-b\n"));
}

#[test]
fn cli_reports_bad_highlight_files_and_missing_paths() {
    let s = setup();
    fs::write(&s.highlights, "{not json").unwrap();
    let out = quire([
        OsStr::new("export"),
        s.issue.as_os_str(),
        OsStr::new("--highlights"),
        s.highlights.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("quire: "), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let out = quire(["export"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Without `--highlights`, export reads the bookmark store in the data dir.
#[test]
fn cli_exports_highlights_from_the_store() {
    use quire::model::anchor::anchor_for;
    use quire::model::text::article_text;
    use quire::store::{Store, SystemClock};

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("issue.md");
    std::fs::write(&file, "# Async in practice\n\nFutures do nothing unless they are polled.\n")
        .unwrap();
    let doc = quire::model::loader::load("issue.md", &std::fs::read(&file).unwrap()).unwrap();
    let article = &doc.articles[0];
    let text = article_text(article);
    let start = text.find("unless").unwrap();
    let data = dir.path().join("data");
    let (mut store, _) = Store::open(&data, Box::new(SystemClock)).unwrap();
    let anchor = anchor_for(&text, start, start + "unless they are polled".len());
    store.add_highlight(&doc.id.to_string(), &article.id.to_string(), anchor, "yellow", None);
    store.flush().unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([OsStr::new("export"), file.as_os_str()])
        .env("QUIRE_DATA_DIR", &data)
        .env("QUIRE_CACHE_DIR", crate::common::cache_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("> unless they are polled"), "{}", stdout(&out));

    // `--all` with no PATH exports from the library the config names.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("library = [{:?}]\n", file.to_str().unwrap())).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["export", "--all"])
        .env("QUIRE_DATA_DIR", &data)
        .env("QUIRE_CONFIG", &config)
        .env("QUIRE_CACHE_DIR", crate::common::cache_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("> unless they are polled"), "{}", stdout(&out));
}

#[test]
fn cli_exports_kindle_and_readwise_with_their_extensions() {
    let s = setup();
    let dir = s.dir.path().join("clips/");
    let run = |format: &str, output: &std::path::Path| {
        quire([
            OsStr::new("export"),
            s.issue.as_os_str(),
            s.other.as_os_str(),
            OsStr::new("--all"),
            OsStr::new("--highlights"),
            s.highlights.as_os_str(),
            OsStr::new("--format"),
            OsStr::new(format),
            OsStr::new("--output"),
            output.as_os_str(),
        ])
    };
    for (format, ext) in [("kindle", "txt"), ("readwise", "csv")] {
        let out = run(format, &dir);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let path = dir.join(format!("Issue 7 Ownership.{ext}"));
        let text = fs::read_to_string(&path).unwrap();
        let loaded =
            quire::model::loader::load(&s.issue.to_string_lossy(), ISSUE.as_bytes()).unwrap();
        let want = quire::export::export(
            &loaded,
            &s.hs,
            if ext == "txt" {
                quire::export::Format::Kindle
            } else {
                quire::export::Format::Readwise
            },
            0,
        );
        assert_eq!(text, want, "{format}");
    }
    let text = fs::read_to_string(dir.join("Issue 7 Ownership.txt")).unwrap();
    assert!(
        text.starts_with("\u{feff}Issue 7: Ownership (Jane Doe)\r\n- Your Highlight on Location ")
    );
    // Re-running gives the same bytes whatever the clock.
    let again = s.dir.path().join("again/");
    run("kindle", &again);
    assert_eq!(fs::read(again.join("Issue 7 Ownership.txt")).unwrap(), text.as_bytes());
}

#[test]
fn cli_output_file_takes_every_document_in_kindle_and_readwise() {
    let s = setup();
    for format in ["kindle", "readwise"] {
        let file = s.dir.path().join(format!("all.{format}"));
        let out = quire([
            OsStr::new("export"),
            s.issue.as_os_str(),
            s.other.as_os_str(),
            OsStr::new("--highlights"),
            s.highlights.as_os_str(),
            OsStr::new("--format"),
            OsStr::new(format),
            OsStr::new("-o"),
            file.as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains("Futures do nothing"), "{text}");
    }
}
