//! HTML loader: web pages, HTML email, and the HTML inside EPUBs and feeds
//! all go through one pipeline into the document model.
//!
//! - `charset`: bytes → text, honouring a BOM or `<meta charset>`.
//! - `content`: where the reading is, and what is furniture.
//! - `convert`: DOM → headings and blocks, depth-capped.
//! - `meta`: title, author, date and address.
//! - `dom`, `sink`: the tree html5ever's tree builder builds, light and flat.
//! - `tokens` (with `references`, `doctype`): its tokens, read quickly
//!   where the markup is ordinary; `guard`: nesting bounded.
//!
//! The parser is html5ever, a real HTML5 parser: entities, implied end
//! tags and broken markup are resolved as a browser would.

pub mod charset;
mod content;
mod convert;
mod doctype;
mod dom;
mod guard;
pub mod meta;
mod references;
mod sink;
#[cfg(test)]
mod tests;
mod tokens;
mod whitespace;

use self::dom::{Dom, NodeRef};

use self::content::Page;
use super::Segmented;
use super::markdown::byline;
use crate::model::document::{Article, ArticleKind, Block, Section};
pub use crate::model::loader::Meta;

/// A heading, or a block of reading.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Heading { level: u8, text: String },
    Block(Block),
}

/// Parses a web page or HTML email: the reading is found, furniture
/// dropped, and one article made per `<article>` or digest entry.
pub fn parse_page(text: &str, fallback: &str) -> Segmented {
    let dom = parse(text);
    let root = dom.root();
    let page = Page::measure(root);
    let (meta, plain_title) = meta::page_meta(root);
    let roots = page.reading_roots();
    let fallback = plain_title.clone().unwrap_or_else(|| fallback.to_string());
    let articles = if roots.len() >= 2 {
        let page_wide = Meta { title: None, ..meta.clone() };
        let mut articles = Vec::new();
        for root in roots {
            let own = meta::article_meta(root).or(&page_wide);
            articles.extend(articles_of(convert::pieces(root, &page.furniture), &own, &fallback));
        }
        articles
    } else {
        let root = roots.first().copied().unwrap_or(root);
        let own = meta.clone().or(&meta::article_meta(root));
        articles_of(convert::pieces(root, &page.furniture), &own, &fallback)
    };
    let title = match (&meta.title, articles.as_slice()) {
        (Some(title), _) => title.clone(),
        (None, [only]) => only.title.clone(),
        (None, _) => fallback,
    };
    Segmented { title, articles }
}

/// The pieces of an HTML fragment or a book's chapter: the whole body is
/// the reading (a chapter has no site around it); hidden and navigation
/// elements are still dropped.
pub fn fragment_pieces(text: &str) -> Vec<Piece> {
    let dom = parse(text);
    let root = dom.root();
    let page = Page::measure(root);
    let body = root.descendants().find(|n| is_named(*n, "body")).unwrap_or(root);
    convert::pieces(body, &page.furniture)
}

/// The text of an HTML fragment on one line (a title written as HTML).
pub fn plain_text(fragment: &str) -> String {
    let dom = sink::fragment(&guard::flatten_deep(fragment));
    convert::one_line(&convert::text_of(dom.root()))
}

/// The pieces as one article; see [`single`].
pub fn article_of(pieces: Vec<Piece>, meta: &Meta, fallback: &str) -> Option<Article> {
    single(pieces, meta, fallback)
}

/// Parses a document, its nesting bounded (see [`guard`]).
fn parse(text: &str) -> Dom {
    sink::document(text)
}

fn is_named(node: NodeRef<'_>, name: &str) -> bool {
    node.value().as_element().is_some_and(|e| e.name() == name)
}

/// One article, or several when the pieces repeat a digest's shape: a
/// heading directly followed by a byline, at least twice.
pub fn articles_of(mut pieces: Vec<Piece>, meta: &Meta, fallback: &str) -> Vec<Article> {
    let starts: Vec<usize> = (0..pieces.len())
        .filter(|&i| matches!(pieces[i], Piece::Heading { level, .. } if level <= 3))
        .filter(|&i| byline_at(&pieces, i + 1).is_some())
        .collect();
    if starts.len() < 2 {
        return single(pieces, meta, fallback).into_iter().collect();
    }
    // Cut from the end, so that the earlier indices stay valid.
    let mut entries: Vec<Vec<Piece>> =
        starts.iter().rev().map(|&at| pieces.split_off(at)).collect();
    entries.reverse();
    let mut articles = Vec::new();
    if !pieces.is_empty() {
        let title = meta.title.clone().unwrap_or_else(|| fallback.to_string());
        articles.push(Article::new(title, ArticleKind::FrontMatter, sections(pieces)));
    }
    articles.extend(entries.into_iter().map(|entry_pieces| entry(entry_pieces, meta)));
    articles
}

