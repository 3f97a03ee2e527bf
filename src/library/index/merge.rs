//! A new index from the old one and the documents read afresh: pure.
//!
//! Why one merged segment rather than a base plus deltas: an update
//! rewrites every posting list anyway only to drop or renumber entries, a
//! header of five varints each, while the positions are copied as they are
//! (they are relative to their article). That costs about as much as
//! copying the file, once per change, and keeps every query on one
//! segment whose article numbers are the load order: exactly the
//! numbering, statistics and tie order of the in-memory index, with no
//! masks or id remapping at query time.

use std::collections::HashMap;
use std::ops::Range;

use super::chunks::{ChunkWriter, Packed, chunks};
use super::encoder::Encoder;
use super::format::{DocRecord, Loaded, Unusable, intact};
use super::meta::Meta;
use crate::library::on_all_cores;
use crate::model::search::index::ArticleMeta;
use crate::model::search::postings::{Entry, Postings, coded_in, entries_of};
use crate::model::search::{Parts, Source};

const NONE: u32 = u32::MAX;
/// Terms per unit of merging work; tiny in tests, so that small test
/// libraries are merged in many batches.
const MERGE_BATCH: usize = if cfg!(test) { 2 } else { 32 };

/// One file of the new index, in load order.
#[derive(Debug, Clone)]
pub enum Planned {
    /// Unchanged since the old index (whose document table has it at
    /// `old`): its articles and postings are copied.
    Kept { old: usize, record: DocRecord },
    /// Read now. `doc` is its number in the fresh index, `None` when it
    /// failed to load.
    Fresh { record: DocRecord, doc: Option<u32> },
}

/// The old index: its meta region and whole postings region.
pub struct Old<'a> {
    pub meta: &'a Meta,
    pub postings: &'a [u8],
}

/// The merged index, ready to write. Fails only when the old meta region
/// or postings do not match their checksums (the caller then rebuilds
/// without them).
pub fn merge(old: Option<Old>, plan: &[Planned], parts: &Parts) -> Result<Encoder, Unusable> {
    if let Some(old) = &old {
        old.meta.check_all()?;
    }
    let fresh = parts.index();
    let old_bytes = old.as_ref().map_or(0, |o| o.postings.len());
    let fresh_bytes: usize =
        fresh.dictionary().flat_map(|(_, id)| parts.lists(id)).map(|(_, bytes)| bytes.len()).sum();
    let mut encoder = Encoder::with_capacity(old_bytes + fresh_bytes);
    let old_ranges = old.as_ref().map(|o| old_doc_articles(o.meta)).unwrap_or_default();
    let fresh_ranges = doc_ranges(fresh.article_metas(), fresh.documents());
    let old_articles = old.as_ref().map_or(0, |o| o.meta.article_count());
    let mut old_map = vec![NONE; old_articles];
    let mut fresh_map = vec![NONE; fresh.article_metas().len()];
    let (mut next, mut loaded) = (0u32, 0u32);
    for planned in plan {
        let (record, articles) = match planned {
            Planned::Kept { old: i, record } => {
                let range = old_ranges.get(*i).cloned().flatten();
                (record, range.map(|r| (r, true)))
            }
            Planned::Fresh { record, doc } => {
                let range = doc.and_then(|d| fresh_ranges.get(d as usize).cloned());
                (record, range.map(|r| (r, false)))
            }
        };
        encoder.doc(record.clone());
        let Some((range, is_old)) = articles else { continue };
        for a in range {
            let (meta, title) = if is_old {
                let Some(o) = &old else { break };
                let meta = o.meta.article(a as usize).unwrap_or(EMPTY);
                (meta, o.meta.title(a as usize).unwrap_or_default())
            } else {
                (fresh.article(a).unwrap_or(EMPTY), fresh.article_title(a).unwrap_or_default())
            };
            let map = if is_old { &mut old_map } else { &mut fresh_map };
            if let Some(slot) = map.get_mut(a as usize) {
                *slot = next;
            }
            encoder.article(ArticleMeta { doc: loaded, ..meta }, title);
            next += 1;
        }
        loaded += 1;
    }
    merge_terms(&mut encoder, old.as_ref(), &old_map, parts, &fresh_map)?;
    Ok(encoder)
}

const EMPTY: ArticleMeta = ArticleMeta { doc: 0, article: 0, len: 0 };

/// Per entry of the old document table, the range of its article numbers
/// (`None` for a file that failed to load).
fn old_doc_articles(meta: &Meta) -> Vec<Option<Range<u32>>> {
    let loaded = meta.docs().iter().filter(|d| matches!(d.loaded, Loaded::Document { .. })).count();
    let articles: Vec<ArticleMeta> =
        (0..meta.article_count()).filter_map(|i| meta.article(i)).collect();
    let mut ranges = doc_ranges(&articles, loaded).into_iter();
    meta.docs()
        .iter()
        .map(|d| match d.loaded {
            Loaded::Document { .. } => ranges.next(),
            Loaded::Failed { .. } => None,
        })
        .collect()
}

