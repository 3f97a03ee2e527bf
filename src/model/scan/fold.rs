//! Hashes of normalised text, and maps keyed by them.
//!
//! The segmenter compares units by their letters and digits, lowercased:
//! repeated footers, pull quotes that repeat a paragraph's words, contents
//! entries that repeat a title. Those comparisons touch most of a file, so
//! the folding classifies ASCII sixteen bytes at a time and stores the
//! folded bytes without a branch per letter (see [`fold`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use wide::{i8x16, u8x16};

use crate::model::scan::ascii::{fold16, is_typographic, padded16};

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

/// The hash of a text's letters and digits, lowercased, with everything
/// else left out; `None` when it has none.
pub fn letters_key(text: &str) -> Option<u64> {
    let folded = fold::<false>(text);
    (!folded.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(&folded))
}

/// Hashes of a text's words longer than two bytes, lowercased, sorted and
/// without repeats (a sorted `Vec` is smaller and faster to build and to
/// intersect than a hash set of the same words).
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    each_word(text, |hash| out.push(hash));
    out.sort_unstable();
    out.dedup();
    out
}

/// Hands the hash of each word longer than two bytes, lowercased, to `f`.
/// The gaps (zero bytes) are found sixteen bytes per vector compare: a
/// split byte by byte cost more than hashing the words.
fn each_word(text: &str, mut f: impl FnMut(u64)) {
    let folded = fold::<true>(text);
    let mut word = |from: usize, to: usize| {
        if to - from > 2 {
            f(xxhash_rust::xxh3::xxh3_64(&folded[from..to]));
        }
    };
    let mut start = 0;
    for (k, piece) in folded.chunks(16).enumerate() {
        // Padded with a letter, so that padding is no gap.
        let x: i8x16 = wide::bytemuck::cast(padded16(piece, b'a'));
        let mut gaps = x.simd_eq(i8x16::splat(0)).to_bitmask();
        while gaps != 0 {
            let end = k * 16 + gaps.trailing_zeros() as usize;
            gaps &= gaps - 1;
            word(start, end);
            start = end + 1;
        }
    }
    word(start, folded.len());
}

/// A text's word hashes as 512 bits, one set for each word (a Bloom
/// filter with one probe): it holds every word the text has, and a few it
/// has not, so counting a quote's words in it bounds how many the two
/// texts share, without sorting the text's words.
#[derive(Clone)]
pub struct WordBits([u64; 8]);

impl WordBits {
    pub fn of(text: &str) -> WordBits {
        let mut bits = [0u64; 8];
        each_word(text, |hash| bits[(hash >> 61) as usize] |= 1 << (hash & 63));
        WordBits(bits)
    }

    /// False only for words the text does not have.
    pub fn may_hold(&self, hash: u64) -> bool {
        self.0[(hash >> 61) as usize] & (1 << (hash & 63)) != 0
    }
}

/// A text's letters and digits, lowercased (as UTF-8); with `GAPS`, a 0
/// byte stands for each run of other chars that follows a letter.
///
/// ASCII is folded sixteen bytes at a time, and the kept bytes are packed
/// by a byte shuffle (see [`compact`]). Whether a byte is a letter is as
/// good as random to a branch predictor, so a branch per byte or per word
/// would cost more than the packing. Only non-ASCII chars are decoded.
fn fold<const GAPS: bool>(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    // Sixteen bytes of slack for the block stores; lowercasing lengthens
    // a char by half at most (İ, two bytes, is i̇, three).
    let mut out = vec![0u8; bytes.len() + bytes.len() / 2 + 16];
    let mut len = 0;
    let mut after_letter = false;
    let mut i = 0;
    while i < bytes.len() {
        let valid = (bytes.len() - i).min(16);
        let folded = fold16(padded16(&bytes[i..i + valid], 0));
        let ascii = (folded.non_ascii.trailing_zeros() as usize).min(valid);
        if ascii > 0 {
            let letters = folded.letters & (u32::MAX >> (32 - ascii));
            let kept = if GAPS {
                // A gap's first byte, already zero, is kept too.
                (letters | (letters << 1) | u32::from(after_letter)) & (u32::MAX >> (32 - ascii))
            } else {
                letters
            };
            len = compact(&mut out, len, &folded.bytes, kept);
            after_letter = (letters >> (ascii - 1)) & 1 == 1;
            i += ascii;
        }
        if ascii == valid {
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        if !is_typographic(c) && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                len += lower.encode_utf8(&mut out[len..len + 4]).len();
            }
            after_letter = true;
        } else {
            if GAPS && after_letter {
                out[len] = 0;
                len += 1;
            }
            after_letter = false;
        }
    }
    out.truncate(len);
    out
}

