//! The Readwise export: the CSV that Readwise's "import highlights from a
//! CSV" takes, one row per highlight under the header
//! `Highlight,Title,Author,URL,Note,Location,Date`.
//!
//! Fields are quoted as RFC 4180 says (when they hold `"`, `,`, CR or LF;
//! a `"` inside is doubled) and rows end with CRLF; text inside a quoted
//! field is kept exactly, line breaks included. Title is the document's,
//! Author and URL the article's (URL only when its source is a web
//! address), Location the highlight's first Kindle-style location (see
//! [`super::location`]) and Date its `created` time in UTC as
//! `YYYY-MM-DD HH:MM:SS`. No export time appears, so re-exporting gives the
//! same bytes.

use std::fmt::Write as _;

use super::location;
use super::resolve::{Entry, Resolved};
use super::{Civil, one_line};
use crate::model::highlight::Millis;

pub const HEADER: &str = "Highlight,Title,Author,URL,Note,Location,Date";
const CRLF: &str = "\r\n";

/// Every document's highlights in one table.
pub fn render(documents: &[Resolved<'_>]) -> String {
    let count: usize = documents.iter().map(Resolved::len).sum();
    let mut out = String::with_capacity(64 + count * 256);
    out.push_str(HEADER);
    out.push_str(CRLF);
    for resolved in documents {
        let starts = location::article_starts(resolved);
        let title = one_line(&resolved.document.title);
        for entry in resolved.entries() {
            row(&mut out, &title, entry, &starts);
        }
    }
    out
}

fn row(out: &mut String, title: &str, entry: &Entry<'_>, starts: &[usize]) {
    let article = entry.article.map(|(_, a)| a);
    let author = article.and_then(|a| a.author.as_deref()).map(one_line).unwrap_or_default();
    let url = article.and_then(|a| a.source.as_deref()).filter(|s| is_url(s)).unwrap_or("");
    let note = entry.highlight.note.as_deref().unwrap_or("");
    let (first, _) = location::range(entry, starts);
    field(out, &entry.text);
    for value in [title, &author, url.trim(), note] {
        out.push(',');
        field(out, value);
    }
    let _ = write!(out, ",{first},{}{CRLF}", date(entry.highlight.created));
}

/// One field, quoted only when it must be.
fn field(out: &mut String, value: &str) {
    if !value.contains(['"', ',', '\r', '\n']) {
        out.push_str(value);
        return;
    }
    out.push('"');
    for (i, part) in value.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// An `http(s)://host...` address with no spaces: a source that is a
/// publication's name or a citation is not a link.
pub fn is_url(source: &str) -> bool {
    let source = source.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            source.get(..scheme.len()).filter(|s| s.eq_ignore_ascii_case(scheme))?;
            source.get(scheme.len()..)
        })
        .unwrap_or("");
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !source.chars().any(char::is_whitespace) && host.contains('.')
}

/// `YYYY-MM-DD HH:MM:SS`, UTC.
pub fn date(millis: Millis) -> String {
    let t = Civil::of(millis);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut out = String::new();
        for v in ["plain text", "a, b", "say \"hi\"", "two\nlines", ""] {
            field(&mut out, v);
            out.push('|');
        }
        assert_eq!(out, "plain text|\"a, b\"|\"say \"\"hi\"\"\"|\"two\nlines\"||");
    }

    #[test]
    fn only_web_addresses_are_urls() {
        assert!(is_url("https://example.org/a?b=c"));
        assert!(is_url(" HTTP://news.example.com "));
        assert!(!is_url("Originally published in Example Weekly"));
        assert!(!is_url("https://"));
        assert!(!is_url("https://localhost"));
        assert!(!is_url("ftp://example.org/file"));
        assert!(!is_url("https://example.org/a b"));
    }

    #[test]
    fn dates_are_utc_to_the_second() {
        assert_eq!(date(1_796_223_845_999), "2026-12-02 15:04:05");
    }
}
