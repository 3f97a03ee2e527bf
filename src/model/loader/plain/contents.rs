//! Contents lists of newsletters ("Inside this edition", a numbered "What's
//! inside"): a bulleted or numbered list of short entries that reappear,
//! in the same order, as title lines further on. The entries may be
//! shorter than the titles ("The Flaky Test Tax" for "The Flaky Test Tax,
//! Itemised"), so an entry names a title when one starts the other and
//! holds at least half of it.

use std::collections::HashSet;

use super::Role;
use super::inline;
use super::navigation::fold;
use super::shape::title_shape;
use super::units::{Unit, UnitKind};

/// What the contents list says, if the file has one.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    /// Units of the title lines the list names.
    pub titles: HashSet<usize>,
    /// Whether a contents list was found at all.
    pub listed: bool,
}

impl Contents {
    pub fn names(&self, unit: usize) -> bool {
        self.titles.contains(&unit)
    }
}

/// Folded entries shorter than this name nothing: "Intro" starts too many
/// titles.
const MIN_ENTRY: usize = 6;

/// A contents list is read at a glance; a longer list is something else
/// (and matching it against every title would cost entries × titles).
const MAX_ENTRIES: usize = 60;

/// A contents list opens the file (after a masthead and a greeting): lists
/// further in are the articles' own, and matching each against every
/// later title line cost a third of the load time of list-heavy files.
const MAX_POSITION: usize = 40;

/// Lists looked at, at most: a contents list comes early, and a file of
/// many lists must not be matched list by list against every title.
const MAX_LISTS: usize = 8;

/// The entries of a list if it could be a contents list: two or more items,
/// each short and not a sentence.
fn entries(unit: &Unit) -> Option<Vec<String>> {
    if unit.kind != UnitKind::List || unit.role != Role::Content {
        return None;
    }
    let items: Vec<&str> = unit.text().lines().take(MAX_ENTRIES + 1).collect();
    let short = |item: &&str| item.split_whitespace().nth(14).is_none() && !item.ends_with('.');
    if !(2..=MAX_ENTRIES).contains(&items.len()) || !items.iter().all(short) {
        return None;
    }
    Some(items.iter().map(|item| fold(&inline::strip(item))).collect())
}

/// Does a (folded) entry name a (folded) title?
fn names(entry: &str, title: &str) -> bool {
    let (short, long) = if entry.len() <= title.len() { (entry, title) } else { (title, entry) };
    short.len() >= MIN_ENTRY && long.starts_with(short) && short.len() * 2 >= long.len()
}

/// Finds the first contents list: a list most of whose entries (two or
/// more, and two in three) name title lines after it, in order.
pub fn find(units: &[Unit]) -> Contents {
    // Cheap question first: most files hold no list of short entries.
    let lists: Vec<(usize, Vec<String>)> = units
        .iter()
        .enumerate()
        .take(MAX_POSITION)
        .filter_map(|(i, u)| entries(u).map(|e| (i, e)))
        .take(MAX_LISTS)
        .collect();
    let Some(&(first, _)) = lists.first() else { return Contents::default() };
    let titles: Vec<(usize, String)> = units
        .iter()
        .enumerate()
        .skip(first + 1)
        .filter(|(_, u)| u.is_line() && u.role == Role::Content && title_shape(u.text()))
        .map(|(i, u)| (i, fold(&inline::strip(u.text()))))
        .collect();
    for (at, list) in &lists {
        let matched = match_in_order(list, &titles, *at);
        if matched.len() >= 2 && matched.len() * 3 >= list.len() * 2 {
            return Contents { titles: matched.into_iter().collect(), listed: true };
        }
    }
    Contents::default()
}

/// Each entry in turn names the next title it can after the one the entry
/// before it named.
fn match_in_order(list: &[String], titles: &[(usize, String)], after: usize) -> Vec<usize> {
    let mut from = titles.partition_point(|(i, _)| *i <= after);
    let mut matched = Vec::new();
    for entry in list {
        if let Some(k) = titles[from..].iter().position(|(_, t)| names(entry, t)) {
            matched.push(titles[from + k].0);
            from += k + 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::super::splitting::units;
    use super::*;

    fn named_titles(text: &str) -> Vec<String> {
        let u = units(text);
        let c = find(&u);
        let mut at: Vec<usize> = c.titles.into_iter().collect();
        at.sort_unstable();
        at.into_iter().map(|i| u[i].text().to_string()).collect()
    }

    #[test]
    fn entries_may_be_shorter_than_titles_and_numbered() {
        let text = "In this issue:\n1) Cold starts\n2) Pager fatigue\n\n\
                    Cold Starts, Measured\n\nText.\n\nPager Fatigue\n\nText.";
        assert_eq!(named_titles(text), ["Cold Starts, Measured", "Pager Fatigue"]);
    }

    #[test]
    fn a_body_list_mentioning_words_of_later_headings_is_not_contents() {
        let text = "We changed three things:\n- we measured cold starts\n- we cut pager noise\n\n\
                    Cold Starts\n\nText.\n\nPager Noise\n\nText.";
        assert!(named_titles(text).is_empty());
        let u = units(text);
        assert!(!find(&u).listed);
    }

    #[test]
    fn entries_too_short_or_out_of_order_name_little() {
        let text = "- Intro\n- Setup\n\nSetup Guide For Everyone\n\nText.\n\nIntro\n\nText.";
        assert!(named_titles(text).is_empty());
    }
}
