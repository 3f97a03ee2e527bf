//! A term's posting list as stored: a run of lz4-compressed chunks.
//!
//! Each chunk is `first article, last article, raw length, stored length,
//! entries` (u32 LE each) and the lz4 block of a self-contained [`Postings`] byte
//! run (its first entry's article is absolute, not a delta). Why chunks:
//! an update renumbers articles only from the first changed document on,
//! and a chunk whose articles all keep their numbers is copied as it is,
//! still compressed; only chunks that change are decompressed and packed
//! again. Lists of similar articles repeat each other's patterns, which lz4
//! finds within a chunk at little cost to a query (it decompresses a few
//! lists).

use crate::model::search::postings::{Entry, Postings, coded_in};

/// Raw bytes per chunk: large enough for lz4 to find repeats, small
/// enough that an edit recompresses little. Tiny in tests, so small test
/// libraries have lists of many chunks.
pub const CHUNK_BYTES: usize = if cfg!(test) { 40 } else { 64 * 1024 };
const HEAD: usize = 20;

/// One stored chunk, borrowed from the list's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    pub first: u32,
    pub last: u32,
    /// Its raw bytes, the first article whole (not a delta).
    pub raw_len: u32,
    /// Its entries (articles): a list read back needs no pass to count
    /// them.
    pub entries: u32,
    /// Header and compressed bytes: what a copy takes.
    pub whole: &'a [u8],
}

impl Chunk<'_> {
    fn compressed(&self) -> &[u8] {
        self.whole.get(HEAD..).unwrap_or_default()
    }

    /// The chunk's raw bytes into `raw`; false if they do not decompress
    /// to the recorded length (or that length is more than lz4 can pack).
    pub fn unpack_into(&self, raw: &mut Vec<u8>) -> bool {
        let (len, packed) = (self.raw_len as usize, self.compressed());
        if len > packed.len().saturating_mul(255).saturating_add(64) {
            return false;
        }
        raw.clear();
        raw.resize(len, 0);
        lz4_flex::block::decompress_into(packed, raw).is_ok_and(|n| n == len)
    }
}

/// The chunks of a stored list; `None` if the headers do not add up.
pub fn chunks(stored: &[u8]) -> Option<Vec<Chunk<'_>>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < stored.len() {
        let head = stored.get(at..at + HEAD)?;
        let word = |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        let end = (at + HEAD).checked_add(word(12) as usize)?;
        let whole = stored.get(at..end)?;
        let (first, last, raw_len, entries) = (word(0), word(4), word(8), word(16));
        out.push(Chunk { first, last, raw_len, entries, whole });
        at = end;
    }
    Some(out)
}

/// The whole list: the chunks decompressed and joined, each chunk's
/// absolute first article made a delta again.
pub fn unpack(stored: &[u8]) -> Option<Postings> {
    let chunks = chunks(stored)?;
    let raw_len: usize = chunks.iter().map(|c| c.raw_len as usize).sum();
    let mut out = Vec::with_capacity(raw_len);
    let mut raw = Vec::new();
    let mut last = None;
    let mut df = 0u32;
    for chunk in chunks {
        if !chunk.unpack_into(&mut raw) {
            return None;
        }
        let mut at = 0;
        let first = get(&raw, &mut at)?;
        match last {
            None => put(&mut out, first),
            Some(last) => put(&mut out, first.checked_sub(last)?),
        }
        out.extend_from_slice(raw.get(at..)?);
        last = Some(chunk.last);
        df = df.checked_add(chunk.entries)?;
    }
    Some(Postings::from_parts(out, df, last.unwrap_or(0)))
}

/// A list as stored, and its chunks' raw bytes summed.
#[derive(Debug, Default)]
pub struct Packed {
    pub stored: Vec<u8>,
    pub raw_len: u64,
}

/// Builds a stored list from entries in article order and from chunks
/// copied as they are.
#[derive(Debug, Default)]
pub struct ChunkWriter {
    pub stored: Vec<u8>,
    /// Raw bytes of all chunks so far.
    pub raw_len: u64,
    pending: Postings,
    first: u32,
    last: Option<u32>,
}

impl ChunkWriter {
    pub fn clear(&mut self) {
        self.stored.clear();
        self.raw_len = 0;
        self.pending.clear();
        self.last = None;
    }

