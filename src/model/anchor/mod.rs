//! Anchors: where a highlight, bookmark or reading position sits in an
//! article's canonical text ([`crate::model::text::article_text`]), kept
//! robust to edits of that text.
//!
//! An [`Anchor`] holds two selectors, as in the W3C annotation model used by
//! Hypothesis: a [`TextPosition`] (char offsets) and a [`TextQuote`] (the
//! exact text plus up to [`CONTEXT_CHARS`] chars either side). A reading
//! position or bookmark is an anchor too: a zero-length quote whose context
//! pins the point.
//!
//! # Re-anchoring
//! [`Reanchorer::locate`] tries, in order:
//! 1. **Fast path**: the text at the stored position still reads as stored.
//! 2. **Exact search**: every occurrence of the quote; the best by score wins.
//! 3. **Approximate search**: candidate windows from a q-gram vote, each
//!    aligned with an edit-distance search, then scored.
//!
//! Short quotes (under [`MIN_QUOTE`] chars, including points) are searched
//! together with their context, because "the" alone matches everywhere.
//!
//! # Scoring and threshold
//! `score = (50·quote + 20·prefix + 20·suffix + 2·position) / 92`, each part
//! a similarity in 0..=1 (1 − edit distance / length; position is
//! 1 − distance from the stored offset / text length). These are
//! Hypothesis's weights: the quote dominates, context breaks ties between
//! repeated quotes, and position only separates otherwise equal candidates.
//!
//! An approximate candidate is accepted if its quote similarity is at least
//! 0.75 (a quarter of the chars edited), or at least 0.5 when the context
//! on both sides still matches at 0.9 or better. Below that, the passage has
//! been rewritten or deleted and attaching the note to whatever text is
//! closest would misattribute it; the anchor becomes an orphan (`None`),
//! which callers keep and show rather than drop.

mod distance;
mod index;
mod make;

use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::model::scan::chars::advance;
use distance::{best_substrings, similarity};
use index::{BUCKET, QgramIndex};
pub use make::{anchor_for, anchor_point, anchor_point_in};

/// Context chars stored on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// Quotes shorter than this are searched together with their context.
pub const MIN_QUOTE: usize = 16;
/// Candidate windows verified per anchor in the approximate search.
const CANDIDATES: usize = 8;
const ACCEPT_QUOTE: f64 = 0.75;
const ACCEPT_QUOTE_WITH_CONTEXT: f64 = 0.5;
const ACCEPT_CONTEXT: f64 = 0.9;
const ACCEPT_ONE_SIDE: f64 = 0.8;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

/// Char offsets into the article's canonical text, `start <= end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPosition {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub quote: TextQuote,
    pub position: TextPosition,
}

impl Anchor {
    /// A point (reading position, bookmark) rather than a range.
    pub fn is_point(&self) -> bool {
        self.quote.exact.is_empty()
    }
}

/// Re-anchors one anchor. For many anchors on one text, build a
/// [`Reanchorer`] once instead.
pub fn reanchor(text: &str, anchor: &Anchor) -> Option<(usize, usize)> {
    Reanchorer::new(text.to_string()).locate(anchor)
}

/// Per-text structures, built once and reused for every anchor.
pub struct Reanchorer {
    text: Arc<String>,
    /// The text's chars and the q-gram index, built on first need: the
    /// fast path, which most anchors take on unchanged text, reads the
    /// text where it lies. Decoding a 100 MB article into chars took
    /// 400 MB to place one highlight.
    decoded: OnceLock<Vec<char>>,
    index: OnceLock<QgramIndex>,
    /// The char and byte the fast path last walked to: anchors placed in
    /// reading order walk the text once between them.
    walked: Mutex<(usize, usize)>,
}

/// What is searched for: the quote, or for short quotes the quote with its
/// context, and where the quote sits inside it.
struct Pattern {
    chars: Vec<char>,
    offset: usize,
    len: usize,
}

impl Pattern {
    fn of(anchor: &Anchor) -> Pattern {
        let q = &anchor.quote;
        let exact: Vec<char> = q.exact.chars().collect();
        if exact.len() >= MIN_QUOTE {
            let len = exact.len();
            return Pattern { chars: exact, offset: 0, len };
        }
        Pattern::with_context(anchor)
    }

    fn with_context(anchor: &Anchor) -> Pattern {
        let q = &anchor.quote;
        let exact: Vec<char> = q.exact.chars().collect();
        let prefix: Vec<char> = q.prefix.chars().collect();
        let offset = prefix.len();
        let len = exact.len();
        let chars = prefix.into_iter().chain(exact).chain(q.suffix.chars()).collect();
        Pattern { chars, offset, len }
    }
}

/// A located candidate: the quote's range and how much of it matched.
#[derive(Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    quote_sim: f64,
}

