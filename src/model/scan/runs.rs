//! Hashes of the runs of ASCII letters and digits in a text, lowercased:
//! in ASCII text, the search tokenizer's tokens, hashed without building
//! them. A huge document scanned at each query keeps a word filter per
//! article made of these hashes, so a query word's hash, made the same
//! way, tells which articles cannot hold it.
//!
//! Run edges are found 64 bytes per step from letter-or-digit masks
//! (sixteen bytes per vector compare); a run is hashed eight bytes per
//! multiply, lowercased by setting each byte's case bit (digits have it
//! already).
//!
//! Not [`super::fold`]'s word hashes: those fold words of any script but
//! copy the whole text folded first and leave out words of one or two
//! letters; a filter must hold every token, and this reads the text where
//! it lies.

use super::ascii::{fold16, padded16};

/// Hands the hash of each run of ASCII letters and digits in `bytes`,
/// lowercased ([`run_hash`] of the run), to `f`, in order.
pub fn each_run_hash(bytes: &[u8], mut f: impl FnMut(u64)) {
    let mut start = 0;
    let mut inside = false;
    for (k, block) in bytes.chunks(64).enumerate() {
        let alnum = alnum_mask(block);
        // A bit for each byte whose class differs from the one before it.
        let mut edges = alnum ^ ((alnum << 1) | u64::from(inside));
        while edges != 0 {
            let bit = edges.trailing_zeros();
            edges &= edges - 1;
            let at = k * 64 + bit as usize;
            if alnum >> bit & 1 == 1 {
                start = at;
            } else {
                f(hash_at(bytes, start, at));
            }
        }
        // A short last block ends with clear bits, so its open run was
        // closed above.
        inside = block.len() == 64 && alnum >> 63 == 1;
    }
    if inside {
        f(hash_at(bytes, start, bytes.len()));
    }
}

/// The hash [`each_run_hash`] gives a run equal to `run` in any case
/// (`run` is one run of ASCII letters and digits).
pub fn run_hash(run: &[u8]) -> u64 {
    hash_at(run, 0, run.len())
}

/// Bit `i` set where byte `i` of the (up to 64) bytes is an ASCII letter
/// or digit.
fn alnum_mask(block: &[u8]) -> u64 {
    let mut mask = 0;
    for (k, piece) in block.chunks(16).enumerate() {
        mask |= u64::from(fold16(padded16(piece, 0)).letters) << (16 * k);
    }
    mask
}

/// Multiplier and seed: odd constants with well-spread bits.
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
const SEED: u64 = 0x2545_F491_4F6C_DD1D;

/// The lowercased bytes `start..end` of `bytes`, hashed eight at a time,
/// with the length mixed in first so that runs of zero-padded lengths
/// differ. Each step is a folded multiply (the product's two halves
/// xored), which spreads every input bit over both halves of the hash,
/// so that they serve as a filter's two probes.
fn hash_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let mut h = SEED ^ (end - start) as u64;
    let mut at = start;
    while at < end {
        let take = (end - at).min(8);
        let kept = u64::MAX >> (8 * (8 - take));
        let word = (eight_at(bytes, at) | 0x2020_2020_2020_2020) & kept;
        h = folded_multiply(h ^ word, MIX);
        at += 8;
    }
    folded_multiply(h, SEED)
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Eight bytes from `at` as a little-endian number, zero past the end.
fn eight_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => {
            let mut padded = [0u8; 8];
            let rest = &bytes[at..];
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn reference(text: &str) -> Vec<u64> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| run_hash(w.to_ascii_lowercase().as_bytes()))
            .collect()
    }

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        each_run_hash(text.as_bytes(), |h| out.push(h));
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Every run, at every length and across block edges, is hashed as
        /// its lowercased self.
        #[test]
        fn runs_hash_as_their_lowercased_words(text in "([a-zA-Z0-9]{0,20}[ .,'\\-\n]{1,3}){0,30}") {
            for start in [0, 1, 7] {
                let slice = text.get(start.min(text.len())..).unwrap_or("");
                prop_assert_eq!(hashes(slice), reference(slice));
            }
        }
    }

    #[test]
    fn case_is_ignored_and_punctuation_splits() {
        assert_eq!(hashes("Pager, PAGER pager"), vec![run_hash(b"pager"); 3]);
        assert_eq!(hashes("e-mail x2"), vec![run_hash(b"e"), run_hash(b"mail"), run_hash(b"x2")]);
        let long = "Abcdefghijklmnopqrstuvwxyz0123456789".repeat(3);
        assert_eq!(hashes(&format!("  {long}  ")), vec![run_hash(long.as_bytes())]);
    }

    /// Near misses: a longer word, a digit for a letter, a zero byte's
    /// padding: each hashes apart from the word.
    #[test]
    fn near_words_hash_apart() {
        let word = run_hash(b"pager");
        for other in [&b"pagers"[..], b"pag", b"pager0", b"p4ger", b"pagerpagerpager"] {
            assert_ne!(run_hash(other), word, "{}", String::from_utf8_lossy(other));
        }
        assert_ne!(run_hash(b"a"), run_hash(b"a\0"));
    }
}
