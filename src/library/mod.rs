//! Paths → [`Library`]: the file-system side of loading.
//!
//! The model's loader is pure (bytes in, document out); this module finds the
//! files, reads them and turns every problem into a [`LoadFailure`] instead of
//! an abort, so one bad file never hides the rest of a collection.

mod cache_entry;
mod cache_io;
pub mod catalogue;
#[cfg(test)]
mod catalogue_tests;
pub mod first_pages;
pub mod index;
mod isolate;
mod manifest;
#[cfg(test)]
mod manifest_tests;
mod outlines;
pub mod pdf;
pub mod remembered;

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::model::{Document, Format, Library, loader};
use crate::strings;
pub use catalogue::Catalogue;
pub use isolate::PARSER_THREAD;
use isolate::{Isolation, isolated};

/// Extensions picked up when walking a directory (compared case-insensitively).
/// Files named explicitly are read whatever their extension.
pub const WALKED_EXTENSIONS: &[&str] =
    &["txt", "md", "markdown", "epub", "html", "htm", "xhtml", "xml", "rss", "atom", "json", "pdf"];

/// Walked extensions that many files other than feeds have: such a file is
/// picked up only when its start sniffs as a feed, and skipped quietly if not.
const FEED_ONLY_EXTENSIONS: &[&str] = &["xml", "json"];

/// How long one untrusted file (HTML, EPUB, feed) may take to parse.
pub const PARSE_TIME_LIMIT: Duration = Duration::from_secs(10);

/// Larger files are refused rather than risking the reader's memory; no eMag
/// comes anywhere near this.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What loading a set of paths produced: everything that loaded, and one
/// failure per path that did not.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub failures: Vec<LoadFailure>,
}

/// One path that could not be loaded, ready to show to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    /// Already passed through [`display_safe`].
    pub path: String,
    pub message: String,
}

/// A path or name made safe to print: a file name may legally contain ESC or
/// other control characters, which would otherwise drive the terminal.
pub fn display_safe(text: &str) -> String {
    // Nearly every text is clean: copied whole, not rebuilt char by char
    // (the difference shows in `quire outline` of a large library). The
    // check is on bytes: C0 controls and DEL are single bytes, and C1
    // controls (U+0080..U+009F) start with 0xC2, as do a few printable
    // characters, which merely take the slow path.
    let suspect = text.bytes().fold(false, |seen, b| seen | (b < 0x20) | (b == 0x7f) | (b == 0xc2));
    if !suspect {
        return text.to_owned();
    }
    text.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
}

/// Loads files and directories. Directories are walked recursively (see
/// [`WALKED_EXTENSIONS`]); the documents come back in argument order, and in
/// sorted path order inside each directory, whatever order the threads finish.
pub fn load_paths(paths: &[PathBuf]) -> LoadReport {
    load_paths_cached(paths, None)
}

/// Like [`load_paths`], through the catalogue when there is one.
pub fn load_paths_cached(paths: &[PathBuf], catalogue: Option<&Catalogue>) -> LoadReport {
    let results = load_parallel(&discover_reading(paths, catalogue), catalogue);
    let mut report = LoadReport::default();
    for result in results {
        match result {
            Ok(document) => report.library.documents.push(document),
            Err(failure) => report.failures.push(failure),
        }
    }
    report
}

/// A file to load, or a problem met while looking for files, kept in the
/// order they were found so that failures are reported in path order too.
pub type Found = Result<PathBuf, LoadFailure>;

