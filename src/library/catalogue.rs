//! The catalogue: segmented documents cached on disk, so a second start or
//! a headless command does not read and re-segment an unchanged library.
//!
//! One entry file per loaded file, in `<cache dir>/documents/`, named by a
//! hash of its canonical path. A file whose size and mtime match its entry
//! is served from the entry without being read; one whose stamp changed is
//! read and hashed, and only re-segmented if its bytes changed. The cache
//! is disposable: an unusable entry is rebuilt, a failed write leaves the
//! old entry in place, and every write is a temp file renamed over the
//! entry, so other quire processes never read half an entry.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::cache_entry::{self, Entry, Header, Stamp, Unusable};
pub use super::cache_io::{CacheIo, RealCacheIo};
use super::cache_io::{Fill, TEMP_MARK, temp_path};
use super::dirs::{Dirs, nanos_since_epoch};
use super::manifest::Record;
use super::outlines::{self, Outlines};
use super::{LoadFailure, display_safe, failure, read_capped};
use crate::model::{Document, loader};
use crate::strings;

/// The sub-directory of the cache dir the entries live in; `cache clear`
/// removes only this, whatever the cache dir was set to.
pub const DOCUMENTS_DIR: &str = "documents";
const ENTRY_EXT: &str = "qdoc";
const PRUNED_MARKER: &str = "pruned";
const PRUNE_EVERY_SECS: u64 = 3600;
/// Enough of an entry for its header whatever the path's length.
const HEADER_READ: u64 = 1024;

/// A file modified this close to when its entry was written may have
/// changed again within the file system's timestamp resolution, so its
/// stamp is checked against its bytes (the "racy" case git knows too).
const RACY_NS: u64 = 2_000_000_000;

/// Identifies this build's segmentation: entries written by another crate
/// version or [`loader::LOADER_VERSION`] are stale.
pub fn loader_stamp() -> u64 {
    let version = format!("{}:{}", env!("CARGO_PKG_VERSION"), loader::LOADER_VERSION);
    xxh3_64(version.as_bytes())
}

pub struct Catalogue {
    dir: PathBuf,
    io: Box<dyn CacheIo>,
    loader_stamp: u64,
    /// Entries found unusable and rebuilt during this run.
    rebuilt: AtomicUsize,
    /// The first write failure, reported once.
    unwritable: Mutex<Option<String>>,
    /// Serve cached documents without their blocks (see [`Self::outlines`]).
    outlines_only: bool,
    dirs: Dirs,
    /// Every cached file's outline in one file (see [`super::manifest`]).
    manifest: Outlines,
    /// See [`cache_entry::WHOLE_TEXT_MAX`]; smaller in tests.
    whole_text_max: usize,
}

impl Catalogue {
    /// The catalogue kept under `cache_dir`; nothing is created until the
    /// first entry is written.
    pub fn open(cache_dir: &Path) -> Catalogue {
        Catalogue::with_io(cache_dir, Box::new(RealCacheIo), loader_stamp())
    }

    /// With injected writes and loader stamp, for tests.
    pub fn with_io(cache_dir: &Path, io: Box<dyn CacheIo>, loader_stamp: u64) -> Catalogue {
        Catalogue {
            dir: cache_dir.join(DOCUMENTS_DIR),
            io,
            loader_stamp,
            rebuilt: AtomicUsize::new(0),
            unwritable: Mutex::new(None),
            outlines_only: false,
            dirs: Dirs::default(),
            manifest: Outlines::new(cache_dir, loader_stamp),
            whole_text_max: cache_entry::WHOLE_TEXT_MAX,
        }
    }

    /// Text documents encoded larger than `bytes` are cached as their
    /// outline only (see [`cache_entry::WHOLE_TEXT_MAX`]).
    pub fn whole_text_max(mut self, bytes: usize) -> Catalogue {
        self.whole_text_max = bytes;
        self
    }

