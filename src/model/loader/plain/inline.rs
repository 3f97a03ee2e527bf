//! Inline markup that survives in plain-text eMags: `*emphasis*` or
//! `_emphasis_`, `**strong**` or `__strong__`, `[text](url)` links
//! (`[text](#)` stubs from PDF converters become plain text), `<http://…>`
//! and bare URLs.

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
        let before = text[..text.len() - rest.len()].chars().next_back();
        if let Some((inline, used)) = markup_at(rest, before, links) {
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
                matches!(bytes[i], b'*' | b'_' | b'[' | b'<')
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
        && memchr::memchr(b'_', bytes).is_none()
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
        out.push(Inline::Text(std::mem::take(plain).into()));
    }
}

fn markup_at(s: &str, before: Option<char>, links: bool) -> Option<(Inline, usize)> {
    match s.as_bytes().first()? {
        b'*' | b'_' if !before.is_some_and(joins_words) => emphasis(s),
        b'[' if links => link(s),
        b'<' => autolink(s),
        b'h' => bare_url(s),
        _ => None,
    }
}

/// `**strong**` or `*emphasis*`, and the same with `_`: both markers
/// follow one rule. Flanked like CommonMark (no space just inside the
/// markers, closed within the same paragraph) and never inside a word:
/// a marker touching a letter, digit, `_` or `/` on its outer side is text,
/// so `a*b*c`, `snake_case_names` and `/usr/*/bin` keep their words. The
/// caller checks the char before the opener; the closer is the first run
/// of the marker whose outer side is free.
fn emphasis(s: &str) -> Option<(Inline, usize)> {
    let c = s.chars().next()?;
    let double: String = [c, c].iter().collect();
    let marker = if s.starts_with(double.as_str()) { double.as_str() } else { &s[..1] };
    let body = &s[marker.len()..];
    if body.starts_with([' ', c]) || body.is_empty() {
        return None;
    }
    let close = closer(window(body, MAX_EMPHASIS), marker)?;
    let inner = &body[..close];
    // `__init__`: a doubled underscore around one identifier is a name
    // from code, not strong text.
    if marker == "__" && inner.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let children = parse(inner);
    let inline =
        if marker.len() == 2 { Inline::Strong(children) } else { Inline::Emphasis(children) };
    Some((inline, marker.len() * 2 + close))
}

/// Where the closing `marker` starts in `body`: no space before it, no word
/// char after it, and (for a single marker) not part of a longer run, which
/// belongs to nested markup.
fn closer(body: &str, marker: &str) -> Option<usize> {
    let m = marker.as_bytes()[0];
    let bytes = body.as_bytes();
    body.match_indices(marker).map(|(at, _)| at).find(|&at| {
        let end = at + marker.len();
        let inner = &body[..at];
        let run = (at > 0 && bytes[at - 1] == m) || bytes.get(end) == Some(&m);
        !inner.is_empty()
            && !inner.ends_with(char::is_whitespace)
            && !body[end..].chars().next().is_some_and(joins_words)
            && !run
    })
}

/// Chars that join a marker to a word, a name or a path.
fn joins_words(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '/'
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
        return Some((Inline::Text(crate::model::text::inline_text(&children).into()), used));
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
    fn stars_and_underscores_are_alike() {
        for (text, marker) in [("*", "_"), ("**", "__")] {
            let a = parse(&format!("a {text}two words{text} b"));
            let b = parse(&format!("a {marker}two words{marker} b"));
            assert_eq!(a, b, "{text} vs {marker}");
            assert_eq!(a.len(), 3, "{a:?}");
        }
        assert_eq!(parse("(_see_ below)")[1], Inline::Emphasis(vec![Inline::text("see")]));
        assert_eq!(parse("_a_, then")[0], Inline::Emphasis(vec![Inline::text("a")]));
    }

    #[test]
    fn markers_inside_words_are_text() {
        for text in [
            "a*b*c",
            "snake_case_names",
            "call do_this_now() and a_b",
            "x_1 + y_2_",
            "/usr/*/bin/* and /tmp/_x_/y",
            "__init__ and __main__",
            "2*3*4",
            "_ a_ and *b *",
        ] {
            assert_eq!(parse(text), vec![Inline::text(text)], "{text}");
        }
    }

    #[test]
    fn intraword_closers_are_skipped_for_a_later_one() {
        assert_eq!(
            parse("_uses snake_case here_"),
            vec![Inline::Emphasis(vec![Inline::text("uses snake_case here")])]
        );
        assert_eq!(
            parse("*a **b** c*"),
            vec![Inline::Emphasis(vec![
                Inline::text("a "),
                Inline::Strong(vec![Inline::text("b")]),
                Inline::text(" c")
            ])]
        );
        assert_eq!(parse("__really big__")[0], Inline::Strong(vec![Inline::text("really big")]));
    }

    #[test]
    fn urls_become_links() {
        let parsed = parse("go to https://example.com/a. Or <http://b.org>");
        assert!(matches!(&parsed[1], Inline::Link { url, .. } if url == "https://example.com/a"));
        assert!(matches!(&parsed[3], Inline::Link { url, .. } if url == "http://b.org"));
    }

    use proptest::prelude::*;

    proptest! {
        /// Names joined by `_` and products joined by `*` keep their words;
        /// a free-standing word takes either marker alike.
        #[test]
        fn markers_inside_names_never_emphasise(
            name in "[a-z]{1,6}(_[a-z0-9]{1,6}){1,4}",
            product in "[a-z0-9]{1,4}(\\*[a-z0-9]{1,4}){2,4}",
            word in "[a-zA-Z]{1,10}",
            sep in " |, |; | \\(",
        ) {
            let text = format!("use {name}{sep}{product} now");
            prop_assert_eq!(parse(&text), vec![Inline::text(&text)]);
            let star = parse(&format!("a{sep}*{word}* b"));
            let under = parse(&format!("a{sep}_{word}_ b"));
            prop_assert_eq!(&star, &under);
            prop_assert_eq!(&star[1], &Inline::Emphasis(vec![Inline::text(&word)]));
        }
    }
}
