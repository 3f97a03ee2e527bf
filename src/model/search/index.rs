//! The library index: a term dictionary, posting lists with positions,
//! and per-article lengths for BM25.
//!
//! Why our own inverted index rather than tantivy, or fst plus postings:
//! - The library lives in memory and grows one document at a time while it
//!   loads; an append-only in-memory index is exactly that, with no
//!   segments, commits, merges or directory to manage. tantivy is built
//!   around those (and pulls in some 80 crates).
//! - Hits must land on a char offset in quire's canonical article text,
//!   with quire's folding (diacritics, CJK, smart case). We would have to
//!   re-derive those offsets from tantivy's byte offsets of its own
//!   tokenization anyway.
//! - fst pays off for prefix/fuzzy lookups and for dictionaries on disk; we
//!   need exact lookups in memory, which a hash map does faster.
//! - The benchmark (`benches/search.rs`) shows the result is small enough:
//!   the index stays below half the corpus size, queries take a few
//!   milliseconds on 100 MB.
//! - Side by side with tantivy on the same library (`tools/index-compare`,
//!   figures in docs/PERFORMANCE.md), the persistent form of this index is
//!   a third of tantivy's size, answers every query shape measured faster,
//!   and builds in the same time.

use std::collections::HashMap;
use std::sync::Arc;

use super::postings::{Position, Postings, put_position};
use super::query::{CASED_PREFIX, MARKED_CASED_PREFIX, MARKED_PREFIX};
use super::scanned::record::{ScanPolicy, ScanRecord, Scanned};
pub use super::source::ArticleMeta;
use super::source::{Source, mean_len};
use super::tokenize::{Token, Tokenizer};
use crate::model::document::{Article, Document};
use crate::model::text::{BLOCK_SEP, article_parts};

/// Only readable articles (articles and editor's letters) are indexed.
/// Ads, boilerplate, front and back matter would otherwise crowd the
/// results: a table of contents mentions every title, an ad repeats the
/// sponsor's buzzwords. They stay readable in the list with `a`.
#[derive(Debug, Default)]
pub struct Index {
    pub(super) docs: Vec<Arc<Document>>,
    pub(super) articles: Vec<ArticleMeta>,
    /// Hashed with foldhash, seeded at random per map: about a quarter
    /// of indexing is looking tokens up here (16 million of them in
    /// 100 MB), and foldhash's short-key hash made a library's build 5 to
    /// 7% faster than seeded xxh3, while the seed still keeps a crafted
    /// file from choosing colliding words.
    pub(super) dict: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    pub(super) postings: Vec<Postings>,
    /// Folded or case-kept term id → ids of its marked forms, so a
    /// diacritic-sensitive unmarked word can subtract them.
    pub(super) variants: HashMap<u32, Vec<u32>>,
    pub(super) total_len: u64,
    build: Build,
    /// Documents searched by scanning rather than through postings.
    pub(super) scanned: Scanned,
}

/// Scratch space reused across articles: each term's occurrences are coded
/// into its slot in text order as they come, so an article needs no sort.
#[derive(Debug, Default)]
struct Build {
    /// Per term: where its occurrences in the article being indexed wait.
    stage: Vec<Stage>,
    /// The terms the article touched, in order; each one's slot.
    touched: Vec<u32>,
    staged: Vec<Staged>,
    /// The case-kept key being looked up.
    key: String,
}

/// A term's place in the article being indexed.
#[derive(Debug, Clone, Copy)]
struct Stage {
    /// Its slot in `Build::staged`, or [`NONE`] if the article has not
    /// touched it yet.
    slot: u32,
    /// Occurrences in the article's title.
    title: u32,
}

impl Default for Stage {
    fn default() -> Stage {
        Stage { slot: NONE, title: 0 }
    }
}

/// A term's occurrences in the article being indexed, coded as they come
/// (about three bytes each, as they will be stored). Kept as linked
/// positions and coded at the end, a 21 MB article's occurrences took 16
/// bytes each: about 60 MB at the peak of indexing it.
#[derive(Debug, Clone, Default)]
struct Staged {
    coded: Vec<u8>,
    prev: (u32, u32),
    npos: u32,
    head: u32,
}

