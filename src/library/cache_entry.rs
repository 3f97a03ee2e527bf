//! One catalogue entry as bytes: the stamp of the file it caches and the
//! segmented document, compressed.
//!
//! Layout: `QUIRECAT`, format version (u32 LE), loader stamp (u64 LE),
//! header length (u32 LE), the postcard header, the body, and last an
//! xxh3 of everything before it. The body is the outline (the document
//! with its blocks left out: what `quire outline` needs, a fraction of the
//! size; postcard + lz4, quick to open) and the whole document (postcard +
//! deflate: prose shrinks to about a third, where lz4 gets about half, and
//! the cache must stay under half the library's size), the outline's
//! length first (u32 LE). A large text or Markdown document's whole part
//! is left empty (see [`WHOLE_TEXT_MAX`]). The checksum is what makes a torn,
//! truncated or scribbled-on file read as "no entry" instead of as a wrong
//! document: postcard would happily decode many garbage bodies.

use serde::{Deserialize, Serialize};
use std::io::{self, Write};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::model::{Article, Document, Format, Section};

/// Text and Markdown documents whose encoding is larger than this are
/// cached as their outline only, and loading one whole reads its file
/// again. A cached document's paragraphs are strings of their own, where
/// a loaded one's share the file's bytes: opening the 105 MB eMag of the
/// `huge` bench from its entry peaked at 265 MiB (the entry, its inflated
/// bytes and the decoded copy), against 157 MiB for segmenting the file,
/// which for text runs at about 150 MB/s. Other formats are kept whole:
/// their parsers are slower, and their text is not the file's anyway.
pub const WHOLE_TEXT_MAX: usize = 16 << 20;

const MAGIC: &[u8; 8] = b"QUIRECAT";

/// Bump when the layout above, [`Header`] or the documents' encoding
/// changes (4: content ids as numbers).
pub const FORMAT_VERSION: u32 = 4;

const PREFIX_LEN: usize = MAGIC.len() + 4 + 8 + 4;
const CHECKSUM_LEN: usize = 8;

/// What identifies one version of a file on disk without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 before it).
    pub mtime_ns: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The canonical path, lossily as text: for pruning entries whose file
    /// is gone, and to refuse an entry whose key collided.
    pub path: String,
    /// The name the file was loaded under: the loader reads format and
    /// fallback title from it.
    pub name: String,
    pub stamp: Stamp,
    /// xxh3 of the file's bytes, so a touched but unchanged file is only
    /// re-stamped, not re-segmented.
    pub content_hash: u64,
    /// When the entry was written (ns since the epoch): a file modified
    /// within the clock's resolution of that moment may have changed
    /// without its stamp changing, so its stamp is not trusted.
    pub written_ns: u64,
}

/// Why bytes were not a usable entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Not a catalogue entry at all (or cut before its magic).
    Foreign,
    /// Written by another format or loader version: stale, not broken.
    OtherVersion,
    /// Torn, truncated or damaged.
    Corrupt,
}

/// A decoded header and the still-compressed document.
#[derive(Debug)]
pub struct Entry<'a> {
    pub header: Header,
    pub body: &'a [u8],
}

impl Entry<'_> {
    /// The cached document; `None` if the body does not decode (it passed
    /// the checksum, so only a bug or a hash collision gets here).
    ///
    /// A large text's whole part, written before such documents were
    /// cached as their outline only (see [`WHOLE_TEXT_MAX`]), is not
    /// served either: the caller reads the file and writes the entry anew.
    pub fn document(&self, whole_text_max: usize) -> Option<Document> {
        let (outline, whole) = self.parts()?;
        let plain = usize::try_from(u32::from_le_bytes(array(whole.get(..4)?))).ok()?;
        if plain > whole_text_max && !kept_whole(unpack(outline)?.format, plain, whole_text_max) {
            return None;
        }
        unpack_dense(whole)
    }

    /// Whether the entry holds the whole document, not just its outline.
    pub fn is_whole(&self) -> bool {
        self.parts().is_some_and(|(_, whole)| !whole.is_empty())
    }

    /// The cached document without its blocks: titles, bylines, kinds,
    /// word counts and section headings only.
    pub fn outline(&self) -> Option<Document> {
        let (outline, _) = self.parts()?;
        unpack(outline)
    }

    fn parts(&self) -> Option<(&[u8], &[u8])> {
        let len = usize::try_from(u32::from_le_bytes(array(self.body.get(..4)?))).ok()?;
        let rest = &self.body[4..];
        (len <= rest.len()).then(|| rest.split_at(len))
    }
}