/// A digest entry: heading, byline, body; page-wide date and address.
fn entry(mut pieces: Vec<Piece>, meta: &Meta) -> Article {
    let title = match pieces.first() {
        Some(Piece::Heading { text, .. }) => text.clone(),
        _ => String::new(),
    };
    if !title.is_empty() {
        pieces.remove(0);
    }
    let author = byline_at(&pieces, 0);
    if author.is_some() {
        pieces.remove(0);
    }
    let mut article = Article::new(title, ArticleKind::Article, sections(pieces));
    article.author = author;
    article.date = meta.date.clone();
    article.source = meta.source.clone();
    article
}

fn byline_at(pieces: &[Piece], at: usize) -> Option<String> {
    match pieces.get(at) {
        Some(Piece::Block(Block::Paragraph(inlines))) => byline::credit(inlines)?.author,
        _ => None,
    }
}

/// The pieces as one article. The first top heading is its title unless
/// `meta` names one; a byline under it names the author.
fn single(mut pieces: Vec<Piece>, meta: &Meta, fallback: &str) -> Option<Article> {
    let top = pieces.iter().filter_map(level).min();
    let mut heading_title = None;
    let mut byline = None;
    if let Some(at) = pieces.iter().position(|p| level(p) == top)
        && top.is_some_and(|l| l <= 2)
        && let Piece::Heading { text, .. } = pieces.remove(at)
    {
        byline = byline_at(&pieces, at);
        if byline.is_some() {
            pieces.remove(at);
        }
        match &meta.title {
            // The page names another title: the heading stays a heading.
            Some(title) if !same_title(title, &text) => {
                pieces.insert(at, Piece::Heading { level: 2, text });
            }
            // The heading is the title without the site's name.
            _ => heading_title = Some(text),
        }
    }
    if pieces.is_empty() && heading_title.is_none() {
        return None;
    }
    let title =
        heading_title.or_else(|| meta.title.clone()).unwrap_or_else(|| fallback.to_string());
    let mut article = Article::new(title, ArticleKind::Article, sections(pieces));
    article.author = meta.author.clone().or(byline);
    article.date = meta.date.clone();
    article.source = meta.source.clone();
    Some(article)
}

fn level(piece: &Piece) -> Option<u8> {
    match piece {
        Piece::Heading { level, .. } => Some(*level),
        Piece::Block(_) => None,
    }
}

/// Titles compared as a reader would: case and spacing aside, and a site
/// name after the title (`Post | Site`) ignored.
fn same_title(page: &str, heading: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let (page, heading) = (norm(page), norm(heading));
    page == heading || page.starts_with(&heading)
}

/// Headings start sections; blocks before the first form a headingless
/// first section.
pub fn sections(pieces: Vec<Piece>) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut current = Section { heading: None, level: 2, blocks: Vec::new() };
    for piece in pieces {
        match piece {
            Piece::Heading { level, text } => {
                let done = std::mem::replace(
                    &mut current,
                    Section { heading: Some(text), level: level.max(2), blocks: Vec::new() },
                );
                if done.heading.is_some() || !done.blocks.is_empty() {
                    sections.push(done);
                }
            }
            Piece::Block(block) => current.blocks.push(block),
        }
    }
    if current.heading.is_some() || !current.blocks.is_empty() {
        sections.push(current);
    }
    sections
}

/// The entries of an EPUB 3 navigation document's table of contents, as
/// (href, label) in reading order: the `nav` typed `toc`, else the first.
pub fn nav_entries(text: &str) -> Vec<(String, String)> {
    let dom = parse(text);
    let navs: Vec<_> = dom.root().descendants().filter(|n| is_named(*n, "nav")).collect();
    let typed = |n: &NodeRef<'_>| {
        n.value().as_element().is_some_and(|e| {
            e.attrs().any(|(k, v)| k.ends_with("type") && v.split_whitespace().any(|w| w == "toc"))
                || e.attr("role") == Some("doc-toc")
        })
    };
    let Some(nav) = navs.iter().find(|n| typed(n)).or(navs.first()) else { return Vec::new() };
    nav.descendants()
        .filter(|n| is_named(*n, "a"))
        .filter_map(|a| {
            let href = a.value().as_element()?.attr("href")?.to_string();
            let label = convert::one_line(&convert::text_of(a));
            (!label.is_empty()).then_some((href, label))
        })
        .collect()
}
