//! Unfenced metadata: `Key: value` lines from the first line of the file
//! up to the first blank line, as Pelican and MultiMarkdown write them.
//!
//! The shape is the whole opening block, every line of it either a
//! `Key: value` pair (a short key of one to four words, a colon, a space)
//! or an indented continuation of the value above. A paragraph of prose
//! that merely opens with "Note: ..." is not taken: the block must also
//! name a title, or two of the facts quire reads (title, author, date), as
//! these formats' own documents do; meeting notes opening with `Date:` and
//! `Attendees:` stay readable. When unsure, the text stays readable.

use super::{Meta, meta_from};

/// Keys of the metadata formats that say the block is metadata.
const FACT_KEYS: [&str; 4] = ["title", "author", "authors", "date"];

/// Splits a `Key: value` block off the start of `text`, or returns the
/// text whole with no metadata.
pub fn split(text: &str) -> (Meta, &str) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut end = text.len();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if content.trim().is_empty() {
            end = offset + line.len();
            break;
        }
        offset += line.len();
        if let Some((key, value)) = key_value(content) {
            pairs.push((key.to_lowercase(), value.trim().to_string()));
        } else if let Some((_, value)) =
            pairs.last_mut().filter(|_| content.starts_with([' ', '\t']))
        {
            value.push(' ');
            value.push_str(content.trim());
        } else {
            return (Meta::default(), text);
        }
    }
    let facts = pairs.iter().filter(|(key, _)| FACT_KEYS.contains(&key.as_str())).count();
    if !(facts >= 2 || pairs.iter().any(|(key, _)| key == "title")) {
        return (Meta::default(), text);
    }
    let meta = meta_from(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
    (meta, &text[end.min(text.len())..])
}

/// `Key: value` at the line start: the key starts with a letter, has one
/// to four words of letters, digits, `_` or `-`, and the colon is followed
/// by a space (so `https://...` and `12:30` are not keys).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let wordy = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ');
    let ok = key.starts_with(char::is_alphabetic)
        && key.chars().all(wordy)
        && !key.ends_with(' ')
        && key.split(' ').count() <= 4
        && key.chars().count() <= 40
        && (rest.is_empty() || rest.starts_with([' ', '\t']));
    ok.then_some((key, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pelican_block_gives_the_facts_and_leaves_the_body() {
        let text = "Title: Notes, Vol. 3\nDate: 2024-11-02 09:30\nTags: a, b\nAuthors: Kai Moreno\n\nBody.\n";
        let (meta, rest) = split(text);
        assert_eq!(meta.title.as_deref(), Some("Notes, Vol. 3"));
        assert_eq!(meta.date.as_deref(), Some("2024-11-02 09:30"));
        assert_eq!(meta.author.as_deref(), Some("Kai Moreno"));
        assert_eq!(rest, "Body.\n");
    }

    #[test]
    fn multimarkdown_keys_with_spaces_and_continuations() {
        let text = "Title:  Field Notes\nBase Header Level: 2\nAuthor: Ada Brook\n    and Lu Chen\nDate: March 3, 2023\n\n# Start\n";
        let (meta, rest) = split(text);
        assert_eq!(meta.title.as_deref(), Some("Field Notes"));
        assert_eq!(meta.author.as_deref(), Some("Ada Brook and Lu Chen"));
        assert_eq!(meta.date.as_deref(), Some("March 3, 2023"));
        assert_eq!(rest, "# Start\n");
        // Metadata alone, no body.
        assert_eq!(split("Title: Only\n").1, "");
    }

    #[test]
    fn prose_opening_with_a_label_is_not_metadata() {
        for text in [
            "Note: this draft is old.\nWarning: do not share.\n\nBody.",
            "Title: fine\nbut this line is prose\n\nBody.",
            "Date: 2024-05-02\nAttendees: Ann, Bo\nAgenda: budget\n\nNotes.",
            "# Title: a heading\n\nBody.",
            "Meet at 12:30 today.\nTitle: later\n\nBody.",
            "Just text.",
            "",
        ] {
            assert_eq!(split(text), (Meta::default(), text), "{text:?}");
        }
    }
}
