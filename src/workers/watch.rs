//! Watching loaded library files: a file changed on disk is read again
//! and sent as [`Action::Reloaded`].
//!
//! Each file's parent directory is watched (non-recursively) rather than
//! the file itself: editors that save by writing a new file and renaming
//! it over the old one would otherwise end the watch with the first save.
//! Events are debounced per file, so an editor's several writes cause one
//! reload, and a reload whose content is unchanged (a `touch`, a save
//! without edits) sends nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::library;
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

/// A running watch. Dropping it stops watching; [`Watch::wait`] keeps it
/// running until the app stops listening.
pub struct Watch {
    watcher: RecommendedWatcher,
    thread: JoinHandle<()>,
}

impl Watch {
    /// Watches `files`; `send` delivers each reload (or a failure to read
    /// one) and returns false once nobody listens.
    pub fn start<F>(files: Vec<Loaded>, debounce: Duration, send: F) -> Result<Watch, String>
    where
        F: Fn(Action) -> bool + Send + 'static,
    {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| e.to_string())?;
        let files = Files::new(files);
        for dir in files.dirs() {
            watcher.watch(&dir, RecursiveMode::NonRecursive).map_err(|e| e.to_string())?;
        }
        let thread = std::thread::Builder::new()
            .name("quire-watch".into())
            .spawn(move || run(&rx, files, debounce, &send))
            .map_err(|e| e.to_string())?;
        Ok(Watch { watcher, thread })
    }

    /// Blocks until the app stops listening (the next change after it
    /// quit ends the thread).
    pub fn wait(self) {
        let Watch { watcher, thread } = self;
        let _ = thread.join();
        drop(watcher);
    }
}

/// The watched files, by the path events name them with: the canonical
/// directory joined with the file's name.
struct Files {
    by_key: HashMap<PathBuf, Loaded>,
}

impl Files {
    fn new(files: Vec<Loaded>) -> Files {
        let by_key = files.into_iter().filter_map(|f| Some((key_of(&f.path)?, f))).collect();
        Files { by_key }
    }

    fn dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> =
            self.by_key.keys().filter_map(|k| k.parent().map(Path::to_path_buf)).collect();
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// Reads the file again: the new document if its content changed, a
    /// notice if it could not be read. A deleted file is left alone (a
    /// later save creates it again and is seen then).
    fn reload(&mut self, key: &Path) -> Option<Action> {
        let file = self.by_key.get_mut(key)?;
        if !file.path.exists() {
            return None;
        }
        match library::load_file(&file.path) {
            Ok(doc) if doc.id == file.id => None,
            Ok(doc) => {
                file.id = doc.id;
                Some(Action::Reloaded(Arc::new(doc)))
            }
            Err(f) => Some(Action::Notice(strings::reload_failed(&f.path, &f.message))),
        }
    }
}

fn key_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(parent.canonicalize().ok()?.join(name))
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
                for path in event.paths.into_iter().filter(|p| files.by_key.contains_key(p)) {
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
        for key in ready {
            due.remove(&key);
            if let Some(action) = files.reload(&key)
                && !send(action)
            {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::Sender;

    fn start(path: &Path, id: ContentId) -> (Watch, Receiver<Action>) {
        let (tx, rx) = channel();
        let tx: Sender<Action> = tx;
        let files = vec![Loaded { path: path.to_path_buf(), id }];
        let watch = Watch::start(files, DEBOUNCE, move |a| tx.send(a).is_ok()).unwrap();
        (watch, rx)
    }

    /// Everything sent until `wait` passes with nothing new.
    fn collect(rx: &Receiver<Action>, wait: Duration) -> Vec<Action> {
        let mut got = Vec::new();
        while let Ok(a) = rx.recv_timeout(wait) {
            got.push(a);
        }
        got
    }

    #[test]
    fn two_quick_writes_make_one_reload_with_the_last_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "# Notes\n\nFirst version.\n").unwrap();
        let v1 = library::load_file(&path).unwrap();
        let (_watch, rx) = start(&path, v1.id);
        std::fs::write(&path, "# Notes\n\nSecond version.\n").unwrap();
        std::fs::write(&path, "# Notes\n\nThird version.\n").unwrap();
        // The first reload comes one debounce after the last write; a
        // second one would come within another.
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let Action::Reloaded(doc) = first else { panic!("expected a reload, got {first:?}") };
        assert_eq!(doc.origin, path.to_string_lossy());
        assert!(crate::model::text::article_text(&doc.articles[0]).contains("Third version"));
        let rest = collect(&rx, DEBOUNCE * 3);
        assert!(rest.is_empty(), "one reload only, also got {rest:?}");
    }

    #[test]
    fn rename_over_the_file_is_seen_and_unchanged_content_is_not_sent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "# Notes\n\nFirst version.\n").unwrap();
        let v1 = library::load_file(&path).unwrap();
        let (_watch, rx) = start(&path, v1.id);
        // Same content: nothing to send.
        std::fs::write(&path, "# Notes\n\nFirst version.\n").unwrap();
        assert!(collect(&rx, DEBOUNCE * 3).is_empty());
        // An editor's atomic save.
        let tmp = dir.path().join(".notes.md.swp");
        std::fs::write(&tmp, "# Notes\n\nSaved by rename.\n").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(matches!(got, Action::Reloaded(_)), "got {got:?}");
    }
}
