//! Writes an index file's bytes (the layout is in [`super::format`]).

use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

use super::chunks::{ChunkWriter, Packed};
use super::format::{DocRecord, RECORD_LEN, SECTIONS, encode_header, u32_at};
use crate::model::search::index::ArticleMeta;
use crate::model::search::postings::Postings;

/// Builds an index file: documents and articles in order, then terms in
/// key order.
#[derive(Debug, Default)]
pub struct Encoder {
    docs: Vec<DocRecord>,
    articles: Vec<u8>,
    title_offsets: Vec<u8>,
    titles: Vec<u8>,
    dict: Vec<u8>,
    keys: Vec<u8>,
    postings: Vec<u8>,
    /// Per term, its variants' keys, resolved to term numbers at the end.
    variant_keys: Vec<Vec<String>>,
    last_key: Option<String>,
}

impl Encoder {
    pub fn new() -> Encoder {
        Encoder::with_capacity(0)
    }

    /// With room for `postings` bytes of posting lists.
    pub fn with_capacity(postings: usize) -> Encoder {
        let mut encoder = Encoder { postings: Vec::with_capacity(postings), ..Encoder::default() };
        encoder.title_offsets.extend_from_slice(&0u32.to_le_bytes());
        encoder
    }

    pub fn doc(&mut self, record: DocRecord) {
        self.docs.push(record);
    }

    pub fn article(&mut self, meta: ArticleMeta, title: &str) {
        for v in [meta.doc, meta.article, meta.len] {
            self.articles.extend_from_slice(&v.to_le_bytes());
        }
        self.titles.extend_from_slice(title.as_bytes());
        self.title_offsets.extend_from_slice(&to_u32(self.titles.len()).to_le_bytes());
    }

    /// Adds a term; keys must come in increasing order (others are
    /// dropped, which a caller's bug would show as a missing term, never
    /// as an unreadable file).
    pub fn term(&mut self, key: &str, postings: &Postings, variants: Vec<String>) {
        let mut writer = ChunkWriter::default();
        if !writer.push_parts(&[(0, &postings.bytes)]) {
            writer.push_all(&postings.bytes, Some);
        }
        self.packed_term(key, &writer.finish(), variants);
    }

    /// As [`Encoder::term`], for a list already packed (on another thread).
    pub fn packed_term(&mut self, key: &str, packed: &Packed, variants: Vec<String>) {
        let raw_len = u32::try_from(packed.raw_len).unwrap_or(u32::MAX);
        let postings = packed.stored.as_slice();
        if self.last_key.as_deref().is_some_and(|last| last >= key) {
            return;
        }
        let key_off = to_u32(self.keys.len());
        self.keys.extend_from_slice(key.as_bytes());
        let offset = self.postings.len() as u64;
        self.postings.extend_from_slice(postings);
        let mut record = Vec::with_capacity(RECORD_LEN);
        record.extend_from_slice(&key_off.to_le_bytes());
        record.extend_from_slice(&to_u32(key.len()).to_le_bytes());
        record.extend_from_slice(&offset.to_le_bytes());
        record.extend_from_slice(&to_u32(postings.len()).to_le_bytes());
        record.extend_from_slice(&raw_len.to_le_bytes());
        record.extend_from_slice(&xxh3_64(postings).to_le_bytes());
        // Variant start and count, filled in by `finish`.
        record.extend_from_slice(&[0; 8]);
        self.dict.extend_from_slice(&record);
        self.variant_keys.push(variants);
        self.last_key = Some(key.to_string());
    }

    /// The file's header and meta region, and its postings region: two
    /// parts, so the (large) postings need not be copied into one buffer.
    pub fn finish(mut self, loader_stamp: u64, written_ns: u64) -> (Vec<u8>, Vec<u8>) {
        let mut variants = Vec::new();
        let variant_keys = std::mem::take(&mut self.variant_keys);
        let keys: Vec<Range<usize>> = (0..variant_keys.len())
            .map(|i| {
                let at = i * RECORD_LEN;
                let start = u32_at(&self.dict, at) as usize;
                start..start + u32_at(&self.dict, at + 4) as usize
            })
            .collect();
        let find = |key: &str| keys.binary_search_by(|r| self.keys[r.clone()].cmp(key.as_bytes()));
        let mut spans = Vec::with_capacity(variant_keys.len());
        for list in &variant_keys {
            let start = to_u32(variants.len() / 4);
            let mut ids: Vec<u32> = list.iter().filter_map(|k| find(k).ok()).map(to_u32).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in &ids {
                variants.extend_from_slice(&id.to_le_bytes());
            }
            spans.push((start, to_u32(ids.len())));
        }
        for (i, (start, count)) in spans.into_iter().enumerate() {
            let at = i * RECORD_LEN + 32;
            self.dict[at..at + 4].copy_from_slice(&start.to_le_bytes());
            self.dict[at + 4..at + 8].copy_from_slice(&count.to_le_bytes());
        }
        let docs = postcard::to_allocvec(&self.docs).unwrap_or_default();
        let sections: [&[u8]; SECTIONS] = [
            &docs,
            &self.articles,
            &self.title_offsets,
            &self.titles,
            &self.dict,
            &self.keys,
            &variants,
        ];
        let mut head =
            encode_header((loader_stamp, written_ns), &sections, self.postings.len() as u64);
        for section in sections {
            head.extend_from_slice(section);
        }
        (head, self.postings)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
