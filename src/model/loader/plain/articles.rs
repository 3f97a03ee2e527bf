//! Where articles start, and what their titles, authors and sources are.
//!
//! A title line alone is not evidence of an article (sections have headings
//! too), so each candidate is scored on what surrounds it: a byline, a
//! "posted on" source line, a dateline, an author bio, a repeat of the
//! title (blog exports), an entry in the eMag's table of contents, or
//! boilerplate right before it (digests). See [`SIGNAL_THRESHOLD`].

use std::collections::HashSet;

use super::Role;
use super::contents::Contents;
use super::separators::is_separator;
use super::shape::title_shape;
use super::start::{Start, scan, weight};
use super::units::Unit;
use crate::model::document::ArticleKind;
use crate::model::scan::fold::{HashedMap, letters_key};

/// Evidence needed for an article start: one strong signal (3) or two
/// weaker ones.
const SIGNAL_THRESHOLD: u32 = 3;

/// Finds article starts in file order; `contents` names the titles a
/// contents list announced.
pub fn find_starts(units: &[Unit], contents: &Contents) -> Vec<Start> {
    let candidates: Vec<bool> = units.iter().map(candidate).collect();
    let toc = toc_entries(units, &candidates);
    let mut starts: Vec<Start> = Vec::new();
    let mut taken_until = 0;
    for (i, &candidate) in candidates.iter().enumerate() {
        if i < taken_until || !candidate {
            continue;
        }
        let mut start = scan(units, i);
        if toc.contains(&i) {
            start.score += weight::CONTENTS_ENTRY;
        }
        let before = start.first.checked_sub(1).map(|k| &units[k]);
        let furniture = before.is_some_and(|u| matches!(u.role, Role::Furniture(_)));
        if furniture {
            start.score += weight::AFTER_FURNITURE;
        }
        // A separator line is weak evidence alone (an essay has rules in
        // it); with a contents entry or a byline it settles a start.
        let separated = before.is_some_and(is_separator);
        if separated {
            start.score += weight::AFTER_SEPARATOR;
        }
        if contents.names(i) && (separated || furniture || !start.meta.is_empty()) {
            start.score += weight::CONTENTS_LIST;
        }
        if start.score >= SIGNAL_THRESHOLD {
            taken_until = start.body_from();
            starts.push(start);
        }
    }
    let nexts: Vec<usize> = starts.iter().skip(1).map(|s| s.first).chain([units.len()]).collect();
    let mut kept: Vec<Start> = Vec::with_capacity(starts.len());
    for (start, next) in starts.into_iter().zip(nexts) {
        // An article has a body. A title-shaped line followed only by its
        // metadata (a closing "originally posted on" line, say) is the end
        // of the previous article, not the start of another.
        let body = (start.body_from()..next.max(start.body_from()))
            .any(|k| units[k].role == Role::Content);
        if body {
            kept.push(start);
        }
    }
    kept
}

fn candidate(unit: &Unit) -> bool {
    unit.is_line() && unit.role == Role::Content && !unit.floated && title_shape(unit.text())
}

