//! Finding the files to load: arguments as given, directories walked in
//! byte order, hidden entries and other data files skipped, each file once.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Catalogue, LoadFailure, display_safe, failure, io_message};
use crate::model::{Format, loader};

/// Extensions picked up when walking a directory (compared case-insensitively).
/// Files named explicitly are read whatever their extension.
pub const WALKED_EXTENSIONS: &[&str] =
    &["txt", "md", "markdown", "epub", "html", "htm", "xhtml", "xml", "rss", "atom", "json", "pdf"];

/// Walked extensions that many files other than feeds have: such a file is
/// picked up only when its start sniffs as a feed, and skipped quietly if not.
const FEED_ONLY_EXTENSIONS: &[&str] = &["xml", "json"];

/// A file to load, or a problem met while looking for files, kept in the
/// order they were found so that failures are reported in path order too.
pub type Found = Result<PathBuf, LoadFailure>;

/// The files `paths` name, directories walked, without reading any file:
/// the TUI streams them in one by one with [`super::load_file`].
pub fn discover(paths: &[PathBuf]) -> Vec<Found> {
    let mut walker = Walker::default();
    for path in paths {
        walker.visit_argument(path);
    }
    walker.found
}

/// [`discover`], while another thread reads the catalogue's manifest,
/// which the loads after it need first.
pub fn discover_reading(paths: &[PathBuf], catalogue: Option<&Catalogue>) -> Vec<Found> {
    std::thread::scope(|scope| {
        if let Some(catalogue) = catalogue {
            scope.spawn(|| catalogue.prefetch());
        }
        discover(paths)
    })
}

#[derive(Default)]
struct Walker {
    found: Vec<Found>,
    /// Canonical paths of files already queued, so a file reached twice
    /// (named twice, or through a symlinked directory) loads once. Kept
    /// as plain strings: hashing a `Path` parses it into components,
    /// which was a fifth of walking a large folder.
    files: HashSet<OsString>,
    /// Canonical paths of directories already walked.
    dirs: HashSet<PathBuf>,
    /// Canonical paths of the directories being walked, outermost first:
    /// meeting one of these again means a symlink loop.
    ancestors: Vec<PathBuf>,
}

impl Walker {
    fn visit_argument(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.walk_dir(path),
            Ok(_) => self.push_file(path.to_path_buf()),
            Err(err) => self.fail(path, io_message(&err)),
        }
    }

    fn fail(&mut self, path: &Path, message: String) {
        self.found.push(Err(failure(path, message)));
    }

    fn push_file(&mut self, path: PathBuf) {
        let key = self.file_key(&path);
        self.queue(key.into_os_string(), path);
    }

    fn queue(&mut self, key: OsString, path: PathBuf) {
        if self.files.insert(key) {
            self.found.push(Ok(path));
        }
    }

    /// The file's canonical path. Inside a walked directory, a file that
    /// is no symlink is that directory's canonical path plus its name:
    /// resolving every component again would cost a system call each,
    /// for every file of a large library.
    fn file_key(&self, path: &Path) -> PathBuf {
        if let (Some(dir), Some(name)) = (self.ancestors.last(), path.file_name())
            && !is_symlink(path)
        {
            return dir.join(name);
        }
        fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }

    fn walk_dir(&mut self, dir: &Path) {
        let canonical = match fs::canonicalize(dir) {
            Ok(canonical) => canonical,
            Err(err) => return self.fail(dir, io_message(&err)),
        };
        if self.ancestors.contains(&canonical) {
            let target = display_safe(&canonical.to_string_lossy());
            return self.fail(dir, format!("symlink loop (leads back to {target}), skipped"));
        }
        // A directory reached a second time by another route adds nothing.
        if !self.dirs.insert(canonical.clone()) {
            return;
        }
        let entries = match sorted_entries(dir) {
            Ok(entries) => entries,
            Err(err) => return self.fail(dir, io_message(&err)),
        };
        self.ancestors.push(canonical);
        for (name, kind) in entries {
            self.visit_entry(dir, &name, kind);
        }
        self.ancestors.pop();
    }

    /// `kind` is what the directory listing says, when it says: a regular
    /// file needs no system call to be queued (on a large library the
    /// walk's stats were its whole cost). Its canonical path is the
    /// canonical folder's joined with its name.
    fn visit_entry(&mut self, dir: &Path, name: &OsStr, kind: Option<fs::FileType>) {
        if name.as_encoded_bytes().starts_with(b".") {
            return;
        }
        let path = dir.join(name);
        if kind.is_some_and(|k| k.is_file()) {
            if has_walked_extension(Path::new(name)) && !other_data(&path) {
                let key = match self.ancestors.last() {
                    Some(canonical) => canonical.join(name),
                    None => self.file_key(&path),
                };
                self.queue(key.into_os_string(), path);
            }
            return;
        }
        // `metadata` follows symlinks: linked directories are walked and
        // linked files read; a dangling link is reported.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => self.walk_dir(&path),
            Ok(meta) if meta.is_file() && has_walked_extension(&path) && !other_data(&path) => {
                self.push_file(path)
            }
            // Sockets, pipes and devices are never read from a walk: a pipe
            // would block forever.
            Ok(_) => {}
            Err(err) if has_walked_extension(&path) || is_symlink(&path) => {
                self.fail(&path, io_message(&err))
            }
            Err(_) => {}
        }
    }
}

