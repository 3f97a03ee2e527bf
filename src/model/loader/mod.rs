//! File contents → [`Document`]. Pure: the caller reads the bytes.
//!
//! - [`decode`]: bytes → clean, normalised text (encodings, controls, escapes).
//! - [`plain`]: the plain-text segmenter (digests, PDF eMags, blog archives).
//! - [`markdown`]: CommonMark + GFM via pulldown-cmark, with front matter.
//! - [`html`]: web pages and HTML email (and the HTML inside the next two).
//! - [`epub`]: EPUB books and eMags.
//! - [`feed`]: RSS, Atom and JSON Feed.
//! - [`sniff`]: which of these a file is, by its content.
//! - [`pdf`]: a PDF's text layer and metadata, then the plain segmenter.

pub mod decode;
pub mod epub;
pub mod feed;
pub mod html;
pub mod markdown;
mod markup;
pub mod pdf;
pub mod plain;
pub mod sniff;
mod xml;

use std::borrow::Cow;

use super::document::{Article, ContentId, Document, Format};
use super::shared::Source;
pub use decode::DecodeError;

/// What a file says about itself (front matter, a page's `<head>`, a feed
/// or a package); every field optional, each format fills what it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
}

impl Meta {
    /// Fields of `self`, missing ones taken from `other`.
    pub fn or(mut self, other: &Meta) -> Meta {
        self.title = self.title.or_else(|| other.title.clone());
        self.author = self.author.or_else(|| other.author.clone());
        self.date = self.date.or_else(|| other.date.clone());
        self.source = self.source.or_else(|| other.source.clone());
        self
    }
}

/// Bump whenever a change to any loader or segmenter can change the
/// Document a file yields: cached documents stamped with another value
/// (or another crate version) are re-segmented, never served stale.
pub const LOADER_VERSION: u32 = 1;

/// What a segmenter found: a title for the document and its segments.
#[derive(Debug, Clone)]
pub struct Segmented {
    pub title: String,
    pub articles: Vec<Article>,
}

/// The format a file is read as, from its name. Anything that is not
/// Markdown or markup by extension is read as plain text, the most
/// forgiving reading; [`load`] asks the content too ([`sniff::format`]).
pub fn format_of(origin: &str) -> Format {
    let lower = origin.to_ascii_lowercase();
    let has = |exts: &[&str]| exts.iter().any(|ext| lower.ends_with(ext));
    if has(&[".md", ".markdown", ".mdown", ".mkd"]) {
        Format::Markdown
    } else if has(&[".html", ".htm", ".xhtml"]) {
        Format::Html
    } else if has(&[".epub"]) {
        Format::Epub
    } else if has(&[".rss", ".atom", ".xml", ".json"]) {
        Format::Feed
    } else {
        Format::Text
    }
}

/// Loads one file's bytes. `origin` is the path or name shown to the user;
/// it supplies a last-resort title, and with the content, the format.
pub fn load(origin: &str, bytes: &[u8]) -> Result<Document, DecodeError> {
    load_as(origin, bytes, sniff::format(origin, bytes)?)
}

/// Like [`load`] with an explicit format.
pub fn load_as(origin: &str, bytes: &[u8], format: Format) -> Result<Document, DecodeError> {
    match format {
        Format::Text | Format::Markdown | Format::Pdf => load_text(origin, bytes, format),
        Format::Html | Format::Epub | Format::Feed => markup::load(origin, bytes, format),
    }
}

