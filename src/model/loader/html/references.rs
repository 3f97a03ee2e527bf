//! Character references (`&amp;`, `&#233;`, `&copy`) as the HTML
//! tokenizer reads them, for [`super::tokens`]: the cases whose reading
//! depends on more than the reference itself are reported [`Unusual`].

use html5ever::data::NAMED_ENTITIES;
use html5ever::tendril::StrTendril;

/// Input the quick tokenizer leaves to html5ever's.
#[derive(Debug, PartialEq)]
pub struct Unusual;

/// The character reference at the start of `text` (which starts with
/// `&`): its characters and its length, or `None` when the `&` is plain
/// text.
pub fn reference(text: &str, in_attribute: bool) -> Result<Option<(StrTendril, usize)>, Unusual> {
    let bytes = text.as_bytes();
    match bytes.get(1) {
        Some(b'#') => numeric(text),
        Some(b) if b.is_ascii_alphanumeric() => named(text, in_attribute),
        _ => Ok(None),
    }
}

/// `&name;`, or one of the legacy names written without the `;`. The
/// standard takes the longest name in its table that starts the text: a
/// name with its `;` can only end where the run of letters and digits
/// ends, and the legacy names are short.
fn named(text: &str, in_attribute: bool) -> Result<Option<(StrTendril, usize)>, Unusual> {
    let bytes = text.as_bytes();
    let run = bytes[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    if bytes.get(1 + run) == Some(&b';')
        && let Some(chars) = entity(&text[1..run + 2])
    {
        return Ok(Some((chars, run + 2)));
    }
    // The longest legacy name (no `;`) that starts the run.
    for len in (2..=run.min(LONGEST_LEGACY)).rev() {
        let Some(chars) = entity(&text[1..1 + len]) else { continue };
        let next = bytes.get(1 + len).copied();
        // In an attribute, `&copy=` or `&copy2` is left as written.
        if in_attribute && next.is_some_and(|b| b == b'=' || b.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        return Ok(Some((chars, 1 + len)));
    }
    // No entity matches: the `&` is plain text.
    Ok(None)
}

/// The longest entity name written without its `;` (checked in a test).
pub const LONGEST_LEGACY: usize = 6;

/// The characters an entity name (with or without its `;`) stands for.
fn entity(name: &str) -> Option<StrTendril> {
    let &(first, second) = NAMED_ENTITIES.get(name)?;
    let first = char::from_u32(first).filter(|_| first != 0)?;
    let mut out = StrTendril::from_char(first);
    if let Some(second) = char::from_u32(second).filter(|_| second != 0) {
        out.push_char(second);
    }
    Some(out)
}

/// `&#123;` or `&#x7B;`.
fn numeric(text: &str) -> Result<Option<(StrTendril, usize)>, Unusual> {
    let bytes = text.as_bytes();
    let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let digits = bytes[start..]
        .iter()
        .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
        .count();
    if digits == 0 {
        return Ok(None);
    }
    let radix = if hex { 16 } else { 10 };
    let code = u32::from_str_radix(&text[start..start + digits], radix).unwrap_or(u32::MAX);
    let used = start + digits + usize::from(bytes.get(start + digits) == Some(&b';'));
    let char = match code {
        // Windows-1252 readings of C1 codes: left to html5ever's table.
        0x80..=0x9f => return Err(Unusual),
        0 => '\u{fffd}',
        _ => char::from_u32(code).unwrap_or('\u{fffd}'),
    };
    Ok(Some((StrTendril::from_char(char), used)))
}
