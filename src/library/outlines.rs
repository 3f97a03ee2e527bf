//! The manifest on disk: read once per run, updated once at its end.
//!
//! A run looks outlines up in the manifest as it was when first needed and
//! collects what it learned (files read or re-stamped) as records; saving
//! merges them into the manifest as it is *then* (see [`super::manifest`]
//! for why and how writers share it).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::cache_entry::Unusable;
use super::cache_io::{CacheIo, temp_path};
use super::manifest::{Manifest, Record};

/// The manifest's file name in the cache dir; `cache clear` removes it.
pub const MANIFEST_FILE: &str = "outlines.qman";
const LOCK_FILE: &str = "outlines.lock";
/// How long a writer waits for another to finish before merging without
/// the lock (the rename still keeps the file whole; at worst a record the
/// other wrote at that instant is written again by a later run).
const LOCK_PATIENCE: Duration = Duration::from_secs(2);

pub struct Outlines {
    path: PathBuf,
    lock_path: PathBuf,
    loader_stamp: u64,
    /// The manifest as first read this run.
    held: OnceLock<Manifest>,
    /// Whether what was on disk was damaged or from another version.
    unusable: AtomicBool,
    /// Whether a save since replaced it.
    repaired: AtomicBool,
    updates: Mutex<Vec<Record>>,
    /// Drop records of files that are gone at the next save.
    prune: AtomicBool,
}

impl Outlines {
    pub fn new(cache_dir: &Path, loader_stamp: u64) -> Outlines {
        Outlines {
            path: cache_dir.join(MANIFEST_FILE),
            lock_path: cache_dir.join(LOCK_FILE),
            loader_stamp,
            held: OnceLock::new(),
            unusable: AtomicBool::new(false),
            repaired: AtomicBool::new(false),
            updates: Mutex::new(Vec::new()),
            prune: AtomicBool::new(false),
        }
    }

    /// The record for a file as the manifest held it when this run began.
    pub fn get(&self, path: &str, name: &str) -> Option<&Record> {
        self.held.get_or_init(|| self.read_noting_damage()).get(path, name)
    }

    /// Whether the manifest had to be rebuilt this run.
    pub fn was_unusable(&self) -> bool {
        self.unusable.load(Ordering::Relaxed)
    }

    /// Keeps `record` for the next save.
    pub fn update(&self, record: Record) {
        if let Ok(mut updates) = self.updates.lock() {
            updates.push(record);
        }
    }

    pub fn prune_on_save(&self) {
        self.prune.store(true, Ordering::Relaxed);
    }

    /// Merges this run's records into the manifest on disk. Nothing to
    /// say is nothing written.
    pub fn save(&self, io: &dyn CacheIo) -> io::Result<()> {
        let updates = self.updates.lock().map(|mut u| std::mem::take(&mut *u)).unwrap_or_default();
        let prune = self.prune.swap(false, Ordering::Relaxed);
        let repair = self.was_unusable() && !self.repaired.swap(true, Ordering::Relaxed);
        if updates.is_empty() && !prune && !repair {
            return Ok(());
        }
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let _lock = self.lock();
        let mut manifest = self.read().unwrap_or_default();
        for record in updates {
            manifest.merge(record);
        }
        if prune {
            manifest.retain(|h| h.path.contains('\u{fffd}') || Path::new(&h.path).is_file());
        }
        let Some(bytes) = manifest.encode(self.loader_stamp) else { return Ok(()) };
        let temp = temp_path(&self.path);
        let result = io.write(&temp, &bytes).and_then(|()| io.rename(&temp, &self.path));
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }

    fn read_noting_damage(&self) -> Manifest {
        match self.read() {
            Ok(manifest) => manifest,
            Err(None) => Manifest::default(),
            Err(Some(_)) => {
                self.unusable.store(true, Ordering::Relaxed);
                Manifest::default()
            }
        }
    }

    /// The manifest on disk; `Err(None)` when there is none.
    fn read(&self) -> Result<Manifest, Option<Unusable>> {
        let bytes = fs::read(&self.path).map_err(|_| None)?;
        Manifest::decode(self.loader_stamp, &bytes).map_err(Some)
    }

    /// The writers' lock, held until dropped; `None` if it could not be
    /// had in time (see [`LOCK_PATIENCE`]).
    fn lock(&self) -> Option<fs::File> {
        let file = fs::File::options().create(true).append(true).open(&self.lock_path).ok()?;
        let deadline = Instant::now() + LOCK_PATIENCE;
        loop {
            match file.try_lock() {
                Ok(()) => return Some(file),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return None,
            }
        }
    }
}

/// Removes the manifest and its lock file.
pub fn clear(cache_dir: &Path) -> io::Result<()> {
    for name in [MANIFEST_FILE, LOCK_FILE] {
        match fs::remove_file(cache_dir.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}
