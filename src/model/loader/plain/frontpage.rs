//! The front of a paginated document: its title page (centred lines, a
//! two-column header block) and its table of contents, and what they tell:
//! the title, the authors, the date and the headings to expect.

use std::ops::Range;

use super::meta::{byline, date_line, person_names};
use super::pages::{Pages, columns, is_blank};
use super::shape::{heading_case, title_shape};
use crate::model::scan::ascii;

/// What the front of a paginated document says.
#[derive(Debug, Default)]
pub struct Front {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// Lines of the title page, from the top of the file.
    pub title_page: Range<usize>,
    /// Lines of the contents, its heading included.
    pub contents: Option<Range<usize>>,
    /// The contents' entries, folded (see [`fold`]), without page numbers.
    pub entries: Vec<String>,
}

/// Reads the front of a paginated document.
pub fn read(pages: &Pages) -> Front {
    let lines = &pages.lines;
    let width = page_width(lines);
    let end = title_page_end(lines, &pages.furniture, width);
    let page = &lines[..end];
    let mut front = Front { title_page: 0..end, ..Front::default() };
    front.title = centred_title(page, width).or_else(|| running_title(pages));
    front.author = title_page_author(page, width);
    front.date = running_date(pages).or_else(|| title_page_date(page));
    if let Some((range, entries)) = contents(lines, &pages.furniture, end) {
        front.contents = Some(range);
        front.entries = entries;
    }
    front
}

/// Lowercase letters and digits only: how headings and contents entries
/// are compared.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn width_of(line: &str) -> usize {
    if line.is_ascii() { line.trim_end().len() } else { line.trim_end().chars().count() }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The page's width: the longest line (up to 120 columns; longer lines
/// are unwrapped text, not a page).
fn page_width(lines: &[&str]) -> usize {
    lines.iter().map(|l| width_of(l)).filter(|w| *w <= 120).max().unwrap_or(0)
}

/// A centred line: indented, with about as much room on its right.
fn centred(line: &str, width: usize) -> bool {
    let (left, len) = (indent(line), width_of(line));
    let right = width.saturating_sub(len);
    left >= 4 && right.abs_diff(left) <= 3.max(width / 10)
}

/// A line of a header block: two columns, the right one ending at the
/// page's right edge, or only a right-aligned one.
fn header_block_line(line: &str, width: usize) -> bool {
    let t = ascii::trim(line);
    width_of(line) + 1 >= width && (columns(t).len() >= 2 || indent(line) * 2 >= width)
}

/// The title page runs from the top of the file over centred lines and
/// header-block lines (and blanks) up to the first line that is neither.
fn title_page_end(lines: &[&str], furniture: &[bool], width: usize) -> usize {
    let mut laid_out = false;
    for (i, line) in lines.iter().enumerate() {
        if is_blank(line) || furniture[i] {
            continue;
        }
        if !(centred(line, width) || header_block_line(line, width)) {
            return if laid_out { i } else { 0 };
        }
        laid_out = true;
    }
    0
}

/// The first centred line shaped like a title (not a date, a byline or a
/// labelled field), with the centred title lines right under it. Titles
/// set in capitals are given in title case.
fn centred_title(page: &[&str], width: usize) -> Option<String> {
    let titled = |l: &&str| {
        let t = ascii::trim(l);
        centred(l, width)
            && title_shape(t)
            && heading_case(t).is_some()
            && date_line(t).is_none()
            && byline(t).is_none()
            && !t.contains(": ")
    };
    let first = page.iter().position(&titled)?;
    let run = page[first..].iter().take_while(|l| titled(l)).map(|l| ascii::trim(l));
    let title = run.collect::<Vec<_>>().join(" ");
    Some(super::meta::name_case(&title))
}

/// Without a title page, the running head's longest title-shaped column
/// that names no people and no date.
fn running_title(pages: &Pages) -> Option<String> {
    let heads = pages.lines.iter().zip(&pages.furniture).filter(|(_, f)| **f);
    let mut best: Option<&str> = None;
    for (line, _) in heads {
        for column in columns(ascii::trim(line)) {
            let fits = title_shape(column)
                && column.split_whitespace().nth(1).is_some()
                && !person_names(column)
                && date_line(column).is_none()
                && super::pages::page_mark(column).is_none();
            let longer = best.is_none_or(|b| column.len() > b.len());
            if fits && longer {
                best = Some(column);
            }
        }
    }
    best.map(str::to_string)
}

/// The authors on a title page: a byline ("by A and B", or "by" alone above
/// the names), else the names with initials in a header block's right
/// column ("A. Lindqvist").
fn title_page_author(page: &[&str], width: usize) -> Option<String> {
    let trimmed: Vec<&str> =
        page.iter().map(|l| ascii::trim(l)).filter(|t| !t.is_empty()).collect();
    for (k, t) in trimmed.iter().enumerate() {
        if let Some(name) = byline(t) {
            return Some(name);
        }
        if t.eq_ignore_ascii_case("by")
            && let Some(next) = trimmed.get(k + 1).filter(|n| person_names(n))
        {
            return Some(next.to_string());
        }
    }
    let initialled: Vec<&str> = page
        .iter()
        .filter(|l| header_block_line(l, width))
        .filter_map(|l| columns(ascii::trim(l)).last().copied())
        .filter(|c| initialled_name(c))
        .collect();
    (!initialled.is_empty()).then(|| initialled.join(" and "))
}

