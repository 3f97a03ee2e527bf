//! Web-page furniture in saved blog pages and newsletter archives: link
//! lines that recur after every excerpt ("Continue reading →"), navigation
//! bars and pagers, and sidebars that list the titles of the posts.
//! Each is found by shape and repetition, never by its words.

use std::collections::HashSet;

use super::Role;
use super::start::Start;
use super::units::{Unit, UnitKind};
use crate::model::document::ArticleKind;
use crate::model::scan::ascii;
use crate::model::scan::fold::HashedMap;

/// Glyphs that point to another page.
const ARROWS: &[char] = &['→', '←', '»', '«', '›', '‹', '⟶', '⟵', '➔', '➜', '⇒', '⇐', '↗'];

/// The text a short link line shows: the text of a line that is one
/// Markdown link (`[Continue reading →](https://…)`), or a short line that
/// ends in an arrow. Asked of every one-line unit, so the first and last
/// bytes decide most.
fn link_text(line: &str) -> Option<&str> {
    let t = ascii::trim(line);
    let text = if t.starts_with('[') && t.ends_with(')') {
        let close = t.find("](")?;
        let target = &t[close + 2..t.len() - 1];
        if target.contains([' ', '(', ')']) {
            return None;
        }
        &t[1..close]
    } else if t.ends_with(ARROWS) {
        t
    } else {
        return None;
    };
    (text.split_whitespace().nth(5).is_none() && text.chars().count() <= 48).then_some(text)
}

/// Letters and digits, lowercased: repeats are compared on these.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A short link line whose text recurs in the file (the same "read more"
/// link under every excerpt) is boilerplate dropped into the text: an
/// `Insert`, since it says nothing about where an article starts. A link
/// line that shows once (a post's own title as a link) stays.
pub fn mark_link_lines(units: &mut [Unit]) {
    let found: Vec<(usize, String)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_line() && u.role == Role::Content)
        .filter_map(|(i, u)| link_text(u.text()).map(|t| (i, fold(t))))
        .filter(|(_, key)| !key.is_empty())
        .collect();
    let mut counts: HashedMap<u64, usize> = HashedMap::default();
    let hash = |key: &str| xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    for (_, key) in &found {
        *counts.entry(hash(key)).or_default() += 1;
    }
    for (i, key) in &found {
        if counts[&hash(key)] >= 2 {
            units[*i].role = Role::Insert(ArticleKind::Boilerplate);
        }
    }
}

/// The items of a line laid out as a bar: split at middle dots, bars and
/// bullets, and at gaps of three spaces or more.
fn bar_items(line: &str) -> Vec<&str> {
    line.split(['·', '|', '•'])
        .flat_map(|part| part.split("   "))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

/// A navigation bar ("Home · Archive · Tags · About · RSS": four or more
/// items of one or two words) or a pager ("← Newer posts   Page 1 of 3
/// Older posts →": two or more short items, an arrow at either end).
pub fn nav_line(unit: &Unit) -> bool {
    if !unit.is_line() || unit.text().len() > 200 {
        return false;
    }
    let t = ascii::trim(unit.text());
    // Asked of every one-line unit: an arrow at an end (a pager) or a
    // byte search for a bar or the last byte of `·` and `•` turns most
    // lines away; wide gaps are looked at only on lines that got past.
    let arrow = t.starts_with(ARROWS) || t.ends_with(ARROWS);
    if !arrow && memchr::memchr3(b'|', 0xB7, 0xA2, t.as_bytes()).is_none() {
        return false;
    }
    let items = bar_items(t);
    let short = |most: usize| {
        items.iter().all(|i| i.split_whitespace().nth(most).is_none() && !i.ends_with('.'))
    };
    let bar = items.len() >= 4 && short(2);
    let pager = items.len() >= 2 && arrow && short(4);
    bar || pager
}

/// Marks navigation bars and pagers as boilerplate; returns where they are.
pub fn mark_nav_lines(units: &mut [Unit]) -> Vec<usize> {
    let mut found = Vec::new();
    for (i, unit) in units.iter_mut().enumerate() {
        if unit.role == Role::Content && nav_line(unit) {
            unit.role = Role::Furniture(ArticleKind::Boilerplate);
            found.push(i);
        }
    }
    found
}

/// Is every line of a block short enough to be a link in a list (twelve
/// words, no full stop at the end), and are there three or more? Asked
/// of every block after the first article, so nothing is collected.
fn short_lines(unit: &Unit) -> bool {
    let short = |l: &str| l.split_whitespace().nth(12).is_none() && !l.ends_with('.');
    match unit.kind {
        UnitKind::List => unit.lines.len() >= 3 && unit.text().lines().all(short),
        UnitKind::Para | UnitKind::Lines => {
            unit.lines.len() >= 3 && unit.lines.iter().all(|l| short(l))
        }
        _ => false,
    }
}

/// The lines of a block of short lines, as written (list items without
/// their marks).
fn block_lines<'a>(unit: &'a Unit) -> Vec<&'a str> {
    match unit.kind {
        UnitKind::List => unit.text().lines().collect(),
        _ => unit.lines.to_vec(),
    }
}

