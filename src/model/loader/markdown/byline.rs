//! Bylines: blog exports put `By Jane Doe` (often in italics) right under
//! the title instead of in metadata.

/// Lowercase words that may appear inside a person's name.
const CONNECTORS: &[&str] = &[
    "and", "bin", "da", "de", "del", "della", "der", "di", "du", "la", "le", "of", "van", "von",
    "y",
];

/// The author named by a byline paragraph, if `text` is one.
///
/// A byline is short, on one line, starts with "by", does not end like a
/// sentence, and every word after "by" looks like part of a name (capital
/// letter, digit, connector or punctuation). That tells `By Jane Doe` from
/// `By the way, ...` without a list of names.
pub fn author(text: &str) -> Option<String> {
    let text = text.trim();
    if text.contains('\n') || text.chars().count() > 100 {
        return None;
    }
    let mut chars = text.char_indices();
    let by = matches!(chars.next(), Some((_, 'B' | 'b')))
        && matches!(chars.next(), Some((_, 'y' | 'Y')));
    let (space, _) = chars.next()?;
    if !by || !text[space..].starts_with(char::is_whitespace) {
        return None;
    }
    let name =
        text[space..].trim().trim_matches(|c: char| matches!(c, ',' | ';' | '|' | '-' | '—' | '–'));
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

    #[test]
    fn bylines_are_recognised() {
        assert_eq!(author("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            author("by  Ana de la Cruz and Bo Li").as_deref(),
            Some("Ana de la Cruz and Bo Li")
        );
        assert_eq!(
            author("BY J. R. Hacker, 3 May 2024").as_deref(),
            Some("J. R. Hacker, 3 May 2024")
        );
        assert_eq!(author("By 山田 太郎").as_deref(), Some("山田 太郎"));
    }

    #[test]
    fn sentences_are_not_bylines() {
        assert_eq!(author("By the way, this is prose."), None);
        assert_eq!(author("By Monday we shipped"), None);
        assert_eq!(author("By Design."), None);
        assert_eq!(author("Bystander Effect"), None);
        assert_eq!(author("By"), None);
        assert_eq!(author("By Jane\nDoe"), None);
        assert_eq!(author(""), None);
    }
}
