//! Bylines: blog exports put `By Jane Doe` (often in italics) right under
//! the title instead of in metadata; digests put a credit line such as
//! `_Contributed by Jane Doe_`, `— Jane Doe` or `*By Jane Doe · 4 Mar 2025*`
//! under each article's heading.

use super::super::plain::meta::date_line;
use crate::model::document::Inline;
use crate::model::text::inline_text;

/// Lowercase words that may appear inside a person's name.
const CONNECTORS: &[&str] = &[
    "and", "bin", "da", "de", "del", "della", "der", "di", "du", "la", "le", "of", "van", "von",
    "y",
];

/// What a credit line under a heading says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credit {
    pub author: Option<String>,
    pub date: Option<String>,
}

/// Words that introduce an author, in the languages quire has met: the
/// shape is "a few words, this word, a name".
const BY_WORDS: &[&str] =
    &["by", "von", "par", "por", "door", "av", "af", "di", "da", "de", "przez", "от", "af"];

/// Where a date may be joined to a byline: `By Jo · 4 Mar 2025`.
const DATE_JOINS: &[&str] = &[" · ", " | ", " • ", ", ", " — ", " – ", " - ", " / ", " on "];

/// The author and date a short paragraph right under a heading gives, if
/// it is a credit line. Shapes: one line of at most 120 characters that is
/// a byline (see [`name_after_by`]), a date, or the two joined by a
/// separator; a date alone must be short or emphasised so that a sentence
/// mentioning a month is not taken.
pub fn credit(inlines: &[Inline]) -> Option<Credit> {
    let text = inline_text(inlines);
    let text = text.trim();
    if text.is_empty() || text.len() > 240 || text.chars().count() > 120 || text.contains('\n') {
        return None;
    }
    let emphasised = is_emphasised(inlines);
    for join in DATE_JOINS {
        for (at, _) in text.match_indices(join) {
            let (left, right) = (text[..at].trim(), text[at + join.len()..].trim());
            if let (Some(author), Some(date)) = (credited(left, emphasised), date_only(right)) {
                return Some(Credit { author: Some(author), date: Some(date) });
            }
            if let (Some(date), Some(author)) = (date_only(left), credited(right, emphasised)) {
                return Some(Credit { author: Some(author), date: Some(date) });
            }
        }
    }
    if let Some(author) = name_after_by(text, emphasised) {
        return Some(Credit { author: Some(author), date: None });
    }
    let (date, author) = date_line(text)?;
    let short = text.split_whitespace().count() <= 6;
    (short || emphasised || author.is_some()).then_some(Credit { author, date: Some(date) })
}

/// The name beside a date: a byline, or a bare name of two to five words
/// (`Jo Park · 4 Mar 2025`), the date making the line a credit.
fn credited(text: &str, emphasised: bool) -> Option<String> {
    name_after_by(text, emphasised)
        .or_else(|| names(text).filter(|name| (2..=5).contains(&name.split(' ').count())))
}

/// A date and nothing much else: "4 Mar 2025", "Posted on 2025-03-04".
fn date_only(text: &str) -> Option<String> {
    let (date, author) = date_line(text)?;
    (author.is_none() && text.split_whitespace().count() <= 6).then_some(date)
}

/// Every visible run is emphasised or strong: the whole line is set apart
/// from the prose, as credit lines are.
fn is_emphasised(inlines: &[Inline]) -> bool {
    let mut any = false;
    for inline in inlines {
        match inline {
            Inline::Emphasis(_) | Inline::Strong(_) => any = true,
            Inline::Text(t) if t.trim().is_empty() => {}
            _ => return false,
        }
    }
    any
}

