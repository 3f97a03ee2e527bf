//! Page furniture of paginated text (specifications, reports, documents
//! printed to text): page numbers and the running heads and feet around
//! them.
//!
//! The shape: short lines that carry a number in a page position (`- 3 -`,
//! `[Page 3]`, `Page 3 of 9`, `3/9`, a bare `3`, or such a number as the
//! first or last column of a line) and repeat with that number counting up,
//! at least [`MIN_PAGE_LINES`] lines apart; and lines that repeat, digits
//! aside, right next to those page numbers. Form feeds are not needed (the
//! decoder turns them into line breaks): the repetition is the evidence.

use crate::model::scan::ascii;
use crate::model::scan::fold::HashedMap;

/// Longer lines are text, never furniture.
const MAX_FURNITURE_BYTES: usize = 100;
/// Fewer numbered pages than this are no evidence of pagination.
const MIN_PAGES: usize = 3;
/// A page holds at least this many lines (from one page number to the next).
const MIN_PAGE_LINES: usize = 8;
/// How many non-blank lines on either side of a page number a running head
/// or foot may sit.
const HEAD_WINDOW: usize = 3;

/// What was found: the file's lines and which of them are page furniture.
pub struct Pages<'a> {
    pub lines: Vec<&'a str>,
    pub furniture: Vec<bool>,
}

/// A page number read off a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageMark {
    pub number: u32,
    /// Set apart from the line's words: wrapped in dashes or brackets
    /// (`- 3 -`, `[3]`), given with a total (`3 of 9`), or a column beside
    /// other text. A bare `3` or `Step 3` is weak: its pages must come at
    /// a steady period to count.
    strong: bool,
}

/// Finds the page furniture of `text`; `None` when it is not paginated.
/// Cheap when it is not: only lines ending (or starting) with a digit or a
/// closing bracket or dash are looked at, and they are grouped by shape
/// before anything else is asked.
pub fn find<'a>(text: &'a str, newlines: &[usize]) -> Option<Pages<'a>> {
    let mut families: HashedMap<u64, Vec<(usize, PageMark)>> = HashedMap::default();
    let bytes = text.as_bytes();
    let mut from = 0;
    for (i, end) in newlines.iter().copied().chain([text.len()]).enumerate() {
        let start = from;
        from = end + 1;
        // Most lines open with a letter and end in a letter or a stop:
        // two bytes settle them.
        let (Some(&first), Some(&last)) = (bytes.get(start), bytes.get(end.wrapping_sub(1))) else {
            continue;
        };
        if end <= start
            || first.is_ascii_alphabetic() && (last.is_ascii_alphabetic() || last == b'.')
        {
            continue;
        }
        let Some(line) = text.get(start..end) else { continue };
        if !maybe_numbered(line.as_bytes()) {
            continue;
        }
        let t = ascii::trim(line);
        if let Some(mut mark) = page_mark(t) {
            // A number alone, set in from the margin (centred or flush
            // right), sits where page numbers sit: "Step 3" headings and
            // list numbers sit at the margin.
            let set_in = line.len() - line.trim_start().len() >= 8;
            mark.strong |= set_in && t.bytes().all(|b| b.is_ascii_digit());
            families.entry(shape_key(t)).or_default().push((i, mark));
        }
    }
    let mut numbers: Vec<usize> =
        families.values().filter_map(|members| page_chain(members)).flatten().collect();
    if numbers.len() < MIN_PAGES {
        return None;
    }
    numbers.sort_unstable();
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let mut furniture = vec![false; lines.len()];
    for &n in &numbers {
        furniture[n] = true;
    }
    for at in running_heads(&lines, &numbers) {
        furniture[at] = true;
    }
    Some(Pages { lines, furniture })
}

/// The quick question asked of every line: short, and ending in a digit
/// (or in `]`, `)` or a dash right after one: `[Page 3]`, `- 3 -`), or
/// starting with a number set apart by a gap or a bar (`12 | Title`).
fn maybe_numbered(line: &[u8]) -> bool {
    if line.len() > 2 * MAX_FURNITURE_BYTES {
        return false;
    }
    let Some(end) = line.iter().rposition(|b| !b.is_ascii_whitespace()) else { return false };
    let last = line[end];
    if last.is_ascii_digit() {
        return true;
    }
    if matches!(last, b']' | b')' | b'-' | 0x94) {
        let near = &line[end.saturating_sub(6)..end];
        return near.iter().any(u8::is_ascii_digit);
    }
    let Some(start) = line.iter().position(|b| !b.is_ascii_whitespace()) else { return false };
    let digits = line[start..].iter().take_while(|b| b.is_ascii_digit()).count();
    let rest = &line[start + digits..];
    digits > 0 && (rest.starts_with(b"  ") || rest.starts_with(b" |") || rest.is_empty())
}

