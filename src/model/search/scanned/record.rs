//! What is kept of scanned documents between queries: per article its
//! length in tokens and whether it is all ASCII, and the totals ranking
//! needs. Apart from the search itself so that the index can hold it
//! without depending on the scan.

use crate::model::document::{Article, Document};
use crate::model::scan::ascii::alnum_runs;
use crate::model::search::split::{cores, in_parts};
use crate::model::search::tokenize::Tokenizer;
use crate::model::text::article_parts;

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
        let words: usize = doc.articles.iter().map(|a| a.words).sum();
        words > policy.above_words && self.words + words <= policy.budget_words
    }

    /// Counts `doc`'s readable articles and their tokens, and notes which
    /// articles are all ASCII.
    pub(in crate::model::search) fn add(&mut self, number: u32, doc: &Document) {
        let articles = in_parts(&doc.articles, cores(), |run| {
            let mut tokenizer = Tokenizer::default();
            run.iter()
                .map(|a| a.kind.is_readable().then(|| count_tokens(&mut tokenizer, a)))
                .collect()
        });
        self.words += doc.articles.iter().map(|a| a.words).sum::<usize>();
        for scanned in articles.iter().flatten() {
            self.articles += 1;
            self.tokens += u64::from(scanned.len);
        }
        self.docs.push((number, articles));
    }
}

/// What a scan needs to know of an article before any query.
#[derive(Debug, Clone, Copy)]
pub(super) struct ScannedArticle {
    /// Its tokens: BM25's length.
    pub(super) len: u32,
    /// Its title, headings and blocks are all ASCII.
    pub(super) ascii: bool,
}

/// An article's tokens (as indexing numbers them: headings and blocks,
/// not the title) and whether its title and texts are all ASCII.
fn count_tokens(tokenizer: &mut Tokenizer, article: &Article) -> ScannedArticle {
    let mut tokens = 0u64;
    let mut ascii = article.title.is_ascii();
    for (text, _) in article_parts(article) {
        if text.is_ascii() {
            tokens += alnum_runs(text.as_bytes()) as u64;
        } else {
            ascii = false;
            tokenizer.run(&text, 0, &mut |_| tokens += 1);
        }
    }
    ScannedArticle { len: u32::try_from(tokens).unwrap_or(u32::MAX), ascii }
}
