#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Markdown house styles, each in small original samples: digests whose
//! articles sit at `#`, `##` or `###`, with and without a stray heading;
//! YAML, TOML and `Key: value` metadata; credit lines in several forms; a
//! German digest; and a single post that must stay one article. Property
//! tests generate digests and check the outline follows their shape.

use proptest::prelude::*;
use quire::model::document::{Article, ArticleKind, Document};
use quire::model::loader;
use quire::model::text::article_text;

fn load(text: &str) -> Document {
    loader::load("sample.md", text.as_bytes()).expect("markdown always loads")
}

/// (title, author, date) of each readable article.
fn outline(doc: &Document) -> Vec<(String, Option<String>, Option<String>)> {
    doc.readable().map(|a| (a.title.clone(), a.author.clone(), a.date.clone())).collect()
}

fn headings(article: &Article) -> Vec<&str> {
    article.sections.iter().filter_map(|s| s.heading.as_deref()).collect()
}

fn row(
    title: &str,
    author: Option<&str>,
    date: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (title.to_string(), author.map(str::to_string), date.map(str::to_string))
}

const H1_DIGEST_YAML: &str = "---
title: The Lighthouse Letter
date: 2024-06-01
---

# Rope Bridges Over Old Code

*By Tamsin Achebe*

When a module is too risky to rewrite, we build a narrow bridge over it: one well-tested entry point that the rest of the system is allowed to call.

# A Calendar for Flaky Tests

*By Oskar Lindahl, March 4, 2024*

We keep a calendar of every flaky test, one square per failure, and the pattern told us more than any log.
";

#[test]
fn h1_digest_with_yaml_and_bylines() {
    let doc = load(H1_DIGEST_YAML);
    assert_eq!(doc.title, "The Lighthouse Letter");
    assert_eq!(
        outline(&doc),
        [
            row("Rope Bridges Over Old Code", Some("Tamsin Achebe"), Some("2024-06-01")),
            row("A Calendar for Flaky Tests", Some("Oskar Lindahl"), Some("March 4, 2024")),
        ]
    );
    assert!(!doc.readable().any(|a| article_text(a).contains("By ")));
}

const H2_DIGEST_PELICAN_STRAY: &str = "Title: Harbour Ops Weekly
Date: 2023-10-17
Category: ops
Authors: Mira Castell

Welcome back. This week the harbour team rebuilt its alerting, argued about queues and found a bug that had been sleeping for four years in the billing path.

## Alerts Nobody Reads {#alerts}

_Contributed by Petra Novak_

We counted the alerts that fired last quarter and the ones anyone acted on. The second number was a tenth of the first.

# Further Reading

- A long essay on alert fatigue and the humans at the end of the pager.

## The Queue Argument

_Contributed by Dario Feld_

Two teams wanted two queues. We ended up with one queue and two consumers, and both teams claim they won.

## A Four-Year-Old Bug

_Contributed by Ines Walraven_

The rounding error only showed on invoices with exactly three line items in two currencies, which is why it slept so long.
";

#[test]
fn h2_digest_with_pelican_metadata_and_a_stray_h1() {
    let doc = load(H2_DIGEST_PELICAN_STRAY);
    assert_eq!(doc.title, "Harbour Ops Weekly");
    let got = outline(&doc);
    let titles: Vec<_> = got.iter().map(|(t, a, _)| (t.as_str(), a.as_deref())).collect();
    assert_eq!(
        titles,
        [
            ("Alerts Nobody Reads", Some("Petra Novak")),
            ("The Queue Argument", Some("Dario Feld")),
            ("A Four-Year-Old Bug", Some("Ines Walraven")),
        ]
    );
    let first = doc.readable().next().unwrap();
    // The stray heading is a section of the article it falls in.
    assert_eq!(headings(first), ["Further Reading"]);
    // The welcome is the first article's lead, and metadata is never text.
    let text = article_text(first);
    assert!(text.starts_with("Welcome back."), "{text}");
    let all: String = doc.articles.iter().map(article_text).collect();
    for hidden in ["Category:", "Authors:", "{#"] {
        assert!(!all.contains(hidden), "{hidden} in {all}");
    }
    assert_eq!(doc.articles.len(), 3);
}

