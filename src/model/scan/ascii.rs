//! Byte loops over whole texts, sixteen bytes at a time, and a trim that
//! answers for ASCII ends without asking Unicode.
//!
//! Loading a library touches every byte several times (decoding, word
//! counts, folding for comparisons). Per-byte branches on "is this a
//! letter" are as good as random to a branch predictor, so the hot loops
//! classify sixteen bytes with one vector compare per class and work on bit
//! masks, one bit per byte. The vectors come from `wide`, which wraps the
//! platform's SIMD (SSE2 on x86-64, NEON on ARM, plain arrays elsewhere)
//! behind a safe API: the crate forbids `unsafe`, and `std::arch` needs it.

use wide::i8x16;

/// How many bytes at the start of `bytes` are ASCII, read sixteen at a
/// time (a byte's high bit is its sign, which one vector op gathers).
pub fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut at = 0;
    for sixteen in bytes.chunks_exact(16) {
        let x: i8x16 = wide::bytemuck::cast(padded16(sixteen, 0));
        let high = x.to_bitmask();
        if high != 0 {
            return at + high.trailing_zeros() as usize;
        }
        at += 16;
    }
    at + bytes[at..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - at)
}

/// Whether 64 bytes hold one a decoder must look at: a C0 control other
/// than LF and TAB, DEL, or 0xC2 (the lead byte of the C1 controls). The
/// four vector compares' results are merged before the one test.
pub fn suspect64(block: &[u8; 64]) -> bool {
    let mut any = i8x16::splat(0);
    for piece in block.chunks_exact(16) {
        let x: i8x16 = wide::bytemuck::cast(padded16(piece, b' '));
        let byte = |b: u8| x.simd_eq(i8x16::splat(b as i8));
        let c0 = in_range(x, 0x00, 0x1f) & !(byte(b'\n') | byte(b'\t'));
        any |= c0 | byte(0x7f) | byte(0xc2);
    }
    any.to_bitmask() != 0
}

/// How many bytes are C0 controls that text does not hold: all but TAB,
/// LF, FF, CR and ESC. Counted sixteen bytes per compare, since every
/// file's first 8 KiB are asked whether they are binary.
pub fn stray_controls(bytes: &[u8]) -> usize {
    let count = |sixteen: [u8; 16]| {
        let x: i8x16 = wide::bytemuck::cast(sixteen);
        let byte = |b: u8| x.simd_eq(i8x16::splat(b as i8));
        let text = byte(b'\t') | byte(b'\n') | byte(0x0c) | byte(b'\r') | byte(0x1b);
        (in_range(x, 0x00, 0x1f) & !text).to_bitmask().count_ones() as usize
    };
    let (blocks, tail) = bytes.as_chunks::<16>();
    blocks.iter().map(|block| count(*block)).sum::<usize>() + count(padded16(tail, b' '))
}

/// `str::trim`, with ASCII whitespace skipped bytewise and Unicode's asked
/// only at a non-ASCII end. Every line is trimmed several times, and the
/// standard library's trim, a generic char search from each end, cost
/// about a hundred instructions a line even when there was nothing to trim.
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        // The usual line: nothing to trim.
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => trim_end(trim_start(s)),
    }
}

/// `str::trim_start`, the same way as [`trim`].
pub fn trim_start(s: &str) -> &str {
    if s.as_bytes().first().is_some_and(u8::is_ascii_graphic) {
        return s;
    }
    let rest = &s[s.bytes().take_while(|b| is_space(*b)).count()..];
    if rest.as_bytes().first().is_none_or(u8::is_ascii) { rest } else { rest.trim_start() }
}

fn trim_end(s: &str) -> &str {
    let rest = &s[..s.len() - s.bytes().rev().take_while(|b| is_space(*b)).count()];
    if rest.as_bytes().last().is_none_or(u8::is_ascii) { rest } else { rest.trim_end() }
}

