//! The persistent search index: one file per set of searched roots in
//! `<cache dir>/index/`, so a warm `quire search` reads a dictionary and a
//! few posting lists instead of loading and indexing the whole library.
//!
//! Why our own index rather than tantivy: the query language, ranking and
//! landing offsets are the in-memory index's ([`crate::model::search`]),
//! which reads quire's own tokens and char offsets; the file stores that
//! index's posting lists as they are, and ranking runs on them through
//! [`Source`] with the very same code. (The side-by-side with tantivy is in
//! docs/PERFORMANCE.md.)
//!
//! A search walks the roots and stats every file, and compares with the
//! file's document table (path, size, mtime, content hash):
//! - all unchanged: the query reads the dictionary and the posting lists
//!   it needs from the file;
//! - otherwise changed and new files are loaded through the catalogue and
//!   indexed, and merged with the old index (see [`merge`]) into a new file,
//!   written beside the old one and renamed over it.
//!
//! Hits are then made from the cached documents of just the hit articles.
//! The file is disposable: a damaged, foreign or old one is rebuilt with one
//! line of notice, and one that cannot be written still answers the search.

pub mod chunks;
pub mod encoder;
pub mod file;
pub mod format;
pub mod merge;
pub mod meta;
mod plan;
pub mod view;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use xxhash_rust::xxh3::Xxh3;

use crate::library::dirs::nanos_since_epoch;

pub use file::{IndexIo, RealIndexIo};
use file::{Opened, TEMP_MARK, write_atomically};
use format::{HEADER_LEN, Loaded, Unusable, decode_header};
use merge::{Old, Planned, merge};
use meta::Meta;
use plan::Plan;
use view::View;

use super::{Catalogue, Found, LoadFailure, catalogue, discover, display_safe, load_parallel};
use crate::model::Document;
use crate::model::search::{Hit, Index, Query, Source, hits, rank};
use crate::strings;

/// The sub-directory of the cache dir the index files live in.
pub const INDEX_DIR: &str = "index";
const EXT: &str = "qidx";
/// Index files not used for this long belong to roots no longer searched.
const STALE_SECS: u64 = 30 * 24 * 3600;

/// What a search found, and what a fresh load of the roots would report.
#[derive(Debug, Default)]
pub struct Answer {
    pub hits: Vec<Hit>,
    /// `(origin, warning)` of loaded documents, in load order.
    pub warnings: Vec<(String, String)>,
    /// Files that could not be found or loaded, in the order found.
    pub failures: Vec<LoadFailure>,
    /// One line about trouble with the index file itself.
    pub notice: Option<String>,
    /// Files read and indexed by this search (0 when the index was up to
    /// date).
    pub indexed: usize,
}

pub struct SearchIndex {
    dir: PathBuf,
    io: Box<dyn IndexIo>,
    loader_stamp: u64,
}

impl SearchIndex {
    pub fn open(cache_dir: &Path) -> SearchIndex {
        SearchIndex::with_io(cache_dir, Box::new(RealIndexIo), catalogue::loader_stamp())
    }

    /// With injected writes and loader stamp, for tests.
    pub fn with_io(cache_dir: &Path, io: Box<dyn IndexIo>, loader_stamp: u64) -> SearchIndex {
        SearchIndex { dir: cache_dir.join(INDEX_DIR), io, loader_stamp }
    }

    /// The index file of a set of roots: the roots as given (a hit's path
    /// is spelled as found) and where they lead.
    pub fn file_for(&self, roots: &[PathBuf]) -> PathBuf {
        let mut hasher = Xxh3::new();
        for root in roots {
            hasher.update(root.as_os_str().as_encoded_bytes());
            hasher.update(&[0]);
            let canonical = fs::canonicalize(root).unwrap_or_default();
            hasher.update(canonical.as_os_str().as_encoded_bytes());
            hasher.update(&[0]);
        }
        self.dir.join(format!("{:016x}.{EXT}", hasher.digest()))
    }

    /// Searches the files under `roots`, bringing their index up to date.
    pub fn search(
        &self,
        roots: &[PathBuf],
        catalogue: &Catalogue,
        query: &Query,
        limit: usize,
    ) -> Answer {
        self.search_with(roots, &Asked { query, limit, catalogue }, &|_| None)
    }

