//! Highlights → Markdown or JSON that note apps take as-is.
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
pub mod markdown;
mod resolve;

use std::collections::HashMap;

use crate::model::Document;
use crate::model::highlight::{Highlight, Millis};

pub use resolve::{Entry, Place, Resolved, block_id, colour_tag, resolve, section_starts};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

impl Format {
    /// The file extension used when writing one file per document.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
        }
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
    match format {
        Format::Markdown => markdown::render(&resolved, exported),
        Format::Json => json::render(std::slice::from_ref(&resolved), exported),
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

/// Unix milliseconds as an RFC 3339 UTC time to the second, e.g.
/// `2024-05-01T12:00:00Z`. Days → civil date after Howard Hinnant's
/// `civil_from_days`, valid for every `u64` input this side of year 9999.
pub fn rfc3339(millis: Millis) -> String {
    let secs = millis / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
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