/// Like [`load_as`], for text and Markdown, with the file's bytes handed
/// over. Text that decodes to itself becomes the [`Source`] the model's
/// paragraphs share, in place; text decoding had to copy (CRLF line ends,
/// NFD, controls) becomes it instead, and the bytes are dropped before
/// segmenting. Either way the file is held once at the end of the load,
/// not beside a model that copied it.
pub fn load_text_owned(
    origin: &str,
    bytes: Vec<u8>,
    format: Format,
) -> Result<Document, DecodeError> {
    let decoded = decode::decode(&bytes)?;
    let warnings = decoded.warnings;
    let text = match decoded.text {
        Cow::Owned(text) => {
            drop(bytes);
            text
        }
        Cow::Borrowed(text) => {
            // Where the text lies in the bytes (after any byte order mark).
            let start = (text.as_ptr() as usize).checked_sub(bytes.as_ptr() as usize);
            match start.filter(|s| s + text.len() <= bytes.len()) {
                Some(start) => {
                    let end = start + text.len();
                    text_in_place(bytes, start, end)
                }
                None => text.to_string(),
            }
        }
    };
    Ok(segment_text(origin, Source::new(text), warnings, format))
}

/// The bytes `start..end`, valid UTF-8 already, as a string without a copy
/// of the file (only a byte order mark's three bytes move it).
fn text_in_place(mut bytes: Vec<u8>, start: usize, end: usize) -> String {
    bytes.truncate(end);
    bytes.drain(..start);
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

fn load_text(origin: &str, bytes: &[u8], format: Format) -> Result<Document, DecodeError> {
    let decode::Decoded { text, warnings } = decode::decode(bytes)?;
    Ok(segment_text(origin, Source::new(text.into_owned()), warnings, format))
}

/// Decoded text or Markdown → [`Document`].
fn segment_text(
    origin: &str,
    source: Source,
    mut warnings: Vec<String>,
    format: Format,
) -> Document {
    let text = source.text();
    let fallback = title_from_origin(origin);
    if text.trim().is_empty() {
        warnings.push("the file is empty".to_string());
    }
    // Markdown notes are often saved as .txt; read them as what they are.
    // Both that question and the plain segmenter walk the lines, which are
    // found once.
    let newlines = if format == Format::Text { newlines(text) } else { Vec::new() };
    let format = if format == Format::Text && markdown_shaped(text, &newlines) {
        Format::Markdown
    } else {
        format
    };
    let segmented = match format {
        Format::Markdown => markdown::parse(text, &fallback),
        _ => plain::segment(&source, newlines, &fallback),
    };
    Document {
        id: ContentId::of(&[text.as_bytes()]),
        origin: origin.to_string(),
        title: segmented.title,
        format,
        articles: segmented.articles,
        warnings,
    }
}

/// Where a text's newlines are.
pub fn newlines(text: &str) -> Vec<usize> {
    memchr::memchr_iter(b'\n', text.as_bytes()).collect()
}

/// [`markdown_shaped`] for a text whose newlines are not yet found.
#[cfg(test)]
fn looks_like_markdown(text: &str) -> bool {
    markdown_shaped(text, &newlines(text))
}

/// Markdown's own structure, which plain prose does not produce by
/// accident: `#` headings at line starts, fenced code, setext underlines.
/// One of them alone is not enough (a "# of items" line, a rule of dashes).
/// `newlines` are where the text's newlines are.
fn markdown_shaped(text: &str, newlines: &[usize]) -> bool {
    let mut atx = 0;
    let mut fences = 0;
    let mut setext = 0;
    // Only lines opening with a marker byte can be any of the three, so
    // the rest are never split out.
    let bytes = text.as_bytes();
    let starts = std::iter::once(0).chain(newlines.iter().map(|nl| nl + 1));
    let mut previous_start = None;
    for start in starts.take(5_000).filter(|&s| s < bytes.len()) {
        if matches!(bytes[start], b'#' | b'`' | b'~' | b'=' | b'-') {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
            let t = text[start..end].trim_end();
            let hashes = t.bytes().take_while(|b| *b == b'#').count();
            if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && t.len() > hashes + 1 {
                atx += 1;
            } else if t.starts_with("```") || t.starts_with("~~~") {
                fences += 1;
            } else if t.len() >= 3
                && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
                && previous_start.is_some_and(|from| !text[from..start - 1].trim().is_empty())
            {
                setext += 1;
            }
        }
        previous_start = Some(start);
    }
    atx >= 2 || setext >= 2 || (fences >= 2 && atx + setext >= 1)
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
    use crate::model::document::{Block, Inline};

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_origin("/x/cto-bakery-analogy.txt"), "Cto Bakery Analogy");
        assert_eq!(title_from_origin("notes_on.rust.md"), "Notes On Rust");
        assert_eq!(title_from_origin(".txt"), "Txt");
        assert_eq!(title_from_origin(""), "Untitled");
    }

    #[test]
    fn markdown_saved_as_text_is_recognised() {
        assert!(looks_like_markdown("# Title\n\nText.\n\n## Part\n\nMore.\n"));
        assert!(looks_like_markdown("Title\n=====\n\nText.\n\nPart\n----\n\nMore.\n"));
        assert!(!looks_like_markdown("# of items: 3\n\nJust prose, with a rule:\n\n-----\n"));
        assert!(!looks_like_markdown("Plain text with *emphasis* and [a link](#).\n"));
        // Underlines count only under a line with text, CRLF or not, and
        // only within the first 5,000 lines.
        assert!(!looks_like_markdown("=====\n\n-----\n  \n-----\n"));
        assert!(looks_like_markdown("Title\r\n=====\r\nPart\r\n-----\r\n"));
        let late = format!("{}# One\n# Two\n", "text\n".repeat(4_999));
        assert!(!looks_like_markdown(&late));
        assert!(looks_like_markdown(&late[5..]));
        let doc = load("notes.txt", b"# Notes\n\nIntro.\n\n## First\n\nBody.\n").unwrap();
        assert_eq!(doc.format, Format::Markdown);
        assert_eq!(doc.articles[0].sections.iter().filter(|s| s.heading.is_some()).count(), 1);
    }

    #[test]
    fn the_owning_load_gives_what_the_slice_load_gives() {
        let texts = [
            "Title Line\r\n\r\nBy Ann Lee\r\n\r\nBody text here.\r\n",
            "# Notes\n\nre\u{301}sume\u{301}\n\n## Part\n\nBody.\n",
            "Plain and clean.\n\nNothing to repair.\n",
            "Bad \u{1b}[31mred\u{1b}[0m text.\n",
            "\u{feff}A Marked Title\n\nThe byte order mark is not text.\n",
        ];
        for (text, format) in texts.iter().zip([Format::Text, Format::Markdown].into_iter().cycle())
        {
            let slice = load_as("n.txt", text.as_bytes(), format).unwrap();
            let owned = load_text_owned("n.txt", text.as_bytes().to_vec(), format).unwrap();
            assert_eq!(format!("{owned:?}"), format!("{slice:?}"), "{text:?}");
        }
        assert!(load_text_owned("b.txt", b"%PDF-1.7\n".to_vec(), Format::Text).is_err());
    }

    /// The owning load keeps the file's text once: a paragraph that is a
    /// line of the file shares it, with or without a byte order mark in
    /// front; after CRLF line ends are turned into LF it shares the
    /// decoded copy instead.
    #[test]
    fn the_owning_load_shares_the_files_lines() {
        for text in [
            "Alpha Title\n\nA line of its own.\n",
            "\u{feff}Alpha Title\n\nA line of its own.\n",
            "Alpha Title\r\n\r\nA line of its own.\r\n",
        ] {
            let doc = load_text_owned("n.txt", text.as_bytes().to_vec(), Format::Text).unwrap();
            let first = doc.articles[0].sections[0].blocks.first();
            let Some(Block::Paragraph(inlines)) = first else { panic!("{first:?}") };
            let [Inline::Text(run)] = inlines.as_slice() else { panic!("{inlines:?}") };
            assert_eq!(run, "A line of its own.", "{text:?}");
            assert!(run.is_shared(), "{text:?}");
        }
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(format_of("a/B.MD"), Format::Markdown);
        assert_eq!(format_of("a/b.txt"), Format::Text);
    }
}
