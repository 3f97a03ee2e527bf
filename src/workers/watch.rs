//! Watching the library: a loaded file changed on disk is read again and
//! sent as [`Action::Reloaded`]; a file new in a watched folder is loaded
//! and sent as [`Action::Loaded`]; a file gone is sent as
//! [`Action::Removed`]. A move is both: gone under the old name, new
//! under the other.
//!
//! The folders named on the command line (or in the library) are watched
//! with every folder under them, each on its own (see [`super::folders`]
//! for why not recursively), and folders that appear later are added as
//! their events arrive, so files added anywhere under them are seen; a
//! file named on its own has its parent directory watched rather than the
//! file itself: editors that save by writing a new file and renaming it
//! over the old one would otherwise end the watch with the first save.
//! Events are debounced per path, so an editor's several writes cause one
//! reload, and a reload whose content is unchanged (a `touch`, a save
//! without edits) sends nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::folders;
use crate::library::{self, Catalogue, display_safe};
use crate::model::document::ContentId;
use crate::state::Action;
use crate::strings;

/// How long a file must stay quiet before it is read again.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// A loaded file: the path it was loaded from and its content's id.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub id: ContentId,
}

/// The watcher, shared by the watch's thread (which adds folders as they
/// appear) and the [`Watch`] handle, whose drop ends it: with the watcher
/// gone its events channel closes and the thread returns.
type Shared = Arc<Mutex<Option<RecommendedWatcher>>>;

/// A running watch. Dropping it stops watching; [`Watch::wait`] keeps it
/// running until the app stops listening.
pub struct Watch {
    watcher: Shared,
    thread: Option<JoinHandle<()>>,
}

/// The folders watched, events already collecting, before the files are
/// known: registering the folders lists every folder under the roots, so
/// the loader does it on another thread while it lists.
pub struct Prepared {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
}

impl Prepared {
    /// Watches what `paths` name: folders with every folder under them,
    /// the parent folder of each file named on its own.
    pub fn new(paths: &[PathBuf]) -> Result<Prepared, String> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| e.to_string())?;
        watch_each(&mut watcher, targets(paths));
        Ok(Prepared { watcher, rx })
    }

    /// Starts handling changes to `files` and under `roots` (the folders
    /// among the paths, as the user named them); `send` delivers each
    /// change (or a failure to read one) and returns false once nobody
    /// listens.
    pub fn start<F>(
        self,
        files: Vec<Loaded>,
        roots: &[PathBuf],
        catalogue: Option<Catalogue>,
        debounce: Duration,
        send: F,
    ) -> Result<Watch, String>
    where
        F: Fn(Action) -> bool + Send + 'static,
    {
        let Prepared { watcher, rx } = self;
        let watcher: Shared = Arc::new(Mutex::new(Some(watcher)));
        let mut files = Files::new(files, roots);
        files.catalogue = catalogue;
        files.watcher = Some(watcher.clone());
        let thread = std::thread::Builder::new()
            .name("quire-watch".into())
            .spawn(move || run(&rx, files, debounce, &send))
            .map_err(|e| e.to_string())?;
        Ok(Watch { watcher, thread: Some(thread) })
    }
}

/// Watches each folder on its own. One that cannot be watched (gone
/// meanwhile, unreadable, over the system's limit of watches) is logged
/// and the others still are.
fn watch_each(watcher: &mut RecommendedWatcher, folders: Vec<PathBuf>) {
    for folder in folders {
        if let Err(e) = watcher.watch(&folder, RecursiveMode::NonRecursive) {
            let folder = display_safe(&folder.to_string_lossy());
            tracing::warn!(error = %e, folder, "a folder is not watched");
        }
    }
}

/// The folders to watch for `paths`: each folder and the folders under
/// it; for each file, its parent folder, unless a watched folder holds it
/// already.
fn targets(paths: &[PathBuf]) -> Vec<PathBuf> {
    let (folders, files): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| p.is_dir());
    let roots: Vec<PathBuf> = folders.iter().filter_map(|f| f.canonicalize().ok()).collect();
    let mut parents: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| key_of(f)?.parent().map(Path::to_path_buf))
        .filter(|dir| !roots.iter().any(|root| dir.starts_with(root)))
        .collect();
    parents.sort();
    parents.dedup();
    parents.extend(roots.iter().flat_map(|root| folders::under(root)));
    parents
}

impl Watch {
    /// [`Prepared::new`] then [`Prepared::start`], for files and folders
    /// known at once.
    pub fn start<F>(
        files: Vec<Loaded>,
        roots: &[PathBuf],
        catalogue: Option<Catalogue>,
        debounce: Duration,
        send: F,
    ) -> Result<Watch, String>
    where
        F: Fn(Action) -> bool + Send + 'static,
    {
        let mut paths = roots.to_vec();
        paths.extend(files.iter().map(|f| f.path.clone()));
        Prepared::new(&paths)?.start(files, roots, catalogue, debounce, send)
    }

    /// Blocks until the app stops listening (the next change after it
    /// quit ends the thread).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Ok(mut watcher) = self.watcher.lock() {
            watcher.take();
        }
    }
}

/// A watched folder: as the user named it (new files' origins are built
/// from it, like a walk's) and canonical (as events name paths).
#[derive(Debug, Clone)]
struct Root {
    given: PathBuf,
    canonical: PathBuf,
}

/// The watched files, by the path events name them with: the canonical
/// directory joined with the file's name; and the watched folders.
struct Files {
    by_key: HashMap<PathBuf, Loaded>,
    roots: Vec<Root>,
    /// Files are read through it when there is one, so what the reader
    /// read is cached for the next start and the headless commands.
    catalogue: Option<Catalogue>,
    /// Where folders that appear under a root are added.
    watcher: Option<Shared>,
}

