//! Line-shape predicates: what a line of plain text looks like it is.
//!
//! These are the general signals the segmenter works from: the shape of
//! headings, bylines, source lines, author bios, bullets and advertising
//! copy. None of them name a particular publication.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::model::scan::ascii;
use crate::model::scan::words::{is_one_of, pack_all, starts_ci};

/// Small words that stay lowercase in Title Case.
const MINOR_WORDS: [u64; 39] = pack_all(&[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "of", "on", "or",
    "the", "to", "vs", "vs.", "via", "with", "your", "are", "be", "it", "its", "not", "how", "why",
    "what", "when", "do", "does", "we", "you", "our", "that", "this", "than",
]);

/// Words a heading never ends on: a line ending in one was cut mid-sentence.
const DANGLING_WORDS: [u64; 35] = pack_all(&[
    "the", "a", "an", "and", "or", "of", "to", "that", "with", "for", "in", "by", "from", "as",
    "at", "on", "but", "which", "who", "our", "your", "their", "its", "is", "are", "was", "were",
    "this", "these", "those", "than", "into", "if", "because", "so",
]);

/// How a heading-like line is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    AllCaps,
    Title,
    Sentence,
}

/// Marks PDF layouts put at the end of a page ("continued") or an article.
pub fn strip_marks(line: &str) -> &str {
    ascii::trim(line).trim_end_matches(['►', '■', '∎', '▶']).trim_end()
}

/// A line shaped like a heading: how it is cased, and how many words it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub case: Case,
    /// Capped at `u16::MAX`: only "up to nine" is ever asked. Small, so
    /// that a unit's cached heading takes 4 bytes, not 16 (a 100 MB file
    /// has some 300,000 units alive at once).
    words: u16,
}

impl Heading {
    /// A heading known from elsewhere (a contents entry, a section
    /// number), whatever its own shape.
    pub fn confirmed(line: &str) -> Heading {
        Heading { case: Case::Title, words: capped(line.split_whitespace().count()) }
    }

    /// Is it a section heading, given that body text follows? Sentence-case
    /// headings must be short: longer ones are sentences that happen to lack
    /// a full stop.
    pub fn opens_section(self) -> bool {
        match self.case {
            Case::AllCaps | Case::Title => true,
            Case::Sentence => self.words <= 9,
        }
    }
}

/// Does the line look like a heading (or a title), and how is it cased?
pub fn heading_case(line: &str) -> Option<Case> {
    heading(line).map(|h| h.case)
}

/// The heading shape of a line, if it has one. Headings are short, start
/// with a capital or digit, have no sentence punctuation at the end and no
/// sentence break inside.
pub fn heading(line: &str) -> Option<Heading> {
    let line = ascii::trim(line);
    // More than 480 bytes is more than 120 chars: no need to count them.
    if line.len() > 480 {
        return None;
    }
    let first = line.chars().next()?;
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '"' || first == '“') {
        return None;
    }
    // Most paragraphs end a sentence, which settles it before any count.
    let core = line.trim_end_matches(['"', '”', '’', '\'', ')', ']']);
    let core = abbreviation_stop(core).unwrap_or(core);
    if core.ends_with(['.', ',', ';', ':', '-', '–', '—', '(']) {
        return None;
    }
    let chars = line.chars().count();
    if !(2..=120).contains(&chars) || has_tab(line) || line.ends_with('►') || bullet(line).is_some()
    {
        return None;
    }
    if sentence_break(line) {
        return None;
    }
    let words = line.split_whitespace().count();
    let last = line.split_whitespace().next_back().unwrap_or("");
    if words > 16 || words > 1 && is_one_of(last, &DANGLING_WORDS) {
        return None;
    }
    Some(Heading { case: case_of(line, words), words: capped(words) })
}

fn capped(words: usize) -> u16 {
    u16::try_from(words).unwrap_or(u16::MAX)
}

/// A vector search (`memchr`): the standard library's walks eight bytes
/// at a time.
pub fn has_tab(line: &str) -> bool {
    memchr::memchr(b'\t', line.as_bytes()).is_some()
}

/// All caps when there are two letters or more and none is lowercase;
/// Title Case when three in four significant words are capitalised.
fn case_of(line: &str, words: usize) -> Case {
    let mut letters = line.chars().filter(|c| c.is_alphabetic());
    let all_caps = letters.by_ref().take(2).filter(|c| c.is_uppercase()).count() == 2
        && letters.all(|c| c.is_uppercase());
    if all_caps {
        return Case::AllCaps;
    }
    let (mut significant, mut capitalised) = (0, 0);
    for word in line.split_whitespace().filter(|w| !is_one_of(w, &MINOR_WORDS)) {
        significant += 1;
        let initial = word.chars().find(|c| c.is_alphanumeric());
        capitalised += usize::from(initial.is_some_and(|c| !c.is_lowercase()));
    }
    if words >= 2 && capitalised * 4 >= significant * 3 { Case::Title } else { Case::Sentence }
}