/// ASCII whitespace as `char::is_whitespace` has it (vertical tab too).
fn is_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Bit masks of up to 64 bytes, bit `i` for byte `i`.
#[derive(Clone, Copy, Default)]
struct Classes {
    /// ASCII letters and digits.
    letters: u64,
    /// ASCII whitespace (space, tab, LF, FF, CR), as Rust defines it.
    spaces: u64,
    /// First bytes of non-ASCII chars, which the caller decodes itself.
    leads: u64,
}

/// Lanes whose byte lies in `lo..=hi`: adding `0x80 - lo` moves that
/// range to the bottom of the signed bytes, where one signed compare (all
/// SSE2 has) finds it.
fn in_range(x: i8x16, lo: u8, hi: u8) -> i8x16 {
    let shifted = x + i8x16::splat(0x80u8.wrapping_sub(lo) as i8);
    shifted.simd_lt(i8x16::splat(0x80u8.wrapping_add(hi - lo + 1) as i8))
}

/// The lanes holding an ASCII letter or digit, and the bytes with the case
/// bit set (lowercase for letters, and digits have it already).
fn letters_and_digits(x: i8x16) -> (i8x16, i8x16) {
    let lower = x | i8x16::splat(0x20);
    (in_range(lower, b'a', b'z') | in_range(x, b'0', b'9'), lower)
}

/// Classifies 16 bytes with vector compares (safe SIMD through `wide`:
/// the crate forbids `unsafe`, and `std::arch` needs it).
fn classify16(sixteen: [u8; 16]) -> (u64, u64, u64) {
    let x: i8x16 = wide::bytemuck::cast(sixteen);
    let (letters, _) = letters_and_digits(x);
    let spaces =
        x.simd_eq(i8x16::splat(b' ' as i8)) | in_range(x, b'\t', b'\n') | in_range(x, 0x0C, b'\r');
    let leads = in_range(x, 0xC0, 0xFF);
    let mask = |lanes: i8x16| u64::from(lanes.to_bitmask());
    (mask(letters), mask(spaces), mask(leads))
}

/// Sixteen bytes folded for comparison: letters lowercased, digits kept,
/// every other byte zero; with masks of the letter-or-digit bytes and of
/// the non-ASCII bytes, bit `i` for byte `i`.
pub struct Folded {
    pub bytes: [u8; 16],
    pub letters: u32,
    pub non_ascii: u32,
}

pub fn fold16(sixteen: [u8; 16]) -> Folded {
    let x: i8x16 = wide::bytemuck::cast(sixteen);
    let (letters, lower) = letters_and_digits(x);
    Folded {
        bytes: wide::bytemuck::cast(lower & letters),
        letters: letters.to_bitmask(),
        non_ascii: x.to_bitmask(),
    }
}

/// Up to sixteen bytes as an array, padded with `pad`. Only a short piece
/// is copied byte by byte: a copy of a length the compiler cannot see is a
/// call to `memcpy`, which costs more than the compares that follow.
pub fn padded16(piece: &[u8], pad: u8) -> [u8; 16] {
    <[u8; 16]>::try_from(piece).unwrap_or_else(|_| {
        let mut padded = [pad; 16];
        padded[..piece.len()].copy_from_slice(piece);
        padded
    })
}

/// Classifies 64 bytes, bit `i` for byte `i`. A whole block, not a slice:
/// with its length known, the four compares are unrolled.
fn classify64(block: &[u8; 64]) -> Classes {
    let mut all = Classes::default();
    for (k, piece) in block.as_chunks::<16>().0.iter().enumerate() {
        let (letters, spaces, leads) = classify16(*piece);
        all.letters |= letters << (16 * k);
        all.spaces |= spaces << (16 * k);
        all.leads |= leads << (16 * k);
    }
    all
}

/// Dashes, curly quotes, bullets and ellipses (most of General
/// Punctuation, U+2010..U+205E without its spaces): the non-ASCII chars
/// that prose is full of, and none of them a letter, digit or space. Asked
/// before Unicode's tables, which cost a binary search per char.
pub fn is_typographic(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}')
}

