//! Where a query matches inside a piece of text: for highlighting in
//! snippets and in the reader. Uses the same tokenizer as the index, so
//! what is highlighted is exactly what was found.

use super::query::{MAX_TERMS, Query};
use super::tokenize::Tokenizer;

/// A token that matches at least one query term.
#[derive(Debug, Clone, Copy)]
struct Found {
    /// Token number in the text.
    n: usize,
    start: usize,
    len: usize,
    cjk: bool,
    /// Bit `k` set: the token matches the `k`th term of the positive
    /// clauses, counted across clauses.
    mask: u64,
}

/// Char ranges (`start..end`, offsets from `base`) of every occurrence of a
/// positive clause in `text`: sorted, overlapping ones merged.
pub fn match_ranges(text: &str, base: usize, query: &Query) -> Vec<(usize, usize)> {
    let terms: Vec<_> = query.positive().flat_map(|c| c.terms.iter()).take(MAX_TERMS).collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut n = 0;
    Tokenizer::default().run(text, base, &mut |t| {
        let mask = terms
            .iter()
            .enumerate()
            .filter(|(_, term)| term.matches(t))
            .fold(0u64, |m, (k, _)| m | 1 << k);
        if mask != 0 {
            found.push(Found { n, start: t.start, len: t.len, cjk: t.cjk, mask });
        }
        n += 1;
    });
    let mut ranges = Vec::new();
    let mut first_bit = 0;
    for clause in query.positive() {
        let width = clause.terms.len();
        if first_bit + width > MAX_TERMS {
            break;
        }
        for (i, f) in found.iter().enumerate() {
            if f.mask & (1 << first_bit) != 0
                && let Some(end) = phrase_end(&found[i..], first_bit, width)
            {
                ranges.push((f.start, end));
            }
        }
        first_bit += width;
    }
    merge(ranges)
}

/// If the clause's terms `bit..bit + width` follow on from `run[0]` token by
/// token (CJK characters also char by char), the end of the last one.
fn phrase_end(run: &[Found], bit: usize, width: usize) -> Option<usize> {
    let mut prev = *run.first()?;
    for k in 1..width {
        let next = *run.get(k)?;
        let follows = next.n == prev.n + 1
            && next.mask & (1 << (bit + k)) != 0
            && (!(prev.cjk && next.cjk) || next.start == prev.start + 1);
        if !follows {
            return None;
        }
        prev = next;
    }
    Some(prev.start + prev.len)
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(text: &str, q: &str) -> Vec<(usize, usize)> {
        match_ranges(text, 0, &Query::parse(q))
    }

    #[test]
    fn words_and_phrases_in_order() {
        let text = "Blue green deploys: green, then blue. Blue-green!";
        assert_eq!(ranges(text, "blue"), [(0, 4), (32, 36), (38, 42)]);
        assert_eq!(ranges(text, "\"blue green\""), [(0, 10), (38, 48)]);
        assert_eq!(ranges(text, "\"green blue\""), Vec::<(usize, usize)>::new());
        assert_eq!(ranges(text, "blue -green"), [(0, 4), (32, 36), (38, 42)]);
    }

    #[test]
    fn smart_case_diacritics_and_cjk() {
        let text = "Go go GO. Résumé resume. 日本語、日本";
        assert_eq!(ranges(text, "Go"), [(0, 2)]);
        assert_eq!(ranges(text, "go").len(), 3);
        assert_eq!(ranges(text, "resume"), [(10, 16), (17, 23)]);
        assert_eq!(ranges(text, "日本"), [(25, 27), (29, 31)]);
        assert_eq!(ranges(text, "語日"), Vec::<(usize, usize)>::new(), "punctuation breaks it");
    }

    #[test]
    fn overlapping_clauses_merge() {
        assert_eq!(ranges("canary releases", "canary \"canary releases\""), [(0, 15)]);
        assert_eq!(match_ranges("x canary", 10, &Query::parse("canary")), [(12, 18)]);
    }
}