const NONE: u32 = u32::MAX;

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// An index that scans the documents `policy` picks instead of
    /// indexing them (see [`super::scanned`]).
    pub fn scanning(policy: ScanPolicy) -> Index {
        let mut index = Index::default();
        index.scanned.policy = Some(policy);
        index
    }

    /// An empty index with this one's scan policy.
    pub fn emptied(&self) -> Index {
        self.scanned.policy.map_or_else(Index::default, Index::scanning)
    }

    /// Adds a document; documents are numbered in the order they are added.
    pub fn add(&mut self, doc: Arc<Document>) {
        self.add_part(&doc, 0, usize::MAX);
    }

    /// Adds a document's articles from `from` on, until about `words`
    /// words are indexed, and says where to go on (`None`: the document
    /// is done). The document is numbered with its first part, and the
    /// next parts must follow before any other document: the search
    /// worker indexes a huge document a part at a time, answering queries
    /// in between.
    pub fn add_part(&mut self, doc: &Arc<Document>, from: usize, words: usize) -> Option<usize> {
        self.add_part_with(doc, (from, words), None)
    }

    /// [`Self::add_part`], with the document's scan record if one was made
    /// before, for a document that is to be scanned.
    pub fn add_part_with(
        &mut self,
        doc: &Arc<Document>,
        (from, words): (usize, usize),
        record: Option<ScanRecord>,
    ) -> Option<usize> {
        if from == 0 {
            self.docs.push(doc.clone());
        }
        let doc_index = u32::try_from(self.docs.len() - 1).unwrap_or(u32::MAX);
        if from == 0 && self.scanned.takes(doc) {
            self.scanned.add(doc_index, doc, record);
            return None;
        }
        let mut tokenizer = Tokenizer::default();
        let mut done = 0usize;
        for (i, article) in doc.articles.iter().enumerate().skip(from) {
            if done >= words {
                return Some(i);
            }
            if article.kind.is_readable() {
                let at = u32::try_from(i).unwrap_or(u32::MAX);
                self.add_article(&mut tokenizer, article, (doc_index, at));
                done = done.saturating_add(article.words.max(1));
            }
        }
        None
    }

    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    pub fn document(&self, i: usize) -> Option<&Arc<Document>> {
        self.docs.get(i)
    }

    pub fn articles(&self) -> usize {
        self.articles.len()
    }

    pub fn terms(&self) -> usize {
        self.postings.len()
    }

    /// Every term's key and id, in no particular order: for writing the
    /// index out.
    pub fn dictionary(&self) -> impl Iterator<Item = (&str, u32)> {
        self.dict.iter().map(|(key, &id)| (&**key, id))
    }

    /// The indexed articles, in id order.
    pub fn article_metas(&self) -> &[ArticleMeta] {
        &self.articles
    }

    /// Heap memory held by the index (not the documents, which the app
    /// shares): capacities of every vector and an estimate of the map.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let keys: usize = self.dict.keys().map(|k| k.len()).sum();
        let map = self.dict.capacity() * (size_of::<(Box<str>, u32)>() + 1);
        let postings: usize = self.postings.iter().map(Postings::heap_bytes).sum::<usize>()
            + self.postings.capacity() * size_of::<Postings>();
        let staged: usize = self.build.staged.iter().map(|s| s.coded.capacity()).sum();
        let build = self.build.stage.capacity() * size_of::<Stage>()
            + self.build.touched.capacity() * 4
            + self.build.staged.capacity() * size_of::<Staged>()
            + staged;
        let variants: usize =
            self.variants.values().map(|v| v.capacity() * 4 + size_of::<(u32, Vec<u32>)>()).sum();
        keys + map
            + variants
            + postings
            + build
            + self.articles.capacity() * size_of::<ArticleMeta>()
            + self.docs.capacity() * size_of::<Arc<Document>>()
    }

    /// Releases spare capacity, once loading is done. Each term's stage
    /// is kept (a few bytes): a document added later is staged by term id.
    pub fn shrink(&mut self) {
        for p in &mut self.postings {
            p.bytes.shrink_to_fit();
        }
        let stage = std::mem::take(&mut self.build.stage);
        self.build = Build { stage, ..Build::default() };
    }

    pub(super) fn article_doc(&self, id: u32) -> Option<(ArticleMeta, &Arc<Document>)> {
        let meta = *self.articles.get(id as usize)?;
        Some((meta, self.docs.get(meta.doc as usize)?))
    }

    pub(super) fn add_article(
        &mut self,
        tokenizer: &mut Tokenizer,
        article: &Article,
        at: (u32, u32),
    ) {
        let id = u32::try_from(self.articles.len()).unwrap_or(u32::MAX);
        tokenizer.run(&article.title, 0, &mut |t| self.occur(t, None));
        let mut pos = 0u32;
        let mut offset = 0usize;
        let mut tokenize = |this: &mut Index, text: &str, heading: bool| {
            if text.is_empty() {
                return;
            }
            if offset > 0 {
                offset += BLOCK_SEP.len();
            }
            offset += tokenizer.run(text, offset, &mut |t| {
                let start = u32::try_from(t.start).unwrap_or(u32::MAX);
                this.occur(t, Some(Position { pos, offset: start, heading }));
                pos += 1;
            });
        };
        for (text, heading) in article_parts(article) {
            tokenize(self, &text, heading);
        }
        self.flush_article(id);
        self.articles.push(ArticleMeta { doc: at.0, article: at.1, len: pos });
        self.total_len += u64::from(pos);
    }

    /// Records one token, under its folded key and, if it has capitals,
    /// its case-kept key too; a token with marks also under the marked
    /// forms of those keys.
    fn occur(&mut self, t: &Token, at: Option<Position>) {
        let id = self.term_id(t.folded);
        self.stage(id, at);
        if let Some(marked) = t.marked {
            let variant = self.prefixed_id(MARKED_PREFIX, marked);
            self.stage(variant, at);
            self.add_variant(id, variant);
        }
        if let Some(cased) = t.cased {
            let id = self.prefixed_id(CASED_PREFIX, cased);
            self.stage(id, at);
            if let Some(marked) = t.marked_cased {
                let variant = self.prefixed_id(MARKED_CASED_PREFIX, marked);
                self.stage(variant, at);
                self.add_variant(id, variant);
            }
        }
    }

    fn prefixed_id(&mut self, prefix: char, key: &str) -> u32 {
        let mut buf = std::mem::take(&mut self.build.key);
        buf.clear();
        buf.push(prefix);
        buf.push_str(key);
        let id = self.term_id(&buf);
        self.build.key = buf;
        id
    }

    pub(super) fn add_variant(&mut self, base: u32, variant: u32) {
        let list = self.variants.entry(base).or_default();
        if !list.contains(&variant) {
            list.push(variant);
        }
    }

    pub(super) fn term_id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.dict.get(key) {
            return id;
        }
        let id = u32::try_from(self.postings.len()).unwrap_or(u32::MAX);
        self.dict.insert(key.into(), id);
        self.postings.push(Postings::default());
        self.build.stage.push(Stage::default());
        id
    }

    fn stage(&mut self, id: u32, at: Option<Position>) {
        let b = &mut self.build;
        let Some(st) = b.stage.get_mut(id as usize) else { return };
        if st.slot == NONE {
            st.slot = u32::try_from(b.touched.len()).unwrap_or(NONE);
            b.touched.push(id);
            if b.staged.len() < b.touched.len() {
                b.staged.push(Staged::default());
            }
        }
        let Some(p) = at else {
            st.title += 1;
            return;
        };
        let Some(s) = b.staged.get_mut(st.slot as usize) else { return };
        put_position(&mut s.coded, s.prev, p);
        s.prev = (p.pos, p.offset);
        s.npos += 1;
        s.head += u32::from(p.heading);
    }

    /// Codes every term the article touched into its posting list. The
    /// slots are kept for the next article, emptied; a slot that grew
    /// past [`KEPT_STAGED`] is given back, so one long article does not
    /// hold its occurrences' room for the rest of the load.
    fn flush_article(&mut self, article: u32) {
        let b = &mut self.build;
        for (&id, s) in b.touched.iter().zip(&mut b.staged) {
            let Some(st) = b.stage.get_mut(id as usize) else { continue };
            if let Some(postings) = self.postings.get_mut(id as usize) {
                postings.push(article, (s.npos, s.head, st.title), &s.coded);
            }
            *st = Stage::default();
            s.coded.clear();
            if s.coded.capacity() > KEPT_STAGED {
                s.coded = Vec::new();
            }
            (s.prev, s.npos, s.head) = ((0, 0), 0, 0);
        }
        b.touched.clear();
    }
}

