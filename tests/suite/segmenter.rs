//! The plain-text segmenter on hand-written files of the three families it
//! must handle, none of them from the shared corpus: a digest, a blog
//! export and a single article with code, a table and lists.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use quire::model::loader::load;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, Document};

fn doc(name: &str, text: &str) -> Document {
    load(name, text.as_bytes()).unwrap()
}

fn readable(doc: &Document) -> Vec<&Article> {
    doc.readable().collect()
}

fn headings(article: &Article) -> Vec<&str> {
    article.sections.iter().filter_map(|s| s.heading.as_deref()).collect()
}

const DIGEST: &str = "\
Async Cancellation Explained
By Priya Raman

Dropping a future cancels it at its next await point, which surprises people who expect cleanup code to run.

The fix is to make cleanup explicit, with guards that run on drop.

Share this post: Twitter | LinkedIn
Subscribe to Weekly Rust Notes for more.

Why Your Build Is Slow
By Tom Eriksen

Most slow builds are slow because of a few crates with heavy procedural macros.

Measure first: the timings report shows where the minutes go.

Share this post: Twitter | LinkedIn
Subscribe to Weekly Rust Notes for more.

Profiling Without Tears
By Priya Raman

A sampling profiler answers most questions in under a minute.

Share this post: Twitter | LinkedIn
Subscribe to Weekly Rust Notes for more.
";

#[test]
fn digest_with_bylines_and_repeated_footers() {
    let d = doc("weekly-rust-notes-12.txt", DIGEST);
    let articles = readable(&d);
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Async Cancellation Explained", "Why Your Build Is Slow", "Profiling Without Tears"]
    );
    assert_eq!(articles[1].author.as_deref(), Some("Tom Eriksen"));
    for a in &articles {
        assert!(!article_text(a).contains("Subscribe"), "footer leaked into {:?}", a.title);
    }
    let footers = d.articles.iter().filter(|a| a.kind == ArticleKind::Boilerplate).count();
    assert_eq!(footers, 3, "each footer is kept as boilerplate");
}

const BLOG: &str = "\
Notes on Tiny Servers
Notes on Tiny Servers
Posted on March 3, 2021 by Ana Lima

A small server is easier to reason about than a big one, and cheaper to leave running.

  Running It

Start it with the defaults and watch the logs for a day.

  • keep the config in version control
  • restart it weekly

Moving Day
Moving Day
Posted on April 9, 2021 by Ana Lima

We moved the blog to a new host this week. Nothing broke, which was a first.
";

#[test]
fn blog_export_with_repeated_titles_and_datelines() {
    let d = doc("blog-export.txt", BLOG);
    let articles = readable(&d);
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0].title, "Notes on Tiny Servers");
    assert_eq!(articles[0].author.as_deref(), Some("Ana Lima"));
    // Written dates are given as ISO days.
    assert_eq!(articles[0].date.as_deref(), Some("2021-03-03"));
    assert_eq!(headings(articles[0]), ["Running It"]);
    assert!(!article_text(articles[0]).contains("Notes on Tiny Servers"), "title repeated in text");
    assert!(articles[0].blocks().any(|b| matches!(b, Block::List(l) if l.items.len() == 2)));
    assert_eq!(articles[1].title, "Moving Day");
}

const SINGLE: &str = "\
Measuring Cold Starts

Serverless functions pay a price on their first call, and the price depends on the runtime.

    fn main() {
        println!(\"hello\");
    }

Results

Runtime\tCold (ms)\tWarm (ms)
Rust\t21\t1
Node\t180\t3

– the first run downloads the image
– later runs reuse it

1. build the image
2. deploy it
";

#[test]
fn single_article_with_code_table_and_lists() {
    let d = doc("untitled.txt", SINGLE);
    let articles = readable(&d);
    assert_eq!(articles.len(), 1);
    let a = articles[0];
    assert_eq!(a.title, "Measuring Cold Starts");
    assert_eq!(headings(a), ["Results"]);
    let blocks: Vec<&Block> = a.blocks().collect();
    assert!(blocks.iter().any(
        |b| matches!(b, Block::Code { text, .. } if text.starts_with("fn main() {\n    println!"))
    ));
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, Block::Table(t) if t.rows.len() == 3 && t.rows[0].len() == 3))
    );
    let lists: Vec<_> =
        blocks.iter().filter_map(|b| if let Block::List(l) = b { Some(l) } else { None }).collect();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[1].start, Some(1));
}

