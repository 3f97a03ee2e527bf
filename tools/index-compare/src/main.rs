//! quire's persistent index against tantivy on the same documents: the
//! benchmarks' synthetic library (2,000 files, about 100 MB), loaded once,
//! then indexed to disk by each, queried from a freshly opened index (as a
//! `quire search` process does) and measured on disk. Best-of-N wall times.
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
use quire::model::search::{Index, Query, rank, text_with_sections};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, Schema, TEXT};

#[path = "../../../benches/common/mod.rs"]
mod common;

const QUERIES: &[&str] = &["terminal", "reading text", "\"plain text\""];
const RUNS: usize = 5;

fn main() {
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
    let build = best_of(2, || build_quire(&docs, &ours));
    let size = std::fs::metadata(&ours).unwrap().len();
    println!("quire:   build {:8.1} ms, size {:6.1} MB", build * 1e3, size as f64 / 1e6);
    breakdown(&ours);
    let theirs = tmp.path().join("tantivy");
    let tbuild = best_of(2, || build_tantivy(&docs, &theirs));
    let tsize = dir_bytes(&theirs);
    println!("tantivy: build {:8.1} ms, size {:6.1} MB", tbuild * 1e3, tsize as f64 / 1e6);
    for query in QUERIES {
        let q = best_of(RUNS, || query_quire(&ours, query));
        let t = best_of(RUNS, || query_tantivy(&theirs, query));
        println!(
            "query {query:16} open + top 20: quire {:7.2} ms, tantivy {:7.2} ms",
            q * 1e3,
            t * 1e3
        );
    }
}

/// As `quire search` builds its index file: every document indexed (on
/// every core), merged into one file and written.
fn build_quire(docs: &[Arc<Document>], path: &Path) -> usize {
    let index = Index::of_documents(docs);
    let mut steps = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let loaded = Loaded::Document { warnings: Vec::new() };
        let path = doc.origin.as_bytes().to_vec();
        let record = DocRecord { path, size: 0, mtime_ns: 0, content_hash: 0, loaded };
        steps.push(Planned::Fresh { record, doc: u32::try_from(i).ok() });
    }
    let (head, postings) = merge(None, &steps, &index).unwrap().finish(0, 0);
    std::fs::write(path, [head, postings].concat()).unwrap();
    index.articles()
}

/// Where quire's bytes go, and how well its postings would compress.
fn breakdown(path: &Path) {
    let opened = Opened::open(path, 0).unwrap().unwrap();
    let meta = &opened.meta;
    let (head, postings) = (opened.header.meta_len, opened.header.postings_len);
    println!(
        "quire file: meta region {:.2} MB (read whole at open), postings {:.2} MB",
        head as f64 / 1e6,
        postings as f64 / 1e6
    );
    let all = opened.read_postings(0..opened.header.postings_len).unwrap();
    let (mut entries, mut positions, mut position_bytes, mut cased) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..meta.term_count() {
        let record = meta.record(i).unwrap();
        let stored = &all[record.postings.start as usize..record.postings.end as usize];
        let bytes = quire::library::index::format::unpack(&record, stored).unwrap();
        let list = quire::model::search::postings::Postings::from_coded(bytes.clone());
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
            quire::library::index::format::unpack(&record, stored).unwrap()
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

fn best_of(runs: usize, mut pass: impl FnMut() -> usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(pass());
        best = best.min(started.elapsed().as_secs_f64());
    }
    best
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}
