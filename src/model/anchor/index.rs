//! A sampled q-gram index over a text, built once and shared by every
//! anchor re-anchored against that text.
//!
//! Only every `STEP`-th position is indexed, which keeps the index an
//! eighth of the text's size and quick to build (a 5 MB text indexes in
//! tens of milliseconds). Any pattern of at least `Q + STEP - 1` chars still
//! covers an indexed position at one of its first `STEP` offsets, so exact
//! search stays complete.

use std::collections::HashMap;

/// Gram length in chars.
pub const Q: usize = 8;
/// Sampling step.
pub const STEP: usize = 8;
/// Width of a diagonal bucket when voting for approximate candidates.
pub const BUCKET: usize = 16;
/// Grams occurring more often than this carry no information about where a
/// pattern is (runs of spaces, "of the "), so they cast no votes.
const MAX_POSTINGS: usize = 256;

pub struct QgramIndex {
    /// (gram hash, position), sorted.
    entries: Vec<(u64, u32)>,
}

fn gram_hash(gram: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in gram {
        h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl QgramIndex {
    pub fn new(text: &[char]) -> QgramIndex {
        let mut entries = Vec::with_capacity(text.len() / STEP + 1);
        if text.len() >= Q {
            for p in (0..=text.len() - Q).step_by(STEP) {
                entries.push((gram_hash(&text[p..p + Q]), p as u32));
            }
        }
        entries.sort_unstable();
        QgramIndex { entries }
    }

    fn postings(&self, gram: &[char]) -> &[(u64, u32)] {
        let h = gram_hash(gram);
        let lo = self.entries.partition_point(|e| e.0 < h);
        let hi = self.entries.partition_point(|e| e.0 <= h);
        &self.entries[lo..hi]
    }

    /// Every start of `pat` in `text`, ascending.
    pub fn exact(&self, text: &[char], pat: &[char]) -> Vec<usize> {
        let m = pat.len();
        if m == 0 || m > text.len() {
            return Vec::new();
        }
        if m < Q + STEP - 1 {
            return (0..=text.len() - m).filter(|&c| text[c..c + m] == *pat).collect();
        }
        let mut hits = Vec::new();
        for j in 0..STEP {
            for &(_, p) in self.postings(&pat[j..j + Q]) {
                let Some(c) = (p as usize).checked_sub(j) else { continue };
                if c + m <= text.len() && text[c..c + m] == *pat {
                    hits.push(c);
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Likely starts of approximate occurrences of `pat`: the `top` diagonal
    /// buckets with the most shared grams, best first.
    pub fn candidates(&self, pat: &[char], top: usize) -> Vec<usize> {
        if pat.len() < Q {
            return Vec::new();
        }
        let mut votes: HashMap<usize, u32> = HashMap::new();
        for j in 0..=pat.len() - Q {
            let postings = self.postings(&pat[j..j + Q]);
            if postings.len() > MAX_POSTINGS {
                continue;
            }
            for &(_, p) in postings {
                if let Some(c) = (p as usize).checked_sub(j) {
                    *votes.entry(c / BUCKET).or_insert(0) += 1;
                }
            }
        }
        let mut ranked: Vec<(u32, usize)> = votes.into_iter().map(|(b, v)| (v, b)).collect();
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        ranked.into_iter().take(top).map(|(_, b)| b * BUCKET).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_search_finds_every_occurrence() {
        let unit = "abcdefghijklmnopqrstuvwxyz0123456789 ";
        let text: Vec<char> = unit.repeat(50).chars().collect();
        let index = QgramIndex::new(&text);
        let pat: Vec<char> = "ghijklmnopqrstuv".chars().collect();
        let hits = index.exact(&text, &pat);
        assert_eq!(hits.len(), 50);
        assert!(hits.iter().all(|&h| text[h..h + pat.len()] == *pat));
        let short: Vec<char> = "xyz".chars().collect();
        assert_eq!(index.exact(&text, &short).len(), 50);
    }

    #[test]
    fn candidates_point_at_the_edited_copy() {
        let text: Vec<char> = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do \
            eiusmod tempor incididunt ut labore et dolore magna aliqua"
            .chars()
            .collect();
        let index = QgramIndex::new(&text);
        let pat: Vec<char> = "consectetur adipiscing elit, sex do eiusmod".chars().collect();
        let found = index.candidates(&pat, 3);
        assert!(found.iter().any(|&c| c.abs_diff(28) <= BUCKET), "{found:?}");
    }
}