    /// Documents served from the cache come without their blocks: all
    /// `quire outline` shows, at a fraction of the cost of decoding whole
    /// documents. Documents that had to be read are whole.
    pub fn outlines(mut self) -> Catalogue {
        self.outlines_only = true;
        self
    }

    fn cached(&self, entry: &Entry) -> Option<Document> {
        if self.outlines_only { entry.outline() } else { entry.document(self.whole_text_max) }
    }

    /// Loads one file like [`super::load_file`], through the cache.
    pub fn load(&self, path: &Path) -> Result<Document, LoadFailure> {
        let origin = display_safe(&path.to_string_lossy());
        let Some((canonical, stamp)) = self.dirs.locate(path) else {
            // Missing, unreadable or not a file: the plain load says why.
            return super::load_file(path);
        };
        let name = name_in(&origin).to_string();
        let listed = self.manifest.get(&canonical.to_string_lossy(), &name);
        if self.outlines_only
            && let Some(doc) = listed.and_then(|record| fresh(record, stamp))
        {
            return Ok(with_origin(doc, origin));
        }
        let (header, doc) = self.load_entry(path, &canonical, (stamp, name), origin)?;
        if listed.is_none_or(|record| record.header != header)
            && let Some(record) = Record::new(header, &doc)
        {
            self.manifest.update(record);
        }
        Ok(doc)
    }

    /// Reads the manifest now rather than at the first load (see
    /// [`super::discover_reading`]).
    pub fn prefetch(&self) {
        self.manifest.get("", "");
    }

    /// The file's outline if the manifest holds it for the file as it is
    /// now (same size and mtime): no entry or file is read. The reader
    /// lists such documents at once and loads them whole after.
    pub fn outline_if_fresh(&self, path: &Path) -> Option<Document> {
        let (canonical, stamp) = self.dirs.locate(path)?;
        let origin = display_safe(&path.to_string_lossy());
        let name = name_in(&origin);
        let record = self.manifest.get(&canonical.to_string_lossy(), name)?;
        Some(with_origin(fresh(record, stamp)?, origin))
    }

    /// The file's outline as the manifest last recorded it, without its
    /// sections (see [`super::listing`]), and without asking the file
    /// system whether the file changed since. The reader lists a warm
    /// library from these at once (a stat per file was a third of that
    /// list's cost) and then loads each file whole through [`Self::load`],
    /// which does check, those that changed first (see
    /// [`Self::is_current`]). A file with no record under its listed path
    /// (a symlink, a new file) is looked up as [`Self::outline_if_fresh`].
    pub fn outline_as_last_seen(&self, path: &Path) -> Option<Document> {
        let (Some(parent), Some(file)) = (path.parent(), path.file_name()) else {
            return self.outline_if_fresh(path);
        };
        let canonical = self.dirs.resolve(parent, file)?;
        let origin = display_safe(&path.to_string_lossy());
        let name = name_in(&origin);
        match self.manifest.get(&canonical.to_string_lossy(), name) {
            Some(record) => Some(with_origin(record.listed()?, origin)),
            None => self.outline_if_fresh(path),
        }
    }

    /// Whether the manifest's outline of the file is the file as it is now.
    pub fn is_current(&self, path: &Path) -> bool {
        let Some((canonical, stamp)) = self.dirs.locate(path) else { return false };
        let origin = display_safe(&path.to_string_lossy());
        let record = self.manifest.get(&canonical.to_string_lossy(), name_in(&origin));
        record.is_some_and(|record| record.header.stamp == stamp && !is_racy(&record.header))
    }

