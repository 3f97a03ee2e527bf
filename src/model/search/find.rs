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

use super::query::Query;
use super::{fold, fold_into, match_ranges};

/// Text bytes folded and searched in one step.
pub const WINDOW_BYTES: usize = if cfg!(test) { 16 } else { 1 << 20 };
/// How far past its end a window of a query's scan reaches, so a phrase
/// that starts in it is seen whole.
const QUERY_REACH: usize = if cfg!(test) { 24 } else { 64 * 1024 };
/// Most matches one find keeps: 16 MB of ranges. A query that matches
/// more often than this (a single letter in a huge article) says so
/// instead of holding a range per letter of the text.
pub const MATCH_LIMIT: usize = if cfg!(test) { 5 } else { 1_000_000 };

/// What a find looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sought {
    /// Typed into the find prompt.
    Text(String),
    /// A library search's query, when the reader opens at one of its
    /// hits: its words and phrases, matched as search matched them
    /// ([`match_ranges`]). Matching tokenizes, so a 100 MB article took
    /// a second and 240 MB in one go.
    Query(Query),
}

#[derive(Debug, Clone)]
enum Matcher {
    /// The folded needle, its length in chars, and the window's buffer.
    Needle { folded: String, chars: usize, buffer: String },
    /// The query, and where the last range taken ends: a window's
    /// ranges that overlap it were taken already.
    Query { query: Query, taken_to: usize },
}

/// A find over one text, a window at a time.
#[derive(Debug, Clone)]
pub struct FindScan {
    text: Arc<String>,
    matcher: Matcher,
    /// Where the next window starts, as a byte and as a char offset.
    byte: usize,
    chars: usize,
    found: usize,
    capped: bool,
}

impl FindScan {
    pub fn new(text: Arc<String>, sought: Sought) -> FindScan {
        let matcher = match sought {
            Sought::Text(query) => {
                let folded = fold(&query);
                let chars = folded.chars().count();
                Matcher::Needle { folded, chars, buffer: String::new() }
            }
            Sought::Query(query) => Matcher::Query { query, taken_to: 0 },
        };
        FindScan { text, matcher, byte: 0, chars: 0, found: 0, capped: false }
    }

    /// Every match of typed `query` at once: for texts short enough to
    /// scan on the spot.
    pub fn all(text: Arc<String>, query: &str) -> (Vec<(usize, usize)>, bool) {
        FindScan::new(text, Sought::Text(query.into())).rest()
    }

    /// Every match still to find, and whether the scan stopped at the limit.
    pub fn rest(mut self) -> (Vec<(usize, usize)>, bool) {
        let mut out = Vec::new();
        while !self.is_done() {
            self.step(&mut out);
        }
        (out, self.capped)
    }

    pub fn is_done(&self) -> bool {
        let nothing = match &self.matcher {
            Matcher::Needle { folded, .. } => folded.is_empty(),
            Matcher::Query { query, .. } => query.positive().all(|c| c.terms.is_empty()),
        };
        nothing || self.capped || self.byte >= self.text.len()
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
        let mut take = Take { out, found: &mut self.found, capped: &mut self.capped };
        let at = (self.byte, self.chars);
        let (byte, chars) = match &mut self.matcher {
            Matcher::Needle { folded, chars, buffer } => {
                needle_window(&self.text, at, folded, *chars, buffer, &mut take)
            }
            Matcher::Query { query, taken_to } => {
                query_window(&self.text, at, query, taken_to, &mut take)
            }
        };
        (self.byte, self.chars) = (byte, chars);
    }
}

/// Where a window's matches go, up to [`MATCH_LIMIT`].
struct Take<'a> {
    out: &'a mut Vec<(usize, usize)>,
    found: &'a mut usize,
    capped: &'a mut bool,
}

impl Take<'_> {
    /// False, and capped, when the limit was already reached.
    fn push(&mut self, range: (usize, usize)) -> bool {
        if *self.found == MATCH_LIMIT {
            *self.capped = true;
            return false;
        }
        self.out.push(range);
        *self.found += 1;
        true
    }
}

