//! Markdown loader: CommonMark plus GFM tables, strikethrough, task lists
//! and footnotes (via pulldown-cmark), with YAML or TOML front matter.
//!
//! Structure comes from headings. Several H1s in one file mean several
//! articles (an eMag issue); otherwise the file is one article whose H2 and
//! deeper headings are its sections.
//!
//! - `frontmatter`: the metadata block at the start of the file.
//! - `blocks`: parser events → headings and blocks, depth-capped.
//! - `spans`: inline runs (emphasis, links, images as alt text).
//! - `html`: raw HTML degraded to text.
//! - `byline`: `By Jane Doe` lines under a title.

mod blocks;
pub(crate) mod byline;
mod frontmatter;
mod html;
mod spans;
#[cfg(test)]
mod tests;

use self::blocks::Piece;
use self::frontmatter::Meta;
use super::Segmented;
use crate::model::document::{Article, ArticleKind, Block, Inline, Section};
use crate::model::text::inline_text;

pub use self::blocks::MAX_DEPTH;
pub use self::spans::MAX_INLINE_DEPTH;

/// Parses a Markdown file into articles. Never fails: whatever the input,
/// the reader gets something to read.
pub fn parse(text: &str, fallback_title: &str) -> Segmented {
    let (meta, body) = frontmatter::split(text);
    let pieces = blocks::pieces(body);
    let h1s = pieces.iter().filter(|p| is_h1(p)).count();
    if h1s >= 2 {
        several(pieces, &meta, fallback_title)
    } else {
        single(pieces, &meta, fallback_title)
    }
}

/// Removes control characters that markup can reintroduce after decoding
/// (`&#27;` is an escape character), keeping newlines and tabs.
pub(crate) fn clean(text: &str) -> String {
    // Nearly all text has no control: one byte scan, then one copy. C1
    // controls are encoded C2 80..C2 9F, so a C2 byte sends the text the
    // slow way too.
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7f || *b == 0xc2;
    if !text.as_bytes().iter().any(suspect) {
        return text.to_string();
    }
    let keep = |c: &char| !c.is_control() || *c == '\n' || *c == '\t';
    text.chars().filter(keep).collect()
}

fn is_h1(piece: &Piece) -> bool {
    matches!(piece, Piece::Heading { level: 1, .. })
}

/// A heading's text on one line.
fn heading_text(inlines: &[Inline]) -> String {
    inline_text(inlines).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The whole file is one article. Its H1, if any, is the title (unless
/// front matter names a different one, when the H1 stays as a heading).
/// Front matter is the publisher's word, so its author beats a byline.
fn single(mut pieces: Vec<Piece>, meta: &Meta, fallback: &str) -> Segmented {
    let mut byline = None;
    let mut h1_title = None;
    if let Some(at) = pieces.iter().position(is_h1)
        && let Piece::Heading { inlines, .. } = pieces.remove(at)
    {
        byline = take_byline(&mut pieces, at);
        let text = heading_text(&inlines);
        if let Some(title) = &meta.title
            && !same_title(title, &text)
        {
            pieces.insert(at, Piece::Heading { level: 2, inlines });
        }
        h1_title = Some(text).filter(|t| !t.is_empty());
    }
    let first_heading = || {
        pieces.iter().find_map(|p| match p {
            Piece::Heading { inlines, .. } => Some(heading_text(inlines)).filter(|t| !t.is_empty()),
            Piece::Block(_) => None,
        })
    };
    let title = meta.title.clone().or_else(|| h1_title.clone()).or_else(first_heading);
    let doc_title = title.clone().unwrap_or_else(|| fallback.to_string());
    // Front matter alone is not something to read.
    if pieces.is_empty() && h1_title.is_none() {
        return Segmented { title: doc_title, articles: Vec::new() };
    }
    let mut article = Article::new(doc_title.clone(), ArticleKind::Article, sections(pieces));
    article.author = meta.author.clone().or(byline);
    article.date = meta.date.clone();
    article.source = meta.source.clone();
    Segmented { title: doc_title, articles: vec![article] }
}

fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    norm(a) == norm(b)
}

/// Each H1 starts an article; what comes before the first is front matter.
fn several(pieces: Vec<Piece>, meta: &Meta, fallback: &str) -> Segmented {
    let doc_title = meta.title.clone().unwrap_or_else(|| fallback.to_string());
    let mut groups: Vec<(Option<String>, Vec<Piece>)> = vec![(None, Vec::new())];
    for piece in pieces {
        match piece {
            Piece::Heading { level: 1, inlines } => {
                groups.push((Some(heading_text(&inlines)), Vec::new()))
            }
            other => {
                if let Some((_, group)) = groups.last_mut() {
                    group.push(other);
                }
            }
        }
    }
    let mut articles = Vec::new();
    for (title, mut pieces) in groups {
        let mut article = match title {
            None if pieces.is_empty() => continue,
            None => Article::new(doc_title.clone(), ArticleKind::FrontMatter, sections(pieces)),
            Some(title) => {
                let byline = take_byline(&mut pieces, 0);
                let title = if title.is_empty() { fallback.to_string() } else { title };
                let mut article = Article::new(title, ArticleKind::Article, sections(pieces));
                article.author = byline;
                article
            }
        };
        article.author = article.author.take().or_else(|| meta.author.clone());
        article.date = article.date.take().or_else(|| meta.date.clone());
        article.source = article.source.take().or_else(|| meta.source.clone());
        articles.push(article);
    }
    Segmented { title: doc_title, articles }
}

/// Removes and returns the byline if the piece at `at` is one.
fn take_byline(pieces: &mut Vec<Piece>, at: usize) -> Option<String> {
    let Some(Piece::Block(Block::Paragraph(inlines))) = pieces.get(at) else { return None };
    let author = byline::author(&inline_text(inlines))?;
    pieces.remove(at);
    Some(author)
}

/// Headings start sections; blocks before the first heading form a
/// headingless first section. Deeper headings keep their level so the
/// contents can indent them.
fn sections(pieces: Vec<Piece>) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut current = Section { heading: None, level: 2, blocks: Vec::new() };
    for piece in pieces {
        match piece {
            Piece::Heading { level, inlines } => {
                push_section(&mut sections, current);
                let text = heading_text(&inlines);
                let heading = Some(text).filter(|t| !t.is_empty());
                current = Section { heading, level: level.max(2), blocks: Vec::new() };
            }
            Piece::Block(block) => current.blocks.push(block),
        }
    }
    push_section(&mut sections, current);
    sections
}

fn push_section(sections: &mut Vec<Section>, section: Section) {
    if section.heading.is_some() || !section.blocks.is_empty() {
        sections.push(section);
    }
}