/// A directory's entry names in path order, each with its type if the
/// listing gave it.
fn sorted_entries(dir: &Path) -> io::Result<Vec<(OsString, Option<fs::FileType>)>> {
    let mut entries = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| (e.file_name(), e.file_type().ok())))
        .collect::<io::Result<Vec<_>>>()?;
    // By bytes: within one directory, the order of the paths too.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// Whether a walk would pick up this file (by its name, and by its start
/// for feed-only extensions): for files that appear in a watched folder.
pub fn walks(path: &Path) -> bool {
    let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    !hidden && path.is_file() && has_walked_extension(path) && !other_data(path)
}

fn has_walked_extension(path: &Path) -> bool {
    extension_in(path, WALKED_EXTENSIONS)
}

/// Whether the path's extension is one of `list`, ignoring ASCII case
/// (compared in place: a walk asks this of every file).
fn extension_in(path: &Path, list: &[&str]) -> bool {
    let ext = path.extension().map(|e| e.as_encoded_bytes()).unwrap_or_default();
    list.iter().any(|known| known.as_bytes().eq_ignore_ascii_case(ext))
}

/// A walked `.xml` or `.json` file whose start is not a feed's.
fn other_data(path: &Path) -> bool {
    if !extension_in(path, FEED_ONLY_EXTENSIONS) {
        return false;
    }
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    // An unreadable file is read (and its error reported) like any other.
    read.is_ok() && loader::sniff::markup(&head) != Some(Format::Feed)
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::load_paths;

    #[test]
    fn walks_pick_feeds_but_not_other_data_files() {
        let dir = tempfile::tempdir().unwrap();
        let rss = "<?xml version='1.0'?><rss version='2.0'><channel><title>Walked</title>\
            <item><title>One</title><description>Body text.</description></item></channel></rss>";
        fs::write(dir.path().join("feed.xml"), rss).unwrap();
        fs::write(dir.path().join("config.xml"), "<config><a/></config>").unwrap();
        fs::write(dir.path().join("package.json"), r#"{"name": "x"}"#).unwrap();
        fs::write(dir.path().join("page.html"), "<html><body><p>Hello page.</p></body></html>")
            .unwrap();
        let report = load_paths(&[dir.path().to_path_buf()]);
        let mut formats: Vec<Format> = report.library.documents.iter().map(|d| d.format).collect();
        formats.sort_by_key(|f| f.tag());
        assert_eq!(formats, [Format::Feed, Format::Html]);
        assert_eq!(report.failures, []);
        // Named, a data file gets one clear line.
        let named = load_paths(&[dir.path().join("package.json")]);
        assert_eq!(named.failures.len(), 1);
        assert!(named.failures[0].message.starts_with("not a feed"), "{:?}", named.failures);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_unicode_are_told_apart_in_a_walk() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        for raw in [&b"a\xff.md"[..], b"a\xfe.md"] {
            fs::write(dir.path().join(std::ffi::OsStr::from_bytes(raw)), "text").unwrap();
        }
        assert_eq!(discover(&[dir.path().to_path_buf()]).iter().flatten().count(), 2);
    }

    #[test]
    fn walked_extensions_ignore_case() {
        assert!(has_walked_extension(Path::new("a/B.MD")));
        assert!(has_walked_extension(Path::new("x.Markdown")));
        assert!(has_walked_extension(Path::new("issue.PDF")));
        assert!(!has_walked_extension(Path::new("x.bin")));
        assert!(!has_walked_extension(Path::new("txt")));
        assert!(!has_walked_extension(Path::new("x.mdx")));
        assert!(!has_walked_extension(Path::new("x.")));
    }
}