    /// [`SearchIndex::search`], with documents already at hand: the
    /// reader's, whole, so hits on them are not read from the cache again.
    pub fn search_with(&self, roots: &[PathBuf], asked: &Asked, at_hand: AtHand) -> Answer {
        let found = discover(roots);
        let path = self.file_for(roots);
        let mut answer = Answer::default();
        let opened = match Opened::open(&path, self.loader_stamp) {
            Ok(opened) => opened,
            Err(_) => {
                answer.notice = Some(strings::INDEX_REBUILT.to_string());
                None
            }
        };
        let plan = Plan::scan(&found, opened.as_ref().map(|o| &o.meta), now_ns());
        if opened.as_ref().is_some_and(|o| o.meta.sound().is_err()) {
            // The document table failed its check: the plan saw no files.
            answer.notice = Some(strings::INDEX_REBUILT.to_string());
        }
        if plan.unchanged
            && answer.notice.is_none()
            && let Some(opened) = &opened
        {
            match answer_as_is(opened, &plan, asked, at_hand) {
                Some(hits) => {
                    answer.hits = hits;
                    plan.report(&opened.meta, &mut answer);
                    return answer;
                }
                None => answer.notice = Some(strings::INDEX_REBUILT.to_string()),
            }
        }
        let old = opened.as_ref().filter(|_| answer.notice.is_none());
        let plan = if old.is_some() { plan } else { Plan::scan(&found, None, now_ns()) };
        self.refresh(&path, &found, (old, plan), (asked, at_hand), answer)
    }

    /// Whether `roots` have an index file that reads (current or not).
    pub fn exists_for(&self, roots: &[PathBuf]) -> bool {
        let opened = Opened::open(&self.file_for(roots), self.loader_stamp);
        matches!(opened, Ok(Some(o)) if o.meta.check_all().is_ok())
    }

    /// Loads what changed, merges it with the old index, writes the result
    /// and answers from it. Old postings that fail their checks make a
    /// rebuild from every file.
    fn refresh(
        &self,
        path: &Path,
        found: &[Found],
        (old, plan): (Option<&Opened>, Plan),
        (asked, at_hand): (&Asked, AtHand),
        mut answer: Answer,
    ) -> Answer {
        let (steps, fresh) = plan.load(asked.catalogue);
        answer.indexed = steps.iter().filter(|s| matches!(s, Planned::Fresh { .. })).count();
        let old_postings = old.and_then(|o| o.read_postings(0..o.header.postings_len));
        let merged = match (old, &old_postings) {
            (Some(o), Some(bytes)) => {
                merge(Some(Old { meta: &o.meta, postings: bytes }), &steps, &fresh)
            }
            (Some(_), None) => Err(Unusable::Corrupt),
            (None, _) => merge(None, &steps, &fresh),
        };
        let encoder = match merged {
            Ok(encoder) => encoder,
            Err(_) if old.is_some() => {
                answer.notice = Some(strings::INDEX_REBUILT.to_string());
                let plan = (None, Plan::scan(found, None, now_ns()));
                return self.refresh(path, found, plan, (asked, at_hand), answer);
            }
            Err(_) => return answer,
        };
        let (head, postings) = encoder.finish(self.loader_stamp, now_ns());
        if let Err(error) = write_atomically(&*self.io, path, &[&head, &postings]) {
            answer.notice = Some(strings::index_unwritable(&display_safe(&error.to_string())));
        } else {
            self.prune();
        }
        let Some(meta) = decode_header(self.loader_stamp, &head)
            .ok()
            .and_then(|h| Meta::decode(&h, head.get(HEADER_LEN..)?.to_vec()).ok())
        else {
            return answer;
        };
        let mut read = |r: std::ops::Range<u64>| {
            let (start, end) = (usize::try_from(r.start).ok()?, usize::try_from(r.end).ok()?);
            postings.get(start..end).map(<[u8]>::to_vec)
        };
        if let Ok(view) = View::load(&meta, asked.query, &mut read) {
            let paths = plan.loaded_paths(&meta);
            let docs: Vec<Option<Arc<Document>>> = fresh_documents(&steps, fresh.index())
                .into_iter()
                .zip(&paths)
                .map(|(fresh, path)| fresh.or_else(|| at_hand(path)))
                .collect();
            answer.hits = hits_of(&view, &paths, &docs, asked.query, asked.limit, asked.catalogue);
        }
        plan.report(&meta, &mut answer);
        answer
    }

