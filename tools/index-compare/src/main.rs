//! quire's persistent index against tantivy on the same documents: the
//! benchmarks' synthetic library (2,000 files, about 100 MB), loaded once,
//! then indexed to disk by each, queried from a freshly opened index (as a
//! `quire search` process does) and measured on disk. Builds and queries
//! take turns; medians with their range. `COLD=quire` or `COLD=tantivy`
//! builds once in a fresh process and stops; `KEEP=path` keeps quire's
//! index file. Run from the repository root (the library is built from
//! `../shared/corpus` when present).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use quire::library::index::file::Opened;
use quire::library::index::format::{DocRecord, Loaded};
use quire::library::index::merge::{Planned, merge};
use quire::library::index::view::View;
use quire::library::load_paths;
use quire::model::Document;
use quire::model::search::{Index, Query, Source, rank, text_with_sections};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, Schema, TEXT};

#[path = "../../../benches/common/mod.rs"]
mod common;

const BUILD_ROUNDS: usize = 6;
const QUERY_ROUNDS: usize = 101;

fn main() {
    // As quire's own `main` does (see `quire::library::pages`); tantivy's
    // side gets the same pages, as a program on the system allocator would
    // (it asks for no huge pages).
    quire::library::pages::small_pages_only();
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("library");
    std::fs::create_dir(&lib).unwrap();
    let shape = common::Shape { files: 2_000, bytes: 100 * 1024 * 1024 };
    let files = common::build_library(&lib, &shape);
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).unwrap().len()).sum();
    let docs: Vec<Arc<Document>> =
        load_paths(&[lib]).library.documents.into_iter().map(Arc::new).collect();
    println!(
        "library: {} files, {:.1} MB, {} documents",
        files.len(),
        bytes as f64 / 1e6,
        docs.len()
    );

    let ours = tmp.path().join("quire.qidx");
    let theirs = tmp.path().join("tantivy");
    // `COLD=quire` or `COLD=tantivy`: one build, the first in this process
    // (as a `quire search` that builds its index), then stop.
    if let Ok(side) = std::env::var("COLD") {
        let ms = match side.as_str() {
            "quire" => time(|| build_quire(&docs, &ours)),
            _ => time(|| build_tantivy(&docs, &theirs)),
        };
        println!("cold build, {side}: {ms:.1} ms");
        return;
    }
    // Builds take turns, each side first in every other round: this
    // machine's speed drifts, and the first build in a process pays for
    // fresh memory. Medians over the rounds, and the range.
    let (mut builds, mut tbuilds) = (Vec::new(), Vec::new());
    for round in 0..BUILD_ROUNDS {
        let mut quire = || builds.push(time(|| build_quire(&docs, &ours)));
        let mut tantivy = || tbuilds.push(time(|| build_tantivy(&docs, &theirs)));
        if round % 2 == 0 {
            quire();
            tantivy();
        } else {
            tantivy();
            quire();
        }
    }
    if let Ok(keep) = std::env::var("KEEP") {
        std::fs::copy(&ours, keep).unwrap();
    }
    let (size, tsize) = (std::fs::metadata(&ours).unwrap().len(), dir_bytes(&theirs));
    println!("build, {BUILD_ROUNDS} rounds taking turns: median (min..max)");
    println!("  quire   {}, size {:6.1} MB", spread(&mut builds), size as f64 / 1e6);
    println!("  tantivy {}, size {:6.1} MB", spread(&mut tbuilds), tsize as f64 / 1e6);
    breakdown(&ours);
    println!("open + top 20, {QUERY_ROUNDS} rounds taking turns: median (min..max)");
    for query in queries(&docs) {
        let (hits, theirs_hits) = (query_quire(&ours, &query), query_tantivy(&theirs, &query));
        let (mut q, mut t) = (Vec::new(), Vec::new());
        for _ in 0..QUERY_ROUNDS {
            q.push(time(|| query_quire(&ours, &query)));
            t.push(time(|| query_tantivy(&theirs, &query)));
        }
        println!("  {query:28} quire   {} ({hits} hits)", spread(&mut q));
        println!("  {:28} tantivy {} ({theirs_hits} hits)", "", spread(&mut t));
    }
}

/// Queries the library answers, chosen from its own words so that any
/// library gives hits: the commonest word, one in about a tenth of the
/// articles, a rare one, the first two together, and a phrase of two
/// words that stand side by side in the first article. (Fixed words were
/// absent from the corpus library, so both sides measured misses.)
fn queries(docs: &[Arc<Document>]) -> Vec<String> {
    let index = Index::of_documents(docs);
    let mut words: Vec<(u32, &str)> = index
        .dictionary()
        .filter(|(k, _)| k.len() >= 4 && k.bytes().all(|b| b.is_ascii_lowercase()))
        .filter_map(|(k, id)| Some((index.postings(id)?.df, k)))
        .collect();
    words.sort_unstable();
    let near = |df: usize| {
        let i = words.partition_point(|w| (w.0 as usize) < df).min(words.len() - 1);
        words[i].1.to_string()
    };
    let (common, tenth) = (words[words.len() - 1].1.to_string(), near(index.articles() / 10));
    let article = docs.iter().flat_map(|d| &d.articles).find(|a| a.kind.is_readable()).unwrap();
    let (text, _) = text_with_sections(article);
    let plain = |w: &str| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase());
    let pair = text
        .split(' ')
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w.iter().all(|x| plain(x)))
        .map_or(String::new(), |w| format!("\"{} {}\"", w[0], w[1]));
    vec![common.clone(), tenth.clone(), near(3), format!("{common} {tenth}"), pair]
}