const H3_DIGEST_TOML_RULES: &str = "+++
title = \"Kiln Notes\"
author = \"The Kiln Editors\"
date = 2022-02-14
+++

# Kiln Notes, Winter

### Glazes That Crawl

— Abebe Tesfaye · 12 March 2022

A glaze crawls when it pulls away from the clay body during firing.

#### Why it happens

Dust, oil from fingers, or a glaze applied too thick.

---

### Firing Logs on Paper

A paper log survives a power cut, a dead tablet and a spilled mug of tea.

---

### Kiln Wash Recipes

— Lena Brauer

Equal parts alumina hydrate and kaolin, mixed with water to the thickness of cream.
";

#[test]
fn h3_digest_with_toml_a_title_heading_and_breaks() {
    let doc = load(H3_DIGEST_TOML_RULES);
    assert_eq!(doc.title, "Kiln Notes");
    assert_eq!(
        outline(&doc),
        [
            row("Glazes That Crawl", Some("Abebe Tesfaye"), Some("12 March 2022")),
            row("Firing Logs on Paper", Some("The Kiln Editors"), Some("2022-02-14")),
            row("Kiln Wash Recipes", Some("Lena Brauer"), Some("2022-02-14")),
        ]
    );
    let first = doc.readable().next().unwrap();
    assert_eq!(headings(first), ["Why it happens"]);
    assert_eq!(first.sections[1].level, 2);
}

const GERMAN_DIGEST: &str = "---
title: Werkstattbrief 9
---

## Schneller bauen mit Zwischenspeichern

_Geschrieben von Jana Becker · 2025-01-20_

Ein Zwischenspeicher für Abhängigkeiten hat unsere Bauzeit halbiert, aber nur, nachdem wir die Schlüssel richtig gewählt hatten.

## Warum unsere Tests nachts scheitern

_Von Jörg Weiß_

Um Mitternacht wechselt das Datum, und drei Tests rechneten mit dem Tag, an dem sie begonnen hatten.
";

#[test]
fn a_german_digest_reads_its_bylines() {
    let doc = load(GERMAN_DIGEST);
    assert_eq!(
        outline(&doc),
        [
            row("Schneller bauen mit Zwischenspeichern", Some("Jana Becker"), Some("2025-01-20")),
            row("Warum unsere Tests nachts scheitern", Some("Jörg Weiß"), None),
        ]
    );
}

const MMD_POST_NEAR_MISS: &str = "Title: Moving a Database Without Downtime
Author: Kofi Mensah
Date: March 3, 2023

We moved our main database to new hardware last spring without a maintenance window. This is how, and what we would do differently next time, starting with the part that took longest: convincing ourselves that the copy was really complete.

## Copying

We copied the data with logical replication and let it catch up for a week.

## Switching over {.note}

The switch itself took eleven seconds of read-only mode.

### What went wrong

One sequence was not copied, and the first insert after the switch failed.

## Afterwards

We now check sequences in the same script that checks row counts.
";

#[test]
fn a_single_post_with_sections_stays_one_article() {
    let doc = load(MMD_POST_NEAR_MISS);
    assert_eq!(
        outline(&doc),
        [row("Moving a Database Without Downtime", Some("Kofi Mensah"), Some("March 3, 2023"))]
    );
    let a = &doc.articles[0];
    assert_eq!(headings(a), ["Copying", "Switching over", "What went wrong", "Afterwards"]);
    assert!(article_text(a).starts_with("We moved our main database"));
    // The same post with `#` sections is still one post: it has a lead.
    let h1s = MMD_POST_NEAR_MISS.replace("\n## ", "\n# ").replace("\n### ", "\n## ");
    assert_eq!(load(&h1s).readable().count(), 1);
}

