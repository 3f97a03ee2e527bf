//! What the benchmarks share: whether this run is a measurement or a test
//! run, and the synthetic library of the load and search benchmarks (about
//! 100 MB in 2,000 files, built from the shared corpus or, without it, from
//! generated text).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `cargo bench` passes `--bench`; `cargo test --benches` passes nothing,
/// and `cargo bench -- --test` asks for a test run. divan reads the same
/// flags to choose between timing and running each bench once, so test
/// runs (which build without optimisation) get small inputs: checking that
/// a bench still works needs no 100 MB library.
pub fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
}

/// `full` when measuring, `small` in a test run.
pub fn sized<T>(full: T, small: T) -> T {
    if measuring() { full } else { small }
}

/// How many files, and how many bytes in all, the library holds.
pub struct Shape {
    pub files: usize,
    pub bytes: usize,
}

/// 2,000 files, about 100 MB; a test run gets 10 files, about 256 KB.
pub fn library_shape() -> Shape {
    sized(Shape { files: 2_000, bytes: 100 * 1024 * 1024 }, Shape { files: 20, bytes: 1024 * 1024 })
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

/// Writes the library's files into `dir`: each is a source with its
/// paragraphs rotated and renumbered, so no two files are equal.
pub fn build_library(dir: &Path, shape: &Shape) -> Vec<PathBuf> {
    let sources = sources();
    let per_file = shape.bytes / shape.files;
    (0..shape.files)
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

/// The commonest word of four letters or more in a file (ties to the
/// first in order), for a query that finds something in any library
/// built from the same sources.
pub fn commonest_word(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_default().to_lowercase();
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for word in text.split(|c: char| !c.is_ascii_lowercase()).filter(|w| w.len() >= 4) {
        *counts.entry(word).or_default() += 1;
    }
    let best = counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
    best.map_or_else(|| "text".to_string(), |(w, _)| (*w).to_string())
}
