//! Loading the library in the background.
//!
//! Files are read and parsed on a plain thread that streams each document
//! to the app as soon as it is ready, so the first frame never waits for a
//! large library. The per-file work sits behind [`load_file`] so a richer
//! library loader can replace it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::model::document::{Document, Format};
use crate::model::loader;
use crate::state::Action;

/// Extensions picked up when walking a folder. Files named explicitly are
/// always loaded.
const EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "txt", "text"];

/// Starts loading `paths` (the embedded sample if there are none). `send`
/// delivers each result and returns false once nobody is listening, which
/// stops the loader.
pub fn spawn<F>(paths: Vec<PathBuf>, send: F) -> std::io::Result<JoinHandle<()>>
where
    F: Fn(Action) -> bool + Send + 'static,
{
    std::thread::Builder::new().name("quire-loader".into()).spawn(move || run(&paths, &send))
}

fn run(paths: &[PathBuf], send: &dyn Fn(Action) -> bool) {
    if paths.is_empty() {
        if let Some(doc) = sample() {
            send(Action::Loaded(Arc::new(doc)));
        }
        send(Action::LoadDone);
        return;
    }
    let (files, mut failures) = files(paths);
    let total = files.len();
    if !send(Action::LoadProgress { done: 0, total }) {
        return;
    }
    for failure in failures.drain(..) {
        send(Action::LoadFailed(failure));
    }
    for (i, file) in files.iter().enumerate() {
        let action = match load_file(file) {
            Ok(doc) => Action::Loaded(Arc::new(doc)),
            Err(e) => Action::LoadFailed(e),
        };
        if !send(action) || !send(Action::LoadProgress { done: i + 1, total }) {
            return;
        }
    }
    send(Action::LoadDone);
}

/// Expands folders (recursively, in name order) into the files to load;
/// paths that cannot be read are reported, not fatal.
pub fn files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut failures);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            failures.push(format!("{}: no such file or folder", path.display()));
        }
    }
    (files, failures)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, failures: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return failures.push(format!("{}: {e}", dir.display())),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, failures);
        } else if wanted(&path) {
            files.push(path);
        }
    }
}

fn wanted(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(ext))
}

/// Reads and parses one file.
pub fn load_file(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let origin = path.display().to_string();
    loader::load(&origin, &bytes).map_err(|e| format!("{origin}: {e}"))
}

/// The embedded sample eMag.
pub fn sample() -> Option<Document> {
    let text = include_str!("../assets/sample.md");
    loader::load_as("sample.md", text.as_bytes(), Format::Markdown).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn loads_folders_in_order_and_reports_failures() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.md"), "bee").unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "ay").unwrap();
        std::fs::write(dir.path().join("skip.png"), "x").unwrap();
        let missing = dir.path().join("missing.md");
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        let handle = spawn(vec![dir.path().to_path_buf(), missing], move |a| {
            log.lock().unwrap().push(a);
            true
        })
        .unwrap();
        handle.join().unwrap();
        let sent = sent.lock().unwrap();
        let loaded: Vec<String> = sent
            .iter()
            .filter_map(|a| match a {
                Action::Loaded(d) => Some(d.origin.rsplit('/').next().unwrap_or_default().into()),
                _ => None,
            })
            .collect();
        assert_eq!(loaded, ["b.md", "a.txt"]);
        assert!(sent.iter().any(|a| matches!(a, Action::LoadFailed(m) if m.contains("missing"))));
        assert!(matches!(sent.last(), Some(Action::LoadDone)));
    }

    #[test]
    fn no_paths_means_the_sample() {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        spawn(Vec::new(), move |a| {
            log.lock().unwrap().push(a);
            true
        })
        .unwrap()
        .join()
        .unwrap();
        assert!(matches!(sent.lock().unwrap().first(), Some(Action::Loaded(_))));
    }
}
