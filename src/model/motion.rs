//! Word, sentence and paragraph boundaries on the canonical text, for
//! moving the reader's cursor and extending a selection.
//!
//! Positions are char offsets into [`article_text`](super::text::article_text)
//! (like anchors and layout spans), never rows, so a selection made at one
//! width means the same text at any other. Words and sentences follow
//! Unicode's segmentation rules (UAX #29); paragraphs are the blocks the
//! canonical text separates with a blank line.
//!
//! Each motion segments only the stretches between blank lines that it
//! needs, starting from the one holding the cursor. Both UAX #29
//! segmentations break at a line break, so a stretch segments as it does
//! inside the whole text. Segmenting the whole article at each `w` took
//! seconds and 580 MB on a 100 MB article.

use memchr::memmem;
use unicode_segmentation::UnicodeSegmentation;

use super::scan::chars::advance;
use super::text::BLOCK_SEP;

/// A char range `[start, end)` in the text.
pub type Range = (usize, usize);

/// What a motion moves by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Segments holding a letter or digit (not spaces or punctuation).
    Word,
    /// Sentences, without their trailing whitespace.
    Sentence,
    /// Runs of text between blank lines, without line breaks at their ends.
    Paragraph,
}

/// The start of the first unit starting after `pos`, else the text's
/// last char.
pub fn next_start(text: &str, unit: Unit, pos: usize) -> usize {
    forward(text, unit, pos, |r| (r.0 > pos).then_some(r.0)).unwrap_or_else(last)
}

/// The last char of the first unit ending after `pos` (vi's `e`).
pub fn next_end(text: &str, unit: Unit, pos: usize) -> usize {
    forward(text, unit, pos, |r| (r.1 > pos + 1).then_some(r.1 - 1)).unwrap_or_else(last)
}

/// The unit holding `pos`, or the first one after it (the cursor may sit
/// on the space between two sentences).
pub fn range_at(text: &str, unit: Unit, pos: usize) -> Option<Range> {
    forward(text, unit, pos, |r| (r.1 > pos).then_some(r)).ok()
}

/// The start of the last unit starting before `pos`, else 0.
pub fn prev_start(text: &str, unit: Unit, pos: usize) -> usize {
    let mut stretch = Some(Stretch::at(text, pos));
    while let Some(s) = stretch {
        if let Some(r) = s.units(unit).into_iter().rev().find(|r| r.0 < pos) {
            return r.0;
        }
        stretch = s.before(text);
    }
    0
}

/// The last char of a text this many chars long.
fn last(chars: usize) -> usize {
    chars.saturating_sub(1)
}

/// The first unit from `pos`'s stretch on that `pick` takes; else the
/// text's length in chars.
fn forward<T>(
    text: &str,
    unit: Unit,
    pos: usize,
    mut pick: impl FnMut(Range) -> Option<T>,
) -> Result<T, usize> {
    let mut stretch = Stretch::at(text, pos);
    loop {
        if let Some(found) = stretch.units(unit).into_iter().find_map(&mut pick) {
            return Ok(found);
        }
        match stretch.after(text) {
            Some(next) => stretch = next,
            None => return Err(stretch.base + stretch.text.chars().count()),
        }
    }
}

/// Text between blank lines (or the text's ends), with the byte and the
/// char offset where it starts.
#[derive(Debug, Clone, Copy)]
struct Stretch<'a> {
    text: &'a str,
    byte: usize,
    base: usize,
}