/// "Portfolio Mgmt." ends in an abbreviation, not a full stop: returns the
/// text without that stop.
fn abbreviation_stop(text: &str) -> Option<&str> {
    let stem = text.strip_suffix('.')?;
    let word = stem.rsplit(' ').next()?;
    let vowels = word.chars().filter(|c| "aeiouAEIOU".contains(*c)).count();
    let known = ["Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "St", "etc", "Dept", "Intl", "No"];
    let short = word.chars().count() <= 5 && word.starts_with(char::is_uppercase);
    (short && (vowels == 0 || known.contains(&word))).then_some(stem)
}

/// A bullet or number at the start of a list line: returns the marker kind
/// (`None` for bullets, `Some(n)` for numbered items) and the item text.
pub fn bullet(line: &str) -> Option<(Option<u64>, &str)> {
    let t = ascii::trim_start(line);
    // Most lines start with a letter, which is neither a bullet nor a digit.
    if t.as_bytes().first()?.is_ascii_alphabetic() {
        return None;
    }
    let mut chars = t.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '•' | '◦' | '▪' | '●' | '‣' | '∙' | '·' | '-' | '–' | '*' | '+' | '○' | '■')
    {
        let rest = &t[c.len_utf8()..];
        let gap = gap_len(rest);
        let text = &rest[gap..];
        // A gap, then some text: a char that is not whitespace.
        return (gap > 0 && !ascii::trim_start(text).is_empty()).then_some((None, text));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2 {
            let n = t[..digits].parse().ok()?;
            return Some((Some(n), rest[2..].trim_start()));
        }
    }
    None
}

/// How many bytes of spaces, tabs and no-break spaces open `s`: the gap
/// after a bullet, measured bytewise (a search for any of three chars
/// decodes each char and cost more than the rest of the bullet check).
fn gap_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b' ' | b'\t' => at += 1,
            0xc2 if bytes.get(at + 1) == Some(&0xa0) => at += 2,
            _ => break,
        }
    }
    at
}

/// Openings of editor's letters, forewords and the like.
pub fn letter_title(title: &str) -> bool {
    // Compared without a lowercased copy: this is asked of every candidate
    // title, and the openings are ASCII but for an apostrophe, which
    // compares as itself.
    let mut bare = title;
    while starts_ci(bare, "a ") {
        bare = &bare[2..];
    }
    while starts_ci(bare, "the ") {
        bare = &bare[4..];
    }
    [
        "letter from the editor",
        "editor's letter",
        "editor’s letter",
        "editor's note",
        "editor’s note",
        "from the editor",
        "foreword",
        "editorial",
        "welcome to this issue",
        "introduction from the editor",
    ]
    .iter()
    .any(|k| starts_ci(bare, k) && bare.len() <= k.len() + 24)
}

/// Headings that open a magazine's back pages. The phrases are ASCII, so
/// they are compared bytewise without case: this asks every one-line unit
/// of the last article, and lowercasing each into a new string cost more
/// than the rest of the check.
pub fn back_matter_heading(line: &str) -> bool {
    let line = ascii::trim(line);
    [
        "previous issues",
        "past issues",
        "other issues",
        "more emags",
        "also available",
        "related emags",
        "in the next issue",
        "coming next issue",
        "about the publisher",
        "back issues",
        "more from this series",
    ]
    .iter()
    .any(|k| starts_ci(line, k))
}

/// Phrases of advertising and sign-up copy.
const AD_PHRASES: &[&str] = &[
    "free trial",
    "take a tour",
    "sign up",
    "signing up",
    "subscribe",
    "request a demo",
    "book a demo",
    "download now",
    "try it free",
    "try for free",
    "learn more at",
    "sponsored",
    "advertisement",
    "get started",
    "register now",
    "start your free",
    "limited time",
    "newsletter",
    "unsubscribe",
    "all rights reserved",
    "for validation purposes",
];

/// Verbs advertising copy opens with.
const AD_VERBS: &[&str] = &[
    "find",
    "discover",
    "get",
    "try",
    "start",
    "download",
    "secure",
    "learn",
    "join",
    "register",
    "sign",
    "boost",
    "unlock",
    "accelerate",
    "see",
    "make",
    "take",
    "optimize",
    "optimise",
];

/// How much a short text reads like advertising or a sign-up form.
/// The phrases and verbs are ASCII, so they are matched ignoring ASCII
/// case, without a lowercased copy; the phrases all in one pass of an
/// Aho-Corasick automaton, since this runs on every short unit of a file.
pub fn ad_score(text: &str) -> u32 {
    // Sales copy is short; long paragraphs are never scored as ads.
    if text.len() > 400 {
        return 0;
    }
    let bytes = text.as_bytes();
    let mut score = 2 * ad_phrases(text);
    let imperative = bytes
        .split(|b| matches!(b, b'.' | b'!' | b'?'))
        .filter_map(|s| s.split(u8::is_ascii_whitespace).find(|w| !w.is_empty()))
        .filter(|w| AD_VERBS.iter().any(|v| v.as_bytes().eq_ignore_ascii_case(w)))
        .count();
    score += imperative as u32;
    let addressed = bytes.split(u8::is_ascii_whitespace).any(|w| {
        let core = trim_non_alnum(w);
        core.eq_ignore_ascii_case(b"you") || core.eq_ignore_ascii_case(b"your")
    });
    score + u32::from(addressed)
}

