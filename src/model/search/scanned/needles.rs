//! What a query looks for in an all-ASCII article, and what it finds.
//!
//! In ASCII text a token is a whole run of letters and digits, so a word
//! occurs where a case-insensitive match of its key has no letter or digit
//! on either side (and, for a cased word, the same case). That makes a
//! one-word clause exact without tokenizing; a phrase is only checked for
//! its words, the index built for the query deciding the rest.

use aho_corasick::AhoCorasick;

use super::record::texts;
use crate::model::document::Article;
use crate::model::search::postings::Position;
use crate::model::search::query::{Clause, Marks, Query, Term};
use crate::model::text::BLOCK_SEP;

/// The query's clauses, positive ones first in query order.
pub(super) struct Needles {
    clauses: Vec<Needle>,
    positive: usize,
}

/// One clause: a case-insensitive finder for each of its words, `None`
/// for a word no ASCII text holds (its key is not ASCII, or it asks for
/// diacritics).
struct Needle {
    finders: Vec<Option<AhoCorasick>>,
    /// A one-word clause's key, whether its case must match, and the key
    /// the index files it under.
    word: Option<Word>,
}

struct Word {
    key: String,
    cased: bool,
    filed: String,
}

/// What a scan makes of one article for a query.
pub(super) enum Verdict {
    /// It may match: indexed for the query and ranked.
    Index,
    /// It matches, and these are its occurrences of the query's words,
    /// found without tokenizing it.
    Found(Vec<Occurrences>),
    /// It cannot match, but these positive clauses occur in it: their
    /// counts of articles (BM25's document frequency) include it.
    Count(Vec<usize>),
}

/// One word's occurrences in an article, as the index files them. Each
/// `pos` is the occurrence's ordinal, not its token number: one-word
/// clauses read only offsets, and a query with a phrase is never found
/// this way.
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

    /// Judges an all-ASCII article. A query of single words is answered
    /// from the occurrences; one with a phrase by whether each clause's
    /// words occur.
    pub(super) fn judge(&self, article: &Article) -> Verdict {
        if self.clauses.iter().all(|c| c.word.is_some()) {
            return self.find_words(article);
        }
        let mut held = Vec::new();
        let mut phrase = false;
        for (i, needle) in self.clauses[..self.positive].iter().enumerate() {
            let may = match (&needle.word, needle.finders.as_slice()) {
                (Some(w), [Some(finder)]) => in_article(article, |t| holds(finder, t, w).is_some()),
                (Some(_), _) => false,
                (None, finders) => finders
                    .iter()
                    .all(|f| f.as_ref().is_some_and(|f| in_article(article, |t| f.is_match(t)))),
            };
            phrase |= may && needle.word.is_none();
            if may {
                held.push(i);
            }
        }
        if phrase || held.len() == self.positive { Verdict::Index } else { Verdict::Count(held) }
    }

    fn find_words(&self, article: &Article) -> Verdict {
        let mut found: Vec<Occurrences> = Vec::new();
        let mut held = Vec::new();
        for (i, needle) in self.clauses.iter().enumerate() {
            let (Some(word), [Some(finder)]) = (&needle.word, needle.finders.as_slice()) else {
                continue;
            };
            if found.iter().any(|o| o.filed == word.filed) {
                held.extend((i < self.positive).then_some(i));
                continue;
            }
            let occurrences = occurrences(finder, word, article);
            if occurrences.title + occurrences.text.len() as u32 > 0 {
                held.extend((i < self.positive).then_some(i));
                found.push(occurrences);
            }
        }
        if held.len() == self.positive { Verdict::Found(found) } else { Verdict::Count(held) }
    }
}

fn needle(clause: &Clause) -> Needle {
    let finder = |t: &Term| {
        let ascii = t.key.is_ascii() && !matches!(t.marks, Marks::Exact(_));
        let built = AhoCorasick::builder().ascii_case_insensitive(true).build([&t.key]);
        ascii.then_some(built.ok()).flatten()
    };
    let word = match clause.terms.as_slice() {
        [t] => Some(Word { key: t.key.clone(), cased: t.cased, filed: t.index_key() }),
        _ => None,
    };
    Needle { finders: clause.terms.iter().map(finder).collect(), word }
}

/// Whether `test` holds for the article's title or any heading or block.
fn in_article(article: &Article, test: impl Fn(&str) -> bool) -> bool {
    test(&article.title) || texts(article).any(|t| test(&t))
}

/// Where `word` occurs in the article: a count in the title, and offsets
/// in its canonical text as indexing numbers them (texts joined by
/// [`BLOCK_SEP`]; in ASCII a char is a byte).
fn occurrences(finder: &AhoCorasick, word: &Word, article: &Article) -> Occurrences {
    let title = u32::try_from(all(finder, &article.title, word).count()).unwrap_or(u32::MAX);
    let mut text = Vec::new();
    let mut offset = 0usize;
    let headings = article
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().map(|_| true).chain(s.blocks.iter().map(|_| false)));
    for (part, heading) in texts(article).zip(headings) {
        if part.is_empty() {
            continue;
        }
        if offset > 0 {
            offset += BLOCK_SEP.len();
        }
        for start in all(finder, &part, word) {
            let pos = u32::try_from(text.len()).unwrap_or(u32::MAX);
            let offset = u32::try_from(offset + start).unwrap_or(u32::MAX);
            text.push(Position { pos, offset, heading });
        }
        offset += part.len();
    }
    Occurrences { filed: word.filed.clone(), title, text }
}

/// Byte offsets of every occurrence of `word` as a token in ASCII `text`.
fn all<'a>(finder: &'a AhoCorasick, text: &'a str, word: &'a Word) -> impl Iterator<Item = usize> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = holds(finder, &text[at..], word)? + at;
        at = start + word.key.len();
        Some(start)
    })
}

/// The first occurrence of `word` as a token in ASCII `text`: a match of
/// the finder with no letter or digit on either side, in the same case
/// when the word is cased.
fn holds(finder: &AhoCorasick, text: &str, word: &Word) -> Option<usize> {
    let bytes = text.as_bytes();
    let alnum =
        |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_alphanumeric);
    finder
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .find(|&(start, end)| {
            !alnum(start.checked_sub(1))
                && !alnum(Some(end))
                && (!word.cased || text.get(start..end) == Some(word.key.as_str()))
        })
        .map(|(start, _)| start)
}