/// Per document number, the range of its articles' numbers (articles are
/// numbered in document order).
fn doc_ranges(articles: &[ArticleMeta], docs: usize) -> Vec<Range<u32>> {
    let mut ranges = vec![0..0; docs];
    for (i, a) in articles.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(NONE);
        if let Some(r) = ranges.get_mut(a.doc as usize) {
            *r = if r.start == r.end { i..i + 1 } else { r.start..i + 1 };
        }
    }
    ranges
}

/// One term of the merged index: its number in the old dictionary and its
/// id in the fresh index, whichever it has.
struct Job<'a> {
    key: &'a str,
    old: Option<usize>,
    fresh: Option<u32>,
}

/// A merged term, ready for the encoder (`None`: no entries left).
type Done = (String, Option<(Packed, Vec<String>)>);

/// Every term of either index, in key order, with its entries renumbered;
/// terms left without entries are dropped. Terms are independent, so they
/// are merged on all cores, then written in order.
fn merge_terms(
    encoder: &mut Encoder,
    old: Option<&Old>,
    old_map: &[u32],
    parts: &Parts,
    fresh_map: &[u32],
) -> Result<(), Unusable> {
    let fresh = parts.index();
    let mut fresh_keys: Vec<(&str, u32)> = fresh.dictionary().collect();
    fresh_keys.sort_unstable();
    let jobs = jobs(old, &fresh_keys)?;
    let fresh_names: HashMap<u32, &str> = fresh_keys.iter().map(|&(k, id)| (id, k)).collect();
    let moved = old_map
        .iter()
        .enumerate()
        .filter(|&(a, &new)| new as usize != a)
        .map(|(a, _)| u32::try_from(a).unwrap_or(NONE))
        .collect();
    let fresh_in_place = fresh_map.iter().enumerate().all(|(a, &new)| new as usize == a);
    let context = Context {
        old,
        old_map,
        parts,
        fresh_map,
        fresh_names: &fresh_names,
        moved,
        fresh_in_place,
    };
    // Small batches taken in turn, not one run per core: a few common
    // words hold most of the bytes, and runs of equal term counts took 43
    // and 69 ms on a 105 MB library. A batch that panicked is a failure.
    let batches: Vec<&[Job]> = jobs.chunks(MERGE_BATCH).collect();
    let done = on_all_cores(&batches, |batch| {
        let mut scratch = Scratch::default();
        batch.iter().map(|job| context.merge(job, &mut scratch)).collect::<Result<Vec<_>, _>>()
    });
    for batch in done {
        for (key, merged) in batch.unwrap_or(Err(Unusable::Corrupt))? {
            if let Some((packed, variants)) = merged {
                encoder.packed_term(&key, &packed, variants);
            }
        }
    }
    Ok(())
}

