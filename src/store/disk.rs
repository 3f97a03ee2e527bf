//! Reading and replacing one unit of the store (a document's record, the
//! session, or the old single file) with its backup and its conflict
//! copies. Callers hold the lock.
//!
//! Reading folds every conflict copy into the unit; writing replaces the
//! main file atomically (after saving the version it replaces as the
//! backup) and only then removes the copies it folded in, so a crash at
//! any point leaves every edit in some file. Folding again is harmless:
//! the merge is idempotent.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::layout::UnitFiles;
use super::merge::{self, Extras};
use super::schema::{self, DocEntry, Parsed, SCHEMA_VERSION, Session, StoreFile};
use super::{Notice, Store, StoreError, atomic};
use crate::model::highlight::Millis;

/// What one file of the store holds, as this module needs it.
pub(super) trait Unit: Sized + Clone + Default {
    fn parse(bytes: &[u8]) -> Parsed<Self>;
    fn encode(&self) -> Result<Vec<u8>, StoreError>;
    /// Merges `other` in; see [`merge`](super::merge) for `extras`.
    fn merge(self, other: &Self, extras: Extras) -> Self;
    /// Drops tombstones of deletions before `before`.
    fn compact(&mut self, _before: Millis) {}
}

#[derive(Serialize)]
struct Versioned<'a, T> {
    version: u32,
    #[serde(flatten)]
    body: &'a T,
}

fn encode_versioned<T: Serialize>(body: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec_pretty(&Versioned { version: SCHEMA_VERSION, body })
        .map_err(|e| StoreError::Encode(e.to_string()))
}

impl Unit for DocEntry {
    fn parse(bytes: &[u8]) -> Parsed<Self> {
        schema::parse_record(bytes)
    }
    fn encode(&self) -> Result<Vec<u8>, StoreError> {
        encode_versioned(self)
    }
    fn merge(self, other: &Self, extras: Extras) -> Self {
        merge::merge_doc(self, other, extras)
    }
    fn compact(&mut self, before: Millis) {
        merge::compact(self, before);
    }
}

impl Unit for Session {
    fn parse(bytes: &[u8]) -> Parsed<Self> {
        schema::parse_session(bytes)
    }
    fn encode(&self) -> Result<Vec<u8>, StoreError> {
        encode_versioned(self)
    }
    fn merge(self, other: &Self, extras: Extras) -> Self {
        merge::merge_session(self, other, extras)
    }
}

/// The old single file: only ever read (and merged), for the migration.
impl Unit for StoreFile {
    fn parse(bytes: &[u8]) -> Parsed<Self> {
        schema::parse(bytes)
    }
    fn encode(&self) -> Result<Vec<u8>, StoreError> {
        serde_json::to_vec_pretty(self).map_err(|e| StoreError::Encode(e.to_string()))
    }
    fn merge(self, other: &Self, _extras: Extras) -> Self {
        merge::merge(self, other)
    }
}

/// What replacing a unit must know about the files that were read.
#[derive(Debug, Default)]
pub(super) struct Replacing {
    /// The bytes read (main file, else backup): the next backup.
    previous: Option<Vec<u8>>,
    /// The main file was read intact, so equal bytes need no write.
    main_intact: bool,
    /// Conflict copies merged into the value, removed once it is saved.
    pub folded: Vec<PathBuf>,
}

impl Store {
    /// Reads a unit: the main file (else its backup) with every readable
    /// conflict copy folded in. `None` when no file held anything.
    pub(super) fn read_unit<T: Unit>(
        &mut self,
        files: &UnitFiles,
        notices: &mut Vec<Notice>,
    ) -> Result<(Option<T>, Replacing), StoreError> {
        let mut found = self.read_file::<T>(&files.main, false, notices)?;
        let main_intact = found.is_some();
        if found.is_none() {
            found = self.read_file::<T>(&files.backup, false, notices)?;
            if found.is_some() {
                notices.push(Notice::RestoredFromBackup);
            }
        }
        let (mut value, previous) = match found {
            Some((value, bytes)) => (Some(value), Some(bytes)),
            None => (None, None),
        };
        let mut folded = Vec::new();
        for copy in &files.copies {
            if let Some((theirs, _)) = self.read_file::<T>(copy, true, notices)? {
                value = Some(value.unwrap_or_default().merge(&theirs, Extras::Larger));
                folded.push(copy.clone());
            }
        }
        Ok((value, Replacing { previous, main_intact, folded }))
    }