/// As `quire search` builds its index file: every document indexed (on
/// every core), merged into one file and written.
fn build_quire(docs: &[Arc<Document>], path: &Path) -> usize {
    let index = Index::of_documents_in_parts(docs);
    let mut steps = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let loaded = Loaded::Document { warnings: Vec::new() };
        let path = doc.origin.as_bytes().to_vec();
        let record = DocRecord { path, size: 0, mtime_ns: 0, content_hash: 0, loaded };
        steps.push(Planned::Fresh { record, doc: u32::try_from(i).ok() });
    }
    let (head, postings) = merge(None, &steps, &index).unwrap().finish(0, 0);
    std::fs::write(path, [head, postings].concat()).unwrap();
    index.index().articles()
}

/// Where quire's bytes go, and how well its postings would compress.
fn breakdown(path: &Path) {
    let opened = Opened::open(path, 0).unwrap().unwrap();
    let meta = &opened.meta;
    let (head, postings) = (opened.header.meta_len, opened.header.postings_len);
    println!(
        "quire file: meta region {:.2} MB (read a section at a time), postings {:.2} MB",
        head as f64 / 1e6,
        postings as f64 / 1e6
    );
    let all = opened.read_postings(0..opened.header.postings_len).unwrap();
    let (mut entries, mut positions, mut position_bytes, mut cased) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..meta.term_count() {
        let record = meta.record(i).unwrap();
        let stored = &all[record.postings.start as usize..record.postings.end as usize];
        let list = quire::library::index::format::unpack(&record, stored).unwrap();
        let bytes = list.bytes.clone();
        for e in list.entries() {
            entries += 1;
            positions += u64::from(e.npos);
            position_bytes += u64::from(e.coded);
        }
        if meta.key(i).is_some_and(|k| k.starts_with(['\u{1}', '\u{2}', '\u{3}'])) {
            cased += bytes.len() as u64;
        }
    }
    let mb = |n: u64| n as f64 / 1e6;
    let all: Vec<u8> = (0..meta.term_count())
        .flat_map(|i| {
            let record = meta.record(i).unwrap();
            let stored = &all[record.postings.start as usize..record.postings.end as usize];
            quire::library::index::format::unpack(&record, stored).unwrap().bytes
        })
        .collect();
    println!(
        "quire postings {:.1} MB uncompressed: {} terms, {entries} entries, {positions} positions; \
         positions {:.1} MB, entry headers {:.1} MB; case/mark-kept keys' lists {:.1} MB",
        mb(all.len() as u64),
        meta.term_count(),
        mb(position_bytes),
        mb(all.len() as u64 - position_bytes),
        mb(cased)
    );
    let lz4 = lz4_flex::compress(&all).len() as u64;
    let deflate = miniz_oxide::deflate::compress_to_vec(&all, 1).len() as u64;
    println!(
        "  (compressed as one block, for comparison: lz4 {:.1} MB, deflate(1) {:.1} MB)",
        mb(lz4),
        mb(deflate)
    );
}

fn query_quire(path: &Path, query: &str) -> usize {
    let opened = Opened::open(path, 0).unwrap().unwrap();
    let query = Query::parse(query);
    let view = View::load(&opened.meta, &query, &mut |r| opened.read_postings(r)).unwrap();
    rank::rank(&view, &query, 20).len()
}

fn schema() -> (Schema, [tantivy::schema::Field; 3]) {
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT);
    let body = builder.add_text_field("body", TEXT);
    let id = builder.add_u64_field("id", STORED);
    (builder.build(), [title, body, id])
}

fn build_tantivy(docs: &[Arc<Document>], dir: &Path) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let (schema, [title, body, id]) = schema();
    let index = tantivy::Index::create_in_dir(dir, schema).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(200_000_000).unwrap();
    let mut n = 0u64;
    for doc in docs {
        for article in doc.articles.iter().filter(|a| a.kind.is_readable()) {
            let (text, _) = text_with_sections(article);
            let mut d = tantivy::TantivyDocument::default();
            d.add_text(title, &article.title);
            d.add_text(body, &text);
            d.add_u64(id, n);
            writer.add_document(d).unwrap();
            n += 1;
        }
    }
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
    n as usize
}

fn query_tantivy(dir: &Path, query: &str) -> usize {
    let index = tantivy::Index::open_in_dir(dir).unwrap();
    let (_, [title, body, _]) = schema();
    let reader = index.reader().unwrap();
    let searcher = reader.searcher();
    let mut parser = QueryParser::for_index(&index, vec![title, body]);
    parser.set_conjunction_by_default();
    let query = parser.parse_query(query).unwrap();
    searcher.search(&query, &TopDocs::with_limit(20).order_by_score()).unwrap().len()
}

/// Wall time of one pass, in ms.
fn time(pass: impl FnOnce() -> usize) -> f64 {
    let started = Instant::now();
    std::hint::black_box(pass());
    started.elapsed().as_secs_f64() * 1e3
}

fn spread(times: &mut [f64]) -> String {
    times.sort_by(f64::total_cmp);
    let (min, max) = (times[0], times[times.len() - 1]);
    format!("{:8.2} ms ({min:.2}..{max:.2})", times[times.len() / 2])
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}
