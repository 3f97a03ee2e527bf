//! The manifest: one file holding, for every cached document, its stamp
//! and its outline (the document without its blocks).
//!
//! Why one file beside the per-document entries: a warm `quire outline`
//! of a 2,000-file library, or the reader's list, needs only outlines, and
//! opening, reading and decompressing 2,000 entry files cost ten times
//! more than the walk itself. One read and one decompression of a file a
//! few percent of the library's size serve them all; the entries are
//! still there for whole documents (reading, export, search).
//!
//! Layout: `QUIREMAN`, format version (u32 LE), loader stamp (u64 LE),
//! the lz4 body (size prepended), and an xxh3 of everything before it.
//! The body is a record count (u32 LE), then per record the postcard
//! [`Header`] and the postcard outline, each after its length (u32 LE).
//! Outlines stay encoded until asked for, so a lookup decodes only the
//! documents it serves, on the thread that serves them.
//!
//! Writers merge: under an advisory lock on a file beside it, a writer
//! re-reads the manifest, adds its records (the newer of two for one file
//! wins), writes a temp file and renames it over the manifest. Two quire
//! processes never lose each other's records, a reader never sees half a
//! file, and a failed write leaves the old manifest as it was.

use std::collections::HashMap;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::cache_entry::{Header, Unusable, outline_of};
use crate::model::Document;

const MAGIC: &[u8; 8] = b"QUIREMAN";

/// Bump when the layout above, [`Header`] or the documents' encoding
/// changes (2: content ids as numbers).
pub const FORMAT_VERSION: u32 = 2;

const PREFIX_LEN: usize = MAGIC.len() + 4 + 8;
const CHECKSUM_LEN: usize = 8;

/// One cached file: its header and its encoded outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub header: Header,
    pub outline: Vec<u8>,
}

impl Record {
    /// The record for a document, which may be whole or an outline.
    pub fn new(header: Header, document: &Document) -> Option<Record> {
        Some(Record { header, outline: encode_outline(document)? })
    }

    pub fn document(&self) -> Option<Document> {
        postcard::from_bytes(&self.outline).ok()
    }

    /// The outline without its sections, as the reader's list needs it
    /// (see [`super::listing`]); its origin is left blank.
    pub fn listed(&self) -> Option<Document> {
        super::listing::decode(&self.outline)
    }
}

/// The records by file: canonical path and the name it was loaded under,
/// hashed (a lookup per file of a large library builds no strings); a
/// record found is checked to be that file's.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    records: HashMap<u64, Record>,
}

fn key(path: &str, name: &str) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(path.as_bytes());
    hasher.update(&[0]);
    hasher.update(name.as_bytes());
    hasher.digest()
}

impl Manifest {
    pub fn get(&self, path: &str, name: &str) -> Option<&Record> {
        let record = self.records.get(&key(path, name))?;
        (record.header.path == path && record.header.name == name).then_some(record)
    }

    /// Adds a record unless the manifest holds a newer one for that file
    /// (another process wrote it after this one looked).
    pub fn merge(&mut self, record: Record) {
        let key = key(&record.header.path, &record.header.name);
        match self.records.get(&key) {
            Some(held) if held.header.written_ns > record.header.written_ns => {}
            _ => {
                self.records.insert(key, record);
            }
        }
    }

    /// Keeps only the records `keep` accepts; returns how many went.
    pub fn retain(&mut self, mut keep: impl FnMut(&Header) -> bool) -> usize {
        let before = self.records.len();
        self.records.retain(|_, record| keep(&record.header));
        before - self.records.len()
    }

    /// The manifest's bytes; records in path order, so equal manifests
    /// are equal files.
    pub fn encode(&self, loader_stamp: u64) -> Option<Vec<u8>> {
        let mut records: Vec<&Record> = self.records.values().collect();
        records.sort_by(|a, b| {
            (&a.header.path, &a.header.name).cmp(&(&b.header.path, &b.header.name))
        });
        let mut body = Vec::new();
        body.extend_from_slice(&u32::try_from(records.len()).ok()?.to_le_bytes());
        for record in records {
            push_part(&mut body, &postcard::to_allocvec(&record.header).ok()?)?;
            push_part(&mut body, &record.outline)?;
        }
        let packed = lz4_flex::compress_prepend_size(&body);
        let mut bytes = Vec::with_capacity(PREFIX_LEN + packed.len() + CHECKSUM_LEN);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&loader_stamp.to_le_bytes());
        bytes.extend_from_slice(&packed);
        let checksum = xxh3_64(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        Some(bytes)
    }