/// A line's shape with its numbers left out: digit runs count as one `#`,
/// runs of spaces as one space. Running heads with a changing page number
/// or date share it.
pub fn shape_key(t: &str) -> u64 {
    let mut shape = Vec::with_capacity(t.len());
    let mut last = 0u8;
    for b in t.bytes() {
        let b = if b.is_ascii_digit() {
            b'#'
        } else if b.is_ascii_whitespace() {
            b' '
        } else {
            b
        };
        if !(b == last && (b == b'#' || b == b' ')) {
            shape.push(b);
        }
        last = b;
    }
    xxhash_rust::xxh3::xxh3_64(&shape)
}

/// Chars that set a page number apart: `- 3 -`, `[3]`, `(3)`, `| 3`.
fn wrapper(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '[' | ']' | '(' | ')' | '<' | '>' | '|' | '·' | '•' | '~')
}

/// The page number a (trimmed) line carries in a page position, if any:
/// the whole line, its last column or its first (columns are set apart by
/// two spaces or more), or the end of a line of words.
pub fn page_mark(t: &str) -> Option<PageMark> {
    if t.is_empty() || t.len() > MAX_FURNITURE_BYTES {
        return None;
    }
    if super::figures::has_gap(t.as_bytes()) {
        let columns: Vec<&str> = columns(t);
        let edge = [columns[columns.len() - 1], columns[0]];
        return edge.iter().find_map(|c| number_token(c)).map(|m| PageMark { strong: true, ..m });
    }
    if let Some(mark) = number_token(t) {
        return Some(mark);
    }
    // "Lindqvist & Osei Experimental Page 3 of 9": the last words.
    (2..=4).rev().find_map(|k| {
        let tail = last_words(t, k)?;
        let mark = number_token(tail).filter(|m| m.strong)?;
        (tail.len() < t.len()).then_some(PageMark { strong: true, ..mark })
    })
}

/// The last `k` words of a line whose words are set one space apart.
fn last_words(t: &str, k: usize) -> Option<&str> {
    let mut start = t.len();
    for _ in 0..k {
        start = t[..start].trim_end().rfind(' ')?;
    }
    Some(t[start..].trim_start())
}

/// Splits a line at gaps of two spaces or more.
pub fn columns(t: &str) -> Vec<&str> {
    t.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

/// `3`, `- 3 -`, `[Page 3]`, `Page 3`, `3 of 9`, `Page 3 of 9`, `3/9`:
/// a number, with at most one word before it and a total after it.
fn number_token(column: &str) -> Option<PageMark> {
    let core = column.trim_matches(|c: char| wrapper(c) || c.is_whitespace());
    let wrapped = core.len() < column.len();
    let mut words = [""; 5];
    let mut n = 0;
    for word in core.split_whitespace() {
        if n == words.len() {
            return None;
        }
        words[n] = word;
        n += 1;
    }
    let (number, total) = match words[..n] {
        [n] => split_total(n)?,
        [w, n] if word(w) => split_total(n)?,
        [n, of, m] if joiner(of) => (count(n)?, Some(count(m)?)),
        [w, n, of, m] if word(w) && joiner(of) => (count(n)?, Some(count(m)?)),
        _ => return None,
    };
    if total.is_some_and(|m| m < number) {
        return None;
    }
    Some(PageMark { number, strong: wrapped || total.is_some() })
}

/// `3` or `3/9`.
fn split_total(token: &str) -> Option<(u32, Option<u32>)> {
    match token.split_once('/') {
        Some((n, m)) => Some((count(n)?, Some(count(m)?))),
        None => Some((count(token)?, None)),
    }
}

/// A page count: one to four digits.
fn count(token: &str) -> Option<u32> {
    (1..=4).contains(&token.len()).then(|| token.parse().ok()).flatten()
}

/// A label before a page number: one word of letters, a dot allowed.
fn word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    (1..=12).contains(&w.chars().count()) && w.chars().all(char::is_alphabetic)
}

