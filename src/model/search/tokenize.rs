//! Text → tokens, with the folding that makes search forgiving.
//!
//! A token is a run of letters and digits, or a single CJK character
//! (scripts written without spaces: finding them by substring is the same
//! as finding a run of adjacent single-character tokens). Every token has a
//! `folded` key (lower case, compatibility-decomposed, combining marks
//! dropped: `Résumé` → `resume`) and, when it has capitals, a `cased` key
//! (marks dropped, case kept) for smart-case queries. A token with marks
//! also has `marked` keys (marks kept, decomposed) for diacritic-sensitive
//! queries. Offsets are chars in the text given, which is how the rest of
//! quire addresses text.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::model::text::is_cjk;

/// One token, borrowed from the tokenizer's buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub folded: &'a str,
    /// The case-kept key, only when it differs from `folded` by case.
    pub cased: Option<&'a str>,
    /// Lower case with marks kept, only when the token has marks.
    pub marked: Option<&'a str>,
    /// Case and marks kept, only when the token has both.
    pub marked_cased: Option<&'a str>,
    /// Char offset of the first char.
    pub start: usize,
    /// Length in chars of the original text.
    pub len: usize,
    pub cjk: bool,
}

/// Reusable buffers, so tokenizing allocates nothing per token.
#[derive(Debug, Default)]
pub struct Tokenizer {
    folded: String,
    cased: String,
    marked: String,
    marked_cased: String,
    upper: bool,
    marks: bool,
    start: Option<usize>,
}

impl Tokenizer {
    /// Calls `emit` for each token of `text`; offsets start at `base`.
    /// Returns the char count of `text`.
    pub fn run(&mut self, text: &str, base: usize, emit: &mut dyn FnMut(&Token)) -> usize {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut at = base;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    self.begin(at);
                    let lower = char::from(b.to_ascii_lowercase());
                    self.folded.push(lower);
                    self.marked.push(lower);
                    self.cased.push(char::from(b));
                    self.marked_cased.push(char::from(b));
                    self.upper |= b.is_ascii_uppercase();
                } else {
                    self.flush(at, emit);
                }
                i += 1;
                at += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if is_cjk(c) {
                self.flush(at, emit);
                let mut buf = [0u8; 4];
                let folded = c.encode_utf8(&mut buf);
                let token = Token {
                    folded,
                    cased: None,
                    marked: None,
                    marked_cased: None,
                    start: at,
                    len: 1,
                    cjk: true,
                };
                emit(&token);
            } else if c.is_alphanumeric() || is_combining_mark(c) {
                self.begin(at);
                self.push_folded(c);
            } else {
                self.flush(at, emit);
            }
            at += 1;
        }
        self.flush(at, emit);
        at - base
    }

    fn begin(&mut self, at: usize) {
        if self.start.is_none() {
            self.start = Some(at);
            self.folded.clear();
            self.cased.clear();
            self.marked.clear();
            self.marked_cased.clear();
            self.upper = false;
            self.marks = false;
        }
    }

    fn push_folded(&mut self, c: char) {
        let (folded, cased, upper) = (&mut self.folded, &mut self.cased, &mut self.upper);
        let (marked, marked_cased, marks) =
            (&mut self.marked, &mut self.marked_cased, &mut self.marks);
        decompose_compatible(c, |d| {
            marked_cased.push(d);
            if is_combining_mark(d) {
                marked.push(d);
                *marks = true;
                return;
            }
            cased.push(d);
            for l in d.to_lowercase() {
                *upper |= l != d;
                folded.push(l);
                marked.push(l);
            }
        });
    }

    fn flush(&mut self, end: usize, emit: &mut dyn FnMut(&Token)) {
        let Some(start) = self.start.take() else { return };
        if self.folded.is_empty() {
            return;
        }
        let cased = self.upper.then_some(self.cased.as_str());
        let marked = self.marks.then_some(self.marked.as_str());
        let marked_cased = (self.marks && self.upper).then_some(self.marked_cased.as_str());
        let len = end - start;
        emit(&Token { folded: &self.folded, cased, marked, marked_cased, start, len, cjk: false });
    }
}

/// Tokens of `text` as owned values, for short strings (queries, titles).
pub fn tokens(text: &str) -> Vec<OwnedToken> {
    let mut out = Vec::new();
    Tokenizer::default().run(text, 0, &mut |t| out.push(OwnedToken::of(t)));
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedToken {
    pub folded: String,
    pub cased: Option<String>,
    pub marked: Option<String>,
    pub marked_cased: Option<String>,
    pub start: usize,
    pub len: usize,
    pub cjk: bool,
}

impl OwnedToken {
    fn of(t: &Token) -> OwnedToken {
        OwnedToken {
            folded: t.folded.to_string(),
            cased: t.cased.map(str::to_string),
            marked: t.marked.map(str::to_string),
            marked_cased: t.marked_cased.map(str::to_string),
            start: t.start,
            len: t.len,
            cjk: t.cjk,
        }
    }

    pub fn as_token(&self) -> Token<'_> {
        Token {
            folded: &self.folded,
            cased: self.cased.as_deref(),
            marked: self.marked.as_deref(),
            marked_cased: self.marked_cased.as_deref(),
            start: self.start,
            len: self.len,
            cjk: self.cjk,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn words_fold_case_and_diacritics() {
        assert_eq!(folded("Résumé, naïve CAFÉ-x2"), ["resume", "naive", "cafe", "x2"]);
        let t = tokens("Résumé ok");
        assert_eq!(t[0].cased.as_deref(), Some("Resume"));
        assert_eq!(t[1].cased, None);
        assert_eq!(t[0].marked.as_deref(), Some("re\u{301}sume\u{301}"));
        assert_eq!(t[0].marked_cased.as_deref(), Some("Re\u{301}sume\u{301}"));
        assert_eq!((t[1].marked.as_deref(), t[1].marked_cased.as_deref()), (None, None));
        assert_eq!((t[1].start, t[1].len), (7, 2));
    }

    #[test]
    fn compatibility_forms_and_decomposed_input_fold_too() {
        assert_eq!(folded("ﬁne Ｒust"), ["fine", "rust"]);
        assert_eq!(folded("cafe\u{301} x"), ["cafe", "x"]);
        assert_eq!(tokens("cafe\u{301} x")[0].len, 5);
    }

    #[test]
    fn cjk_characters_are_tokens_of_their_own() {
        let t = tokens("Rust日本語で");
        let keys: Vec<&str> = t.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(keys, ["rust", "日", "本", "語", "で"]);
        assert!(t[1].cjk && !t[0].cjk);
        assert_eq!((t[2].start, t[2].len), (5, 1));
    }

    #[test]
    fn offsets_are_chars_from_the_base() {
        let mut starts = Vec::new();
        let n = Tokenizer::default().run("é a", 10, &mut |t| starts.push(t.start));
        assert_eq!((starts, n), (vec![10, 12], 3));
        assert!(tokens("  ,;\u{301} ").is_empty());
    }
}
