//! From a char offset to its byte: positions count chars (layout, anchors,
//! find, motions), slicing needs bytes, and an offset deep in a 100 MB
//! article was found by decoding every char before it.
//!
//! A block of bytes holds as many chars as it has bytes that do not
//! continue a char (`10xxxxxx`); that count is a loop the compiler turns
//! into vector code, so whole blocks are skipped at memory speed and only
//! the block holding the target is walked char by char.

/// Bytes counted at once.
const BLOCK: usize = 4096;

/// Walks `n` chars on from byte `from` (a char boundary) of `text`:
/// `(chars walked, byte reached)`, fewer chars at the end of the text.
pub fn advance(text: &str, from: usize, n: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut at, mut left) = (from, n);
    while left > 0 && at < bytes.len() {
        let mut end = (at + BLOCK).min(bytes.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let chars = bytes[at..end].iter().filter(|&&b| (b as i8) >= -0x40).count();
        if chars <= left {
            (left, at) = (left - chars, end);
        } else {
            at += text[at..end].char_indices().nth(left).map_or(end - at, |(i, _)| i);
            left = 0;
        }
    }
    (n - left, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// What decoding char by char finds, across blocks and scripts.
        #[test]
        fn advance_lands_where_char_indices_land(
            text in "[a-zé日\u{1F600} ]{0,40}",
            repeat in 1usize..300,
            from_char in 0usize..50,
            n in 0usize..20_000,
        ) {
            let text = text.repeat(repeat);
            let from = text.char_indices().nth(from_char).map_or(text.len(), |(i, _)| i);
            let rest = text[from..].chars().count();
            let byte = text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i);
            proptest::prop_assert_eq!(advance(&text, from, n), (n.min(rest), byte));
        }
    }
}