/// Bytes of coded occurrences a term's slot keeps between articles.
const KEPT_STAGED: usize = 4096;

impl Source for Index {
    fn term(&self, key: &str) -> Option<(u32, &Postings)> {
        let &id = self.dict.get(key)?;
        Some((id, self.postings.get(id as usize)?))
    }

    fn postings(&self, id: u32) -> Option<&Postings> {
        self.postings.get(id as usize)
    }

    fn variants(&self, id: u32) -> &[u32] {
        self.variants.get(&id).map_or(&[], Vec::as_slice)
    }

    fn article(&self, id: u32) -> Option<ArticleMeta> {
        self.articles.get(id as usize).copied()
    }

    fn article_count(&self) -> usize {
        self.articles.len()
    }

    fn average_len(&self) -> f32 {
        mean_len(self.total_len, self.articles.len())
    }

    fn article_title(&self, id: u32) -> Option<&str> {
        let (meta, doc) = self.article_doc(id)?;
        doc.articles.get(meta.article as usize).map(|a| a.title.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::loader;

    /// A long article's occurrences wait coded, not as 16-byte
    /// positions, and the room they took is given back after it.
    #[test]
    fn a_long_articles_occurrences_wait_coded_and_their_room_goes_back() {
        let body = "plain text lasts and a pager shows it at once whatever its size\n\n";
        let text = format!("Notes\n\n{}", body.repeat(700));
        let doc = loader::load("notes.txt", text.as_bytes()).unwrap();
        let words = doc.articles.iter().map(|a| a.words).max().unwrap_or(0);
        assert!(words > 9_000, "{words}");
        let mut index = Index::new();
        index.add(Arc::new(doc.clone()));
        let coded: usize = index.postings.iter().map(|p| p.bytes.len()).sum();
        assert!(coded < words * 4, "{coded} bytes for {words} words");
        let kept: usize = index.build.staged.iter().map(|s| s.coded.capacity()).sum();
        assert!(kept <= index.build.staged.len() * KEPT_STAGED, "{kept}");
        // The same text indexed again lands the same way.
        index.add(Arc::new(doc));
        assert_eq!(index.search("pager", 5).len(), 2);
    }
}