#[test]
fn credit_lines_in_other_orders_and_places() {
    let md = "## First Piece\n\n2024-05-06\n\n*By Hana Sato*\n\nBody one is here.\n\n\
              ## Second Piece\n\n**Posted by Luca Ferri on May 7, 2024**\n\nBody two.\n\n\
              ## Third Piece\n\nNo credit here, just the body.\n";
    let doc = load(md);
    assert_eq!(
        outline(&doc),
        [
            row("First Piece", Some("Hana Sato"), Some("2024-05-06")),
            row("Second Piece", Some("Luca Ferri"), Some("May 7, 2024")),
            row("Third Piece", None, None),
        ]
    );
    assert_eq!(article_text(&doc.articles[0]), "Body one is here.");
}

#[test]
fn signed_pieces_take_their_author_from_the_closing_line() {
    let md = "### Tea in the Server Room\n\nWe keep a kettle by the rack, which the auditors dislike.\n\n\
              — Odile Varga\n\n### Cable Colours\n\nBlue for data, red for power, and nobody agrees on yellow.\n\n\
              — Sam Ortiz, 2 June 2024\n\n### Labels\n\nEvery label is printed, never handwritten.\n";
    let doc = load(md);
    assert_eq!(
        outline(&doc),
        [
            row("Tea in the Server Room", Some("Odile Varga"), None),
            row("Cable Colours", Some("Sam Ortiz"), Some("2 June 2024")),
            row("Labels", None, None),
        ]
    );
    assert!(!article_text(&doc.articles[0]).contains("Varga"));
}

#[test]
fn a_short_masthead_is_front_matter_but_a_lead_is_read() {
    let md =
        |pre: &str| format!("{pre}\n\n# One\n\n*By Ann Lee*\n\nA.\n\n# Two\n\n*By Bo Kim*\n\nB.\n");
    let masthead = load(&md("Issue 4 · Autumn"));
    assert_eq!(masthead.articles[0].kind, ArticleKind::FrontMatter);
    assert_eq!(masthead.readable().count(), 2);
    let lead = "This issue is about small tools that last, and the people who keep them sharp.";
    let doc = load(&md(lead));
    assert_eq!(doc.articles.len(), 2);
    assert!(article_text(&doc.articles[0]).starts_with("This issue is about"));
}

// ---- generated digests -------------------------------------------------

const NAMES: &[&str] =
    &["Ada Brook", "Kai Moreno", "Lu Chen", "Noor Vale", "Ines Ward", "Tomas Riel", "Zoe Park"];
const WORDS: &[&str] = &[
    "queue", "budget", "cache", "prompt", "kernel", "ledger", "review", "pager", "shell", "index",
];

/// A credit line for `name` in one of several house styles.
fn credit_line(style: usize, name: &str) -> String {
    match style % 5 {
        0 => format!("*By {name}*"),
        1 => format!("_Contributed by {name}_"),
        2 => format!("— {name}"),
        3 => format!("By {name}"),
        _ => format!("*Written by {name} · 4 Mar 2025*"),
    }
}

/// One generated article: title, author, body words and a credit style.
#[derive(Debug, Clone)]
struct Piece {
    title: String,
    author: String,
    style: usize,
    body: Vec<usize>,
}

fn piece() -> impl Strategy<Value = Piece> {
    (
        0..WORDS.len(),
        0..WORDS.len(),
        0..NAMES.len(),
        0..5usize,
        prop::collection::vec(0..WORDS.len(), 25..60),
    )
        .prop_map(|(a, b, n, style, body)| Piece {
            title: format!("Notes on the {} and the {}", WORDS[a], WORDS[b]),
            author: NAMES[n].to_string(),
            style,
            body,
        })
}

