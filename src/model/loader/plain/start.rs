//! One article start as read from its title line: the title, and the
//! metadata around it (bylines, datelines, source lines, a repeated title
//! or link line, an author bio, a letter's signature). Reading is here;
//! deciding which candidates are article starts is `articles`'s job, and
//! `separators` and `navigation` read starts the same way.

use super::dates::dated_byline;

use super::meta::{
    bio_author, byline, date_line, name_case, name_line, placeholder_author, source_line,
};
use super::shape::letter_title;
use super::units::Unit;
use super::{Role, inline};

/// How much each kind of evidence counts toward an article start; three
/// points make one (`articles::SIGNAL_THRESHOLD`). Strong evidence is what
/// only an article start has (a contents entry pointing at it); medium is
/// what article starts usually have and sections rarely do (bylines, source
/// lines, a bio, a repeated title); weak is what sections share (a heading's
/// own shape, a bare date, a separator rule above).
pub mod weight {
    /// The line is an entry of the document's table of contents.
    pub const CONTENTS_ENTRY: u32 = 3;
    /// A byline, source line, dated byline or dateline with an author.
    pub const BYLINE: u32 = 2;
    /// A dateline without an author (eMag covers carry issue dates too), or
    /// a block of byline lines above a source line.
    pub const BARE_DATE: u32 = 1;
    /// The title repeated as a link line above it (blog exports).
    pub const TITLE_LINK: u32 = 2;
    /// An author bio right after the metadata.
    pub const BIO: u32 = 2;
    /// A letter-from-the-editor title, and its signature.
    pub const LETTER: u32 = 2;
    /// The title line has a heading's own shape.
    pub const HEADING_SHAPE: u32 = 1;
    /// Boilerplate (a repeated footer, a sponsor block) right before it.
    pub const AFTER_FURNITURE: u32 = 2;
    /// A separator rule right above (an essay has rules too: weak alone).
    pub const AFTER_SEPARATOR: u32 = 1;
    /// Named by a newsletter's contents list, with other evidence beside it.
    pub const CONTENTS_LIST: u32 = 2;
}

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
    pub(super) score: u32,
}

impl Start {
    /// The first unit after the title and its metadata.
    pub fn body_from(&self) -> usize {
        self.meta.iter().copied().chain([self.title_unit]).max().map_or(0, |m| m + 1)
    }
}

/// Reads the metadata that follows (or, for letters, precedes) a title.
pub fn scan(units: &[Unit], i: usize) -> Start {
    let title = inline::strip(units[i].text());
    let mut start = Start { first: i, title_unit: i, title, ..Start::default() };
    if units[i].is_heading() {
        start.score += weight::HEADING_SHAPE;
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
        start.score += weight::BIO;
    }
    if letter_title(&start.title) && !start.title.contains('@') {
        start.letter = true;
        start.score += weight::LETTER;
        letter_author(units, &mut start);
    }
    start
}

/// Blog pages print a post's title twice: a link line (`[Title](url)`),
/// then the title itself. The link line is part of the start.
fn title_link_above(units: &[Unit], start: &mut Start) {
    let i = start.title_unit;
    let Some(above) = i.checked_sub(1).map(|k| &units[k]) else { return };
    let link = above.is_line() && above.role == Role::Content && above.text().starts_with('[');
    if link && inline::strip(above.text()) == start.title {
        start.first = i - 1;
        start.meta.push(i - 1);
        start.score += weight::TITLE_LINK;
    }
}

/// Consumes one metadata unit at `j` if it is one; returns whether it was.
fn read_meta(units: &[Unit], j: usize, start: &mut Start) -> bool {
    let unit = &units[j];
    let text = unit.text().trim();
    let mut gain = weight::BYLINE;
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
        gain = if author.is_some() { weight::BYLINE } else { weight::BARE_DATE };
        start.date = Some(date);
        start.author = start.author.take().or(author);
    } else if start.meta.is_empty() && same_title(text, &start.title) {
        // Blog exports repeat the title (a link, then the heading).
    } else if let Some(author) = byline_block(units, j) {
        start.author = author;
        gain = weight::BARE_DATE;
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
    let name = bio_author(unit.text())?;
    let short = unit.text().split_whitespace().nth(150).is_none();
    (short && !placeholder_author(&name)).then_some(name)
}

/// An editor's letter is often signed above its title: a name line, then
/// the editor's bio, then "A Letter from the Editor".
fn letter_author(units: &[Unit], start: &mut Start) {
    let i = start.title_unit;
    let before = |k: usize| {
        i.checked_sub(k).and_then(|at| units.get(at)).filter(|u| u.role == Role::Content)
    };
    if let Some(name) = before(1).filter(|u| u.is_line()).and_then(|u| name_line(u.text())) {
        start.author = start.author.take().or(Some(name));
        start.first = i - 1;
        start.meta.push(i - 1);
        start.score += weight::LETTER;
    } else if let (Some(bio), Some(name)) = (before(1), before(2))
        && bio.is_prose()
        && bio.text().split_whitespace().count() > 8
        && let Some(name) = name.is_line().then(|| name_line(name.text())).flatten()
    {
        start.author = start.author.take().or(Some(name));
        start.first = i - 2;
        start.meta.push(i - 2);
        start.score += weight::LETTER;
    }
}
