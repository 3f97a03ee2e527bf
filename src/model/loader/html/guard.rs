//! A depth guard run before parsing. HTML5 tree building takes time
//! quadratic in the nesting depth (each start tag searches the stack of
//! open elements), so 100,000 unclosed `<div>`s would stall the parser for
//! minutes. Start tags that would nest deeper than [`MAX_MARKUP_DEPTH`]
//! are removed, with their end tags; their text stays where it was.
//!
//! The count is an estimate made without parsing: void elements,
//! self-closed tags and elements whose end tag is optional (`p`, `li`,
//! `td`...) are not counted, so sloppy but ordinary HTML never reaches it.

use std::borrow::Cow;

/// Nesting no real page needs; the tree builder is quick below it.
pub const MAX_MARKUP_DEPTH: usize = 512;

/// Elements never counted: void, optional end tag, or document parts.
pub fn uncounted(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"rp"
            | b"rt"
            | b"html"
            | b"head"
            | b"body"
            | b"image"
            | b"frame"
    )
}

/// Elements whose content is raw text: tags inside them are not tags.
pub fn raw_text(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"noscript" | b"iframe"
    )
}

/// Names up to this long are lower-cased to be looked up; the elements
/// named above are all shorter.
const SHORT_NAME: usize = 8;

/// The name lower-cased into `buf`, or empty when it is too long to be
/// one of the elements above.
fn lower<'b>(name: &str, buf: &'b mut [u8; SHORT_NAME]) -> &'b [u8] {
    let Some(short) = buf.get_mut(..name.len()) else { return &[] };
    short.copy_from_slice(name.as_bytes());
    short.make_ascii_lowercase();
    short
}

/// The markup with over-deep start tags (and their end tags) removed.
pub fn flatten_deep(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // Names as written: compared without regard to case, never copied.
    let mut open: Vec<&str> = Vec::new();
    let mut overflow = 0usize;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|n| at + n) {
        let Some(end) = memchr::memchr(b'>', &bytes[lt..]).map(|n| lt + n + 1) else { break };
        let tag = &text[lt..end];
        at = end;
        if tag.starts_with("<!--") {
            at = memchr::memmem::find(&bytes[lt..], b"-->").map_or(bytes.len(), |n| lt + n + 3);
            continue;
        }
        let closing = tag.starts_with("</");
        let name = tag_name(&tag[if closing { 2 } else { 1 }..]);
        let mut buf = [0; SHORT_NAME];
        let lower = lower(name, &mut buf);
        if name.is_empty() || uncounted(lower) || tag.ends_with("/>") {
            continue;
        }
        if !closing && raw_text(lower) {
            at = find_end_tag(bytes, end, name.as_bytes());
            continue;
        }
        if closing {
            if overflow > 0 && !open.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                overflow -= 1;
                dropped.push((lt, end));
            } else if let Some(i) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                open.truncate(i);
            }
        } else if open.len() >= MAX_MARKUP_DEPTH {
            overflow += 1;
            dropped.push((lt, end));
        } else {
            open.push(name);
        }
    }
    if dropped.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in dropped {
        out.push_str(&text[from..start]);
        from = end;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Where `</name` next starts (any case) at or after `from`, else the end.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(n) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + n;
        let candidate = bytes.get(start + 2..start + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return start;
        }
        at = start + 2;
    }
    bytes.len()
}

/// The tag name at the start of `rest`, as written.
fn tag_name(rest: &str) -> &str {
    let end = rest
        .bytes()
        .position(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(rest.len());
    let name = &rest[..end];
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_cut_at_the_limit_and_text_kept() {
        let deep = format!("{}x{}", "<div>".repeat(1_000), "</div>".repeat(1_000));
        let flat = flatten_deep(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_MARKUP_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_MARKUP_DEPTH);
        assert!(flat.contains('x'));
    }

    #[test]
    fn ordinary_pages_are_untouched() {
        // Near misses: many siblings, unclosed paragraphs and list items,
        // tags inside scripts and comments.
        let wide = "<div><p>a</div>".repeat(5_000);
        assert!(matches!(flatten_deep(&wide), Cow::Borrowed(_)));
        let sloppy = format!("<ul>{}</ul>", "<li><p>item".repeat(5_000));
        assert!(matches!(flatten_deep(&sloppy), Cow::Borrowed(_)));
        let script = format!(
            "<script>{}</script><!-- {} -->",
            "<div>".repeat(2_000),
            "<span>".repeat(2_000)
        );
        assert!(matches!(flatten_deep(&script), Cow::Borrowed(_)));
    }
}
