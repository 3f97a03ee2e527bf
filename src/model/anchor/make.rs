//! Making anchors from a text, or from an article without its text.
//!
//! Why not from a char array: a reading position saved in a 100 MB article
//! built the article's whole text and then an array of its chars (four
//! bytes each), 500 MB at once, for a quote of some sixty chars. Here the
//! text is walked to the few char offsets an anchor needs (`scan::chars`),
//! and an article's anchor is cut from its parts.

use super::{Anchor, CONTEXT_CHARS, TextPosition, TextQuote};
use crate::model::document::Article;
use crate::model::scan::chars::advance;
use crate::model::text::article_text_slice;

/// The anchor for chars `start..end` of `text` (clamped and ordered).
pub fn anchor_for(text: &str, start: usize, end: usize) -> Anchor {
    let (start, end) = (start.min(end), start.max(end));
    let mut walk = CharWalk { text, chars: 0, byte: 0 };
    let lo = walk.to(start.saturating_sub(CONTEXT_CHARS));
    let from = walk.to(start);
    if from.0 < start {
        // Past the end: a point at the end, with the context before it.
        return anchor_for(text, from.0, from.0);
    }
    let to = walk.to(end);
    let hi = walk.to(end + CONTEXT_CHARS);
    Anchor {
        quote: TextQuote {
            exact: text[from.1..to.1].into(),
            prefix: text[lo.1..from.1].into(),
            suffix: text[to.1..hi.1].into(),
        },
        position: TextPosition { start: from.0, end: to.0 },
    }
}

/// A point anchor at char `offset`, e.g. the top of the screen.
pub fn anchor_point(text: &str, offset: usize) -> Anchor {
    anchor_for(text, offset, offset)
}

/// [`anchor_point`] in `article`'s canonical text, made from just the
/// chars around `offset`.
pub fn anchor_point_in(article: &Article, offset: usize) -> Anchor {
    let around = |at: usize| {
        article_text_slice(article, at.saturating_sub(CONTEXT_CHARS), at + CONTEXT_CHARS)
    };
    let (mut near, len) = around(offset);
    if offset > len {
        near = around(len).0;
    }
    let offset = offset.min(len);
    let mut anchor = anchor_point(&near, offset - offset.saturating_sub(CONTEXT_CHARS));
    anchor.position = TextPosition { start: offset, end: offset };
    anchor
}

/// A forward walk over a text's chars, knowing each one's byte.
struct CharWalk<'a> {
    text: &'a str,
    chars: usize,
    byte: usize,
}

impl CharWalk<'_> {
    /// Walks on to char `target`, or the end: `(char, byte)` reached.
    fn to(&mut self, target: usize) -> (usize, usize) {
        if target > self.chars {
            let (walked, byte) = advance(self.text, self.byte, target - self.chars);
            (self.chars, self.byte) = (self.chars + walked, byte);
        }
        (self.chars, self.byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{ArticleKind, Block, Inline, Section};
    use crate::model::text::article_text;

    /// What anchors were: cut from an array of the text's chars.
    fn from_chars(text: &str, start: usize, end: usize) -> Anchor {
        let chars: Vec<char> = text.chars().collect();
        anchor_in(&chars, start, end)
    }

    fn anchor_in(chars: &[char], start: usize, end: usize) -> Anchor {
        let len = chars.len();
        let (start, end) = (start.min(len), end.min(len));
        let (start, end) = (start.min(end), start.max(end));
        let lo = start.saturating_sub(CONTEXT_CHARS);
        let hi = (end + CONTEXT_CHARS).min(len);
        let slice = |a: usize, b: usize| -> String { chars[a..b].iter().collect() };
        Anchor {
            quote: TextQuote {
                exact: slice(start, end),
                prefix: slice(lo, start),
                suffix: slice(end, hi),
            },
            position: TextPosition { start, end },
        }
    }

    #[test]
    fn past_the_end_is_a_point_at_the_end_with_its_context() {
        let text = "Ünïcode text that ends here";
        assert_eq!(anchor_for(text, 90, 95), from_chars(text, 90, 95));
        assert_eq!(anchor_for(text, 95, 3), from_chars(text, 95, 3));
        assert_eq!(anchor_for("", 4, 9), from_chars("", 4, 9));
    }

    fn article(parts: &[&str]) -> Article {
        let blocks = parts.iter().map(|p| Block::Paragraph(Inline::text(*p).into())).collect();
        let sections = vec![Section { heading: Some("Überblick".into()), level: 2, blocks }];
        Article::new("T".into(), ArticleKind::Article, sections)
    }

    proptest::proptest! {
        /// The walk cuts what the char array cut, on mixed scripts.
        #[test]
        fn the_walk_cuts_what_the_char_array_cut(
            text in "[a-z .é日\u{1F600}\n]{0,150}",
            start in 0usize..170,
            end in 0usize..170,
        ) {
            proptest::prop_assert_eq!(anchor_for(&text, start, end), from_chars(&text, start, end));
        }

        /// An article's anchor, made from its parts, is the one made from
        /// its whole text; empty parts add nothing, as in the text.
        #[test]
        fn an_articles_anchor_is_that_of_its_text(
            parts in proptest::collection::vec("[a-zé ]{0,40}", 0..6),
            offset in 0usize..300,
        ) {
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let a = article(&parts);
            proptest::prop_assert_eq!(anchor_point_in(&a, offset), anchor_point(&article_text(&a), offset));
        }
    }
}