impl Files {
    fn new(files: Vec<Loaded>, roots: &[PathBuf]) -> Files {
        let by_key = keyed(files);
        let roots = roots
            .iter()
            .filter_map(|given| {
                let canonical = given.canonicalize().ok().filter(|c| c.is_dir())?;
                Some(Root { given: given.clone(), canonical })
            })
            .collect();
        Files { by_key, roots, catalogue: None, watcher: None }
    }

    /// Whether an event on `path` concerns the library.
    fn wants(&self, path: &Path) -> bool {
        self.by_key.contains_key(path) || self.root_of(path).is_some()
    }

    /// Watches a folder new under a root, and the folders in it, at once:
    /// its files are found when it settles, and later changes in it must
    /// be seen too.
    fn watch_if_folder(&self, path: &Path) {
        let Some(shared) = &self.watcher else { return };
        if self.by_key.contains_key(path) || !path.is_dir() {
            return;
        }
        let Ok(mut guard) = shared.lock() else { return };
        if let Some(watcher) = guard.as_mut() {
            watch_each(watcher, folders::under(path));
        }
    }

    fn root_of(&self, path: &Path) -> Option<&Root> {
        self.roots.iter().find(|r| path.starts_with(&r.canonical) && path != r.canonical)
    }

    /// What a quiet path now means: a known file changed or gone, or new
    /// files (a file, or a folder moved in) under a watched folder.
    fn settle(&mut self, key: &Path) -> Vec<Action> {
        if self.by_key.contains_key(key) {
            return self.known(key).into_iter().collect();
        }
        let Some(root) = self.root_of(key).cloned() else { return Vec::new() };
        let Ok(inside) = key.strip_prefix(&root.canonical) else { return Vec::new() };
        if inside.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
            return Vec::new();
        }
        let given = root.given.join(inside);
        let found: Vec<PathBuf> = if key.is_dir() {
            library::discover(std::slice::from_ref(&given)).into_iter().flatten().collect()
        } else if library::walks(&given) {
            vec![given]
        } else {
            Vec::new()
        };
        found.into_iter().filter_map(|path| self.add(path)).collect()
    }

    /// A file new to the library, loaded and watched from now on.
    fn add(&mut self, path: PathBuf) -> Option<Action> {
        let key = key_of(&path)?;
        if self.by_key.contains_key(&key) {
            return None;
        }
        match self.load(&path) {
            Ok(doc) => {
                self.by_key.insert(key, Loaded { path, id: doc.id });
                Some(Action::Loaded(Arc::new(doc)))
            }
            Err(f) => Some(Action::Notice(strings::reload_failed(&f.path, &f.message))),
        }
    }

    /// A known file: gone, or read again (the new document if its content
    /// changed, a notice if it could not be read).
    fn known(&mut self, key: &Path) -> Option<Action> {
        let file = self.by_key.get_mut(key)?;
        if !file.path.exists() {
            let gone = self.by_key.remove(key)?;
            return Some(Action::Removed(display_safe(&gone.path.to_string_lossy())));
        }
        match library::load_through(&file.path, self.catalogue.as_ref()) {
            Ok(doc) if doc.id == file.id => None,
            Ok(doc) => {
                file.id = doc.id;
                Some(Action::Reloaded(Arc::new(doc)))
            }
            Err(f) => Some(Action::Notice(strings::reload_failed(&f.path, &f.message))),
        }
    }
}

impl Files {
    fn load(&self, path: &Path) -> Result<crate::model::Document, library::LoadFailure> {
        library::load_through(path, self.catalogue.as_ref())
    }

    /// Keeps what this batch of changes taught the catalogue.
    fn save(&self) {
        if let Some(catalogue) = &self.catalogue {
            catalogue.save();
        }
    }
}

fn key_of(path: &Path) -> Option<PathBuf> {
    Some(parent_of(path).canonicalize().ok()?.join(path.file_name()?))
}

/// [`key_of`] for many files at once: each folder is canonicalised once,
/// not once per file in it (a realpath is a system call per component,
/// and the watch starts before a warm library is reported listed).
fn keyed(files: Vec<Loaded>) -> HashMap<PathBuf, Loaded> {
    let mut folders: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut by_key = HashMap::with_capacity(files.len());
    for file in files {
        let Some(name) = file.path.file_name() else { continue };
        let parent = parent_of(&file.path);
        let folder =
            folders.entry(parent.to_path_buf()).or_insert_with(|| parent.canonicalize().ok());
        if let Some(key) = folder.as_ref().map(|f| f.join(name)) {
            by_key.insert(key, file);
        }
    }
    by_key
}

fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Whether an event may mean new content. Reads are not: our own reload
/// reads the file, and must not schedule another.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

fn run(
    rx: &Receiver<notify::Result<Event>>,
    mut files: Files,
    debounce: Duration,
    send: &dyn Fn(Action) -> bool,
) {
    let mut due: HashMap<PathBuf, Instant> = HashMap::new();
    loop {
        let received = match due.values().min() {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(Ok(event)) if changes_content(&event.kind) => {
                for path in event.paths.into_iter().filter(|p| files.wants(p)) {
                    files.watch_if_folder(&path);
                    due.insert(path, Instant::now() + debounce);
                }
            }
            Ok(Ok(_)) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "watching the library"),
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = Instant::now();
        let ready: Vec<PathBuf> =
            due.iter().filter(|(_, at)| **at <= now).map(|(p, _)| p.clone()).collect();
        let settled = !ready.is_empty();
        for key in ready {
            due.remove(&key);
            for action in files.settle(&key) {
                if !send(action) {
                    return;
                }
            }
        }
        if settled {
            files.save();
        }
    }
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
