//! Separator lines between the articles of a newsletter (`—— ✦ ——`,
//! `~~~~`, `* * *`, `-----`, `═══`): lines of glyphs without a letter or
//! digit. One alone is a rule inside an essay; the same glyphs recurring,
//! with an article starting right after one of them, are the file's
//! article boundaries. Then every stretch between two of them is one
//! thing: an article, an unnamed sponsor block, or (after the last) the
//! closing footer.

use std::collections::{HashMap, HashSet};

use super::contents::Contents;
use super::shape::{ad_score, title_shape};
use super::start::{Start, scan};
use super::units::Unit;
use super::{Role, inline};
use crate::model::document::ArticleKind;

/// A line of separator glyphs: three to eighty chars, at least three of
/// them visible, none a letter or digit. The first byte settles most
/// lines: a letter or digit there is not a separator.
pub fn separator_text(text: &str) -> bool {
    let t = text.trim();
    if t.as_bytes().first().is_none_or(u8::is_ascii_alphanumeric) || t.len() > 320 {
        return false;
    }
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    (3..=80).contains(&visible) && !t.chars().any(char::is_alphanumeric)
}

/// A one-line unit of separator glyphs (of any kind: `* * *` reads as a
/// list item).
pub fn is_separator(unit: &Unit) -> bool {
    unit.lines.len() == 1 && separator_text(unit.lines[0])
}

/// The glyphs a separator is drawn with, in order of first use: `-----`
/// and `---` are the same separator.
fn glyphs(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if !out.contains(c) {
            out.push(c);
        }
    }
    out
}

/// Stretches with no start this long or shorter, after the last boundary,
/// are a closing footer.
const MAX_FOOTER_WORDS: usize = 150;

/// Settles what the separators, and the web furniture at `marked` (pagers,
/// sidebars), say about the stretches between them; adds the articles
/// they reveal to `starts`, in file order.
pub fn settle(units: &mut [Unit], starts: &mut Vec<Start>, contents: &Contents, marked: &[usize]) {
    let bounds = boundaries(units, starts);
    for &b in &bounds {
        units[b].role = Role::Furniture(ArticleKind::Boilerplate);
    }
    // Starts come in file order: a binary search says whether one opens
    // inside a stretch.
    let firsts: Vec<usize> = starts.iter().map(|s| s.first).collect();
    for pair in bounds.windows(2) {
        let (from, to) = (pair[0] + 1, pair[1]);
        let at = firsts.partition_point(|&f| f < from);
        if firsts.get(at).is_none_or(|&f| f >= to) {
            settle_stretch(units, starts, contents, from, to);
        }
    }
    starts.sort_by_key(|s| s.first);
    let Some(last) = starts.last().map(Start::body_from) else { return };
    let tail = bounds.iter().chain(marked).filter(|&&b| b >= last).min().copied();
    if let Some(from) = tail.map(|b| b + 1) {
        settle_tail(units, starts, from);
    }
}

/// Separator lines that recur and sit right before an article start at
/// least once. Hashed sets and counts: a hostile file may hold a million
/// separators and as many starts.
fn boundaries(units: &[Unit], starts: &[Start]) -> Vec<usize> {
    let seps: Vec<(usize, String)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.role == Role::Content && is_separator(u))
        .map(|(i, u)| (i, glyphs(u.lines[0])))
        .collect();
    if seps.len() < 2 {
        return Vec::new();
    }
    let firsts: HashSet<usize> = starts.iter().map(|s| s.first).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, g) in &seps {
        *counts.entry(g.as_str()).or_default() += 1;
    }
    let opening: HashSet<&str> =
        seps.iter().filter(|(i, _)| firsts.contains(&(i + 1))).map(|(_, g)| g.as_str()).collect();
    let boundary = |g: &str| opening.contains(g) && counts.get(g).is_some_and(|n| *n >= 2);
    seps.iter().filter(|(_, g)| boundary(g)).map(|(i, _)| *i).collect()
}

