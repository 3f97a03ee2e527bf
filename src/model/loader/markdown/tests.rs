//! Unit tests for the Markdown loader: one small input per rule.

use super::*;
use crate::model::document::{Align, List, ListItem};

fn blocks(md: &str) -> Vec<Block> {
    parse(md, "F").articles.into_iter().flat_map(|a| a.sections).flat_map(|s| s.blocks).collect()
}

fn para(text: &str) -> Block {
    Block::Paragraph(Inline::text(text).into())
}

#[test]
fn empty_input_has_no_articles() {
    let s = parse("", "Fallback");
    assert_eq!(s.title, "Fallback");
    assert!(s.articles.is_empty());
    assert!(parse(" \n\n<!-- only a comment -->\n", "F").articles.is_empty());
}

#[test]
fn single_h1_is_the_title_and_h2s_are_sections() {
    let s = parse("Intro\n\n# Title\n\n## One\n\na\n\n### Deeper\n\nb\n", "F");
    assert_eq!(s.title, "Title");
    let a = &s.articles[0];
    assert_eq!(a.title, "Title");
    let heads: Vec<_> = a.sections.iter().map(|s| (s.heading.as_deref(), s.level)).collect();
    assert_eq!(heads, [(None, 2), (Some("One"), 2), (Some("Deeper"), 3)]);
}

#[test]
fn without_h1_the_first_heading_or_fallback_titles() {
    assert_eq!(parse("## Only h2\n\ntext", "F").articles[0].title, "Only h2");
    assert_eq!(parse("just text", "F").articles[0].title, "F");
}

#[test]
fn front_matter_title_wins_and_a_different_h1_stays() {
    let s = parse("---\ntitle: Meta\n---\n# Other\n\ntext\n", "F");
    assert_eq!(s.title, "Meta");
    assert_eq!(s.articles[0].sections[0].heading.as_deref(), Some("Other"));
    let same = parse("---\ntitle: Meta\n---\n# meta\n\ntext\n", "F");
    assert_eq!(same.articles[0].sections[0].heading, None);
}

#[test]
fn several_h1s_are_several_articles() {
    let md = "---\nauthor: Ed\n---\nWelcome.\n\n# A\n\nBy Ann Lee\n\na\n\n# B\n\n## S\n\nb\n";
    let s = parse(md, "F");
    assert_eq!(s.title, "F");
    let kinds: Vec<_> = s.articles.iter().map(|a| (a.kind, a.title.as_str())).collect();
    assert_eq!(
        kinds,
        [(ArticleKind::FrontMatter, "F"), (ArticleKind::Article, "A"), (ArticleKind::Article, "B")]
    );
    assert_eq!(s.articles[1].author.as_deref(), Some("Ann Lee"));
    assert_eq!(s.articles[1].blocks().cloned().collect::<Vec<_>>(), [para("a")]);
    assert_eq!(s.articles[2].author.as_deref(), Some("Ed"));
}

#[test]
fn byline_after_the_h1_sets_the_author() {
    let s = parse("# T\n\n*by Jane Doe*\n\nBody.\n", "F");
    assert_eq!(s.articles[0].author.as_deref(), Some("Jane Doe"));
    assert_eq!(s.articles[0].blocks().count(), 1);
    let prose = parse("# T\n\nBy the way, hello.\n", "F");
    assert_eq!(prose.articles[0].author, None);
    assert_eq!(prose.articles[0].blocks().count(), 1);
}

#[test]
fn lists_keep_start_and_tasks() {
    let b = blocks("3. a\n4. b\n\n- [x] done\n- [ ] todo\n");
    let Block::List(List { start, items }) = &b[0] else { panic!("{b:?}") };
    assert_eq!((*start, items.len()), (Some(3), 2));
    let Block::List(List { start: None, items }) = &b[1] else { panic!("{b:?}") };
    let tasks: Vec<_> = items.iter().map(|i| i.task).collect();
    assert_eq!(tasks, [Some(true), Some(false)]);
    assert_eq!(items[0].blocks, [para("done")]);
}

#[test]
fn code_keeps_its_language() {
    let b = blocks("```rust,ignore\nfn main() {}\n```\n\n    indented\n");
    assert_eq!(b[0], Block::Code { lang: Some("rust".into()), text: "fn main() {}".into() });
    assert_eq!(b[1], Block::Code { lang: None, text: "indented".into() });
}

#[test]
fn tables_keep_alignment_and_header() {
    let b = blocks("| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | 3 |\n");
    let Block::Table(t) = &b[0] else { panic!("{b:?}") };
    assert_eq!(t.align, [Align::Left, Align::Center, Align::Right]);
    assert!(t.has_header);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1][1], [Inline::Emphasis(vec![Inline::text("2")])]);
}

#[test]
fn footnotes_strike_and_inline_markup() {
    let b = blocks("a~~b~~ `c` **d**[^1]\n\n[^1]: Note.\n");
    let inlines = vec![
        Inline::text("a"),
        Inline::Strike(vec![Inline::text("b")]),
        Inline::text(" "),
        Inline::Code("c".into()),
        Inline::text(" "),
        Inline::Strong(vec![Inline::text("d")]),
        Inline::FootnoteRef("1".into()),
    ];
    assert_eq!(b[0], Block::Paragraph(inlines.into()));
    assert_eq!(b[1], Block::Footnote { label: "1".into(), blocks: vec![para("Note.")] });
}

