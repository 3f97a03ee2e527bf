//! Boilerplate that repeats within a document: newsletter footers after
//! every article of a digest, the same sponsor block between the articles
//! of an eMag. A block that repeats on its own (a "Conclusion" heading) is
//! not boilerplate; a *run* of blocks that repeats in the same order is.

use super::Role;
use super::meta::source_line;
use super::shape::ad_score;
use super::units::Unit;
use crate::model::document::ArticleKind;
use crate::model::scan::ascii;
use crate::model::scan::fold::{HashedMap, letters_key};
use crate::model::scan::words::{head4, heads, starts_ci};

/// Units longer than this are never treated as boilerplate.
const MAX_BOILERPLATE_CHARS: usize = 600;

/// Texts up to this long are folded once per distinct raw text: running
/// heads, bylines and sign-up lines repeat by the hundred. Longer ones,
/// nearly all distinct paragraphs, are folded each time: cached too, a
/// 100 MB file's cache alone was about 17 MB at the peak of its load.
const CACHED_KEY_CHARS: usize = 120;

/// Words that mark sign-up forms, footers and legal lines.
const FOOTER_WORDS: &[&str] = &[
    "subscribe",
    "newsletter",
    "signing up",
    "sign up",
    "unsubscribe",
    "validation purposes",
    "all rights reserved",
    "privacy policy",
    "cookie",
    "copyright",
    "follow us",
    "share this",
];

/// Normalised keys of units: lowercase letters and digits only, `None`
/// for metadata and for units too long to be boilerplate.
///
/// Boilerplate repeats byte for byte more often than not, so each text is
/// folded once: a repeat is found by the hash of its raw bytes, which is
/// several times cheaper to take than the folded key.
fn keys(units: &[Unit], meta: &[bool]) -> Vec<Option<u64>> {
    let mut folded: HashedMap<u64, Option<u64>> = HashedMap::default();
    let mut key = |unit: &Unit| {
        if unit.text().len() > CACHED_KEY_CHARS {
            return letters_key(unit.text());
        }
        let raw = xxhash_rust::xxh3::xxh3_64(unit.text().as_bytes());
        *folded.entry(raw).or_insert_with(|| letters_key(unit.text()))
    };
    units
        .iter()
        .zip(meta)
        .map(|(unit, meta)| {
            (!meta && unit.text().len() <= MAX_BOILERPLATE_CHARS).then(|| key(unit)).flatten()
        })
        .collect()
}

/// Source lines and the byline blocks right above them repeat in a digest,
/// but they are metadata, not boilerplate.
fn metadata(units: &[Unit]) -> Vec<bool> {
    let source: Vec<bool> =
        units.iter().map(|u| u.lines.iter().any(|l| source_line(l).is_some())).collect();
    (0..units.len())
        .map(|i| {
            source[i]
                || source.get(i + 1).copied().unwrap_or(false)
                || source.get(i + 2).copied().unwrap_or(false) && units[i + 1].text().len() < 80
        })
        .collect()
}

/// Marks repeated runs of units as ads or boilerplate.
pub fn mark_repeated_runs(units: &mut [Unit]) {
    let meta = metadata(units);
    let keys = keys(units, &meta);
    let counts = repeats(&keys);
    let repeated = |i: usize| keys.get(i).copied().flatten().filter(|k| counts.contains_key(k));
    let mut pairs: HashedMap<(u64, u64), usize> = HashedMap::default();
    for i in 1..units.len() {
        if let (Some(a), Some(b)) = (repeated(i - 1), repeated(i)) {
            *pairs.entry((a, b)).or_default() += 1;
        }
    }
    let paired = |a: usize, b: usize| match (repeated(a), repeated(b)) {
        (Some(x), Some(y)) => pairs.get(&(x, y)).is_some_and(|n| *n >= 2),
        _ => false,
    };
    let mut marked = vec![false; units.len()];
    for i in 0..units.len() {
        let in_run = (i > 0 && paired(i - 1, i)) || paired(i, i + 1);
        // A sign-up form repeated on its own; `||` spares the ad score of
        // units already in a run.
        let lone_form = repeated(i).is_some_and(|k| counts[&k] >= 3);
        marked[i] = in_run || lone_form && ad_score(units[i].text()) >= 2;
    }
    let mut i = 0;
    while i < units.len() {
        let run = marked[i..].iter().take_while(|m| **m).count();
        if run > 0 && !duplicated_content(&units[i..i + run]) {
            let kind = furniture_kind(&units[i..i + run]);
            for unit in &mut units[i..i + run] {
                unit.role = Role::Furniture(kind);
            }
        }
        i += run.max(1);
    }
}

