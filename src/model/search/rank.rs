//! Query evaluation: which articles match, and BM25 scores.
//!
//! Each positive clause yields its matching articles (sorted) with their
//! occurrences per field; clauses are intersected (AND), excluded clauses
//! subtracted, and the rest scored with BM25F: an occurrence in a section
//! heading counts `HEADING_WEIGHT` times, one in the article title
//! `TITLE_WEIGHT` times, and only the text is normalised by its length (a
//! title is short whatever the article's length, so a title match in a
//! long article still counts in full).

use super::marks::lookup;
use super::postings::{Entry, Position, Postings};
use super::query::{Clause, Query, Term};
use super::source::Source;
use super::tokenize::tokens;

const K1: f32 = 1.2;
const B: f32 = 0.75;
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
    /// Char offset of the first occurrence in the text, if any.
    pub first: Option<u32>,
    /// For a single word, its term id and the entry whose positions give
    /// every occurrence.
    pub entry: Option<(u32, Entry)>,
}

/// A matching article with its score and, per positive clause (in query
/// order), its match.
#[derive(Debug, Clone)]
pub struct Scored {
    pub article: u32,
    pub score: f32,
    pub matches: Vec<ClauseMatch>,
}

/// The matching articles, best first, at most `limit`.
pub fn rank(index: &dyn Source, query: &Query, limit: usize) -> Vec<Scored> {
    let lists = Lists::of(index, query);
    let collection = Collection::of(index, &lists);
    score(index, lists, &collection, limit)
}

/// Each clause's matches in one source: positive clauses in query order,
/// then the excluded ones.
#[derive(Debug, Default)]
pub struct Lists {
    positive: Vec<Vec<ClauseMatch>>,
    negative: Vec<Vec<ClauseMatch>>,
}

impl Lists {
    pub fn of(index: &dyn Source, query: &Query) -> Lists {
        if query.is_empty() {
            return Lists::default();
        }
        let positive: Vec<Vec<ClauseMatch>> =
            query.positive().map(|c| clause_matches(index, c)).collect();
        if positive.iter().any(Vec::is_empty) {
            // Nothing here can match; the counts still tell other sources'
            // scores how rare each clause is.
            return Lists { positive, negative: Vec::new() };
        }
        let negative = query.negative().map(|c| clause_matches(index, c)).collect();
        Lists { positive, negative }
    }

    /// Articles each positive clause matches: BM25's document frequency.
    pub fn counts(&self) -> Vec<u32> {
        self.positive.iter().map(|l| u32::try_from(l.len()).unwrap_or(u32::MAX)).collect()
    }
}

/// The collection a score is relative to: its size, mean length and each
/// clause's document frequency. One source's own by default; the sum of
/// several when one ranking spans them (an index and the documents
/// searched by scanning), so their scores are those one index of
/// everything would give.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    pub articles: usize,
    pub average_len: f32,
    pub counts: Vec<u32>,
}

impl Collection {
    pub fn of(index: &dyn Source, lists: &Lists) -> Collection {
        Collection {
            articles: index.article_count(),
            average_len: index.average_len(),
            counts: lists.counts(),
        }
    }
}

/// Scores `lists`' articles against `collection`, best first, at most
/// `limit`.
pub fn score(
    index: &dyn Source,
    lists: Lists,
    collection: &Collection,
    limit: usize,
) -> Vec<Scored> {
    let Lists { positive: lists, negative: excluded } = lists;
    if limit == 0 || lists.is_empty() || lists.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let n = collection.articles as f32;
    let idf: Vec<f32> = collection.counts.iter().map(|&df| idf(n, df as f32)).collect();
    let avg = collection.average_len;
    let Some(driver) = (0..lists.len()).min_by_key(|&i| lists[i].len()) else {
        return Vec::new();
    };
    // Scores first, without the per-clause matches: a common word matches
    // most articles, and only the best `limit` need their matches kept.
    let mut ranked: Vec<(f32, u32)> = Vec::with_capacity(lists[driver].len());
    'articles: for m in &lists[driver] {
        if excluded.iter().any(|l| find(l, m.article).is_some()) {
            continue;
        }
        let len = index.article(m.article).map_or(1, |a| a.len) as f32;
        let norm = 1.0 - B + B * len / avg;
        let mut score = 0.0;
        for (i, (list, idf)) in lists.iter().zip(&idf).enumerate() {
            let c = if i == driver { Some(*m) } else { find(list, m.article) };
            let Some(c) = c else { continue 'articles };
            let tf = c.text / norm + c.title;
            score += idf * tf * (K1 + 1.0) / (tf + K1);
        }
        ranked.push((score, m.article));
    }
    let by_score = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1));
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, by_score);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(by_score);
    ranked
        .into_iter()
        .filter_map(|(score, article)| {
            let matches = lists.iter().map(|l| find(l, article)).collect::<Option<Vec<_>>>()?;
            Some(Scored { article, score, matches })
        })
        .collect()
}

/// Robertson–Spärck Jones idf, floored so it never goes negative.
fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn find(list: &[ClauseMatch], article: u32) -> Option<ClauseMatch> {
    let i = list.partition_point(|m| m.article < article);
    list.get(i).filter(|m| m.article == article).copied()
}

/// Every article a clause matches, in article order.
pub fn clause_matches(index: &dyn Source, clause: &Clause) -> Vec<ClauseMatch> {
    let found: Option<Vec<_>> = clause.terms.iter().map(|t| lookup(index, t)).collect();
    let Some(found) = found else { return Vec::new() };
    match found.as_slice() {
        [(id, one)] => {
            let mut out = Vec::with_capacity(one.df as usize);
            out.extend(one.entries().map(|e| word_match(*id, one, e)));
            out
        }
        _ => {
            let postings: Vec<&Postings> = found.iter().map(|f| &*f.1).collect();
            phrase_matches(index, &clause.terms, &postings)
        }
    }
}

/// `id` is `None` for a filtered list: landing then uses `first`.
fn word_match(id: Option<u32>, p: &Postings, e: Entry) -> ClauseMatch {
    let body = (e.npos - e.head.min(e.npos)) as f32;
    let text = body + HEADING_WEIGHT * e.head as f32;
    let title = TITLE_WEIGHT * e.title as f32;
    let first = if e.npos > 0 { p.positions(&e).next().map(|p| p.offset) } else { None };
    ClauseMatch { article: e.article, text, title, first, entry: id.map(|id| (id, e)) }
}

/// Articles where the terms occur next to each other, in order.
fn phrase_matches(index: &dyn Source, terms: &[Term], postings: &[&Postings]) -> Vec<ClauseMatch> {
    let entries: Vec<Vec<Entry>> = postings
        .iter()
        .map(|p| {
            let mut list = Vec::with_capacity(p.df as usize);
            list.extend(p.entries());
            list
        })
        .collect();
    let Some(driver) = (0..entries.len()).min_by_key(|&i| entries[i].len()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut decoded: Vec<Vec<Position>> = vec![Vec::new(); terms.len()];
    for e in &entries[driver] {
        let Some(row) =
            entries.iter().map(|l| find_entry(l, e.article)).collect::<Option<Vec<_>>>()
        else {
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
            out.push(ClauseMatch { article: e.article, text, title, first, entry: None });
        }
    }
    out
}

fn find_entry(list: &[Entry], article: u32) -> Option<Entry> {
    let i = list.partition_point(|e| e.article < article);
    list.get(i).filter(|e| e.article == article).copied()
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
