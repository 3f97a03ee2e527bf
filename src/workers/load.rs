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
use crate::model::Document;
use crate::state::Action;
use crate::strings;
use crate::workers::watch::{Loaded, Prepared};

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

/// Like [`spawn`], through the catalogue in `cache_dir` if there is one:
/// files whose outline the catalogue holds fresh are listed at once and
/// loaded whole after [`Action::LoadDone`] (see [`fill`]). Then watches
/// the folders and files named (see [`Watch`](crate::workers::watch::Watch)): changes, additions and
/// removals are sent, `debounce` after the last write. The thread lives
/// while the app listens.
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
        // The folders are watched from the start, on a thread of its own
        // (registering them lists every folder); events wait for the list.
        let early = (!paths.is_empty()).then(|| {
            let paths = paths.clone();
            std::thread::spawn(move || Prepared::new(&paths))
        });
        let Some(Listing { loaded, to_fill }) = run(&paths, catalogue.as_ref(), &send) else {
            return;
        };
        // The folders are registered before loading is reported done, so
        // an edit made once the library shows as loaded is never missed:
        // its event waits in the queue until the watch handles events,
        // which starts after the list (its table of the files is not
        // something the list need wait for).
        let prepared = early.and_then(|early| {
            let prepared = early.join().unwrap_or_else(|_| Err("watch thread panicked".into()));
            prepared.map_err(not_watched).ok()
        });
        if !send(Action::LoadDone) {
            return;
        }
        let roots: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
        let watch = prepared.and_then(|prepared| {
            let catalogue = cache_dir.as_deref().map(Catalogue::open);
            prepared
                .start(loaded, &roots, catalogue, debounce, send.clone())
                .map_err(not_watched)
                .ok()
        });
        if let Some(catalogue) = &catalogue
            && !fill(&to_fill, catalogue, &send)
        {
            return;
        }
        if let Some(watch) = watch {
            watch.wait();
        }
    })
}

fn not_watched(error: String) {
    tracing::warn!(error = %error, "library files are not watched");
}

/// Loads whole, through the catalogue, the documents listed from their
/// outlines, those whose file changed since its outline was recorded
/// first: their new text replaces the old outline within moments of the
/// list; false once nobody listens.
fn fill(to_fill: &[PathBuf], catalogue: &Catalogue, send: &dyn Fn(Action) -> bool) -> bool {
    let total = to_fill.len();
    let (current, changed): (Vec<&PathBuf>, Vec<&PathBuf>) =
        to_fill.iter().partition(|path| catalogue.is_current(path));
    for (done, path) in changed.into_iter().chain(current).enumerate() {
        let action = match catalogue.load(path) {
            Ok(doc) => Action::Filled(Arc::new(doc)),
            Err(failure) => Action::Notice(message(&failure)),
        };
        if !send(action) || !send(Action::FillProgress { done: done + 1, total }) {
            return false;
        }
    }
    if total > 0 {
        catalogue.save();
    }
    true
}

/// What the first pass sent: every file in the list, and those sent as
/// outlines only, to be loaded whole after.
#[derive(Default)]
struct Listing {
    loaded: Vec<Loaded>,
    to_fill: Vec<PathBuf>,
}

