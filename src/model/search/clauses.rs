//! One clause's matches in one source, read as ranking needs them.
//!
//! A word whose stored list is its answer is read in place, an entry
//! header at a time, through a forward-only [`Cursor`]: ranking walks the
//! rarest clause and only seeks in the others, so a common word in a
//! two-word query is never turned into a list of its own (thousands of
//! matches, most of which the rarer word rules out) and its positions are
//! never decoded. Phrases, and words whose marked forms must be taken
//! out, are worked out whole: they are rare, and their positions must be
//! read anyway.

use super::marks::lookup;
use super::postings::{Entries, Entry, Position, Postings};
use super::query::{Clause, Term};
use super::source::Source;
use super::tokenize::tokens;

pub const HEADING_WEIGHT: f32 = 3.0;
pub const TITLE_WEIGHT: f32 = 6.0;

/// A clause's match in one article.
#[derive(Debug, Clone, Copy)]
pub struct ClauseMatch {
    pub article: u32,
    /// Occurrences in the text, headings weighted.
    pub text: f32,
    /// Occurrences in the title, weighted.
    pub title: f32,
    pub at: Occurrences,
}

/// Where a clause occurs in an article's text.
#[derive(Debug, Clone, Copy)]
pub enum Occurrences {
    /// Every occurrence: the positions of `entry` in term `term`'s list.
    Every { term: u32, entry: Entry },
    /// The char offset of the first occurrence, if any (a phrase, or a
    /// filtered list that is not kept).
    First(Option<u32>),
}

/// A clause's matches, in article order.
#[derive(Debug)]
pub enum Matches<'a> {
    /// A word's stored list, read in place.
    Word { term: u32, postings: &'a Postings },
    /// Matches worked out whole.
    Listed(Vec<ClauseMatch>),
}

impl Matches<'_> {
    /// Articles matched: BM25's document frequency.
    pub fn len(&self) -> usize {
        match self {
            Matches::Word { postings, .. } => postings.df as usize,
            Matches::Listed(list) => list.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn cursor(&self) -> Cursor<'_> {
        let inner = match self {
            Matches::Word { term, postings } => {
                Walk::Word { term: *term, entries: Seek::new(postings) }
            }
            Matches::Listed(list) => Walk::Listed(list),
        };
        Cursor { inner }
    }
}

/// Reads a clause's matches forward: every one in turn, or the one for an
/// article (articles asked for must not go down).
pub struct Cursor<'a> {
    inner: Walk<'a>,
}

enum Walk<'a> {
    Word { term: u32, entries: Seek<'a> },
    Listed(&'a [ClauseMatch]),
}

/// A list's entry headers read forward, the one read past kept for the
/// next seek.
struct Seek<'a> {
    entries: Entries<'a>,
    held: Option<Entry>,
}

impl<'a> Seek<'a> {
    fn new(postings: &'a Postings) -> Seek<'a> {
        Seek { entries: postings.entries(), held: None }
    }

    fn next(&mut self) -> Option<Entry> {
        self.held.take().or_else(|| self.entries.next())
    }

    /// The entry for `article`, if any (articles asked for must not go
    /// down).
    fn seek(&mut self, article: u32) -> Option<Entry> {
        let mut e = self.next()?;
        while e.article < article {
            e = self.entries.next()?;
        }
        if e.article == article {
            return Some(e);
        }
        self.held = Some(e);
        None
    }
}

impl Cursor<'_> {
    /// The match for `article`, if the clause has one; passes over every
    /// match before it.
    pub fn seek(&mut self, article: u32) -> Option<ClauseMatch> {
        match &mut self.inner {
            Walk::Word { term, entries } => entries.seek(article).map(|e| word_match(*term, e)),
            Walk::Listed(list) => {
                let i = list.partition_point(|m| m.article < article);
                *list = list.get(i..).unwrap_or_default();
                let (found, rest) = list.split_first().filter(|(m, _)| m.article == article)?;
                *list = rest;
                Some(*found)
            }
        }
    }
}

