//! What is kept of scanned documents between queries: per article its
//! length in tokens and, if it is all ASCII, the filter of its words; and
//! the totals ranking needs. Apart from the search itself so that the
//! index can hold it without depending on the scan.

use crate::model::document::{Article, Document};
use crate::model::scan::ascii::alnum_runs;
use crate::model::search::split::{cores, in_weighed_parts};
use crate::model::search::tokenize::Tokenizer;
use crate::model::text::article_parts;

use super::filter::{Filling, WordFilter};

/// Which documents are scanned rather than indexed. An index
/// (`Index::default()`) scans none: `quire search`'s index file must
/// hold everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanPolicy {
    /// A document of more words than this is scanned.
    pub above_words: usize,
    /// Once this many words are scanned, further documents are indexed
    /// again: every query scans them all, so their total bounds a query's
    /// cost.
    pub budget_words: usize,
}

impl ScanPolicy {
    /// The reader's: a million words is about 6 MB of text, which an index
    /// would hold in about 4 MB and build in about 50 ms, and which a scan
    /// reads in a few milliseconds. Forty million words (about 250 MB) are
    /// scanned in well under a second.
    pub const READER: ScanPolicy = ScanPolicy { above_words: 1_000_000, budget_words: 40_000_000 };

    /// Whether `doc` is long enough to be scanned (if the budget allows).
    pub fn scans(&self, doc: &Document) -> bool {
        words_of(doc) > self.above_words
    }
}

fn words_of(doc: &Document) -> usize {
    doc.articles.iter().map(|a| a.words).sum()
}

/// What a scan needs of a document before any query: per article (`None`
/// for one that is not readable) its tokens and word filter. Made on all
/// cores, in about 55 ms for 100 MB on two; the loader makes it before it
/// says a huge document is loaded, so that a search typed at once does
/// not wait for it (see `workers::search::prepared`).
#[derive(Debug, Clone)]
pub struct ScanRecord(Vec<Option<ScannedArticle>>);

impl ScanRecord {
    pub fn of(doc: &Document) -> ScanRecord {
        // Runs of equal words, not equal counts: articles differ in length.
        ScanRecord(in_weighed_parts(
            &doc.articles,
            cores(),
            |a| a.words,
            |run| {
                let mut tokenizer = Tokenizer::default();
                run.iter()
                    .map(|a| a.kind.is_readable().then(|| count_tokens(&mut tokenizer, a)))
                    .collect()
            },
        ))
    }
}

/// The scanned documents, and what ranking needs of them.
#[derive(Debug, Default)]
pub(in crate::model::search) struct Scanned {
    pub(in crate::model::search) policy: Option<ScanPolicy>,
    /// Scanned documents' numbers, each with its articles (`None` for one
    /// that is not readable).
    pub(super) docs: Vec<(u32, Vec<Option<ScannedArticle>>)>,
    words: usize,
    /// Readable articles and their tokens: their share of BM25's
    /// collection size and mean length.
    pub(super) articles: usize,
    pub(super) tokens: u64,
}

impl Scanned {
    pub(in crate::model::search) fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Whether `doc` is to be scanned under the policy.
    pub(in crate::model::search) fn takes(&self, doc: &Document) -> bool {
        let Some(policy) = self.policy else { return false };
        policy.scans(doc) && self.words + words_of(doc) <= policy.budget_words
    }

    /// Files `doc` with its record (made now if none was made before, or
    /// if the one given is not of this document's articles).
    pub(in crate::model::search) fn add(
        &mut self,
        number: u32,
        doc: &Document,
        record: Option<ScanRecord>,
    ) {
        let record = record.filter(|r| r.0.len() == doc.articles.len());
        let ScanRecord(articles) = record.unwrap_or_else(|| ScanRecord::of(doc));
        self.words += words_of(doc);
        for scanned in articles.iter().flatten() {
            self.articles += 1;
            self.tokens += u64::from(scanned.len);
        }
        self.docs.push((number, articles));
    }
}

/// What a scan needs to know of an article before any query.
#[derive(Debug, Clone)]
pub(in crate::model::search) struct ScannedArticle {
    /// Its tokens: BM25's length.
    pub(super) len: u32,
    /// Its words, when its title, headings and blocks are all ASCII (a
    /// scan reads only those; see [`filter`](super::filter)).
    pub(super) words: Option<WordFilter>,
}

/// An article's tokens (as indexing numbers them: headings and blocks,
/// not the title) and, if its title and texts are all ASCII, the filter
/// of its words (title included), filled in the same pass.
pub(super) fn count_tokens(tokenizer: &mut Tokenizer, article: &Article) -> ScannedArticle {
    let mut tokens = 0u64;
    let mut words = article.title.is_ascii().then(|| Filling::new(article.words));
    if let Some(filling) = &mut words {
        filling.add(&article.title);
    }
    for (text, _) in article_parts(article) {
        match &mut words {
            Some(filling) if text.is_ascii() => tokens += filling.add(&text),
            None if text.is_ascii() => tokens += alnum_runs(text.as_bytes()) as u64,
            _ => {
                words = None;
                tokenizer.run(&text, 0, &mut |_| tokens += 1);
            }
        }
    }
    let len = u32::try_from(tokens).unwrap_or(u32::MAX);
    ScannedArticle { len, words: words.map(Filling::finish) }
}
