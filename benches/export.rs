//! Export speed: 10,000 highlights across a synthetic 50-article document,
//! re-anchored, placed and rendered in every format. Targets: under 100 ms
//! for Markdown, under 50 ms for Kindle clippings and Readwise CSV; divan
//! prints highlights per second under each timing. The text holds what each
//! format must escape, quote or stuff (Markdown marks, CSV commas, quotes
//! and line breaks, `=` lines, non-ASCII).
//!
//! `cargo bench --bench export`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::ItemsCount;
use quire::export::{Format, export};
use quire::model::anchor::anchor_for;
use quire::model::highlight::Highlight;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, ContentId, Document, Inline, Section};

mod common;

const ARTICLES: usize = 50;
/// Sections per article: 10; a test run, unoptimised, gets 2.
fn section_count() -> usize {
    common::sized(10, 2)
}
const PARAGRAPHS: usize = 8;
/// 10,000 highlights; a test run, unoptimised, gets 500.
fn highlight_count() -> usize {
    common::sized(10_000, 500)
}

const WORDS: &[&str] = &[
    "the",
    "borrow",
    "checker",
    "*enforces*,",
    "that",
    "\"references\"",
    "never",
    "outlive",
    "their",
    "data;",
    "ownership",
    "is",
    "`central`",
    "every",
    "value",
    "has",
    "one",
    "owner",
    "#1",
    "==========",
    "and",
    "lifetimes",
    "are",
    "inférred",
    "日本語",
    "[mostly]",
    "so",
    "you",
    "rarely",
    "write",
    "them",
    "by",
    "hand.\n",
];

/// Deterministic text: a cheap linear congruential generator over `WORDS`.
fn paragraph(seed: &mut u64) -> String {
    let mut words = Vec::new();
    for _ in 0..60 {
        *seed =
            seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        words.push(WORDS[(*seed >> 33) as usize % WORDS.len()]);
    }
    words.join(" ")
}

fn document() -> Document {
    let mut seed = 42;
    let articles = (0..ARTICLES)
        .map(|a| {
            let sections = (0..section_count())
                .map(|s| Section {
                    heading: Some(format!("Section {s} of article {a}")),
                    level: 2,
                    blocks: (0..PARAGRAPHS)
                        .map(|_| Block::Paragraph(Inline::text(paragraph(&mut seed)).into()))
                        .collect(),
                })
                .collect();
            let mut article = Article::new(format!("Article {a}"), ArticleKind::Article, sections);
            article.author = Some(format!("Author, {}", a % 7));
            article.source = Some(format!("https://example.org/articles/{a}"));
            article
        })
        .collect();
    Document {
        id: ContentId(7),
        origin: "bench.md".into(),
        title: "Benchmark: 10,000 highlights".into(),
        format: quire::model::Format::Markdown,
        articles,
        warnings: Vec::new(),
    }
}

/// Spread evenly over the articles, each 40..240 chars, some across a
/// paragraph break, one in twenty with a note; given in reverse order so the
/// sort does real work.
fn highlights(doc: &Document) -> Vec<Highlight> {
    let per = highlight_count() / ARTICLES;
    let mut out = Vec::with_capacity(per * ARTICLES);
    for article in &doc.articles {
        let text = article_text(article);
        let len = text.chars().count();
        for i in 0..per {
            let start = i * (len - 300) / per;
            let end = start + 40 + (i * 37) % 200;
            out.push(Highlight {
                id: format!("{}-{i}", article.id),
                article_id: article.id.to_string(),
                anchor: anchor_for(&text, start, end),
                colour: ["yellow", "blue", "green"][i % 3].into(),
                note: (i % 20 == 0)
                    .then(|| "A note, with *stars*, a [link], \"quotes\"\nand lines".to_string()),
                created: 1_796_223_845_000 + i as u64 * 60_000,
                updated: 0,
            });
        }
    }
    out.reverse();
    out
}

/// The document and its highlights, made once per run.
fn fixture() -> &'static (Document, Vec<Highlight>) {
    static FIXTURE: OnceLock<(Document, Vec<Highlight>)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let doc = document();
        let hs = highlights(&doc);
        assert_eq!(hs.len(), highlight_count());
        for format in [Format::Markdown, Format::Json, Format::Kindle, Format::Readwise] {
            let bytes = export(&doc, &hs, format, 0).len();
            println!(
                "export {format:?}: {} highlights in {} articles -> {:.1} KiB",
                hs.len(),
                doc.articles.len(),
                bytes as f64 / 1024.0
            );
        }
        (doc, hs)
    })
}

fn main() {
    fixture();
    divan::main();
}

#[divan::bench(
    args = [Format::Markdown, Format::Json, Format::Kindle, Format::Readwise],
    sample_count = 10,
    sample_size = 1
)]
fn export_highlights(bencher: Bencher, format: Format) {
    let (doc, hs) = fixture();
    bencher.counter(ItemsCount::new(hs.len())).bench(|| export(doc, hs, format, 0));
}

/// The shared first step alone (re-anchoring and placing), for the share
/// of the time that is rendering.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn resolve_highlights(bencher: Bencher) {
    let (doc, hs) = fixture();
    bencher.bench(|| quire::export::resolve(doc, hs).len());
}
