//! The persistent search index as bytes: pure encoding and decoding, no I/O.
//!
//! Layout: a fixed header, the meta region, the postings region.
//! - Header ([`HEADER_LEN`] bytes): `QUIREIDX`, format version (u32 LE),
//!   zero (u32), loader stamp, written-at ns, meta length, postings length,
//!   xxh3 of the meta region, xxh3 of the header before it (u64 LE each).
//! - Meta: sections, each a u64 LE length and its bytes: the document table
//!   (postcard), the article table (doc, article, length: u32 LE each),
//!   title offsets (u32 LE, one more than articles) and title bytes, the
//!   term dictionary (fixed [`RECORD_LEN`]-byte records sorted by key),
//!   the keys' bytes, and variant lists (u32 LE term numbers).
//! - Postings: per term, its [`Postings`] bytes as the in-memory index
//!   codes them, in lz4-compressed chunks (see [`chunks`]); the dictionary
//!   record gives offset, length, the uncompressed length and an xxh3 of
//!   the stored bytes.
//!
//! Why this shape: a query reads the header and the meta region (small: no
//! postings), binary-searches the dictionary in its bytes, and reads only
//! the posting lists it needs, each checked by its own hash. The checks
//! make a torn, truncated or scribbled-on file read as "no index" instead
//! of a wrong answer.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::chunks::{self, ChunkWriter};
use crate::model::search::index::ArticleMeta;
use crate::model::search::postings::Postings;

const MAGIC: &[u8; 8] = b"QUIREIDX";
/// Bump when the layout above, [`DocRecord`] or the postings coding change.
pub const FORMAT_VERSION: u32 = 1;
pub const HEADER_LEN: usize = 64;
const RECORD_LEN: usize = 40;
const SECTIONS: usize = 7;

/// One file the index covers, loaded or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    /// The path as it was found (the OS's bytes for it), in the order the
    /// walk found it.
    pub path: Vec<u8>,
    pub size: u64,
    /// Modification time in ns since the Unix epoch.
    pub mtime_ns: u64,
    /// xxh3 of the bytes the document was loaded from: a touched but
    /// unchanged file is not re-indexed, and a file changed within the
    /// clock's resolution of the index write is caught.
    pub content_hash: u64,
    pub loaded: Loaded,
}

/// What loading the file gave, so a warm search reports exactly what a
/// fresh load would, without reading the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Loaded {
    Document { warnings: Vec<String> },
    Failed { message: String },
}

/// Why bytes were not a usable index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Not a quire index (or cut before its magic).
    Foreign,
    /// Another format or loader version: stale, not broken.
    OtherVersion,
    /// Torn, truncated or damaged.
    Corrupt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub written_ns: u64,
    pub meta_len: u64,
    pub postings_len: u64,
    meta_check: u64,
}

impl Header {
    /// The whole file's length this header promises.
    pub fn file_len(&self) -> u64 {
        (HEADER_LEN as u64).saturating_add(self.meta_len).saturating_add(self.postings_len)
    }
}

pub fn decode_header(loader_stamp: u64, bytes: &[u8]) -> Result<Header, Unusable> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Unusable::Foreign);
    }
    let Some(head) = bytes.get(..HEADER_LEN) else { return Err(Unusable::Corrupt) };
    if xxh3_64(&head[..HEADER_LEN - 8]) != u64_at(head, HEADER_LEN - 8) {
        return Err(Unusable::Corrupt);
    }
    if u32_at(head, 8) != FORMAT_VERSION || u64_at(head, 16) != loader_stamp {
        return Err(Unusable::OtherVersion);
    }
    Ok(Header {
        written_ns: u64_at(head, 24),
        meta_len: u64_at(head, 32),
        postings_len: u64_at(head, 40),
        meta_check: u64_at(head, 48),
    })
}

/// The decoded meta region: the document table decoded, the rest kept as
/// bytes and read in place.
#[derive(Debug)]
pub struct Meta {
    pub written_ns: u64,
    pub docs: Vec<DocRecord>,
    bytes: Vec<u8>,
    articles: Range<usize>,
    title_offsets: Range<usize>,
    titles: Range<usize>,
    dict: Range<usize>,
    keys: Range<usize>,
    variants: Range<usize>,
}

/// Where a term's posting list lies in the postings region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRecord {
    pub postings: Range<u64>,
    /// Its chunks' raw bytes, summed (see [`unpack`]).
    pub raw_len: u32,
    pub check: u64,
    variants: Range<usize>,
}

impl Meta {
    pub fn decode(header: &Header, bytes: Vec<u8>) -> Result<Meta, Unusable> {
        if bytes.len() as u64 != header.meta_len || xxh3_64(&bytes) != header.meta_check {
            return Err(Unusable::Corrupt);
        }
        let mut at = 0;
        let mut sections = Vec::with_capacity(SECTIONS);
        for _ in 0..SECTIONS {
            let len = usize::try_from(u64_at(&bytes, at)).map_err(|_| Unusable::Corrupt)?;
            let start = at + 8;
            let end = start.checked_add(len).filter(|&e| e <= bytes.len());
            let end = end.ok_or(Unusable::Corrupt)?;
            sections.push(start..end);
            at = end;
        }
        let [docs, articles, title_offsets, titles, dict, keys, variants] =
            <[Range<usize>; SECTIONS]>::try_from(sections).map_err(|_| Unusable::Corrupt)?;
        let n = articles.len() / 12;
        let shaped = articles.len() % 12 == 0
            && title_offsets.len() == (n + 1) * 4
            && dict.len() % RECORD_LEN == 0
            && variants.len() % 4 == 0;
        if !shaped {
            return Err(Unusable::Corrupt);
        }
        let docs = postcard::from_bytes(&bytes[docs]).map_err(|_| Unusable::Corrupt)?;
        let written_ns = header.written_ns;
        Ok(Meta { written_ns, docs, bytes, articles, title_offsets, titles, dict, keys, variants })
    }

