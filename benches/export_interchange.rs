//! Export speed of the interchange formats: 10,000 highlights across a
//! synthetic 50-article document, re-anchored, placed and rendered as a
//! Kindle `My Clippings.txt` and as a Readwise CSV. Target: under 50 ms
//! each. Markdown is measured alongside for comparison.
//!
//! `cargo bench --bench export_interchange`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use quire::export::{Format, export};
use quire::model::anchor::anchor_for;
use quire::model::highlight::Highlight;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, ContentId, Document, Inline, Section};

const ARTICLES: usize = 50;
const SECTIONS: usize = 10;
const PARAGRAPHS: usize = 8;
const HIGHLIGHTS: usize = 10_000;

/// Words with the characters the formats must quote or stuff.
const WORDS: &[&str] = &[
    "the",
    "borrow",
    "checker",
    "enforces,",
    "that",
    "\"references\"",
    "never",
    "outlive",
    "their",
    "data;",
    "ownership",
    "is",
    "central",
    "every",
    "value",
    "has",
    "one",
    "owner",
    "==========",
    "and",
    "lifetimes",
    "are",
    "inférred",
    "日本語",
    "so",
    "you",
    "rarely",
    "write",
    "them",
    "by",
    "hand.\n",
];

/// The document and its highlights, built once.
static FIXTURE: LazyLock<(Document, Vec<Highlight>)> = LazyLock::new(|| {
    let doc = document();
    let hs = highlights(&doc);
    assert_eq!(hs.len(), HIGHLIGHTS);
    (doc, hs)
});

/// Deterministic text: a linear congruential generator over `WORDS`.
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
            let sections = (0..SECTIONS)
                .map(|s| Section {
                    heading: Some(format!("Section {s} of article {a}")),
                    level: 2,
                    blocks: (0..PARAGRAPHS)
                        .map(|_| Block::Paragraph(vec![Inline::text(paragraph(&mut seed))]))
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

/// Spread evenly over the articles, each 40..240 chars, one in twenty with
/// a note; given in reverse order so the sort does real work.
fn highlights(doc: &Document) -> Vec<Highlight> {
    let per = HIGHLIGHTS / ARTICLES;
    let mut out = Vec::with_capacity(HIGHLIGHTS);
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
                colour: "yellow".into(),
                note: (i % 20 == 0).then(|| "A note, with \"quotes\"\nand lines".to_string()),
                created: 1_796_223_845_000 + i as u64 * 60_000,
                updated: 0,
            });
        }
    }
    out.reverse();
    out
}

fn format(name: &str) -> Format {
    match name {
        "kindle" => Format::Kindle,
        "readwise" => Format::Readwise,
        _ => Format::Markdown,
    }
}

#[divan::bench(args = ["kindle", "readwise", "markdown"], sample_count = 20)]
fn export_10k_highlights(bencher: divan::Bencher, name: &str) {
    let (doc, hs) = &*FIXTURE;
    let format = format(name);
    bencher.bench_local(|| export(doc, hs, format, 0).len());
}

/// The shared first step alone (re-anchoring and placing), for the share
/// of the time that is rendering.
#[divan::bench(sample_count = 20)]
fn resolve_10k_highlights(bencher: divan::Bencher) {
    let (doc, hs) = &*FIXTURE;
    bencher.bench_local(|| quire::export::resolve(doc, hs).len());
}

fn main() {
    LazyLock::force(&FIXTURE);
    divan::main();
}