    /// Appends an entry, `coded` its positions; false (and nothing
    /// appended) if `article` does not come after the last one.
    pub fn push(&mut self, article: u32, e: &Entry, coded: &[u8]) -> bool {
        if self.last.is_some_and(|l| l >= article) {
            return false;
        }
        if self.pending.df == 0 {
            self.first = article;
        }
        self.pending.push(article, (e.npos, e.head, e.title), coded);
        self.last = Some(article);
        if self.pending.bytes.len() >= CHUNK_BYTES {
            self.flush();
        }
        true
    }

    /// Every entry of a raw list, in order.
    pub fn push_all(&mut self, raw: &[u8], renumber: impl Fn(u32) -> Option<u32>) -> bool {
        crate::model::search::postings::entries_of(raw).all(|e| match renumber(e.article) {
            Some(new) => self.push(new, &e, coded_in(raw, &e)),
            None => true,
        })
    }

    /// Appends a whole list whose articles are already the ones to store,
    /// given in parts (each numbered from 0, to be numbered from its
    /// base: the runs of an index built on several cores), to a writer
    /// that holds nothing yet. Chunks end at the same entries as pushing
    /// the entries one at a time would end them, and come out byte for
    /// byte the same, but entries are copied as they are instead of coded
    /// again one by one: a full build writes every list this way, and
    /// re-coding was twice the time of compressing. False if the writer was
    /// not empty (it is left as it was), or if a part does not hold whole
    /// entries in order (the writer is left empty).
    pub fn push_parts(&mut self, parts: &[(u32, &[u8])]) -> bool {
        if self.last.is_some() || self.pending.df > 0 {
            return false;
        }
        for &(base, raw) in parts {
            if !self.push_part(base, raw) {
                self.clear();
                return false;
            }
        }
        self.flush();
        true
    }

    /// One part of [`Self::push_parts`]: the open chunk's bytes are copied
    /// from the part a run at a time (from `span` on), its first entry's
    /// article coded again (whole, or as a delta from the part before).
    fn push_part(&mut self, base: u32, raw: &[u8]) -> bool {
        let mut span: Option<usize> = None;
        let mut entry_start = 0;
        for e in crate::model::search::postings::entries_of(raw) {
            let Some(article) = e.article.checked_add(base) else { return false };
            if self.last.is_some_and(|l| l >= article) {
                return false;
            }
            let end = (e.at as usize).saturating_add(e.coded as usize);
            if end > raw.len() {
                return false;
            }
            let from = match span {
                Some(from) => from,
                None => {
                    let mut at = entry_start;
                    let _delta = get(raw, &mut at);
                    match self.last.filter(|_| self.pending.df > 0) {
                        Some(last) => put(&mut self.pending.bytes, article - last),
                        None => {
                            self.first = article;
                            put(&mut self.pending.bytes, article);
                        }
                    }
                    at
                }
            };
            self.pending.df += 1;
            self.last = Some(article);
            let Some(bytes) = raw.get(from..end) else { return false };
            if self.pending.bytes.len() + bytes.len() >= CHUNK_BYTES {
                self.pending.bytes.extend_from_slice(bytes);
                self.flush();
                span = None;
            } else {
                span = Some(from);
            }
            entry_start = end;
        }
        if let Some(from) = span {
            self.pending.bytes.extend_from_slice(raw.get(from..entry_start).unwrap_or_default());
        }
        true
    }

    /// Copies a stored chunk; false if it would come out of order.
    pub fn copy(&mut self, chunk: &Chunk) -> bool {
        if self.last.is_some_and(|l| l >= chunk.first) {
            return false;
        }
        self.flush();
        self.stored.extend_from_slice(chunk.whole);
        self.raw_len += u64::from(chunk.raw_len);
        self.last = Some(chunk.last);
        true
    }

    /// The list as stored, the last chunk written. The writer's scratch
    /// (a chunk's raw bytes) goes back now: a merge holds every term's
    /// packed list until all are written, and kept scratch was most of a
    /// build's page faults after indexing.
    pub fn finish(mut self) -> Packed {
        self.flush();
        Packed { stored: self.stored, raw_len: self.raw_len }
    }