/// The files `paths` name, directories walked, without reading any file:
/// the TUI streams them in one by one with [`load_file`].
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
    /// (named twice, or through a symlinked directory) loads once.
    files: HashSet<PathBuf>,
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
            Ok(_) => self.push_file(path),
            Err(err) => self.fail(path, io_message(&err)),
        }
    }

    fn fail(&mut self, path: &Path, message: String) {
        self.found.push(Err(failure(path, message)));
    }

    fn push_file(&mut self, path: &Path) {
        let key = self.file_key(path);
        if self.files.insert(key) {
            self.found.push(Ok(path.to_path_buf()));
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
        for (entry, kind) in entries {
            self.visit_entry(&entry, kind);
        }
        self.ancestors.pop();
    }

    /// `kind` is what the directory listing says, when it says: a regular
    /// file needs no system call to be queued (on a large library the
    /// walk's stats were its whole cost).
    fn visit_entry(&mut self, path: &Path, kind: Option<fs::FileType>) {
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if name.starts_with('.') {
            return;
        }
        if kind.is_some_and(|k| k.is_file()) {
            if has_walked_extension(path) && !other_data(path) {
                let key = match (self.ancestors.last(), path.file_name()) {
                    (Some(dir), Some(file)) => dir.join(file),
                    _ => self.file_key(path),
                };
                if self.files.insert(key) {
                    self.found.push(Ok(path.to_path_buf()));
                }
            }
            return;
        }
        // `metadata` follows symlinks: linked directories are walked and
        // linked files read; a dangling link is reported.
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.walk_dir(path),
            Ok(meta) if meta.is_file() && has_walked_extension(path) && !other_data(path) => {
                self.push_file(path)
            }
            // Sockets, pipes and devices are never read from a walk: a pipe
            // would block forever.
            Ok(_) => {}
            Err(err) if has_walked_extension(path) || is_symlink(path) => {
                self.fail(path, io_message(&err))
            }
            Err(_) => {}
        }
    }
}

/// A directory's entries in path order, each with its type if the
/// listing gave it.
fn sorted_entries(dir: &Path) -> io::Result<Vec<(PathBuf, Option<fs::FileType>)>> {
    let mut entries = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| (e.path(), e.file_type().ok())))
        .collect::<io::Result<Vec<_>>>()?;
    // By bytes: the same order as by path components for the entries of
    // one directory, without parsing each path at every comparison.
    entries.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
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

pub(crate) fn failure(path: &Path, message: String) -> LoadFailure {
    LoadFailure { path: display_safe(&path.to_string_lossy()), message }
}

/// The OS message without Rust's "(os error N)" suffix, in lower case as
/// it follows a path and a colon.
pub(crate) fn io_message(err: &io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(cut) => &text[..cut],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

/// Loads the found files on all cores. Results keep the input order.
pub(crate) fn load_parallel(
    found: &[Found],
    catalogue: Option<&Catalogue>,
) -> Vec<Result<Document, LoadFailure>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(found.len());
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, Result<Document, LoadFailure>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = found.get(index) else { break };
                        done.push((index, load_found(item, catalogue)));
                    }
                    done
                })
            })
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().unwrap_or_default()).collect()
    });
    indexed.sort_by_key(|(index, _)| *index);
    indexed.into_iter().map(|(_, result)| result).collect()
}

fn load_found(item: &Found, catalogue: Option<&Catalogue>) -> Result<Document, LoadFailure> {
    match item {
        Ok(path) => {
            // The loader must never panic; if it does anyway, one file is
            // lost and reported, not the whole library.
            let load = || match catalogue {
                Some(catalogue) => catalogue.load(path),
                None => load_file(path),
            };
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(load)).unwrap_or_else(|_| {
                Err(failure(path, "internal error while loading (please report)".into()))
            })
        }
        Err(failure) => Err(failure.clone()),
    }
}

/// Reads and parses one file. The origin handed to the model is the
/// display-safe path, so titles derived from a file name are safe too.
pub fn load_file(path: &Path) -> Result<Document, LoadFailure> {
    let bytes = read_capped(path).map_err(|message| failure(path, message))?;
    load_bytes(path, &display_safe(&path.to_string_lossy()), bytes)
}

