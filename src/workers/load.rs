//! Loading the library in the background.
//!
//! Files are read and parsed on a plain thread that streams each document
//! to the app as soon as it is ready, so the first frame never waits for a
//! large library. Finding and reading files is [`crate::library`]'s job.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::library::{self, Catalogue, LoadFailure};
use crate::state::Action;
use crate::workers::watch::{Loaded, Watch};

/// Starts loading `paths` (the embedded sample if there are none). `send`
/// delivers each result and returns false once nobody is listening, which
/// stops the loader.
pub fn spawn<F>(paths: Vec<PathBuf>, send: F) -> std::io::Result<JoinHandle<()>>
where
    F: Fn(Action) -> bool + Send + 'static,
{
    std::thread::Builder::new().name("quire-loader".into()).spawn(move || {
        if run(&paths, None, &send).is_some() {
            send(Action::LoadDone);
        }
    })
}

/// Like [`spawn`], through the catalogue in `cache_dir` if there is one,
/// then watches the loaded files and sends `Action::Reloaded` when one
/// changes, `debounce` after its last write. The thread lives while the
/// app listens.
pub fn spawn_watched<F>(
    paths: Vec<PathBuf>,
    cache_dir: Option<PathBuf>,
    debounce: Duration,
    send: F,
) -> std::io::Result<JoinHandle<()>>
where
    F: Fn(Action) -> bool + Clone + Send + 'static,
{
    std::thread::Builder::new().name("quire-loader".into()).spawn(move || {
        let catalogue = cache_dir.as_deref().map(Catalogue::open);
        let Some(loaded) = run(&paths, catalogue.as_ref(), &send) else { return };
        // Watching starts before loading is reported done, so an edit made
        // once the library shows as loaded is never missed.
        let watch = if loaded.is_empty() { None } else { watch(loaded, debounce, send.clone()) };
        if send(Action::LoadDone)
            && let Some(watch) = watch
        {
            watch.wait();
        }
    })
}

fn watch<F>(loaded: Vec<Loaded>, debounce: Duration, send: F) -> Option<Watch>
where
    F: Fn(Action) -> bool + Send + 'static,
{
    Watch::start(loaded, debounce, send)
        .map_err(|e| tracing::warn!(error = %e, "library files are not watched"))
        .ok()
}

/// Loads everything but does not say so ([`Action::LoadDone`] is the
/// caller's); returns the files loaded (none for the sample), or `None`
/// once nobody listens.
fn run(
    paths: &[PathBuf],
    catalogue: Option<&Catalogue>,
    send: &dyn Fn(Action) -> bool,
) -> Option<Vec<Loaded>> {
    if paths.is_empty() {
        let sent = send(Action::Loaded(Arc::new(crate::sample::sample_document())));
        return sent.then(Vec::new);
    }
    let found = library::discover(paths);
    let total = found.iter().filter(|f| f.is_ok()).count();
    if !send(Action::LoadProgress { done: 0, total }) {
        return None;
    }
    let mut loaded = Vec::new();
    for item in found {
        if let Ok(path) = &item
            && !send_first_pages(path, send)
        {
            return None;
        }
        let load = |path: &PathBuf| match catalogue {
            Some(catalogue) => catalogue.load(path),
            None => library::load_file(path),
        };
        let action = match item.and_then(|path| Ok((load(&path)?, path))) {
            Ok((doc, path)) => {
                loaded.push(Loaded { path, id: doc.id });
                Action::Loaded(Arc::new(doc))
            }
            Err(failure) => Action::LoadFailed(message(&failure)),
        };
        let done = loaded.len();
        if !send(action) || !send(Action::LoadProgress { done, total }) {
            return None;
        }
    }
    if let Some(catalogue) = catalogue {
        catalogue.prune_if_due();
        if let Some(notice) = catalogue.notice() {
            send(Action::Notice(notice));
        }
    }
    Some(loaded)
}

/// Sends a huge file's first pages, for the reader to show while the
/// whole file loads; false once nobody listens.
fn send_first_pages(path: &Path, send: &dyn Fn(Action) -> bool) -> bool {
    match library::first_pages::first_pages(path) {
        Some(doc) => send(Action::LoadedPart(Arc::new(doc))),
        None => true,
    }
}

fn message(failure: &LoadFailure) -> String {
    format!("{}: {}", failure.path, failure.message)
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

    fn loaded_titles(sent: &[Action]) -> Vec<String> {
        sent.iter()
            .filter_map(|a| match a {
                Action::Loaded(d) => Some(d.title.clone()),
                _ => None,
            })
            .collect()
    }

    fn run_cached(paths: &[PathBuf], cache: &std::path::Path) -> Vec<Action> {
        let sent = Mutex::new(Vec::new());
        let catalogue = Catalogue::open(cache);
        run(paths, Some(&catalogue), &|a| {
            sent.lock().unwrap().push(a);
            true
        });
        sent.into_inner().unwrap()
    }

    #[test]
    fn the_reader_loads_through_the_catalogue_and_says_when_it_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let (file, cache) = (dir.path().join("a.md"), dir.path().join("cache"));
        std::fs::write(&file, "# First edition\n\nText.\n").unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        let set_old = || {
            let handle = std::fs::File::options().write(true).open(&file).unwrap();
            handle.set_modified(old).unwrap();
        };
        set_old();
        let paths = vec![file.clone()];
        assert_eq!(loaded_titles(&run_cached(&paths, &cache)), ["First edition"]);
        // Same size and mtime, other bytes: served from the cache unread.
        std::fs::write(&file, "# Other edition\n\nText.\n").unwrap();
        set_old();
        let sent = run_cached(&paths, &cache);
        assert_eq!(loaded_titles(&sent), ["First edition"]);
        assert!(!sent.iter().any(|a| matches!(a, Action::Notice(_))));
        // A damaged cache: the file is read again and the status line says so.
        let documents = cache.join(crate::library::catalogue::DOCUMENTS_DIR);
        for entry in std::fs::read_dir(&documents).unwrap() {
            std::fs::write(entry.unwrap().path(), b"garbage").unwrap();
        }
        let sent = run_cached(&paths, &cache);
        assert_eq!(loaded_titles(&sent), ["Other edition"]);
        assert!(sent.iter().any(|a| matches!(a, Action::Notice(n) if n.contains("rebuilt"))));
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