/// Lists everything but does not say so ([`Action::LoadDone`] is the
/// caller's): files whose outline the catalogue holds fresh are sent as
/// outlines ([`Action::Listed`]), the others loaded whole. Returns the
/// files listed (none for the sample), or `None` once nobody listens.
fn run(
    paths: &[PathBuf],
    catalogue: Option<&Catalogue>,
    send: &dyn Fn(Action) -> bool,
) -> Option<Listing> {
    if paths.is_empty() {
        let sent = send(Action::Loaded(Arc::new(crate::sample::sample_document())));
        return sent.then(Listing::default);
    }
    let found = library::discover_reading(paths, catalogue);
    let total = found.iter().filter(|f| f.is_ok()).count();
    if !send(Action::LoadProgress { done: 0, total }) {
        return None;
    }
    let mut outlines = catalogue.map(|c| last_outlines(&found, c)).unwrap_or_default().into_iter();
    let mut listing = Listing::default();
    for item in found {
        let outline = outlines.next().flatten();
        if outline.is_none()
            && let Ok(path) = &item
            && !send_first_pages(path, send)
        {
            return None;
        }
        let listed = |path: PathBuf| Ok((list_one(&path, outline, catalogue)?, path));
        let action = match item.and_then(listed) {
            Ok((action, path)) => {
                let (Action::Listed(doc) | Action::Loaded(doc)) = &action else { continue };
                if matches!(action, Action::Listed(_)) {
                    listing.to_fill.push(path.clone());
                }
                listing.loaded.push(Loaded { path, id: doc.id });
                action
            }
            Err(failure) => Action::LoadFailed(message(&failure)),
        };
        let done = listing.loaded.len();
        // Progress only every so often: a warm library lists thousands
        // of files in milliseconds, and each message is a redraw.
        if !send(action)
            || (done % PROGRESS_EVERY == 0 && !send(Action::LoadProgress { done, total }))
        {
            return None;
        }
    }
    if let Some(catalogue) = catalogue {
        catalogue.prune_if_due();
        catalogue.save();
        if let Some(notice) = catalogue.notice() {
            send(Action::Notice(notice));
        }
    }
    Some(listing)
}

/// How many files between two progress messages.
const PROGRESS_EVERY: usize = 16;

/// The file's fresh outline as [`Action::Listed`], else the whole
/// document as [`Action::Loaded`].
fn list_one(
    path: &Path,
    outline: Option<Document>,
    catalogue: Option<&Catalogue>,
) -> Result<Action, LoadFailure> {
    if let Some(outline) = outline {
        return Ok(Action::Listed(Arc::new(outline)));
    }
    load_big_apart(path, catalogue).map(|doc| Action::Loaded(Arc::new(doc)))
}

/// Files from this size are loaded on a thread of their own (see
/// [`load_big_apart`]); for smaller ones a thread each costs more than
/// it gives back.
const OWN_THREAD_BYTES: u64 = 4 << 20;

/// Loads `path`, a big file on a thread of its own. Segmenting frees
/// about a third of the file's size (its units and scratch) when it is
/// done; the allocator returns a thread's freed memory as that thread
/// allocates again or ends, and this worker then sits waiting for file
/// events, so the memory stayed: the reader on a 105 MB file kept 12 to
/// 17 MB more to the end. A panic there is that file's failure.
fn load_big_apart(path: &Path, catalogue: Option<&Catalogue>) -> Result<Document, LoadFailure> {
    load_apart_from(path, catalogue, OWN_THREAD_BYTES)
}

fn load_apart_from(
    path: &Path,
    catalogue: Option<&Catalogue>,
    big_from: u64,
) -> Result<Document, LoadFailure> {
    let big = std::fs::metadata(path).is_ok_and(|m| m.len() >= big_from);
    if !big {
        return library::load_through(path, catalogue);
    }
    std::thread::scope(|s| s.spawn(|| library::load_through(path, catalogue)).join())
        .unwrap_or_else(|_| Err(library::failure(path, strings::PARSER_FAILED.to_string())))
}

