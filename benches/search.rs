//! Library search on the synthetic 100 MB library of 2,000 files (see
//! `common`): load time, index build time, index memory, and the latency
//! of one-word, two-word and phrase queries, next to `rg -c -i WORD` over
//! the same files in the same run (skipped, with a note, when rg is not
//! installed).
//!
//! Targets: query latency ≤ 20% of rg's for the same word; index build
//! ≤ 2× load; index memory ≤ corpus size. `cargo bench --bench search`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};

use divan::Bencher;
use divan::counter::BytesCount;
use quire::model::loader::load;
use quire::model::search::Index;
use quire::model::text::article_text;
use quire::model::{ArticleKind, Document};

mod common;

/// Hits asked for by the CLI (its default) and by the TUI.
const CLI_LIMIT: usize = 20;
const TUI_LIMIT: usize = 200;

/// Queries of each kind: one word, two words, a phrase.
const QUERIES: &[&str] = &[
    "deployment",
    "canary",
    "pair programming",
    "continuous delivery",
    "\"continuous delivery\"",
    "\"pair programming\"",
];

/// The words rg looks for: each query's first (or only) word, the baseline
/// a query of that word is compared with.
const RG_WORDS: &[&str] = &["deployment", "canary", "pair", "continuous"];

/// The library on disk, loaded and indexed once per run.
struct Library {
    dir: tempfile::TempDir,
    files: Vec<PathBuf>,
    bytes: usize,
    docs: Vec<Arc<Document>>,
    index: Index,
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let files = common::build_library(dir.path(), &common::library_shape());
        let bytes = files.iter().map(|f| std::fs::metadata(f).unwrap().len() as usize).sum();
        let docs = load_all(&files);
        let mut index = index_of(&docs);
        let grown = index.heap_bytes();
        index.shrink();
        let library = Library { dir, files, bytes, docs, index };
        report(&library, grown);
        library
    })
}

/// What is not a timing: the library, the index's size and each query's hits.
fn report(library: &Library, grown: usize) {
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    let index = &library.index;
    let articles = || library.docs.iter().flat_map(|d| &d.articles);
    let readable = articles().filter(|a| a.kind.is_readable()).count();
    let text_of = |all: bool| -> usize {
        articles()
            .filter(|a| all || matches!(a.kind, ArticleKind::Article | ArticleKind::Letter))
            .map(|a| article_text(a).len())
            .sum()
    };
    println!("library: {} files, {:.1} MiB", library.files.len(), mib(library.bytes));
    println!(
        "index: {} articles ({readable} readable), {} terms; memory {:.1} MiB as built \
         (as the reader holds it) = {:.0}% of the corpus (target ≤ 100%), {:.1} MiB shrunk; \
         indexed (readable) text {:.1} MiB of {:.1} MiB in all segments",
        index.articles(),
        index.terms(),
        mib(grown),
        100.0 * grown as f64 / library.bytes as f64,
        mib(index.heap_bytes()),
        mib(text_of(false)),
        mib(text_of(true)),
    );
    for query in QUERIES {
        println!("hits for {query}: {}", index.search(query, CLI_LIMIT).len());
    }
}

fn load_all(files: &[PathBuf]) -> Vec<Arc<Document>> {
    files
        .iter()
        .map(|f| {
            let data = std::fs::read(f).unwrap();
            Arc::new(load(&f.to_string_lossy(), &data).unwrap())
        })
        .collect()
}

fn index_of(docs: &[Arc<Document>]) -> Index {
    let mut index = Index::new();
    for doc in docs {
        index.add(doc.clone());
    }
    index
}

fn main() {
    library();
    if !rg_available() {
        println!("note: rg is not installed; skipping the rg comparison");
    }
    divan::main();
}

/// Reading and loading the library on one core: the yardstick for the
/// index build.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_library(bencher: Bencher) {
    let library = library();
    bencher.counter(BytesCount::new(library.bytes)).bench(|| load_all(&library.files));
}

/// Building the index of the loaded library on one core (target ≤ 2× load).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn build_index(bencher: Bencher) {
    let library = library();
    bencher.counter(BytesCount::new(library.bytes)).bench(|| index_of(&library.docs));
}

/// A query as the CLI asks it (20 hits).
#[divan::bench(args = QUERIES, sample_count = 21)]
fn query_cli(query: &str) -> usize {
    library().index.search(divan::black_box(query), CLI_LIMIT).len()
}

/// A query as the TUI asks it (200 hits, snippets included).
#[divan::bench(args = QUERIES, sample_count = 21)]
fn query_tui(query: &str) -> usize {
    library().index.search(divan::black_box(query), TUI_LIMIT).len()
}

/// The peer: `rg -c -i WORD` over the same files. No cases when rg is not
/// installed (main says so).
#[divan::bench(args = rg_words(), sample_count = 7, sample_size = 1)]
fn rg(word: &str) {
    run_rg(word, library().dir.path());
}

fn rg_words() -> Vec<&'static str> {
    if rg_available() { RG_WORDS.to_vec() } else { Vec::new() }
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
