//! The folders a watch registers: a root and every folder under it, found
//! from the directory listings alone.
//!
//! Why not notify's recursive mode: it walks with symlinks followed, which
//! asks the file system about every entry, so on a warm start of a
//! 2,000-file library the watch did 2,000 stats on the second core while
//! the list was being built. Here a listing's entry types say which
//! entries are folders; only symlinks are asked about. Folders that appear
//! later are added by the watch as their events arrive.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// `root` and the folders under it, outermost first. Hidden folders are
/// left out, as the library's walk leaves them out; a folder reached
/// twice (through a symlink, or a symlink loop) is listed once.
pub fn under(root: &Path) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(canonical) = dir.canonicalize() else { continue };
        if !seen.insert(canonical) {
            continue;
        }
        let mut inner = subfolders(&dir);
        inner.reverse();
        todo.extend(inner);
        found.push(dir);
    }
    found
}

/// The folders listed in `dir`, in name order; unreadable ones are skipped
/// (the walk reports them).
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .filter(|entry| match entry.file_type() {
            Ok(kind) if kind.is_symlink() => entry.path().is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => false,
        })
        .map(|entry| entry.path())
        .collect();
    folders.sort();
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folder_once_hidden_ones_and_files_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["b", "a/inner", "a/inner/deeper", ".hidden/x"] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        fs::write(root.join("a/file.md"), "text").unwrap();
        let found = under(root);
        let names: Vec<&Path> = found.iter().map(|f| f.strip_prefix(root).unwrap()).collect();
        let want = ["", "a", "a/inner", "a/inner/deeper", "b"].map(Path::new);
        assert_eq!(names, want);
    }

    #[cfg(unix)]
    #[test]
    fn linked_folders_are_followed_and_a_loop_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("linked")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/back")).unwrap();
        let found = under(&root);
        assert_eq!(found, [root.clone(), root.join("linked"), root.join("sub")]);
    }

    #[test]
    fn a_missing_root_has_no_folders() {
        let dir = tempfile::tempdir().unwrap();
        assert!(under(&dir.path().join("gone")).is_empty());
    }
}
