//! Load-and-segment throughput on a synthetic library of about 100 MB in
//! 2,000 files, built from the shared corpus (or, without it, from the
//! embedded-style generated text below). Target: ≥ 200 MB/s per core.
//!
//! `cargo bench --bench load` runs the library benchmark;
//! `cargo bench --bench load -- FILE...` times single files instead
//! (useful for hostile inputs such as a 10 MB single line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use quire::model::loader::load;

mod common;
use common::build_library;

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