/// Each found file's outline as the catalogue last saw it, in order, on
/// all cores: a decode per file, the whole of a warm start's work. Files
/// changed since are loaded whole first, after the list (see [`fill`]). A
/// panicked worker's files are simply loaded whole.
fn last_outlines(found: &[library::Found], catalogue: &Catalogue) -> Vec<Option<Document>> {
    let last = |item: &library::Found| catalogue.outline_as_last_seen(item.as_ref().ok()?);
    library::on_all_cores(found, last).into_iter().map(Option::flatten).collect()
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

    /// A file loaded on a thread of its own is the same document, and a
    /// missing one the same failure, as loaded here.
    #[test]
    fn a_big_file_loads_the_same_on_its_own_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issue.txt");
        std::fs::write(&path, "Opening Title\n\nBy Ann Lee\n\nA first paragraph.\n").unwrap();
        let apart = load_apart_from(&path, None, 0).unwrap();
        assert_eq!(
            format!("{apart:?}"),
            format!("{:?}", library::load_through(&path, None).unwrap())
        );
        let gone = dir.path().join("gone.txt");
        let failure = load_apart_from(&gone, None, 0).unwrap_err();
        assert_eq!(failure.message, library::load_through(&gone, None).unwrap_err().message);
    }

    fn loaded_titles(sent: &[Action]) -> Vec<String> {
        sent.iter()
            .filter_map(|a| match a {
                Action::Loaded(d) | Action::Listed(d) => Some(d.title.clone()),
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

    /// A warm start as the reader's loader makes it: the list, then the
    /// fill; what it sent.
    fn list_and_fill(paths: &[PathBuf], cache: &std::path::Path) -> (Listing, Vec<Action>) {
        let catalogue = Catalogue::open(cache);
        let sent = Mutex::new(Vec::new());
        let send = |a| {
            sent.lock().unwrap().push(a);
            true
        };
        let listing = run(paths, Some(&catalogue), &send).unwrap();
        assert!(fill(&listing.to_fill, &catalogue, &send));
        (listing, sent.into_inner().unwrap())
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
        std::fs::write(cache.join("outlines.qman"), b"garbage").unwrap();
        let sent = run_cached(&paths, &cache);
        assert_eq!(loaded_titles(&sent), ["Other edition"]);
        assert!(sent.iter().any(|a| matches!(a, Action::Notice(n) if n.contains("rebuilt"))));
    }

    #[test]
    fn a_second_start_lists_outlines_at_once_then_fills_them_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        let paths: Vec<PathBuf> = (0..3)
            .map(|i| {
                let path = dir.path().join(format!("{i}.md"));
                std::fs::write(&path, format!("# Issue {i}\n\n## Part\n\nText {i}.\n")).unwrap();
                std::fs::File::options()
                    .write(true)
                    .open(&path)
                    .unwrap()
                    .set_modified(old)
                    .unwrap();
                path
            })
            .collect();
        let first = run_cached(&paths, &cache);
        assert_eq!(first.iter().filter(|a| matches!(a, Action::Loaded(_))).count(), 3);
        // A file added since: loaded whole; the others listed as outlines.
        let added = dir.path().join("3.md");
        std::fs::write(&added, "# Issue 3\n\nNew.\n").unwrap();
        let mut all = paths.clone();
        all.push(added);
        let (listing, sent) = list_and_fill(&all, &cache);
        assert_eq!(listing.loaded.len(), 4);
        assert_eq!(listing.to_fill, paths);
        let listed: Vec<&Arc<crate::model::Document>> = sent
            .iter()
            .filter_map(|a| if let Action::Listed(d) = a { Some(d) } else { None })
            .collect();
        assert_eq!(listed.len(), 3);
        assert!(listed.iter().all(|d| d.articles.iter().all(|a| a.blocks().next().is_none())));
        let filled: Vec<&Arc<crate::model::Document>> = sent
            .iter()
            .filter_map(|a| if let Action::Filled(d) = a { Some(d) } else { None })
            .collect();
        assert_eq!(filled.len(), 3);
        for (outline, whole) in listed.iter().zip(&filled) {
            assert_eq!((outline.id, &outline.origin), (whole.id, &whole.origin));
            assert!(whole.articles.iter().any(|a| a.blocks().next().is_some()));
        }
        assert!(matches!(sent.last(), Some(Action::FillProgress { done: 3, total: 3 })));
    }

    #[test]
    fn a_file_changed_since_its_outline_is_listed_as_last_seen_and_filled_first() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let paths: Vec<PathBuf> = (0..3).map(|i| dir.path().join(format!("{i}.md"))).collect();
        let write = |path: &PathBuf, title: &str| {
            std::fs::write(path, format!("# {title}\n\nText of {title}.\n")).unwrap();
            let old = std::time::SystemTime::now() - Duration::from_secs(3600);
            std::fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
        };
        for (i, path) in paths.iter().enumerate() {
            write(path, &format!("Issue {i}"));
        }
        run_cached(&paths, &cache);
        write(&paths[2], "Issue two, revised at length");
        let (_, sent) = list_and_fill(&paths, &cache);
        assert_eq!(loaded_titles(&sent), ["Issue 0", "Issue 1", "Issue 2"], "as last seen");
        let filled: Vec<&str> = sent
            .iter()
            .filter_map(|a| if let Action::Filled(d) = a { Some(d.title.as_str()) } else { None })
            .collect();
        assert_eq!(filled, ["Issue two, revised at length", "Issue 0", "Issue 1"]);
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
