//! Text that shares the bytes of the file it was cut from.
//!
//! A plain-text file's paragraphs are mostly its own lines, unchanged. Each
//! copied into a string of its own, a 100 MB file was held twice at the
//! end of its load (the decoded text beside the model built from it), and
//! the model's share of a huge document's memory was its text again plus
//! an allocation per paragraph. A [`Source`] keeps the decoded text once;
//! a [`SharedStr`] is either a span of it or, for text a loader had to
//! change (joined lines, mended hyphens, markup stripped), a string of its
//! own. Readers see a `&str` either way.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A file's decoded text, kept alive by the spans cut from it.
#[derive(Clone, Default)]
pub struct Source(Option<Arc<String>>);

impl Source {
    pub fn new(text: String) -> Source {
        Source(Some(Arc::new(text)))
    }

    /// A source nothing is shared from: every [`Source::share`] copies.
    /// For text that is not the file's (a rebuilt page body, a test).
    pub fn none() -> Source {
        Source(None)
    }

    pub fn text(&self) -> &str {
        self.0.as_deref().map_or("", String::as_str)
    }

    /// `part` as a span of this source when it lies inside it (a slice
    /// borrowed from [`Source::text`]), else as a copy.
    pub fn share(&self, part: &str) -> SharedStr {
        self.span_of(part).unwrap_or_else(|| SharedStr::from(part))
    }

    fn span_of(&self, part: &str) -> Option<SharedStr> {
        let source = self.0.as_ref()?;
        let base = source.as_ptr() as usize;
        let start = (part.as_ptr() as usize).checked_sub(base)?;
        let end = start + part.len();
        // Checks the bounds and that both ends are character boundaries.
        source.get(start..end)?;
        let (start, end) = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
        Some(SharedStr(Repr::Span { source: Arc::clone(source), start, end }))
    }
}

/// A run of text in the model: a span of a [`Source`] or a string of its own.
#[derive(Clone)]
pub struct SharedStr(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// Byte offsets: 32 bits keep the span as small as a string's
    /// pointer, and a text over 4 GB is past the reader's file cap.
    Span {
        source: Arc<String>,
        start: u32,
        end: u32,
    },
}

impl SharedStr {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Span { source, start, end } => &source[*start as usize..*end as usize],
        }
    }

    /// The text as a string of its own, to change it: a span is copied
    /// first, so the source is never changed under other spans.
    pub fn to_mut(&mut self) -> &mut String {
        if let Repr::Span { .. } = self.0 {
            self.0 = Repr::Owned(self.as_str().to_string());
        }
        match &mut self.0 {
            Repr::Owned(s) => s,
            Repr::Span { .. } => unreachable!("made owned above"),
        }
    }

    /// Keeps the first `len` bytes; a span stays a span.
    ///
    /// # Panics
    /// Like [`String::truncate`], when `len` is not a character boundary.
    pub fn truncate(&mut self, len: usize) {
        match &mut self.0 {
            Repr::Owned(s) => s.truncate(len),
            Repr::Span { source, start, end } => {
                let new_end = *start as usize + len.min((*end - *start) as usize);
                assert!(source.is_char_boundary(new_end), "truncate inside a character");
                *end = new_end as u32;
            }
        }
    }

    /// Drops leading whitespace; a span stays a span.
    pub fn trim_start(&mut self) {
        let cut = self.len() - self.as_str().trim_start().len();
        match &mut self.0 {
            Repr::Owned(s) => {
                s.drain(..cut);
            }
            Repr::Span { start, .. } => *start += cut as u32,
        }
    }

    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Owned(s) => s,
            Repr::Span { .. } => self.as_str().to_string(),
        }
    }

    /// Whether this run shares its source's bytes (for tests and benches).
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Span { .. })
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Repr::Owned(s))
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Repr::Owned(s.to_string()))
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Written as the text it reads: the cache and JSON never see spans.
impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SharedStr, D::Error> {
        String::deserialize(deserializer).map(SharedStr::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_of_the_source_is_shared_and_anything_else_copied() {
        let source = Source::new("first line\nsecond line\n".to_string());
        let line = source.text().lines().nth(1).unwrap();
        let shared = source.share(line);
        assert!(shared.is_shared());
        assert_eq!(shared, "second line");
        let elsewhere = String::from("second line");
        let copied = source.share(&elsewhere);
        assert!(!copied.is_shared(), "equal text at another address is not the source's");
        assert_eq!(copied, shared);
        assert!(!Source::none().share(line).is_shared());
    }

    #[test]
    fn changing_a_span_copies_it_and_leaves_the_source_alone() {
        let source = Source::new("one two".to_string());
        let mut run = source.share(&source.text()[4..]);
        run.to_mut().push_str(" three");
        assert_eq!((run.as_str(), run.is_shared()), ("two three", false));
        assert_eq!(source.text(), "one two");
    }

    #[test]
    fn trimming_a_span_keeps_it_shared() {
        let source = Source::new("  padded words  ".to_string());
        let mut run = source.share(source.text());
        run.trim_start();
        let len = run.trim_end().len();
        run.truncate(len);
        assert_eq!((run.as_str(), run.is_shared()), ("padded words", true));
        let mut owned = SharedStr::from("  own  ");
        owned.trim_start();
        owned.truncate(3);
        assert_eq!(owned, "own");
    }

    #[test]
    fn spans_outlive_the_source_handle_and_serialise_as_text() {
        let source = Source::new("héllo wörld".to_string());
        let run = source.share(&source.text()[7..]);
        drop(source);
        assert_eq!(run, "wörld");
        assert_eq!(serde_json::to_string(&run).unwrap(), "\"wörld\"");
        let back: SharedStr = postcard::from_bytes(&postcard::to_allocvec(&run).unwrap()).unwrap();
        assert_eq!((back.as_str(), back.is_shared()), ("wörld", false));
    }

    #[test]
    fn a_run_is_no_bigger_than_a_string() {
        assert_eq!(std::mem::size_of::<SharedStr>(), std::mem::size_of::<String>());
    }
}
