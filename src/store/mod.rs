//! The bookmark store: reading progress, bookmarks and highlights, kept in
//! versioned JSON under the data directory and never lost.
//!
//! Every mutation changes memory only and marks the store dirty;
//! [`Store::flush`] takes the lock, re-reads the file, merges, and replaces
//! it atomically. On failure the data stays in memory, the store stays
//! dirty, and a later flush retries. See `ARCHITECTURE.md`, "Bookmark store".

pub mod atomic;
mod identity;
pub mod merge;
mod ops;
pub mod schema;

use std::fmt;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

pub use atomic::{Io, RealIo};
pub use ops::{DocState, HighlightEdit, Toggled};
use schema::{Parsed, StoreFile};

use crate::model::highlight::Millis;

/// File names inside the data directory.
pub const STORE_FILE: &str = "store.json";
pub const BACKUP_FILE: &str = "store.json.bak";

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

/// Something the user should be told about, shown in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A store file did not parse; it was moved to `moved_to`.
    CorruptSetAside { moved_to: PathBuf, reason: String },
    /// The main file was missing or corrupt and the backup was loaded.
    RestoredFromBackup,
    /// Written by a newer quire: changes will not be saved.
    NewerSchema { version: u32 },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::CorruptSetAside { moved_to, reason } => {
                write!(
                    f,
                    "bookmark store was unreadable ({reason}); kept as {}",
                    moved_to.display()
                )
            }
            Notice::RestoredFromBackup => write!(f, "bookmark store restored from its backup"),
            Notice::NewerSchema { version } => write!(
                f,
                "bookmark store is from a newer quire (schema {version}); opened read-only"
            ),
        }
    }
}

#[derive(Debug)]
pub enum StoreError {
    Io {
        op: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The store was written by a newer schema; saving would lose its data.
    ReadOnly {
        version: u32,
    },
    Encode(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io { op, path, source } => {
                write!(f, "cannot {op} {}: {source}", path.display())
            }
            StoreError::ReadOnly { version } => {
                write!(f, "not saved: the store is from a newer quire (schema {version})")
            }
            StoreError::Encode(e) => write!(f, "cannot encode the store: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub struct Store {
    dir: PathBuf,
    clock: Box<dyn Clock>,
    io: Box<dyn Io>,
    data: StoreFile,
    dirty: bool,
    /// `Some(version)` when the file is from a newer schema.
    read_only: Option<u32>,
    /// Distinguishes ids made by concurrent instances.
    instance: u64,
    seq: u64,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).field("dirty", &self.dirty).finish()
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
            data: StoreFile::default(),
            dirty: false,
            read_only: None,
            instance,
            seq: 0,
        };
        let _lock = atomic::lock(dir)?;
        atomic::sweep_temps(dir);
        let mut notices = Vec::new();
        store.data = store.read_disk(&mut notices)?.map(|(file, _)| file).unwrap_or_default();
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
        self.dirty
    }

    /// `Some(version)` if a newer schema made the store read-only.
    pub fn read_only(&self) -> Option<u32> {
        self.read_only
    }

    /// Saves: lock, re-read, merge, atomic write. Nothing is lost on error.
    pub fn flush(&mut self) -> Result<Vec<Notice>, StoreError> {
        if let Some(version) = self.read_only {
            return Err(StoreError::ReadOnly { version });
        }
        if !self.dirty {
            return Ok(Vec::new());
        }
        let _lock = atomic::lock(&self.dir)?;
        let mut notices = Vec::new();
        let disk = self.read_disk(&mut notices)?;
        if let Some(version) = self.read_only {
            return Err(StoreError::ReadOnly { version });
        }
        let (merged, previous) = match disk {
            Some((file, bytes)) => (merge::merge(file, &self.data), Some(bytes)),
            None => (self.data.clone(), None),
        };
        let bytes =
            serde_json::to_vec_pretty(&merged).map_err(|e| StoreError::Encode(e.to_string()))?;
        if let Some(previous) = previous {
            atomic::write_atomic(&*self.io, &self.dir.join(BACKUP_FILE), &previous)?;
        }
        atomic::write_atomic(&*self.io, &self.dir.join(STORE_FILE), &bytes)?;
        self.data = merged;
        self.dirty = false;
        Ok(notices)
    }

    /// Reads the main file (or the backup) with its bytes. Corrupt files
    /// are moved aside, never overwritten; a newer schema sets read-only.
    fn read_disk(
        &mut self,
        notices: &mut Vec<Notice>,
    ) -> Result<Option<(StoreFile, Vec<u8>)>, StoreError> {
        let main = self.dir.join(STORE_FILE);
        if let Some(found) = self.read_one(&main, notices)? {
            return Ok(Some(found));
        }
        let backup = self.dir.join(BACKUP_FILE);
        let restored = self.read_one(&backup, notices)?;
        if restored.is_some() {
            notices.push(Notice::RestoredFromBackup);
        }
        Ok(restored)
    }

    fn read_one(
        &mut self,
        path: &Path,
        notices: &mut Vec<Notice>,
    ) -> Result<Option<(StoreFile, Vec<u8>)>, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Io { op: "read", path: path.into(), source }),
        };
        match schema::parse(&bytes) {
            Parsed::Current(file) => Ok(Some((file, bytes))),
            Parsed::Newer { version, file } => {
                self.read_only = Some(version);
                notices.push(Notice::NewerSchema { version });
                Ok(Some((file, bytes)))
            }
            Parsed::Corrupt(reason) => {
                let moved_to = atomic::corrupt_name(path, self.clock.now());
                self.io.rename(path, &moved_to).map_err(|source| StoreError::Io {
                    op: "set aside",
                    path: path.into(),
                    source,
                })?;
                notices.push(Notice::CorruptSetAside { moved_to, reason });
                Ok(None)
            }
        }
    }
}
