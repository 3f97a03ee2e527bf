//! The Markdown export: YAML front matter, then one heading per article and
//! section that holds highlights, each highlight a blockquote of its exact
//! text, its note, a location line with the colour tag, and a block id.
//! The README's "Export format" section is the specification.

use std::fmt::Write as _;

use super::escape::{line, paragraphs};
use super::resolve::{Entry, Resolved, colour_tag};
use super::{authors, rfc3339};
use crate::model::highlight::Millis;

/// The tag every export carries, so a vault can find quire's notes.
pub const TAG: &str = "quire";
/// Colour tags are `highlight/<colour>`.
pub const COLOUR_TAG_PREFIX: &str = "highlight/";
pub const DETACHED_HEADING: &str = "Detached highlights";

/// Renders one document's highlights. Only the `exported:` line depends on
/// `exported`; everything else is a function of the document and the
/// highlights.
pub fn render(resolved: &Resolved<'_>, exported: Millis) -> String {
    let mut out = String::with_capacity(256 + resolved.len() * 256);
    front_matter(&mut out, resolved, exported);
    let _ = write!(out, "\n# {}\n", line(&resolved.document.title));
    let mut article = None;
    let mut section = None;
    for entry in &resolved.placed {
        // Placed entries always have an article.
        if let Some((index, a)) = entry.article
            && article != Some(index)
        {
            article = Some(index);
            section = None;
            let _ = write!(out, "\n## {}\n", line(&a.title));
            if let Some(author) = a.author.as_deref().filter(|s| !s.trim().is_empty()) {
                let _ = write!(out, "\nby {}\n", line(author));
            }
        }
        let place = entry.place.map(|p| (p.section, p.heading));
        if let Some((index, heading)) = place
            && section != Some(index)
        {
            section = Some(index);
            if let Some(heading) = heading {
                let _ = write!(out, "\n### {}\n", line(heading));
            }
        }
        highlight(&mut out, entry);
    }
    if !resolved.detached.is_empty() {
        let _ = write!(out, "\n## {DETACHED_HEADING}\n");
        for entry in &resolved.detached {
            highlight(&mut out, entry);
        }
    }
    out
}

fn front_matter(out: &mut String, resolved: &Resolved<'_>, exported: Millis) {
    let doc = resolved.document;
    let authors: Vec<String> = authors(doc).into_iter().map(yaml_string).collect();
    let mut tags = vec![TAG.to_string()];
    let mut colours: Vec<String> = resolved
        .entries()
        .map(|e| format!("{COLOUR_TAG_PREFIX}{}", colour_tag(&e.highlight.colour)))
        .collect();
    colours.sort();
    colours.dedup();
    tags.extend(colours);
    let tags: Vec<String> = tags.into_iter().map(yaml_string).collect();
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&doc.title));
    let _ = writeln!(out, "author: [{}]", authors.join(", "));
    let _ = writeln!(out, "source: {}", yaml_string(&doc.origin));
    let _ = writeln!(out, "quire_id: {}", yaml_string(doc.id.to_string()));
    let _ = writeln!(out, "exported: {}", yaml_string(rfc3339(exported)));
    let _ = writeln!(out, "highlights: {}", resolved.len());
    let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    out.push_str("---\n");
}

fn highlight(out: &mut String, entry: &Entry<'_>) {
    out.push('\n');
    blockquote(out, &entry.text);
    if let Some(note) = entry.highlight.note.as_deref().filter(|n| !n.trim().is_empty()) {
        out.push('\n');
        out.push_str(&paragraphs(note).join("\n\n"));
        out.push('\n');
    }
    let _ = write!(
        out,
        "\n{} #{COLOUR_TAG_PREFIX}{} ^{}\n",
        location(entry),
        colour_tag(&entry.highlight.colour),
        entry.block_id
    );
}

/// `> ` before every line; a bare `>` line between paragraphs.
fn blockquote(out: &mut String, text: &str) {
    for (i, paragraph) in paragraphs(text).iter().enumerate() {
        if i > 0 {
            out.push_str(">\n");
        }
        for l in paragraph.split('\n') {
            if l.is_empty() {
                out.push_str(">\n");
            } else {
                out.push_str("> ");
                out.push_str(l);
                out.push('\n');
            }
        }
    }
}

/// `Article › Section · 42%`; a detached highlight has no place, so it says
/// so instead of a percentage.
fn location(entry: &Entry<'_>) -> String {
    let mut text = match entry.article.map(|(_, a)| line(&a.title)) {
        Some(title) if title.is_empty() => "Untitled article".to_string(),
        Some(title) => title,
        None => "Unknown article".to_string(),
    };
    match entry.place {
        Some(place) => {
            if let Some(heading) = place.heading {
                let _ = write!(text, " › {}", line(heading));
            }
            let _ = write!(text, " · {}%", place.percent);
        }
        None => text.push_str(" · detached"),
    }
    text
}

/// A YAML double-quoted scalar. Its escapes are the JSON ones (`\"`, `\\`,
/// `\n`, `\uXXXX`), so the value is also a JSON string: safe with `:`, `#`,
/// quotes, a leading `-` or `[`, and newlines. Besides control characters,
/// the characters YAML 1.1 treats as line breaks (NEL, LS, PS) and the BOM
/// are escaped.
pub fn yaml_string(text: impl AsRef<str>) -> String {
    let text = text.as_ref();
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_are_json_strings() {
        for text in ["a: b # c", "\"quoted\"", "- dash", "line\nbreak\u{85}\u{2028}", "\\"] {
            let quoted = yaml_string(text);
            let back: String = serde_json::from_str(&quoted).unwrap_or_default();
            assert_eq!(back, text);
            assert!(!quoted.contains('\n'));
        }
    }

    #[test]
    fn blockquotes_keep_paragraphs() {
        let mut out = String::new();
        blockquote(&mut out, "one\n\ntwo\nthree");
        assert_eq!(out, "> one\n>\n> two\\\n> three\n");
    }
}
