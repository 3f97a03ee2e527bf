//! Dates as newsletters and blogs write them, and the one-line bylines that
//! pair a date with a name ("Words by Ana Ruiz · 4 Mar 2025", "Tomasz
//! Wielgus / June 2, 2025", "2025-03-04 | Jo Park").
//!
//! A date is read by the *shape* of its tokens: a four-digit year, a day
//! of one or two digits, a month name, or a numeric day.month.year; a
//! weekday or a linking word may stand between them. Anything else in the
//! text means it is not a date alone.

use super::meta::{byline, person_names, placeholder_author};
use crate::model::scan::words::starts_ci;

/// Month names by number. English with its abbreviations, and the full
/// names of a few other languages newsletters are written in.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "enero", "januar", "janvier", "gennaio"],
    &["february", "feb", "febrero", "februar", "février", "febbraio"],
    &["march", "mar", "marzo", "märz", "mars"],
    &["april", "apr", "abril", "avril", "aprile"],
    &["may", "mayo", "mai", "maggio"],
    &["june", "jun", "junio", "juni", "juin", "giugno"],
    &["july", "jul", "julio", "juli", "juillet", "luglio"],
    &["august", "aug", "agosto", "août"],
    &["september", "sep", "sept", "septiembre", "septembre", "settembre"],
    &["october", "oct", "octubre", "oktober", "octobre", "ottobre"],
    &["november", "nov", "noviembre", "novembre"],
    &["december", "dec", "diciembre", "dezember", "décembre", "dicembre"],
];

/// Weekdays and linking words that may sit inside a written date
/// ("Tuesday 18 March 2025", "4 de marzo de 2025", "the 4th of March").
fn filler(word: &str) -> bool {
    matches!(
        word,
        "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "of"
            | "the"
            | "on"
            | "de"
            | "del"
            | "le"
    )
}

fn month_of(word: &str) -> Option<u32> {
    MONTHS.iter().position(|names| names.contains(&word)).map(|m| m as u32 + 1)
}

/// A calendar day, checked loosely (day 1–31, month 1–12, year 1900–2199).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    fn new(year: u32, month: u32, day: u32) -> Option<Day> {
        let ok =
            (1900..2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
        ok.then_some(Day { year, month, day })
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A token of digits joined by `-`, `.` or `/`: "2025-03-04" (year first)
/// or "04.03.2025" (day first, as most of the world writes it; a first
/// number over 12 with a second of 12 or less is read the same way, and a
/// second over 12 means month first).
fn numeric(token: &str) -> Option<Day> {
    let sep = token.bytes().find(|b| matches!(b, b'-' | b'.' | b'/'))?;
    let parts: Vec<&str> = token.split(sep as char).collect();
    let [a, b, c] = parts[..] else { return None };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return None;
    }
    let (a, b, c): (u32, u32, u32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    if a >= 1900 {
        return Day::new(a, b, c);
    }
    if b > 12 { Day::new(c, a, b) } else { Day::new(c, b, a) }
}

/// Reads a text that is a date and nothing else (weekdays and linking
/// words aside): "4 Mar 2025", "March 4, 2025", "Tuesday 18 March 2025",
/// "2025-03-04", "04.03.2025", "2025-03-04T09:30".
pub fn parse(text: &str) -> Option<Day> {
    let text = text.trim();
    if text.len() > 60 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mut year, mut month, mut day) = (None, None, None);
    for raw in text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()) {
        let token = raw.trim_end_matches('.');
        if token.bytes().any(|b| matches!(b, b'-' | b'/')) || token.matches('.').count() >= 2 {
            let stamp = token.get(..10).filter(|_| token.as_bytes().get(10) == Some(&b'T'));
            let found = numeric(stamp.unwrap_or(token))?;
            if year.replace(found.year).is_some() {
                return None;
            }
            (month, day) = (Some(found.month), Some(found.day));
            continue;
        }
        let lower = token.to_lowercase();
        let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let suffix = &lower[digits.len()..];
            let n: u32 = digits.parse().ok()?;
            if digits.len() == 4 && suffix.is_empty() && year.is_none() {
                year = Some(n);
            } else if digits.len() <= 2 && matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
                day.is_none().then_some(())?;
                day = Some(n);
            } else {
                return None;
            }
        } else if let Some(m) = month_of(&lower) {
            month.is_none().then_some(())?;
            month = Some(m);
        } else if !filler(&lower) {
            return None;
        }
    }
    Day::new(year?, month?, day?)
}