/// Parses a file's bytes: PDFs through the isolated PDF reader, HTML, EPUB
/// and feeds on a parser thread with a time limit, text and Markdown here.
/// Every way a file is loaded (plain, or through the cache) comes here.
pub(crate) fn load_bytes(
    path: &Path,
    origin: &str,
    bytes: Vec<u8>,
) -> Result<Document, LoadFailure> {
    let origin = origin.to_string();
    if loader::pdf::is_pdf(&bytes) {
        return pdf::load(path, &origin, bytes)
            .map_err(|message| LoadFailure { path: origin, message });
    }
    let fail = |message: String| LoadFailure { path: origin.clone(), message };
    let format = loader::sniff::format(&origin, &bytes).map_err(|err| fail(err.to_string()))?;
    if matches!(format, Format::Text | Format::Markdown) {
        return loader::load_as(&origin, &bytes, format).map_err(|err| fail(err.to_string()));
    }
    let owned_origin = origin.clone();
    let parsed = isolated(PARSE_TIME_LIMIT, move || loader::load_as(&owned_origin, &bytes, format));
    match parsed {
        Ok(result) => result.map_err(|err| fail(err.to_string())),
        Err(Isolation::Panicked) => Err(fail(strings::PARSER_FAILED.to_string())),
        Err(Isolation::TimedOut) => {
            Err(fail(strings::parser_timed_out(PARSE_TIME_LIMIT.as_secs())))
        }
    }
}

pub(crate) fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| io_message(&e))?;
    // Sized up front (the cap bounds it), so the read does not copy the
    // file a dozen times as the buffer doubles; the size is only a hint.
    let size = file.metadata().map_or(0, |m| m.len().min(MAX_FILE_BYTES + 1));
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("file too large (over {} MiB)", MAX_FILE_BYTES / (1024 * 1024)));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_safe_replaces_controls() {
        assert_eq!(display_safe("a\u{1b}[31mb\u{9b}c\td"), "a\u{fffd}[31mb\u{fffd}c\u{fffd}d");
        assert_eq!(display_safe("résumé.txt"), "résumé.txt");
        // Printable characters that share the C1 controls' first byte.
        assert_eq!(display_safe("«a\u{a0}b» ©\u{85}"), "«a\u{a0}b» ©\u{fffd}");
        assert_eq!(display_safe("del\u{7f}"), "del\u{fffd}");
    }

    #[test]
    fn io_messages_lose_the_os_error_suffix() {
        let err = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&err), "no such file or directory");
    }

    #[test]
    fn parallel_loading_keeps_argument_and_path_order() {
        let dir = tempfile::tempdir().unwrap();
        for i in (0..40).rev() {
            fs::write(dir.path().join(format!("{i:02}.txt")), format!("text {i}")).unwrap();
        }
        fs::write(dir.path().join("20.txt"), b"%PDF-1.4 binary").unwrap();
        let single = dir.path().join("07.txt");
        let missing = dir.path().join("missing.txt");
        let report = load_paths(&[single.clone(), dir.path().to_path_buf(), missing]);
        let names: Vec<String> = report
            .library
            .documents
            .iter()
            .map(|d| d.origin.rsplit('/').next().unwrap_or_default().to_string())
            .collect();
        let mut expected: Vec<String> =
            (0..40).filter(|i| *i != 20).map(|i| format!("{i:02}.txt")).collect();
        // 07.txt was named first, so it loads first and is not read twice.
        expected.retain(|n| n != "07.txt");
        expected.insert(0, "07.txt".into());
        assert_eq!(names, expected);
        let failures: Vec<(&str, &str)> = report
            .failures
            .iter()
            .map(|f| (f.path.rsplit('/').next().unwrap_or_default(), f.message.as_str()))
            .collect();
        assert_eq!(
            failures,
            [("20.txt", crate::strings::PDF_DAMAGED), ("missing.txt", "no such file or directory")]
        );
    }

    #[test]
    fn isolated_work_reports_panics_and_time_outs() {
        assert_eq!(isolated(Duration::from_secs(5), || 7), Ok(7));
        let panicked = isolated(Duration::from_secs(5), || -> u8 { panic!("parser bug") });
        assert_eq!(panicked, Err(Isolation::Panicked));
        let slow =
            isolated(Duration::from_millis(50), || std::thread::sleep(Duration::from_secs(2)));
        assert_eq!(slow, Err(Isolation::TimedOut));
    }

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