/// "A. Lindqvist", "J. R. Osei-Bonsu": initials, then a surname.
fn initialled_name(column: &str) -> bool {
    let words: Vec<&str> = column.split_whitespace().collect();
    let Some((surname, initials)) = words.split_last() else { return false };
    !initials.is_empty()
        && initials.iter().all(|w| {
            let b = w.as_bytes();
            b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.'
        })
        && person_names(surname)
        && !surname.ends_with('.')
}

/// A date that a running head or foot carries as one of its columns.
fn running_date(pages: &Pages) -> Option<String> {
    let heads = pages.lines.iter().zip(&pages.furniture).filter(|(_, f)| **f);
    heads
        .flat_map(|(line, _)| columns(ascii::trim(line)))
        .find_map(|column| date_line(column).map(|(date, _)| date))
}

/// A date on the title page, whole line or column, that is not a labelled
/// field ("Expires: 3 May 2026").
fn title_page_date(page: &[&str]) -> Option<String> {
    page.iter()
        .flat_map(|l| columns(ascii::trim(l)))
        .filter(|c| !c.contains(':'))
        .find_map(|c| date_line(c).map(|(date, _)| date))
}

/// A contents entry: a title (with its section number), then dot leaders
/// or a gap of two spaces or more, then a page number.
pub fn contents_entry(line: &str) -> Option<&str> {
    let t = ascii::trim(line);
    let (head, number) = t.rsplit_once(' ')?;
    if !(1..=4).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let leaders = head.trim_end_matches([' ', '.', '·', '…']);
    let dots = head[leaders.len()..].bytes().filter(|b| *b == b'.').count();
    let gap = head.len() - head.trim_end().len() >= 1;
    if !(dots >= 3 || gap) {
        return None;
    }
    let title = leaders.trim_end();
    let first = title.chars().next()?;
    let words = title.split_whitespace().count();
    (title.chars().any(char::is_alphabetic)
        && (first.is_uppercase() || first.is_ascii_digit())
        && words <= 14
        && !title.ends_with([',', ';']))
    .then_some(title)
}

/// The first run of three or more contents entries (blank lines and page
/// furniture may come between them) in the first half of the file, from
/// `from` on, with the short heading right above it.
fn contents(
    lines: &[&str],
    furniture: &[bool],
    from: usize,
) -> Option<(Range<usize>, Vec<String>)> {
    let mut i = from;
    while i < lines.len() / 2 {
        if contents_entry(lines[i]).is_none() || furniture[i] {
            i += 1;
            continue;
        }
        let (end, entries) = entry_run(lines, furniture, i);
        if entries.len() >= 3 {
            let start = contents_heading(lines, i).unwrap_or(i);
            return Some((start..end, entries));
        }
        i = end.max(i + 1);
    }
    None
}

/// The entries from `start` on; the end of the run.
fn entry_run(lines: &[&str], furniture: &[bool], start: usize) -> (usize, Vec<String>) {
    let mut entries = Vec::new();
    let (mut i, mut end, mut blanks) = (start, start, 0);
    while i < lines.len() && blanks <= 2 {
        if furniture[i] {
            blanks = 0;
        } else if is_blank(lines[i]) {
            blanks += 1;
        } else if let Some(title) = contents_entry(lines[i]) {
            entries.push(fold(title));
            (blanks, end) = (0, i + 1);
        } else {
            break;
        }
        i += 1;
    }
    (end, entries)
}

/// The contents' own heading: a short line without digits right above
/// the first entry (blank lines between allowed).
fn contents_heading(lines: &[&str], first: usize) -> Option<usize> {
    let above = (first.saturating_sub(4)..first).rev().find(|&k| !is_blank(lines[k]))?;
    let t = ascii::trim(lines[above]);
    let short = t.split_whitespace().count() <= 4 && !t.bytes().any(|b| b.is_ascii_digit());
    (short && heading_case(t).is_some()).then_some(above)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_entries_with_and_without_leaders() {
        assert_eq!(
            contents_entry("   3.1.  Frame Layout ..........  4"),
            Some("3.1.  Frame Layout")
        );
        assert_eq!(contents_entry("  2  Background                  3"), Some("2  Background"));
        assert_eq!(contents_entry("Appendix B. Data . . . . . . 12"), Some("Appendix B. Data"));
        assert_eq!(contents_entry("The figure rose to 3"), None, "one space is not a gap");
        assert_eq!(contents_entry("   Apr     0:38     5:50        1.2%"), None);
        assert_eq!(contents_entry("0    1    2    3"), None);
    }

    #[test]
    fn initialled_names_are_authors() {
        assert!(initialled_name("A. Lindqvist"));
        assert!(initialled_name("J. R. Osei-Bonsu"));
        assert!(!initialled_name("Quaywise Systems"));
        assert!(!initialled_name("Independent"));
    }

    #[test]
    fn centred_lines_and_header_blocks() {
        let width = 60;
        assert!(centred(&format!("{}A Centred Title", " ".repeat(22)), width));
        assert!(!centred("   An indented paragraph line that runs on to the right edge", width));
        assert!(!centred("Left", width));
        assert!(header_block_line("Working Notes                                     J. Doe", 57));
    }
}