/// A written or ISO date as `YYYY-MM-DD`, if it reads as one; a dateline
/// with words around its date ("Posted on …") is read without them.
pub fn iso(text: &str) -> Option<String> {
    if let Some(day) = parse(text) {
        return Some(day.iso());
    }
    // The date is the longest run of words that reads as one.
    let words: Vec<&str> = text.split_whitespace().take(12).collect();
    (0..words.len())
        .flat_map(|from| (from + 1..=words.len()).rev().map(move |to| (from, to)))
        .find_map(|(from, to)| parse(&words[from..to].join(" ")))
        .map(Day::iso)
}

/// What a dated byline names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedByline {
    /// `None` when the name slot holds a role ("the editors").
    pub author: Option<String>,
    /// The date as written.
    pub date: String,
}

/// Marks that separate the parts of a one-line byline.
const PART_MARKS: [&str; 8] = [" · ", " | ", " / ", " • ", " — ", " – ", " - ", " ∙ "];

/// A byline line of two or three parts split by one mark: a date, a name
/// slot (a person's name, "by" and a name, or a role such as "The
/// editors"), and perhaps a short extra ("5 min read"). Either order.
/// Every line of a multi-line chunk is asked (see `units::standalone`),
/// so the cheap questions come first: length, a digit, a mark.
pub fn dated_byline(line: &str) -> Option<DatedByline> {
    let t = crate::model::scan::ascii::trim(line);
    // Every date here has a four-digit year: one walk over at most 120
    // bytes turns away lines with no run of four digits.
    if t.len() > 120 || !four_digits(t.as_bytes()) {
        return None;
    }
    if let Some(found) = by_name_on_date(t) {
        return Some(found);
    }
    // Each mark holds `|`, `/`, `-` or a lead byte of `·` (0xC2) or the
    // dashes and bullets (0xE2): two byte searches before eight substring
    // searches.
    let bytes = t.as_bytes();
    if memchr::memchr3(b'|', b'/', b'-', bytes).is_none()
        && memchr::memchr2(0xC2, 0xE2, bytes).is_none()
    {
        return None;
    }
    let mark = PART_MARKS.iter().find(|m| t.contains(*m))?;
    let parts: Vec<&str> = t.split(mark).map(str::trim).collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let at = parts.iter().position(|p| parse(p).is_some())?;
    let mut author = None;
    let mut named = false;
    for (k, part) in parts.iter().enumerate().filter(|(k, _)| *k != at) {
        match name_slot(part) {
            Some(name) if !named => {
                author = name;
                named = true;
            }
            // A third part is a short extra ("5 min read").
            _ if parts.len() == 3 && k != at && part.split_whitespace().nth(4).is_none() => {}
            _ => return None,
        }
    }
    named.then(|| DatedByline { author, date: parts[at].to_string() })
}