    fn flush(&mut self) {
        if self.pending.df == 0 {
            return;
        }
        let packed = lz4_flex::compress(&self.pending.bytes);
        let raw_len = self.pending.bytes.len();
        let last = self.last.unwrap_or(self.first);
        let entries = self.pending.df;
        for v in [self.first, last, to_u32(raw_len), to_u32(packed.len()), entries] {
            self.stored.extend_from_slice(&v.to_le_bytes());
        }
        self.stored.extend_from_slice(&packed);
        self.raw_len += raw_len as u64;
        self.pending.clear();
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of `(article gap, positions' byte count)`: byte counts up to
    /// a few times [`CHUNK_BYTES`], so chunks end after one entry or many.
    fn list_of(entries: &[(u32, usize)]) -> Postings {
        let mut p = Postings::default();
        let mut article = 0u32;
        for (i, &(gap, coded)) in entries.iter().enumerate() {
            article += if i == 0 { gap } else { gap.max(1) };
            p.push(article, (coded as u32, 0, u32::from(gap % 3 == 0)), &vec![1; coded]);
        }
        p
    }

    fn one_at_a_time(raw: &[u8]) -> ChunkWriter {
        let mut w = ChunkWriter::default();
        assert!(w.push_all(raw, Some));
        w.flush();
        w
    }

    proptest::proptest! {
        /// Whole, a list is cut and packed as pushing its entries one at
        /// a time packs it, byte for byte.
        #[test]
        fn a_whole_list_packs_as_its_entries_do(
            entries in proptest::collection::vec((0u32..300, 0usize..3 * CHUNK_BYTES), 0..30),
        ) {
            let raw = list_of(&entries).bytes;
            let mut whole = ChunkWriter::default();
            proptest::prop_assert!(whole.push_parts(&[(0, &raw)]));
            let expected = one_at_a_time(&raw);
            proptest::prop_assert_eq!(&whole.stored, &expected.stored);
            proptest::prop_assert_eq!(whole.raw_len, expected.raw_len);
        }
    }

    proptest::proptest! {
        /// A list cut into parts, each numbered from 0 and given its base,
        /// packs as the whole list does.
        #[test]
        fn a_list_in_parts_packs_as_the_whole_list(
            entries in proptest::collection::vec((0u32..300, 0usize..2 * CHUNK_BYTES), 1..30),
            cuts in proptest::collection::btree_set(0usize..30, 0..4),
        ) {
            let whole = list_of(&entries);
            let all: Vec<Entry> = whole.entries().collect();
            let mut parts: Vec<(u32, Postings)> = Vec::new();
            for (i, e) in all.iter().enumerate() {
                if i == 0 || cuts.contains(&i) {
                    // A part's base: at most its first article.
                    parts.push((e.article / 2, Postings::default()));
                }
                let (base, part) = parts.last_mut().unwrap();
                part.push(e.article - *base, (e.npos, e.head, e.title), whole.coded_positions(e));
            }
            let given: Vec<(u32, &[u8])> = parts.iter().map(|(b, p)| (*b, &p.bytes[..])).collect();
            let mut w = ChunkWriter::default();
            proptest::prop_assert!(w.push_parts(&given));
            let expected = one_at_a_time(&whole.bytes);
            proptest::prop_assert_eq!(&w.stored, &expected.stored);
            proptest::prop_assert_eq!(w.raw_len, expected.raw_len);
        }
    }

    #[test]
    fn only_an_empty_writer_takes_a_whole_list() {
        let raw = list_of(&[(3, 50), (200, 2), (1, 70)]).bytes;
        let mut w = ChunkWriter::default();
        assert!(w.push(1, &Entry { article: 1, npos: 0, head: 0, title: 1, at: 0, coded: 0 }, &[]));
        // Near miss: a writer holding an entry says no and keeps it, for
        // the caller's entry-by-entry path.
        assert!(!w.push_parts(&[(0, &raw)]));
        assert_eq!((w.pending.df, w.last), (1, Some(1)));
        // Cut inside its last entry's positions: refused, nothing kept.
        let mut w = ChunkWriter::default();
        assert!(!w.push_parts(&[(0, &raw[..raw.len() - 5])]));
        assert!(w.stored.is_empty() && w.raw_len == 0);
        assert!(w.push_parts(&[(0, &raw)]));
        assert_eq!(unpack(&w.stored).map(|p| p.bytes), Some(raw));
    }
}