/// A sidebar ("Recent posts" and a column of titles): a block of short
/// lines after the first article, two or more of which repeat the titles of
/// articles found in the file. It is boilerplate, with the heading line
/// right above it if it has one. Returns the units marked.
pub fn mark_sidebars(units: &mut [Unit], starts: &[Start]) -> Vec<usize> {
    let Some(first) = starts.first() else { return Vec::new() };
    let titles: HashSet<String> = starts.iter().map(|s| fold(&s.title)).collect();
    let mut taken = vec![false; units.len()];
    for start in starts {
        for &k in start.meta.iter().chain([&start.title_unit]) {
            taken[k] = true;
        }
    }
    let is_title = |i: usize| taken[i];
    let mut marked = Vec::new();
    for i in first.title_unit + 1..units.len() {
        let unit = &units[i];
        if unit.role != Role::Content || unit.is_line() || is_title(i) || !short_lines(unit) {
            continue;
        }
        let lines = block_lines(unit);
        let repeats = lines.iter().filter(|l| titles.contains(&fold(l))).count();
        if repeats < 2 {
            continue;
        }
        let above = i - 1;
        let heading = units[above].is_line()
            && units[above].role == Role::Content
            && units[above].heading_case().is_some()
            && !is_title(above);
        if heading {
            marked.push(above);
        }
        marked.push(i);
    }
    for &i in &marked {
        units[i].role = Role::Furniture(ArticleKind::Boilerplate);
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::super::splitting::units;
    use super::*;

    #[test]
    fn recurring_link_lines_are_boilerplate_but_a_single_one_stays() {
        let text = "Post A\n\nText a.\n\n[Read on »](https://x.example/a)\n\nPost B\n\nText b.\n\n\
                    [Read on »](https://x.example/b)\n\n[Post C](https://x.example/c)";
        let mut u = units(text);
        mark_link_lines(&mut u);
        let kinds: Vec<bool> = u.iter().map(|u| u.role != Role::Content).collect();
        assert_eq!(kinds, [false, false, true, false, false, true, false]);
    }

    #[test]
    fn navigation_bars_and_pagers() {
        let nav = |t: &str| nav_line(&units(t)[0]);
        assert!(nav("Start | Posts | Topics | Contact"));
        assert!(nav("« Previous page   ·   Next page »"));
        assert!(nav("← Newer posts        Page 1 of 3        Older posts →"));
        assert!(!nav("THE QUERY PLAN  ·  No. 58  ·  June 2025"), "a masthead of three items");
        assert!(!nav("Cats | Dogs"), "two items, no arrow");
        assert!(!nav("We tried A | B | C | D and all of them failed in the end."));
    }

    #[test]
    fn sidebars_repeat_post_titles() {
        let post = |t: &str| format!("{t}\n\nBy Jo Park\n\nText of {t}.\n\n");
        let text = format!(
            "{}{}Latest\n  Older Thing\n  Alpha Story Here\n  Beta Story Here\n",
            post("Alpha Story Here"),
            post("Beta Story Here")
        );
        let mut u = units(&text);
        let starts = super::super::articles::find_starts(&u, &Default::default());
        assert_eq!(starts.len(), 2);
        let marked = mark_sidebars(&mut u, &starts);
        assert_eq!(marked, [u.len() - 1]);
    }

    #[test]
    fn a_list_that_names_one_title_is_not_a_sidebar() {
        let text =
            "Alpha Story Here\n\nBy Jo Park\n\nText.\n\n- Alpha Story Here\n- other\n- more\n";
        let mut u = units(text);
        let starts = super::super::articles::find_starts(&u, &Default::default());
        assert!(mark_sidebars(&mut u, &starts).is_empty());
    }
}