    /// Saves `ours` into a unit: re-read, merge, compact, replace. Returns
    /// what was written, which is what memory should now hold.
    pub(super) fn save_unit<T: Unit>(
        &mut self,
        files: &UnitFiles,
        ours: &T,
        notices: &mut Vec<Notice>,
    ) -> Result<T, StoreError> {
        let (disk, replacing) = self.read_unit::<T>(files, notices)?;
        if let Some(version) = self.read_only {
            return Err(StoreError::ReadOnly { version });
        }
        let mut merged = match disk {
            Some(disk) => disk.merge(ours, Extras::Disk),
            None => ours.clone(),
        };
        merged.compact(self.compact_before());
        self.write_unit(files, &merged, &replacing)?;
        Ok(merged)
    }

    /// Replaces the unit's main file with `value`, keeping the version it
    /// replaces as the backup, then removes the folded copies.
    pub(super) fn write_unit<T: Unit>(
        &self,
        files: &UnitFiles,
        value: &T,
        replacing: &Replacing,
    ) -> Result<(), StoreError> {
        let bytes = value.encode()?;
        let unchanged = replacing.main_intact && replacing.previous.as_deref() == Some(&bytes[..]);
        if !unchanged {
            if let Some(previous) = &replacing.previous {
                atomic::write_atomic(&*self.io, &files.backup, previous)?;
            }
            self.create_parent(&files.main)?;
            atomic::write_atomic(&*self.io, &files.main, &bytes)?;
        }
        for copy in &replacing.folded {
            // Best effort: a copy that stays is folded in again next time,
            // which changes nothing.
            let _ = std::fs::remove_file(copy);
        }
        Ok(())
    }

    /// Reads one file with its bytes. A corrupt file is moved aside, never
    /// overwritten; a newer schema makes the whole store read-only.
    fn read_file<T: Unit>(
        &mut self,
        path: &Path,
        is_copy: bool,
        notices: &mut Vec<Notice>,
    ) -> Result<Option<(T, Vec<u8>)>, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Io { op: "read", path: path.into(), source }),
        };
        match T::parse(&bytes) {
            Parsed::Current(value) => Ok(Some((value, bytes))),
            Parsed::Newer { version, file } => {
                if self.read_only.is_none() {
                    notices.push(Notice::NewerSchema { version });
                }
                self.read_only = Some(self.read_only.map_or(version, |v| v.max(version)));
                Ok(Some((file, bytes)))
            }
            Parsed::Corrupt(reason) => {
                let moved_to = atomic::corrupt_name(path, self.clock.now());
                self.io.rename(path, &moved_to).map_err(|source| StoreError::Io {
                    op: "set aside",
                    path: path.into(),
                    source,
                })?;
                notices.push(if is_copy {
                    Notice::CorruptConflictCopy { moved_to, reason }
                } else {
                    Notice::CorruptSetAside { moved_to, reason }
                });
                Ok(None)
            }
        }
    }
}

impl Store {
    /// Records live in a folder made on the first save, so merely reading
    /// a data directory leaves it as it was. The new folder's entry is
    /// made durable like a file's.
    fn create_parent(&self, path: &Path) -> Result<(), StoreError> {
        let Some(dir) = path.parent() else { return Ok(()) };
        if dir.is_dir() {
            return Ok(());
        }
        let err = |op| move |source| StoreError::Io { op, path: dir.to_path_buf(), source };
        std::fs::create_dir_all(dir).map_err(err("create"))?;
        let parent = dir.parent().unwrap_or(Path::new("."));
        let handle = std::fs::File::open(parent).map_err(err("open directory"))?;
        self.io.fsync(&handle).map_err(err("fsync directory"))
    }
}
