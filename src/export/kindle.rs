//! The Kindle export: the layout of a Kindle's `My Clippings.txt`, which
//! Readwise, Clippings.io, Obsidian's Kindle plugin and many scripts import.
//!
//! Each highlight is one entry, its note the entry right after it:
//!
//! ```text
//! Title (Author)
//! - Your Highlight on Location 12-13 | Added on Wednesday, December 2, 2026 3:04:05 PM
//!
//! the highlighted text
//! ==========
//! ```
//!
//! As a Kindle writes it: UTF-8 with a byte-order mark, CRLF line ends.
//! Title is the document's, Author the article's (left out, with its
//! parentheses, when unknown). Times are the highlight's `created` time in
//! UTC, so re-exporting gives the same bytes. Locations are described in
//! [`super::location`].
//!
//! The format has no escapes, so two rules keep every text exact for a
//! reader that knows them and harmless for one that does not: a newline in
//! the text is written as CRLF, and a text line made only of ten or more
//! `=` gets one more `=` (a reader takes one off any such line longer than
//! ten), so no text line reads as the separator.

use std::fmt::Write as _;

use super::location;
use super::resolve::{Entry, Resolved};
use super::{Civil, one_line};
use crate::model::highlight::Millis;

/// The line that ends every entry.
pub const SEPARATOR: &str = "==========";
pub const BOM: char = '\u{feff}';
const CRLF: &str = "\r\n";

const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Every document's entries in one file, as a Kindle keeps every book's.
pub fn render(documents: &[Resolved<'_>]) -> String {
    let count: usize = documents.iter().map(Resolved::len).sum();
    let mut out = String::with_capacity(16 + count * 320);
    out.push(BOM);
    for resolved in documents {
        let starts = location::article_starts(resolved);
        let title = one_line(&resolved.document.title);
        for entry in resolved.entries() {
            write_entry(&mut out, &title, entry, &starts);
        }
    }
    out
}

fn write_entry(out: &mut String, title: &str, entry: &Entry<'_>, starts: &[usize]) {
    let author = entry.article.and_then(|(_, a)| a.author.as_deref());
    let author = author.filter(|a| !a.trim().is_empty()).map(one_line);
    let (first, last) = location::range(entry, starts);
    let added = added_on(entry.highlight.created);
    let heading = |out: &mut String| {
        out.push_str(title);
        if let Some(author) = &author {
            let _ = write!(out, " ({author})");
        }
        out.push_str(CRLF);
    };
    heading(out);
    let _ = write!(out, "- Your Highlight on Location {first}-{last} | {added}");
    body(out, &entry.text);
    if let Some(note) = entry.highlight.note.as_deref().filter(|n| !n.trim().is_empty()) {
        heading(out);
        let _ = write!(out, "- Your Note on Location {last} | {added}");
        body(out, note);
    }
}

/// The blank line, the text's lines and the separator.
fn body(out: &mut String, text: &str) {
    out.push_str(CRLF);
    out.push_str(CRLF);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(CRLF);
        }
        if line.len() >= SEPARATOR.len() && line.bytes().all(|b| b == b'=') {
            out.push('=');
        }
        out.push_str(line);
    }
    out.push_str(CRLF);
    out.push_str(SEPARATOR);
    out.push_str(CRLF);
}

/// `Added on Wednesday, December 2, 2026 3:04:05 PM`, in UTC.
pub fn added_on(millis: Millis) -> String {
    let t = Civil::of(millis);
    let hour12 = match t.hour % 12 {
        0 => 12,
        h => h,
    };
    let half = if t.hour < 12 { "AM" } else { "PM" };
    format!(
        "Added on {}, {} {}, {} {hour12}:{:02}:{:02} {half}",
        WEEKDAYS[t.weekday as usize % 7],
        MONTHS[(t.month as usize + 11) % 12],
        t.day,
        t.year,
        t.minute,
        t.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_a_kindle_writes_them() {
        // 2026-12-02 15:04:05 UTC.
        assert_eq!(added_on(1_796_223_845_000), "Added on Wednesday, December 2, 2026 3:04:05 PM");
        assert_eq!(added_on(0), "Added on Thursday, January 1, 1970 12:00:00 AM");
        assert_eq!(added_on(43_200_000), "Added on Thursday, January 1, 1970 12:00:00 PM");
    }

    #[test]
    fn separator_lines_in_text_are_stuffed() {
        let mut out = String::new();
        body(&mut out, "a\n==========\n=========");
        assert_eq!(out, "\r\n\r\na\r\n===========\r\n=========\r\n==========\r\n");
    }
}
