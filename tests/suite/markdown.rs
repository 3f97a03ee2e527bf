#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Markdown loader through the public `load` entry point.

use quire::model::document::{Article, ArticleKind, Block, Document, Format, Inline, Section};
use quire::model::loader::{self, markdown};
use quire::model::text::{article_text, block_text};

fn load(text: &str) -> Document {
    loader::load("issue.md", text.as_bytes()).expect("markdown always loads")
}

fn all_blocks(doc: &Document) -> Vec<&Block> {
    doc.articles.iter().flat_map(Article::blocks).collect()
}

#[test]
fn yaml_front_matter_supplies_metadata() {
    let doc = load(
        "---\ntitle: \"Issue 7: Terminals\"\nauthors:\n  - Ann\n  - Bo\ndate: 2024-06-01\n\
         canonical_url: https://e.test/7\n---\n\n# Issue 7: Terminals\n\nHello.\n",
    );
    assert_eq!(doc.format, Format::Markdown);
    assert_eq!(doc.title, "Issue 7: Terminals");
    let a = &doc.articles[0];
    assert_eq!(a.author.as_deref(), Some("Ann, Bo"));
    assert_eq!(a.date.as_deref(), Some("2024-06-01"));
    assert_eq!(a.source.as_deref(), Some("https://e.test/7"));
    assert_eq!(article_text(a), "Hello.");
}

#[test]
fn toml_front_matter_supplies_metadata() {
    let doc = load("+++\ntitle = \"Toml\"\nauthor = \"Cy\"\nsource = \"zine\"\n+++\nBody text.\n");
    assert_eq!(doc.title, "Toml");
    let a = &doc.articles[0];
    let meta = (a.title.as_str(), a.author.as_deref(), a.source.as_deref());
    assert_eq!(meta, ("Toml", Some("Cy"), Some("zine")));
}

#[test]
fn malformed_front_matter_never_fails_the_load() {
    let doc = load("+++\nthis is = = not toml\n+++\nStill here.\n");
    assert_eq!(article_text(&doc.articles[0]), "Still here.");
    let doc = load("---\n: : :\n---\nText\n");
    assert!(article_text(&doc.articles[0]).contains("Text"));
}

#[test]
fn several_h1s_make_several_articles_after_a_front_matter_segment() {
    let doc = load(
        "---\ntitle: Zine\nauthor: Eds\n---\nMasthead.\n\n# One\n\n*By Jo Park*\n\nFirst.\n\n# Two\n\nSecond.\n",
    );
    assert_eq!(doc.title, "Zine");
    let summary: Vec<_> =
        doc.articles.iter().map(|a| (a.kind, a.title.as_str(), a.author.as_deref())).collect();
    assert_eq!(
        summary,
        [
            (ArticleKind::FrontMatter, "Zine", Some("Eds")),
            (ArticleKind::Article, "One", Some("Jo Park")),
            (ArticleKind::Article, "Two", Some("Eds")),
        ]
    );
    assert_eq!(article_text(&doc.articles[1]), "First.");
    assert_eq!(doc.readable().count(), 2);
    assert_ne!(doc.articles[1].id, doc.articles[2].id);
}

#[test]
fn one_h1_with_sections_and_levels() {
    let doc = load(
        "# Guide\n\nBy Jane Doe\n\nLead.\n\n## Setup\n\nA.\n\n### Details\n\nB.\n\n## Use\n\nC.\n",
    );
    assert_eq!(doc.articles.len(), 1);
    let a = &doc.articles[0];
    assert_eq!((a.title.as_str(), a.author.as_deref()), ("Guide", Some("Jane Doe")));
    let heads: Vec<_> = a.sections.iter().map(|s| (s.heading.as_deref(), s.level)).collect();
    assert_eq!(heads, [(None, 2), (Some("Setup"), 2), (Some("Details"), 3), (Some("Use"), 2)]);
    assert_eq!(article_text(a), "Lead.\n\nSetup\n\nA.\n\nDetails\n\nB.\n\nUse\n\nC.");
}

