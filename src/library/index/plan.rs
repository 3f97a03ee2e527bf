//! Which files the index can keep and which must be read again: the
//! walk's files, stat'ed, against the index's document table.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_64;

use super::Answer;
use super::format::{DocRecord, Loaded};
use super::merge::Planned;
use super::meta::Meta;
use crate::library::dirs::nanos_since_epoch;
use crate::library::{Catalogue, Found, LoadFailure, display_safe, load_parallel, read_capped};
use crate::model::search::{Index, Parts};

/// A file modified this close before the index was written may have
/// changed again within the file system's timestamp resolution without
/// its stamp changing (the "racy" case git knows), so its bytes are
/// checked against the stored hash.
const RACY_NS: u64 = 2_000_000_000;

enum Item {
    /// The walk could not use a path: reported, not indexed.
    Missing(LoadFailure),
    Kept {
        old: usize,
        record: DocRecord,
    },
    Fresh {
        path: PathBuf,
    },
}

pub struct Plan {
    items: Vec<Item>,
    /// The files found, in order (not the walk's failures).
    paths: Vec<PathBuf>,
    /// Every file kept as it was, in the same order: the index file can
    /// answer as it is.
    pub unchanged: bool,
}

impl Plan {
    /// `now_ns`: the time the index would be written if it changes.
    pub fn scan(found: &[Found], old: Option<&Meta>, now_ns: u64) -> Plan {
        let by_path: HashMap<&[u8], usize> = old
            .map(|m| m.docs().iter().enumerate().map(|(i, d)| (d.path.as_slice(), i)).collect())
            .unwrap_or_default();
        let written_ns = old.map_or(0, |m| m.written_ns);
        let mut dirty = false;
        let mut items = Vec::with_capacity(found.len());
        let mut paths = Vec::with_capacity(found.len());
        for item in found {
            let path = match item {
                Ok(path) => path,
                Err(failure) => {
                    items.push(Item::Missing(failure.clone()));
                    continue;
                }
            };
            paths.push(path.clone());
            let stored = by_path
                .get(path.as_os_str().as_encoded_bytes())
                .and_then(|&i| Some((i, old?.docs().get(i)?)));
            let Some((i, record)) = stored else {
                items.push(Item::Fresh { path: path.clone() });
                continue;
            };
            let stamp = stamp(path);
            let same = stamp == Some((record.size, record.mtime_ns));
            if same && written_ns >= record.mtime_ns.saturating_add(RACY_NS) {
                items.push(Item::Kept { old: i, record: record.clone() });
                continue;
            }
            // Touched, or too recent to trust: the bytes decide.
            match (stamp, content_hash(path)) {
                (Some((size, mtime_ns)), Some(hash)) if hash == record.content_hash => {
                    // A new stamp is saved; an unchanged but recent one only
                    // once rewriting would settle it, not on every search.
                    dirty |= !same || now_ns >= mtime_ns.saturating_add(RACY_NS);
                    let record = DocRecord { size, mtime_ns, ..record.clone() };
                    items.push(Item::Kept { old: i, record });
                }
                _ => {
                    dirty = true;
                    items.push(Item::Fresh { path: path.clone() });
                }
            }
        }
        let olds: Vec<usize> = items
            .iter()
            .filter_map(|item| match item {
                Item::Kept { old, .. } => Some(*old),
                Item::Fresh { .. } => Some(usize::MAX),
                Item::Missing(_) => None,
            })
            .collect();
        let in_order = olds.iter().enumerate().all(|(n, &i)| n == i);
        let unchanged = !dirty && in_order && old.is_some_and(|m| m.docs().len() == olds.len());
        Plan { items, paths, unchanged }
    }

    /// Loads the fresh files through the catalogue and indexes them, in
    /// load order (on every core: [`Index::of_documents_in_parts`]). Each file is
    /// stamped and hashed before it is loaded, so a change during the load
    /// shows as a changed file next time.
    pub fn load(&self, catalogue: &Catalogue) -> (Vec<Planned>, Parts) {
        let mut stamps = Vec::new();
        let mut fresh: Vec<Found> = Vec::new();
        for item in &self.items {
            if let Item::Fresh { path } = item {
                let (size, mtime_ns) = stamp(path).unwrap_or_default();
                stamps.push((size, mtime_ns, content_hash(path).unwrap_or_default()));
                fresh.push(Ok(path.clone()));
            }
        }
        let mut loaded = load_parallel(&fresh, Some(catalogue)).into_iter();
        let mut stamps = stamps.into_iter();
        let mut fresh = fresh.iter();
        let mut docs = Vec::new();
        let mut steps = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let step = match item {
                Item::Missing(_) => continue,
                Item::Kept { old, record } => Planned::Kept { old: *old, record: record.clone() },
                Item::Fresh { .. } => {
                    let (Some(Ok(path)), Some((size, mtime_ns, content_hash)), Some(result)) =
                        (fresh.next(), stamps.next(), loaded.next())
                    else {
                        continue;
                    };
                    let path = path.as_os_str().as_encoded_bytes().to_vec();
                    let (loaded, doc) = match result {
                        Ok(doc) => {
                            let warnings = doc.warnings.clone();
                            let number = u32::try_from(docs.len()).ok();
                            docs.push(Arc::new(doc));
                            (Loaded::Document { warnings }, number)
                        }
                        Err(failure) => (Loaded::Failed { message: failure.message }, None),
                    };
                    let record = DocRecord { path, size, mtime_ns, content_hash, loaded };
                    Planned::Fresh { record, doc }
                }
            };
            steps.push(step);
        }
        (steps, Index::of_documents_in_parts(&docs))
    }

    /// The paths of the loaded documents, by document number, as the
    /// index `meta` (written from this plan) numbers them.
    pub fn loaded_paths(&self, meta: &Meta) -> Vec<PathBuf> {
        self.paths
            .iter()
            .zip(meta.docs())
            .filter(|(_, d)| matches!(d.loaded, Loaded::Document { .. }))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// What a plain load would report: the documents' warnings, then
    /// every failure in the order found.
    pub fn report(&self, meta: &Meta, answer: &mut Answer) {
        let mut records = self.paths.iter().zip(meta.docs());
        for item in &self.items {
            if let Item::Missing(failure) = item {
                answer.failures.push(failure.clone());
                continue;
            }
            let Some((path, record)) = records.next() else { break };
            let origin = display_safe(&path.to_string_lossy());
            match &record.loaded {
                Loaded::Document { warnings } => {
                    answer.warnings.extend(warnings.iter().map(|w| (origin.clone(), w.clone())));
                }
                Loaded::Failed { message } => {
                    answer.failures.push(LoadFailure { path: origin, message: message.clone() });
                }
            }
        }
    }
}

/// Size and mtime (ns since the epoch) of the file a path leads to.
fn stamp(path: &Path) -> Option<(u64, u64)> {
    let meta = fs::metadata(path).ok()?;
    let mtime = meta.modified().ok().map_or(0, nanos_since_epoch);
    Some((meta.len(), mtime))
}

fn content_hash(path: &Path) -> Option<u64> {
    read_capped(path).ok().map(|bytes| xxh3_64(&bytes))
}
