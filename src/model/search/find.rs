//! In-article find as a scan over windows of the text, so it can run off
//! the UI thread with its matches coming in as it goes.
//!
//! Why windows: find used to fold a non-ASCII article whole (a second
//! copy of a 100 MB text) and to collect every match of a keystroke in one
//! go on the UI thread (370 ms and 150 MB for `e` in a 100 MB article).
//! A window of about [`WINDOW_BYTES`] is folded into one reused buffer and
//! searched with memchr's vector search; the caller decides how many
//! windows to take at once. Folding keeps the char count char by char, so
//! char offsets in the folded window are char offsets in the text.
//!
//! The matches are those of one search over the folded whole text
//! (leftmost, not overlapping): a window reaches `needle` chars past its
//! end, so a match that starts in it is seen whole, and the next window
//! starts where the last match taken ended.

use std::sync::Arc;

use super::{fold, fold_into};

/// Text bytes folded and searched in one step.
pub const WINDOW_BYTES: usize = if cfg!(test) { 16 } else { 1 << 20 };
/// Most matches one find keeps: 16 MB of ranges. A query that matches
/// more often than this (a single letter in a huge article) says so
/// instead of holding a range per letter of the text.
pub const MATCH_LIMIT: usize = if cfg!(test) { 5 } else { 1_000_000 };

/// A find over one text, a window at a time.
#[derive(Debug, Clone)]
pub struct FindScan {
    text: Arc<String>,
    needle: String,
    needle_chars: usize,
    /// Where the next window starts, as a byte and as a char offset.
    byte: usize,
    chars: usize,
    found: usize,
    capped: bool,
    folded: String,
}

impl FindScan {
    /// A find of `query` (folded as find folds) in `text`.
    pub fn new(text: Arc<String>, query: &str) -> FindScan {
        let needle = fold(query);
        let needle_chars = needle.chars().count();
        FindScan {
            text,
            needle,
            needle_chars,
            byte: 0,
            chars: 0,
            found: 0,
            capped: false,
            folded: String::new(),
        }
    }

    /// Every match at once: for texts short enough to scan on the spot.
    pub fn all(text: Arc<String>, query: &str) -> (Vec<(usize, usize)>, bool) {
        let mut scan = FindScan::new(text, query);
        let mut out = Vec::new();
        while !scan.is_done() {
            scan.step(&mut out);
        }
        (out, scan.capped)
    }

    pub fn is_done(&self) -> bool {
        self.needle.is_empty() || self.capped || self.byte >= self.text.len()
    }

    /// Whether the scan stopped at [`MATCH_LIMIT`] matches.
    pub fn is_capped(&self) -> bool {
        self.capped
    }

    /// Bytes of the text scanned so far, for progress.
    pub fn scanned(&self) -> usize {
        if self.is_done() { self.text.len() } else { self.byte }
    }

    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Scans the next window, pushing its matches (char ranges) to `out`.
    pub fn step(&mut self, out: &mut Vec<(usize, usize)>) {
        if self.is_done() {
            return;
        }
        let text = self.text.as_str();
        let limit = window_end(text, self.byte);
        let reach = advance_chars(text, limit, self.needle_chars - 1);
        self.folded.clear();
        fold_into(&text[self.byte..reach], &mut self.folded);
        let limit_chars = text[self.byte..limit].chars().count();
        let mut next = limit_chars;
        let (mut counted, mut last_byte) = (0, 0);
        for at in memchr::memmem::find_iter(self.folded.as_bytes(), self.needle.as_bytes()) {
            counted += self.folded[last_byte..at].chars().count();
            last_byte = at;
            if counted >= limit_chars {
                break;
            }
            if self.found == MATCH_LIMIT {
                self.capped = true;
                return;
            }
            out.push((self.chars + counted, self.chars + counted + self.needle_chars));
            self.found += 1;
            next = next.max(counted + self.needle_chars);
        }
        self.byte = advance_chars(text, limit, next - limit_chars);
        self.chars += next;
    }
}

/// About a window past `from`, at a char boundary, and never `from` itself.
fn window_end(text: &str, from: usize) -> usize {
    let mut end = (from + WINDOW_BYTES).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// The byte `n` chars after `from` (or the end of the text).
fn advance_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map_or(text.len(), |(at, _)| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, query: &str) -> Vec<(usize, usize)> {
        FindScan::all(Arc::new(text.to_string()), query).0
    }

    /// Every window boundary falls inside some match of a repeated word:
    /// each is still found once, whole.
    #[test]
    fn matches_across_window_ends_are_found_once() {
        let text = "a needle, then another NEEDLE and needle".repeat(3);
        let got = all(&text, "needle");
        let expected: Vec<_> =
            fold(&text).match_indices("needle").map(|(at, _)| (at, at + 6)).collect();
        assert_eq!(got[..], expected[..MATCH_LIMIT]);
    }

    /// Char offsets, not bytes, past multi-byte letters in earlier windows.
    #[test]
    fn offsets_are_chars_after_wide_letters() {
        let text = "Ärger über Öl, ÄRGER über öl";
        assert_eq!(all(text, "ärger"), [(0, 5), (15, 20)]);
        assert_eq!(all(text, "öl"), [(11, 13), (26, 28)]);
    }

    /// Near miss: overlapping occurrences are not matches twice.
    #[test]
    fn overlapping_occurrences_count_once() {
        assert_eq!(all("aaaaaaa", "aaa"), [(0, 3), (3, 6)]);
    }

    #[test]
    fn stops_at_the_match_limit_and_says_so() {
        let (found, capped) = FindScan::all(Arc::new("x ".repeat(40)), "x");
        assert_eq!((found.len(), capped), (MATCH_LIMIT, true));
        let (found, capped) = FindScan::all(Arc::new("x ".repeat(MATCH_LIMIT)), "x");
        assert_eq!((found.len(), capped), (MATCH_LIMIT, false));
    }

    #[test]
    fn an_empty_query_finds_nothing() {
        assert!(all("text", "").is_empty());
    }

    proptest::proptest! {
        /// One search of the folded whole, window by window.
        #[test]
        fn windows_find_what_one_search_finds(
            text in "[a-cA-CäÄ .\n]{0,120}",
            needle in "[a-cä .]{1,4}",
        ) {
            let folded = fold(&text);
            let mut chars = 0;
            let mut last = 0;
            let expected: Vec<(usize, usize)> = folded
                .match_indices(needle.as_str())
                .map(|(at, _)| {
                    chars += folded[last..at].chars().count();
                    last = at;
                    (chars, chars + needle.chars().count())
                })
                .take(MATCH_LIMIT)
                .collect();
            proptest::prop_assert_eq!(all(&text, &needle), expected);
        }
    }
}