#[test]
fn gfm_tables_tasks_footnotes_and_strikethrough() {
    let doc = load(
        "| k | v |\n|---|--:|\n| a | 1 |\n\n- [ ] open\n- [x] shut\n\nOld ~~new~~.[^n]\n\n[^n]: A note.\n",
    );
    let blocks = all_blocks(&doc);
    assert!(matches!(blocks[0], Block::Table(t) if t.has_header && t.rows.len() == 2));
    let Block::List(list) = blocks[1] else { panic!("{blocks:?}") };
    assert_eq!(list.items.iter().map(|i| i.task).collect::<Vec<_>>(), [Some(false), Some(true)]);
    let Block::Paragraph(p) = blocks[2] else { panic!("{blocks:?}") };
    assert!(p.contains(&Inline::Strike(vec![Inline::text("new")])));
    assert!(p.contains(&Inline::FootnoteRef("n".into())));
    assert_eq!(block_text(blocks[3]), "[n] A note.");
}

#[test]
fn code_language_images_and_raw_html() {
    let doc = load(
        "```python title=x\nprint(1)\n```\n\n![Diagram of a pipe](p.svg)\n\n\
         <table><tr><td>a&lt;b</td></tr></table>\n",
    );
    let blocks = all_blocks(&doc);
    assert_eq!(blocks[0], &Block::Code { lang: Some("python".into()), text: "print(1)".into() });
    assert_eq!(block_text(blocks[1]), "[image: Diagram of a pipe]");
    assert_eq!(block_text(blocks[2]), "a<b");
}

#[test]
fn empty_input_loads_with_a_warning() {
    let doc = load("");
    assert_eq!(doc.title, "Issue");
    assert!(doc.articles.is_empty());
    assert!(!doc.warnings.is_empty());
}

/// Loads hostile text and walks the result the ways that recurse per
/// nesting level: canonical text, clone, comparison and drop.
fn assert_loads_with(text: &str, needle: &str) {
    let doc = load(text);
    let all: String = doc.articles.iter().map(article_text).collect();
    assert!(all.contains(needle), "lost {needle:?}");
    let copy: Vec<Vec<Section>> = doc.articles.iter().map(|a| a.sections.clone()).collect();
    let again: Vec<Vec<Section>> = doc.articles.iter().map(|a| a.sections.clone()).collect();
    assert_eq!(copy, again);
    drop(copy);
}

#[test]
fn five_thousand_nested_quotes_load() {
    assert_loads_with(&format!("{} bottom\n", ">".repeat(5000)), "bottom");
    // One level per line makes the input quadratic in size, so fewer levels
    // (still far past the cap) keep the test quick.
    let lines: String = (1..=1500).map(|i| format!("{} line{i}\n", ">".repeat(i))).collect();
    assert_loads_with(&lines, "line1500");
}

#[test]
fn five_thousand_nested_list_items_load() {
    assert_loads_with(&format!("{}leaf\n", "- ".repeat(5000)), "leaf");
    assert_loads_with(&format!("{}leaf\n", "1. ".repeat(5000)), "leaf");
    assert_loads_with(&format!("{}leaf\n", "> - ".repeat(2500)), "leaf");
    let ladder: String = (0..1500).map(|i| format!("{}- item{i}\n", "  ".repeat(i))).collect();
    assert_loads_with(&ladder, "item1499");
}

#[test]
fn deeply_nested_inline_markup_loads() {
    let stars = "*".repeat(5000);
    assert_loads_with(&format!("{stars}core{stars}\n"), "core");
    let links = format!("{}core{}\n", "[".repeat(5000), "](u)".repeat(5000));
    assert_loads_with(&links, "core");
    let mixed = format!("{}core{}\n", "**_~~".repeat(1000), "~~_**".repeat(1000));
    assert_loads_with(&mixed, "core");
}

#[test]
fn depth_caps_are_modest() {
    assert!((8..=64).contains(&markdown::MAX_DEPTH));
    assert!((8..=64).contains(&markdown::MAX_INLINE_DEPTH));
}