/// The short lowercase word between a page number and the total.
fn joiner(w: &str) -> bool {
    (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// The members of one family of lines that number pages: counting up (by
/// one to three, as odd and even pages may differ) at least
/// [`MIN_PAGE_LINES`] lines apart. Most of the family must be in the chain,
/// and a weak mark must come at a steady period.
fn page_chain(members: &[(usize, PageMark)]) -> Option<Vec<usize>> {
    if members.len() < MIN_PAGES {
        return None;
    }
    let mut chain: Vec<(usize, u32)> = Vec::new();
    for &(line, mark) in members {
        let follows = chain.last().is_none_or(|&(at, n)| {
            mark.number > n && mark.number <= n + 3 && line >= at + MIN_PAGE_LINES
        });
        if follows {
            chain.push((line, mark.number));
        }
    }
    let strong = members.iter().all(|(_, m)| m.strong);
    let enough = chain.len() >= MIN_PAGES && chain.len() * 10 >= members.len() * 7;
    let lines: Vec<usize> = chain.iter().map(|c| c.0).collect();
    (enough && (strong || periodic(&lines))).then_some(lines)
}

/// Page numbers at a steady period: every gap but one within three lines
/// of the middle one (a first or last page may be cut short).
fn periodic(lines: &[usize]) -> bool {
    let mut gaps: Vec<usize> = lines.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let period = gaps[gaps.len() / 2];
    let off = gaps.iter().filter(|g| g.abs_diff(period) > 3).count();
    period >= 2 * MIN_PAGE_LINES && off <= 1 && gaps.len() > 2 * off
}

/// Running heads and feet: lines near the page numbers (within
/// [`HEAD_WINDOW`] non-blank lines) whose shape, digits aside, recurs on
/// different pages, near at least half the page numbers and twice at
/// least. The first page's head, above any page number, is the top of the
/// file.
fn running_heads(lines: &[&str], numbers: &[usize]) -> Vec<usize> {
    // Each family's lines, with the page each is on (how many page
    // numbers come before it).
    let mut near: HashedMap<u64, Vec<(usize, usize)>> = HashedMap::default();
    let key = |at: usize| {
        let t = ascii::trim(lines[at]);
        (t.len() <= MAX_FURNITURE_BYTES).then(|| shape_key(t))
    };
    let top: Vec<usize> =
        (0..lines.len()).filter(|&i| !is_blank(lines[i])).take(HEAD_WINDOW).collect();
    for (k, &n) in numbers.iter().enumerate() {
        let low = if k == 0 { 0 } else { numbers[k - 1] + 1 };
        let high = numbers.get(k + 1).copied().unwrap_or(lines.len());
        let before = (low..n).rev().filter(|&i| !is_blank(lines[i])).take(HEAD_WINDOW);
        let after = (n + 1..high).filter(|&i| !is_blank(lines[i])).take(HEAD_WINDOW);
        // A running head keeps its place: the same side of the page
        // number, the same number of lines away.
        let placed = before.enumerate().map(|(rank, at)| (at, k, rank));
        let placed =
            placed.chain(after.enumerate().map(|(rank, at)| (at, k + 1, HEAD_WINDOW + rank)));
        for (at, page, place) in placed {
            if let Some(shape) = key(at) {
                let family = near.entry(shape ^ (place as u64 + 1) << 56).or_default();
                // Only the window of the page number before can have
                // placed this line already: the rest are further up.
                if !family.iter().rev().take(2 * HEAD_WINDOW).any(|(line, _)| *line == at) {
                    family.push((at, page));
                }
            }
        }
    }
    let mut heads: Vec<usize> = Vec::new();
    for family in near.into_values() {
        let mut pages: Vec<usize> = family.iter().map(|(_, page)| *page).collect();
        pages.dedup();
        // Twice is enough in a short file, unless the line is drawn: a
        // figure's edge may sit at the foot of two pages.
        let drawn =
            || family.iter().any(|(i, _)| super::figures::drawn_line(ascii::trim(lines[*i])));
        let often = pages.len() >= MIN_PAGES || pages.len() == 2 && !drawn();
        if pages.len() == family.len() && often && pages.len() * 2 >= numbers.len() {
            let first = family.first().and_then(|(line, _)| key(*line));
            heads.extend(top.iter().filter(|&&t| key(t).is_some() && key(t) == first));
            heads.extend(family.iter().map(|(line, _)| *line));
        }
    }
    heads
}

pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(t: &str) -> Option<(u32, bool)> {
        page_mark(t).map(|m| (m.number, m.strong))
    }

    #[test]
    fn page_numbers_in_their_usual_shapes() {
        assert_eq!(mark("- 3 -"), Some((3, true)));
        assert_eq!(mark("[Page 12]"), Some((12, true)));
        assert_eq!(mark("Page 3 of 9"), Some((3, true)));
        assert_eq!(mark("Seite 3 von 9"), Some((3, true)));
        assert_eq!(mark("3/9"), Some((3, true)));
        assert_eq!(mark("Lindqvist & Osei      Experimental      Page 3 of 9"), Some((3, true)));
        assert_eq!(mark("Quarterly Review     7"), Some((7, true)));
        assert_eq!(mark("7     Quarterly Review"), Some((7, true)));
        assert_eq!(mark("Ana Ruiz, Field Notes, page 4 of 20"), Some((4, true)));
        assert_eq!(mark("42"), Some((42, false)));
        assert_eq!(mark("Step 2"), Some((2, false)));
    }

    #[test]
    fn numbers_inside_text_are_not_page_numbers() {
        assert_eq!(mark("The median rose from 38 seconds in April to 3"), None);
        assert_eq!(mark("9 of 10 teams agree"), None);
        assert_eq!(mark("1. Introduction"), None);
        assert_eq!(mark("Page 9 of 3"), None);
        assert_eq!(mark("3.2"), None);
    }

    fn paged(text: &str) -> Option<Vec<String>> {
        let newlines = crate::model::loader::newlines(text);
        let pages = find(text, &newlines)?;
        Some(
            pages
                .lines
                .iter()
                .zip(&pages.furniture)
                .filter(|(_, f)| **f)
                .map(|(l, _)| l.trim().to_string())
                .collect(),
        )
    }

    /// Eleven lines of made-up prose, different on every page.
    fn body(n: u32) -> String {
        let words = ["relay", "queue", "peer", "batch", "frame", "ledger", "cursor"];
        (0..11)
            .map(|k| {
                let w = words[(n as usize * 3 + k) % words.len()];
                format!("The {w} moves {} times before the {w} rests.", k + n as usize)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn page(n: u32, body: &str, foot: &dyn Fn(u32) -> String) -> String {
        format!("Field Notes on Relays\n\n{body}\n\n\n{}\n", foot(n))
    }

    #[test]
    fn running_heads_and_page_numbers_are_found() {
        let foot = |n: u32| format!("                - {n} -");
        let text: String = (1..=4).map(|n| page(n, &body(n), &foot)).collect();
        let found = paged(&text).expect("paginated");
        assert_eq!(found.iter().filter(|l| l.starts_with('-')).count(), 4);
        assert_eq!(found.iter().filter(|l| l.starts_with("Field")).count(), 4);
        assert!(!found.iter().any(|l| l.starts_with("Line")), "{found:?}");
    }

    #[test]
    fn lines_of_one_shape_in_different_places_are_not_running_heads() {
        // A table row at the foot of page 1 and another, of the same shape,
        // second on page 2: not a running foot.
        let foot = |n: u32| format!("{}Page {n} of 4", " ".repeat(40));
        let mut text = String::new();
        for n in 1..=4 {
            let mut body = body(n);
            if n == 1 {
                body += "\n   R: SEND     slot=3   octets=220";
            }
            if n == 2 {
                body = format!("The relay waits.\n   R: SEND     slot=4   octets=96\n{body}");
            }
            text += &format!("{body}\n\n{}\n", foot(n));
        }
        let found = paged(&text).expect("paginated");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn a_numbered_list_or_steps_are_not_pages() {
        let steps: String = (1..=5)
            .map(|n| format!("Step {n}\n\nDo the thing number {n} and check it.\n\n"))
            .collect();
        assert_eq!(paged(&steps), None);
        let list: String = (1..=9).map(|n| format!("{n}. An item of the list\n")).collect();
        assert_eq!(paged(&list), None);
    }
}
