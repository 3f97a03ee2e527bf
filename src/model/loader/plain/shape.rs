//! Line-shape predicates: what a line of plain text looks like it is.
//!
//! These are the general signals the segmenter works from: the shape of
//! headings, bylines, source lines, author bios, bullets and advertising
//! copy. None of them name a particular publication.

/// Small words that stay lowercase in Title Case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "of", "on", "or",
    "the", "to", "vs", "vs.", "via", "with", "your", "are", "be", "it", "its", "not", "how", "why",
    "what", "when", "do", "does", "we", "you", "our", "that", "this", "than",
];

/// Words a heading never ends on: a line ending in one was cut mid-sentence.
const DANGLING_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "that", "with", "for", "in", "by", "from", "as",
    "at", "on", "but", "which", "who", "our", "your", "their", "its", "is", "are", "was", "were",
    "this", "these", "those", "than", "into", "if", "because", "so",
];

/// How a heading-like line is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    AllCaps,
    Title,
    Sentence,
}

/// Marks PDF layouts put at the end of a page ("continued") or an article.
pub fn strip_marks(line: &str) -> &str {
    line.trim().trim_end_matches(['►', '■', '∎', '▶']).trim_end()
}

/// Does the line look like a heading (or a title), and how is it cased?
/// Headings are short, start with a capital or digit, have no sentence
/// punctuation at the end and no sentence break inside.
pub fn heading_case(line: &str) -> Option<Case> {
    let line = line.trim();
    if line.len() > 600 {
        return None;
    }
    let chars = line.chars().count();
    if !(2..=120).contains(&chars) || line.contains('\t') || line.ends_with('►') {
        return None;
    }
    let first = line.chars().next()?;
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '"' || first == '“') {
        return None;
    }
    let core = line.trim_end_matches(['"', '”', '’', '\'', ')', ']']);
    let core = abbreviation_stop(core).unwrap_or(core);
    if core.ends_with(['.', ',', ';', ':', '-', '–', '—', '(']) || bullet(line).is_some() {
        return None;
    }
    if sentence_break(line) {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    if words.len() > 16 || words.len() > 1 && DANGLING_WORDS.contains(&last.as_str()) {
        return None;
    }
    Some(case_of(&words))
}

fn case_of(words: &[&str]) -> Case {
    let letters: Vec<char> =
        words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return Case::AllCaps;
    }
    let significant: Vec<&&str> =
        words.iter().filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str())).collect();
    let capitalised = significant
        .iter()
        .filter(|w| w.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| !c.is_lowercase()))
        .count();
    if words.len() >= 2 && capitalised * 4 >= significant.len() * 3 {
        Case::Title
    } else {
        Case::Sentence
    }
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

/// Is this a section heading, given that it is followed by body text?
/// Sentence-case headings must be short: longer ones are sentences that
/// happen to lack a full stop.
pub fn is_heading(line: &str) -> bool {
    match heading_case(line) {
        Some(Case::AllCaps | Case::Title) => true,
        Some(Case::Sentence) => line.split_whitespace().count() <= 9,
        None => false,
    }
}

/// A bullet or number at the start of a list line: returns the marker kind
/// (`None` for bullets, `Some(n)` for numbered items) and the item text.
pub fn bullet(line: &str) -> Option<(Option<u64>, &str)> {
    let t = line.trim_start();
    let mut chars = t.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '•' | '◦' | '▪' | '●' | '‣' | '∙' | '·' | '-' | '–' | '*' | '+' | '○' | '■')
    {
        let rest = &t[c.len_utf8()..];
        return (rest.starts_with([' ', '\t', '\u{a0}']) && !rest.trim().is_empty())
            .then(|| (None, rest.trim_start_matches([' ', '\t', '\u{a0}'])));
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

/// Openings of editor's letters, forewords and the like.
pub fn letter_title(title: &str) -> bool {
    let lower = title.to_lowercase();
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
    .any(|k| {
        let bare = lower.trim_start_matches("a ").trim_start_matches("the ");
        bare.starts_with(k) && bare.len() <= k.len() + 24
    })
}

/// Headings that open a magazine's back pages.
pub fn back_matter_heading(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
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
    .any(|k| lower.starts_with(k))
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
pub fn ad_score(text: &str) -> u32 {
    // Sales copy is short; long paragraphs are never scored as ads.
    if text.len() > 400 {
        return 0;
    }
    let lower = text.to_lowercase();
    let mut score = 2 * AD_PHRASES.iter().filter(|p| lower.contains(*p)).count() as u32;
    let sentences: Vec<&str> =
        lower.split(['.', '!', '?']).filter(|s| !s.trim().is_empty()).collect();
    let imperative = sentences
        .iter()
        .filter(|s| s.split_whitespace().next().is_some_and(|w| AD_VERBS.contains(&w)))
        .count();
    score += imperative as u32;
    if lower
        .split_whitespace()
        .any(|w| matches!(w.trim_matches(|c: char| !c.is_alphanumeric()), "your" | "you"))
    {
        score += 1;
    }
    score
}

/// Could this line be an article title? Looser than a heading: digest
/// titles run long and carry "vs." or a trailing "(NASDAQ:MDB)".
pub fn title_shape(line: &str) -> bool {
    let t = strip_marks(line);
    if t.len() > 1200 {
        return false;
    }
    let chars = t.chars().count();
    let first = t.chars().next().unwrap_or(' ');
    (3..=250).contains(&chars)
        && (first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(first, '"' | '“' | '.' | '\''))
        && !t.ends_with(['.', ',', ';', ':'])
        && !t.contains('\t')
        && bullet(t).is_none()
        && t.split_whitespace().count() <= 40
        && !sentence_break(t)
}

/// Does the text hold a full stop between two sentences? "Inc. (NASDAQ)"
/// and "vs. Earnings" are abbreviations, "a big rock. More" is a break.
pub fn sentence_break(text: &str) -> bool {
    text.match_indices(". ").any(|(at, _)| {
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
