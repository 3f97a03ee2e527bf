//! Where articles start, and what their titles, authors and sources are.
//!
//! A title line alone is not evidence of an article (sections have headings
//! too), so each candidate is scored on what surrounds it: a byline, a
//! "posted on" source line, a dateline, an author bio, a repeat of the
//! title (blog exports), an entry in the eMag's table of contents, or
//! boilerplate right before it (digests). See [`SIGNAL_THRESHOLD`].

use std::collections::HashSet;

use super::contents::Contents;
use super::dates::dated_byline;
use super::hashing::{HashedMap, letters_key};
use super::separators::is_separator;

use super::meta::{
    bio_author, byline, date_line, name_case, name_line, placeholder_author, source_line,
};
use super::shape::{letter_title, title_shape};
use super::units::Unit;
use super::{Role, inline};
use crate::model::document::ArticleKind;

/// Evidence needed for an article start: one strong signal (3) or two
/// weaker ones.
const SIGNAL_THRESHOLD: u32 = 3;

/// What was learnt about one article start.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// First unit of the article (before the title when a name and bio
    /// precede it, as on an editor's letter).
    pub first: usize,
    pub title_unit: usize,
    pub title: String,
    pub author: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub letter: bool,
    /// Units used up as metadata (byline, source line, dateline, repeat).
    pub meta: Vec<usize>,
    score: u32,
}

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
            start.score += 3;
        }
        let before = start.first.checked_sub(1).map(|k| &units[k]);
        let furniture = before.is_some_and(|u| matches!(u.role, Role::Furniture(_)));
        if furniture {
            start.score += 2;
        }
        // A separator line is weak evidence alone (an essay has rules in
        // it); with a contents entry or a byline it settles a start.
        let separated = before.is_some_and(is_separator);
        start.score += u32::from(separated);
        if contents.names(i) && (separated || furniture || !start.meta.is_empty()) {
            start.score += 2;
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

impl Start {
    /// The first unit after the title and its metadata.
    pub fn body_from(&self) -> usize {
        self.meta.iter().copied().chain([self.title_unit]).max().map_or(0, |m| m + 1)
    }
}

fn candidate(unit: &Unit) -> bool {
    unit.is_line() && unit.role == Role::Content && !unit.floated && title_shape(&unit.text)
}

/// Reads the metadata that follows (or, for letters, precedes) a title.
pub fn scan(units: &[Unit], i: usize) -> Start {
    let title = inline::strip(&units[i].text);
    let mut start = Start { first: i, title_unit: i, title, ..Start::default() };
    if units[i].is_heading() {
        start.score += 1;
    }
    title_link_above(units, &mut start);
    let mut j = i + 1;
    while let Some(unit) = units.get(j) {
        if unit.role != Role::Content || !read_meta(units, j, &mut start) {
            break;
        }
        j = start.meta.iter().max().map_or(j + 1, |m| m + 1);
    }
    let signed = start.author.is_some() || start.meta.iter().any(|&m| units[m].lines.len() > 1);
    if !signed && let Some(name) = units.get(j).and_then(bio_of) {
        start.author = Some(name);
        start.score += 2;
    }
    if letter_title(&start.title) && !start.title.contains('@') {
        start.letter = true;
        start.score += 2;
        letter_author(units, &mut start);
    }
    start
}

/// Blog pages print a post's title twice: a link line (`[Title](url)`),
/// then the title itself. The link line is part of the start.
fn title_link_above(units: &[Unit], start: &mut Start) {
    let i = start.title_unit;
    let Some(above) = i.checked_sub(1).map(|k| &units[k]) else { return };
    let link = above.is_line() && above.role == Role::Content && above.text.starts_with('[');
    if link && inline::strip(&above.text) == start.title {
        start.first = i - 1;
        start.meta.push(i - 1);
        start.score += 2;
    }
}

/// Consumes one metadata unit at `j` if it is one; returns whether it was.
fn read_meta(units: &[Unit], j: usize, start: &mut Start) -> bool {
    let unit = &units[j];
    let text = unit.text.trim();
    let mut gain = 2;
    if let Some(author) = unit.is_line().then(|| byline(text)).flatten() {
        start.author = Some(author);
    } else if let Some(source) = unit.lines.iter().find_map(|l| source_line(l)) {
        start.source = Some(source);
    } else if let Some(dated) = unit.is_line().then(|| dated_byline(text)).flatten() {
        // "Name / date", "Words by Name · date", either order.
        start.date = Some(dated.date);
        start.author = start.author.take().or(dated.author);
    } else if let Some((date, author)) = unit.is_line().then(|| date_line(text)).flatten() {
        // A date alone is weak evidence: eMag covers carry an issue date.
        gain = if author.is_some() { 2 } else { 1 };
        start.date = Some(date);
        start.author = start.author.take().or(author);
    } else if start.meta.is_empty() && same_title(text, &start.title) {
        // Blog exports repeat the title (a link, then the heading).
    } else if let Some(author) = byline_block(units, j) {
        start.author = author;
        gain = 1;
    } else {
        return false;
    }
    start.score += gain;
    start.meta.push(j);
    true
}

/// Does the text, stripped of markup, read as the title? Text without
/// markup is compared as it is, without stripping it into a new string.
fn same_title(text: &str, title: &str) -> bool {
    if inline::is_plain(text) { text == title } else { inline::strip(text) == title }
}

/// A block of one to three short lines right above a source line, as in
/// "MMS Founder / MMS Jane Doe" digests: the last line names the author
/// once the prefix all its lines share is removed.
fn byline_block(units: &[Unit], j: usize) -> Option<Option<String>> {
    let unit = &units[j];
    let short = unit.lines.len() <= 3
        && unit.lines.iter().all(|l| !l.ends_with('.') && l.split_whitespace().nth(6).is_none());
    let next_is_source =
        || units.get(j + 1).is_some_and(|u| u.lines.iter().any(|l| source_line(l).is_some()));
    if !(short && next_is_source()) {
        return None;
    }
    let prefix = common_word_prefix(&unit.lines);
    let last = unit.lines.last()?;
    let name = last.split_whitespace().skip(prefix).collect::<Vec<_>>().join(" ");
    Some((!name.is_empty() && !placeholder_author(&name)).then(|| name_case(&name)))
}

fn common_word_prefix(lines: &[&str]) -> usize {
    if lines.len() < 2 {
        return 0;
    }
    let words: Vec<Vec<&str>> = lines.iter().map(|l| l.split_whitespace().collect()).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    (0..shortest.saturating_sub(1))
        .take_while(|&k| words.iter().all(|w| w[k] == words[0][k]))
        .count()
}

/// An author bio opening the article: "Jane Doe is a … engineer".
/// Asks the cheap question first: `bio_author` reads eight words, the
/// length check would walk up to 150 of every paragraph after a title.
fn bio_of(unit: &Unit) -> Option<String> {
    if !unit.is_prose() {
        return None;
    }
    let name = bio_author(&unit.text)?;
    let short = unit.text.split_whitespace().nth(150).is_none();
    (short && !placeholder_author(&name)).then_some(name)
}

/// An editor's letter is often signed above its title: a name line, then
/// the editor's bio, then "A Letter from the Editor".
fn letter_author(units: &[Unit], start: &mut Start) {
    let i = start.title_unit;
    let before = |k: usize| {
        i.checked_sub(k).and_then(|at| units.get(at)).filter(|u| u.role == Role::Content)
    };
    if let Some(name) = before(1).filter(|u| u.is_line()).and_then(|u| name_line(&u.text)) {
        start.author = start.author.take().or(Some(name));
        start.first = i - 1;
        start.meta.push(i - 1);
        start.score += 2;
    } else if let (Some(bio), Some(name)) = (before(1), before(2))
        && bio.is_prose()
        && bio.text.split_whitespace().count() > 8
        && let Some(name) = name.is_line().then(|| name_line(&name.text)).flatten()
    {
        start.author = start.author.take().or(Some(name));
        start.first = i - 2;
        start.meta.push(i - 2);
        start.score += 2;
    }
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
            seen.entry(letters_key(&unit.text).unwrap_or(0)).or_default().push(i);
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
    use super::super::units::units;
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