#[test]
fn links_images_and_breaks() {
    let b = blocks("[x](https://e.test) [y](#) ![a cat](c.png)\nsoft  \nhard <me@e.test>");
    let link =
        |text: &str, url: &str| Inline::Link { text: vec![Inline::text(text)], url: url.into() };
    let expected = vec![
        link("x", "https://e.test"),
        Inline::text(" y [image: a cat] soft"),
        Inline::Break,
        Inline::text("hard "),
        link("me@e.test", "mailto:me@e.test"),
    ];
    assert_eq!(b[0], Block::Paragraph(expected.into()));
}

#[test]
fn raw_html_degrades_to_text() {
    let b = blocks(
        "<div>\n<p>Hi &amp; <b>bye</b></p>\n</div>\n\nInline <span>x</span><!-- c --> y<br>z\n",
    );
    assert_eq!(b[0], para("Hi & bye"));
    assert_eq!(
        b[1],
        Block::Paragraph(vec![Inline::text("Inline x y"), Inline::Break, Inline::text("z")].into())
    );
}

#[test]
fn headings_in_containers_become_bold_paragraphs() {
    let b = blocks("> ## Quoted\n> text\n\n- # Listed\n");
    let bold = |t: &str| Block::Paragraph(vec![Inline::Strong(vec![Inline::text(t)])].into());
    assert_eq!(b[0], Block::Quote { blocks: vec![bold("Quoted"), para("text")], pull: false });
    let item = ListItem { task: None, blocks: vec![bold("Listed")] };
    assert_eq!(b[1], Block::List(List { start: None, items: vec![item] }));
}

#[test]
fn rules_and_nested_quotes() {
    let b = blocks("a\n\n---\n\n> > deep\n");
    assert_eq!(b[1], Block::Rule);
    let inner = Block::Quote { blocks: vec![para("deep")], pull: false };
    assert_eq!(b[2], Block::Quote { blocks: vec![inner], pull: false });
}

fn quote_depth(block: &Block) -> usize {
    let mut depth = 0;
    let mut current = block;
    while let Block::Quote { blocks, .. } = current {
        depth += 1;
        match blocks.first() {
            Some(next) => current = next,
            None => break,
        }
    }
    depth
}

#[test]
fn deep_nesting_is_capped_and_flattened() {
    let md = format!("{} deep\n", ">".repeat(5000));
    let b = blocks(&md);
    assert_eq!(quote_depth(&b[0]), MAX_DEPTH);
    let text = crate::model::text::block_text(&b[0]);
    assert_eq!(text, "deep");
}

#[test]
fn deep_lists_keep_their_items_text() {
    let md = format!("{}x\n\n- [x] after\n", "- ".repeat(5000));
    let s = parse(&md, "F");
    assert!(crate::model::text::article_text(&s.articles[0]).contains('x'));
    let last = s.articles[0].blocks().last().cloned();
    let Some(Block::List(list)) = last else { panic!("{last:?}") };
    let tasks: Vec<_> = list.items.iter().map(|i| i.task).collect();
    assert_eq!(tasks, [None, Some(true)]);
}

#[test]
fn escape_characters_from_entities_are_removed() {
    let b = blocks("a&#27;[2Jb `c\u{1b}d`");
    assert_eq!(
        b[0],
        Block::Paragraph(vec![Inline::text("a[2Jb "), Inline::Code("cd".into())].into())
    );
}

#[test]
fn heading_attributes_leave_the_heading_text() {
    let s =
        parse("# Guide {#top}\n\n## Part {#part .wide data-x=1}\n\nText {#not-a-heading}\n", "F");
    assert_eq!(s.title, "Guide");
    assert_eq!(s.articles[0].sections[0].heading.as_deref(), Some("Part"));
    // Only headings take attributes: a paragraph keeps its braces.
    assert_eq!(s.articles[0].sections[0].blocks, [para("Text {#not-a-heading}")]);
}

#[test]
fn an_h1_after_other_headings_is_a_section_not_the_title() {
    let s = parse("Lead.\n\n## One\n\na\n\n# Aside\n\nb\n\n## Two\n\nc\n", "F");
    assert_eq!(s.articles.len(), 1);
    assert_eq!(s.title, "One");
    let heads: Vec<_> = s.articles[0].sections.iter().map(|s| s.heading.as_deref()).collect();
    assert_eq!(heads, [None, Some("One"), Some("Aside"), Some("Two")]);
}

#[test]
fn articles_at_a_deeper_level_shift_their_sections_up() {
    let md = "## A\n\n*By Ann Lee*\n\na\n\n### A.1\n\nx\n\n#### A.1.1\n\ny\n\n## B\n\n*By Bo Kim*\n\nb\n";
    let s = parse(md, "F");
    let levels: Vec<_> = s.articles[0].sections.iter().map(|s| s.level).collect();
    assert_eq!(levels, [2, 2, 3]);
    assert_eq!(s.articles[1].author.as_deref(), Some("Bo Kim"));
}
