//! Crash-safe file replacement and the advisory lock between instances.
//!
//! A save writes a temp file in the same directory, fsyncs it, renames it
//! over the target and fsyncs the directory, so a crash at any moment
//! leaves either the old or the new file, never a torn one. The three
//! fallible steps go through [`Io`] so tests can inject failures (running
//! as root, permissions prove nothing).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

/// The disk operations a save can fail in.
pub trait Io: Send {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()>;
    fn fsync(&self, file: &File) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealIo;

impl Io for RealIo {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn fsync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
}

/// Prefix of temp files, so leftovers from a killed save can be swept.
pub const TEMP_MARK: &str = ".tmp-";

fn io_err<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io { op, path: path.to_path_buf(), source }
}

/// Replaces `target` with `bytes` atomically and durably.
pub fn write_atomic(io: &dyn Io, target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let temp = dir.join(format!("{name}{TEMP_MARK}{}", std::process::id()));
    let result = write_temp_then_rename(io, &temp, target, bytes);
    if result.is_err() {
        // Best effort: a leftover temp file is swept at the next open anyway.
        let _ = std::fs::remove_file(&temp);
        return result;
    }
    let dir_file = File::open(dir).map_err(io_err("open directory", dir))?;
    io.fsync(&dir_file).map_err(io_err("fsync directory", dir))
}

fn write_temp_then_rename(
    io: &dyn Io,
    temp: &Path,
    target: &Path,
    bytes: &[u8],
) -> Result<(), StoreError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(temp)
        .map_err(io_err("create", temp))?;
    io.write(&mut file, bytes).map_err(io_err("write", temp))?;
    io.fsync(&file).map_err(io_err("fsync", temp))?;
    drop(file);
    io.rename(temp, target).map_err(io_err("rename", target))
}

/// Held while reading, merging and writing; released on drop.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the exclusive advisory lock on `dir`, waiting for other instances.
pub fn lock(dir: &Path) -> Result<Lock, StoreError> {
    let path = dir.join("store.lock");
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err("open lock", &path))?;
    file.lock().map_err(io_err("lock", &path))?;
    Ok(Lock { _file: file })
}

/// Removes temp files left by killed saves. Call only under the lock: then
/// no other instance can be midway through writing one.
pub fn sweep_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().contains(TEMP_MARK) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A free name for setting a corrupt file aside: `<name>.corrupt-<time>`.
pub fn corrupt_name(target: &Path, now: u64) -> PathBuf {
    aside_name(target, "corrupt", now)
}

/// A free name beside `target`: `<name>.<label>-<time>`, numbered if taken.
/// Such names end in neither `.json` nor `.json.bak`, so the loader never
/// reads them as store files again.
pub fn aside_name(target: &Path, label: &str, now: u64) -> PathBuf {
    let base = format!("{}.{label}-{now}", target.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}
