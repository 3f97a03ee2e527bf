//! Hashes of normalised text, and maps keyed by them.
//!
//! The segmenter compares units by their letters and digits, lowercased:
//! repeated footers, pull quotes that repeat a paragraph's words, contents
//! entries that repeat a title. Those comparisons touch most of a file, so
//! the folding is a branch-free table walk over ASCII (see [`fold_into`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::ascii::{ascii_prefix_len, folded_lanes, lanes};

/// Passes a u64 through, mixing in further writes for compound keys.
#[derive(Default)]
pub struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(29) ^ xxhash_rust::xxh3::xxh3_64(bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub type HashedMap<K, V> = HashMap<K, V, BuildHasherDefault<PreHashed>>;

/// Each ASCII byte lowercased if it is a letter or digit, else 0.
const FOLDED: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// The hash of a text's letters and digits, lowercased, with everything
/// else left out; `None` when it has none.
pub fn letters_key(text: &str) -> Option<u64> {
    let mut scratch = Vec::new();
    let folded = fold_into::<false>(text, &mut scratch);
    (!folded.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(folded))
}

/// Hashes of a text's words longer than two bytes, lowercased, sorted and
/// without repeats (a sorted `Vec` is smaller and faster to build and to
/// intersect than a hash set of the same words).
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut scratch = Vec::new();
    let folded = fold_into::<true>(text, &mut scratch);
    let mut out: Vec<u64> =
        folded.split(|b| *b == 0).filter(|w| w.len() > 2).map(short_hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A hash for words, cheaper than xxh3's setup on a few bytes: eight bytes
/// at a time through a multiply-rotate (as in FxHash), then an avalanche.
fn short_hash(word: &[u8]) -> u64 {
    let mut h = word.len() as u64;
    for chunk in word.chunks(8) {
        let mut eight = [0u8; 8];
        eight[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(eight)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The text's letters and digits, lowercased (as UTF-8); with `GAPS`, one
/// 0 byte stands for each run of other chars. ASCII is folded eight bytes
/// at a time (see [`fold_eight`]), its tail through a table without
/// branches (whether a byte is a letter is as good as random to a branch
/// predictor); only other chars are decoded.
fn fold_into<'b, const GAPS: bool>(text: &str, out: &'b mut Vec<u8>) -> &'b [u8] {
    let bytes = text.as_bytes();
    // Room for every byte plus the eight written past the end.
    out.clear();
    out.resize(bytes.len() + 8, 0);
    let mut n = 0;
    let mut after_letter = false;
    let mut i = 0;
    while i < bytes.len() {
        let end = i + ascii_prefix_len(&bytes[i..]);
        while let Some(eight) = lanes(&bytes[..end], i) {
            fold_eight::<GAPS>(eight, out, &mut n, &mut after_letter);
            i += 8;
        }
        for &b in &bytes[i..end] {
            let folded = FOLDED[usize::from(b)];
            out[n] = folded;
            // Keep a letter; keep a gap only right after a letter.
            if GAPS {
                n += usize::from(folded != 0 || after_letter);
                after_letter = folded != 0;
            } else {
                n += usize::from(folded != 0);
            }
        }
        i = end;
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let mut utf8 = [0u8; 4];
                let encoded = lower.encode_utf8(&mut utf8).as_bytes();
                // Lowercasing can lengthen a char: keep room for the rest.
                let room = n + encoded.len() + (bytes.len() - i) + 8;
                if out.len() < room {
                    out.resize(room, 0);
                }
                out[n..n + encoded.len()].copy_from_slice(encoded);
                n += encoded.len();
            }
            after_letter = true;
        } else {
            out[n] = 0;
            n += usize::from(GAPS & after_letter);
            after_letter = false;
        }
    }
    &out[..n]
}

/// Folds eight ASCII bytes into `out` at `n`: each run of letters is
/// written with one eight-byte store (the bytes past the run are scratch,
/// overwritten by what comes next), so the cost is per word, not per byte.
fn fold_eight<const GAPS: bool>(
    eight: u64,
    out: &mut [u8],
    n: &mut usize,
    after_letter: &mut bool,
) {
    let (folded, mut keep) = folded_lanes(eight);
    if GAPS && *after_letter && keep & 1 == 0 {
        out[*n] = 0;
        *n += 1;
    }
    while keep != 0 {
        let from = keep.trailing_zeros();
        // Adding the run's lowest bit carries through the run: what is
        // left is the rest of the mask, and the carry marks the run's end.
        let carried = keep + (1 << from);
        let end = carried.trailing_zeros();
        out[*n..*n + 8].copy_from_slice(&(folded >> (8 * from)).to_le_bytes());
        *n += (end - from) as usize;
        keep &= carried;
        if GAPS && end < 8 {
            out[*n] = 0;
            *n += 1;
        }
    }
    *after_letter = folded >> 56 != 0;
}

/// How many of the sorted `mine` also occur in the sorted `theirs`.
pub fn shared(mine: &[u64], theirs: &[u64]) -> usize {
    let (mut a, mut b, mut n) = (0, 0, 0);
    while a < mine.len() && b < theirs.len() {
        match mine[a].cmp(&theirs[b]) {
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                a += 1;
                b += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_punctuation() {
        assert_eq!(letters_key("Subscribe, now!"), letters_key("SUBSCRIBE now"));
        assert_ne!(letters_key("Subscribe now"), letters_key("Subscribe later"));
        assert_eq!(letters_key("Éclair"), letters_key("éCLAIR"));
        assert_eq!(letters_key("—  …"), None);
    }

    #[test]
    fn folding_matches_the_per_char_rule_across_chunk_edges() {
        let text = "Sub-scribe NOW, to the 12 Newsletters; café CRÈME  ok?!";
        for start in 0..text.len() {
            let Some(slice) = text.get(start..) else { continue };
            let mut plain = Vec::new();
            let mut after = false;
            for c in slice.chars() {
                if c.is_alphanumeric() {
                    plain.extend(c.to_lowercase().collect::<String>().bytes());
                    after = true;
                } else {
                    if after {
                        plain.push(0);
                    }
                    after = false;
                }
            }
            let gapless: Vec<u8> = plain.iter().copied().filter(|b| *b != 0).collect();
            assert_eq!(fold_into::<true>(slice, &mut Vec::new()), plain.as_slice(), "{slice}");
            assert_eq!(fold_into::<false>(slice, &mut Vec::new()), gapless.as_slice(), "{slice}");
        }
    }

    #[test]
    fn words_are_split_lowercased_and_deduplicated() {
        let words = word_hashes("The cat, the CAT and a dog: ab");
        assert_eq!(words.len(), 4, "the, cat, and, dog; 'a' and 'ab' are too short");
        assert_eq!(word_hashes("Été, été"), word_hashes("ÉTÉ"));
        assert_eq!(shared(&word_hashes("one two three"), &word_hashes("two three four")), 2);
    }
}