fn unpack(part: &[u8]) -> Option<Document> {
    let plain = lz4_flex::decompress_size_prepended(part).ok()?;
    postcard::from_bytes(&plain).ok()
}

/// The whole document from its deflated part, whose plain length comes
/// first (u32 LE) so that inflating is bounded.
fn unpack_dense(part: &[u8]) -> Option<Document> {
    let len = usize::try_from(u32::from_le_bytes(array(part.get(..4)?))).ok()?;
    let plain = miniz_oxide::inflate::decompress_to_vec_with_limit(&part[4..], len).ok()?;
    postcard::from_bytes(&plain).ok()
}

fn pack(document: &Document) -> Option<Vec<u8>> {
    let plain = postcard::to_allocvec(document).ok()?;
    Some(lz4_flex::compress_prepend_size(&plain))
}

/// The compressed body for `document`: its outline, then all of it,
/// deflated straight from postcard (see [`super::deflating`]).
#[cfg(test)]
pub fn compress(document: &Document) -> Option<Vec<u8>> {
    super::deflating::postcard_deflated_onto(document, outline_part(document, Vec::new())?)
}

/// `out` with the outline part of a body appended: its length, then it.
fn outline_part(document: &Document, mut out: Vec<u8>) -> Option<Vec<u8>> {
    let outline = pack(&outline_of(document))?;
    out.extend_from_slice(&u32::try_from(outline.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&outline);
    Some(out)
}

/// A copy of `document` without its blocks (the blocks are not cloned).
pub fn outline_of(document: &Document) -> Document {
    let articles = document
        .articles
        .iter()
        .map(|a| Article {
            id: a.id,
            title: a.title.clone(),
            author: a.author.clone(),
            source: a.source.clone(),
            date: a.date.clone(),
            kind: a.kind,
            sections: a
                .sections
                .iter()
                .map(|s| Section { heading: s.heading.clone(), level: s.level, blocks: Vec::new() })
                .collect(),
            words: a.words,
        })
        .collect();
    Document {
        id: document.id,
        origin: document.origin.clone(),
        title: document.title.clone(),
        format: document.format,
        articles,
        warnings: document.warnings.clone(),
    }
}

/// An entry's bytes from its header and compressed body.
pub fn encode(loader_stamp: u64, header: &Header, body: &[u8]) -> Option<Vec<u8>> {
    let mut bytes = prefix(loader_stamp, header, body.len())?;
    bytes.extend_from_slice(body);
    Some(sealed(bytes))
}

/// Writes the entry for a document just loaded to `out` as it is made
/// (only its outline for text over `whole_text_max`, see
/// [`WHOLE_TEXT_MAX`]):
/// the body's parts compressed straight onto the header, the checksum
/// taken on the way. Made in memory from a body, a 100 MB file's 22 MB
/// entry was held three times over (the deflated part, the body, the
/// entry), beside the document at the peak of its load, and the
/// allocator kept that room afterwards.
pub fn write_document(
    loader_stamp: u64,
    header: &Header,
    doc: &Document,
    whole_text_max: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut hashed = Hashed { out, hash: Xxh3::new() };
    let head = prefix(loader_stamp, header, 0).ok_or_else(|| io::Error::other("header"))?;
    hashed.write_all(&head)?;
    let outline = outline_part(doc, Vec::new()).ok_or_else(|| io::Error::other("outline"))?;
    hashed.write_all(&outline)?;
    let plain = super::deflating::postcard_len(doc)?;
    if kept_whole(doc.format, plain, whole_text_max) {
        super::deflating::postcard_deflated_to(doc, plain, &mut hashed)?;
    }
    let checksum = hashed.hash.digest();
    hashed.out.write_all(&checksum.to_le_bytes())
}

/// Whether a document of `format`, `plain` bytes in postcard, is cached
/// whole (see [`WHOLE_TEXT_MAX`]).
fn kept_whole(format: Format, plain: usize, whole_text_max: usize) -> bool {
    !matches!(format, Format::Text | Format::Markdown) || plain <= whole_text_max
}

/// A writer that hashes what passes through it.
struct Hashed<'a> {
    out: &'a mut dyn Write,
    hash: Xxh3,
}

