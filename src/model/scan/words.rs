//! Word and phrase lookups cheap enough to ask of every line: a short word
//! as one packed number, a phrase by its first four bytes. The lists are
//! packed when compiling; the rules that use them (headings, source lines,
//! sponsor labels) live in the plain-text segmenter.

/// Does `s` start with the ASCII `prefix`, ignoring ASCII case? Matching
/// bytes this way keeps `&s[prefix.len()..]` on a char boundary, which
/// offsets into a lowercased copy would not (some capitals change length).
pub fn starts_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The first four bytes as one number with the case bit set: equal for
/// texts that open with the same four ASCII letters in any case (and for a
/// few non-letters besides, never for different letters), so a list of
/// ASCII phrases turns most texts away with one compare per phrase.
pub fn head4(s: &str) -> Option<u32> {
    let four: [u8; 4] = s.as_bytes().get(..4)?.try_into().ok()?;
    Some(u32::from_le_bytes(four) | 0x2020_2020)
}

/// [`head4`] of each of `N` phrases of four bytes or more, when compiling.
pub const fn heads<const N: usize>(list: &[&str]) -> [u32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        let b = list[i].as_bytes();
        out[i] = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) | 0x2020_2020;
        i += 1;
    }
    out
}

/// Is `word` one of the (ASCII, lowercase) `list`, ignoring ASCII case?
/// Asked of every word of every heading candidate, so each list is packed
/// when compiling (see [`packed`]) and a word is one number compared with
/// each entry, not a string compared with each.
pub fn is_one_of<const N: usize>(word: &str, list: &[u64; N]) -> bool {
    packed(word.as_bytes()).is_some_and(|key| list.contains(&key))
}

/// A word of up to seven bytes, ASCII-lowercased, as one number: its bytes
/// and, in the top byte, its length (so that no two words share one).
pub const fn packed(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// [`packed`] for each word of a list, when compiling.
pub const fn pack_all<const N: usize>(list: &[&str; N]) -> [u64; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = match packed(list[i].as_bytes()) {
            Some(key) => key,
            None => panic!("a listed word is longer than seven bytes"),
        };
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_words_ignore_case_and_differ_by_length() {
        assert_eq!(packed(b"The"), packed(b"the"));
        assert_ne!(packed(b"a"), packed(b"a\0"));
        assert_eq!(packed(b"eightch"), packed(b"EIGHTCH"));
        assert_eq!(packed(b"toolong8"), None);
        const LIST: [u64; 2] = pack_all(&["of", "the"]);
        assert!(is_one_of("OF", &LIST) && !is_one_of("off", &LIST));
    }

    #[test]
    fn phrase_heads_ignore_case_and_need_four_bytes() {
        assert_eq!(head4("Sponsored by"), head4("SPONSOR"));
        assert_ne!(head4("Spon"), head4("Span"));
        assert_eq!(head4("abc"), None);
        assert!(starts_ci("Brought To You", "brought to"));
        assert!(!starts_ci("Bro", "brought"));
    }
}