/// Words for reading time: whitespace-separated tokens, and each CJK
/// character on its own, since CJK text has no spaces between words. A word
/// starts at a letter or digit whose nearest earlier letter-or-space is a
/// space: punctuation neither starts nor ends a word ("x=1" is one word).
pub fn count_words(text: &str) -> usize {
    let (blocks, tail) = text.as_bytes().as_chunks::<64>();
    let mut words = Words::default();
    for (n, block) in blocks.iter().enumerate() {
        words.add(text, n * 64, block, 64);
    }
    if !tail.is_empty() {
        // Padded with zeros, which are none of the classes.
        let mut last = [0u8; 64];
        last[..tail.len()].copy_from_slice(tail);
        words.add(text, blocks.len() * 64, &last, tail.len());
    }
    words.count
}

/// Words counted so far, and whether the last byte was inside one.
#[derive(Default)]
struct Words {
    count: usize,
    in_word: u64,
}

impl Words {
    /// Counts the words starting in the `len` bytes of `block`, which
    /// starts at byte `at` of `text`.
    fn add(&mut self, text: &str, at: usize, block: &[u8; 64], len: usize) {
        let Classes { mut letters, mut spaces, mut leads } = classify64(block);
        while leads != 0 {
            let lead = leads.trailing_zeros();
            leads &= leads - 1;
            let c = text[at + lead as usize..].chars().next().unwrap_or(' ');
            let bit = 1 << lead;
            if is_typographic(c) {
                // A mark: neither starts nor ends a word.
            } else if is_cjk(c) {
                self.count += 1;
                spaces |= bit;
            } else if c.is_whitespace() {
                spaces |= bit;
            } else if c.is_alphanumeric() {
                letters |= bit;
            }
        }
        let used = u64::MAX >> (64 - len);
        let marks = !(letters | spaces) & used;
        // Adding a letter's bit into the run of marks after it carries
        // through the run: those marks are inside the word too.
        let carried = (((letters << 1) | self.in_word).wrapping_add(marks) ^ marks) & marks;
        let inside = letters | carried;
        let before = (inside << 1) | self.in_word;
        self.count += (letters & !before).count_ones() as usize;
        self.in_word = (inside >> (len - 1)) & 1;
    }
}

/// Runs of ASCII letters and digits: in ASCII text, the search
/// tokenizer's tokens, counted without building them (a huge document
/// searched by scanning needs its token count, not its tokens). Sixteen
/// bytes a step: a run starts at a letter-or-digit bit whose lower
/// neighbour (carried across steps) is clear. Byte by byte, counting a
/// 100 MB document held its first search up by about 90 ms.
pub fn alnum_runs(bytes: &[u8]) -> usize {
    let (blocks, tail) = bytes.as_chunks::<16>();
    let mut runs = 0;
    let mut inside = 0u32;
    let mut count = |alnum: u32, len: u32| {
        let before = (alnum << 1) | inside;
        runs += (alnum & !before).count_ones() as usize;
        inside = (alnum >> (len - 1)) & 1;
    };
    for block in blocks {
        let (alnum, _) = letters_and_digits(wide::bytemuck::cast(*block));
        count(alnum.to_bitmask(), 16);
    }
    if !tail.is_empty() {
        let alnum =
            tail.iter().rev().fold(0, |m, b| (m << 1) | u32::from(b.is_ascii_alphanumeric()));
        count(alnum, tail.len() as u32);
    }
    runs
}