impl Write for Hashed<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hash.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Magic, versions and the header, with room for `body` more bytes.
fn prefix(loader_stamp: u64, header: &Header, body: usize) -> Option<Vec<u8>> {
    let head = postcard::to_allocvec(header).ok()?;
    let head_len = u32::try_from(head.len()).ok()?;
    let mut bytes = Vec::with_capacity(PREFIX_LEN + head.len() + body + CHECKSUM_LEN);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&loader_stamp.to_le_bytes());
    bytes.extend_from_slice(&head_len.to_le_bytes());
    bytes.extend_from_slice(&head);
    Some(bytes)
}

/// `bytes` with their checksum appended.
fn sealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let checksum = xxh3_64(&bytes);
    bytes.extend_from_slice(&checksum.to_le_bytes());
    bytes
}

/// Checks and splits an entry's bytes.
pub fn decode(loader_stamp: u64, bytes: &[u8]) -> Result<Entry<'_>, Unusable> {
    let header = decode_header(loader_stamp, bytes)?;
    let (content, checksum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
    if checksum != xxh3_64(content).to_le_bytes() {
        return Err(Unusable::Corrupt);
    }
    let (header, head_end) = header;
    Ok(Entry { header, body: &content[head_end..] })
}

/// The header alone, without the checksum (pruning reads only the start
/// of a file). Also returns where the body starts.
pub fn decode_header(loader_stamp: u64, bytes: &[u8]) -> Result<(Header, usize), Unusable> {
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
    let head_len = u32::from_le_bytes(array(&bytes[20..24]));
    let head_end = usize::try_from(head_len)
        .ok()
        .and_then(|len| PREFIX_LEN.checked_add(len))
        .filter(|end| *end <= bytes.len().saturating_sub(CHECKSUM_LEN))
        .ok_or(Unusable::Corrupt)?;
    let header =
        postcard::from_bytes(&bytes[PREFIX_LEN..head_end]).map_err(|_| Unusable::Corrupt)?;
    Ok((header, head_end))
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
    use crate::model::loader;

    /// The entry written as it is made is the entry of its body.
    #[test]
    fn an_entry_written_as_it_is_made_is_the_entry_of_its_body() {
        let doc = loader::load("b.txt", "Notes\n\nPlain text lasts.\n".repeat(300).as_bytes());
        let (header, _) = sample();
        let doc = doc.unwrap();
        let mut whole = Vec::new();
        write_document(3, &header, &doc, WHOLE_TEXT_MAX, &mut whole).unwrap();
        assert_eq!(whole, encode(3, &header, &compress(&doc).unwrap()).unwrap());
        let entry = decode(3, &whole).unwrap();
        assert_eq!(entry.header, header);
    }

    fn sample() -> (Header, Vec<u8>) {
        let doc = loader::load("a.md", b"# Title\n\nSome text.\n\n## Part\n\nMore.").unwrap();
        let header = Header {
            path: "/x/a.md".into(),
            name: "a.md".into(),
            stamp: Stamp { size: 31, mtime_ns: 5 },
            content_hash: 9,
            written_ns: 7,
        };
        (header, compress(&doc).unwrap())
    }

    #[test]
    fn an_entry_round_trips() {
        let (header, body) = sample();
        let bytes = encode(3, &header, &body).unwrap();
        let entry = decode(3, &bytes).unwrap();
        assert_eq!(entry.header, header);
        let doc = entry.document(WHOLE_TEXT_MAX).unwrap();
        assert_eq!(doc.title, "Title");
        assert_eq!(doc.articles[0].sections.len(), 2);
        assert!(doc.articles[0].blocks().next().is_some());
        let outline = entry.outline().unwrap();
        assert_eq!(outline.articles[0].sections.len(), 2);
        assert_eq!(outline.articles[0].sections[1].heading.as_deref(), Some("Part"));
        assert_eq!(outline.articles[0].words, doc.articles[0].words);
        assert!(outline.articles[0].blocks().next().is_none());
    }

    #[test]
    fn every_truncation_and_any_flipped_byte_is_refused() {
        let (header, body) = sample();
        let bytes = encode(3, &header, &body).unwrap();
        for len in 0..bytes.len() {
            assert!(decode(3, &bytes[..len]).is_err(), "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert!(decode(3, &damaged).is_err(), "flipped byte {at}");
        }
    }

    #[test]
    fn other_versions_and_foreign_bytes_are_told_apart() {
        let (header, body) = sample();
        let bytes = encode(3, &header, &body).unwrap();
        assert_eq!(decode(4, &bytes).err(), Some(Unusable::OtherVersion));
        assert_eq!(decode(3, b"{\"json\": true}").err(), Some(Unusable::Foreign));
        assert_eq!(decode(3, b"").err(), Some(Unusable::Foreign));
    }
}
