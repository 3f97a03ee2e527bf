//! The bookmark store: reading progress, bookmarks and highlights, kept in
//! versioned JSON under the data directory and never lost.
//!
//! Each document has its own record file and the session its own small
//! file ([`layout`]), so machines syncing the data directory only meet on
//! a document both changed; the sync tool's conflict copies are then
//! merged in when the record is read. Every mutation changes memory only
//! and marks its document dirty; [`Store::flush`] takes the lock, and for
//! each dirty file re-reads it, merges, and replaces it atomically. On
//! failure the data stays in memory, the store stays dirty, and a later
//! flush retries. See `ARCHITECTURE.md`, "Bookmark store".

pub mod atomic;
mod disk;
mod errors;
mod identity;
pub mod layout;
pub mod merge;
mod migrate;
mod ops;
pub mod schema;

use std::collections::BTreeSet;
use std::fmt;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

pub use atomic::{Io, RealIo};
pub use errors::{Notice, StoreError};
use layout::{RECORDS_DIR, SESSION_STEM, UnitFiles};
pub use ops::{DocState, HighlightEdit, Toggled};
use schema::{Session, StoreFile};

use crate::model::highlight::Millis;

/// The file every document lived in before records existed; migrated
/// once, then kept renamed.
pub const LEGACY_STORE_FILE: &str = "store.json";
/// Its backup, renamed with it.
pub const LEGACY_BACKUP_FILE: &str = "store.json.bak";
/// The session-wide state's file (the list cursor).
pub const SESSION_FILE: &str = "session.json";

/// How long deletions are remembered, by default.
pub const DEFAULT_TOMBSTONE_DAYS: u32 = 90;
const DAY_MS: Millis = 24 * 60 * 60 * 1000;

/// Where time comes from, injected so tests control it.
pub trait Clock: Send {
    fn now(&self) -> Millis;
}

/// Wall-clock time.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        since.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

/// Settings from the config file's `[store]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreOptions {
    /// A deletion's tombstone is dropped at a save this many days after
    /// it. A copy of the record older than that (a machine that was off
    /// the whole time) could then bring the record back.
    pub tombstone_days: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { tombstone_days: DEFAULT_TOMBSTONE_DAYS }
    }
}

/// The path of `doc_id`'s record file in the data directory `dir`.
pub fn record_path(dir: &Path, doc_id: &str) -> PathBuf {
    record_files(dir, doc_id).main
}

fn record_files(dir: &Path, doc_id: &str) -> UnitFiles {
    UnitFiles::new(&dir.join(RECORDS_DIR), &layout::stem_of(doc_id))
}