impl Iterator for Cursor<'_> {
    type Item = ClauseMatch;

    fn next(&mut self) -> Option<ClauseMatch> {
        match &mut self.inner {
            Walk::Word { term, entries } => entries.next().map(|e| word_match(*term, e)),
            Walk::Listed(list) => {
                let (first, rest) = list.split_first()?;
                *list = rest;
                Some(*first)
            }
        }
    }
}

/// Every article a clause matches.
pub fn clause_matches<'a>(index: &'a dyn Source, clause: &Clause) -> Matches<'a> {
    let found: Option<Vec<_>> = clause.terms.iter().map(|t| lookup(index, t)).collect();
    let Some(found) = found else { return Matches::Listed(Vec::new()) };
    match found.as_slice() {
        [(Some(term), std::borrow::Cow::Borrowed(postings))] => {
            Matches::Word { term: *term, postings }
        }
        [(_, one)] => Matches::Listed(one.entries().map(|e| filtered_match(one, e)).collect()),
        _ => {
            let postings: Vec<&Postings> = found.iter().map(|f| &*f.1).collect();
            Matches::Listed(phrase_matches(index, &clause.terms, &postings))
        }
    }
}

fn weights(e: &Entry) -> (f32, f32) {
    let body = (e.npos - e.head.min(e.npos)) as f32;
    (body + HEADING_WEIGHT * e.head as f32, TITLE_WEIGHT * e.title as f32)
}

fn word_match(term: u32, entry: Entry) -> ClauseMatch {
    let (text, title) = weights(&entry);
    ClauseMatch { article: entry.article, text, title, at: Occurrences::Every { term, entry } }
}

/// A match in a list that is dropped once matched: landing then uses the
/// first occurrence, read now.
fn filtered_match(p: &Postings, e: Entry) -> ClauseMatch {
    let (text, title) = weights(&e);
    let first = if e.npos > 0 { p.positions(&e).next().map(|p| p.offset) } else { None };
    ClauseMatch { article: e.article, text, title, at: Occurrences::First(first) }
}

/// Articles where the terms occur next to each other, in order: the
/// rarest term's articles are walked and sought in the others' lists.
fn phrase_matches(index: &dyn Source, terms: &[Term], postings: &[&Postings]) -> Vec<ClauseMatch> {
    let Some(driver) = (0..postings.len()).min_by_key(|&i| postings[i].df) else {
        return Vec::new();
    };
    let mut seeks: Vec<Seek> = postings.iter().map(|p| Seek::new(p)).collect();
    let mut out = Vec::new();
    let mut decoded: Vec<Vec<Position>> = vec![Vec::new(); terms.len()];
    for e in postings[driver].entries() {
        let row = seeks
            .iter_mut()
            .enumerate()
            .map(|(i, s)| if i == driver { Some(e) } else { s.seek(e.article) });
        let Some(row) = row.collect::<Option<Vec<_>>>() else {
            continue;
        };
        let in_title = row.iter().all(|e| e.title > 0) && title_has(index, e.article, terms);
        for ((d, p), e) in decoded.iter_mut().zip(postings).zip(&row) {
            d.clear();
            d.extend(p.positions(e));
        }
        let title = if in_title { TITLE_WEIGHT } else { 0.0 };
        let (mut text, mut first) = (0.0, None);
        for start in &decoded[0] {
            if phrase_at(&decoded, terms, *start) {
                text += if start.heading { HEADING_WEIGHT } else { 1.0 };
                first.get_or_insert(start.offset);
            }
        }
        if text + title > 0.0 {
            let at = Occurrences::First(first);
            out.push(ClauseMatch { article: e.article, text, title, at });
        }
    }
    out
}

