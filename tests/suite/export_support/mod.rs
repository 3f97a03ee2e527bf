//! Fixtures and Markdown parsing shared by the export tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod interchange;

use pulldown_cmark::{Event, Options, Parser, Tag};
use quire::export::{self, Format};
use quire::model::anchor::{Anchor, TextPosition, TextQuote, anchor_for};
use quire::model::highlight::Highlight;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, ContentId, Document, Inline, Section};

pub const EXPORTED: u64 = 1_714_564_800_000; // 2024-05-01T12:00:00Z

pub fn para(text: &str) -> Block {
    Block::Paragraph(Inline::text(text).into())
}

pub fn section(heading: Option<&str>, blocks: Vec<Block>) -> Section {
    Section { heading: heading.map(str::to_string), level: 2, blocks }
}

pub fn article(title: &str, author: Option<&str>, sections: Vec<Section>) -> Article {
    let mut article = Article::new(title.into(), ArticleKind::Article, sections);
    article.author = author.map(str::to_string);
    article
}

pub fn document(title: &str, articles: Vec<Article>) -> Document {
    Document {
        id: ContentId::of(&[title.as_bytes()]),
        origin: "emags/issue-7.md".into(),
        title: title.into(),
        format: quire::model::Format::Markdown,
        articles,
        warnings: Vec::new(),
    }
}

pub fn fixture() -> Document {
    let first = article(
        "Ownership, Explained",
        Some("Jane Doe"),
        vec![
            section(None, vec![para("Rust manages memory without a garbage collector.")]),
            section(
                Some("Moves"),
                vec![
                    para("Every value has exactly one owner at a time."),
                    para("When the owner goes out of scope, the value is dropped."),
                ],
            ),
            section(
                Some("Borrowing"),
                vec![para("References let you use a value without taking *ownership* of it.")],
            ),
        ],
    );
    let ad = Article::new(
        "Buy our conference tickets".into(),
        ArticleKind::Ad,
        vec![section(None, vec![para("Early bird prices end soon.")])],
    );
    let second = article(
        "Async in Practice",
        None,
        vec![section(None, vec![para("Futures do nothing unless they are polled.")])],
    );
    document("Rust Monthly: Issue #7", vec![first, ad, second])
}

/// A highlight on the first occurrence of `needle` in `article`.
pub fn highlight(
    id: &str,
    article: &Article,
    needle: &str,
    colour: &str,
    note: Option<&str>,
) -> Highlight {
    let text = article_text(article);
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    let start = text[..byte].chars().count();
    let end = start + needle.chars().count();
    Highlight {
        id: id.into(),
        article_id: article.id.to_string(),
        anchor: anchor_for(&text, start, end),
        colour: colour.into(),
        note: note.map(str::to_string),
        created: 1_700_000_000_000,
        updated: 1_700_000_000_000,
    }
}

pub fn detached(id: &str, article_id: &str, exact: &str) -> Highlight {
    Highlight {
        id: id.into(),
        article_id: article_id.into(),
        anchor: Anchor {
            quote: TextQuote { exact: exact.into(), prefix: String::new(), suffix: String::new() },
            position: TextPosition { start: 5, end: 5 + exact.chars().count() },
        },
        colour: "red".into(),
        note: Some("I wonder where this went.".into()),
        created: 1_700_000_000_000,
        updated: 1_700_000_000_000,
    }
}

/// Out of reading order on purpose.
pub fn fixture_highlights(doc: &Document) -> Vec<Highlight> {
    let (first, second) = (&doc.articles[0], &doc.articles[2]);
    vec![
        highlight("h4", second, "Futures do nothing", "yellow", None),
        highlight(
            "h3",
            first,
            "use a value without taking *ownership*",
            "Light Green",
            Some("Compare with C++ references.\n\nSee also: [[Borrowing]]."),
        ),
        detached("h9", "0123456789abcdef", "A paragraph the editors removed."),
        highlight("h1", first, "without a garbage collector", "yellow", None),
        highlight(
            "h2",
            first,
            "exactly one owner at a time.\n\nWhen the owner goes out of scope",
            "blue",
            Some("The key idea."),
        ),
        detached("h8", &first.id.to_string(), "A sentence rewritten beyond recognition."),
    ]
}

pub fn markdown(doc: &Document, highlights: &[Highlight], exported: u64) -> String {
    export::export(doc, highlights, Format::Markdown, exported)
}

/// Every pulldown-cmark extension except smart punctuation, which rewrites
/// quotes and dashes by design.
pub fn options() -> Options {
    Options::all() - Options::ENABLE_SMART_PUNCTUATION
}

#[derive(Debug, PartialEq)]
pub enum Kind {
    Quote,
    Para,
    Heading,
    Meta,
}

/// The top-level blocks and their text: Text events, hard breaks as `\n`,
/// paragraphs inside a blockquote separated by `\n\n`. Any other event
/// (emphasis, code, links, HTML, lists, nested quotes, rules, ...) means the
/// escaping let markup through, and is an error.
pub fn blocks(md: &str, opts: Options) -> Result<Vec<(Kind, String)>, String> {
    let mut out: Vec<(Kind, String)> = Vec::new();
    let mut depth = 0usize;
    let mut paras = 0;
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Start(tag) if depth == 0 => {
                let kind = match tag {
                    Tag::BlockQuote(None) => Kind::Quote,
                    Tag::Paragraph => Kind::Para,
                    Tag::Heading { .. } => Kind::Heading,
                    Tag::MetadataBlock(_) => Kind::Meta,
                    other => return Err(format!("unexpected block {other:?}")),
                };
                out.push((kind, String::new()));
                paras = 0;
                depth += 1;
            }
            Event::Start(Tag::Paragraph)
                if depth == 1 && out.last().is_some_and(|b| b.0 == Kind::Quote) =>
            {
                if paras > 0 {
                    out.last_mut().unwrap().1.push_str("\n\n");
                }
                paras += 1;
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => out.last_mut().unwrap().1.push_str(&t),
            Event::HardBreak => out.last_mut().unwrap().1.push('\n'),
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    Ok(out)
}

/// The quote and the note (empty if none) of the one highlight in `md`.
pub fn quote_and_note(md: &str, opts: Options) -> Result<(String, String), String> {
    // Plain CommonMark has no front matter: parse the body alone.
    let body = if opts.contains(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        md
    } else {
        md.split_once("\n---\n").ok_or("no front matter")?.1
    };
    let blocks = blocks(body, opts)?;
    let q = blocks.iter().position(|b| b.0 == Kind::Quote).ok_or("no blockquote")?;
    let rest = &blocks[q + 1..];
    if rest.is_empty() || rest.iter().any(|b| b.0 != Kind::Para) {
        return Err(format!("expected note and location paragraphs, got {rest:?}"));
    }
    let note: Vec<&str> = rest[..rest.len() - 1].iter().map(|b| b.1.as_str()).collect();
    Ok((blocks[q].1.clone(), note.join("\n\n")))
}
