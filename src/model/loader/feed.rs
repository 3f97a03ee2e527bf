//! Feeds: RSS 2.0 (and RSS 1.0/RDF), Atom and JSON Feed. One document per
//! feed, one article per item in feed order, with the item's title,
//! author, date and link (as `source`). Full content goes through the HTML
//! pipeline; an item with only a summary shows the summary and its link.

use super::Segmented;
use super::decode::DecodeError;
use super::html::{self, Meta, Piece};
use super::xml::{self, Element};
use crate::model::document::{Article, ArticleKind, Block, Inline};

/// One item, before it becomes an article.
#[derive(Debug, Default)]
struct Item {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    link: Option<String>,
    /// Full content, HTML.
    content: Option<String>,
    /// A summary, HTML or plain text.
    summary: Option<String>,
}

/// Parses an XML feed (RSS or Atom). A feed cut short keeps the items read
/// before the break, with a warning; one with none is an error.
pub fn parse_xml(text: &str, fallback: &str) -> Result<(Segmented, Vec<String>), DecodeError> {
    let (root, warnings) = match xml::parse(text) {
        Ok(root) => (root, Vec::new()),
        Err(err) => (*err.partial, vec![format!("broken feed XML: {}", err.message)]),
    };
    let top = root.children.iter().find(|e| matches!(e.local().as_str(), "rss" | "feed" | "rdf"));
    let Some(top) = top else {
        let why = warnings.first().cloned().unwrap_or_else(|| "not an RSS or Atom feed".into());
        return Err(DecodeError::Unreadable { reason: why });
    };
    let (title, items) = if top.local() == "feed" { atom(top, text) } else { rss(top) };
    if items.is_empty()
        && let Some(first) = warnings.first()
    {
        return Err(DecodeError::Unreadable { reason: first.clone() });
    }
    Ok((segmented(title, items, fallback), warnings))
}

fn rss(top: &Element) -> (Option<String>, Vec<Item>) {
    let channel = top.child("channel");
    let title = channel.and_then(|c| c.child_text("title"));
    // RSS 2.0 puts items in the channel, RSS 1.0 beside it.
    let items = channel
        .into_iter()
        .flat_map(|c| c.children_named("item"))
        .chain(top.children_named("item"));
    let items = items
        .map(|item| Item {
            title: item.child_text("title"),
            author: item.child_text("creator").or_else(|| item.child_text("author")),
            date: item.child_text("pubdate").or_else(|| item.child_text("date")).map(|d| date(&d)),
            link: item.child_text("link").or_else(|| permalink(item)),
            content: item.child_text("encoded"),
            summary: item.child_text("description"),
        })
        .collect();
    (title, items)
}

/// A `<guid>` that is a permalink (the default) and looks like an address.
fn permalink(item: &Element) -> Option<String> {
    let guid = item.child("guid")?;
    let text = guid.text.trim();
    (guid.attr("isPermaLink") != Some("false") && text.starts_with("http"))
        .then(|| text.to_string())
}