    /// The document from its entry, or read, hashed and (if its bytes
    /// changed) segmented again; with the header that now describes it.
    fn load_entry(
        &self,
        path: &Path,
        canonical: &Path,
        (stamp, name): (Stamp, String),
        origin: String,
    ) -> Result<(Header, Document), LoadFailure> {
        let entry_path = self.entry_path(canonical, &name);
        let stored = self.read_entry(&entry_path);
        let entry = stored.as_deref().and_then(|bytes| self.usable(bytes, canonical, &name));
        if let Some(entry) = &entry
            && entry.header.stamp == stamp
            && !is_racy(&entry.header)
            && let Some(doc) = self.cached(entry)
        {
            return Ok((entry.header.clone(), with_origin(doc, origin)));
        }
        let bytes = read_capped(path).map_err(|message| failure(path, message))?;
        let content_hash = xxh3_64(&bytes);
        let mut header = Header {
            path: canonical.to_string_lossy().into_owned(),
            name,
            stamp,
            content_hash,
            written_ns: now_ns(),
        };
        let same = entry.filter(|e| e.header.content_hash == content_hash);
        if let Some(entry) = &same
            && let Some(doc) = self.cached(entry)
        {
            // Touched, not changed: only the stamp is refreshed.
            if entry.header.stamp != stamp || (is_racy(&entry.header) && !is_racy(&header)) {
                self.write_entry(&entry_path, &header, entry.body);
                return Ok((header, with_origin(doc, origin)));
            }
            return Ok((entry.header.clone(), with_origin(doc, origin)));
        }
        let doc = super::load_bytes(path, &origin, bytes)?;
        // An outline-only entry (a large text, see `WHOLE_TEXT_MAX`) for
        // this very file: the file was read, and the entry stays as it is.
        if let Some(entry) = same
            && !entry.is_whole()
            && entry.header.stamp == stamp
            && !is_racy(&entry.header)
        {
            return Ok((entry.header, doc));
        }
        header.written_ns = now_ns();
        let (stamp, whole_max) = (self.loader_stamp, self.whole_text_max);
        self.write_file(&entry_path, &mut |out| {
            cache_entry::write_document(stamp, &header, &doc, whole_max, out)
        });
        Ok((header, doc))
    }

    /// Writes what this run learned into the manifest; a failure is kept
    /// for [`Self::notice`] and leaves the old manifest as it was. Also
    /// done when the catalogue is dropped.
    pub fn save(&self) {
        if let Err(error) = self.manifest.save(self.io.as_ref()) {
            self.note_unwritable(&error);
        }
    }

    /// One line about this run's trouble with the cache, if any: entries
    /// rebuilt, or updates that could not be written.
    pub fn notice(&self) -> Option<String> {
        let unwritable = self.unwritable.lock().ok().and_then(|u| u.clone());
        match (self.rebuilt.load(Ordering::Relaxed), unwritable) {
            (_, Some(error)) => Some(strings::cache_unwritable(&error)),
            (0, None) if self.manifest.was_unusable() => {
                Some(strings::CACHE_MANIFEST_REBUILT.into())
            }
            (0, None) => None,
            (rebuilt, None) => Some(strings::cache_rebuilt(rebuilt)),
        }
    }