impl Reanchorer {
    /// Takes the text, or shares it: the reader's copy of an open article.
    pub fn new(text: impl Into<Arc<String>>) -> Reanchorer {
        let text = text.into();
        let walked = Mutex::new((0, 0));
        Reanchorer { text, decoded: OnceLock::new(), index: OnceLock::new(), walked }
    }

    /// [`anchor_for`] on this text.
    pub fn anchor(&self, start: usize, end: usize) -> Anchor {
        anchor_for(&self.text, start, end)
    }

    /// The text's length in chars.
    pub fn len(&self) -> usize {
        self.decoded.get().map_or_else(|| self.text.chars().count(), Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Chars `start..end` of the text (as far as it goes).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let (_, from) = advance(&self.text, 0, start);
        let (_, to) = advance(&self.text, from, end.saturating_sub(start));
        &self.text[from..to]
    }

    fn chars(&self) -> &[char] {
        self.decoded.get_or_init(|| self.text.chars().collect())
    }

    fn index(&self) -> &QgramIndex {
        self.index.get_or_init(|| QgramIndex::new(self.chars()))
    }

    /// The anchor's range in this text, or `None` for an orphan.
    pub fn locate(&self, anchor: &Anchor) -> Option<(usize, usize)> {
        let pat = Pattern::of(anchor);
        if let Some(found) = self.fast_path(anchor, &pat) {
            return Some(found);
        }
        if pat.chars.is_empty() {
            // Nothing was stored to search for: an empty article's point.
            return (anchor.position.start <= self.len())
                .then_some((anchor.position.start, anchor.position.start));
        }
        self.exact(anchor, &pat)
            .or_else(|| self.approximate(anchor, &pat))
            .or_else(|| self.approximate_in_context(anchor, &pat))
            .or_else(|| self.bare_quote(anchor, &pat))
    }

    /// An edited short quote shares too few grams with its new text to be
    /// found on its own; its context supplies the rest.
    fn approximate_in_context(&self, anchor: &Anchor, pat: &Pattern) -> Option<(usize, usize)> {
        if pat.offset > 0 || pat.len != pat.chars.len() || pat.len > 4 * CONTEXT_CHARS {
            return None;
        }
        self.approximate(anchor, &Pattern::with_context(anchor))
    }

    /// Last resort for a short quote whose context was rewritten on one
    /// side: the quote alone, accepted only if the other side still matches.
    fn bare_quote(&self, anchor: &Anchor, pat: &Pattern) -> Option<(usize, usize)> {
        if pat.len == 0 || pat.len == pat.chars.len() {
            return None;
        }
        let exact = &pat.chars[pat.offset..pat.offset + pat.len];
        let hits = self.index().exact(self.chars(), exact);
        let mut best: Option<(f64, Candidate)> = None;
        for c in hits {
            let cand = Candidate { start: c, end: c + pat.len, quote_sim: 1.0 };
            let (prefix, suffix) = self.context_sims(anchor, cand);
            let side = prefix.max(suffix);
            if side >= ACCEPT_ONE_SIDE && best.as_ref().is_none_or(|b| side > b.0) {
                best = Some((side, cand));
            }
        }
        best.map(|(_, c)| (c.start, c.end))
    }

    /// The pattern still at its stored place, read where the text lies.
    fn fast_path(&self, anchor: &Anchor, pat: &Pattern) -> Option<(usize, usize)> {
        let start = anchor.position.start.checked_sub(pat.offset)?;
        let mut last = self.walked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (from_char, from_byte) = Some(*last).filter(|w| w.0 <= start).unwrap_or_default();
        let (walked, byte) = advance(&self.text, from_byte, start - from_char);
        *last = (from_char + walked, byte);
        drop(last);
        let mut here = self.text[byte..].chars();
        let same = from_char + walked == start && pat.chars.iter().all(|&c| here.next() == Some(c));
        same.then(|| (start + pat.offset, start + pat.offset + pat.len))
    }

    fn exact(&self, anchor: &Anchor, pat: &Pattern) -> Option<(usize, usize)> {
        let hits = self.index().exact(self.chars(), &pat.chars);
        let candidates = hits.into_iter().map(|c| Candidate {
            start: c + pat.offset,
            end: c + pat.offset + pat.len,
            quote_sim: 1.0,
        });
        self.best(anchor, candidates).map(|(c, _)| (c.start, c.end))
    }

    fn approximate(&self, anchor: &Anchor, pat: &Pattern) -> Option<(usize, usize)> {
        let m = pat.chars.len();
        let max_errors = m / 2;
        let slack = max_errors + BUCKET;
        let mut starts = self.index().candidates(&pat.chars, CANDIDATES);
        let hint = anchor.position.start.saturating_sub(pat.offset);
        if hint < self.chars().len() {
            starts.push(hint);
        }
        let mut found = Vec::new();
        for s in starts {
            let lo = s.saturating_sub(slack);
            let hi = (s + m + slack).min(self.chars().len());
            if lo >= hi {
                continue;
            }
            let (errors, spans) = best_substrings(&pat.chars, &self.chars()[lo..hi]);
            if errors <= max_errors {
                found.extend(
                    spans.into_iter().map(|(a, b)| self.refine(pat, lo + a, lo + b, errors)),
                );
            }
        }
        let (best, context) = self.best(anchor, found.into_iter())?;
        let accepted = best.quote_sim >= ACCEPT_QUOTE
            || (best.quote_sim >= ACCEPT_QUOTE_WITH_CONTEXT && context >= ACCEPT_CONTEXT);
        accepted.then_some((best.start, best.end))
    }

    /// Maps an approximate match of the pattern back to the quote inside it.
    /// With context-searched quotes the edits may have shifted the quote, so
    /// its exact text is looked up near where it should be.
    fn refine(&self, pat: &Pattern, a: usize, b: usize, errors: usize) -> Candidate {
        let quote_sim = 1.0 - errors as f64 / pat.chars.len().max(1) as f64;
        if pat.offset == 0 && pat.len == pat.chars.len() {
            return Candidate { start: a, end: b, quote_sim };
        }
        let guess = (a + pat.offset).min(b);
        let exact = &pat.chars[pat.offset..pat.offset + pat.len];
        // Ties in the alignment may stop it short of the quote by up to
        // `errors` chars, so look a little beyond it.
        let lo = a.saturating_sub(errors);
        let hi = (b + errors + exact.len()).min(self.chars().len());
        if !exact.is_empty() && hi - lo >= exact.len() {
            let near = (lo..=hi - exact.len())
                .filter(|&s| self.chars()[s..s + exact.len()] == *exact)
                .min_by_key(|&s| s.abs_diff(guess));
            if let Some(s) = near {
                // The quote itself is intact; the context only located it.
                return Candidate { start: s, end: s + exact.len(), quote_sim: 1.0 };
            }
        }
        // The quote changed: find its new extent inside the match and judge
        // it by its own text, not its context's.
        if !exact.is_empty() {
            let (errors, spans) = best_substrings(exact, &self.chars()[lo..hi]);
            if let Some(&(s, e)) = spans.iter().min_by_key(|(s, _)| (lo + s).abs_diff(guess)) {
                let own = 1.0 - errors as f64 / exact.len() as f64;
                return Candidate { start: lo + s, end: lo + e, quote_sim: quote_sim.min(own) };
            }
        }
        Candidate { start: guess, end: guess, quote_sim }
    }

    /// The highest-scoring candidate and its context similarity.
    fn best(
        &self,
        anchor: &Anchor,
        candidates: impl Iterator<Item = Candidate>,
    ) -> Option<(Candidate, f64)> {
        let mut best: Option<(Candidate, f64, f64)> = None;
        for c in candidates {
            let (score, context) = self.score(anchor, c);
            if best.as_ref().is_none_or(|b| score > b.1) {
                best = Some((c, score, context));
            }
        }
        best.map(|(c, _, context)| (c, context))
    }

    /// The weighted score described in the module docs, and the mean
    /// context similarity used by the acceptance rule.
    fn score(&self, anchor: &Anchor, c: Candidate) -> (f64, f64) {
        let (prefix_sim, suffix_sim) = self.context_sims(anchor, c);
        let len = self.chars().len().max(1) as f64;
        let position = 1.0 - (c.start.abs_diff(anchor.position.start) as f64 / len).min(1.0);
        let score =
            (50.0 * c.quote_sim + 20.0 * prefix_sim + 20.0 * suffix_sim + 2.0 * position) / 92.0;
        (score, (prefix_sim + suffix_sim) / 2.0)
    }

    /// How well the stored prefix and suffix match around a candidate.
    fn context_sims(&self, anchor: &Anchor, c: Candidate) -> (f64, f64) {
        let prefix: Vec<char> = anchor.quote.prefix.chars().collect();
        let suffix: Vec<char> = anchor.quote.suffix.chars().collect();
        let before = &self.chars()[c.start.saturating_sub(CONTEXT_CHARS)..c.start];
        let after = &self.chars()[c.end..(c.end + CONTEXT_CHARS).min(self.chars().len())];
        let before = &before[before.len().saturating_sub(prefix.len().max(1))..];
        let after = &after[..suffix.len().max(1).min(after.len())];
        (similarity(&prefix, before), similarity(&suffix, after))
    }
}

#[cfg(test)]
mod tests;
