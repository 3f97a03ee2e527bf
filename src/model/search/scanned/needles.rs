//! What a query looks for in an all-ASCII article, and what it finds.
//!
//! In ASCII text a token is a whole run of letters and digits, so a word
//! occurs where a case-insensitive match of its key has no letter or digit
//! on either side (and, for a cased word, the same case), and its token
//! number is the count of runs before it. That gives exactly what
//! indexing the article would file for the query's words, without
//! tokenizing it.

use aho_corasick::AhoCorasick;

use crate::model::document::Article;
use crate::model::scan::ascii::alnum_runs;
use crate::model::scan::runs::run_hash;
use crate::model::search::postings::Position;
use crate::model::search::query::{Clause, Marks, Query, Term};
use crate::model::text::{BLOCK_SEP, article_parts};

use super::filter::WordFilter;

/// The query's clauses, positive ones first in query order.
pub(super) struct Needles {
    clauses: Vec<Needle>,
    positive: usize,
}

/// One clause's words; `None` for a word no ASCII text holds (its key is
/// not ASCII, or it asks for diacritics).
struct Needle(Vec<Option<Word>>);

struct Word {
    /// Finds the key in any case.
    finder: AhoCorasick,
    key: String,
    cased: bool,
    /// The key the index files the word under.
    filed: String,
    /// The key's hash as an article's word filter holds it; `None` for a
    /// key that is not one run of letters and digits, which a filter
    /// cannot answer for.
    hash: Option<u64>,
}

/// What a scan makes of one article for a query.
pub(super) enum Verdict {
    /// It may match: its occurrences of the query's words, to be filed
    /// and ranked (and, for a phrase, checked).
    Found(Vec<Occurrences>),
    /// It cannot match, but these positive clauses occur in it: their
    /// counts of articles (BM25's document frequency) include it.
    Count(Vec<usize>),
}

/// One word's occurrences in an article, as indexing would file them.
pub(in crate::model::search) struct Occurrences {
    pub filed: String,
    pub title: u32,
    pub text: Vec<Position>,
}

impl Needles {
    pub(super) fn of(query: &Query) -> Needles {
        let clauses: Vec<Needle> = query.positive().chain(query.negative()).map(needle).collect();
        Needles { clauses, positive: query.positive().count() }
    }

    pub(super) fn positive(&self) -> usize {
        self.positive
    }

    /// Judges an all-ASCII article, whose text is read only for words its
    /// filter may hold. A one-word clause occurs or not; a phrase whose
    /// words all occur is left to the index made for the query, which
    /// knows their order.
    pub(super) fn judge(&self, article: &Article, words: &WordFilter) -> Verdict {
        let mut held = Vec::new();
        let mut phrase = false;
        let may_be_in = |w: &Word| w.hash.is_none_or(|h| words.may_hold(h));
        for (i, needle) in self.clauses[..self.positive].iter().enumerate() {
            if needle.0.iter().all(|w| w.as_ref().is_some_and(|w| may_be_in(w) && w.is_in(article)))
            {
                held.push(i);
                phrase |= needle.0.len() > 1;
            }
        }
        if !phrase && held.len() < self.positive {
            return Verdict::Count(held);
        }
        let mut found: Vec<Occurrences> = Vec::new();
        for word in self.clauses.iter().flat_map(|c| c.0.iter().flatten()) {
            if may_be_in(word) && found.iter().all(|o| o.filed != word.filed) {
                let occurrences = word.occurrences(article);
                if occurrences.title > 0 || !occurrences.text.is_empty() {
                    found.push(occurrences);
                }
            }
        }
        Verdict::Found(found)
    }
}

fn needle(clause: &Clause) -> Needle {
    let word = |t: &Term| {
        let ascii = t.key.is_ascii() && !matches!(t.marks, Marks::Exact(_));
        let finder = AhoCorasick::builder().ascii_case_insensitive(true).build([&t.key]).ok()?;
        let (key, cased, filed) = (t.key.clone(), t.cased, t.index_key());
        let run = !t.key.is_empty() && t.key.bytes().all(|b| b.is_ascii_alphanumeric());
        let hash = run.then(|| run_hash(t.key.as_bytes()));
        ascii.then_some(Word { finder, key, cased, filed, hash })
    };
    Needle(clause.terms.iter().map(word).collect())
}

impl Word {
    /// Whether the word occurs in the article's title, headings or blocks.
    fn is_in(&self, article: &Article) -> bool {
        self.first(&article.title).is_some()
            || article_parts(article).any(|(t, _)| self.first(&t).is_some())
    }

    /// Where the word occurs in the article: a count in the title, and
    /// token numbers and offsets in its canonical text as indexing numbers
    /// them (texts joined by [`BLOCK_SEP`]; in ASCII a char is a byte).
    fn occurrences(&self, article: &Article) -> Occurrences {
        let title = u32::try_from(self.all(&article.title).count()).unwrap_or(u32::MAX);
        let mut text = Vec::new();
        let (mut offset, mut tokens) = (0usize, 0usize);
        for (part, heading) in article_parts(article) {
            if part.is_empty() {
                continue;
            }
            if offset > 0 {
                offset += BLOCK_SEP.len();
            }
            let mut counted = 0;
            for start in self.all(&part) {
                tokens += alnum_runs(&part.as_bytes()[counted..start]);
                counted = start;
                let (pos, at) = (u32::try_from(tokens), u32::try_from(offset + start));
                let (Ok(pos), Ok(offset)) = (pos, at) else { break };
                text.push(Position { pos, offset, heading });
            }
            tokens += alnum_runs(&part.as_bytes()[counted..]);
            offset += part.len();
        }
        Occurrences { filed: self.filed.clone(), title, text }
    }

    /// Byte offsets of every occurrence of the word in ASCII `text`.
    fn all<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            let start = self.first(text.get(at..)?)? + at;
            at = start + self.key.len();
            Some(start)
        })
    }

    /// The first occurrence of the word in ASCII `text`: a match of the
    /// finder with no letter or digit on either side, in the same case
    /// when the word is cased.
    fn first(&self, text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let alnum =
            |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_alphanumeric);
        let mut matches = self.finder.find_iter(text).map(|m| (m.start(), m.end()));
        let (start, _) = matches.find(|&(start, end)| {
            !alnum(start.checked_sub(1))
                && !alnum(Some(end))
                && (!self.cased || text.get(start..end) == Some(self.key.as_str()))
        })?;
        Some(start)
    }
}
