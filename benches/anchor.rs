//! Re-anchoring 1,000 highlights on an edited 5 MB document (target < 1 s),
//! and saving a store of 10,000 highlights: the first flush, and a flush
//! that re-reads, merges and backs up the file on disk.
//!
//! `cargo bench --bench anchor`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use divan::Bencher;
use quire::model::anchor::{Anchor, Reanchorer};
use quire::store::{Store, SystemClock};

mod common;

/// 5 MB of text, 1,000 highlights to re-anchor and 10,000 to save; a test
/// run, unoptimised, gets a tenth of the highlights and a fiftieth of the
/// text and saved highlights.
fn target_chars() -> usize {
    common::sized(5 * 1024 * 1024, 100 * 1024)
}
fn highlight_count() -> usize {
    common::sized(1_000, 100)
}
fn saved_highlight_count() -> usize {
    common::sized(10_000, 200)
}

/// A deterministic generator, so every run measures the same work.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

fn document(rng: &mut Lcg) -> String {
    let vocab: Vec<String> = (0..5_000)
        .map(|_| {
            let len = 2 + rng.next() % 9;
            (0..len).map(|_| (b'a' + (rng.next() % 26) as u8) as char).collect()
        })
        .collect();
    let target = target_chars();
    let mut text = String::with_capacity(target + 1024);
    while text.len() < target {
        for _ in 0..(40 + rng.next() % 120) {
            text.push_str(&vocab[rng.next() % vocab.len()]);
            text.push(if rng.next().is_multiple_of(12) { '.' } else { ' ' });
        }
        text.push_str("\n\n");
    }
    text
}

/// The original text, its anchors and the edited text, made once per run.
struct Edited {
    original: Reanchorer,
    anchors: Vec<Anchor>,
    text: String,
}

fn edited() -> &'static Edited {
    static EDITED: OnceLock<Edited> = OnceLock::new();
    EDITED.get_or_init(|| {
        let mut rng = Lcg(42);
        let original = document(&mut rng);
        let base = Reanchorer::new(original.clone());
        let n = base.len();
        let highlights = highlight_count();
        let mut spans: Vec<(usize, usize)> = (0..highlights)
            .map(|_| {
                let start = rng.next() % (n - 400);
                (start, start + 20 + rng.next() % 200)
            })
            .collect();
        spans.sort_unstable();
        let anchors: Vec<Anchor> = spans.iter().map(|&(s, e)| base.anchor(s, e)).collect();
        let (text, changed, deleted) = edit(&original, &spans, &mut rng);
        let found = anchored(&Reanchorer::new(text.clone()), &anchors);
        println!(
            "re-anchor {highlights} highlights on {:.1} MB edited text ({changed} with changed \
             words, {deleted} deleted, paragraphs inserted and a block moved): {found} \
             anchored, {} orphans",
            text.len() as f64 / 1_048_576.0,
            highlights - found
        );
        Edited { original: base, anchors, text }
    })
}

fn anchored(text: &Reanchorer, anchors: &[Anchor]) -> usize {
    anchors.iter().filter(|a| text.locate(a).is_some()).count()
}

fn main() {
    edited();
    divan::main();
}

/// Indexing the edited text and locating every highlight in it.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn reanchor(bencher: Bencher) {
    let edited = edited();
    bencher.bench(|| anchored(&Reanchorer::new(edited.text.clone()), &edited.anchors));
}

/// Inserted paragraphs, changed words inside some highlights, deleted
/// highlighted passages and a 200 KB block (less in a small test text)
/// moved to later in the text.
fn edit(text: &str, spans: &[(usize, usize)], rng: &mut Lcg) -> (String, usize, usize) {
    let mut chars: Vec<char> = text.chars().collect();
    let (mut changed, mut deleted) = (0, 0);
    // Work back to front so earlier offsets stay valid.
    for (i, &(s, e)) in spans.iter().enumerate().rev() {
        if i.is_multiple_of(20) {
            chars.drain(s.saturating_sub(40)..e + 40);
            deleted += 1;
        } else if i % 10 == 5 {
            let mid = (s + e) / 2;
            chars.splice(mid..mid + 3, "XYZW".chars());
            changed += 1;
        } else if i.is_multiple_of(7) {
            chars.splice(s..s, "An inserted paragraph of new text.\n\n".chars());
        }
    }
    let len = chars.len();
    let from = len / 5 + rng.next() % 1000;
    let moved = 200_000.min(len / 5);
    let block: Vec<char> = chars.drain(from..from + moved).collect();
    let to = len * 4 / 5 - moved;
    chars.splice(to..to, block);
    (chars.into_iter().collect(), changed, deleted)
}

/// A store in a new directory holding the highlights to save, not yet
/// written.
fn store_of_highlights(base: &Reanchorer) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), Box::new(SystemClock)).unwrap();
    for i in 0..saved_highlight_count() {
        let start = (i * 523) % (base.len() - 300);
        let anchor = base.anchor(start, start + 120);
        store.add_highlight("doc", "article", anchor, "yellow", Some(format!("note {i}")));
    }
    (dir, store)
}

/// Writing the store of 10,000 highlights for the first time.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn save_first_flush(bencher: Bencher) {
    let base = &edited().original;
    bencher.with_inputs(|| store_of_highlights(base)).bench_local_refs(|(dir, store)| {
        store.flush().unwrap();
        assert!(quire::store::record_path(dir.path(), "doc").exists());
    });
}

/// One more highlight saved to a store already on disk: the file is read
/// back, merged and backed up before it is replaced.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn save_merge_and_backup(bencher: Bencher) {
    let base = &edited().original;
    bencher
        .with_inputs(|| {
            let (dir, mut store) = store_of_highlights(base);
            store.flush().unwrap();
            store.add_highlight("doc", "article", base.anchor(0, 50), "blue", None);
            (dir, store)
        })
        .bench_local_refs(|(_, store)| store.flush().unwrap());
}