/// The union of both dictionaries, in key order.
fn jobs<'a>(old: Option<&'a Old>, fresh_keys: &[(&'a str, u32)]) -> Result<Vec<Job<'a>>, Unusable> {
    let old_terms = old.map_or(0, |o| o.meta.term_count());
    let mut jobs = Vec::with_capacity(old_terms + fresh_keys.len());
    let (mut i, mut j) = (0, 0);
    while i < old_terms || j < fresh_keys.len() {
        let old_key = match old {
            Some(o) if i < old_terms => Some(o.meta.key(i).ok_or(Unusable::Corrupt)?),
            _ => None,
        };
        let fresh_key = fresh_keys.get(j).map(|&(k, _)| k);
        let key = match (old_key, fresh_key) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        let mut job = Job { key, old: None, fresh: None };
        if old_key == Some(key) {
            job.old = Some(i);
            i += 1;
        }
        if fresh_key == Some(key) {
            job.fresh = Some(fresh_keys[j].1);
            j += 1;
        }
        jobs.push(job);
    }
    Ok(jobs)
}

struct Context<'a> {
    old: Option<&'a Old<'a>>,
    old_map: &'a [u32],
    /// The fresh index, its lists in parts (see [`Parts`]).
    parts: &'a Parts,
    fresh_map: &'a [u32],
    fresh_names: &'a HashMap<u32, &'a str>,
    /// Old article numbers that change or go, sorted.
    moved: Vec<u32>,
    /// Every fresh article keeps its number (a full build): a list with
    /// no old part is stored as it is.
    fresh_in_place: bool,
}

/// Buffers one merging thread reuses from term to term.
#[derive(Default)]
struct Scratch {
    raw: Vec<u8>,
}

impl Context<'_> {
    fn merge(&self, job: &Job, scratch: &mut Scratch) -> Result<Done, Unusable> {
        let mut variants = Vec::new();
        let mut stored: &[u8] = &[];
        if let (Some(o), Some(i)) = (self.old, job.old) {
            let record = o.meta.record(i).ok_or(Unusable::Corrupt)?;
            let start = usize::try_from(record.postings.start).ok();
            let end = usize::try_from(record.postings.end).ok();
            let bytes = start.zip(end).and_then(|(s, e)| o.postings.get(s..e));
            stored = bytes.filter(|b| intact(&record, b)).ok_or(Unusable::Corrupt)?;
            variants.extend(o.meta.variants(&record).filter_map(|v| o.meta.key(v)));
        }
        let fresh = job.fresh.map(|id| self.parts.lists(id)).unwrap_or_default();
        if let Some(id) = job.fresh {
            let variants_here = self.parts.index().variants(id).iter();
            let names = variants_here.filter_map(|v| self.fresh_names.get(v));
            variants.extend(names.copied());
        }
        let mut out = ChunkWriter::default();
        let in_place = stored.is_empty() && self.fresh_in_place && out.push_parts(&fresh);
        if !in_place && !self.merge_chunks(stored, &fresh, scratch, &mut out)? {
            // Some numbering came out of order: join everything and sort.
            let old = if stored.is_empty() { Vec::new() } else { unpack_all(stored)? };
            let mut sources = vec![(&old[..], self.old_map)];
            for &(base, raw) in &fresh {
                sources.push((raw, self.fresh_map.get(base as usize..).unwrap_or_default()));
            }
            let mut sorted = Postings::default();
            renumber_sorted(&sources, &mut sorted);
            out.clear();
            out.push_all(&sorted.bytes, Some);
        }
        let packed = out.finish();
        let variants: Vec<String> = variants.into_iter().map(str::to_string).collect();
        let done = (!packed.stored.is_empty()).then_some((packed, variants));
        Ok((job.key.to_string(), done))
    }

    /// The old chunks, copied where none of their articles moves, else
    /// unpacked and renumbered, with the fresh entries merged in. `Ok(false)`
    /// if entries came out of order.
    fn merge_chunks(
        &self,
        stored: &[u8],
        fresh_parts: &[(u32, &[u8])],
        scratch: &mut Scratch,
        out: &mut ChunkWriter,
    ) -> Result<bool, Unusable> {
        let renumber = |map: &[u32], a: u32| map.get(a as usize).copied().filter(|&n| n != NONE);
        let mut fresh = fresh_parts
            .iter()
            .flat_map(|&(base, raw)| entries_of(raw).map(move |e| (base, raw, e)))
            .filter_map(|(base, raw, e)| {
                let new = renumber(self.fresh_map, e.article.checked_add(base)?)?;
                Some((new, e, raw))
            })
            .peekable();
        for chunk in chunks(stored).ok_or(Unusable::Corrupt)? {
            let kept = self.old_map.len() > chunk.last as usize && {
                let i = self.moved.partition_point(|&m| m < chunk.first);
                self.moved.get(i).is_none_or(|&m| m > chunk.last)
            };
            if kept {
                while let Some((new, e, raw)) = fresh.next_if(|(new, ..)| *new < chunk.first) {
                    if !out.push(new, &e, coded_in(raw, &e)) {
                        return Ok(false);
                    }
                }
                if !out.copy(&chunk) {
                    return Ok(false);
                }
                continue;
            }
            if !chunk.unpack_into(&mut scratch.raw) {
                return Err(Unusable::Corrupt);
            }
            for e in entries_of(&scratch.raw) {
                let Some(new) = renumber(self.old_map, e.article) else { continue };
                while let Some((f, fe, raw)) = fresh.next_if(|(f, ..)| *f < new) {
                    if !out.push(f, &fe, coded_in(raw, &fe)) {
                        return Ok(false);
                    }
                }
                if !out.push(new, &e, coded_in(&scratch.raw, &e)) {
                    return Ok(false);
                }
            }
        }
        for (new, e, raw) in fresh {
            if !out.push(new, &e, coded_in(raw, &e)) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// A stored list as one raw run, for the sorting fallback.
fn unpack_all(stored: &[u8]) -> Result<Vec<u8>, Unusable> {
    super::chunks::unpack(stored).map(|p| p.bytes).ok_or(Unusable::Corrupt)
}

/// The entries of every source, renumbered through its map (entries
/// mapped to `NONE` dropped) and sorted into `out`: for numberings that
/// do not keep their order, which the walk's order should never give.
fn renumber_sorted(sources: &[(&[u8], &[u32])], out: &mut Postings) {
    let mut entries: Vec<(u32, usize, Entry)> = Vec::new();
    for (s, (bytes, map)) in sources.iter().enumerate() {
        for e in entries_of(bytes) {
            let new = map.get(e.article as usize).copied().unwrap_or(NONE);
            if new != NONE {
                entries.push((new, s, e));
            }
        }
    }
    entries.sort_by_key(|(new, _, _)| *new);
    out.clear();
    for (new, s, e) in entries {
        out.push(new, (e.npos, e.head, e.title), coded_in(sources[s].0, &e));
    }
}
