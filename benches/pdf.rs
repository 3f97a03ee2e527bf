//! Reading a 300-page text PDF, written in code: the built-in reader alone,
//! the whole isolated load (thread, segmenter), and `pdftotext -layout` on
//! the same file when poppler-utils is installed, side by side. The target
//! is a load within twice pdftotext's time.
//!
//! `cargo bench --bench pdf`
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/suite/pdf_support/pdf_writer.rs"]
mod pdf_writer;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::Instant;

use pdf_writer::{Page, Pdf};
use quire::model::loader::pdf;

const PAGES: usize = 300;
const LINES_PER_PAGE: usize = 50;

/// The benchmark file: written once, kept for the run.
struct Fixture {
    bytes: Vec<u8>,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let bytes = three_hundred_pages();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.pdf");
    std::fs::write(&path, &bytes).unwrap();
    Fixture { bytes, path, _dir: dir }
});

/// Prose from a small vocabulary in 80-column lines, paragraphs every
/// seven lines, a running head and a page number on every page.
fn three_hundred_pages() -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the",
        "deploy",
        "pipeline",
        "team",
        "owned",
        "every",
        "alarm",
        "and",
        "a",
        "service",
        "latency",
        "budget",
        "was",
        "measured",
        "weekly",
        "by",
        "whoever",
        "held",
        "pager",
        "of",
        "incidents",
        "review",
        "shipped",
        "quietly",
        "into",
        "production",
        "without",
        "drama",
    ];
    let mut seed = 0x2545_f491_u32;
    let mut word = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        WORDS[seed as usize % WORDS.len()]
    };
    let pages = (1..=PAGES).map(|number| {
        let mut lines = vec!["Ops Field Notes · Issue 12".to_string(), String::new()];
        for i in 0..LINES_PER_PAGE - 4 {
            if i % 7 == 6 {
                lines.push(String::new());
                continue;
            }
            let mut line = String::new();
            while line.len() < 75 {
                line.push_str(word());
                line.push(' ');
            }
            lines.push(line.trim_end().to_string());
        }
        lines.push(String::new());
        lines.push(number.to_string());
        Page::of_lines(&lines)
    });
    let mut pdf = Pdf::from_pages(pages.collect());
    pdf.compressed = true;
    pdf.to_bytes()
}

fn has_pdftotext() -> bool {
    Command::new("pdftotext").arg("-v").stderr(Stdio::null()).status().is_ok()
}

fn run_pdftotext() -> usize {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&FIXTURE.path)
        .arg("-")
        .output()
        .unwrap();
    out.stdout.len()
}

fn built_in() -> usize {
    let text = pdf::extract(&FIXTURE.bytes).unwrap();
    pdf::to_document("bench.pdf", &text).unwrap().articles.len()
}

#[divan::bench(sample_count = 10)]
fn built_in_reader_and_segmenter() -> usize {
    built_in()
}

#[divan::bench(sample_count = 10)]
fn isolated_load() -> usize {
    let bytes = FIXTURE.bytes.clone();
    quire::library::pdf::load(&FIXTURE.path, "bench.pdf", bytes).unwrap().articles.len()
}

/// Measures nothing (and says so) where pdftotext is not installed.
#[divan::bench(sample_count = 10)]
fn pdftotext_layout() -> usize {
    if has_pdftotext() { run_pdftotext() } else { 0 }
}

/// One run's time in milliseconds.
fn time_ms(run: impl FnOnce() -> usize) -> f64 {
    let started = Instant::now();
    std::hint::black_box(run());
    started.elapsed().as_secs_f64() * 1000.0
}

/// Runs compared head to head, alternating, so that both see the same
/// machine load; the best of each is reported.
const ROUNDS: usize = 7;

fn main() {
    println!("{PAGES}-page PDF, {} KiB", FIXTURE.bytes.len() / 1024);
    divan::main();
    if !has_pdftotext() {
        let ours = (0..ROUNDS).map(|_| time_ms(built_in)).fold(f64::MAX, f64::min);
        println!("best of {ROUNDS}: quire {ours:.1} ms; pdftotext is not installed, no comparison");
        return;
    }
    let (mut ours, mut theirs) = (f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        ours = ours.min(time_ms(built_in));
        theirs = theirs.min(time_ms(run_pdftotext));
    }
    println!(
        "best of {ROUNDS}, alternating: quire {ours:.1} ms, pdftotext -layout {theirs:.1} ms, \
         ratio {:.2} (target ≤ 2)",
        ours / theirs
    );
}