#[test]
fn untitled_prose_takes_its_title_from_the_first_sentence() {
    let d =
        doc("untitled-3.txt", "Plain text ages well. It outlives the programs that wrote it.\n");
    assert_eq!(readable(&d)[0].title, "Plain text ages well");
    let d = doc("notes-on-rust.txt", "It begins mid-thought, with no title line at all.\n");
    assert_eq!(readable(&d)[0].title, "Notes On Rust");
}

#[test]
fn nothing_is_lost_between_articles() {
    let d = doc("weekly.txt", DIGEST);
    let all: String = d.articles.iter().map(article_text).collect::<Vec<_>>().join("\n");
    for needle in ["Dropping a future", "Share this post", "sampling profiler"] {
        assert!(all.contains(needle), "{needle:?} was dropped");
    }
}

#[test]
fn hostile_shapes_load() {
    let ladder: String = (0..2000).map(|i| format!("{}- item {i}\n", " ".repeat(i))).collect();
    let d = doc("ladder.txt", &ladder);
    assert!(article_text(readable(&d)[0]).contains("item 1999"));
    let repeats = "Same Line\n".repeat(30_000);
    let d = doc("repeats.txt", &repeats);
    assert!(!d.articles.is_empty());
}

const PDF_EMAG: &str = "\
Designing for Failure

by Ana Ruiz

Distributed systems fail in partial ways, and the designs that survive them
assume that any call can time out. We start with

12 | THE ARCHITECT'S EMAG

the network, because it is where most surprises come from.

Retries Need Budgets

A retry without a budget turns a slow dependency into an outage for every
caller, which is why each service gets a fixed share of

13 | THE ARCHITECT'S EMAG

extra calls per minute and no more.

Measuring It

Count the retries as well as the failures.

14 | THE ARCHITECT'S EMAG
";

#[test]
fn running_heads_are_lifted_out_of_split_sentences() {
    let d = doc("architects-emag.txt", PDF_EMAG);
    let articles = readable(&d);
    assert_eq!(articles.len(), 1);
    let a = articles[0];
    assert_eq!(a.title, "Designing for Failure");
    assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(headings(a), ["Retries Need Budgets", "Measuring It"]);
    let text = article_text(a);
    assert!(!text.contains("ARCHITECT'S EMAG"), "{text}");
    assert!(text.contains("We start with the network, because"), "{text}");
    assert!(text.contains("a fixed share of extra calls per minute"), "{text}");
    let kept = d.articles.iter().filter(|s| article_text(s).contains("ARCHITECT'S EMAG")).count();
    assert!(kept >= 1, "running heads are kept as boilerplate, not dropped");
}

const DIGEST_WITH_SPONSOR: &str = "\
Why Queues Back Up
By Lena Park

Queues back up when arrivals outpace service for longer than the buffer can hide it.

Measure the arrival rate before tuning anything.

SPONSORED

Acme Metrics: dashboards in five minutes. Start your free trial today.

Try it free at the Acme site.

Rust 2.0 Is Not Coming
By Omar Haddad

The language team keeps its promise of stability without a second edition of the compiler.
";

#[test]
fn a_labelled_sponsor_block_is_an_ad_even_once() {
    let d = doc("weekly-digest.txt", DIGEST_WITH_SPONSOR);
    let articles = readable(&d);
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Why Queues Back Up", "Rust 2.0 Is Not Coming"]);
    assert!(!article_text(articles[0]).contains("Acme"), "the ad leaked into the article");
    let ads: Vec<&Article> = d.articles.iter().filter(|a| a.kind == ArticleKind::Ad).collect();
    assert_eq!(ads.len(), 1);
    assert!(article_text(ads[0]).contains("Try it free"));
}
