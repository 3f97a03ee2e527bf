//! A line opening with `*` that is a footnote, not a bullet.
//!
//! The shape: a text attaches `*` to a word as a reference mark (`price*`,
//! `100%*.`), and further on a line opens with `* ` and explains it, with
//! no sibling `*` bullet on the line before or after it (a list has at
//! least two items, or lines around it that look alike). Such a line is
//! read as prose, `*` kept, rather than as a one-item list. A `*` that
//! closes emphasis (`*very good*`) is not a reference mark, and a lone `*`
//! line after a text with no mark stays a bullet: unsure, it keeps the
//! list reading it has always had.

use crate::model::scan::ascii;

/// How far back, in bytes, a reference mark is looked for: the footnote of
/// a mark is near it, and the bound keeps the look linear.
const LOOK_BACK: usize = 4096;

/// Whether `line` (a slice of `text`) is a footnote for a `*` mark earlier
/// in the text.
pub fn is_footnote(text: &str, line: &str) -> bool {
    let t = ascii::trim_start(line);
    if !t.starts_with("* ") && !t.starts_with("*\t") {
        return false;
    }
    let Some(at) = (line.as_ptr() as usize).checked_sub(text.as_ptr() as usize) else {
        return false;
    };
    let Some(before) = text.get(..at) else { return false };
    let after = text.get(at + line.len()..).unwrap_or("");
    let previous = before.lines().rev().find(|l| !l.trim().is_empty());
    let next = after.lines().find(|l| !l.trim().is_empty());
    let sibling = |l: Option<&str>| l.is_some_and(|l| ascii::trim_start(l).starts_with("* "));
    if sibling(previous) || sibling(next) {
        return false;
    }
    let mut from = before.len().saturating_sub(LOOK_BACK);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    before[from..].lines().any(has_reference_mark)
}

/// A `*` right after a word, a digit or closing punctuation, not followed
/// by a word char, with no unmatched `*` before it on the line (which
/// would make it an emphasis closer).
fn has_reference_mark(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut stars = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'*' {
            continue;
        }
        let prev = line[..i].chars().next_back();
        let next = line[i + 1..].chars().next();
        let attached = prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, ')' | '%' | '.'));
        let free = !next.is_some_and(|c| c.is_alphanumeric() || c == '*' || c == '_');
        if attached && free && stars % 2 == 0 {
            return true;
        }
        stars += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_line(text: &str) -> bool {
        let line = text.lines().last().unwrap_or("");
        let at = text.rfind(line).unwrap_or(0);
        is_footnote(text, &text[at..at + line.len()])
    }

    #[test]
    fn a_lone_star_line_after_a_marked_word_is_a_footnote() {
        assert!(last_line("Tickets cost 40 euros*, or less in advance.\n\n* Prices as of May."));
        assert!(last_line("Uptime rose to 99.9%* last year.\n* Measured monthly."));
        assert!(last_line("It ships (mostly)* on time.\n\nMore text here.\n\n* Except in August."));
    }

    #[test]
    fn near_misses_stay_bullets() {
        // No mark in the text before.
        assert!(!last_line("Things to pack.\n\n* A towel."));
        // Emphasis, not a mark.
        assert!(!last_line("It was *very good* indeed.\n\n* A towel."));
        // A sibling bullet before or after.
        assert!(!last_line("Costs*, see below.\n\n* One thing.\n* Another thing."));
        let text = "Costs*, see below.\n\n* First item.\n\n* Second item.\nThen prose.";
        let line = "* First item.";
        let at = text.find(line).unwrap_or(0);
        assert!(!is_footnote(text, &text[at..at + line.len()]));
        // A star inside a word or an expression.
        assert!(!last_line("Compute a*b quickly.\n\n* A towel."));
        // Not a star line at all.
        assert!(!last_line("Costs*, see below.\n\n- Prices as of May."));
    }

    #[test]
    fn the_segmenter_reads_the_footnote_as_prose_and_a_list_as_a_list() {
        use crate::model::loader::plain::splitting::units;
        use crate::model::loader::plain::units::UnitKind;
        let text = "Tickets cost 40 euros*, less in advance.\n\n* Prices as of May.\n";
        let kinds: Vec<UnitKind> = units(text).iter().map(|u| u.kind).collect();
        assert_eq!(kinds, vec![UnitKind::Para, UnitKind::Para]);
        assert_eq!(units(text)[1].text(), "* Prices as of May.");
        // Right under the paragraph, it is still a paragraph of its own.
        let close = "Uptime rose to 99.9%* last year.\n* Measured monthly,\nnot weekly.\n";
        let texts: Vec<String> = units(close).iter().map(|u| u.text().to_string()).collect();
        assert_eq!(texts, ["Uptime rose to 99.9%* last year.", "* Measured monthly, not weekly."]);
        let list = "Tickets cost 40 euros*, less in advance.\n\n* Bring a towel.\n* Bring a map.\n";
        let kinds: Vec<UnitKind> = units(list).iter().map(|u| u.kind).collect();
        assert_eq!(kinds, vec![UnitKind::Para, UnitKind::List]);
        let plain = "Tickets cost 40 euros, less in advance.\n\n* Bring a towel.\n";
        assert_eq!(units(plain)[1].kind, UnitKind::List);
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the mark's word, the gap and the text in between, a
        /// lone star line is a footnote; give it a sibling and it is a list.
        #[test]
        fn footnotes_follow_the_shape_not_the_words(
            word in "[a-zA-Z]{2,9}|[0-9]{1,3}%|\\([a-z]{2,6}\\)",
            gap in prop_oneof![Just(""), Just("\n"), Just("\n\n")],
            middle in proptest::option::of("[A-Z][a-z]{2,8}( [a-z]{2,8}){2,6}\\."),
            note in "[A-Z][a-z]{2,8}( [a-z]{2,8}){1,5}\\.",
        ) {
            use crate::model::loader::plain::splitting::units;
        use crate::model::loader::plain::units::UnitKind;
            let mut text = format!("It says {word}* here, and more.");
            if let Some(m) = &middle {
                text.push_str(&format!("\n\n{m}"));
            }
            let footnote = format!("{text}\n{gap}* {note}\n");
            let last = units(&footnote).last().map(|u| (u.kind, u.text().to_string()));
            prop_assert_eq!(last, Some((UnitKind::Para, format!("* {note}"))));
            let list = format!("{text}\n{gap}* {note}\n* Another item.\n");
            prop_assert_eq!(units(&list).last().map(|u| u.kind), Some(UnitKind::List));
        }
    }
}