/// How often each key that occurs more than once occurs. Counted on a
/// sorted copy of the keys, not in a map of them all: nearly every
/// paragraph's key is distinct, and a map of a 100 MB file's 300,000 keys
/// took some 13 MB (more while it grew) at the peak of its load, against
/// 2.4 MB for the copy.
fn repeats(keys: &[Option<u64>]) -> HashedMap<u64, usize> {
    let mut sorted: Vec<u64> = keys.iter().flatten().copied().collect();
    sorted.sort_unstable();
    sorted
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= 2)
        .map(|run| (run[0], run.len()))
        .collect()
}

/// Openings of labelled sponsor blocks in digests and newsletters.
const SPONSOR_LABELS: &[&str] = &[
    "sponsored",
    "sponsor:",
    "sponsor message",
    "a word from our sponsor",
    "this issue is sponsored",
    "this newsletter is sponsored",
    "brought to you by",
    "advertisement",
    "advertorial",
    "partner content",
    "paid post",
];

/// [`head4`] of each label, worked out when compiling.
const SPONSOR_HEADS: [u32; SPONSOR_LABELS.len()] = heads(SPONSOR_LABELS);

/// How many units a labelled sponsor block may run to.
const MAX_SPONSOR_UNITS: usize = 4;

/// A block that says it is sponsored is an ad even when it appears once:
/// the labelled unit and the short units after it, up to the next heading.
pub fn mark_sponsor_blocks(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        if units[i].role != Role::Content || !sponsor_label(units[i].text()) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < units.len()
            && end - i < MAX_SPONSOR_UNITS
            && units[end].role == Role::Content
            && !units[end].is_heading()
            && units[end].text().split_whitespace().nth(60).is_none()
        {
            end += 1;
        }
        for unit in &mut units[i..end] {
            unit.role = Role::Furniture(ArticleKind::Ad);
        }
        i = end;
    }
}

/// A label past any leading punctuation, within the first 40 chars; the
/// labels are ASCII, so comparing bytes without case is enough. Every unit
/// is asked, so the text is not cut to 40 chars first: a label fits when
/// the punctuation before it and its own length come to 40 at most.
fn sponsor_label(text: &str) -> bool {
    let Some((at, _)) = text.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
        return false;
    };
    let skipped = text[..at].chars().count();
    let rest = &text[at..];
    let Some(mine) = head4(rest) else { return false };
    // Most units share no first four bytes with any label.
    if !SPONSOR_HEADS.contains(&mine) {
        return false;
    }
    SPONSOR_LABELS.iter().any(|label| {
        head4(label) == Some(mine) && skipped + label.len() <= 40 && starts_ci(rest, label)
    })
}

/// Running heads, page footers and page numbers of PDF text: short lines
/// that repeat with only their digits changing ("12 | THE ARCHITECT'S
/// EMAG"), or bare numbers. "Step 1", "Step 2" repeat that way too, so a
/// family counts as page furniture only if one of its lines sits inside a
/// sentence the page broke (see `repair`): headings never do.
pub fn mark_page_furniture(units: &mut [Unit]) {
    let mut families: HashedMap<u64, (usize, bool)> = HashedMap::default();
    let keys: Vec<Option<u64>> = units.iter().map(page_key).collect();
    for (unit, key) in units.iter().zip(&keys) {
        if let Some(k) = key {
            let entry = families.entry(*k).or_default();
            entry.0 += 1;
            entry.1 |= unit.floated;
        }
    }
    for (unit, key) in units.iter_mut().zip(&keys) {
        let page =
            key.and_then(|k| families.get(&k)).is_some_and(|(n, floated)| *n >= 3 && *floated);
        if page && unit.role == Role::Content {
            unit.role = Role::Insert(ArticleKind::Boilerplate);
        }
    }
}

/// The key of a line's digit-free shape, for lines short enough to be a
/// running head or a page number and holding a number.
fn page_key(unit: &Unit) -> Option<u64> {
    let text = ascii::trim(unit.text());
    if !unit.is_line() || text.len() > 80 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let shape: String =
        text.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    Some(xxhash_rust::xxh3::xxh3_64(shape.as_bytes()))
}

/// Footers and sponsor blocks are short. A long repeated run is the same
/// article saved twice (or a file concatenated with itself): content, not
/// boilerplate.
fn duplicated_content(run: &[Unit]) -> bool {
    run.len() > MAX_RUN_UNITS || run.iter().map(|u| u.text().len()).sum::<usize>() > MAX_RUN_CHARS
}

const MAX_RUN_UNITS: usize = 12;
const MAX_RUN_CHARS: usize = 1500;

