//! Runs of text inside a block, and a paragraph's runs ([`Inlines`]),
//! which keep the one run most paragraphs have without a vector.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

use super::shared::SharedStr;

/// A run of text with its markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    /// Shares the file's bytes where the text is the file's own (see
    /// [`super::shared`]).
    Text(SharedStr),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    Link {
        text: Vec<Inline>,
        url: String,
    },
    FootnoteRef(String),
    /// A hard line break inside a paragraph.
    Break,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text(SharedStr::from(s.into()))
    }
}

/// A paragraph's runs: a slice of [`Inline`] to every reader of the model.
///
/// Nearly every paragraph of a plain-text file is one run of text. Kept in
/// a vector, that run was an allocation of its own per paragraph: 13 MB of
/// a 100 MB file's model and one allocation in three of its load. One run
/// is kept in place instead, in the room the vector took (the type is as
/// large as an [`Inline`]). Serialized as a sequence, like the vector was.
#[derive(Clone, PartialEq)]
pub struct Inlines(Runs);

#[derive(Clone, PartialEq)]
enum Runs {
    One(Inline),
    /// None, or more than one.
    Many(Vec<Inline>),
}

impl Inlines {
    pub const fn new() -> Self {
        Inlines(Runs::Many(Vec::new()))
    }

    pub fn push(&mut self, inline: Inline) {
        match &mut self.0 {
            Runs::Many(runs) if runs.is_empty() => self.0 = Runs::One(inline),
            Runs::Many(runs) => runs.push(inline),
            Runs::One(_) => {
                let mut runs = std::mem::take(self).into_vec();
                runs.push(inline);
                self.0 = Runs::Many(runs);
            }
        }
    }

    pub fn into_vec(self) -> Vec<Inline> {
        match self.0 {
            Runs::One(run) => vec![run],
            Runs::Many(runs) => runs,
        }
    }

    pub fn as_slice(&self) -> &[Inline] {
        self
    }
}

impl Default for Inlines {
    fn default() -> Self {
        Inlines::new()
    }
}

impl Deref for Inlines {
    type Target = [Inline];

    fn deref(&self) -> &[Inline] {
        match &self.0 {
            Runs::One(run) => std::slice::from_ref(run),
            Runs::Many(runs) => runs,
        }
    }
}

impl DerefMut for Inlines {
    fn deref_mut(&mut self) -> &mut [Inline] {
        match &mut self.0 {
            Runs::One(run) => std::slice::from_mut(run),
            Runs::Many(runs) => runs,
        }
    }
}

impl From<Vec<Inline>> for Inlines {
    fn from(mut runs: Vec<Inline>) -> Self {
        match runs.pop() {
            Some(only) if runs.is_empty() => Inlines(Runs::One(only)),
            Some(last) => {
                runs.push(last);
                Inlines(Runs::Many(runs))
            }
            None => Inlines(Runs::Many(runs)),
        }
    }
}

impl From<Inline> for Inlines {
    fn from(run: Inline) -> Self {
        Inlines(Runs::One(run))
    }
}

impl FromIterator<Inline> for Inlines {
    fn from_iter<I: IntoIterator<Item = Inline>>(iter: I) -> Self {
        let mut out = Inlines::new();
        out.extend(iter);
        out
    }
}

impl Extend<Inline> for Inlines {
    fn extend<I: IntoIterator<Item = Inline>>(&mut self, iter: I) {
        iter.into_iter().for_each(|run| self.push(run));
    }
}

impl IntoIterator for Inlines {
    type Item = Inline;
    type IntoIter = std::vec::IntoIter<Inline>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Inlines {
    type Item = &'a Inline;
    type IntoIter = std::slice::Iter<'a, Inline>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Inlines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Inlines {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Inlines {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Inline>::deserialize(deserializer).map(Inlines::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_run_is_held_in_place_and_reads_as_a_slice_of_one() {
        assert_eq!(std::mem::size_of::<Inlines>(), std::mem::size_of::<Inline>());
        let one = Inlines::from(vec![Inline::text("alpha")]);
        assert!(matches!(one.0, Runs::One(_)));
        assert_eq!(one.len(), 1);
        assert_eq!(one.as_slice(), [Inline::text("alpha")]);
    }

    #[test]
    fn pushing_keeps_the_order_through_one_to_many() {
        let mut runs = Inlines::new();
        assert!(runs.is_empty());
        for word in ["a", "b", "c"] {
            runs.push(Inline::text(word));
        }
        assert!(matches!(runs.0, Runs::Many(_)));
        assert_eq!(
            runs.clone().into_vec(),
            [Inline::text("a"), Inline::text("b"), Inline::text("c")]
        );
        let collected: Inlines = runs.clone().into_iter().collect();
        assert_eq!(collected, runs);
    }

    #[test]
    fn one_run_and_a_vector_of_one_encode_alike() {
        let one = Inlines::from(Inline::text("x"));
        let many = Inlines(Runs::Many(vec![Inline::text("x"), Inline::Break]));
        for runs in [one, many, Inlines::new()] {
            let vec = runs.clone().into_vec();
            assert_eq!(serde_json::to_string(&runs).unwrap(), serde_json::to_string(&vec).unwrap());
            let bytes = postcard::to_allocvec(&runs).unwrap();
            assert_eq!(bytes, postcard::to_allocvec(&vec).unwrap());
            assert_eq!(postcard::from_bytes::<Inlines>(&bytes).unwrap(), runs);
            assert_eq!(format!("{runs:?}"), format!("{vec:?}"));
        }
    }
}