/// How many different [`AD_PHRASES`] the text holds.
fn ad_phrases(text: &str) -> u32 {
    static FINDER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasick::builder().ascii_case_insensitive(true).build(AD_PHRASES).ok()
    });
    let Some(finder) = FINDER.as_ref() else {
        // Building from a fixed list of short phrases does not fail.
        return 0;
    };
    let found =
        finder.find_overlapping_iter(text).fold(0u64, |seen, m| seen | 1 << m.pattern().as_usize());
    found.count_ones()
}

/// Trims ASCII punctuation and any non-ASCII bytes from both ends; the
/// words compared after it are ASCII.
fn trim_non_alnum(w: &[u8]) -> &[u8] {
    let start = w.iter().position(u8::is_ascii_alphanumeric).unwrap_or(w.len());
    let end = w.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |e| e + 1);
    &w[start..end]
}

/// Could this line be an article title? Looser than a heading: digest
/// titles run long and carry "vs." or a trailing "(NASDAQ:MDB)".
pub fn title_shape(line: &str) -> bool {
    let t = strip_marks(line);
    // More than 1000 bytes is more than 250 chars; the cheap tests go first.
    let first = t.chars().next().unwrap_or(' ');
    if t.len() > 1000
        || t.ends_with(['.', ',', ';', ':'])
        || !(first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(first, '"' | '“' | '.' | '\''))
    {
        return false;
    }
    let chars = t.chars().count();
    (3..=250).contains(&chars)
        && !has_tab(t)
        && bullet(t).is_none()
        && t.split_whitespace().count() <= 40
        && !sentence_break(t)
}

/// Does the text hold a full stop between two sentences? "Inc. (NASDAQ)"
/// and "vs. Earnings" are abbreviations, "a big rock. More" is a break.
pub fn sentence_break(text: &str) -> bool {
    let bytes = text.as_bytes();
    let stops = memchr::memchr_iter(b'.', bytes).filter(|&at| bytes.get(at + 1) == Some(&b' '));
    stops.into_iter().any(|at| {
        let word = text[..at].rsplit(' ').next().unwrap_or("");
        word.chars().count() >= 2
            && word.chars().all(char::is_alphabetic)
            && word.starts_with(char::is_lowercase)
            && !matches!(word, "vs" | "etc" | "al" | "approx" | "incl")
    })
}

#[cfg(test)]
mod tests {
    use super::super::meta::bio_author;
    use super::*;

    fn is_heading(line: &str) -> bool {
        heading(line).is_some_and(Heading::opens_section)
    }

    #[test]
    fn headings_have_heading_shape() {
        assert_eq!(heading_case("Respect Your Organisational Monoliths"), Some(Case::Title));
        assert_eq!(heading_case("KEY TAKEAWAYS"), Some(Case::AllCaps));
        assert_eq!(heading_case("Flighting deployments"), Some(Case::Sentence));
        assert!(is_heading("Why run an internal tech conference?"));
        assert!(!is_heading("This table shows the operational capabilities."));
        assert!(!is_heading("We had 50+ business units, with some IT autonomy to respond to the"));
        assert!(!is_heading("- a list item"));
        assert!(!is_heading("lowercase start"));
        assert!(is_heading("Project, Program and Portfolio Mgmt."));
        assert!(!is_heading("It ends with a word."));
        assert!(!is_heading("Gruver: The book is intended for large organizations that"));
        assert_eq!(
            bio_author("Oppenheimer Asset Management Inc. grew its holdings in shares of it."),
            None
        );
        assert!(!is_heading("Definition one: A great big rock. More here"));
    }

    #[test]
    fn bullets_and_numbers() {
        assert_eq!(bullet("  • Incident - a cookie"), Some((None, "Incident - a cookie")));
        assert_eq!(bullet("2. quality"), Some((Some(2), "quality")));
        assert_eq!(bullet("- x"), Some((None, "x")));
        assert_eq!(bullet("-x"), None);
        assert_eq!(bullet("•\u{a0} \tNBSP gap"), Some((None, "NBSP gap")));
        assert_eq!(bullet("• \u{a0} "), None, "a gap with no text after it");
        assert_eq!(bullet("•"), None);
        assert_eq!(bullet("2024. A year"), None);
        assert_eq!(bullet("— Guns N' Roses"), None);
    }

    #[test]
    fn advertising_copy_scores_high() {
        assert!(
            ad_score(
                "Find & fix app performance issues, faster. Discover how APM keeps your customers happier."
            ) >= 3
        );
        assert!(ad_score("Subscribe for our Newsletter") >= 2);
        assert!(ad_score("The wolves changed the behaviour of the deer in the park.") == 0);
    }
}
