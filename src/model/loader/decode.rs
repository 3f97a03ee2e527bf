//! Bytes → clean text. Everything that reaches the model passes through here,
//! so terminal escape sequences and control characters are neutralised once,
//! for every output (TUI, `cat`, JSON, export).

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::model::scan::ascii::{ascii_prefix_len, is_typographic, stray_controls, suspect64};

/// Why a file cannot be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The file looks like a binary format; `what` names it when recognised.
    Binary { what: &'static str },
    /// The file is of a format quire reads but is broken or hostile;
    /// `reason` says what is wrong, in one line.
    Unreadable { reason: String },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { what } => write!(f, "not a text file ({what})"),
            DecodeError::Unreadable { reason } => f.write_str(reason),
        }
    }
}

/// Decoded, normalised text plus what was repaired on the way. Clean
/// UTF-8, the usual file, is borrowed from the bytes, not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub warnings: Vec<String>,
}

/// Magic numbers of binary formats people are likely to point quire at.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive, e.g. EPUB or DOCX"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
];

/// Decodes a file's bytes: UTF-8 (lossily, with a warning), UTF-16 with a
/// BOM or recognisably without one; strips the BOM, turns CRLF and CR into
/// LF, removes control characters and escape sequences, and applies NFC.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let mut warnings = Vec::new();
    let raw: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        utf8(rest, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        Cow::Owned(utf16(rest, u16::from_le_bytes, &mut warnings))
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        Cow::Owned(utf16(rest, u16::from_be_bytes, &mut warnings))
    } else if let Some(le) = bomless_utf16(bytes) {
        let decode_unit = if le { u16::from_le_bytes } else { u16::from_be_bytes };
        Cow::Owned(utf16(bytes, decode_unit, &mut warnings))
    } else {
        if let Some(what) = binary_kind(bytes) {
            return Err(DecodeError::Binary { what });
        }
        utf8(bytes, &mut warnings)
    };
    // The cleaned copy, if any, is taken out of its `Cow` first, so that
    // the borrow of `raw` ends and `raw` itself can be kept otherwise.
    let cleaned = match clean_controls(&raw, &mut warnings) {
        Cow::Borrowed(_) => None,
        Cow::Owned(text) => Some(text),
    };
    let clean = cleaned.map_or(raw, Cow::Owned);
    let text = if is_nfc(&clean) { clean } else { Cow::Owned(clean.nfc().collect()) };
    Ok(Decoded { text, warnings })
}

fn utf8<'a>(bytes: &'a [u8], warnings: &mut Vec<String>) -> Cow<'a, str> {
    // Validating is several times faster than the lossy walk, and
    // simdutf8's vector validation several times faster than the standard
    // library's, which walks eight bytes at a time.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let text = String::from_utf8_lossy(bytes);
    if let Cow::Owned(owned) = &text {
        let bad = owned.matches('\u{fffd}').count();
        warnings.push(format!("invalid UTF-8: {bad} byte sequence(s) replaced with U+FFFD"));
    }
    text
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, warnings: &mut Vec<String>) -> String {
    if bytes.len() % 2 == 1 {
        warnings.push("UTF-16 text has an odd number of bytes; the last one was dropped".into());
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut bad = 0usize;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                '\u{fffd}'
            })
        })
        .collect();
    if bad > 0 {
        warnings.push(format!("invalid UTF-16: {bad} unit(s) replaced with U+FFFD"));
    }
    text
}

/// UTF-16 without a BOM shows as ASCII with a NUL in every other byte.
/// Returns `Some(true)` for little-endian, `Some(false)` for big-endian.
fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Text without a NUL, nearly every file, is settled by one search.
    if sample.len() < 8 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_nul * 10 >= pairs * 9 && even_nul * 10 <= pairs {
        Some(true)
    } else if even_nul * 10 >= pairs * 9 && odd_nul * 10 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// A known magic number, or more than one byte in ten being a control
/// character that text files do not contain, marks a binary file.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(what);
    }
    let sample = &bytes[..bytes.len().min(8192)];
    (stray_controls(sample) * 10 > sample.len()).then_some("binary data")
}

/// NFC's quick check, run only on the non-ASCII stretches of the text:
/// ASCII is always normalised and resets the check (it is a starter), so
/// each stretch can be checked on its own, and ASCII is skipped sixteen
/// bytes at a time instead of being decoded char by char.
fn is_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = ascii_prefix_len(bytes);
    while from < bytes.len() {
        let to = bytes[from..].iter().position(u8::is_ascii).map_or(bytes.len(), |n| from + n);
        // Both ends are ASCII bytes or the ends of the text: char boundaries.
        let stretch = &text[from..to];
        if !stretch.chars().all(plain_starter) && is_nfc_quick(stretch.chars()) != IsNormalized::Yes
        {
            return false;
        }
        from = to + ascii_prefix_len(&bytes[to..]);
    }
    true
}

/// Chars that are NFC on their own and starters, so that a stretch of
/// them is NFC whatever surrounds it: Latin-1's letters and signs, and
/// typographic punctuation, which is most of the non-ASCII in English
/// prose. Asked before the normalisation tables.
fn plain_starter(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{ff}') || is_typographic(c)
}

