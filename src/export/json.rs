//! The JSON export: the same data as the Markdown, for scripts. The shape is
//! a contract documented in the README; `version` changes if it ever breaks.

use serde::Serialize;

use super::resolve::{Entry, Resolved, colour_tag};
use super::{authors, rfc3339};
use crate::model::highlight::Millis;

/// Bumped on any incompatible change to the shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    exported: String,
    documents: Vec<DocumentJson<'a>>,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    id: String,
    title: &'a str,
    source: &'a str,
    authors: Vec<&'a str>,
    articles: Vec<ArticleJson<'a>>,
    highlights: Vec<HighlightJson<'a>>,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    id: String,
    title: &'a str,
    author: Option<&'a str>,
    kind: &'static str,
}

#[derive(Serialize)]
struct HighlightJson<'a> {
    id: &'a str,
    block_id: &'a str,
    article_id: &'a str,
    article: Option<&'a str>,
    section: Option<&'a str>,
    text: &'a str,
    note: Option<&'a str>,
    colour: &'a str,
    tag: String,
    start: Option<usize>,
    end: Option<usize>,
    percent: Option<u8>,
    detached: bool,
    created: Millis,
    updated: Millis,
}

/// Renders any number of documents as one JSON value, pretty-printed with a
/// trailing newline.
pub fn render(documents: &[Resolved<'_>], exported: Millis) -> String {
    let export = Export {
        format: "quire-highlights",
        version: VERSION,
        exported: rfc3339(exported),
        documents: documents.iter().map(document).collect(),
    };
    let mut json = serde_json::to_string_pretty(&export).unwrap_or_default();
    json.push('\n');
    json
}

fn document<'a>(resolved: &'a Resolved<'a>) -> DocumentJson<'a> {
    let doc = resolved.document;
    let mut indices: Vec<usize> =
        resolved.entries().filter_map(|e| e.article.map(|(i, _)| i)).collect();
    indices.sort_unstable();
    indices.dedup();
    let articles = indices
        .into_iter()
        .filter_map(|i| doc.articles.get(i))
        .map(|a| ArticleJson {
            id: a.id.to_string(),
            title: &a.title,
            author: a.author.as_deref(),
            kind: a.kind.as_str(),
        })
        .collect();
    DocumentJson {
        id: doc.id.to_string(),
        title: &doc.title,
        source: &doc.origin,
        authors: authors(doc),
        articles,
        highlights: resolved.entries().map(highlight).collect(),
    }
}

fn highlight<'a>(entry: &'a Entry<'a>) -> HighlightJson<'a> {
    let h = entry.highlight;
    HighlightJson {
        id: &h.id,
        block_id: &entry.block_id,
        article_id: &h.article_id,
        article: entry.article.map(|(_, a)| a.title.as_str()),
        section: entry.place.and_then(|p| p.heading),
        text: &entry.text,
        note: h.note.as_deref(),
        colour: &h.colour,
        tag: format!("{}{}", super::markdown::COLOUR_TAG_PREFIX, colour_tag(&h.colour)),
        start: entry.place.map(|p| p.start),
        end: entry.place.map(|p| p.end),
        percent: entry.place.map(|p| p.percent),
        detached: entry.place.is_none(),
        created: h.created,
        updated: h.updated,
    }
}
