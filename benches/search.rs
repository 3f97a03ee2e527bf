//! Library search on the synthetic 100 MB library of 2,000 files (see
//! `common`): load time, index build time, index memory, and the median
//! latency of one-word, two-word and phrase queries next to `rg -c -i WORD`
//! over the same files, in the same run.
//!
//! Targets: median query latency ≤ 20% of rg's; index build ≤ 2× load;
//! index memory ≤ corpus size. `cargo bench --bench search`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quire::model::loader::load;
use quire::model::search::Index;
use quire::model::{ArticleKind, Document};

mod common;
use common::build_library;

/// Hits asked for: the CLI's default. The TUI asks for 200 (reported too).
const LIMIT: usize = 20;
const RUNS: usize = 21;
const RG_RUNS: usize = 7;

/// Queries per kind, and the word rg looks for as the baseline.
const QUERIES: &[(&str, &str, &str)] = &[
    ("one word", "deployment", "deployment"),
    ("one word", "canary", "canary"),
    ("two words", "pair programming", "pair"),
    ("two words", "continuous delivery", "continuous"),
    ("phrase", "\"continuous delivery\"", "continuous"),
    ("phrase", "\"pair programming\"", "pair"),
];

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_library(dir.path());
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    let mib = |b: f64| b / (1024.0 * 1024.0);
    println!("library: {} files, {:.1} MiB", files.len(), mib(bytes as f64));

    let (docs, load_time) = load_all(&files);
    let (mut index, build_time) = build_index(&docs);
    let readable: usize =
        docs.iter().flat_map(|d| &d.articles).filter(|a| a.kind.is_readable()).count();
    let text_of = |readable: bool| -> usize {
        docs.iter()
            .flat_map(|d| &d.articles)
            .filter(|a| !readable || matches!(a.kind, ArticleKind::Article | ArticleKind::Letter))
            .map(|a| quire::model::text::article_text(a).len())
            .sum()
    };
    let (text_bytes, all_text) = (text_of(true), text_of(false));
    println!(
        "load (one core, best of 3): {load_time:.2?}; index build (one core, best of 3): \
         {build_time:.2?} = {:.2}× load (target ≤ 2×)",
        build_time.as_secs_f64() / load_time.as_secs_f64()
    );
    let grown = index.heap_bytes();
    index.shrink();
    let memory = index.heap_bytes();
    println!(
        "index: {} articles ({readable} readable), {} terms; memory {:.1} MiB as built, \
         {:.1} MiB shrunk = {:.0}% of the corpus (target ≤ 100%); indexed (readable) text \
         {:.1} MiB of {:.1} MiB in all segments",
        index.articles(),
        index.terms(),
        mib(grown as f64),
        mib(memory as f64),
        100.0 * memory as f64 / bytes as f64,
        mib(text_bytes as f64),
        mib(all_text as f64),
    );

    let rg = rg_available();
    if !rg {
        println!("note: rg is not installed; skipping the rg comparison");
    }
    println!(
        "{:<10} {:<24} {:>6} {:>12} {:>12} {:>14} {:>7}",
        "kind", "query", "hits", "quire (20)", "quire (200)", "rg -c -i WORD", "ratio"
    );
    for &(kind, query, word) in QUERIES {
        let hits = index.search(query, LIMIT).len();
        let ours = median(RUNS, || {
            index.search(query, LIMIT);
        });
        let tui = median(RUNS, || {
            index.search(query, 200);
        });
        let (theirs, ratio) = if rg {
            let t = median(RG_RUNS, || run_rg(word, dir.path()));
            (
                format!("{t:.2?} ({word})"),
                format!("{:.1}%", 100.0 * ours.as_secs_f64() / t.as_secs_f64()),
            )
        } else {
            ("-".into(), "-".into())
        };
        println!(
            "{kind:<10} {query:<24} {hits:>6} {:>12} {:>12} {theirs:>14} {ratio:>7}",
            format!("{ours:.2?}"),
            format!("{tui:.2?}"),
        );
    }
}

fn load_all(files: &[PathBuf]) -> (Vec<Arc<Document>>, Duration) {
    let mut best = Duration::MAX;
    let mut docs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        docs = files
            .iter()
            .map(|f| {
                let data = std::fs::read(f).unwrap();
                Arc::new(load(&f.to_string_lossy(), &data).unwrap())
            })
            .collect();
        best = best.min(started.elapsed());
    }
    (docs, best)
}

fn build_index(docs: &[Arc<Document>]) -> (Index, Duration) {
    let mut best = Duration::MAX;
    let mut index = Index::new();
    for _ in 0..3 {
        let started = Instant::now();
        index = Index::new();
        for doc in docs {
            index.add(doc.clone());
        }
        best = best.min(started.elapsed());
    }
    (index, best)
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn rg_available() -> bool {
    Command::new("rg").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn run_rg(word: &str, dir: &Path) {
    let status = Command::new("rg")
        .args(["-c", "-i", word])
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "rg failed");
}
