//! Re-anchoring 1,000 highlights on an edited 5 MB document (target < 1 s),
//! and saving a store of 10,000 highlights.
//!
//! `cargo bench --bench anchor`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use quire::model::anchor::{Anchor, Reanchorer};
use quire::store::{Store, SystemClock};

const TARGET_CHARS: usize = 5 * 1024 * 1024;
const HIGHLIGHTS: usize = 1_000;

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
    let mut text = String::with_capacity(TARGET_CHARS + 1024);
    while text.len() < TARGET_CHARS {
        for _ in 0..(40 + rng.next() % 120) {
            text.push_str(&vocab[rng.next() % vocab.len()]);
            text.push(if rng.next().is_multiple_of(12) { '.' } else { ' ' });
        }
        text.push_str("\n\n");
    }
    text
}

fn main() {
    let mut rng = Lcg(42);
    let original = document(&mut rng);
    let base = Reanchorer::new(&original);
    let n = base.len();
    let mut spans: Vec<(usize, usize)> = (0..HIGHLIGHTS)
        .map(|_| {
            let start = rng.next() % (n - 400);
            (start, start + 20 + rng.next() % 200)
        })
        .collect();
    spans.sort_unstable();
    let anchors: Vec<Anchor> = spans.iter().map(|&(s, e)| base.anchor(s, e)).collect();
    let (edited, changed, deleted) = edit(&original, &spans, &mut rng);

    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let r = Reanchorer::new(&edited);
        found = anchors.iter().filter(|a| r.locate(a).is_some()).count();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "re-anchor {HIGHLIGHTS} highlights on {:.1} MB edited text ({changed} with changed words, \
         {deleted} deleted, paragraphs inserted and a block moved): best of 3 = {:.0} ms; \
         {found} anchored, {} orphans",
        edited.len() as f64 / 1_048_576.0,
        best * 1000.0,
        HIGHLIGHTS - found
    );
    save_bench(&base);
}

/// Inserted paragraphs, changed words inside some highlights, deleted
/// highlighted passages and a 200 KB block moved to later in the text.
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
    let block: Vec<char> = chars.drain(from..from + 200_000).collect();
    let to = len * 4 / 5 - 200_000;
    chars.splice(to..to, block);
    (chars.into_iter().collect(), changed, deleted)
}

fn save_bench(base: &Reanchorer) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), Box::new(SystemClock)).unwrap();
    for i in 0..10_000 {
        let start = (i * 523) % (base.len() - 300);
        let anchor = base.anchor(start, start + 120);
        store.add_highlight("doc", "article", anchor, "yellow", Some(format!("note {i}")));
    }
    let t = Instant::now();
    store.flush().unwrap();
    let first = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(quire::store::record_path(dir.path(), "doc")).unwrap().len();
    store.add_highlight("doc", "article", base.anchor(0, 50), "blue", None);
    let t = Instant::now();
    store.flush().unwrap();
    let second = t.elapsed().as_secs_f64();
    println!(
        "save 10,000 highlights ({:.1} MB JSON): first flush {:.0} ms; \
         flush with re-read, merge and backup {:.0} ms",
        size as f64 / 1_048_576.0,
        first * 1000.0,
        second * 1000.0
    );
}
