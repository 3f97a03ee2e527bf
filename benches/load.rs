//! Load-and-segment throughput on a synthetic library of about 100 MB in
//! 2,000 files, built from the shared corpus (or, without it, from the
//! embedded-style generated text below). Target: ≥ 200 MB/s per core.
//!
//! `cargo bench --bench load` runs the library benchmark;
//! `cargo bench --bench load -- FILE...` times single files instead
//! (useful for hostile inputs such as a 10 MB single line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use quire::model::loader::load;

const FILES: usize = 2_000;
const TARGET_BYTES: usize = 100 * 1024 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if !args.is_empty() {
        for file in args {
            time_file(Path::new(&file));
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = build_library(dir.path());
    let bytes: usize = files.iter().map(|f| std::fs::metadata(f).unwrap().len() as usize).sum();
    let mut best = f64::MAX;
    let mut articles = 0;
    for _ in 0..3 {
        let started = Instant::now();
        articles = 0;
        for file in &files {
            let data = std::fs::read(file).unwrap();
            let doc = load(&file.to_string_lossy(), &data).unwrap();
            articles += doc.articles.len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / (1024.0 * 1024.0);
    println!(
        "load: {} files, {mb:.1} MiB, {articles} segments, best of 3 on one core: {best:.3} s = {:.0} MiB/s per core",
        files.len(),
        mb / best
    );
}

fn time_file(path: &Path) {
    let data = std::fs::read(path).unwrap();
    let started = Instant::now();
    let result = load(&path.to_string_lossy(), &data);
    let elapsed = started.elapsed().as_secs_f64();
    let outcome = match result {
        Ok(doc) => format!("{} segments", doc.articles.len()),
        Err(e) => e.to_string(),
    };
    println!("{}: {} bytes in {elapsed:.3} s ({outcome})", path.display(), data.len());
}

/// Sources to vary: the corpus files when present, else generated text.
fn sources() -> Vec<String> {
    let dir = Path::new("../shared/corpus/emags");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect()
        })
        .unwrap_or_default();
    if texts.is_empty() {
        eprintln!("note: ../shared/corpus missing; using generated text");
        texts.push(generated());
    }
    texts
}

fn generated() -> String {
    let mut out = String::new();
    for i in 0..40 {
        out += &format!("Article Number {i}\n\nBy Jane Doe\n\n");
        for p in 0..12 {
            out += &format!(
                "Paragraph {p} of article {i} says something about terminals, reading and the quiet joy of plain text that lasts.\n\n"
            );
        }
    }
    out
}

/// Writes FILES files of about TARGET_BYTES in total: each is a source
/// with its paragraphs rotated and renumbered, so no two files are equal.
fn build_library(dir: &Path) -> Vec<PathBuf> {
    let sources = sources();
    let per_file = TARGET_BYTES / FILES;
    (0..FILES)
        .map(|n| {
            let source = &sources[n % sources.len()];
            let paragraphs: Vec<&str> = source.split("\n\n").collect();
            let mut text = String::with_capacity(per_file + 4096);
            let mut k = n;
            while text.len() < per_file {
                text.push_str(paragraphs[k % paragraphs.len()]);
                text.push_str("\n\n");
                k += 1;
            }
            let path = dir.join(format!("emag-{n:04}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}
