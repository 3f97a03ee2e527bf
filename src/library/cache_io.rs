//! The cache's disk writes, injectable so tests can fail them, and the
//! temp names every writer renames from.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Marks a temp file beside its target (pruning finds leftovers by it).
pub const TEMP_MARK: &str = ".tmp-";

/// The disk writes a cache update makes, so tests can fail them (a full
/// disk) whatever user they run as.
pub trait CacheIo: Send + Sync {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;

    /// Writes what `fill` writes, as it comes where the disk allows (a
    /// big document's entry need not be held whole); by default gathered
    /// and handed to [`CacheIo::write`].
    fn write_with(&self, path: &Path, fill: &mut Fill<'_>) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
}

/// Writes a file's bytes to the writer it is given.
pub type Fill<'a> = dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a;

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealCacheIo;

impl CacheIo for RealCacheIo {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        fs::write(path, bytes)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn write_with(&self, path: &Path, fill: &mut Fill<'_>) -> io::Result<()> {
        let mut file = io::BufWriter::new(fs::File::create(path)?);
        fill(&mut file)?;
        file.flush()
    }
}

/// A name no other writer uses at the same time: process, then a counter
/// shared by this process's threads.
pub(super) fn temp_path(entry_path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = entry_path.as_os_str().to_owned();
    name.push(format!("{TEMP_MARK}{}-{n}", std::process::id()));
    PathBuf::from(name)
}