/// Removes what must never reach a terminal: C0 and C1 controls, DEL, and
/// whole ESC/CSI/OSC sequences. Form feeds (page breaks in PDF text) become
/// newlines, as do CR and CRLF.
fn clean_controls<'a>(text: &'a str, warnings: &mut Vec<String>) -> Cow<'a, str> {
    if !has_controls(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{0c}' => out.push('\n'),
            '\u{1b}' | '\u{9b}' | '\u{9d}' => {
                removed += 1;
                skip_escape(c, &mut chars);
            }
            c if c.is_control() => removed += 1,
            c => out.push(c),
        }
    }
    if removed > 0 {
        warnings.push(format!("removed {removed} control character(s) or escape sequence(s)"));
    }
    Cow::Owned(out)
}

/// Any C0 control but LF and TAB, DEL, or a C1 control (U+0080..U+009F,
/// encoded in UTF-8 as C2 80..C2 9F). A 64-byte block without a suspect
/// byte (see [`suspect64`]) is passed at once; the others are scanned
/// without an early exit, and only one holding a C2 byte (rare outside
/// Latin-1 text) is looked at pair by pair.
fn has_controls(bytes: &[u8]) -> bool {
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f;
    for (k, block) in bytes.chunks(64).enumerate() {
        // A short last block is only ever scanned.
        if <&[u8; 64]>::try_from(block).is_ok_and(|full| !suspect64(full)) {
            continue;
        }
        let (bad, c2) =
            block.iter().fold((false, false), |(bad, c2), &b| (bad | control(b), c2 | (b == 0xc2)));
        if bad {
            return true;
        }
        if c2 {
            let end = (k * 64 + 65).min(bytes.len());
            let pairs = bytes[k * 64..end].windows(2);
            if pairs.into_iter().any(|w| w[0] == 0xc2 && (0x80..0xa0).contains(&w[1])) {
                return true;
            }
        }
    }
    false
}

/// Skips the rest of an escape sequence whose introducer was just read.
fn skip_escape(intro: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let kind = match intro {
        '\u{9b}' => '[',
        '\u{9d}' => ']',
        _ => match chars.next() {
            Some(k) => k,
            None => return,
        },
    };
    match kind {
        // CSI: parameters and intermediates, then one final byte @..~.
        '[' => {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \).
        ']' | 'P' | 'X' | '^' | '_' => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // Two-character sequences (ESC c, ESC 7, ...): already consumed.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        decode(bytes).map(|d| d.text.into_owned()).unwrap_or_default()
    }

    #[test]
    fn strips_bom_and_normalises_newlines() {
        assert_eq!(text(b"\xef\xbb\xbfa\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn decodes_utf16_with_and_without_bom() {
        assert_eq!(text(b"\xff\xfeh\0i\0"), "hi");
        assert_eq!(text(b"\xfe\xff\0h\0i"), "hi");
        let le: Vec<u8> = "hello world".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(text(&le), "hello world");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let d = decode(b"caf\xe9 ok").map_err(|e| e.to_string());
        let d = d.as_ref().map(|d| (d.text.as_ref(), d.warnings.len()));
        assert_eq!(d, Ok(("caf\u{fffd} ok", 1)));
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        let hostile =
            "a\u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7}b\u{1b}]8;;http://x\u{1b}\\c\0d\u{9b}2Je";
        assert_eq!(text(hostile.as_bytes()), "ared bcde");
    }

    #[test]
    fn binary_files_are_refused() {
        assert!(matches!(decode(b"%PDF-1.7\n..."), Err(DecodeError::Binary { .. })));
        let noise: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
        assert!(decode(&noise).is_err());
    }

    #[test]
    fn nfd_becomes_nfc() {
        assert_eq!(text("re\u{301}sume\u{301}".as_bytes()), "résumé");
        // Past the first eight-byte word, and after an already-NFC stretch.
        let late = "plain ascii text, then café and then re\u{301}sume\u{301} at last";
        assert_eq!(text(late.as_bytes()), late.nfc().collect::<String>());
        assert!(is_nfc("only ascii here, quite a long line of it"));
        assert!(is_nfc("déjà vu, ça va"));
    }

    #[test]
    fn plain_starters_are_nfc_starters() {
        let chars = (char::MIN..=char::MAX).filter(|c| plain_starter(*c));
        for c in chars {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "{c:?}");
        }
    }

    #[test]
    fn controls_are_found_anywhere_in_a_block() {
        let mut long = "x".repeat(200);
        assert!(!has_controls(long.as_bytes()));
        long.insert(130, '\u{85}'); // C1 NEL, straddling no block edge
        assert!(has_controls(long.as_bytes()));
        let mut edge = "x".repeat(63);
        edge.push('\u{9b}'); // C2 is the last byte of the first block
        assert!(has_controls(edge.as_bytes()));
        assert!(has_controls(b"abc\x07def"));
        assert!(!has_controls("tab\tand\nnewline, é and ü".as_bytes()));
    }
}
