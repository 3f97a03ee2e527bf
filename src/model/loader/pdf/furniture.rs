//! Running heads, footers and page numbers, found with the page breaks that
//! plain text no longer has.
//!
//! The shape: a line among the first or last few of a page whose text,
//! digits aside, comes back at the same end of at least [`MIN_PAGES`]
//! pages. Such lines are taken out of the reading text and kept in a
//! furniture segment of their own, so nothing is lost. A repeated line
//! without digits may also be an article's title set as its running head,
//! so its first appearance stays where it is: the title keeps its place.

use std::collections::HashMap;

/// Lines at each end of a page that can be furniture.
const EDGE_LINES: usize = 2;
/// Pages a line must recur on: a heading repeated once or twice is not a
/// running head. A two-page file needs both pages.
const MIN_PAGES: usize = 3;
/// Running heads and footers are short.
const MAX_CHARS: usize = 100;

/// Which end of the page a line sits at; a head and a footer with the same
/// words are different families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum End {
    Top,
    Bottom,
}

/// Removes page furniture from `pages` in place; returns the lines taken
/// out, one per family, in page order.
pub fn strip(pages: &mut [String]) -> Vec<String> {
    let candidates: Vec<Vec<(usize, End, String)>> = pages.iter().map(|p| edge_lines(p)).collect();
    let mut pages_per_family: HashMap<(End, String), usize> = HashMap::new();
    for page in &candidates {
        let mut seen: Vec<(End, &str)> = Vec::new();
        for (_, end, key) in page {
            if !seen.contains(&(*end, key.as_str())) {
                seen.push((*end, key));
                *pages_per_family.entry((*end, key.clone())).or_default() += 1;
            }
        }
    }
    let min_pages = MIN_PAGES.min(pages.len()).max(2);
    let mut removed = Vec::new();
    let mut first_kept: Vec<(End, String)> = Vec::new();
    for (page, found) in pages.iter_mut().zip(candidates) {
        let mut drop_lines = Vec::new();
        for (line, end, key) in found {
            if pages_per_family.get(&(end, key.clone())).copied().unwrap_or(0) < min_pages {
                continue;
            }
            let numbered =
                page.lines().nth(line).is_some_and(|l| l.bytes().any(|b| b.is_ascii_digit()));
            let family = (end, key);
            if !numbered && !first_kept.contains(&family) {
                first_kept.push(family);
                continue;
            }
            if !removed.iter().any(|(f, _)| *f == family) {
                let text = page.lines().nth(line).unwrap_or_default().trim().to_string();
                removed.push((family, text));
            }
            drop_lines.push(line);
        }
        if !drop_lines.is_empty() {
            *page = without_lines(page, &drop_lines);
        }
    }
    removed.into_iter().map(|(_, text)| text).collect()
}

/// Up to [`EDGE_LINES`] non-blank lines at each end of a page, with their
/// line numbers and family keys. On a short page a line can be both: the
/// last page's number may be its only line below the running head.
fn edge_lines(page: &str) -> Vec<(usize, End, String)> {
    let lines: Vec<(usize, &str)> =
        page.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).collect();
    let top = lines.iter().take(EDGE_LINES).map(|l| (l, End::Top));
    let bottom = lines[lines.len().saturating_sub(EDGE_LINES)..].iter().map(|l| (l, End::Bottom));
    top.chain(bottom)
        .filter(|((_, text), _)| text.trim().chars().count() <= MAX_CHARS)
        .map(|((number, text), end)| (*number, end, key(text)))
        .collect()
}

/// A line's letters, lower-cased, with digits standing for any number: "Page
/// 3 of 9" and "Page 4 of 9" share a key, as do bare page numbers.
fn key(line: &str) -> String {
    let mut key = String::new();
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else if c.is_alphabetic() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// The page without the given lines, and without the blank lines they
/// leave at either end.
fn without_lines(page: &str, drop: &[usize]) -> String {
    let kept: Vec<&str> =
        page.lines().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, l)| l).collect();
    let first = kept.iter().position(|l| !l.trim().is_empty()).unwrap_or(kept.len());
    let last = kept.iter().rposition(|l| !l.trim().is_empty()).map_or(first, |i| i + 1);
    let mut text = kept[first..last.max(first)].join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: [&str; 4] = ["alpha", "bravo", "charlie", "delta"];

    /// A page whose body lines differ in words from page to page.
    fn page(head: &str, n: usize, foot: &str) -> String {
        let word = WORDS[n - 1];
        format!("{head}\n\n{word} opens\n{word} goes on\n{word} ends\n\n\n{foot}\n")
    }

    #[test]
    fn running_heads_and_page_numbers_leave_the_pages() {
        let mut pages: Vec<String> =
            (1..=4).map(|n| page("Field Notes · Spring", n, &format!("- {n} -"))).collect();
        let removed = strip(&mut pages);
        assert_eq!(removed, ["- 1 -", "Field Notes · Spring"]);
        // The head's first appearance may be a title: it stays.
        assert_eq!(pages[0], "Field Notes · Spring\n\nalpha opens\nalpha goes on\nalpha ends\n");
        assert_eq!(pages[3], "delta opens\ndelta goes on\ndelta ends\n");
    }

    #[test]
    fn numbered_footers_with_words_are_one_family() {
        let mut pages: Vec<String> =
            (1..=3).map(|n| page("", n, &format!("Page {n} of 3 | Ops Review"))).collect();
        assert_eq!(strip(&mut pages), ["Page 1 of 3 | Ops Review"]);
        assert!(pages.iter().all(|p| !p.contains("Ops Review")));
    }

    #[test]
    fn a_short_last_page_keeps_its_number_at_the_bottom() {
        let mut pages: Vec<String> =
            (1..=2).map(|n| page("Ops Notes", n, &format!("{n}"))).collect();
        pages.push("Ops Notes\n\n3\n".to_string());
        assert_eq!(strip(&mut pages), ["1", "Ops Notes"]);
        assert_eq!(pages[2], "\n");
    }

    #[test]
    fn a_two_page_file_needs_the_line_on_both_pages() {
        let mut pages: Vec<String> =
            (1..=2).map(|n| page("Ops Notes", n, &format!("p. {n}"))).collect();
        assert_eq!(strip(&mut pages), ["p. 1", "Ops Notes"]);
        // Near miss: a single page has nothing to repeat.
        let mut single = vec![page("Ops Notes", 1, "p. 1")];
        assert!(strip(&mut single).is_empty());
    }

    #[test]
    fn lines_repeated_on_too_few_pages_or_mid_page_stay() {
        // Near misses: "Step 1" opens two pages only; "Summary" recurs but
        // in the middle of pages.
        let mut pages: Vec<String> = (1..=4)
            .map(|n| {
                let head = if n <= 2 { format!("Step {n}") } else { "Intro".to_string() };
                let w = WORDS[n - 1];
                format!("{head}\n{w} a\n{w} b\nSummary\n{w} c\n{w} d\n")
            })
            .collect();
        let before = pages.clone();
        assert!(strip(&mut pages).is_empty());
        assert_eq!(pages, before);
    }
}
