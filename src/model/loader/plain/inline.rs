//! Inline markup that survives in plain-text eMags: `*emphasis*`,
//! `**strong**`, `[text](url)` links (`[text](#)` stubs from PDF
//! converters become plain text), `<http://…>` and bare URLs.

use crate::model::document::Inline;

/// Markup spans longer than these are not markup. The bounds also keep
/// parsing linear on hostile input such as a megabyte of `[` or `*`.
const MAX_EMPHASIS: usize = 400;
const MAX_LINK_TEXT: usize = 300;
const MAX_URL: usize = 2048;

/// The first `max` bytes of `s`, cut back to a char boundary.
fn window(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Parses one paragraph's text into inline runs.
pub fn parse(text: &str) -> Vec<Inline> {
    if is_plain(text) {
        return if text.is_empty() { Vec::new() } else { vec![Inline::text(text)] };
    }
    parse_markup(text)
}

/// The markup walk itself, for text that may hold some.
fn parse_markup(text: &str) -> Vec<Inline> {
    let links = text.contains("](");
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((inline, used)) = markup_at(rest, links) {
            flush(&mut plain, &mut out);
            out.push(inline);
            rest = &rest[used..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        plain.push(c);
        rest = &rest[c.len_utf8()..];
        // Copy ordinary text in bulk up to the next possible markup start.
        let bytes = rest.as_bytes();
        let next = (0..bytes.len())
            .find(|&i| {
                matches!(bytes[i], b'*' | b'[' | b'<')
                    || (bytes[i] == b'h' && bytes[i..].starts_with(b"http"))
            })
            .unwrap_or(bytes.len());
        plain.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    flush(&mut plain, &mut out);
    out
}

/// Holds nothing that could start markup, since nearly every paragraph
/// of a plain-text file is like that. A bare URL needs "://", and a colon
/// is rare enough in prose that looking for colons beats setting up a
/// substring search per paragraph.
pub fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b'*', b'[', b'<', bytes).is_none()
        && !memchr::memchr_iter(b':', bytes).any(|at| bytes[at + 1..].starts_with(b"//"))
}

/// Plain text with link stubs and emphasis markers removed, for titles,
/// headings and metadata.
pub fn strip(text: &str) -> String {
    if is_plain(text) {
        return text.to_string();
    }
    crate::model::text::inline_text(&parse(text))
}

fn flush(plain: &mut String, out: &mut Vec<Inline>) {
    if !plain.is_empty() {
        out.push(Inline::Text(std::mem::take(plain)));
    }
}

fn markup_at(s: &str, links: bool) -> Option<(Inline, usize)> {
    match s.as_bytes().first()? {
        b'*' => emphasis(s),
        b'[' if links => link(s),
        b'<' => autolink(s),
        b'h' => bare_url(s),
        _ => None,
    }
}

/// `**strong**` or `*emphasis*`, flanked like CommonMark: no space just
/// inside the markers, closed within the same paragraph.
fn emphasis(s: &str) -> Option<(Inline, usize)> {
    let marker = if s.starts_with("**") { "**" } else { "*" };
    let body = &s[marker.len()..];
    if body.starts_with([' ', '*']) || body.is_empty() {
        return None;
    }
    let close = window(body, MAX_EMPHASIS).find(marker)?;
    let inner = &body[..close];
    if inner.is_empty() || inner.ends_with(' ') {
        return None;
    }
    let children = parse(inner);
    let inline = if marker == "**" { Inline::Strong(children) } else { Inline::Emphasis(children) };
    Some((inline, marker.len() * 2 + close))
}

/// `[text](url)`; stubs pointing nowhere keep only their text.
fn link(s: &str) -> Option<(Inline, usize)> {
    let close = window(s, MAX_LINK_TEXT).find("](")?;
    let text = &s[1..close];
    if text.contains(['[', ']']) {
        return None;
    }
    let after = &s[close + 2..];
    let end = window(after, MAX_URL).find(')')?;
    let url = after[..end].trim();
    if url.contains(char::is_whitespace) {
        return None;
    }
    let used = close + 2 + end + 1;
    let children = parse(text);
    if url.is_empty() || url.starts_with('#') {
        return Some((Inline::Text(crate::model::text::inline_text(&children)), used));
    }
    Some((Inline::Link { text: children, url: url.to_string() }, used))
}

fn autolink(s: &str) -> Option<(Inline, usize)> {
    let end = window(s, MAX_URL).find('>')?;
    let url = &s[1..end];
    let is_url = (url.starts_with("http://") || url.starts_with("https://"))
        && !url.contains(char::is_whitespace);
    is_url.then(|| (Inline::Link { text: vec![Inline::text(url)], url: url.to_string() }, end + 1))
}

fn bare_url(s: &str) -> Option<(Inline, usize)> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ')', ';', ':', '"', '”']);
    (url.len() > 8)
        .then(|| (Inline::Link { text: vec![Inline::text(url)], url: url.to_string() }, url.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_what_the_markup_walk_leaves_alone() {
        for text in ["an http-based API: httpd, https and ftp:/x", "a: b", "http", "x:", "é: h"] {
            assert!(is_plain(text), "{text}");
            assert_eq!(parse_markup(text), vec![Inline::text(text)], "{text}");
        }
        for text in ["see http://x.org/page", "a *b* c", "[x](#)", "<https://x.org>"] {
            assert!(!is_plain(text), "{text}");
        }
    }

    #[test]
    fn link_stubs_become_text() {
        assert_eq!(
            parse("a [video](#) here"),
            vec![Inline::text("a "), Inline::text("video"), Inline::text(" here")]
        );
        assert_eq!(strip("[Take a Tour](#)"), "Take a Tour");
    }

    #[test]
    fn real_links_and_emphasis() {
        let parsed = parse("see [docs](https://x.org) and **bold** *it*");
        assert_eq!(
            parsed[1],
            Inline::Link { text: vec![Inline::text("docs")], url: "https://x.org".into() }
        );
        assert_eq!(parsed[3], Inline::Strong(vec![Inline::text("bold")]));
        assert_eq!(parsed[5], Inline::Emphasis(vec![Inline::text("it")]));
    }

    #[test]
    fn stray_markers_stay_text() {
        assert_eq!(strip("2 * 3 * 4 and *unclosed"), "2 * 3 * 4 and *unclosed");
        assert_eq!(strip("a [bracket] b"), "a [bracket] b");
    }

    #[test]
    fn urls_become_links() {
        let parsed = parse("go to https://example.com/a. Or <http://b.org>");
        assert!(matches!(&parsed[1], Inline::Link { url, .. } if url == "https://example.com/a"));
        assert!(matches!(&parsed[3], Inline::Link { url, .. } if url == "http://b.org"));
    }
}
