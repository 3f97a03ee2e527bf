#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Library search end to end: files through the real loader into the index,
//! and the `quire search` command's output contract.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use quire::model::loader::load;
use quire::model::search::{Hit, Index, match_ranges, query::Query};
use quire::model::text::article_text;
use serde_json::Value;

const CANARY: &str = "# Canary Releases\n\nBy Ada\n\nShip to a few first. Watch the error budget.\n\n\
## Rolling out\n\nRoute a slice of traffic to the new version, then widen it.\n";
const OPS: &str = "# Operations Notes\n\nBy Bob\n\nDashboards, pagers and runbooks. \
Once we tried a canary, but mostly we watch the graphs and the error budget.\n\n\
Another paragraph about on-call rotations and the humans behind them.\n";
const INTL: &str = "# Carnet\n\nEnvoyez votre résumé au Café de Flore.\n\n\
## 東京\n\n端末で文章を読むのは速い。Go is a language; go is a verb; GO is loud.\n";

fn index() -> (Index, Vec<Arc<quire::model::Document>>) {
    let mut index = Index::new();
    let mut docs = Vec::new();
    for (name, text) in [("canary.md", CANARY), ("ops.md", OPS), ("intl.md", INTL)] {
        let doc = Arc::new(load(name, text.as_bytes()).unwrap());
        index.add(doc.clone());
        docs.push(doc);
    }
    (index, docs)
}

fn text_at(docs: &[Arc<quire::model::Document>], hit: &Hit, len: usize) -> String {
    let text = article_text(&docs[hit.doc].articles[hit.article]);
    text.chars().skip(hit.offset).take(len).collect()
}

fn titles(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.article_title.as_str()).collect()
}

#[test]
fn a_title_match_beats_a_passing_mention() {
    let (index, _) = index();
    let hits = index.search("canary", 10);
    assert_eq!(titles(&hits), ["Canary Releases", "Operations Notes"]);
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn phrases_and_exclusions() {
    let (index, docs) = index();
    let hits = index.search("\"error budget\"", 10);
    assert_eq!(hits.len(), 2);
    assert_eq!(text_at(&docs, &hits[0], 12), "error budget");
    assert!(index.search("\"budget error\"", 10).is_empty());
    assert_eq!(titles(&index.search("\"error budget\" -pagers", 10)), ["Canary Releases"]);
    assert_eq!(titles(&index.search("canary -\"new version\"", 10)), ["Operations Notes"]);
}

#[test]
fn diacritics_cjk_and_smart_case() {
    let (index, docs) = index();
    let hit = &index.search("resume cafe", 10)[0];
    assert_eq!(text_at(&docs, hit, 6), "résumé");
    let hit = &index.search("文章を読む", 10)[0];
    assert_eq!(text_at(&docs, hit, 5), "文章を読む");
    assert_eq!(hit.section.as_deref(), Some("東京"));
    let text = article_text(&docs[hit.doc].articles[hit.article]);
    let go = |q: &str| index.search(q, 10)[0].offset;
    let byte = text.find("Go is").unwrap();
    assert_eq!(go("Go"), text[..byte].chars().count());
    assert_ne!(go("GO"), go("Go"));
    assert!(index.search("gO", 10).is_empty());
}

#[test]
fn every_hit_lands_on_an_exact_match_offset() {
    let (index, docs) = index();
    for q in ["canary", "slice traffic", "\"error budget\"", "résumé", "読む", "Go", "widen"] {
        for hit in index.search(q, 10) {
            let text = article_text(&docs[hit.doc].articles[hit.article]);
            let ranges = match_ranges(&text, 0, &Query::parse(q));
            let title_only = ranges.is_empty() && hit.offset == 0;
            assert!(title_only || ranges.iter().any(|r| r.0 == hit.offset), "{q}: {hit:?}");
        }
    }
}

fn quire(args: &[&str]) -> std::process::Output {
    quire_with(args, None)
}

/// Runs `quire` with the given config file, or none (the defaults: no user
/// config is read).
fn quire_with(args: &[&str], config: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.args(args).env("XDG_CONFIG_HOME", "/nonexistent/quire-test").env_remove("QUIRE_CONFIG");
    cmd.env("QUIRE_CACHE_DIR", crate::common::cache_dir());
    if let Some(config) = config {
        cmd.env("QUIRE_CONFIG", config);
    }
    cmd.output().unwrap()
}

fn write_library(dir: &Path) {
    std::fs::write(dir.join("canary.md"), CANARY).unwrap();
    std::fs::write(dir.join("ops.md"), OPS).unwrap();
    std::fs::write(dir.join("intl.md"), INTL).unwrap();
}

#[test]
fn cli_json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    write_library(dir.path());
    let d = dir.path().to_str().unwrap();
    let out = quire(&["search", "--json", "canary", d]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    let mut keys: Vec<&str> = hits[0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["article", "document", "offset", "path", "score", "section", "snippet"]);
    assert_eq!(hits[0]["article"], "Canary Releases");
    assert!(hits[0]["path"].as_str().unwrap().ends_with("canary.md"));
    assert!(hits[0]["score"].as_f64().unwrap() > hits[1]["score"].as_f64().unwrap());
    assert!(hits[1]["section"].is_null());
    let offset = hits[1]["offset"].as_u64().unwrap() as usize;
    let doc = load("ops.md", OPS.as_bytes()).unwrap();
    let text = article_text(&doc.articles[0]);
    assert_eq!(text.chars().skip(offset).take(6).collect::<String>(), "canary");
    assert!(hits[1]["snippet"].as_str().unwrap().contains("canary"));
}

#[test]
fn cli_text_limit_and_leading_dash_queries() {
    let dir = tempfile::tempdir().unwrap();
    write_library(dir.path());
    let d = dir.path().to_str().unwrap();
    let out = quire(&["search", "canary", d, "--limit", "1"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with(&format!("{d}/canary.md:")), "{text}");
    assert!(text.contains("Canary Releases › Canary Releases"));
    let out = quire(&["search", "-pagers canary", d]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
    assert_eq!(quire(&["search", "x", d, "--limit", "0"]).status.code(), Some(2));
    let missing = quire(&["search", "x", "/nonexistent/quire-test"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn the_search_config_options_apply_to_quire_search() {
    let dir = tempfile::tempdir().unwrap();
    let cv = "# Jobs\n\nSend your résumé today.\n";
    let dl = "# Downloads\n\nResume the download later.\n";
    std::fs::write(dir.path().join("cv.md"), cv).unwrap();
    std::fs::write(dir.path().join("dl.md"), dl).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[search]\ndiacritics = \"sensitive\"\n").unwrap();
    let lib = dir.path().to_str().unwrap();
    let articles = |args: &[&str], config: Option<&Path>| -> Vec<String> {
        let out = quire_with(args, config);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut titles: Vec<String> = json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["article"].as_str().unwrap().to_string())
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(articles(&["search", "resume", lib, "--json"], None), ["Downloads", "Jobs"]);
    assert_eq!(articles(&["search", "resume", lib, "--json"], Some(&config)), ["Downloads"]);
    assert_eq!(articles(&["search", "résumé", lib, "--json"], Some(&config)), ["Jobs"]);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[search]\ndiacritics = \"maybe\"\n").unwrap();
    let out = quire_with(&["search", "resume", lib], Some(&bad));
    assert!(!out.status.success(), "a bad config is an error, not ignored");
}