/// Table-of-contents matches: title lines that occur exactly twice, whose
/// first occurrences sit close together (three or more, each within
/// [`TOC_GAP`] units of the next, as on a contents page), and whose second
/// occurrences come after the whole contents and are followed by text.
/// Returns the units of the second occurrences.
fn toc_entries(units: &[Unit], candidates: &[bool]) -> HashSet<usize> {
    let mut seen: HashedMap<u64, Vec<usize>> = HashedMap::default();
    for (i, unit) in units.iter().enumerate() {
        if candidates[i] {
            seen.entry(letters_key(unit.text()).unwrap_or(0)).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .values()
        .filter(|at| at.len() == 2 && at[1] > at[0] + 1)
        .map(|at| (at[0], at[1]))
        .filter(|(_, later)| units.get(later + 1).is_some_and(|u| u.is_prose()))
        .collect();
    pairs.sort_unstable();
    let mut entries = HashSet::new();
    let mut from = 0;
    while from < pairs.len() {
        let mut to = from + 1;
        while to < pairs.len() && pairs[to].0 - pairs[to - 1].0 <= TOC_GAP {
            to += 1;
        }
        let cluster = &pairs[from..to];
        let last_entry = cluster.last().map_or(0, |p| p.0);
        if cluster.len() >= 3 {
            entries.extend(cluster.iter().map(|p| p.1).filter(|later| *later > last_entry));
        }
        from = to;
    }
    entries
}

/// How far apart (in units) neighbouring entries of a contents page can be:
/// a title, a description and a page number or kind label.
const TOC_GAP: usize = 6;

/// The kind of an article found at a start.
pub fn kind_of(start: &Start) -> ArticleKind {
    if start.letter { ArticleKind::Letter } else { ArticleKind::Article }
}

#[cfg(test)]
mod tests {
    use super::super::splitting::units;
    use super::*;

    fn starts(text: &str) -> Vec<Start> {
        find_starts(&units(text), &Contents::default())
    }

    #[test]
    fn byline_after_a_title_starts_an_article() {
        let s = starts(
            "Intro text here.\n\nDeploying at Scale\n\nBy Omed Habib\n\nThe body starts here.",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].title, "Deploying at Scale");
        assert_eq!(s[0].author.as_deref(), Some("Omed Habib"));
    }

    #[test]
    fn digest_entries_with_byline_blocks_and_sources() {
        let entry = |t: &str, who: &str| {
            format!(
                "{t}\n\nMMS Founder\nMMS {who}\n\nArticle originally posted on InfoQ. Visit InfoQ\n\nBody text of it.\n\n"
            )
        };
        let s = starts(&format!(
            "{}{}",
            entry("First Story Title", "RSS"),
            entry("Second Story", "Jane Doe")
        ));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].author, None);
        assert_eq!(s[1].author.as_deref(), Some("Jane Doe"));
        assert_eq!(s[1].source.as_deref(), Some("InfoQ"));
    }

    #[test]
    fn a_title_with_no_body_is_not_an_article() {
        let s = starts(
            "Real Story\n\nBy Jane Doe\n\nText.\n\nFollow Us on X for More\n\nArticle originally posted on Feed.",
        );
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn section_headings_are_not_articles() {
        assert!(starts("Title\n\nSome text.\n\nConclusion\n\nMore text here.").is_empty());
    }

    #[test]
    fn blog_exports_repeat_titles_with_a_dateline() {
        let s = starts(
            "My Post\n\nMy Post\n\nMarch 3, 2020\n\nHello there.\n\nOther Post\n\nOther Post\n\nMay 5, 2021\n\nBye.",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].date.as_deref(), Some("May 5, 2021"));
        assert_eq!(s[0].meta.len(), 2);
    }

    #[test]
    fn a_title_link_above_the_title_joins_the_start() {
        let s = starts(
            "[My Post](https://x.example/my-post)\n\nMy Post\n\nJo Park | 2024-01-02\n\nText.",
        );
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].first, s[0].title_unit), (0, 1));
        assert_eq!(s[0].date.as_deref(), Some("2024-01-02"));
        // A link to something else is not the title's repeat.
        let s = starts("[Other](https://x.example/o)\n\nMy Post\n\nSome text.");
        assert!(s.is_empty());
    }

    #[test]
    fn separators_and_contents_entries_add_up() {
        let piece = "~~~~~~\n\nA Piece Title\n\nSome text of the piece.\n\n";
        assert!(starts(&piece.repeat(2)).is_empty(), "a separator and a heading are not enough");
        let u = units("- A piece title\n- Other\n\n~~~~~~\n\nA Piece Title\n\nText.\n\n");
        let contents = Contents { titles: [2].into_iter().collect(), listed: true };
        assert_eq!(find_starts(&u, &contents).len(), 1);
    }

    #[test]
    fn letters_signed_above_the_title() {
        let s = starts(
            "JANE ROE\n\nJane has edited this magazine for ten years and likes it.\n\nA LETTER FROM THE EDITOR\n\nWelcome, reader.",
        );
        assert_eq!(s.len(), 1);
        assert!(s[0].letter);
        assert_eq!(s[0].author.as_deref(), Some("Jane Roe"));
        assert_eq!(s[0].first, 0);
    }

    #[test]
    fn contents_pages_mark_their_titles() {
        let toc = "Alpha Story\n\nAbout alpha.\n\nBeta Story\n\nAbout beta.\n\nGamma Story\n\nAbout gamma.\n\n";
        let body = "Alpha Story\n\nText a.\n\nBeta Story\n\nText b.\n\nGamma Story\n\nText c.";
        let s = starts(&format!("{toc}{body}"));
        assert_eq!(
            s.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
            ["Alpha Story", "Beta Story", "Gamma Story"]
        );
        assert!(s[0].title_unit >= 6);
    }
}