    /// [`Self::prune`], at most once an hour: a marker file's mtime says
    /// when it last ran, so a command on one file does not pay for
    /// looking at every entry.
    pub fn prune_if_due(&self) {
        // Beside the entries, not among them.
        let marker = self.dir.with_extension(PRUNED_MARKER);
        let recent = fs::metadata(&marker)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() < PRUNE_EVERY_SECS));
        if !recent && self.dir.is_dir() && fs::write(&marker, b"").is_ok() {
            self.prune();
        }
    }

    /// Drops entries whose file is gone or that this build cannot use, and
    /// temp files left by killed writers. Returns how many were removed.
    pub fn prune(&self) -> usize {
        self.manifest.prune_on_save();
        let Ok(entries) = fs::read_dir(&self.dir) else { return 0 };
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if self.is_prunable(&path) && fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    fn is_prunable(&self, path: &Path) -> bool {
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if name.contains(TEMP_MARK) {
            return is_old(path);
        }
        if !name.ends_with(ENTRY_EXT) {
            return false;
        }
        let mut start = Vec::new();
        // The header comes first and is small: no need to read the body.
        let read = fs::File::open(path).and_then(|f| f.take(HEADER_READ).read_to_end(&mut start));
        match read.map(|_| cache_entry::decode_header(self.loader_stamp, &start)) {
            // A header longer than the part read (a very long path) is
            // left for its next load to judge.
            Ok(Err(Unusable::Corrupt)) if start.len() as u64 == HEADER_READ => false,
            // A path that was not valid Unicode cannot be looked up from
            // its lossy text: kept rather than rebuilt on every run.
            Ok(Ok((header, _))) => {
                !header.path.contains('\u{fffd}') && !Path::new(&header.path).is_file()
            }
            Ok(Err(_)) => true,
            Err(_) => false,
        }
    }

    fn entry_path(&self, canonical: &Path, name: &str) -> PathBuf {
        let mut hasher = Xxh3::new();
        hasher.update(canonical.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
        hasher.update(name.as_bytes());
        self.dir.join(format!("{:016x}.{ENTRY_EXT}", hasher.digest()))
    }

    fn read_entry(&self, entry_path: &Path) -> Option<Vec<u8>> {
        fs::read(entry_path).ok()
    }

    /// The entry if it is sound and for this very file; counts the ones
    /// that had to be rebuilt.
    fn usable<'a>(&self, bytes: &'a [u8], canonical: &Path, name: &str) -> Option<Entry<'a>> {
        match cache_entry::decode(self.loader_stamp, bytes) {
            Ok(entry)
                if entry.header.name == name
                    && entry.header.path == canonical.to_string_lossy() =>
            {
                Some(entry)
            }
            // A hash collision with another file: simply not ours.
            Ok(_) => None,
            Err(Unusable::Foreign | Unusable::OtherVersion | Unusable::Corrupt) => {
                self.rebuilt.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Writes a temp file beside the entry and renames it over the entry;
    /// on failure the old entry stays as it was and the error is kept.
    fn write_entry(&self, entry_path: &Path, header: &Header, body: &[u8]) {
        if let Some(bytes) = cache_entry::encode(self.loader_stamp, header, body) {
            self.write_file(entry_path, &mut |out| out.write_all(&bytes));
        }
    }

    fn write_file(&self, entry_path: &Path, fill: &mut Fill<'_>) {
        let temp = temp_path(entry_path);
        let result = fs::create_dir_all(&self.dir)
            .and_then(|()| self.io.write_with(&temp, fill))
            .and_then(|()| self.io.rename(&temp, entry_path));
        if let Err(error) = result {
            let _ = fs::remove_file(&temp);
            self.note_unwritable(&error);
        }
    }

    fn note_unwritable(&self, error: &io::Error) {
        if let Ok(mut slot) = self.unwritable.lock() {
            slot.get_or_insert_with(|| display_safe(&error.to_string()));
        }
    }
}

impl Drop for Catalogue {
    /// A run that forgot to [`Catalogue::save`] still keeps what it learned.
    fn drop(&mut self) {
        let _ = self.manifest.save(self.io.as_ref());
    }
}

/// The record's outline if its stamp is the file's and can be trusted.
fn fresh(record: &Record, stamp: Stamp) -> Option<Document> {
    (record.header.stamp == stamp && !is_racy(&record.header)).then(|| record.document())?
}

/// Removes every cached document under `cache_dir`, and the manifest.
pub fn clear(cache_dir: &Path) -> io::Result<()> {
    outlines::clear(cache_dir)?;
    match fs::remove_dir_all(cache_dir.join(DOCUMENTS_DIR)) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn is_racy(header: &Header) -> bool {
    header.written_ns < header.stamp.mtime_ns.saturating_add(RACY_NS)
}

/// The file name an origin ends with: the name entries are filed under.
fn name_in(origin: &str) -> &str {
    origin.rsplit(['/', '\\']).next().unwrap_or_default()
}

fn with_origin(mut doc: Document, origin: String) -> Document {
    doc.origin = origin;
    doc
}

fn now_ns() -> u64 {
    nanos_since_epoch(SystemTime::now())
}

/// A temp file over an hour old belongs to a writer that died.
fn is_old(path: &Path) -> bool {
    let modified = fs::metadata(path).and_then(|m| m.modified());
    modified.is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() > 3600))
}