impl<'a> Stretch<'a> {
    /// The stretch holding char `pos`, from the blank line before it.
    fn at(text: &'a str, pos: usize) -> Stretch<'a> {
        let (walked, byte) = advance(text, 0, pos);
        let start = after_blank_line_before(text, byte);
        Stretch::from(text, start, walked - text[start..byte].chars().count())
    }

    /// The stretch starting at `byte`, char `base`: up to the next blank line.
    fn from(text: &'a str, byte: usize, base: usize) -> Stretch<'a> {
        let rest = &text[byte..];
        let end = memmem::find(rest.as_bytes(), BLOCK_SEP.as_bytes()).unwrap_or(rest.len());
        Stretch { text: &rest[..end], byte, base }
    }

    fn after(&self, text: &'a str) -> Option<Stretch<'a>> {
        let end = self.byte + self.text.len();
        let base = self.base + self.text.chars().count() + BLOCK_SEP.len();
        (end < text.len()).then(|| Stretch::from(text, end + BLOCK_SEP.len(), base))
    }

    fn before(&self, text: &'a str) -> Option<Stretch<'a>> {
        let end = self.byte.checked_sub(BLOCK_SEP.len())?;
        let start = after_blank_line_before(text, end);
        let body = &text[start..end];
        let base = self.base - BLOCK_SEP.len() - body.chars().count();
        Some(Stretch { text: body, byte: start, base })
    }

    /// The units in this stretch, as char ranges of the whole text.
    fn units(&self, unit: Unit) -> Vec<Range> {
        let text = self.text;
        let mut out = match unit {
            Unit::Word => char_ranges(text, text.split_word_bound_indices(), |w| {
                w.chars().any(char::is_alphanumeric)
            }),
            Unit::Sentence => {
                let sentences =
                    text.split_sentence_bound_indices().map(|(at, s)| (at, s.trim_end()));
                char_ranges(text, sentences, |s| !s.is_empty())
            }
            Unit::Paragraph => {
                let lead = text.len() - text.trim_start_matches('\n').len();
                let body = text.trim_matches('\n');
                let at = text[..lead].chars().count();
                let len = body.chars().count();
                if body.trim().is_empty() { Vec::new() } else { vec![(at, at + len)] }
            }
        };
        for r in &mut out {
            *r = (r.0 + self.base, r.1 + self.base);
        }
        out
    }
}

/// Where the stretch ending at or holding `byte` starts: just past the
/// last blank line before it, or the text's start.
fn after_blank_line_before(text: &str, byte: usize) -> usize {
    let sep = BLOCK_SEP.as_bytes();
    memmem::rfind(&text.as_bytes()[..byte], sep).map_or(0, |i| i + sep.len())
}

/// Char ranges of segments (byte offsets in `text`), counted as they go.
fn char_ranges<'t>(
    text: &'t str,
    segments: impl Iterator<Item = (usize, &'t str)>,
    keep: impl Fn(&str) -> bool,
) -> Vec<Range> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0, 0);
    for (at, seg) in segments {
        chars += text[byte..at].chars().count();
        byte = at;
        if keep(seg) {
            let len = seg.chars().count();
            out.push((chars, chars + len));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Héllo brave world. Second one!\n\nNew para, here.";

    fn slice(text: &str, (s, e): Range) -> String {
        text.chars().skip(s).take(e - s).collect()
    }

    /// Every unit of a text, by walking from its start.
    fn all(text: &str, unit: Unit) -> Vec<Range> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(r) = range_at(text, unit, pos) {
            out.push(r);
            pos = r.1;
        }
        out
    }

    #[test]
    fn words_skip_spaces_and_punctuation() {
        let w: Vec<String> = all(TEXT, Unit::Word).into_iter().map(|r| slice(TEXT, r)).collect();
        assert_eq!(w, ["Héllo", "brave", "world", "Second", "one", "New", "para", "here"]);
    }

    #[test]
    fn sentences_and_paragraphs_are_trimmed_char_ranges() {
        let s: Vec<String> =
            all(TEXT, Unit::Sentence).into_iter().map(|r| slice(TEXT, r)).collect();
        assert_eq!(s, ["Héllo brave world.", "Second one!", "New para, here."]);
        let p: Vec<String> =
            all(TEXT, Unit::Paragraph).into_iter().map(|r| slice(TEXT, r)).collect();
        assert_eq!(p, ["Héllo brave world. Second one!", "New para, here."]);
    }

    #[test]
    fn motions_stop_at_the_ends() {
        let w = Unit::Word;
        assert_eq!(next_start(TEXT, w, 0), 6);
        assert_eq!(next_end(TEXT, w, 0), 4);
        assert_eq!(next_end(TEXT, w, 4), 10);
        assert_eq!(prev_start(TEXT, w, 6), 0);
        assert_eq!(prev_start(TEXT, w, 8), 6);
        assert_eq!(prev_start(TEXT, w, 0), 0);
        let end = TEXT.chars().count() - 1;
        assert_eq!(next_start(TEXT, w, end - 2), end);
        assert_eq!(next_end(TEXT, w, end), end);
        assert_eq!(prev_start(TEXT, Unit::Paragraph, end), 32);
        assert_eq!(prev_start(TEXT, Unit::Paragraph, 32), 0);
        let s = Unit::Sentence;
        assert_eq!(range_at(TEXT, s, 18), Some((19, 30)), "a space belongs to the next sentence");
        assert_eq!(range_at(TEXT, s, 3), Some((0, 18)));
        assert_eq!(range_at(TEXT, s, end + 1), None);
    }

    /// Near miss: a lone line break is not a blank line, and a run of
    /// three keeps the odd one out of both paragraphs.
    #[test]
    fn paragraphs_are_split_by_blank_lines_only() {
        let text = "one\ntwo\n\n\nthree";
        let p: Vec<String> =
            all(text, Unit::Paragraph).into_iter().map(|r| slice(text, r)).collect();
        assert_eq!(p, ["one\ntwo", "three"]);
    }

    /// The units of the whole text, segmented in one go: what the motions
    /// read before they segmented only the stretches they need.
    fn whole(text: &str, unit: Unit) -> Vec<Range> {
        Stretch { text, byte: 0, base: 0 }.units_whole(unit)
    }

    impl Stretch<'_> {
        fn units_whole(&self, unit: Unit) -> Vec<Range> {
            match unit {
                Unit::Paragraph => {
                    let mut out = Vec::new();
                    let mut start = 0;
                    for part in self.text.split(BLOCK_SEP) {
                        let part_chars = part.chars().count();
                        let stretch = Stretch { text: part, byte: 0, base: start };
                        out.extend(stretch.units(unit));
                        start += part_chars + 2;
                    }
                    out
                }
                _ => self.units(unit),
            }
        }
    }

    proptest::proptest! {
        /// Every motion from every position lands where it lands on the
        /// whole text's units, across blank lines, runs of line breaks,
        /// punctuation and wide chars.
        #[test]
        fn motions_from_stretches_match_the_whole_text(
            text in "([a-cé日]{1,4}|[ .!,\n]|\n\n|\n\n\n){0,40}",
        ) {
            let len = text.chars().count();
            for unit in [Unit::Word, Unit::Sentence, Unit::Paragraph] {
                let units = whole(&text, unit);
                for pos in 0..=len + 1 {
                    let next = units.iter().find(|r| r.0 > pos).map_or(len.saturating_sub(1), |r| r.0);
                    let end = units.iter().find(|r| r.1 > pos + 1).map_or(len.saturating_sub(1), |r| r.1 - 1);
                    let prev = units.iter().rev().find(|r| r.0 < pos).map_or(0, |r| r.0);
                    let at = units.iter().copied().find(|r| r.1 > pos);
                    proptest::prop_assert_eq!(next_start(&text, unit, pos), next, "{:?} next from {}", unit, pos);
                    proptest::prop_assert_eq!(next_end(&text, unit, pos), end, "{:?} end from {}", unit, pos);
                    proptest::prop_assert_eq!(prev_start(&text, unit, pos), prev, "{:?} prev from {}", unit, pos);
                    proptest::prop_assert_eq!(range_at(&text, unit, pos), at, "{:?} at {}", unit, pos);
                }
            }
        }
    }
}
