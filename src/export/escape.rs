//! Text → Markdown that parses back to the same text.
//!
//! A highlight is the reader's exact words, so the export must not turn a
//! `*` into emphasis, a leading `1.` into a list or two trailing spaces into
//! a line break. The rules below are checked by a property test that parses
//! the output with pulldown-cmark (every extension on except smart
//! punctuation, which rewrites quotes by design).
//!
//! # What "the same text" means
//! Everything round-trips exactly, whitespace included, with one exception:
//! U+0000 becomes U+FFFD, as CommonMark requires of every parser.
//! - A run of exactly two newlines between other text is a paragraph break.
//! - A single newline between other text is a hard line break (`\` at the
//!   end of the line), which parsers report as a line break, not a space.
//! - Any other newline (leading, trailing, or in runs of three or more) is
//!   the character reference `&#10;`, since Markdown has no other way to
//!   say it.
//! - Spaces and tabs at either end of a line, tabs anywhere, and control
//!   characters are character references (`&#32;`, `&#9;`, ...), because
//!   Markdown strips or reinterprets them.
//!
//! Escaping aims to stay readable in a note app's editor: ordinary prose
//! punctuation (`.` `,` `'` `"` `(` `:` `!` `?` `-`) is left alone except
//! where it could start a block at the beginning of a line.

/// ASCII punctuation that is always backslash-escaped: each can open inline
/// markup somewhere (emphasis, code, links, HTML, tables, strikethrough,
/// math, superscript) or is Obsidian syntax (`#tag`, `^block-id`).
const ALWAYS: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '#', '|', '~', '$', '^'];

/// Splits `text` into escaped Markdown paragraphs. Each paragraph may hold
/// several lines joined by hard breaks (`\` + newline); callers prefix the
/// lines (with `> ` for a blockquote) and separate paragraphs with a blank
/// line. Empty text gives one empty paragraph.
pub fn paragraphs(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut paragraphs = Vec::new();
    let mut paragraph = String::new();
    let mut line: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\n' {
            line.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| c == '\n').count();
        let inside = i > 0 && i + run < chars.len();
        match (inside, run) {
            (true, 2) => {
                push_line(&mut paragraph, &line);
                paragraphs.push(std::mem::take(&mut paragraph));
                line.clear();
            }
            (true, 1) => {
                push_line(&mut paragraph, &line);
                paragraph.push_str("\\\n");
                line.clear();
            }
            // Kept inside the line, where it becomes `&#10;`.
            _ => line.extend(std::iter::repeat_n('\n', run)),
        }
        i += run;
    }
    push_line(&mut paragraph, &line);
    paragraphs.push(paragraph);
    paragraphs
}

/// Escapes one line of metadata (a title, an author) for a heading or a
/// plain line: newlines and runs of whitespace become single spaces and the
/// ends are trimmed, since a title's layout carries no meaning. `{` is
/// escaped too, as a trailing `{...}` is an attribute list in a heading.
pub fn line(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = collapsed.chars().collect();
    let mut out = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if c == '{' || c == '}' {
            out.push('\\');
            out.push(c);
        } else {
            push_char(&mut out, &chars, k);
        }
    }
    out
}

fn push_line(out: &mut String, line: &[char]) {
    for k in 0..line.len() {
        push_char(out, line, k);
    }
}

/// Escapes the char at `k` of a line, looking at its neighbours.
fn push_char(out: &mut String, line: &[char], k: usize) {
    let c = line[k];
    if c.is_ascii_alphanumeric() {
        out.push(c);
        return;
    }
    let prev = k.checked_sub(1).map(|p| line[p]);
    let next = line.get(k + 1).copied();
    let at_edge = k == 0 || k + 1 == line.len();
    match c {
        '\0' => out.push('\u{fffd}'),
        ' ' if at_edge => out.push_str("&#32;"),
        ' ' => out.push(' '),
        c if c.is_control() => push_reference(out, c),
        c if ALWAYS.contains(&c) => push_escaped(out, c),
        '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => push_escaped(out, c),
        // `==highlight==` in Obsidian, `%%comment%%`; a leading `=` could
        // also underline the previous line into a heading.
        '=' | '%' if k == 0 || prev == Some(c) || next == Some(c) => push_escaped(out, c),
        // Block starts: blockquote, list items, thematic breaks, setext
        // underlines, definition lists.
        '>' | '-' | '+' | ':' if k == 0 => push_escaped(out, c),
        '.' | ')' if is_list_number(&line[..k]) => push_escaped(out, c),
        c => out.push(c),
    }
}

/// `1.` or `1)` at the start of a line opens an ordered list.
fn is_list_number(before: &[char]) -> bool {
    !before.is_empty() && before.iter().all(char::is_ascii_digit)
}

fn push_escaped(out: &mut String, c: char) {
    out.push('\\');
    out.push(c);
}

fn push_reference(out: &mut String, c: char) {
    out.push_str(&format!("&#{};", u32::from(c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_prose_is_left_readable() {
        let text = "Don't panic: it's (mostly) fine, e.g. here - really? Yes! 3.5 + 2 = 5.5";
        assert_eq!(paragraphs(text), vec![text.to_string()]);
    }

    #[test]
    fn markup_and_block_starts_are_escaped() {
        assert_eq!(paragraphs("*a* _b_ `c` [d]"), vec![r"\*a\* \_b\_ \`c\` \[d\]"]);
        assert_eq!(paragraphs("1. one"), vec![r"1\. one"]);
        assert_eq!(paragraphs("- x\n# y"), vec!["\\- x\\\n\\# y"]);
        assert_eq!(paragraphs("AT&T &amp; Q & A"), vec![r"AT\&T \&amp; Q & A"]);
    }

    #[test]
    fn whitespace_at_line_ends_becomes_references() {
        assert_eq!(paragraphs("  code"), vec!["&#32; code"]);
        assert_eq!(paragraphs("end  "), vec!["end &#32;"]);
        assert_eq!(paragraphs("a\tb"), vec!["a&#9;b"]);
    }

    #[test]
    fn newlines_become_breaks_paragraphs_or_references() {
        assert_eq!(paragraphs("a\n\nb"), vec!["a", "b"]);
        assert_eq!(paragraphs("a\nb"), vec!["a\\\nb"]);
        assert_eq!(paragraphs("a\n\n\nb"), vec!["a&#10;&#10;&#10;b"]);
        assert_eq!(paragraphs("\na"), vec!["&#10;a"]);
        assert_eq!(paragraphs(""), vec![""]);
    }

    #[test]
    fn metadata_lines_are_single_and_trimmed() {
        assert_eq!(line("  Title:\n {#id}  "), r"Title: \{\#id\}");
    }
}