/// Sign-up forms and footers are boilerplate; sales copy is an ad.
pub fn furniture_kind(run: &[Unit]) -> ArticleKind {
    let text: String = run.iter().map(|u| u.text().to_lowercase()).collect::<Vec<_>>().join(" ");
    if FOOTER_WORDS.iter().any(|w| text.contains(w)) {
        ArticleKind::Boilerplate
    } else if run.iter().map(|u| ad_score(u.text())).sum::<u32>() >= 2 {
        ArticleKind::Ad
    } else {
        ArticleKind::Boilerplate
    }
}

#[cfg(test)]
mod tests {
    use super::super::splitting::units;
    use super::*;

    fn roles(text: &str) -> Vec<Role> {
        let mut u = units(text);
        mark_repeated_runs(&mut u);
        u.iter().map(|u| u.role).collect()
    }

    #[test]
    fn only_keys_seen_twice_or_more_are_counted() {
        let keys = [Some(7), None, Some(3), Some(7), None, Some(9), Some(7), Some(3)];
        let counts = repeats(&keys);
        assert_eq!(counts.len(), 2, "9 is seen once and None is no key");
        assert_eq!((counts[&7], counts[&3]), (3, 2));
        assert!(repeats(&[Some(1), Some(2), None, None]).is_empty());
    }

    #[test]
    fn repeated_runs_are_furniture_but_repeated_headings_are_not() {
        let footer = "Subscribe for Our Newsletter\n\nBy signing up, you will receive updates.\n\n";
        let text = format!(
            "One\n\nConclusion\n\nFirst text.\n\n{footer}Two\n\nConclusion\n\nSecond text.\n\n{footer}"
        );
        let r = roles(&text);
        let footer_role = Role::Furniture(ArticleKind::Boilerplate);
        assert_eq!(r[1], Role::Content, "a lone repeated heading stays");
        assert_eq!(&r[3..5], &[footer_role, footer_role]);
        assert_eq!(&r[8..10], &[footer_role, footer_role]);
    }

    #[test]
    fn an_article_saved_twice_stays_content() {
        let article = (0..8)
            .map(|i| format!("Paragraph {i} of the story goes on about terminals and reading for a while.\n\n"))
            .collect::<String>();
        let text = format!("{}{}", article, article).repeat(2);
        assert!(roles(&text).iter().all(|r| *r == Role::Content));
    }

    #[test]
    fn running_heads_with_page_numbers_are_furniture_but_numbered_headings_are_not() {
        let page = |n: u32| format!("{n} | THE ARCHITECT'S EMAG\n\n");
        let text = format!(
            "Step 1\n\nDo this first.\n\nStep 2\n\nThen this.\n\nStep 3\n\nAnd this.\n\n\
             Distributed systems fail in partial ways and the designs that survive assume\n\n{}\
             that any call can time out, so every call gets a deadline.\n\n{}Retries need budgets.\n\n{}",
            page(12),
            page(13),
            page(14)
        );
        let mut u = units(&text);
        super::super::repair::mend_page_breaks(&mut u);
        mark_page_furniture(&mut u);
        let furniture: Vec<&str> =
            u.iter().filter(|u| u.role != Role::Content).map(|u| u.text()).collect();
        assert_eq!(furniture.len(), 3, "{furniture:?}");
        assert!(furniture.iter().all(|t| t.contains("EMAG")));
    }

    #[test]
    fn repeated_sponsor_blocks_are_ads() {
        let ad = "ACME\n\nSecure your app's future.\n\n[Take a Tour](#)\n\n";
        let r = roles(&format!("A text.\n\n{ad}B text.\n\n{ad}C text."));
        assert_eq!(r[1], Role::Furniture(ArticleKind::Ad));
        assert_eq!(r[0], Role::Content);
    }

    #[test]
    fn sponsor_labels_open_the_first_forty_chars() {
        assert!(sponsor_label("Sponsored: a tool for teams"));
        assert!(sponsor_label("— *Brought to you by* Acme"));
        assert!(!sponsor_label("Nothing sponsored here"));
        let dashes = "-".repeat(29);
        assert!(sponsor_label(&format!("{dashes} sponsored")), "29 + 1 + 9 chars fit in 40");
        assert!(!sponsor_label(&format!("{dashes}-- sponsored")), "41 do not");
        assert!(!sponsor_label(&format!("{} sponsored", "—".repeat(31))), "chars, not bytes");
        assert!(sponsor_label(&format!("{} sponsored", "—".repeat(30))));
    }

    #[test]
    fn byline_blocks_above_source_lines_are_not_boilerplate() {
        let article = |t: &str| {
            format!(
                "{t}\n\nMMS Founder\nMMS RSS\n\nPosted on Feed News. Visit Feed News\n\nBody of {t}.\n\n"
            )
        };
        let r = roles(&format!("{}{}", article("Alpha"), article("Beta")));
        assert!(r.iter().all(|r| *r == Role::Content));
    }
}
