//! HTML and EPUB load throughput, on a few MB generated here. Target:
//! ≥ 50 MB/s per core (divan prints the bytes counter as a rate).
//!
//! `cargo bench --bench formats`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use quire::model::loader::load;

#[path = "../tests/suite/formats_support/mod.rs"]
mod formats_support;
use formats_support::{Chapter, Toc, epub};

fn main() {
    divan::main();
}

/// One article's worth of ordinary blog markup: headings, paragraphs
/// with links and emphasis, a list, code and a quote.
fn article_html(n: usize) -> String {
    let mut out =
        format!("<article><header><h2>Article number {n}</h2><p>By Writer {n}</p></header>");
    for p in 0..12 {
        out += &format!(
            "<p>Paragraph {p} of article {n} explains how <em>reading</em> in a terminal works, with \
             <a href=\"https://example.com/{n}/{p}\">a link</a> and <strong>some</strong> detail &amp; \
             care &mdash; enough words to be a fair sample of prose on the web today.</p>"
        );
        if p % 4 == 3 {
            out += "<ul><li>One point</li><li>Another point</li></ul><pre><code>let x = 1;\nlet y = x + 1;</code></pre>\
                    <blockquote><p>A quoted line.</p></blockquote>";
        }
    }
    out + "</article>"
}

static HTML: LazyLock<String> = LazyLock::new(|| {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Bench page</title></head><body>\
         <nav><ul><li><a href=/>Home</a></li><li><a href=/a>About</a></li><li><a href=/b>Blog</a></li></ul></nav><main>",
    );
    let mut n = 0;
    while page.len() < 4 << 20 {
        page += &article_html(n);
        n += 1;
    }
    page + "</main><footer><p>Footer</p></footer></body></html>"
});

static EPUB: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let chapters: Vec<Chapter> = (0..40)
        .map(|c| Chapter {
            file: format!("c{c}.xhtml"),
            label: Some(format!("Chapter {c}")),
            body: (0..25).map(|n| article_html(c * 100 + n)).collect(),
        })
        .collect();
    epub("Bench Book", "Bench Press", "2024-01-01", &chapters, Toc::Nav)
});

/// Bytes of text the book unpacks to, the measure of its size here.
fn epub_text_bytes() -> usize {
    let doc = load("bench.epub", &EPUB).unwrap();
    doc.articles.len();
    (0..40).map(|c| (0..25).map(|n| article_html(c * 100 + n).len()).sum::<usize>()).sum()
}

#[divan::bench]
fn html_page(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(HTML.len()))
        .bench(|| load("bench.html", HTML.as_bytes()).unwrap());
}

#[divan::bench]
fn epub_book(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(epub_text_bytes()))
        .bench(|| load("bench.epub", &EPUB).unwrap());
}