/// A stretch between two boundaries that no start opens (the caller
/// checks): a sponsor block
/// if it sells and the contents list (when there is one) does not name
/// it, else an article if it opens with a title line, else left as text.
fn settle_stretch(
    units: &mut [Unit],
    starts: &mut Vec<Start>,
    contents: &Contents,
    from: usize,
    to: usize,
) {
    let content: Vec<usize> = (from..to).filter(|&k| units[k].role == Role::Content).collect();
    let Some(&first) = content.first() else { return };
    let sales: u32 = content.iter().map(|&k| ad_score(units[k].text())).sum();
    let unnamed = contents.listed && !contents.names(first);
    if unnamed && sales >= 2 || sales >= 4 {
        mark(units, &content, ArticleKind::Ad);
    } else if opens_article(units, first, &content) && !unnamed {
        starts.push(scan(units, first));
    }
}

/// A title line with some content after it.
fn opens_article(units: &[Unit], first: usize, content: &[usize]) -> bool {
    let unit = &units[first];
    content.len() >= 2 && unit.is_line() && title_shape(&inline::strip(unit.text()))
}

/// What follows the last boundary after the last article: an article if
/// it opens with a title line, a closing footer (back matter) if it is
/// short, else left as text.
fn settle_tail(units: &mut [Unit], starts: &mut Vec<Start>, from: usize) {
    let content: Vec<usize> =
        (from..units.len()).filter(|&k| units[k].role == Role::Content).collect();
    let Some(&first) = content.first() else { return };
    if opens_article(units, first, &content) {
        starts.push(scan(units, first));
        return;
    }
    let words: usize = content.iter().map(|&k| units[k].text().split_whitespace().count()).sum();
    if words <= MAX_FOOTER_WORDS {
        mark(units, &content, ArticleKind::BackMatter);
    }
}

fn mark(units: &mut [Unit], at: &[usize], kind: ArticleKind) {
    for &k in at {
        units[k].role = Role::Furniture(kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_lines_of_any_glyph() {
        for line in ["—— ✦ ——", "~~~~~~~~", "* * *", "-----", "═══════", "  #  #  #  "]
        {
            assert!(separator_text(line), "{line:?}");
        }
        for line in ["--", "Part 2", "— Jane Doe", "***Note***", "→ next", "1 · 2 · 3"] {
            assert!(!separator_text(line), "{line:?}");
        }
        assert_eq!(glyphs("- - -"), glyphs("----------"));
        assert_ne!(glyphs("~~~"), glyphs("***"));
    }

    fn outline(text: &str) -> Vec<(ArticleKind, String)> {
        let newlines = crate::model::loader::newlines(text);
        let source = crate::model::shared::Source::new(text.to_string());
        let segmented = super::super::segment(&source, newlines, "x");
        segmented.articles.into_iter().map(|a| (a.kind, a.title)).collect()
    }

    #[test]
    fn stretches_between_boundaries_are_articles_and_the_tail_is_a_footer() {
        let text = "Masthead Line\n\n===\n\nFirst Piece\nJo Park · 2024-01-02\n\nBody one.\n\n\
                    ===\n\nSecond Piece Without Byline\n\nBody two.\n\n===\n\n\
                    That was all. Unsubscribe at x.example/stop\n";
        let got = outline(text);
        let readable: Vec<&str> =
            got.iter().filter(|(k, _)| k.is_readable()).map(|(_, t)| t.as_str()).collect();
        assert_eq!(readable, ["First Piece", "Second Piece Without Byline"]);
        assert!(got.iter().any(|(k, t)| *k == ArticleKind::BackMatter && t.starts_with("That")));
    }

    #[test]
    fn a_long_tail_after_the_last_boundary_stays_readable() {
        let long = "This closing note goes on for a while about the team. ".repeat(20);
        let text = format!(
            "Masthead Line\n\n===\n\nFirst Piece\nJo Park · 2024-01-02\n\nBody one.\n\n===\n\n{long}\n"
        );
        let got = outline(&text);
        assert!(got.iter().all(|(k, _)| *k != ArticleKind::BackMatter), "{got:?}");
    }

    #[test]
    fn a_separator_does_not_dangle_into_the_next_paragraph() {
        let text = "Title One\nJo Park · 2024-01-02\n\nBody.\n\n—— ✦ ——\n\nTitle Two\nAl Roe · 2024-01-03\n\nlowercase start of the body.\n\n—— ✦ ——\n";
        let got = outline(text);
        let titles: Vec<&str> =
            got.iter().filter(|(k, _)| k.is_readable()).map(|(_, t)| t.as_str()).collect();
        assert_eq!(titles, ["Title One", "Title Two"]);
    }
}
