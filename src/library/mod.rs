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
mod deflating;
mod dirs;
pub mod first_pages;
pub mod index;
mod isolate;
mod listing;
mod manifest;
#[cfg(test)]
mod manifest_tests;
mod outlines;
pub mod pages;
pub mod pdf;
pub mod remembered;
mod walk;

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
pub use walk::{Found, WALKED_EXTENSIONS, discover, discover_reading, walks};

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
    let results = on_all_cores(found, |item| load_found(item, catalogue));
    let lost = |item: &Found| match item {
        Ok(path) => Err(failure(path, "internal error while loading (please report)".into())),
        Err(failure) => Err(failure.clone()),
    };
    results
        .into_iter()
        .zip(found)
        .map(|(result, item)| result.unwrap_or_else(|| lost(item)))
        .collect()
}

/// `work` done on every item on all cores, results in the items' order;
/// `None` for the items of a worker that panicked. Workers take the next
/// item as they finish one, so a worker slowed by another thread (the
/// machine may have two cores) does not hold back half the items.
pub(crate) fn on_all_cores<I: Sync, T: Send>(
    items: &[I],
    work: impl Fn(&I) -> T + Sync,
) -> Vec<Option<T>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, work(item)));
                    }
                    done
                })
            })
            .collect();
        for (index, result) in handles.into_iter().flat_map(|h| h.join().unwrap_or_default()) {
            results[index] = Some(result);
        }
    });
    results
}

fn load_found(item: &Found, catalogue: Option<&Catalogue>) -> Result<Document, LoadFailure> {
    match item {
        Ok(path) => {
            // The loader must never panic; if it does anyway, one file is
            // lost and reported, not the whole library.
            let load = || load_through(path, catalogue);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(load)).unwrap_or_else(|_| {
                Err(failure(path, "internal error while loading (please report)".into()))
            })
        }
        Err(failure) => Err(failure.clone()),
    }
}

/// One file through the catalogue when there is one (served from its
/// entry if unchanged), else read and parsed.
pub fn load_through(path: &Path, catalogue: Option<&Catalogue>) -> Result<Document, LoadFailure> {
    match catalogue {
        Some(catalogue) => catalogue.load(path),
        None => load_file(path),
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
        return loader::load_text_owned(&origin, bytes, format)
            .map_err(|err| fail(err.to_string()));
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
    fn work_on_all_cores_keeps_the_order_and_loses_only_a_panicked_workers_items() {
        let items: Vec<usize> = (0..500).collect();
        let doubled = on_all_cores(&items, |i| i * 2);
        assert_eq!(doubled, items.iter().map(|i| Some(i * 2)).collect::<Vec<_>>());
        let results = on_all_cores(&items, |&i| {
            assert_ne!(i, 7, "a worker panics");
            i * 2
        });
        assert_eq!(results.len(), items.len());
        assert_eq!(results[7], None);
        for (i, result) in results.iter().enumerate() {
            assert!(result.is_none_or(|r| r == i * 2), "item {i} in its place");
        }
    }

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
}