fn atom(feed: &Element, source: &str) -> (Option<String>, Vec<Item>) {
    let feed_author = feed.child("author").and_then(|a| a.child_text("name"));
    let items = feed
        .children_named("entry")
        .map(|entry| {
            let link = entry
                .children_named("link")
                .find(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
                .and_then(|l| l.attr("href"))
                .map(str::to_string);
            Item {
                title: entry
                    .child("title")
                    .map(|t| atom_text(t, source))
                    .filter(|t| !t.is_empty())
                    .map(|t| html::plain_text(&t)),
                author: entry
                    .child("author")
                    .and_then(|a| a.child_text("name"))
                    .or_else(|| feed_author.clone()),
                date: entry
                    .child_text("published")
                    .or_else(|| entry.child_text("updated"))
                    .map(|d| date(&d)),
                link,
                content: entry.child("content").map(|c| atom_text(c, source)),
                summary: entry.child("summary").map(|c| atom_text(c, source)),
            }
        })
        .collect();
    (feed.child("title").map(|t| html::plain_text(&atom_text(t, source))), items)
}

/// An Atom text construct as HTML: `xhtml` content is markup in the feed
/// itself, `text` is escaped so that it stays text.
fn atom_text(element: &Element, source: &str) -> String {
    match element.attr("type") {
        Some("xhtml") => source.get(element.inner.0..element.inner.1).unwrap_or("").to_string(),
        Some("html") => element.text.clone(),
        _ => escape(&element.text),
    }
}

/// Plain text as HTML paragraphs (blank lines part them).
fn escape(text: &str) -> String {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    escaped.split("\n\n").map(|p| format!("<p>{p}</p>")).collect()
}

/// Parses a JSON Feed (version 1 or 1.1).
pub fn parse_json(text: &str, fallback: &str) -> Result<Segmented, DecodeError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| DecodeError::Unreadable { reason: format!("broken JSON feed: {e}") })?;
    let str_of =
        |v: &serde_json::Value, key: &str| v.get(key).and_then(|s| s.as_str()).map(str::to_string);
    let author_of = |v: &serde_json::Value| {
        let first = v.get("authors").and_then(|a| a.get(0)).or_else(|| v.get("author"));
        first.and_then(|a| str_of(a, "name"))
    };
    let feed_author = author_of(&value);
    let items = value.get("items").and_then(|i| i.as_array()).map(Vec::as_slice).unwrap_or(&[]);
    let items = items
        .iter()
        .map(|item| Item {
            title: str_of(item, "title"),
            author: author_of(item).or_else(|| feed_author.clone()),
            date: str_of(item, "date_published").map(|d| date(&d)),
            link: str_of(item, "url").or_else(|| str_of(item, "external_url")),
            content: str_of(item, "content_html")
                .or_else(|| str_of(item, "content_text").map(|t| escape(&t))),
            summary: str_of(item, "summary").map(|t| escape(&t)),
        })
        .collect();
    Ok(segmented(str_of(&value, "title"), items, fallback))
}

fn segmented(title: Option<String>, items: Vec<Item>, fallback: &str) -> Segmented {
    let title = title.filter(|t| !t.is_empty()).unwrap_or_else(|| fallback.to_string());
    let articles = items
        .into_iter()
        .enumerate()
        .filter_map(|(n, item)| article(item, n + 1, &title))
        .collect();
    Segmented { title, articles }
}

/// An item as an article: its content, or its summary and its link.
fn article(item: Item, number: usize, feed_title: &str) -> Option<Article> {
    let (body, summary_only) = match (&item.content, &item.summary) {
        (Some(content), _) if !content.trim().is_empty() => (content.as_str(), false),
        (_, Some(summary)) => (summary.as_str(), true),
        _ => ("", true),
    };
    let mut pieces = html::fragment_pieces(body);
    if summary_only && let Some(link) = &item.link {
        let line = vec![Inline::Link { text: vec![Inline::text(link.clone())], url: link.clone() }];
        pieces.push(Piece::Block(Block::Paragraph(line.into())));
    }
    let title = item.title.clone().unwrap_or_else(|| format!("{feed_title} #{number}"));
    let meta = Meta { title: Some(title), author: item.author, date: item.date, source: item.link };
    // An item with a title and nothing else is still listed.
    let empty =
        || Article::new(meta.title.clone().unwrap_or_default(), ArticleKind::Article, Vec::new());
    let mut article = html::article_of(pieces, &meta, feed_title).unwrap_or_else(empty);
    article.author = article.author.or(meta.author.clone());
    article.date = meta.date.clone();
    article.source = meta.source.clone();
    Some(article)
}

/// RSS dates (RFC 822: `Tue, 05 Mar 2024 10:00:00 GMT`) and ISO dates as
/// `YYYY-MM-DD`; anything else kept as written.
pub fn date(text: &str) -> String {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let start = usize::from(words.first().is_some_and(|w| w.chars().all(char::is_alphabetic)));
    if let [day, month, year, ..] = words.get(start..).unwrap_or(&[]) {
        let month =
            MONTHS.iter().position(|m| month.get(..3).is_some_and(|m3| m.eq_ignore_ascii_case(m3)));
        if let (Ok(day), Some(month), Ok(year)) = (day.parse::<u32>(), month, year.parse::<u32>()) {
            let year = if year < 100 { year + 2000 } else { year };
            return format!("{year:04}-{:02}-{day:02}", month + 1);
        }
    }
    html::meta::date(text)
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

#[cfg(test)]
#[path = "feed_tests.rs"]
mod tests;
