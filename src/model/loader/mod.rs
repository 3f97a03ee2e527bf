//! File contents → [`Document`]. Pure: the caller reads the bytes.
//!
//! - [`decode`]: bytes → clean, normalised text (encodings, controls, escapes).
//! - [`plain`]: the plain-text segmenter (digests, PDF eMags, blog archives).
//! - [`markdown`]: CommonMark + GFM via pulldown-cmark, with front matter.

pub mod decode;
pub mod markdown;
pub mod plain;

use super::document::{Article, ContentId, Document, Format};
pub use decode::DecodeError;

/// What a segmenter found: a title for the document and its segments.
#[derive(Debug, Clone)]
pub struct Segmented {
    pub title: String,
    pub articles: Vec<Article>,
}

/// The format a file is read as, from its name. Anything that is not
/// Markdown by extension is read as plain text, the most forgiving reading.
pub fn format_of(origin: &str) -> Format {
    let lower = origin.to_ascii_lowercase();
    if [".md", ".markdown", ".mdown", ".mkd"].iter().any(|ext| lower.ends_with(ext)) {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Loads one file's bytes. `origin` is the path or name shown to the user;
/// it also picks the format and supplies a last-resort title.
pub fn load(origin: &str, bytes: &[u8]) -> Result<Document, DecodeError> {
    load_as(origin, bytes, format_of(origin))
}

/// Like [`load`] with an explicit format.
pub fn load_as(origin: &str, bytes: &[u8], format: Format) -> Result<Document, DecodeError> {
    let decoded = decode::decode(bytes)?;
    let mut warnings = decoded.warnings;
    let fallback = title_from_origin(origin);
    if decoded.text.trim().is_empty() {
        warnings.push("the file is empty".to_string());
    }
    let segmented = match format {
        Format::Text => plain::segment(&decoded.text, &fallback),
        Format::Markdown => markdown::parse(&decoded.text, &fallback),
    };
    Ok(Document {
        id: ContentId::of(&[decoded.text.as_bytes()]),
        origin: origin.to_string(),
        title: segmented.title,
        format,
        articles: segmented.articles,
        warnings,
    })
}

/// A readable title from a file name: `cto-bakery-analogy.txt` →
/// `Cto Bakery Analogy`.
pub fn title_from_origin(origin: &str) -> String {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    let stem = match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    };
    let words: Vec<String> =
        stem.split(['-', '_', ' ', '.']).filter(|w| !w.is_empty()).map(capitalise).collect();
    if words.is_empty() { "Untitled".to_string() } else { words.join(" ") }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_origin("/x/cto-bakery-analogy.txt"), "Cto Bakery Analogy");
        assert_eq!(title_from_origin("notes_on.rust.md"), "Notes On Rust");
        assert_eq!(title_from_origin(".txt"), "Txt");
        assert_eq!(title_from_origin(""), "Untitled");
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(format_of("a/B.MD"), Format::Markdown);
        assert_eq!(format_of("a/b.txt"), Format::Text);
    }
}