    /// Checks and reads a manifest's bytes.
    pub fn decode(loader_stamp: u64, bytes: &[u8]) -> Result<Manifest, Unusable> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Unusable::Foreign);
        }
        if bytes.len() < PREFIX_LEN + CHECKSUM_LEN {
            return Err(Unusable::Corrupt);
        }
        let format = u32::from_le_bytes(array(&bytes[8..12]));
        let loader = u64::from_le_bytes(array(&bytes[12..20]));
        if format != FORMAT_VERSION || loader != loader_stamp {
            return Err(Unusable::OtherVersion);
        }
        let (content, checksum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if checksum != xxh3_64(content).to_le_bytes() {
            return Err(Unusable::Corrupt);
        }
        let body = lz4_flex::decompress_size_prepended(&content[PREFIX_LEN..])
            .map_err(|_| Unusable::Corrupt)?;
        parse_body(&body).ok_or(Unusable::Corrupt)
    }
}

fn parse_body(body: &[u8]) -> Option<Manifest> {
    let mut rest = body;
    let count = u32::from_le_bytes(array(take(&mut rest, 4)?));
    let mut manifest = Manifest::default();
    for _ in 0..count {
        let header: Header = postcard::from_bytes(take_part(&mut rest)?).ok()?;
        let outline = take_part(&mut rest)?.to_vec();
        let key = key(&header.path, &header.name);
        manifest.records.insert(key, Record { header, outline });
    }
    rest.is_empty().then_some(manifest)
}

fn push_part(out: &mut Vec<u8>, part: &[u8]) -> Option<()> {
    out.extend_from_slice(&u32::try_from(part.len()).ok()?.to_le_bytes());
    out.extend_from_slice(part);
    Some(())
}

fn take<'a>(rest: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    if rest.len() < len {
        return None;
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Some(head)
}

fn take_part<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = u32::from_le_bytes(array(take(rest, 4)?));
    take(rest, usize::try_from(len).ok()?)
}

/// The document without its blocks, encoded: titles, bylines, kinds, word
/// counts and section headings.
pub fn encode_outline(document: &Document) -> Option<Vec<u8>> {
    postcard::to_allocvec(&outline_of(document)).ok()
}

/// A fixed-size copy of a slice whose length the caller checked.
fn array<const N: usize>(slice: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&slice[..N]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::cache_entry::Stamp;
    use crate::model::loader;

    fn record(path: &str, written_ns: u64, text: &str) -> Record {
        let doc = loader::load("a.md", text.as_bytes()).unwrap();
        let header = Header {
            path: path.into(),
            name: "a.md".into(),
            stamp: Stamp { size: text.len() as u64, mtime_ns: 5 },
            content_hash: 9,
            written_ns,
        };
        Record::new(header, &doc).unwrap()
    }

    fn sample() -> Manifest {
        let mut manifest = Manifest::default();
        manifest.merge(record("/x/a.md", 7, "# Alpha\n\nText.\n\n## Part one\n\nMore."));
        manifest.merge(record("/y/a.md", 8, "# Beta\n\nOther text."));
        manifest
    }

    #[test]
    fn a_manifest_round_trips_outlines_without_blocks() {
        let bytes = sample().encode(3).unwrap();
        let read = Manifest::decode(3, &bytes).unwrap();
        let alpha = read.get("/x/a.md", "a.md").unwrap().document().unwrap();
        assert_eq!(alpha.title, "Alpha");
        assert_eq!(alpha.articles[0].sections[1].heading.as_deref(), Some("Part one"));
        assert!(alpha.articles[0].words > 0);
        assert!(alpha.articles[0].blocks().next().is_none());
        assert_eq!(read.get("/y/a.md", "a.md").unwrap().document().unwrap().title, "Beta");
        assert!(read.get("/x/a.md", "b.md").is_none(), "the name is part of the key");
        assert_eq!(read.encode(3), Some(bytes), "equal manifests are equal files");
    }

    #[test]
    fn every_truncation_and_any_flipped_byte_is_refused() {
        let bytes = sample().encode(3).unwrap();
        for len in 0..bytes.len() {
            assert!(Manifest::decode(3, &bytes[..len]).is_err(), "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x04;
            assert!(Manifest::decode(3, &damaged).is_err(), "flipped byte {at}");
        }
    }

    #[test]
    fn other_versions_and_foreign_bytes_are_told_apart() {
        let bytes = sample().encode(3).unwrap();
        assert_eq!(Manifest::decode(4, &bytes).err(), Some(Unusable::OtherVersion));
        assert_eq!(Manifest::decode(3, b"QUIRECAT entry").err(), Some(Unusable::Foreign));
    }

    #[test]
    fn merging_keeps_the_newer_record_of_a_file() {
        let mut manifest = sample();
        manifest.merge(record("/x/a.md", 6, "# Older\n\nText."));
        let kept = manifest.get("/x/a.md", "a.md").unwrap().document().unwrap();
        assert_eq!(kept.title, "Alpha", "an older record does not replace a newer one");
        manifest.merge(record("/x/a.md", 9, "# Newer\n\nText."));
        let kept = manifest.get("/x/a.md", "a.md").unwrap().document().unwrap();
        assert_eq!(kept.title, "Newer");
        assert_eq!(manifest.retain(|h| h.path.starts_with("/y")), 1);
        assert!(manifest.get("/x/a.md", "a.md").is_none());
    }
}