/// For each 8-bit mask, the positions of its set bits in order, as the
/// bytes of a u64 (the rest point past the end, and a shuffle zeroes them).
const PICKS: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut mask = 0;
    while mask < 256 {
        let (mut picks, mut at, mut bit) = (u64::MAX, 0, 0);
        while bit < 8 {
            if mask >> bit & 1 == 1 {
                picks = picks & !(0xff << (8 * at)) | (bit as u64) << (8 * at);
                at += 1;
            }
            bit += 1;
        }
        table[mask] = picks;
        mask += 1;
    }
    table
};

/// Stores the bytes of `folded` whose bit is set in `kept`, in order, at
/// `out[len..]`, and returns the new length; up to sixteen bytes after it
/// are scratch. Each half of the block is packed by one byte shuffle, its
/// pattern looked up by the half's mask: no branch and no loop per byte.
fn compact(out: &mut [u8], len: usize, folded: &[u8; 16], kept: u32) -> usize {
    let (low, high) = ((kept & 0xff) as usize, (kept >> 8 & 0xff) as usize);
    // The high half's positions count from byte 8.
    let picks: u8x16 = wide::bytemuck::cast([PICKS[low], PICKS[high] | 0x0808_0808_0808_0808]);
    let packed: [u8; 16] = u8x16::new(*folded).shuffle(picks).to_array();
    let middle = len + low.count_ones() as usize;
    out[len..len + 8].copy_from_slice(&packed[..8]);
    out[middle..middle + 8].copy_from_slice(&packed[8..]);
    middle + high.count_ones() as usize
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
        // Lowercasing lengthens İ (two bytes) to i̇ (three).
        let longer = "i\u{307}".repeat(40);
        assert_eq!(
            letters_key(&"İ".repeat(40)),
            Some(xxhash_rust::xxh3::xxh3_64(longer.as_bytes()))
        );
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
            assert_eq!(fold::<true>(slice), plain, "{slice}");
            assert_eq!(fold::<false>(slice), gapless, "{slice}");
            let key = (!gapless.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(&gapless));
            assert_eq!(letters_key(slice), key, "{slice}");
        }
    }

    #[test]
    fn every_mask_packs_its_bytes_in_order() {
        let block: [u8; 16] = std::array::from_fn(|k| b'a' + k as u8);
        for kept in 0..=u16::MAX {
            let mut out = [0xee; 40];
            let len = compact(&mut out, 3, &block, u32::from(kept));
            let expected: Vec<u8> =
                (0..16).filter(|k| kept >> k & 1 == 1).map(|k| block[k]).collect();
            assert_eq!(len, 3 + expected.len(), "mask {kept:#06x}");
            assert_eq!(&out[3..len], &expected[..], "mask {kept:#06x}");
            assert_eq!(out[..3], [0xee; 3], "mask {kept:#06x} wrote before its start");
        }
    }

    #[test]
    fn words_are_found_across_sixteen_byte_edges() {
        let text = "Supporting cross-team communities of practice will go a long way, café ÉTÉ ok";
        for start in 0..text.len() {
            let Some(slice) = text.get(start..) else { continue };
            let folded = fold::<true>(slice);
            let expected: Vec<u64> = (folded.split(|b| *b == 0))
                .filter(|w| w.len() > 2)
                .map(xxhash_rust::xxh3::xxh3_64)
                .collect();
            let mut found = Vec::new();
            each_word(slice, |h| found.push(h));
            assert_eq!(found, expected, "{slice}");
        }
    }

    #[test]
    fn words_are_split_lowercased_and_deduplicated() {
        let words = word_hashes("The cat, the CAT and a dog: ab");
        assert_eq!(words.len(), 4, "the, cat, and, dog; 'a' and 'ab' are too short");
        assert_eq!(word_hashes("Été, été"), word_hashes("ÉTÉ"));
        assert_eq!(shared(&word_hashes("one two three"), &word_hashes("two three four")), 2);
        let bits = WordBits::of("The cat sat on the mat");
        assert!(word_hashes("cat, MAT; the SAT").iter().all(|h| bits.may_hold(*h)));
        let held = word_hashes("dog bird fish lion bear wolf")
            .iter()
            .filter(|h| bits.may_hold(**h))
            .count();
        assert!(held < 3, "{held} of six unrelated words look held");
    }
}