    /// Drops temp files of writers that died and index files of roots not
    /// searched for a month.
    fn prune(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let age =
                entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            let age = age.map_or(0, |a| a.as_secs());
            let stale = (name.contains(TEMP_MARK) && age > 3600)
                || (name.ends_with(EXT) && age > STALE_SECS);
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Documents a caller has loaded whole already, by path: hits on them
/// are made from them rather than read from the cache again.
pub type AtHand<'a> = &'a dyn Fn(&Path) -> Option<Arc<Document>>;

/// A query, how many hits it wants, and where hit documents not at hand
/// are read from.
pub struct Asked<'a> {
    pub query: &'a Query,
    pub limit: usize,
    pub catalogue: &'a Catalogue,
}

/// Hits from a current index file; `None` if its postings do not read.
fn answer_as_is(opened: &Opened, plan: &Plan, asked: &Asked, at_hand: AtHand) -> Option<Vec<Hit>> {
    let mut read = |range| opened.read_postings(range);
    let view = View::load(&opened.meta, asked.query, &mut read).ok()?;
    let paths = plan.loaded_paths(&opened.meta);
    let docs: Vec<Option<Arc<Document>>> = paths.iter().map(|p| at_hand(p)).collect();
    let hits = hits_of(&view, &paths, &docs, asked.query, asked.limit, asked.catalogue);
    opened.meta.sound().ok().map(|()| hits)
}

/// Per loaded document (in load order), the document itself when it was
/// just read: its hits need no second load.
fn fresh_documents(steps: &[Planned], fresh: &Index) -> Vec<Option<Arc<Document>>> {
    steps
        .iter()
        .filter_map(|step| match step {
            Planned::Kept { record, .. } => {
                matches!(record.loaded, Loaded::Document { .. }).then_some(None)
            }
            Planned::Fresh { doc, .. } => doc.map(|d| fresh.document(d as usize).cloned()),
        })
        .collect()
}

/// Ranks on the view and makes hits from the documents of the hit
/// articles, loaded through the catalogue (or already at hand in `docs`).
/// A document that no longer has the indexed article (its file changed
/// during this search) gives no hit rather than a wrong one.
fn hits_of(
    view: &View,
    paths: &[PathBuf],
    docs: &[Option<Arc<Document>>],
    query: &Query,
    limit: usize,
    catalogue: &Catalogue,
) -> Vec<Hit> {
    let scored = rank::rank(view, query, limit);
    let mut wanted: Vec<u32> =
        scored.iter().filter_map(|s| Some(view.article(s.article)?.doc)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted.retain(|&d| docs.get(d as usize).is_none_or(Option::is_none));
    let found: Vec<Found> =
        wanted.iter().filter_map(|&d| paths.get(d as usize)).map(|p| Ok(p.clone())).collect();
    let loaded: HashMap<u32, Arc<Document>> = wanted
        .iter()
        .zip(load_parallel(&found, Some(catalogue)))
        .filter_map(|(&d, result)| Some((d, Arc::new(result.ok()?))))
        .collect();
    scored
        .iter()
        .filter_map(|s| {
            let meta = view.article(s.article)?;
            let doc = match docs.get(meta.doc as usize).cloned().flatten() {
                Some(doc) => doc,
                None => loaded.get(&meta.doc)?.clone(),
            };
            let article = doc.articles.get(meta.article as usize)?;
            if !article.kind.is_readable()
                || Some(article.title.as_str()) != view.article_title(s.article)
            {
                return None;
            }
            hits::hit(view, query, s, &doc)
        })
        .collect()
}

/// Removes every index file under `cache_dir`.
pub fn clear(cache_dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(cache_dir.join(INDEX_DIR)) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn now_ns() -> u64 {
    nanos_since_epoch(SystemTime::now())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod meta_tests;

#[cfg(test)]
mod unit_tests;
