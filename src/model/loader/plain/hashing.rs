//! Hashes of normalised text, and maps keyed by them.
//!
//! The segmenter compares units by their letters and digits, lowercased:
//! repeated footers, pull quotes that repeat a paragraph's words, contents
//! entries that repeat a title. Those comparisons touch most of a file, so
//! the folding classifies ASCII sixteen bytes at a time and hands out whole
//! runs of letters, which word hashes consume as they stream past (see
//! [`fold`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::ascii::{fold16, is_typographic};

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
    let mut key = KeyBytes { bytes: vec![0u8; text.len() + 8], len: 0 };
    fold(text, &mut key);
    (key.len > 0).then(|| xxhash_rust::xxh3::xxh3_64(&key.bytes[..key.len]))
}

/// Hashes of a text's words longer than two bytes, lowercased, sorted and
/// without repeats (a sorted `Vec` is smaller and faster to build and to
/// intersect than a hash set of the same words).
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut words = WordSet::default();
    fold(text, &mut words);
    words.gap();
    let mut out = words.hashes;
    out.sort_unstable();
    out.dedup();
    out
}

/// Where [`fold`] hands the letters it finds: pieces of up to eight bytes
/// (the low bytes of a `u64`, and how many), and a gap for each run of
/// other chars that follows a letter.
trait FoldSink {
    fn letters(&mut self, piece: u64, len: u32);
    fn gap(&mut self);
}

/// The folded text, gaps left out, for a key. Each piece is stored as
/// eight bytes, then the length moves on by as many as it holds: the bytes
/// past it are scratch that the next piece overwrites. One store per piece
/// beats packing pieces into words.
struct KeyBytes {
    bytes: Vec<u8>,
    len: usize,
}

impl FoldSink for KeyBytes {
    fn letters(&mut self, piece: u64, len: u32) {
        if self.bytes.len() < self.len + 8 {
            // Lowercasing can lengthen a char (İ is two bytes, i̇ three).
            self.bytes.resize(2 * self.bytes.len(), 0);
        }
        self.bytes[self.len..self.len + 8].copy_from_slice(&piece.to_le_bytes());
        self.len += len as usize;
    }

    fn gap(&mut self) {}
}

/// Word hashes, each word hashed as its pieces stream past.
#[derive(Default)]
struct WordSet {
    word: Streamed,
    hashes: Vec<u64>,
}

impl FoldSink for WordSet {
    fn letters(&mut self, piece: u64, len: u32) {
        self.word.feed(piece, len);
    }

    /// Ends the word; words of one or two bytes are left out.
    fn gap(&mut self) {
        let word = std::mem::take(&mut self.word);
        if word.total > 2 {
            self.hashes.push(word.finish());
        }
    }
}

/// A hash fed folded bytes in pieces of up to eight, as they come out of
/// [`fold`]: the pieces are packed into whole eight-byte words first, so
/// the hash depends only on the bytes, not on where the pieces broke.
#[derive(Default)]
struct Streamed {
    pending: u64,
    pending_len: u32,
    state: u64,
    total: u64,
}

impl Streamed {
    /// Adds the low `len` bytes of `piece` (`len` ≤ 8).
    fn feed(&mut self, piece: u64, len: u32) {
        let piece = if len >= 8 { piece } else { piece & ((1 << (8 * len)) - 1) };
        self.pending |= piece.checked_shl(8 * self.pending_len).unwrap_or(0);
        self.pending_len += len;
        self.total += u64::from(len);
        if self.pending_len >= 8 {
            self.mix(self.pending);
            self.pending_len -= 8;
            let used = len - self.pending_len;
            self.pending = piece.checked_shr(8 * used).unwrap_or(0);
        }
    }

    fn mix(&mut self, word: u64) {
        self.state = (self.state ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.state ^= self.state >> 29;
    }

    /// The rest of the bytes and the length, then an avalanche (as in
    /// MurmurHash3's finaliser) so that every input bit reaches every
    /// output bit.
    fn finish(mut self) -> u64 {
        self.mix(self.pending);
        let mut h = self.state ^ self.total.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Walks a text's letters and digits, lowercased (as UTF-8), handing them
/// to `sink` in pieces, with a gap for each run of other chars that
/// follows a letter. ASCII is folded sixteen bytes at a time: each run of
/// letters in them is one piece, so the cost is per word, not per byte
/// (whether a byte is a letter is as good as random to a branch
/// predictor). Only non-ASCII chars are decoded.
fn fold(text: &str, sink: &mut impl FoldSink) {
    let bytes = text.as_bytes();
    let mut after_letter = false;
    let mut i = 0;
    while i < bytes.len() {
        let valid = (bytes.len() - i).min(16);
        let mut sixteen = [0u8; 16];
        sixteen[..valid].copy_from_slice(&bytes[i..i + valid]);
        let folded = fold16(sixteen);
        let ascii = (folded.non_ascii.trailing_zeros() as usize).min(valid);
        if ascii > 0 {
            let mask = folded.letters & (u32::MAX >> (32 - ascii));
            fold_runs(&folded.bytes, mask, ascii as u32, sink, &mut after_letter);
            i += ascii;
        }
        if ascii == valid {
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        if !is_typographic(c) && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let mut utf8 = [0u8; 8];
                let len = lower.encode_utf8(&mut utf8[..4]).len();
                sink.letters(u64::from_le_bytes(utf8), len as u32);
            }
            after_letter = true;
        } else if after_letter {
            sink.gap();
            after_letter = false;
        }
    }
}

/// Hands out the runs of letters among the first `valid` of sixteen folded
/// ASCII bytes, eight bytes at most per piece. Inlined, so that each
/// sink's methods are inlined into it.
#[inline(always)]
fn fold_runs(
    folded: &[u8; 16],
    mask: u32,
    valid: u32,
    sink: &mut impl FoldSink,
    after_letter: &mut bool,
) {
    let mut padded = [0u8; 24];
    padded[..16].copy_from_slice(folded);
    let piece = |at: u32| {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&padded[at as usize..at as usize + 8]);
        u64::from_le_bytes(eight)
    };
    if *after_letter && mask & 1 == 0 {
        sink.gap();
    }
    let mut keep = mask;
    while keep != 0 {
        let from = keep.trailing_zeros();
        // Adding the run's lowest bit carries through the run: what is
        // left is the rest of the mask, and the carry marks the run's end.
        let carried = keep + (1 << from);
        let end = carried.trailing_zeros();
        let mut at = from;
        while at < end {
            let len = (end - at).min(8);
            sink.letters(piece(at), len);
            at += len;
        }
        keep &= carried;
        if end < valid {
            sink.gap();
        }
    }
    *after_letter = (mask >> (valid - 1)) & 1 == 1;
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

    /// The folded text with a 0 byte for each gap.
    struct Collected(Vec<u8>);

    impl FoldSink for Collected {
        fn letters(&mut self, piece: u64, len: u32) {
            self.0.extend_from_slice(&piece.to_le_bytes()[..len as usize]);
        }

        fn gap(&mut self) {
            self.0.push(0);
        }
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
            let mut folded = Collected(Vec::new());
            fold(slice, &mut folded);
            assert_eq!(folded.0, plain, "{slice}");
            let key = (!gapless.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(&gapless));
            assert_eq!(letters_key(slice), key, "{slice}");
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
