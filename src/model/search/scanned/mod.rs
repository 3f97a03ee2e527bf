//! Huge documents searched by scanning their text instead of indexing it.
//!
//! The reader's own index of a 100 MB document held about 66 MB of
//! postings and took about a second to build, so a search typed just
//! after opening it waited that long. A scan costs little to keep: a
//! query looks for its words in the document's articles (ASCII
//! case-insensitively, one vector search per word), reading only those
//! whose word filter (`filter`: a few bits per distinct word) may hold
//! them, and files only the articles that may match in a small index made
//! for the query. Scores
//! are what one index of everything would give, because they are taken
//! against the whole collection: its size and mean length (counted once
//! when the document comes) and each clause's document frequency summed
//! over both parts.
//!
//! The shape that decides: in an article whose title, headings and blocks
//! are all ASCII, a word's tokens are whole runs of letters and digits
//! equal to its key in some case ([`needles`]), so what indexing would
//! file for the query's words is found without tokenizing. Any other
//! article is tokenized and filed whole for the query, so a scan never
//! misses a hit or miscounts a clause; it only costs more on non-ASCII
//! text.

use std::sync::Arc;

use crate::model::document::Article;

use super::Hit;
use super::index::Index;
use super::postings::put_position;
use super::query::Query;
use super::rank::{Collection, Lists, score};
use super::source::{ArticleMeta, mean_len};
use super::split::{cores, in_parts};
use super::tokenize::Tokenizer;
use needles::{Needles, Occurrences, Verdict};
use record::ScannedArticle;
pub use record::{ScanPolicy, ScanRecord};

mod filter;
pub(super) mod needles;
pub(super) mod record;

impl Index {
    /// Files an article's occurrences of some terms, found by a scan
    /// rather than by tokenizing it (see [`super::scanned`]).
    pub(super) fn add_found(&mut self, at: (u32, u32), len: u32, found: &[Occurrences]) {
        let id = u32::try_from(self.articles.len()).unwrap_or(u32::MAX);
        let mut coded = Vec::new();
        for term in found {
            let (mut prev, mut head) = ((0, 0), 0);
            coded.clear();
            for &p in &term.text {
                put_position(&mut coded, prev, p);
                prev = (p.pos, p.offset);
                head += u32::from(p.heading);
            }
            let counts = (u32::try_from(term.text.len()).unwrap_or(u32::MAX), head, term.title);
            let id_of_term = self.term_id(&term.filed);
            if let Some(postings) = self.postings.get_mut(id_of_term as usize) {
                postings.push(id, counts, &coded);
            }
        }
        self.articles.push(ArticleMeta { doc: at.0, article: at.1, len });
        self.total_len += u64::from(len);
    }

    /// Hits from the indexed documents and the scanned ones, ranked as one
    /// index of everything would rank them (ties go to the earlier
    /// article, as there).
    pub(super) fn search_with_scanned(&self, query: &Query, limit: usize) -> Vec<Hit> {
        let (found, counted) = self.candidates(query);
        let (indexed, scanned) = (Lists::of(self, query), Lists::of(&found, query));
        let counts = indexed.counts().into_iter().zip(scanned.counts()).zip(counted);
        let articles = self.articles.len() + self.scanned.articles;
        let collection = Collection {
            articles,
            average_len: mean_len(self.total_len + self.scanned.tokens, articles),
            counts: counts.map(|((a, b), c)| a.saturating_add(b).saturating_add(c)).collect(),
        };
        let mut hits = self.hits(query, &score(self, indexed, &collection, limit));
        hits.extend(found.hits(query, &score(&found, scanned, &collection, limit)));
        hits.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then_with(|| (a.doc, a.article).cmp(&(b.doc, b.article)))
        });
        hits.truncate(limit);
        hits
    }

    /// An index of the scanned articles that may match `query`, numbered
    /// as this index numbers their documents, and per positive clause the
    /// other scanned articles it occurs in.
    fn candidates(&self, query: &Query) -> (Index, Vec<u32>) {
        let mut found = Index::default();
        found.docs.clone_from(&self.docs);
        let needles = Needles::of(query);
        let mut counted = vec![0u32; needles.positive()];
        if query.is_empty() {
            return (found, counted);
        }
        let mut tokenizer = Tokenizer::default();
        for (number, scanned) in &self.scanned.docs {
            let Some(doc) = self.docs.get(*number as usize).map(Arc::clone) else { continue };
            let pairs: Vec<_> = doc.articles.iter().zip(scanned).enumerate().collect();
            for batch in batches(&pairs) {
                let verdicts = in_parts(batch, cores(), |run| {
                    run.iter()
                        .map(|(_, (a, scanned))| judge(&needles, a, scanned.as_ref()))
                        .collect()
                });
                for (verdict, &(i, (article, _))) in verdicts.into_iter().zip(batch) {
                    let at = (*number, u32::try_from(i).unwrap_or(u32::MAX));
                    match verdict {
                        Judged::Unreadable => {}
                        Judged::Scanned(Verdict::Found(words), len) => {
                            found.add_found(at, len, &words)
                        }
                        Judged::Scanned(Verdict::Count(clauses), _) => {
                            clauses.into_iter().for_each(|c| counted[c] += 1);
                        }
                        Judged::NotAscii => found.add_article(&mut tokenizer, article, at),
                    }
                }
            }
        }
        (found, counted)
    }
}

/// Words of articles judged at once: their occurrences wait in memory
/// until filed (12 bytes each), so a common word is held a batch at a
/// time, not over the whole document (a word one token in twenty-four:
/// 2 MB a batch, against 8 MB at once for 100 MB, 40 MB less resident
/// after a two-word query in a probe). Each batch costs a thread start
/// per core: four batches for 100 MB add about a millisecond to a query.
/// Tiny in tests, so the property tests' small documents are judged in
/// many batches.
const BATCH_WORDS: usize = if cfg!(test) { 8 } else { 4_000_000 };

/// `articles` cut into runs of about [`BATCH_WORDS`] words (an article
/// longer than that is a run of its own).
fn batches<'a, T>(
    articles: &'a [(usize, (&Article, T))],
) -> impl Iterator<Item = &'a [(usize, (&'a Article, T))]> {
    let mut rest = articles;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut words = 0;
        let end = rest
            .iter()
            .position(|(_, (a, _))| {
                words += a.words;
                words >= BATCH_WORDS
            })
            .map_or(rest.len(), |i| i + 1);
        let (batch, after) = rest.split_at(end);
        rest = after;
        Some(batch)
    })
}

/// What a query makes of one scanned article, on any thread.
enum Judged {
    Unreadable,
    /// Not all ASCII: a scan cannot tell, so the caller tokenizes it and
    /// files it whole for the query, in article order.
    NotAscii,
    /// What the scan found, and the article's length in tokens.
    Scanned(Verdict, u32),
}

fn judge(needles: &Needles, article: &Article, scanned: Option<&ScannedArticle>) -> Judged {
    match scanned {
        None => Judged::Unreadable,
        Some(ScannedArticle { words: None, .. }) => Judged::NotAscii,
        Some(ScannedArticle { words: Some(words), len }) => {
            Judged::Scanned(needles.judge(article, words), *len)
        }
    }
}

#[cfg(test)]
mod tests;
