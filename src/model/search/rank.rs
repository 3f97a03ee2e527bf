//! Query evaluation: which articles match, and BM25 scores.
//!
//! Each positive clause yields its matching articles (in article order)
//! with their occurrences per field (see [`super::clauses`]); the rarest
//! clause is walked and the others sought in (AND), excluded clauses
//! subtracted, and the rest scored with BM25F: an occurrence in a section
//! heading counts `HEADING_WEIGHT` times, one in the article title
//! `TITLE_WEIGHT` times, and only the text is normalised by its length (a
//! title is short whatever the article's length, so a title match in a
//! long article still counts in full).

use super::clauses::{ClauseMatch, Cursor, Matches, clause_matches};
use super::query::Query;
use super::source::Source;

const K1: f32 = 1.2;
const B: f32 = 0.75;

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
pub struct Lists<'a> {
    positive: Vec<Matches<'a>>,
    negative: Vec<Matches<'a>>,
}

impl<'a> Lists<'a> {
    pub fn of(index: &'a dyn Source, query: &Query) -> Lists<'a> {
        if query.is_empty() {
            return Lists::default();
        }
        let positive: Vec<Matches> = query.positive().map(|c| clause_matches(index, c)).collect();
        if positive.iter().any(Matches::is_empty) {
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
    if limit == 0 || lists.is_empty() || lists.iter().any(Matches::is_empty) {
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
    let mut others: Vec<Cursor> = lists.iter().map(Matches::cursor).collect();
    let mut excluded: Vec<Cursor> = excluded.iter().map(Matches::cursor).collect();
    'articles: for m in lists[driver].cursor() {
        if excluded.iter_mut().any(|c| c.seek(m.article).is_some()) {
            continue;
        }
        let len = index.article(m.article).map_or(1, |a| a.len) as f32;
        let norm = 1.0 - B + B * len / avg;
        let mut score = 0.0;
        for (i, (cursor, idf)) in others.iter_mut().zip(&idf).enumerate() {
            let c = if i == driver { Some(m) } else { cursor.seek(m.article) };
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
    let matches = matches_of(&lists, &ranked);
    ranked
        .into_iter()
        .zip(matches)
        .filter_map(|((score, article), matches)| {
            Some(Scored { article, score, matches: matches? })
        })
        .collect()
}

/// Per ranked article, its match in each clause: one walk per clause, in
/// article order.
fn matches_of(lists: &[Matches], ranked: &[(f32, u32)]) -> Vec<Option<Vec<ClauseMatch>>> {
    let mut by_article: Vec<usize> = (0..ranked.len()).collect();
    by_article.sort_unstable_by_key(|&i| ranked[i].1);
    let mut out: Vec<Option<Vec<ClauseMatch>>> =
        vec![Some(Vec::with_capacity(lists.len())); ranked.len()];
    for list in lists {
        let mut cursor = list.cursor();
        for &i in &by_article {
            let found = cursor.seek(ranked[i].1);
            if let Some(row) = &mut out[i] {
                match found {
                    Some(m) => row.push(m),
                    None => out[i] = None,
                }
            }
        }
    }
    out
}

/// Robertson–Spärck Jones idf, floored so it never goes negative.
fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}