    pub fn article_count(&self) -> usize {
        self.articles.len() / 12
    }

    pub fn article(&self, i: usize) -> Option<ArticleMeta> {
        let at = self.articles.start + i.checked_mul(12)?;
        if at + 12 > self.articles.end {
            return None;
        }
        let b = &self.bytes;
        Some(ArticleMeta { doc: u32_at(b, at), article: u32_at(b, at + 4), len: u32_at(b, at + 8) })
    }

    pub fn title(&self, i: usize) -> Option<&str> {
        let at = self.title_offsets.start + i.checked_mul(4)?;
        if at + 8 > self.title_offsets.end {
            return None;
        }
        let (start, end) = (u32_at(&self.bytes, at) as usize, u32_at(&self.bytes, at + 4) as usize);
        let titles = self.bytes.get(self.titles.clone())?;
        std::str::from_utf8(titles.get(start..end)?).ok()
    }

    pub fn term_count(&self) -> usize {
        self.dict.len() / RECORD_LEN
    }

    /// Term `i`'s key; `None` past the end or for damaged bytes.
    pub fn key(&self, i: usize) -> Option<&str> {
        let at = self.dict.start + i.checked_mul(RECORD_LEN)?;
        if at + RECORD_LEN > self.dict.end {
            return None;
        }
        let (start, len) = (u32_at(&self.bytes, at) as usize, u32_at(&self.bytes, at + 4) as usize);
        let keys = self.bytes.get(self.keys.clone())?;
        std::str::from_utf8(keys.get(start..start.checked_add(len)?)?).ok()
    }

    /// Binary search of the sorted dictionary, in its bytes.
    pub fn find(&self, key: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.term_count());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.key(mid)?.cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    pub fn record(&self, i: usize) -> Option<TermRecord> {
        let at = self.dict.start + i.checked_mul(RECORD_LEN)?;
        if at + RECORD_LEN > self.dict.end {
            return None;
        }
        let b = &self.bytes;
        let offset = u64_at(b, at + 8);
        let len = u64::from(u32_at(b, at + 16));
        let raw_len = u32_at(b, at + 20);
        let check = u64_at(b, at + 24);
        let (vstart, vlen) = (u32_at(b, at + 32) as usize, u32_at(b, at + 36) as usize);
        let vstart = self.variants.start.checked_add(vstart.checked_mul(4)?)?;
        let vend = vstart.checked_add(vlen.checked_mul(4)?)?;
        if vend > self.variants.end {
            return None;
        }
        Some(TermRecord {
            postings: offset..offset.checked_add(len)?,
            raw_len,
            check,
            variants: vstart..vend,
        })
    }

    /// Term numbers of the marked forms of a term.
    pub fn variants<'a>(&'a self, record: &TermRecord) -> impl Iterator<Item = usize> + 'a {
        let bytes = self.bytes.get(record.variants.clone()).unwrap_or_default();
        bytes.chunks_exact(4).map(|c| u32_at(c, 0) as usize)
    }
}

/// Whether a list's stored bytes are the ones the record was written with.
pub fn intact(record: &TermRecord, stored: &[u8]) -> bool {
    xxh3_64(stored) == record.check
}

/// The posting list `record` describes, as one [`Postings`] byte run;
/// `None` if its bytes fail the checksum or its chunks' raw lengths do
/// not add up to the record's. That length counts each chunk as stored,
/// its first article whole: the joined run, where all but the first are
/// deltas, can be shorter.
pub fn unpack(record: &TermRecord, stored: &[u8]) -> Option<Vec<u8>> {
    if !intact(record, stored) {
        return None;
    }
    let raw: u64 = chunks::chunks(stored)?.iter().map(|c| u64::from(c.raw_len)).sum();
    if raw != u64::from(record.raw_len) {
        return None;
    }
    chunks::unpack(stored)
}

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
        writer.push_all(&postings.bytes, Some);
        writer.flush();
        self.packed_term(key, &writer, variants);
    }

    /// As [`Encoder::term`], for a list already packed (on another thread).
    pub fn packed_term(&mut self, key: &str, packed: &ChunkWriter, variants: Vec<String>) {
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
        let mut meta = Vec::new();
        for section in
            [&docs, &self.articles, &self.title_offsets, &self.titles, &self.dict, &self.keys]
        {
            meta.extend_from_slice(&(section.len() as u64).to_le_bytes());
            meta.extend_from_slice(section);
        }
        meta.extend_from_slice(&(variants.len() as u64).to_le_bytes());
        meta.extend_from_slice(&variants);
        let mut head = Vec::with_capacity(HEADER_LEN + meta.len());
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        head.extend_from_slice(&0u32.to_le_bytes());
        for v in [loader_stamp, written_ns, meta.len() as u64, self.postings.len() as u64] {
            head.extend_from_slice(&v.to_le_bytes());
        }
        head.extend_from_slice(&xxh3_64(&meta).to_le_bytes());
        let check = xxh3_64(&head);
        head.extend_from_slice(&check.to_le_bytes());
        head.extend_from_slice(&meta);
        (head, self.postings)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Little-endian reads that give 0 past the end: the checksums, not these,
/// decide whether bytes are sound.
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    if let Some(s) = bytes.get(at..at + 4) {
        b.copy_from_slice(s);
    }
    u32::from_le_bytes(b)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    if let Some(s) = bytes.get(at..at + 8) {
        b.copy_from_slice(s);
    }
    u64::from_le_bytes(b)
}