/// Han, Hiragana, Katakana and Hangul: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain per-char rule that the bit tricks must match.
    fn reference(text: &str) -> usize {
        let mut in_word = false;
        let mut n = 0;
        for c in text.chars() {
            if is_cjk(c) {
                n += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                n += usize::from(!in_word);
                in_word = true;
            } else if c.is_ascii_whitespace() || !c.is_ascii() && c.is_whitespace() {
                // ASCII whitespace as `u8::is_ascii_whitespace` has it:
                // vertical tab is not, as in the byte loop this replaced.
                in_word = false;
            }
        }
        n
    }

    #[test]
    fn every_byte_is_classified_as_the_standard_library_does() {
        for b in 0u8..=255 {
            let mut sixteen = [b'x'; 16];
            sixteen[3] = b;
            let (letters, spaces, leads) = classify16(sixteen);
            assert_eq!(letters & 8 != 0, b.is_ascii_alphanumeric(), "byte {b:#x}");
            assert_eq!(spaces & 8 != 0, b.is_ascii_whitespace(), "byte {b:#x}");
            assert_eq!(leads & 8 != 0, b >= 0xC0, "byte {b:#x}");
            let stray = b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b);
            assert_eq!(stray_controls(&sixteen[..7]), usize::from(stray), "byte {b:#x}");
            let many = [b; 37];
            assert_eq!(stray_controls(&many), if stray { 37 } else { 0 }, "byte {b:#x}");
            let mut block = [b'x'; 64];
            block[37] = b;
            let suspect = b < 0x20 && b != b'\n' && b != b'\t' || b == 0x7f || b == 0xc2;
            assert_eq!(suspect64(&block), suspect, "byte {b:#x}");
        }
    }

    #[test]
    fn word_counts_match_the_per_char_rule_at_every_length_and_offset() {
        // A fixed pseudo-random walk over a small alphabet: words, marks,
        // spaces, non-ASCII letters, spaces and CJK, and runs crossing the
        // 8- and 64-byte block edges.
        let alphabet =
            ['a', 'b', '9', ' ', '=', '-', '\t', '\n', '.', 'Z', 'é', '—', '\u{a0}', '日', '\x0b'];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let text: Vec<char> = (0..2000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect();
        for start in 0..70 {
            for len in [0, 1, 7, 8, 9, 63, 64, 65, 130, 1000] {
                let slice: String = text[start..start + len].iter().collect();
                assert_eq!(count_words(&slice), reference(&slice), "{slice:?}");
            }
        }
    }

    #[test]
    fn folding_lowercases_letters_and_drops_the_rest() {
        let f = fold16(*b"Ab9 -Z.z\xc3\xa9-\x7f\x80{@`");
        assert_eq!(f.bytes, *b"ab9\0\0z\0z\0\0\0\0\0\0\0\0");
        assert_eq!((f.letters, f.non_ascii), (0b1010_0111, 0b0001_0011_0000_0000));
    }

    #[test]
    fn typographic_chars_are_neither_letters_nor_spaces() {
        let range = ('\u{2010}'..='\u{2027}').chain('\u{2030}'..='\u{205E}');
        for c in range.filter(|c| is_typographic(*c)) {
            assert!(!c.is_alphanumeric() && !c.is_whitespace(), "{c:?}");
        }
        assert!(is_typographic('—') && is_typographic('’') && is_typographic('…'));
        assert!(!is_typographic('\u{2028}') && !is_typographic('\u{205F}'));
    }

    #[test]
    fn punctuation_joins_and_space_splits() {
        assert_eq!(count_words("one two=three four"), 3);
        assert_eq!(count_words("  "), 0);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("don't stop, x=1 — café"), 4);
    }

    #[test]
    fn trimming_matches_the_standard_library() {
        let samples =
            ["", "a", " ", "ab", " a", "a ", "\u{a0}x\u{2003}", "x\u{a0}", "—y—", "\tz", "é"];
        let mixed = ["  \u{a0} x", "x \u{3000} ", " \x0b x\x0b", "\x01 ", " \u{85}", "\r\n"];
        for s in samples.into_iter().chain(mixed) {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
        }
    }

    #[test]
    fn ascii_prefixes_are_measured_across_words() {
        assert_eq!(ascii_prefix_len(b""), 0);
        assert_eq!(ascii_prefix_len("abcdefghij".as_bytes()), 10);
        assert_eq!(ascii_prefix_len("abcdefghijé".as_bytes()), 10);
        assert_eq!(ascii_prefix_len("éabc".as_bytes()), 0);
        for at in [0, 15, 16, 17, 31, 32, 40, 47] {
            let mut text = "a".repeat(48);
            text.replace_range(at..at + 1, "é");
            assert_eq!(ascii_prefix_len(text.as_bytes()), at, "é at {at}");
        }
        assert_eq!(ascii_prefix_len("a".repeat(48).as_bytes()), 48);
    }
}
