//! Edit distances over `char` slices, the measure every anchor score uses.

/// Levenshtein distance between two whole strings.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// 1 for equal strings, 0 for nothing in common. Empty stored context
/// means the quote touched the start or end of the text, so it matches
/// only a candidate at that same edge.
pub fn similarity(stored: &[char], found: &[char]) -> f64 {
    if stored.is_empty() {
        return if found.is_empty() { 1.0 } else { 0.0 };
    }
    let d = levenshtein(stored, found) as f64;
    (1.0 - d / stored.len().max(found.len()) as f64).max(0.0)
}

/// The best approximate occurrence of `pat` anywhere inside `text`
/// (semi-global alignment: the whole pattern, any substring of the text).
/// Returns the fewest errors and every `(start, end)` (indexing `text`)
/// achieving it: in repetitive text several windows tie, and only the
/// caller's context scoring can tell them apart.
///
/// Each cell carries the text column where its alignment began, so the
/// start comes out without a traceback matrix: memory stays O(text).
pub fn best_substrings(pat: &[char], text: &[char]) -> (usize, Vec<(usize, usize)>) {
    let n = text.len();
    // (cost, start column)
    let mut prev: Vec<(usize, usize)> = (0..=n).map(|j| (0, j)).collect();
    let mut cur = vec![(0, 0); n + 1];
    for (i, &pc) in pat.iter().enumerate() {
        cur[0] = (i + 1, 0);
        for j in 1..=n {
            let diag = prev[j - 1];
            let sub = (diag.0 + usize::from(pc != text[j - 1]), diag.1);
            let del = (prev[j].0 + 1, prev[j].1);
            let ins = (cur[j - 1].0 + 1, cur[j - 1].1);
            let mut best = sub;
            if del.0 < best.0 {
                best = del;
            }
            if ins.0 < best.0 {
                best = ins;
            }
            cur[j] = best;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let min = prev.iter().map(|c| c.0).min().unwrap_or(0);
    let ends = prev.iter().enumerate().filter(|(_, c)| c.0 == min);
    (min, ends.map(|(j, &(_, start))| (start, j)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein(&c("kitten"), &c("sitting")), 3);
        assert_eq!(levenshtein(&c(""), &c("abc")), 3);
        assert_eq!(levenshtein(&c("same"), &c("same")), 0);
    }

    #[test]
    fn substring_match_finds_the_closest_window() {
        let text = c("the quick brown fox jumps over the lazy dog");
        assert_eq!(best_substrings(&c("brown fox"), &text), (0, vec![(10, 19)]));
        let (errors, found) = best_substrings(&c("brwn fax"), &text);
        assert_eq!(errors, 2);
        let (start, end) = found[0];
        assert_eq!(text[start..end].iter().collect::<String>(), "brown fox");
        let (errors, found) = best_substrings(&c("ab"), &c("xabyab"));
        assert_eq!((errors, found), (0, vec![(1, 3), (4, 6)]));
    }

    #[test]
    fn empty_context_matches_only_an_edge() {
        assert_eq!(similarity(&[], &[]), 1.0);
        assert_eq!(similarity(&[], &c("x")), 0.0);
        assert!(similarity(&c("abcd"), &c("abce")) > 0.7);
    }
}