/// The name in a byline-shaped line: `By Jane Doe`; a dash and a name
/// (`— Jane Doe`); or, when the line is emphasised, up to two words, a
/// byline preposition and a name (`Contributed by Jane Doe`, `Escrito por
/// Ana Ruiz`). Without emphasis the lead-in is one word at most and the
/// name two words at least, so `Powered by Rust` stays prose.
pub fn name_after_by(text: &str, emphasised: bool) -> Option<String> {
    let text = text.trim();
    let undashed = text.trim_start_matches(['—', '–', '―', '-', '~']);
    if undashed.len() < text.len() && undashed.starts_with(char::is_whitespace) {
        return names(undashed);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let by_at = words.iter().take(3).position(|w| BY_WORDS.contains(&w.to_lowercase().as_str()))?;
    let name = names(&words[by_at + 1..].join(" "))?;
    let plain_ok = by_at == 0 && words[0].eq_ignore_ascii_case("by")
        || by_at == 1 && name.split(' ').count() >= 2;
    (emphasised || plain_ok).then_some(name)
}

/// One or more names: at most twelve words, each name-like, not ending
/// like a sentence.
fn names(text: &str) -> Option<String> {
    let name = text.trim().trim_matches(|c: char| matches!(c, ',' | ';' | '|' | '-' | '—' | '–'));
    let name = name.trim();
    if name.is_empty() || name.ends_with(['.', '!', '?', ':']) {
        return None;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    (words.len() <= 12 && words.iter().all(|w| name_like(w))).then(|| words.join(" "))
}

fn name_like(word: &str) -> bool {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    match core.chars().next() {
        None => true,
        Some(first) => !first.is_lowercase() || CONNECTORS.contains(&core),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Option<Credit> {
        credit(&[Inline::text(text)])
    }

    fn emphasised(text: &str) -> Option<Credit> {
        credit(&[Inline::Emphasis(vec![Inline::text(text)])])
    }

    fn by(author: &str) -> Option<Credit> {
        Some(Credit { author: Some(author.to_string()), date: None })
    }

    fn by_on(author: &str, date: &str) -> Option<Credit> {
        Some(Credit { author: Some(author.to_string()), date: Some(date.to_string()) })
    }

    #[test]
    fn by_lines_plain_or_emphasised() {
        assert_eq!(plain("By Jane Doe"), by("Jane Doe"));
        assert_eq!(plain("by  Ana de la Cruz and Bo Li"), by("Ana de la Cruz and Bo Li"));
        assert_eq!(emphasised("By 山田 太郎"), by("山田 太郎"));
        assert_eq!(plain("BY J. R. Hacker, 3 May 2024"), by_on("J. R. Hacker", "3 May 2024"));
    }

    #[test]
    fn lead_in_words_before_the_preposition_need_emphasis() {
        assert_eq!(emphasised("Contributed by Ilka Brandt"), by("Ilka Brandt"));
        assert_eq!(emphasised("Geschrieben von Jana Becker"), by("Jana Becker"));
        assert_eq!(emphasised("Texte de Marie Lenoir"), by("Marie Lenoir"));
        assert_eq!(emphasised("Escrito por Ana Ruiz"), by("Ana Ruiz"));
        assert_eq!(emphasised("Par Élodie Marchand"), by("Élodie Marchand"));
        assert_eq!(plain("Reviewed by Tom Okafor"), by("Tom Okafor"));
        // Near-misses: a one-word name without emphasis, prose after "by".
        assert_eq!(plain("Powered by Rust"), None);
        assert_eq!(emphasised("Made by hand in small batches"), None);
        assert_eq!(emphasised("Read more in the Rust Book"), None);
    }

    #[test]
    fn dashed_names_and_dates_joined_either_side() {
        assert_eq!(plain("— Noor Haddad"), by("Noor Haddad"));
        assert_eq!(plain("-- Lu Chen"), by("Lu Chen"));
        assert_eq!(emphasised("By Jo Park · 4 Mar 2025"), by_on("Jo Park", "4 Mar 2025"));
        assert_eq!(emphasised("2025-03-04 | Jo Park"), by_on("Jo Park", "2025-03-04"));
        assert_eq!(plain("Tomasz Wielgus / June 1, 2025"), by_on("Tomasz Wielgus", "June 1, 2025"));
        assert_eq!(plain("Posted by Jo Park on March 4, 2025"), by_on("Jo Park", "March 4, 2025"));
        let dated = Some(Credit { author: None, date: Some("June 2, 2025".to_string()) });
        assert_eq!(emphasised("June 2, 2025"), dated);
    }

    #[test]
    fn sentences_are_not_credits() {
        assert_eq!(plain("By the way, this is prose."), None);
        assert_eq!(plain("By Monday we shipped"), None);
        assert_eq!(plain("By Design."), None);
        assert_eq!(plain("Bystander Effect"), None);
        assert_eq!(plain("By"), None);
        assert_eq!(plain("By Jane\nDoe"), None);
        assert_eq!(plain(""), None);
        assert_eq!(
            plain("We moved the whole fleet to the new region in May 2024 after a long trial."),
            None
        );
        assert_eq!(plain("— and then it broke"), None);
    }
}
