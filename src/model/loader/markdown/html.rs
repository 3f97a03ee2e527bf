//! Raw HTML degraded to text. quire never renders HTML: a reader wants the
//! words, so tags are dropped, block-level tags become paragraph breaks,
//! `<br>` becomes a line break, comments, scripts and styles vanish, and
//! common entities are decoded.

use super::clean;
use crate::model::document::Inline;

/// What a stretch of HTML amounts to for a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    LineBreak,
    ParagraphBreak,
}

/// Tags whose boundaries separate paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// An HTML block as paragraphs of inline runs; whitespace is collapsed as a
/// browser would.
pub fn paragraphs(raw: &str) -> Vec<Vec<Inline>> {
    let mut out = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    for piece in pieces(raw) {
        match piece {
            Piece::Text(text) => push_collapsed(&mut current, &text),
            Piece::LineBreak => current.push(Inline::Break),
            Piece::ParagraphBreak => finish(&mut out, &mut current),
        }
    }
    finish(&mut out, &mut current);
    out
}

/// An inline HTML fragment (usually a single tag) as inline runs.
pub fn inline(raw: &str) -> Vec<Inline> {
    pieces(raw)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Text(text) => (!text.is_empty()).then(|| Inline::Text(text.into())),
            Piece::LineBreak | Piece::ParagraphBreak => Some(Inline::Break),
        })
        .collect()
}

fn push_collapsed(current: &mut Vec<Inline>, text: &str) {
    let mut collapsed = String::with_capacity(text.len());
    let mut space = match current.last() {
        Some(Inline::Text(t)) => t.ends_with(' '),
        _ => true,
    };
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else {
            collapsed.push(c);
            space = false;
        }
    }
    match current.last_mut() {
        Some(Inline::Text(t)) => t.to_mut().push_str(&collapsed),
        _ if !collapsed.is_empty() => current.push(Inline::Text(collapsed.into())),
        _ => {}
    }
}

fn finish(out: &mut Vec<Vec<Inline>>, current: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = current.last_mut() {
        t.truncate(t.trim_end().len());
    }
    while matches!(current.last(), Some(Inline::Break)) || current.last() == Some(&Inline::text(""))
    {
        current.pop();
    }
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

/// Splits raw HTML into text and breaks.
fn pieces(raw: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let tail = &rest[lt..];
        if let Some(after) = tail.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if tail[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c))
            && tag_end(tail).is_none()
        {
            // An unclosed tag: the rest is text. Stopping here also keeps
            // `<a<a<a...` from being rescanned once per `<`.
            push_text(&mut out, tail);
            return out;
        } else if let Some(tag) = parse_tag(tail) {
            rest = &tail[tag.len..];
            if !tag.closing && matches!(tag.name.as_str(), "script" | "style") {
                rest = skip_element(rest, &tag.name);
            }
            if tag.name == "br" {
                out.push(Piece::LineBreak);
            } else if BLOCK_TAGS.contains(&tag.name.as_str()) {
                out.push(Piece::ParagraphBreak);
            } else if matches!(tag.name.as_str(), "td" | "th") {
                push_text(&mut out, " ");
            }
        } else {
            push_text(&mut out, "<");
            rest = &tail[1..];
        }
    }
    push_text(&mut out, rest);
    out
}

fn push_text(out: &mut Vec<Piece>, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let text = clean(&decode_entities(raw));
    match out.last_mut() {
        Some(Piece::Text(t)) => t.push_str(&text),
        _ => out.push(Piece::Text(text)),
    }
}

struct Tag {
    name: String,
    closing: bool,
    len: usize,
}

/// Reads a tag at the start of `tail` (which starts with `<`): `<name ...>`,
/// `</name>`, `<!DOCTYPE ...>` or `<?...?>`. A `<` that starts no tag is
/// text, as in `a < b`.
fn parse_tag(tail: &str) -> Option<Tag> {
    let after = &tail[1..];
    let (closing, name_start) = match after.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let first = name_start.chars().next()?;
    if !(first.is_ascii_alphabetic() || (!closing && matches!(first, '!' | '?'))) {
        return None;
    }
    let name: String = name_start
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let end = tag_end(tail)?;
    Some(Tag { name, closing, len: end + 1 })
}

/// Byte index of the `>` closing a tag, skipping quoted attribute values.
fn tag_end(tail: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tail.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Skips to after `</name ...>`, or to the end when it is never closed.
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let needle = format!("</{name}");
    let found = rest
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    let Some(start) = found else { return "" };
    match rest[start..].find('>') {
        Some(end) => &rest[start + end + 1..],
        None => "",
    }
}

/// Decodes the entities people actually write; unknown ones stay as typed.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp + 1..];
        // Entity names are short: looking further would make `&&&...`
        // quadratic.
        let semi = tail.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i);
        let decoded = semi.and_then(|semi| Some((entity(&tail[..semi])?, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{fffd}'));
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        // A non-breaking space would stop the reader's line wrapping.
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(raw: &str) -> Vec<String> {
        paragraphs(raw).iter().map(|p| crate::model::text::inline_text(p)).collect()
    }

    #[test]
    fn tags_are_dropped_and_blocks_split_paragraphs() {
        let raw = "<div class=\"a>b\">\n  Hello   <b>bold</b>\n  world\n</div><p>Second</p>";
        assert_eq!(texts(raw), ["Hello bold world", "Second"]);
    }

    #[test]
    fn comments_scripts_and_styles_vanish() {
        let raw = "<!-- hidden -->Shown<script>alert(1)</script><STYLE>p{}</style> too";
        assert_eq!(texts(raw), ["Shown too"]);
        assert!(texts("<!-- never closed").is_empty());
    }

    #[test]
    fn line_breaks_and_literal_angle_brackets() {
        let p = paragraphs("a<br/>b < c");
        assert_eq!(p, [vec![Inline::text("a"), Inline::Break, Inline::text("b < c")]]);
        assert_eq!(inline("<br>"), [Inline::Break]);
        assert!(inline("<span>").is_empty());
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        let s = decode_entities("&amp;&lt;&gt;&quot;&#39;&nbsp;&#x41;&#66;&bogus; & x&");
        assert_eq!(s, "&<>\"' AB&bogus; & x&");
        assert_eq!(decode_entities("&#0;&#xD800;"), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn numeric_entities_cannot_smuggle_escapes() {
        assert_eq!(texts("a&#27;[31mb"), ["a[31mb"]);
    }

    #[test]
    fn hostile_repetition_stays_linear() {
        let unclosed = "<a".repeat(100_000);
        assert_eq!(texts(&unclosed)[0].len(), unclosed.len());
        let amps = "&".repeat(100_000);
        assert_eq!(decode_entities(&amps), amps);
        assert!(texts(&"<script>x".repeat(20_000)).is_empty());
    }

    #[test]
    fn an_unclosed_tag_leaves_the_rest_as_text() {
        assert_eq!(texts("<b>x</b> <i oops"), ["x <i oops"]);
    }
}
