//! The persistent search index as bytes: the header, the records it
//! names and the checks, pure and without I/O ([`super::meta`] reads the
//! meta region, [`super::encoder`] writes a file).
//!
//! Layout: a fixed header, the meta region, the postings region.
//! - Header ([`HEADER_LEN`] bytes): `QUIREIDX`, format version (u32 LE),
//!   zero (u32), loader stamp, written-at ns, meta length, postings
//!   length, then per meta section its length and xxh3, and last an xxh3
//!   of the header before it (u64 LE each).
//! - Meta: the [`SECTIONS`] sections back to back, in [`Section`] order:
//!   the document table (postcard), the article table (doc, article,
//!   length: u32 LE each), title offsets (u32 LE, one more than articles)
//!   and title bytes, the term dictionary (fixed [`RECORD_LEN`]-byte
//!   records sorted by key), the keys' bytes, and variant lists (u32 LE
//!   term numbers).
//! - Postings: per term, its [`Postings`] bytes as the in-memory index
//!   codes them, in lz4-compressed chunks (see [`chunks`]); the dictionary
//!   record gives offset, length, the uncompressed length and an xxh3 of
//!   the stored bytes.
//!
//! Why this shape: a query reads the header, then only the sections it
//! needs (a one-word query: the dictionary, the keys and the article
//! table, not the titles or the document table), binary-searches the
//! dictionary in its bytes, and reads only the posting lists it names.
//! Each section and each list is checked by its own hash when first read,
//! so a torn, truncated or scribbled-on file reads as "no index" instead
//! of a wrong answer, without hashing what a query does not touch.
//! (Format 1 hashed the whole meta region at open: most of a warm query's
//! time, see docs/PERFORMANCE.md.)
//!

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use std::ops::Range;

use super::chunks;
use crate::model::search::postings::Postings;

const MAGIC: &[u8; 8] = b"QUIREIDX";
/// Bump when the layout above, [`DocRecord`] or the postings coding change.
pub const FORMAT_VERSION: u32 = 2;
pub const SECTIONS: usize = 7;
/// The fixed fields (48 bytes), a length and a hash per section, the
/// header's own hash.
pub const HEADER_LEN: usize = 48 + SECTIONS * 16 + 8;
pub(super) const RECORD_LEN: usize = 40;

/// The meta region's sections, in their order in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Docs,
    Articles,
    TitleOffsets,
    Titles,
    Dict,
    Keys,
    Variants,
}

impl Section {
    pub const ALL: [Section; SECTIONS] = [
        Section::Docs,
        Section::Articles,
        Section::TitleOffsets,
        Section::Titles,
        Section::Dict,
        Section::Keys,
        Section::Variants,
    ];
}

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

/// Where a term's posting list lies in the postings region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRecord {
    pub postings: Range<u64>,
    /// Its chunks' raw bytes, summed (see [`unpack`]).
    pub raw_len: u32,
    pub check: u64,
    /// Its variant list, in the variants section.
    pub(super) variants: Range<usize>,
}

/// Where a section lies in the meta region, and the hash its bytes must
/// have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionMark {
    pub range: Range<u64>,
    pub check: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub written_ns: u64,
    pub meta_len: u64,
    pub postings_len: u64,
    /// In [`Section`] order; they tile the meta region.
    pub sections: [SectionMark; SECTIONS],
}

impl Header {
    /// The whole file's length this header promises.
    pub fn file_len(&self) -> u64 {
        (HEADER_LEN as u64).saturating_add(self.meta_len).saturating_add(self.postings_len)
    }

    pub fn section(&self, section: Section) -> &SectionMark {
        &self.sections[section as usize]
    }
}

pub fn decode_header(loader_stamp: u64, bytes: &[u8]) -> Result<Header, Unusable> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Unusable::Foreign);
    }
    // A header too short for this format's table is judged by its version
    // first: an older format's file is stale, not damaged.
    if bytes.len() >= 16 && u32_at(bytes, 8) != FORMAT_VERSION {
        return Err(Unusable::OtherVersion);
    }
    let Some(head) = bytes.get(..HEADER_LEN) else { return Err(Unusable::Corrupt) };
    if xxh3_64(&head[..HEADER_LEN - 8]) != u64_at(head, HEADER_LEN - 8) {
        return Err(Unusable::Corrupt);
    }
    if u64_at(head, 16) != loader_stamp {
        return Err(Unusable::OtherVersion);
    }
    let meta_len = u64_at(head, 32);
    let mut at = 0u64;
    let sections = std::array::from_fn(|i| {
        let len = u64_at(head, 48 + i * 16);
        let start = at;
        at = at.saturating_add(len);
        SectionMark { range: start..at, check: u64_at(head, 56 + i * 16) }
    });
    if at != meta_len {
        return Err(Unusable::Corrupt);
    }
    Ok(Header { written_ns: u64_at(head, 24), meta_len, postings_len: u64_at(head, 40), sections })
}

/// The header for a meta region cut into `sections` (in [`Section`]
/// order), its own hash last.
pub(super) fn encode_header(
    (loader_stamp, written_ns): (u64, u64),
    sections: &[&[u8]; SECTIONS],
    postings_len: u64,
) -> Vec<u8> {
    let meta_len: u64 = sections.iter().map(|s| s.len() as u64).sum();
    let mut head = Vec::with_capacity(HEADER_LEN);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    head.extend_from_slice(&0u32.to_le_bytes());
    for v in [loader_stamp, written_ns, meta_len, postings_len] {
        head.extend_from_slice(&v.to_le_bytes());
    }
    for section in sections {
        head.extend_from_slice(&(section.len() as u64).to_le_bytes());
        head.extend_from_slice(&xxh3_64(section).to_le_bytes());
    }
    let check = xxh3_64(&head);
    head.extend_from_slice(&check.to_le_bytes());
    head
}

/// Whether a list's stored bytes are the ones the record was written with.
pub fn intact(record: &TermRecord, stored: &[u8]) -> bool {
    xxh3_64(stored) == record.check
}

/// The posting list `record` describes; `None` if its bytes fail the
/// checksum or its chunks' raw lengths do not add up to the record's.
/// That length counts each chunk as stored, its first article whole: the
/// joined run, where all but the first are deltas, can be shorter.
pub fn unpack(record: &TermRecord, stored: &[u8]) -> Option<Postings> {
    if !intact(record, stored) {
        return None;
    }
    let raw: u64 = chunks::chunks(stored)?.iter().map(|c| u64::from(c.raw_len)).sum();
    if raw != u64::from(record.raw_len) {
        return None;
    }
    chunks::unpack(stored)
}

/// Little-endian reads that give 0 past the end: the checksums, not these,
/// decide whether bytes are sound.
pub(super) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    if let Some(s) = bytes.get(at..at + 4) {
        b.copy_from_slice(s);
    }
    u32::from_le_bytes(b)
}

pub(super) fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    if let Some(s) = bytes.get(at..at + 8) {
        b.copy_from_slice(s);
    }
    u64::from_le_bytes(b)
}
