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
#[path = "load_tests.rs"]
mod tests;
