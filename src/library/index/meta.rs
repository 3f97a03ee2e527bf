//! The meta region of an index file, read a section at a time: each
//! section is read and checked against its hash in the header the first
//! time something asks for it, and kept.
//!
//! A section that fails its check reads as empty, so lookups in it find
//! nothing, and is remembered: [`Meta::sound`] then says the answers made
//! so far may be wrong, and the caller rebuilds rather than believe them.

use std::ops::Range;
use std::sync::OnceLock;

use xxhash_rust::xxh3::xxh3_64;

use super::format::{
    DocRecord, Header, RECORD_LEN, SECTIONS, Section, SectionMark, TermRecord, Unusable, u32_at,
    u64_at,
};
use crate::model::search::index::ArticleMeta;

/// Where the meta region's bytes come from: the index file, or the bytes
/// just encoded.
pub trait Region: Send + Sync {
    /// Bytes `range` of the meta region; `None` if they cannot be read.
    fn read(&self, range: Range<u64>) -> Option<Vec<u8>>;
}

impl Region for Vec<u8> {
    fn read(&self, range: Range<u64>) -> Option<Vec<u8>> {
        let start = usize::try_from(range.start).ok()?;
        let end = usize::try_from(range.end).ok()?;
        self.get(start..end).map(<[u8]>::to_vec)
    }
}

pub struct Meta {
    pub written_ns: u64,
    region: Box<dyn Region>,
    marks: [SectionMark; SECTIONS],
    /// Per section: not read yet, read and sound (`Some`), or damaged.
    read: [OnceLock<Option<Vec<u8>>>; SECTIONS],
    docs: OnceLock<Option<Vec<DocRecord>>>,
}

impl Meta {
    /// A meta region the header describes; only the sections' sizes are
    /// checked here (their lengths must fit their record shapes).
    pub fn new(header: &Header, region: Box<dyn Region>) -> Result<Meta, Unusable> {
        let len = |s: Section| header.section(s).range.end - header.section(s).range.start;
        let articles = len(Section::Articles) / 12;
        let shaped = len(Section::Articles) % 12 == 0
            && len(Section::TitleOffsets) == (articles + 1) * 4
            && len(Section::Dict) % RECORD_LEN as u64 == 0
            && len(Section::Variants) % 4 == 0;
        if !shaped {
            return Err(Unusable::Corrupt);
        }
        Ok(Meta {
            written_ns: header.written_ns,
            region,
            marks: header.sections.clone(),
            read: Default::default(),
            docs: OnceLock::new(),
        })
    }

    /// The meta region from bytes in memory (the header's `meta_len` of
    /// them).
    pub fn decode(header: &Header, bytes: Vec<u8>) -> Result<Meta, Unusable> {
        if bytes.len() as u64 != header.meta_len {
            return Err(Unusable::Corrupt);
        }
        Meta::new(header, Box::new(bytes))
    }

    /// `Err` once any section read so far failed its check.
    pub fn sound(&self) -> Result<(), Unusable> {
        let damaged = self.read.iter().any(|r| matches!(r.get(), Some(None)))
            || matches!(self.docs.get(), Some(None));
        if damaged { Err(Unusable::Corrupt) } else { Ok(()) }
    }

    /// Reads and checks every section (for a caller about to use them
    /// all, or asking whether the file reads at all).
    pub fn check_all(&self) -> Result<(), Unusable> {
        for section in Section::ALL {
            self.section(section);
        }
        self.docs();
        self.sound()
    }

    /// The section's bytes once checked; empty if they are damaged.
    fn section(&self, section: Section) -> &[u8] {
        let i = section as usize;
        let read = self.read[i].get_or_init(|| {
            let SectionMark { range, check } = &self.marks[i];
            let bytes = self.region.read(range.clone())?;
            (bytes.len() as u64 == range.end - range.start && xxh3_64(&bytes) == *check)
                .then_some(bytes)
        });
        read.as_deref().unwrap_or_default()
    }

    /// The document table; empty if it is damaged.
    pub fn docs(&self) -> &[DocRecord] {
        let docs = self.docs.get_or_init(|| {
            let bytes = self.section(Section::Docs);
            postcard::from_bytes(bytes).ok()
        });
        docs.as_deref().unwrap_or_default()
    }

    pub fn article_count(&self) -> usize {
        self.mark_len(Section::Articles) / 12
    }

    pub fn article(&self, i: usize) -> Option<ArticleMeta> {
        let b = self.section(Section::Articles).get(i.checked_mul(12)?..)?.get(..12)?;
        Some(ArticleMeta { doc: u32_at(b, 0), article: u32_at(b, 4), len: u32_at(b, 8) })
    }

    /// The articles' lengths summed, in tokens.
    pub fn total_len(&self) -> u64 {
        let articles = self.section(Section::Articles);
        articles.chunks_exact(12).map(|a| u64::from(u32_at(a, 8))).sum()
    }

    pub fn title(&self, i: usize) -> Option<&str> {
        let offsets = self.section(Section::TitleOffsets).get(i.checked_mul(4)?..)?.get(..8)?;
        let (start, end) = (u32_at(offsets, 0) as usize, u32_at(offsets, 4) as usize);
        std::str::from_utf8(self.section(Section::Titles).get(start..end)?).ok()
    }

    pub fn term_count(&self) -> usize {
        self.mark_len(Section::Dict) / RECORD_LEN
    }

    fn dict_record(&self, i: usize) -> Option<&[u8]> {
        self.section(Section::Dict).get(i.checked_mul(RECORD_LEN)?..)?.get(..RECORD_LEN)
    }

    /// Term `i`'s key; `None` past the end or for damaged bytes.
    pub fn key(&self, i: usize) -> Option<&str> {
        let b = self.dict_record(i)?;
        let (start, len) = (u32_at(b, 0) as usize, u32_at(b, 4) as usize);
        let keys = self.section(Section::Keys);
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
        let b = self.dict_record(i)?;
        let offset = u64_at(b, 8);
        let len = u64::from(u32_at(b, 16));
        let (vstart, vlen) = (u32_at(b, 32) as usize, u32_at(b, 36) as usize);
        let vstart = vstart.checked_mul(4)?;
        let vend = vstart.checked_add(vlen.checked_mul(4)?)?;
        if vend > self.mark_len(Section::Variants) {
            return None;
        }
        Some(TermRecord {
            postings: offset..offset.checked_add(len)?,
            raw_len: u32_at(b, 20),
            check: u64_at(b, 24),
            variants: vstart..vend,
        })
    }

    /// Term numbers of the marked forms of a term.
    pub fn variants<'a>(&'a self, record: &TermRecord) -> impl Iterator<Item = usize> + 'a {
        let bytes = self.section(Section::Variants).get(record.variants.clone());
        bytes.unwrap_or_default().chunks_exact(4).map(|c| u32_at(c, 0) as usize)
    }

    /// A section's length as the header gives it (known before it is read).
    fn mark_len(&self, section: Section) -> usize {
        let range = &self.marks[section as usize].range;
        usize::try_from(range.end - range.start).unwrap_or(0)
    }
}

impl std::fmt::Debug for Meta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meta").field("written_ns", &self.written_ns).finish_non_exhaustive()
    }
}
