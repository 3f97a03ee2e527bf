//! Where a library file lives, canonically, and its stamp: the key the
//! cache files it under and the check that its cached outline is current.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::{SystemTime, UNIX_EPOCH};

use super::cache_entry::Stamp;

/// Canonical directories already resolved: canonicalising every file
/// costs a system call per path component, the cache's largest cost on a
/// warm library, while a library has few directories.
/// Keyed by the directory's bytes as given: hashing them is cheaper than
/// hashing a path component by component, and two spellings of one
/// directory only cost a second lookup.
#[derive(Default)]
pub(super) struct Dirs(RwLock<HashMap<OsString, PathBuf>>);

impl Dirs {
    /// The canonical path and stamp of a regular file. A file that is not
    /// a symlink is its canonical directory joined with its name.
    pub(super) fn locate(&self, path: &Path) -> Option<(PathBuf, Stamp)> {
        let own = fs::symlink_metadata(path).ok()?;
        let (canonical, meta) = match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) if own.is_file() => (self.resolve(parent, name)?, own),
            _ => {
                let canonical = fs::canonicalize(path).ok()?;
                let meta = fs::metadata(&canonical).ok()?;
                (canonical, meta)
            }
        };
        if !meta.is_file() {
            return None;
        }
        let mtime_ns = meta.modified().ok().map_or(0, nanos_since_epoch);
        Some((canonical, Stamp { size: meta.len(), mtime_ns }))
    }

    /// `name` in the canonical form of `dir`.
    pub(super) fn resolve(&self, dir: &Path, name: &OsStr) -> Option<PathBuf> {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Some(known) = self.0.read().ok()?.get(dir.as_os_str()) {
            return Some(known.join(name));
        }
        let canonical = fs::canonicalize(dir).ok()?;
        let file = canonical.join(name);
        self.0.write().ok()?.insert(dir.as_os_str().to_owned(), canonical);
        Some(file)
    }
}

/// Nanoseconds since the epoch; 0 for a time before it.
pub(crate) fn nanos_since_epoch(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}