/// The digest as Markdown, articles at `level`; a stray heading of level
/// `stray_level` goes into the article at `stray_in`.
fn render(pieces: &[Piece], level: usize, stray: Option<(usize, usize)>) -> String {
    let mut out = String::from("Title: Generated Digest\nDate: 2025-03-01\n\n");
    for (i, p) in pieces.iter().enumerate() {
        let body: Vec<&str> = p.body.iter().map(|&w| WORDS[w]).collect();
        out += &format!("{} {} {{#a{i}}}\n\n", "#".repeat(level), p.title);
        out += &format!("{}\n\nThe {}.\n\n", credit_line(p.style, &p.author), body.join(" "));
        if let Some((stray_level, at)) = stray
            && at == i
        {
            out += &format!(
                "{} Stray Aside\n\nA few more {} words.\n\n",
                "#".repeat(stray_level),
                body[0]
            );
        }
    }
    out
}

fn expected(pieces: &[Piece]) -> Vec<(String, Option<String>)> {
    pieces.iter().map(|p| (p.title.clone(), Some(p.author.clone()))).collect()
}

fn titles_and_authors(doc: &Document) -> Vec<(String, Option<String>)> {
    doc.readable().map(|a| (a.title.clone(), a.author.clone())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_outline_follows_the_articles_at_any_level(
        pieces in prop::collection::vec(piece(), 2..7),
        level in 1usize..=3,
        seed in any::<u64>(),
    ) {
        let doc = load(&render(&pieces, level, None));
        prop_assert_eq!(&doc.title, "Generated Digest");
        prop_assert_eq!(titles_and_authors(&doc), expected(&pieces));
        // Nothing real is hidden: every body is read, in its own article.
        for (article, piece) in doc.readable().zip(&pieces) {
            let body: Vec<&str> = piece.body.iter().map(|&w| WORDS[w]).collect();
            let text = article_text(article);
            prop_assert!(text.contains(&body.join(" ")), "{} lacks its body", article.title);
        }
        // Shuffled, the outline follows the new order.
        let mut shuffled = pieces.clone();
        let n = shuffled.len();
        shuffled.rotate_left((seed as usize) % n);
        shuffled.swap(0, (seed as usize / 7) % n);
        let doc = load(&render(&shuffled, level, None));
        prop_assert_eq!(titles_and_authors(&doc), expected(&shuffled));
    }

    #[test]
    fn a_stray_heading_is_a_section_of_its_article(
        pieces in prop::collection::vec(piece(), 3..7),
        level in 2usize..=3,
        at in 0usize..6,
        shallower in any::<bool>(),
    ) {
        let at = at % pieces.len();
        let stray_level = if shallower { level - 1 } else { level + 1 };
        let doc = load(&render(&pieces, level, Some((stray_level, at))));
        prop_assert_eq!(titles_and_authors(&doc), expected(&pieces));
        let holder = doc.readable().nth(at).unwrap();
        prop_assert_eq!(headings(holder), vec!["Stray Aside"]);
    }
}

/// A line of a random Markdown file: headings of any level, credit-like
/// lines, breaks, metadata-like lines and numbered prose.
fn soup_line(kind: usize, n: usize) -> String {
    match kind % 7 {
        0 => format!("{} Heading {n} {{#h{n}}}", "#".repeat(1 + n % 6)),
        1 => format!("_By Name{n} Person_"),
        2 => format!("— Sig{n} Name"),
        3 => "---".to_string(),
        4 => format!("Title: Meta {n}"),
        5 => format!("*{} March {}*", 1 + n % 28, 2000 + n % 30),
        _ => format!("The body{n} paragraph runs on for a while so that it reads as prose."),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_mix_of_headings_and_credits_loses_no_prose(
        kinds in prop::collection::vec(0usize..7, 0..40),
    ) {
        let lines: Vec<String> = kinds.iter().enumerate().map(|(n, &k)| soup_line(k, n)).collect();
        let doc = load(&lines.join("\n\n"));
        let all: String = doc.articles.iter().map(article_text).collect::<Vec<_>>().join("\n");
        for (n, &kind) in kinds.iter().enumerate() {
            if kind % 7 == 6 {
                let body = format!("body{n} ");
                prop_assert!(all.contains(&body), "lost {}", body);
            }
        }
    }
}
