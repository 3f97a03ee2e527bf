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

/// Words that name an organisation rather than a person.
const COMPANY_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "llc",
    "ltd",
    "ltd.",
    "corp",
    "corp.",
    "group",
    "management",
    "capital",
    "partners",
    "fund",
    "bank",
    "holdings",
    "foundation",
    "company",
    "technologies",
    "advisors",
    "associates",
    "securities",
    "investments",
    "trust",
    "gmbh",
    "plc",
    "co.",
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

/// Does `s` start with the ASCII `prefix`, ignoring ASCII case? Matching
/// bytes this way keeps `&s[prefix.len()..]` on a char boundary, which
/// offsets into a lowercased copy would not (some capitals change length).
fn starts_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Byte offset of the ASCII `needle` in `s`, ignoring ASCII case.
fn find_ci(s: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    (0..=s.len().checked_sub(n)?)
        .find(|&i| s.as_bytes()[i..i + n].eq_ignore_ascii_case(needle.as_bytes()))
}

const SOURCE_PREFIXES: &[&str] = &[
    "article originally posted",
    "this article was originally",
    "originally posted",
    "originally published",
    "first published",
    "posted on",
    "published on",
    "published in",
    "appeared in",
    "appeared on",
    "source:",
    "via:",
    "reposted from",
    "cross-posted from",
];

/// "Article originally posted on InfoQ. Visit InfoQ" → "InfoQ";
/// "Source: Example Weekly" → "Example Weekly".
pub fn source_line(line: &str) -> Option<String> {
    let t = line.trim().trim_start_matches('(');
    if t.len() > 300 {
        return None;
    }
    let prefix = SOURCE_PREFIXES.iter().find(|p| starts_ci(t, p))?;
    if date_line(t).is_some() {
        return None;
    }
    let mut rest = t[prefix.len()..].trim_start();
    for joiner in ["on ", "in ", "at ", "by ", "from "] {
        if starts_ci(rest, joiner) {
            rest = rest[joiner.len()..].trim_start();
            break;
        }
    }
    let end = ["visit", " - ", " | "].iter().filter_map(|m| find_ci(rest, m)).min();
    let name = rest[..end.unwrap_or(rest.len())].trim();
    let name = name.trim_end_matches(['.', ')', ',', '\u{a0}']).trim();
    (!name.is_empty() && name.chars().count() <= 80).then(|| name.to_string())
}

/// "By Jane Doe", "by Jane Doe and John Roe", "Written by Jane Doe".
pub fn byline(line: &str) -> Option<String> {
    let t = line.trim();
    let prefix = ["written by ", "words by ", "by ", "author: ", "authors: "]
        .into_iter()
        .find(|p| starts_ci(t, p))?;
    let rest = t[prefix.len()..].trim().trim_end_matches('.');
    person_names(rest).then(|| rest.to_string())
}

/// One or more person names: capitalised words joined by "and", "&" or commas.
pub fn person_names(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    if words
        .iter()
        .any(|w| COMPANY_WORDS.contains(&w.trim_end_matches(',').to_lowercase().as_str()))
    {
        return false;
    }
    words.iter().all(|w| {
        let w = w.trim_end_matches(',');
        matches!(w, "and" | "&" | "with" | "de" | "van" | "von" | "der" | "da" | "di" | "la" | "le")
            || name_word(w)
    })
}

/// A capitalised name word: "Jane", "O'Neil", "Morgan-Smith", "J.", "MANUEL".
fn name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        && w.chars().count() <= 20
}

/// A line that is nothing but a person's name: "MANUEL PAIS", "Jane Doe".
pub fn name_line(line: &str) -> Option<String> {
    let t = line.trim();
    let n = t.split_whitespace().count();
    ((2..=4).contains(&n) && person_names(t) && !t.contains(" and ")).then(|| name_case(t))
}

/// Names typeset in capitals read better in name case: "MANUEL PAIS" → "Manuel Pais".
pub fn name_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.extend(c.to_uppercase())
                } else {
                    out.extend(c.to_lowercase())
                }
                start = matches!(c, '-' | '\'' | '’');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Verbs that follow a name at the start of an author bio.
const BIO_VERBS: &[&str] = &[
    "is",
    "was",
    "has",
    "had",
    "grew",
    "works",
    "worked",
    "leads",
    "led",
    "helps",
    "joined",
    "spent",
    "writes",
    "wrote",
    "builds",
    "runs",
    "started",
    "founded",
    "co-founded",
    "teaches",
    "lives",
    "holds",
    "specializes",
    "specialises",
    "focuses",
    "brings",
    "currently",
    "serves",
];