/// Does the text hold a run of four digits or more?
fn four_digits(bytes: &[u8]) -> bool {
    let mut run = 0;
    for &b in bytes {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// "By Jane Doe on 4 March 2025", "Words by Jane Doe, March 4, 2025": a
/// byline whose name is followed by the date, after " on " or the first
/// comma. Only lines that open with "by" get this far.
fn by_name_on_date(t: &str) -> Option<DatedByline> {
    let prefix = ["words by ", "written by ", "by "].into_iter().find(|p| starts_ci(t, p))?;
    let rest = &t[prefix.len()..];
    [" on ", ", "].into_iter().find_map(|joiner| {
        let at = rest.find(joiner)?;
        let (name, date) = (&rest[..at], &rest[at + joiner.len()..]);
        let date = date.trim_end_matches('.');
        (parse(date).is_some() && person_names(name))
            .then(|| DatedByline { author: Some(name.to_string()), date: date.to_string() })
    })
}

/// The name part of a byline: `Some(Some(name))` for people,
/// `Some(None)` for a role ("the editors", "Staff").
fn name_slot(part: &str) -> Option<Option<String>> {
    let bare = part.trim_end_matches(['.', ',']);
    if let Some(name) = byline(bare) {
        return Some(Some(name));
    }
    let after_by = ["words by ", "written by ", "by "]
        .iter()
        .find_map(|p| starts_ci(bare, p).then(|| &bare[p.len()..]))
        .unwrap_or(bare);
    if placeholder_author(after_by) {
        return Some(None);
    }
    let words = bare.split_whitespace().count();
    ((2..=6).contains(&words) && person_names(bare)).then(|| Some(bare.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        parse(text).map(Day::iso)
    }

    #[test]
    fn written_and_numeric_dates() {
        assert_eq!(day("4 Mar 2025").as_deref(), Some("2025-03-04"));
        assert_eq!(day("March 4, 2025").as_deref(), Some("2025-03-04"));
        assert_eq!(day("Tuesday 18 March 2025").as_deref(), Some("2025-03-18"));
        assert_eq!(day("2025-03-04").as_deref(), Some("2025-03-04"));
        assert_eq!(day("04.03.2025").as_deref(), Some("2025-03-04"));
        assert_eq!(day("the 4th of March 2025").as_deref(), Some("2025-03-04"));
        assert_eq!(day("4 de marzo de 2025").as_deref(), Some("2025-03-04"));
        assert_eq!(day("2025-03-04T09:30:00Z").as_deref(), Some("2025-03-04"));
        assert_eq!(day("12/31/2024").as_deref(), Some("2024-12-31"));
    }

    #[test]
    fn near_misses_are_not_dates() {
        assert_eq!(day("June 2025"), None, "no day");
        assert_eq!(day("Edition 31 Tuesday 18 March 2025"), None, "words besides the date");
        assert_eq!(day("March 4, 2025 was cold"), None);
        assert_eq!(day("1.2.3"), None);
        assert_eq!(day("v2.10.2025"), None);
        assert_eq!(day("We met on 4 March 2025"), None);
    }

    #[test]
    fn iso_finds_the_date_inside_a_dateline() {
        assert_eq!(iso("Posted on March 3, 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(iso("no date").as_deref(), None);
    }

    #[test]
    fn bylines_with_dates_in_either_order() {
        let b = dated_byline("Words by Ana Ruiz · 4 Mar 2025").unwrap();
        assert_eq!((b.author.as_deref(), b.date.as_str()), (Some("Ana Ruiz"), "4 Mar 2025"));
        let b = dated_byline("Tomasz Wielgus / June 2, 2025").unwrap();
        assert_eq!(b.author.as_deref(), Some("Tomasz Wielgus"));
        let b = dated_byline("2025-03-04 | Jo Park").unwrap();
        assert_eq!((b.author.as_deref(), b.date.as_str()), (Some("Jo Park"), "2025-03-04"));
        let b = dated_byline("Lea Roth — 04.03.2025 — 6 min read").unwrap();
        assert_eq!(b.author.as_deref(), Some("Lea Roth"));
        let b = dated_byline("The editors / June 2, 2025").unwrap();
        assert_eq!(b.author, None);
        let b = dated_byline("By Jane Doe on 4 March 2025").unwrap();
        assert_eq!((b.author.as_deref(), b.date.as_str()), (Some("Jane Doe"), "4 March 2025"));
        let b = dated_byline("Words by Jane Doe, March 4, 2025.").unwrap();
        assert_eq!((b.author.as_deref(), b.date.as_str()), (Some("Jane Doe"), "March 4, 2025"));
        assert_eq!(dated_byline("By the way, on 4 March 2025 we moved"), None);
    }

    #[test]
    fn mastheads_and_sentences_are_not_bylines() {
        assert_eq!(dated_byline("Edition 31 · Tuesday 18 March 2025"), None);
        assert_eq!(dated_byline("THE QUERY PLAN  ·  No. 58  ·  June 2025"), None);
        assert_eq!(dated_byline("We shipped it on 4 Mar 2025 - finally, after weeks"), None);
        assert_eq!(dated_byline("Ana Ruiz · Berlin"), None);
    }
}
