//! A page's title, author, date and address, from `<title>`, `<meta>`
//! (`author`, `og:*`, `article:*`, Dublin Core) and, inside an article,
//! `<time datetime>` and `rel="author"` links.

use super::dom::NodeRef;

use super::convert::{one_line, text_of};
use crate::model::loader::Meta;
use crate::model::loader::markdown::clean;

/// The page's own metadata, from its `<head>`, and apart from it the
/// `<title>`: that often names the site, so an article's own heading
/// beats it, while an Open Graph or Dublin Core title does not.
pub fn page_meta(root: NodeRef<'_>) -> (Meta, Option<String>) {
    let mut meta = Meta::default();
    let mut plain_title = None;
    let head =
        root.descendants().find(|n| n.value().as_element().is_some_and(|e| e.name() == "head"));
    for node in head.into_iter().flat_map(|h| h.descendants()) {
        let Some(e) = node.value().as_element() else { continue };
        match e.name() {
            "title" => plain_title = plain_title.or_else(|| present(&text_of(node))),
            "meta" => {
                let key = e.attr("property").or(e.attr("name")).unwrap_or("").to_ascii_lowercase();
                let Some(value) = e.attr("content").and_then(present) else { continue };
                match key.as_str() {
                    "og:title" | "dc.title" | "dcterms.title" => set(&mut meta.title, value),
                    // Some sites name a profile page instead of a person.
                    "author" | "article:author" | "dc.creator" | "dcterms.creator" | "byl"
                        if !value.starts_with("http") =>
                    {
                        set(&mut meta.author, value)
                    }
                    "article:published_time"
                    | "date"
                    | "dc.date"
                    | "dcterms.date"
                    | "dcterms.created"
                    | "pubdate"
                    | "publish-date" => set(&mut meta.date, date(&value)),
                    "og:url" => set(&mut meta.source, value),
                    _ => {}
                }
            }
            "link" if e.attr("rel") == Some("canonical") => {
                if let Some(href) = e.attr("href").and_then(present) {
                    set(&mut meta.source, href);
                }
            }
            _ => {}
        }
    }
    (meta, plain_title)
}

/// An article's own date and author, from inside it.
pub fn article_meta(root: NodeRef<'_>) -> Meta {
    let mut meta = Meta::default();
    for node in root.descendants() {
        let Some(e) = node.value().as_element() else { continue };
        if e.name() == "time" && meta.date.is_none() {
            meta.date = e
                .attr("datetime")
                .and_then(present)
                .or_else(|| present(&text_of(node)))
                .map(|d| date(&d));
        }
        let authorish = e.attr("rel") == Some("author") || e.attr("itemprop") == Some("author");
        if authorish && meta.author.is_none() {
            meta.author = present(&text_of(node));
        }
    }
    meta
}

/// An ISO timestamp shortened to its day; anything else kept as written.
pub fn date(text: &str) -> String {
    let b = text.as_bytes();
    let iso = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().chain(&b[8..10]).all(u8::is_ascii_digit);
    if iso { text[..10].to_string() } else { one_line(text) }
}

fn present(text: &str) -> Option<String> {
    Some(one_line(&clean(text))).filter(|t| !t.is_empty())
}

fn set(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}