/// "Margo Cronin is an open group certified master architect…" → "Margo Cronin".
pub fn bio_author(paragraph: &str) -> Option<String> {
    let words: Vec<&str> = paragraph.split_whitespace().take(7).collect();
    let verb_at = words.iter().position(|w| BIO_VERBS.contains(&w.trim_end_matches(',')))?;
    if !(2..=4).contains(&verb_at) {
        return None;
    }
    let name = words[..verb_at].join(" ");
    let name = name.trim_end_matches(',');
    (person_names(name) && paragraph.split_whitespace().nth(7).is_some()).then(|| name.to_string())
}

/// Bylines that name a feed or a role rather than a person.
pub fn placeholder_author(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    [
        "rss",
        "feed",
        "admin",
        "administrator",
        "editor",
        "editors",
        "staff",
        "team",
        "guest",
        "anonymous",
        "unknown",
        "newsroom",
        "founder",
        "press release",
        "bot",
        "news desk",
    ]
    .contains(&lower.as_str())
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

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan ",
    "feb ",
    "mar ",
    "apr ",
    "jun ",
    "jul ",
    "aug ",
    "sep ",
    "sept ",
    "oct ",
    "nov ",
    "dec ",
];

/// A dateline such as "March 3, 2020", "2020-03-03" or "Posted on March 3,
/// 2020 by Alice". Returns the date text and any author named after "by".
pub fn date_line(line: &str) -> Option<(String, Option<String>)> {
    let t = line.trim();
    if t.len() > 200 || t.split_whitespace().count() > 12 {
        return None;
    }
    let lower = t.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let iso = lower.split_whitespace().any(|w| {
        let b = w.as_bytes();
        b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit)
    });
    if !(iso || has_year && MONTHS.iter().any(|m| lower.contains(m))) {
        return None;
    }
    let (date, author) = match find_ci(t, " by ") {
        Some(at) => (&t[..at], byline(&t[at + 1..])),
        None => (t, None),
    };
    let date = ["posted on ", "published on ", "posted ", "published ", "updated "]
        .iter()
        .find(|p| starts_ci(date, p))
        .map_or(date, |p| &date[p.len()..]);
    Some((date.trim().trim_end_matches(['.', ',', '|', '·']).trim().to_string(), author))
}

#[cfg(test)]
mod tests {
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
    fn source_lines() {
        assert_eq!(
            source_line("Article originally posted on InfoQ.\u{a0}Visit InfoQ"),
            Some("InfoQ".into())
        );
        assert_eq!(
            source_line("Posted on mongodb google news.\u{a0}Visit mongodb google news"),
            Some("mongodb google news".into())
        );
        assert_eq!(source_line("Source: The Weekly Byte"), Some("The Weekly Byte".into()));
        assert_eq!(source_line("We posted on Monday about it and more and more and more"), None);
    }

    #[test]
    fn bylines_and_bios() {
        assert_eq!(byline("by Ben Linders"), Some("Ben Linders".into()));
        assert_eq!(byline("By Jane Doe and John Roe"), Some("Jane Doe and John Roe".into()));
        assert_eq!(byline("By signing up, you will receive updates"), None);
        assert_eq!(
            bio_author("Thiago Almeida grew up in Brazil and lived in New Zealand for years."),
            Some("Thiago Almeida".into())
        );
        assert_eq!(bio_author("The team is small but it works well enough for us all."), None);
        assert_eq!(name_line("MANUEL PAIS"), Some("Manuel Pais".into()));
        assert_eq!(name_line("Jane doe"), None);
        assert_eq!(name_line("Conclusion"), None);
        assert!(placeholder_author("RSS"));
    }

    #[test]
    fn titles_and_datelines() {
        assert!(title_shape(
            "MongoDB’s Broker Love vs. Earnings Reality: A Tale of Two Signals – AInvest"
        ));
        assert!(title_shape("Oppenheimer Acquires 2085 Shares of MongoDB, Inc. (NASDAQ:MDB)"));
        assert!(!title_shape("This is a sentence. And another one."));
        assert_eq!(date_line("March 3, 2020"), Some(("March 3, 2020".into(), None)));
        assert_eq!(
            date_line("Posted on March 3, 2020 by Alice Smith"),
            Some(("March 3, 2020".into(), Some("Alice Smith".into())))
        );
        assert_eq!(date_line("2021-07-09"), Some(("2021-07-09".into(), None)));
        assert_eq!(date_line("We met in March and again in May."), None);
        assert_eq!(source_line("Posted on March 3, 2020"), None);
        // A capital whose lowercase is shorter must not break slicing.
        assert_eq!(source_line("\u{212a}Posted on X"), None);
        assert_eq!(byline("By \u{212a}elvin"), Some("\u{212a}elvin".into()));
        assert!(date_line("\u{212a} by 2020-01-01 x").is_some());
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