/// One window of a needle's scan from `(byte, chars)`; where the next
/// one starts.
fn needle_window(
    text: &str,
    (byte, chars): (usize, usize),
    needle: &str,
    needle_chars: usize,
    buffer: &mut String,
    take: &mut Take,
) -> (usize, usize) {
    let limit = window_end(text, byte);
    let reach = advance_chars(text, limit, needle_chars - 1);
    buffer.clear();
    fold_into(&text[byte..reach], buffer);
    let limit_chars = text[byte..limit].chars().count();
    let mut next = limit_chars;
    let (mut counted, mut last_byte) = (0, 0);
    for at in memchr::memmem::find_iter(buffer.as_bytes(), needle.as_bytes()) {
        counted += buffer[last_byte..at].chars().count();
        last_byte = at;
        if counted >= limit_chars || !take.push((chars + counted, chars + counted + needle_chars)) {
            break;
        }
        next = next.max(counted + needle_chars);
    }
    (advance_chars(text, limit, next - limit_chars), chars + next)
}

/// One window of a query's scan: windows end after a space, so no word
/// is cut, and each is matched with [`QUERY_REACH`] more text after it.
fn query_window(
    text: &str,
    (byte, chars): (usize, usize),
    query: &Query,
    taken_to: &mut usize,
    take: &mut Take,
) -> (usize, usize) {
    let limit = break_after(text, window_end(text, byte));
    let reach = break_after(text, (limit + QUERY_REACH).min(text.len()));
    let limit_chars = chars + text[byte..limit].chars().count();
    for range in match_ranges(&text[byte..reach], chars, query) {
        if range.0 >= limit_chars {
            break;
        }
        if range.0 >= *taken_to {
            if !take.push(range) {
                break;
            }
            *taken_to = range.1;
        }
    }
    (limit, limit_chars)
}

/// Just past the first space or line break at or after `at`: a place no
/// word crosses. A text with none for [`QUERY_REACH`] bytes (a run of
/// ideographs, say) is cut at a char boundary instead.
fn break_after(text: &str, at: usize) -> usize {
    let end = (at + QUERY_REACH).min(text.len());
    match memchr::memchr3(b' ', b'\n', b'\t', &text.as_bytes()[at..end]) {
        Some(i) => at + i + 1,
        None => (end..=text.len()).find(|&b| text.is_char_boundary(b)).unwrap_or(text.len()),
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
    crate::model::scan::chars::advance(text, from, n).1
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

    fn query_scan(text: &str, query: &str) -> Vec<(usize, usize)> {
        let sought = Sought::Query(Query::parse(query));
        FindScan::new(Arc::new(text.to_string()), sought).rest().0
    }

    /// A phrase across a window's end is matched once, whole, and a
    /// repeated word in the next window is not taken twice.
    #[test]
    fn a_query_scan_matches_phrases_across_window_ends() {
        let text = "tides turn. the harbour crane waits; harbour crane at dusk";
        let whole = match_ranges(text, 0, &Query::parse("\"harbour crane\""));
        assert_eq!(whole.len(), 2);
        assert_eq!(query_scan(text, "\"harbour crane\""), whole);
    }

    /// Overlapping phrase matches merge into one range; the part of it
    /// in the next window is not taken again.
    #[test]
    fn a_merged_range_across_a_window_end_is_taken_once() {
        let text = format!("{} b b b", "z".repeat(15));
        let whole = match_ranges(&text, 0, &Query::parse("\"b b\""));
        assert_eq!(whole, [(16, 21)]);
        assert_eq!(query_scan(&text, "\"b b\""), whole);
    }

    /// Near miss: a text with no space for a window's reach is still
    /// scanned to its end, cut at char boundaries.
    #[test]
    fn a_query_scan_ends_on_a_text_without_spaces() {
        let text = "日本語".repeat(40) + " 港";
        assert_eq!(query_scan(&text, "港"), match_ranges(&text, 0, &Query::parse("港")));
    }

    proptest::proptest! {
        /// A query's scan, window by window, matches what matching the
        /// whole text matches: words, phrases, several clauses.
        #[test]
        fn a_query_scan_finds_what_matching_the_whole_finds(
            words in proptest::collection::vec("[ab]{1,3}|É[ab]", 0..60),
            seps in proptest::collection::vec(" |\n|, |\n\n", 60),
            query in "[ab]{1,3}|\"[ab]{1,2} [ab]{1,2}\"|[ab]{1,2} -b",
        ) {
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let mut expected = match_ranges(&text, 0, &Query::parse(&query));
            expected.truncate(MATCH_LIMIT);
            proptest::prop_assert_eq!(query_scan(&text, &query), expected);
        }

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
