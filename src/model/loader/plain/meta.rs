//! Metadata lines: bylines, source lines, datelines, author bios and the
//! names in them. Matching is by shape and a few words of English, never
//! by the name of a publication.

use crate::model::scan::ascii;
use crate::model::scan::words::{head4, starts_ci};

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
    let t = ascii::trim(line).trim_start_matches('(');
    // Every line is asked; most are turned away by their first four bytes.
    let mine = head4(t)?;
    if t.len() > 300 || !SOURCE_PREFIXES.iter().any(|p| head4(p) == Some(mine)) {
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
    let t = ascii::trim(line);
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
        name_joiner(w) || name_word(w)
    })
}

/// Lowercase words that may stand between the parts of names.
fn name_joiner(w: &str) -> bool {
    matches!(w, "and" | "&" | "with") || NAME_PARTICLES.contains(&w)
}

/// Lowercase particles inside surnames ("Joost van den Berg").
const NAME_PARTICLES: [&str; 14] =
    ["de", "van", "von", "der", "den", "ter", "da", "das", "dos", "del", "di", "du", "la", "le"];

/// A capitalised name word: "Jane", "O'Neil", "Morgan-Smith", "J.", "MANUEL".
fn name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        && w.chars().count() <= 20
}

/// A line that is nothing but a person's name: "MANUEL PAIS", "Jane Doe".
pub fn name_line(line: &str) -> Option<String> {
    let t = ascii::trim(line);
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

/// Verbs that follow a name at the start of an author bio. A `match`,
/// which compares by length first: every paragraph after a title asks
/// this of its first words.
fn bio_verb(word: &str) -> bool {
    matches!(
        word,
        "is" | "was"
            | "has"
            | "had"
            | "grew"
            | "works"
            | "worked"
            | "leads"
            | "led"
            | "helps"
            | "joined"
            | "spent"
            | "writes"
            | "wrote"
            | "builds"
            | "runs"
            | "started"
            | "founded"
            | "co-founded"
            | "teaches"
            | "lives"
            | "holds"
            | "specializes"
            | "specialises"
            | "focuses"
            | "brings"
            | "currently"
            | "serves"
    )
}

/// "Margo Cronin is an open group certified master architect…" → "Margo Cronin".
pub fn bio_author(paragraph: &str) -> Option<String> {
    // The name is two to four words, so the verb is among the first five;
    // every paragraph after a title is asked, so they are not collected.
    let mut words = paragraph.split_whitespace();
    let mut first = [""; 5];
    let mut n = 0;
    for word in words.by_ref().take(first.len()) {
        first[n] = word;
        n += 1;
    }
    // The verbs are lowercase: a capitalised word is turned away at once.
    let verb = |w: &&str| {
        w.starts_with(|c: char| c.is_ascii_lowercase()) && bio_verb(w.trim_end_matches(','))
    };
    // The name holds the first two words, so each must be able to start
    // a name part: most paragraphs are turned away by their second word.
    let may_name =
        |w: &str| w.starts_with(char::is_uppercase) || name_joiner(w.trim_end_matches(','));
    if n < 3 || !(may_name(first[0]) && may_name(first[1])) {
        return None;
    }
    let verb_at = first[..n].iter().position(verb)?;
    if !(2..=4).contains(&verb_at) {
        return None;
    }
    let name = first[..verb_at].join(" ");
    let name = name.trim_end_matches(',');
    // Eight words at least: the five read, and three more.
    (person_names(name) && words.nth(2).is_some()).then(|| name.to_string())
}

/// Bylines that name a feed or a role rather than a person ("RSS", "The
/// editors").
pub fn placeholder_author(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
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
    .contains(&lower)
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
    let t = ascii::trim(line);
    // Every dateline holds a year: no digit, no date.
    if t.len() > 200
        || !t.bytes().any(|b| b.is_ascii_digit())
        || t.split_whitespace().nth(12).is_some()
    {
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
    use super::super::shape::title_shape;
    use super::*;

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
        // Eight words at least, and the verb right after a name of two to four.
        assert_eq!(bio_author("Jane Doe is an engineer at Acme"), None);
        assert_eq!(bio_author("Jane Doe is an engineer at Acme Corp").as_deref(), Some("Jane Doe"));
        assert_eq!(bio_author("Jane Q. Ann Doe Smith is an engineer at Acme Corp"), None);
        assert_eq!(name_line("MANUEL PAIS"), Some("Manuel Pais".into()));
        assert_eq!(name_line("Jane doe"), None);
        assert_eq!(name_line("Conclusion"), None);
        assert!(placeholder_author("RSS"));
        assert!(placeholder_author("The editors"));
        assert!(!placeholder_author("Theo Ward"));
        assert_eq!(byline("by Joost van den Berg").as_deref(), Some("Joost van den Berg"));
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
}
