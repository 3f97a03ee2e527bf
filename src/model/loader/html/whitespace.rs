//! Whitespace as a browser shows it: runs of HTML whitespace collapse to
//! one space, adjacent text merges, and a paragraph's ends are trimmed.

use crate::model::document::Inline;

/// Whitespace collapsed the way a browser shows it.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace in a paragraph's runs, merges adjacent text, drops
/// empty spans and trims the paragraph's ends.
pub fn tidy(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = collapse(inlines, &mut true);
    trim_end(&mut out);
    out
}

/// `at_space` says whether the text so far ends in a space (or is empty),
/// so that runs split across spans collapse as one.
fn collapse(inlines: Vec<Inline>, at_space: &mut bool) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Text(text) => {
                if let Some(Inline::Text(previous)) = out.last_mut() {
                    collapse_into(previous, &text, at_space);
                    continue;
                }
                let mut collapsed = String::with_capacity(text.len());
                collapse_into(&mut collapsed, &text, at_space);
                Inline::Text(collapsed)
            }
            Inline::Emphasis(children) => Inline::Emphasis(collapse(children, at_space)),
            Inline::Strong(children) => Inline::Strong(collapse(children, at_space)),
            Inline::Strike(children) => Inline::Strike(collapse(children, at_space)),
            Inline::Link { text, url } => Inline::Link { text: collapse(text, at_space), url },
            Inline::Break => {
                trim_end(&mut out);
                *at_space = true;
                Inline::Break
            }
            other => {
                *at_space = false;
                other
            }
        };
        if !is_empty(&inline) {
            out.push(inline);
        }
    }
    out
}

/// Appends `text` with runs of HTML whitespace (ASCII space, tab, newline,
/// CR, form feed: what browsers collapse; a no-break space is not one) as
/// one space. Those bytes never occur inside a multi-byte UTF-8 sequence,
/// so the text is copied in runs between the bytes to drop or replace: in
/// prose that is one copy per line, not one per word.
fn collapse_into(out: &mut String, text: &str, at_space: &mut bool) {
    let mut copied = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
            *at_space = false;
            continue;
        }
        if *at_space || b != b' ' {
            out.push_str(&text[copied..i]);
            copied = i + 1;
            if !*at_space {
                out.push(' ');
            }
        }
        *at_space = true;
    }
    out.push_str(&text[copied..]);
}

fn is_empty(inline: &Inline) -> bool {
    match inline {
        Inline::Text(t) | Inline::Code(t) => t.is_empty(),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => c.is_empty(),
        Inline::Link { text, .. } => text.is_empty(),
        _ => false,
    }
}

/// Drops trailing spaces and breaks.
fn trim_end(inlines: &mut Vec<Inline>) {
    while let Some(last) = inlines.last_mut() {
        match last {
            Inline::Text(t) => {
                let len = t.trim_end().len();
                t.truncate(len);
                if !t.is_empty() {
                    return;
                }
            }
            Inline::Break => {}
            _ => return,
        }
        inlines.pop();
    }
}
