//! Word, sentence and paragraph boundaries on the canonical text, for
//! moving the reader's cursor and extending a selection.
//!
//! Positions are char offsets into [`article_text`](super::text::article_text)
//! (like anchors and layout spans), never rows, so a selection made at one
//! width means the same text at any other. Words and sentences follow
//! Unicode's segmentation rules (UAX #29); paragraphs are the blocks the
//! canonical text separates with a blank line.

use unicode_segmentation::UnicodeSegmentation;

use super::text::BLOCK_SEP;

/// A char range `[start, end)` in the text.
pub type Range = (usize, usize);

/// Char ranges of segments, byte indices converted as they go.
fn char_ranges<'a>(
    text: &'a str,
    segments: impl Iterator<Item = (usize, &'a str)>,
    keep: impl Fn(&str) -> bool,
) -> Vec<Range> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0, 0);
    for (at, seg) in segments {
        chars += text[byte..at].chars().count();
        byte = at;
        let len = seg.chars().count();
        if keep(seg) {
            out.push((chars, chars + len));
        }
    }
    out
}

/// The words: segments holding a letter or digit (not spaces or punctuation).
pub fn words(text: &str) -> Vec<Range> {
    char_ranges(text, text.split_word_bound_indices(), |w| w.chars().any(char::is_alphanumeric))
}

/// The sentences, without their trailing whitespace.
pub fn sentences(text: &str) -> Vec<Range> {
    let mut out = char_ranges(text, text.split_sentence_bound_indices(), |s| !s.trim().is_empty());
    let chars: Vec<char> = text.chars().collect();
    for (start, end) in &mut out {
        while *end > *start && chars.get(*end - 1).is_some_and(|c| c.is_whitespace()) {
            *end -= 1;
        }
    }
    out
}

/// The paragraphs: runs of text between blank-line block separators.
pub fn paragraphs(text: &str) -> Vec<Range> {
    let sep = BLOCK_SEP.chars().count();
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split(BLOCK_SEP) {
        let len = part.chars().count();
        if !part.trim().is_empty() {
            out.push((start, start + len));
        }
        start += len + sep;
    }
    out
}

/// The last char of the text, where forward motions stop.
fn last(text: &str) -> usize {
    text.chars().count().saturating_sub(1)
}

/// The start of the first range starting after `pos`, else the text's end.
pub fn next_start(ranges: &[Range], pos: usize, text: &str) -> usize {
    ranges.iter().find(|r| r.0 > pos).map_or(last(text), |r| r.0)
}

/// The start of the last range starting before `pos`, else 0.
pub fn prev_start(ranges: &[Range], pos: usize) -> usize {
    ranges.iter().rev().find(|r| r.0 < pos).map_or(0, |r| r.0)
}

/// The last char of the first range ending after `pos` (vi's `e`).
pub fn next_end(ranges: &[Range], pos: usize, text: &str) -> usize {
    ranges.iter().find(|r| r.1 > pos + 1).map_or(last(text), |r| r.1 - 1)
}

/// The range holding `pos`, or the first one after it (the cursor may sit
/// on the space between two sentences).
pub fn range_at(ranges: &[Range], pos: usize) -> Option<Range> {
    ranges.iter().copied().find(|r| r.1 > pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Héllo brave world. Second one!\n\nNew para, here.";

    fn slice(text: &str, (s, e): Range) -> String {
        text.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn words_skip_spaces_and_punctuation() {
        let w: Vec<String> = words(TEXT).into_iter().map(|r| slice(TEXT, r)).collect();
        assert_eq!(w, ["Héllo", "brave", "world", "Second", "one", "New", "para", "here"]);
    }

    #[test]
    fn sentences_and_paragraphs_are_trimmed_char_ranges() {
        let s: Vec<String> = sentences(TEXT).into_iter().map(|r| slice(TEXT, r)).collect();
        assert_eq!(s, ["Héllo brave world.", "Second one!", "New para, here."]);
        let p: Vec<String> = paragraphs(TEXT).into_iter().map(|r| slice(TEXT, r)).collect();
        assert_eq!(p, ["Héllo brave world. Second one!", "New para, here."]);
    }

    #[test]
    fn motions_stop_at_the_ends() {
        let w = words(TEXT);
        assert_eq!(next_start(&w, 0, TEXT), 6);
        assert_eq!(next_end(&w, 0, TEXT), 4);
        assert_eq!(next_end(&w, 4, TEXT), 10);
        assert_eq!(prev_start(&w, 6), 0);
        assert_eq!(prev_start(&w, 8), 6);
        assert_eq!(prev_start(&w, 0), 0);
        let end = TEXT.chars().count() - 1;
        assert_eq!(next_start(&w, end - 2, TEXT), end);
        assert_eq!(next_end(&w, end, TEXT), end);
        let s = sentences(TEXT);
        assert_eq!(range_at(&s, 18), Some((19, 30)), "a space belongs to the next sentence");
        assert_eq!(range_at(&s, 3), Some((0, 18)));
        assert_eq!(range_at(&s, end + 1), None);
    }
}
