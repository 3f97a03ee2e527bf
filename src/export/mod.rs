//! Highlights → Markdown or JSON that note apps take as-is, or the Kindle
//! and Readwise files that highlight services import.
//!
//! Pure: a document, its highlights and the export time go in, a string
//! comes out. Reading the store, the clock and writing files is the CLI's
//! job. Both formats are documented field by field in the README
//! ("Export format").
//!
//! Stability is the point: the same highlights give byte-identical output
//! apart from the `exported` time, so re-exporting updates a note instead of
//! duplicating it. Nothing here depends on hash-map order or the clock, and
//! every highlight carries a block id derived from its store id.

pub mod escape;
pub mod json;
pub mod kindle;
pub mod location;
pub mod markdown;
pub mod readwise;
mod resolve;

use std::collections::HashMap;

use crate::model::Document;
use crate::model::highlight::{Highlight, Millis};

pub use resolve::{Entry, Place, Resolved, block_id, colour_tag, resolve, section_starts};

/// The export formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Markdown,
    Json,
    /// Kindle's `My Clippings.txt`.
    Kindle,
    /// Readwise's CSV import.
    Readwise,
}

impl Format {
    /// The file extension used when writing one file per document.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Kindle => "txt",
            Format::Readwise => "csv",
        }
    }

    /// Formats whose one file holds many documents, as a Kindle's
    /// `My Clippings.txt` holds every book: `--output FILE` takes them all.
    pub fn holds_many(self) -> bool {
        matches!(self, Format::Json | Format::Kindle | Format::Readwise)
    }
}

/// Where highlights come from: the store in the app, a JSON file in tests.
pub trait HighlightSource {
    /// The highlights of one document, in any order.
    fn highlights(&self, doc_id: &str) -> Vec<Highlight>;
}

/// Highlights keyed by document id: the shape of the `--highlights` file,
/// `{"<document id>": [highlight, ...]}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapSource(pub HashMap<String, Vec<Highlight>>);

impl MapSource {
    pub fn from_json(json: &str) -> Result<MapSource, serde_json::Error> {
        serde_json::from_str(json).map(MapSource)
    }
}

impl HighlightSource for MapSource {
    fn highlights(&self, doc_id: &str) -> Vec<Highlight> {
        self.0.get(doc_id).cloned().unwrap_or_default()
    }
}

/// One document in the chosen format.
pub fn export(
    document: &Document,
    highlights: &[Highlight],
    format: Format,
    exported: Millis,
) -> String {
    let resolved = resolve(document, highlights);
    render(std::slice::from_ref(&resolved), format, exported)
}

/// Any number of documents in one output: Markdown documents follow each
/// other, each with its own front matter; the other formats hold them all
/// in one value, file or table. Only JSON and Markdown mention `exported`.
pub fn render(documents: &[Resolved<'_>], format: Format, exported: Millis) -> String {
    match format {
        Format::Markdown => {
            documents.iter().map(|r| markdown::render(r, exported)).collect::<Vec<_>>().join("\n")
        }
        Format::Json => json::render(documents, exported),
        Format::Kindle => kindle::render(documents),
        Format::Readwise => readwise::render(documents),
    }
}

/// The distinct authors of the document's readable articles, in order:
/// documents have no author of their own, an eMag has many.
pub fn authors(document: &Document) -> Vec<&str> {
    let mut authors: Vec<&str> = Vec::new();
    for author in document.readable().filter_map(|a| a.author.as_deref()) {
        if !authors.contains(&author) {
            authors.push(author);
        }
    }
    authors
}

/// Metadata (a title, an author) as one plain line: runs of whitespace and
/// control characters become one space and the ends are trimmed, since a
/// title's layout carries no meaning and a line break would end the field.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Unix milliseconds as an RFC 3339 UTC time to the second, e.g.
/// `2024-05-01T12:00:00Z`.
pub fn rfc3339(millis: Millis) -> String {
    let t = Civil::of(millis);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// A UTC calendar time to the second. Exports that must be byte-identical
/// on every machine read times in UTC, never the local zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    /// 0 is Monday, 6 Sunday.
    pub weekday: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Civil {
    /// Days → civil date after Howard Hinnant's `civil_from_days`, valid
    /// for every `u64` input this side of year 9999.
    pub fn of(millis: Millis) -> Civil {
        let secs = millis / 1000;
        let days = (secs / 86_400) as i64;
        let rem = (secs % 86_400) as u32;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        // 1970-01-01 was a Thursday (3 counting from Monday = 0).
        let weekday = (days + 3).rem_euclid(7) as u32;
        Civil {
            year,
            month,
            day,
            weekday,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
        }
    }
}

/// Names that Windows reserves whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest file stem, in chars, so that the name fits every file system.
const MAX_STEM: usize = 100;

/// A file name stem from the document's title, safe on Linux, macOS and
/// Windows: no path separators, reserved characters or control characters,
/// no leading or trailing dots or spaces. The same title always gives the
/// same name, so a re-export overwrites the earlier file.
pub fn file_stem(document: &Document) -> String {
    let mut stem = String::new();
    for c in document.title.chars() {
        let bad = c.is_control() || "/\\:*?\"<>|".contains(c);
        let c = if bad || c.is_whitespace() { ' ' } else { c };
        if !(c == ' ' && (stem.is_empty() || stem.ends_with(' '))) {
            stem.push(c);
        }
    }
    let stem: String = stem.chars().take(MAX_STEM).collect();
    let stem = stem.trim_matches(|c: char| c == '.' || c == ' ');
    if stem.is_empty() {
        return document.id.to_string();
    }
    let upper = stem.split('.').next().unwrap_or(stem).to_ascii_uppercase();
    if RESERVED.contains(&upper.as_str()) { format!("{stem}_") } else { stem.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_utc_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_714_564_800_123), "2024-05-01T12:00:00Z");
        assert_eq!(rfc3339(4_102_444_799_000), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn file_stems_are_portable() {
        let mut doc = crate::sample::sample_document();
        doc.title = " ../a: b*?\n\"c\"/d. ".into();
        assert_eq!(file_stem(&doc), "a b c d");
        doc.title = "...".into();
        assert_eq!(file_stem(&doc), doc.id.to_string());
        doc.title = "con".into();
        assert_eq!(file_stem(&doc), "con_");
    }
}
