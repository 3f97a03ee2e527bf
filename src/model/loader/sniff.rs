//! Which format a file is, by its content first and its name second: a
//! feed saved as `.xml`, a page saved as `.txt` or an EPUB without its
//! extension are read as what they are.

use super::decode::DecodeError;
use super::format_of;
use crate::model::document::Format;

/// How much of the start of a file is looked at.
const HEAD_BYTES: usize = 4096;

/// The format to read `bytes` as. A `.xml`, `.json`, `.rss` or `.atom`
/// file that is not a feed (nor a web page) is refused with one line.
pub fn format(origin: &str, bytes: &[u8]) -> Result<Format, DecodeError> {
    let by_name = format_of(origin);
    if bytes.starts_with(b"PK\x03\x04") {
        // A zip that is not an EPUB is left to the text decoder, which
        // names it as an archive.
        return Ok(if is_epub(bytes) || by_name == Format::Epub {
            Format::Epub
        } else {
            Format::Text
        });
    }
    match markup(bytes) {
        Some(format) => Ok(format),
        None if by_name == Format::Feed => Err(DecodeError::Unreadable {
            reason: "not a feed (neither RSS, Atom nor JSON Feed)".to_string(),
        }),
        None => Ok(by_name),
    }
}

/// An EPUB's zip starts with its `mimetype` entry, stored uncompressed.
fn is_epub(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(128)];
    memchr::memmem::find(head, b"application/epub+zip").is_some()
}

/// HTML or a feed, told by the first element (or a JSON Feed's version
/// address): `<rss>`, `<feed>`, `<rdf:RDF>`; `<!DOCTYPE html>`, `<html>`,
/// `<head>`, `<body>`. Comments, processing instructions and other
/// doctypes before it are passed over.
pub fn markup(bytes: &[u8]) -> Option<Format> {
    // Plain text and Markdown, the load benchmark's files, are told apart
    // by their first byte, without decoding anything.
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if !utf16 && !matches!(first, Some(b'<' | b'{')) {
        return None;
    }
    let head = head_text(bytes);
    let text = head.trim_start().to_ascii_lowercase();
    if text.starts_with('{') {
        return text.contains("jsonfeed.org/version").then_some(Format::Feed);
    }
    if !text.starts_with('<') {
        return None;
    }
    let mut rest = text.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("!doctype html") {
            return Some(Format::Html);
        }
        if rest.starts_with(['?', '!']) {
            continue;
        }
        let name: String =
            rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ':').collect();
        return match name.as_str() {
            "rss" | "feed" | "rdf:rdf" => Some(Format::Feed),
            "html" | "head" | "body" => Some(Format::Html),
            _ => None,
        };
    }
    None
}

/// The start of the file as text, whatever its Unicode encoding.
fn head_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let (encoding, _) = encoding_rs::Encoding::for_bom(head).unwrap_or((encoding_rs::UTF_8, 0));
    encoding.decode_with_bom_removal(head).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_the_name() {
        assert_eq!(
            markup(b"<?xml version='1.0'?>\n<!-- c -->\n<rss version='2.0'>"),
            Some(Format::Feed)
        );
        assert_eq!(markup(b"<feed xmlns='http://www.w3.org/2005/Atom'>"), Some(Format::Feed));
        assert_eq!(markup(b"  <!DOCTYPE HTML><p>x"), Some(Format::Html));
        assert_eq!(markup("\u{feff}<html lang=en>".as_bytes()), Some(Format::Html));
        assert_eq!(
            markup(br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#),
            Some(Format::Feed)
        );
        assert_eq!(format("page.txt", b"<!doctype html><title>t</title>"), Ok(Format::Html));
        assert_eq!(format("feed", b"<rss><channel></channel></rss>"), Ok(Format::Feed));
    }

    #[test]
    fn near_misses_keep_their_name() {
        // XML that is no feed, JSON that is no feed, prose that mentions a tag.
        assert_eq!(markup(b"<?xml version='1.0'?><config><a/></config>"), None);
        assert_eq!(markup(br#"{"name": "x", "version": 2}"#), None);
        assert_eq!(markup(b"Use <html> to start a page."), None);
        assert!(format("settings.json", br#"{"a": 1}"#).is_err());
        assert!(format("data.xml", b"<config/>").is_err());
        assert_eq!(format("notes.md", b"# Title\n<div>x</div>"), Ok(Format::Markdown));
        assert_eq!(format("archive.zip", b"PK\x03\x04rest"), Ok(Format::Text));
        assert_eq!(
            format("book.bin", b"PK\x03\x04\0\0mimetypeapplication/epub+zip"),
            Ok(Format::Epub)
        );
    }
}
