//! A query's view of the persistent index: the article table and only the
//! posting lists the query names, read on demand. Ranking and hits run on
//! it through [`Source`], the same code as for the in-memory index.

use std::collections::HashMap;
use std::ops::Range;

use super::format::{Unusable, unpack};
use super::meta::Meta;
use crate::model::search::index::ArticleMeta;
use crate::model::search::postings::Postings;
use crate::model::search::query::{Marks, Query};
use crate::model::search::source::{Source, mean_len};

pub struct View<'a> {
    meta: &'a Meta,
    total_len: u64,
    /// Index key → local id (position in `postings`).
    terms: HashMap<String, u32>,
    postings: Vec<Postings>,
    variants: HashMap<u32, Vec<u32>>,
}

impl<'a> View<'a> {
    /// Reads the lists `query` needs through `read` (a byte range of the
    /// postings region). A list that fails its checksum makes the whole
    /// index unusable: answering without it would be a wrong answer. So
    /// does a section of `meta` that fails its check, which a caller
    /// learns from [`Meta::sound`] once it has its answer (the titles,
    /// for one, are read only if ranking asks for one).
    pub fn load(
        meta: &'a Meta,
        query: &Query,
        read: &mut dyn FnMut(Range<u64>) -> Option<Vec<u8>>,
    ) -> Result<View<'a>, Unusable> {
        let mut view = View {
            meta,
            total_len: meta.total_len(),
            terms: HashMap::new(),
            postings: Vec::new(),
            variants: HashMap::new(),
        };
        let mut local: HashMap<usize, u32> = HashMap::new();
        for term in query.clauses.iter().flat_map(|c| &c.terms) {
            let Some(found) = meta.find(&term.index_key()) else { continue };
            let id = view.fetch(found, &mut local, read)?;
            if term.marks != Marks::None {
                continue;
            }
            let record = meta.record(found).ok_or(Unusable::Corrupt)?;
            let mut ids = Vec::new();
            for variant in meta.variants(&record) {
                ids.push(view.fetch(variant, &mut local, read)?);
            }
            if !ids.is_empty() {
                view.variants.insert(id, ids);
            }
        }
        Ok(view)
    }

    /// Term `i`'s local id, reading its list the first time.
    fn fetch(
        &mut self,
        i: usize,
        local: &mut HashMap<usize, u32>,
        read: &mut dyn FnMut(Range<u64>) -> Option<Vec<u8>>,
    ) -> Result<u32, Unusable> {
        if let Some(&id) = local.get(&i) {
            return Ok(id);
        }
        let record = self.meta.record(i).ok_or(Unusable::Corrupt)?;
        let key = self.meta.key(i).ok_or(Unusable::Corrupt)?;
        let stored = read(record.postings.clone()).ok_or(Unusable::Corrupt)?;
        let list = unpack(&record, &stored).ok_or(Unusable::Corrupt)?;
        let id = u32::try_from(self.postings.len()).map_err(|_| Unusable::Corrupt)?;
        self.postings.push(list);
        self.terms.insert(key.to_string(), id);
        local.insert(i, id);
        Ok(id)
    }
}

impl Source for View<'_> {
    fn term(&self, key: &str) -> Option<(u32, &Postings)> {
        let &id = self.terms.get(key)?;
        Some((id, self.postings.get(id as usize)?))
    }

    fn postings(&self, id: u32) -> Option<&Postings> {
        self.postings.get(id as usize)
    }

    fn variants(&self, id: u32) -> &[u32] {
        self.variants.get(&id).map_or(&[], Vec::as_slice)
    }

    fn article(&self, id: u32) -> Option<ArticleMeta> {
        self.meta.article(id as usize)
    }

    fn article_count(&self) -> usize {
        self.meta.article_count()
    }

    fn average_len(&self) -> f32 {
        mean_len(self.total_len, self.meta.article_count())
    }

    fn article_title(&self, id: u32) -> Option<&str> {
        self.meta.title(id as usize)
    }
}
