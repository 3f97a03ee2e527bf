//! Load-and-segment throughput on one core, on the synthetic library of
//! about 100 MB in 2,000 files (see `common`). Target: ≥ 150 MB/s per
//! core for "load and segment"; divan prints the throughput of each
//! timing under it (the "fastest" column is the best run).
//!
//! `cargo bench --bench load` runs the library benchmarks.
//! `QUIRE_BENCH_FILES=a.txt:b.txt cargo bench --bench load -- file` times
//! single files instead (useful for hostile inputs such as a 10 MB single
//! line); the paths are separated as in `PATH`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use quire::model::loader::load;

mod common;

/// The library on disk and in memory, built once per run.
struct Library {
    _dir: tempfile::TempDir,
    files: Vec<PathBuf>,
    /// Each file's origin and bytes, read before any timing.
    contents: Vec<(String, Vec<u8>)>,
    bytes: usize,
    /// Segments in the whole library, counted once; every timed pass
    /// must find the same number.
    segments: usize,
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let files = common::build_library(dir.path(), &common::library_shape());
        let contents: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|f| (f.to_string_lossy().into_owned(), std::fs::read(f).unwrap()))
            .collect();
        let bytes = contents.iter().map(|(_, data)| data.len()).sum();
        let segments = load_all(&contents);
        Library { _dir: dir, files, contents, bytes, segments }
    })
}

/// Loads every file; a file the loader refuses fails the bench.
fn load_all(contents: &[(String, Vec<u8>)]) -> usize {
    contents.iter().map(|(origin, data)| load(origin, data).unwrap().articles.len()).sum()
}

fn main() {
    if std::env::var_os("QUIRE_BENCH_FILES").is_none() {
        let library = library();
        println!(
            "library: {} files, {:.1} MB ({:.1} MiB), {} segments; one core, best of 10 \
             in the \"fastest\" column (target: load_and_segment ≥ 150 MB/s)",
            library.files.len(),
            library.bytes as f64 / 1e6,
            library.bytes as f64 / (1024.0 * 1024.0),
            library.segments
        );
    }
    divan::main();
}

/// The loader's own throughput: the bytes were read before timing, so the
/// kernel's copy out of the page cache is not counted as segmenting.
/// Single runs on a shared machine vary by a fifth, hence ten samples.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_and_segment(bencher: Bencher) {
    let library = library();
    bencher.counter(BytesCount::new(library.bytes)).bench(|| {
        let segments = load_all(&library.contents);
        assert_eq!(segments, library.segments);
    });
}

/// As a reader of a library does it: each file read, then loaded.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn read_load_and_segment(bencher: Bencher) {
    let library = library();
    bencher.counter(BytesCount::new(library.bytes)).bench(|| {
        let segments: usize = library
            .files
            .iter()
            .map(|file| {
                let data = std::fs::read(file).unwrap();
                load(&file.to_string_lossy(), &data).unwrap().articles.len()
            })
            .sum();
        assert_eq!(segments, library.segments);
    });
}

/// Files named in `QUIRE_BENCH_FILES`; none when it is unset.
fn named_files() -> Vec<String> {
    std::env::var_os("QUIRE_BENCH_FILES")
        .map(|paths| std::env::split_paths(&paths).map(|p| p.display().to_string()).collect())
        .unwrap_or_default()
}

/// One named file, read before timing. A file the loader refuses is timed
/// too: turning bad input away quickly is part of the job.
#[divan::bench(args = named_files(), sample_count = 10, sample_size = 1)]
fn file(bencher: Bencher, path: &str) {
    let data = std::fs::read(path).unwrap();
    bencher.counter(BytesCount::new(data.len())).bench(|| load(path, &data).is_ok());
}
