//! Bytes → text for markup: a BOM wins, then the charset the file declares
//! (`<meta charset>`, `http-equiv` content, or the XML declaration's
//! `encoding`) within its first 1024 bytes; otherwise UTF-8. Whatever the
//! encoding, the text then goes through [`decode`], which strips controls
//! and escape sequences and normalises it like every other file.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::model::loader::decode::{self, DecodeError, Decoded};

/// How far into the file a charset declaration is looked for (the HTML
/// standard's prescan reads as far).
const PRESCAN_BYTES: usize = 1024;

/// Decodes markup bytes into clean text.
pub fn decode_markup(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let has_bom = bytes.starts_with(b"\xef\xbb\xbf")
        || bytes.starts_with(b"\xff\xfe")
        || bytes.starts_with(b"\xfe\xff");
    let declared = if has_bom { None } else { declared_encoding(bytes) };
    match declared {
        // UTF-16 declared in an ASCII-readable file is a mistake: the
        // file cannot be UTF-16 if its declaration is readable as ASCII.
        Some(encoding) if encoding != UTF_8 && encoding != UTF_16LE && encoding != UTF_16BE => {
            let (text, _, had_errors) = encoding.decode(bytes);
            let decoded = decode::decode(text.as_bytes())?;
            let mut warnings = decoded.warnings;
            if had_errors {
                warnings.push(format!(
                    "invalid {} text: some bytes replaced with U+FFFD",
                    encoding.name()
                ));
            }
            Ok(Decoded { text: Cow::Owned(decoded.text.into_owned()), warnings })
        }
        _ => decode::decode(bytes),
    }
}

/// The encoding named by a `charset=` or `encoding=` in the prescan window.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower = window.to_ascii_lowercase();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let Some(at) = memchr::memmem::find(&lower, key) else { continue };
        let rest = &window[at + key.len()..];
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/' | b'?'))
            .unwrap_or(rest.len());
        if let Some(encoding) = Encoding::for_label(&rest[..end]) {
            return Some(encoding);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_honoured() {
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode_markup(latin).is_ok_and(|d| d.text.contains("café")));
        let equiv =
            b"<meta http-equiv=Content-Type content='text/html; charset=windows-1252'>\x93q\x94";
        assert!(decode_markup(equiv).is_ok_and(|d| d.text.contains("\u{201c}q\u{201d}")));
        let xml = b"<?xml version='1.0' encoding='ISO-8859-15'?><rss>\xa4</rss>";
        assert!(decode_markup(xml).is_ok_and(|d| d.text.contains('€')));
    }

    #[test]
    fn a_bom_beats_the_declaration_and_utf8_is_the_default() {
        let bom = "\u{feff}<meta charset=iso-8859-1>café".as_bytes();
        assert!(decode_markup(bom).is_ok_and(|d| d.text.contains("café")));
        assert!(decode_markup("<p>naïve</p>".as_bytes()).is_ok_and(|d| d.text.contains("naïve")));
        // A declaration past the prescan window is not read.
        let late = format!("{}<meta charset=iso-8859-1>", " ".repeat(PRESCAN_BYTES));
        assert_eq!(declared_encoding(late.as_bytes()), None);
    }

    #[test]
    fn escapes_in_other_encodings_are_still_removed() {
        let hostile = b"<meta charset=windows-1252><p>a\x1b[31mb</p>";
        assert!(decode_markup(hostile).is_ok_and(|d| d.text.contains("<p>ab</p>")));
    }
}
