//! The remembered library: the files and folders `quire add` named, kept
//! in `library.json` in the data dir. The config's `library` list is a
//! second, read-only source (the app never writes the config); the
//! effective library is both, config first, without duplicates.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::{RealIo, atomic};

pub const LIBRARY_FILE: &str = "library.json";

/// The on-disk shape, versioned so a later quire can read an older file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub version: u32,
    /// Canonical paths, in the order they were added.
    pub paths: Vec<PathBuf>,
}

const VERSION: u32 = 1;

impl Remembered {
    /// Reads `library.json` from `data_dir`; a missing file is an empty
    /// library, an unreadable one an error naming the file.
    pub fn load(data_dir: &Path) -> Result<Remembered, String> {
        let file = data_dir.join(LIBRARY_FILE);
        match fs::read(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: not a library file ({e})", file.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Remembered::default()),
            Err(e) => Err(format!("{}: {}", file.display(), super::io_message(&e))),
        }
    }

    /// Replaces `library.json` atomically (temp file, fsync, rename).
    pub fn save(&self, data_dir: &Path) -> Result<(), String> {
        fs::create_dir_all(data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        let stored = Remembered { version: VERSION, paths: self.paths.clone() };
        let bytes = serde_json::to_vec_pretty(&stored).map_err(|e| e.to_string())?;
        atomic::write_atomic(&RealIo, &data_dir.join(LIBRARY_FILE), &bytes)
            .map_err(|e| e.to_string())
    }

    /// Adds a path that exists, canonicalised; false if it was already in.
    pub fn add(&mut self, path: &Path) -> io::Result<bool> {
        let canonical = fs::canonicalize(path)?;
        if self.paths.contains(&canonical) {
            return Ok(false);
        }
        self.paths.push(canonical);
        Ok(true)
    }

    /// Forgets a path, named as added or any other way to the same place
    /// (also once it is gone from disk); false if it was not in.
    pub fn remove(&mut self, path: &Path) -> bool {
        let wanted = fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
        let before = self.paths.len();
        self.paths.retain(|p| *p != wanted);
        self.paths.len() != before
    }
}

/// Config entries then remembered ones, each place once (compared by
/// canonical path where it still exists).
pub fn effective(config: Vec<PathBuf>, remembered: &Remembered) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for path in config.into_iter().chain(remembered.paths.iter().cloned()) {
        let key = fs::canonicalize(&path).unwrap_or_else(|_| absolute(&path));
        if seen.insert(key) {
            out.push(path);
        }
    }
    out
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_canonicalises_deduplicates_and_survives_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let emags = dir.path().join("emags");
        fs::create_dir(&emags).unwrap();
        let mut lib = Remembered::default();
        assert!(lib.add(&emags).unwrap());
        assert!(!lib.add(&emags.join("../emags")).unwrap());
        assert!(lib.add(&dir.path().join("missing")).is_err());
        lib.save(dir.path()).unwrap();
        let again = Remembered::load(dir.path()).unwrap();
        assert_eq!(again.paths, [fs::canonicalize(&emags).unwrap()]);
    }

    #[test]
    fn a_path_gone_from_disk_can_still_be_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "x").unwrap();
        let mut lib = Remembered::default();
        lib.add(&file).unwrap();
        let canonical = lib.paths[0].clone();
        fs::remove_file(&file).unwrap();
        assert!(lib.remove(&canonical));
        assert!(!lib.remove(&canonical));
        assert!(lib.paths.is_empty());
    }

    #[test]
    fn the_effective_library_is_config_then_remembered_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        let mut lib = Remembered::default();
        lib.add(&b).unwrap();
        lib.add(&a).unwrap();
        let config = vec![a.join("../a"), dir.path().join("gone")];
        let names: Vec<String> = effective(config, &lib)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a", "gone", "b"]);
    }

    #[test]
    fn a_damaged_file_is_an_error_not_an_empty_library() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(LIBRARY_FILE), "{not json").unwrap();
        assert!(Remembered::load(dir.path()).unwrap_err().contains("not a library file"));
        assert_eq!(Remembered::load(&dir.path().join("none")).unwrap(), Remembered::default());
    }
}
