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
                    collapse_into(previous.to_mut(), &text, at_space);
                    continue;
                }
                Inline::Text(collapse_owned(text.into_string(), at_space).into())
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
        if !is_html_space(b) {
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

/// `text` collapsed, kept as it is (no copy) when it already is: text
/// whose only whitespace is single spaces, as most text inside tags is.
fn collapse_owned(text: String, at_space: &mut bool) -> String {
    let bytes = text.as_bytes();
    let mut previous_space = *at_space;
    let first_change = bytes.iter().position(|&b| {
        let space = is_html_space(b);
        let change = space && (previous_space || b != b' ');
        previous_space = space;
        change
    });
    let Some(at) = first_change else {
        *at_space = previous_space;
        return text;
    };
    // Up to `at` the text is already collapsed: copy it and go on.
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    *at_space = if at == 0 { *at_space } else { bytes[at - 1] == b' ' };
    collapse_into(&mut out, &text[at..], at_space);
    out
}

/// HTML's whitespace: what browsers collapse, and what separates a tag's
/// parts.
pub fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

fn is_empty(inline: &Inline) -> bool {
    match inline {
        Inline::Text(t) => t.is_empty(),
        Inline::Code(t) => t.is_empty(),
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn collapsed_text_is_kept_and_other_text_collapsed() {
        let mut at_space = false;
        assert_eq!(collapse_owned("one two ".into(), &mut at_space), "one two ");
        assert!(at_space);
        // Near misses: a double space, a newline, a leading space after one.
        assert_eq!(collapse_owned("one  two".into(), &mut false), "one two");
        assert_eq!(collapse_owned("one\ntwo".into(), &mut false), "one two");
        assert_eq!(collapse_owned(" two".into(), &mut true), "two");
    }

    proptest! {
        /// Keeping or copying, the text is what a collapse into an empty
        /// string gives, and so is the state after it.
        #[test]
        fn keeping_matches_copying(text in "[ a\\t\\n\\r\\u{a0}é]{0,24}", start in any::<bool>()) {
            let (mut kept, mut copied) = (start, start);
            let mut expected = String::new();
            collapse_into(&mut expected, &text, &mut copied);
            prop_assert_eq!(collapse_owned(text.clone(), &mut kept), expected);
            prop_assert_eq!(kept, copied);
        }
    }
}