pub struct Store {
    dir: PathBuf,
    clock: Box<dyn Clock>,
    io: Box<dyn Io>,
    options: StoreOptions,
    /// Everything, as the old single file held it.
    data: StoreFile,
    /// Documents changed since their last save.
    dirty_docs: BTreeSet<String>,
    session_dirty: bool,
    /// `Some(version)` when a file is from a newer schema.
    read_only: Option<u32>,
    /// Distinguishes ids made by concurrent instances.
    instance: u64,
    seq: u64,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).field("dirty", &self.dirty()).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the store in `dir` on the real disk.
    pub fn open(dir: &Path, clock: Box<dyn Clock>) -> Result<(Store, Vec<Notice>), StoreError> {
        Store::open_with(dir, clock, Box::new(RealIo))
    }

    /// Like [`Store::open`] with injected disk operations.
    pub fn open_with(
        dir: &Path,
        clock: Box<dyn Clock>,
        io: Box<dyn Io>,
    ) -> Result<(Store, Vec<Notice>), StoreError> {
        Store::open_with_options(dir, clock, io, StoreOptions::default())
    }

    /// Opens with the config's settings: migrates an old `store.json`,
    /// then loads the session and every record, folding in conflict copies.
    pub fn open_with_options(
        dir: &Path,
        clock: Box<dyn Clock>,
        io: Box<dyn Io>,
        options: StoreOptions,
    ) -> Result<(Store, Vec<Notice>), StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            op: "create",
            path: dir.to_path_buf(),
            source,
        })?;
        let now = clock.now();
        // Random keys per call: two stores opened in one process at the same
        // instant still make different ids.
        let entropy = std::collections::hash_map::RandomState::new().hash_one(now);
        let instance = crate::model::ContentId::of(&[
            &std::process::id().to_le_bytes(),
            &now.to_le_bytes(),
            &entropy.to_le_bytes(),
        ])
        .0;
        let mut store = Store {
            dir: dir.to_path_buf(),
            clock,
            io,
            options,
            data: StoreFile::default(),
            dirty_docs: BTreeSet::new(),
            session_dirty: false,
            read_only: None,
            instance,
            seq: 0,
        };
        let _lock = atomic::lock(dir)?;
        atomic::sweep_temps(dir);
        atomic::sweep_temps(&dir.join(RECORDS_DIR));
        let mut notices = Vec::new();
        store.migrate_legacy(&mut notices)?;
        store.load_session(&mut notices)?;
        store.load_records(&mut notices)?;
        Ok((store, notices))
    }

    /// The store's clock (injected), for times such as an export's.
    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Unsaved changes exist (quitting should warn).
    pub fn dirty(&self) -> bool {
        self.session_dirty || !self.dirty_docs.is_empty()
    }

    /// `Some(version)` if a newer schema made the store read-only.
    pub fn read_only(&self) -> Option<u32> {
        self.read_only
    }

    /// Saves each changed file: lock, re-read (folding in conflict
    /// copies), merge, compact, atomic write. Nothing is lost on error:
    /// what was not written stays dirty.
    pub fn flush(&mut self) -> Result<Vec<Notice>, StoreError> {
        if let Some(version) = self.read_only {
            return Err(StoreError::ReadOnly { version });
        }
        if !self.dirty() {
            return Ok(Vec::new());
        }
        let _lock = atomic::lock(&self.dir)?;
        let mut notices = Vec::new();
        let mut records = layout::scan(&self.dir.join(RECORDS_DIR));
        for id in self.dirty_docs.clone() {
            let stem = layout::stem_of(&id);
            let files = records.remove(&stem).unwrap_or_else(|| record_files(&self.dir, &id));
            let ours = self.data.documents.get(&id).cloned().unwrap_or_default();
            let saved = self.save_unit(&files, &ours, &mut notices)?;
            self.data.documents.insert(id.clone(), saved);
            self.dirty_docs.remove(&id);
        }
        if self.session_dirty {
            let files = self.session_files();
            let saved = self.save_unit(&files, &self.session(), &mut notices)?;
            self.set_session(saved);
            self.session_dirty = false;
        }
        Ok(notices)
    }

    /// Tombstones of deletions before this are dropped at a save.
    fn compact_before(&self) -> Millis {
        let horizon = Millis::from(self.options.tombstone_days).saturating_mul(DAY_MS);
        self.clock.now().saturating_sub(horizon)
    }

    fn session_files(&self) -> UnitFiles {
        layout::scan(&self.dir)
            .remove(SESSION_STEM)
            .unwrap_or_else(|| UnitFiles::new(&self.dir, SESSION_STEM))
    }

    fn session(&self) -> Session {
        Session { list_cursor: self.data.list_cursor.clone(), extra: self.data.extra.clone() }
    }

    fn set_session(&mut self, session: Session) {
        self.data.list_cursor = session.list_cursor;
        self.data.extra = session.extra;
    }

    fn load_session(&mut self, notices: &mut Vec<Notice>) -> Result<(), StoreError> {
        let files = self.session_files();
        if let Some((session, unsaved)) = self.load_unit(&files, notices)? {
            let merged = merge::merge_session(self.session(), &session, merge::Extras::Disk);
            self.set_session(merged);
            self.session_dirty |= unsaved;
        }
        Ok(())
    }

    fn load_records(&mut self, notices: &mut Vec<Notice>) -> Result<(), StoreError> {
        for (stem, files) in layout::scan(&self.dir.join(RECORDS_DIR)) {
            let Some(id) = layout::id_of(&stem) else { continue };
            let Some((doc, unsaved)) = self.load_unit(&files, notices)? else { continue };
            let doc = match self.data.documents.remove(&id) {
                Some(earlier) => merge::merge_doc(earlier, &doc, merge::Extras::Disk),
                None => doc,
            };
            self.data.documents.insert(id.clone(), doc);
            if unsaved {
                self.dirty_docs.insert(id);
            }
        }
        Ok(())
    }

    /// Reads a unit at open. Folded conflict copies are written back at
    /// once (compacted) and removed; if that write fails, the flag says the
    /// unit is unsaved, so the caller marks it dirty and a flush retries.
    fn load_unit<T: disk::Unit>(
        &mut self,
        files: &UnitFiles,
        notices: &mut Vec<Notice>,
    ) -> Result<Option<(T, bool)>, StoreError> {
        let (value, replacing) = self.read_unit::<T>(files, notices)?;
        let Some(mut value) = value else { return Ok(None) };
        if replacing.folded.is_empty() || self.read_only.is_some() {
            return Ok(Some((value, false)));
        }
        value.compact(self.compact_before());
        let unsaved = self.write_unit(files, &value, &replacing).is_err();
        Ok(Some((value, unsaved)))
    }
}