/// Whether term `i` of the phrase sits at `start.pos + i` for every `i`;
/// adjacent CJK characters must also be adjacent in the text, so that
/// punctuation between them breaks a substring match.
fn phrase_at(decoded: &[Vec<Position>], terms: &[Term], start: Position) -> bool {
    let mut prev = start;
    for (i, positions) in decoded.iter().enumerate().skip(1) {
        let want = start.pos + i as u32;
        let j = positions.partition_point(|p| p.pos < want);
        let Some(&here) = positions.get(j).filter(|p| p.pos == want) else { return false };
        if terms[i - 1].cjk && terms[i].cjk && here.offset != prev.offset + 1 {
            return false;
        }
        prev = here;
    }
    true
}

/// The title holds the phrase (titles are short: tokenized on demand).
fn title_has(index: &dyn Source, article: u32, terms: &[Term]) -> bool {
    let Some(title) = index.article_title(article) else { return false };
    let toks = tokens(title);
    toks.windows(terms.len()).any(|w| {
        w.iter().zip(terms).all(|(t, term)| term.matches(&t.as_token()))
            && w.windows(2).all(|p| !(p[0].cjk && p[1].cjk) || p[1].start == p[0].start + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(articles: &[u32]) -> Postings {
        let mut p = Postings::default();
        articles.iter().for_each(|&a| p.push(a, (1, 0, 0), &[0, 0]));
        p
    }

    fn articles(m: impl Iterator<Item = ClauseMatch>) -> Vec<u32> {
        m.map(|m| m.article).collect()
    }

    #[test]
    fn a_word_cursor_seeks_forward_and_keeps_what_it_passed_to() {
        let p = list(&[2, 5, 9, 14]);
        let word = Matches::Word { term: 7, postings: &p };
        let mut c = word.cursor();
        assert_eq!(c.seek(5).map(|m| m.article), Some(5));
        // 6 is not there; 9, read while looking, is kept for the next seek.
        assert!(c.seek(6).is_none());
        assert_eq!(c.seek(9).map(|m| m.article), Some(9));
        assert_eq!(articles(c), [14]);
        assert_eq!(word.len(), 4);
    }

    #[test]
    fn a_listed_cursor_reads_as_a_word_cursor_does() {
        let p = list(&[1, 3, 4, 8, 20]);
        let word = Matches::Word { term: 0, postings: &p };
        let listed = Matches::Listed(word.cursor().collect());
        for wanted in [[0, 3, 8, 21], [1, 4, 5, 20], [3, 3, 9, 9]] {
            let (mut a, mut b) = (word.cursor(), listed.cursor());
            for w in wanted {
                assert_eq!(a.seek(w).map(|m| m.article), b.seek(w).map(|m| m.article), "{w}");
            }
            assert_eq!(articles(a), articles(b));
        }
    }

    proptest::proptest! {
        /// Walking one list and seeking in another finds exactly the
        /// articles both hold, however the two are spread.
        #[test]
        fn seeking_finds_exactly_the_shared_articles(
            a in proptest::collection::btree_set(0u32..300, 0..80),
            b in proptest::collection::btree_set(0u32..300, 0..80),
        ) {
            let (pa, pb) = (list(&a.iter().copied().collect::<Vec<_>>()), list(&b.iter().copied().collect::<Vec<_>>()));
            let (wa, wb) = (Matches::Word { term: 0, postings: &pa }, Matches::Word { term: 1, postings: &pb });
            let mut other = wb.cursor();
            let found: Vec<u32> = wa.cursor().filter_map(|m| other.seek(m.article)).map(|m| m.article).collect();
            let shared: Vec<u32> = a.intersection(&b).copied().collect();
            proptest::prop_assert_eq!(found, shared);
        }
    }

    #[test]
    fn a_word_match_keeps_its_entry_and_decodes_no_position() {
        let mut p = Postings::default();
        // Positions that would not decode: a word match must not read them.
        p.push(4, (2, 1, 1), &[0xff]);
        let m = Matches::Word { term: 3, postings: &p }.cursor().next();
        let m = m.expect("one match");
        assert_eq!((m.text, m.title), (1.0 + HEADING_WEIGHT, TITLE_WEIGHT));
        assert!(matches!(m.at, Occurrences::Every { term: 3, entry } if entry.article == 4));
    }
}
