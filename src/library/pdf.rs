//! PDF files → [`Document`]: the model's PDF reader run isolated, with the
//! `pdftotext` program (poppler-utils) as a fallback where it is installed.
//!
//! The reader (pdf-extract on lopdf) is pure but was not written for hostile
//! input: it can panic, and a crafted file could keep it busy. So it runs on
//! a thread of its own, under `catch_unwind`, and is given up on after a time
//! limit; one bad PDF costs one line in the failure list, never the UI (the
//! library already loads off the UI thread, see [`crate::workers::load`]). A thread
//! that overran its limit cannot be stopped from outside; it is left to
//! finish on its own, and the reader's glyph budget bounds most loops.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once, mpsc};
use std::time::Duration;

use crate::model::Document;
use crate::model::loader::pdf::{self, PdfError, PdfText};

/// How long one PDF may take to read, by each reader: a hostile file holds
/// up the files loaded after it by at most twice this, plus five seconds.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The name of the reader's threads: the terminal's panic hook leaves the
/// screen alone for a panic on one of them (it is caught and reported).
pub const THREAD_NAME: &str = "quire-pdf";

/// Whether the current thread is an isolated PDF reader.
pub fn is_isolated_thread() -> bool {
    std::thread::current().name() == Some(THREAD_NAME)
}

/// Reads a PDF whose bytes are already in memory; `path` is only handed to
/// `pdftotext`. The error is the one line to show after the path.
pub fn load(path: &Path, origin: &str, bytes: Vec<u8>) -> Result<Document, String> {
    load_with(path, origin, bytes, TIME_LIMIT, "pdftotext")
}

/// [`load`] with the limit and the fallback program named, for tests.
pub fn load_with(
    path: &Path,
    origin: &str,
    bytes: Vec<u8>,
    limit: Duration,
    fallback: &str,
) -> Result<Document, String> {
    let bytes = Arc::new(bytes);
    let shared = Arc::clone(&bytes);
    let text = match isolated(limit, move |given_up| read_pages(&shared, given_up)) {
        Ok(text) => text,
        Err(PdfError::Encrypted) => return Err(PdfError::Encrypted.to_string()),
        Err(error) => {
            from_fallback(path, bytes, limit, fallback).ok_or_else(|| error.to_string())?
        }
    };
    pdf::to_document(origin, &text).map_err(|e| e.to_string())
}

/// Reads every page under its own `catch_unwind`: a page the reader panics
/// on is left out with a warning, and the rest of the file still reads.
/// Once the caller has `given_up` waiting, no further page is started.
fn read_pages(bytes: &[u8], given_up: &AtomicBool) -> Result<PdfText, PdfError> {
    let reader = pdf::PdfReader::open(bytes)?;
    let pages = reader
        .numbers()
        .iter()
        .take_while(|_| !given_up.load(Ordering::Relaxed))
        .map(|&number| {
            catch_unwind(AssertUnwindSafe(|| reader.page(number)))
                .unwrap_or_else(|_| Err(pdf::page_unreadable(number)))
        })
        .collect::<Vec<_>>();
    let failed = pages.iter().filter(|p| p.is_err()).count();
    // A file the reader fails on throughout is better read by the fallback.
    if failed > 0 && failed == pages.len() {
        return Err(PdfError::ReaderFailed(crate::strings::PDF_NO_PAGE_READ.into()));
    }
    pdf::assemble(reader.meta().clone(), pages)
}

/// Keeps the reader's panics off the terminal: they are caught and become
/// the file's one failure line, so the panic message goes to the log only.
/// Other threads' panics go to the hook that was there before.
fn quiet_reader_panics() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if is_isolated_thread() {
                tracing::warn!(%info, "the PDF reader panicked");
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `work` on its own thread, catching a panic, waiting at most `limit`.
/// `work` is told when the wait is over, so that it can stop early.
fn isolated<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce(&AtomicBool) -> Result<T, PdfError> + Send + 'static,
) -> Result<T, PdfError> {
    quiet_reader_panics();
    let (send, receive) = mpsc::channel();
    let given_up = Arc::new(AtomicBool::new(false));
    let told = Arc::clone(&given_up);
    let spawned = std::thread::Builder::new().name(THREAD_NAME.into()).spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(|| work(&told)));
        let _ = send.send(result);
    });
    if spawned.is_err() {
        return Err(PdfError::ReaderFailed("could not start its thread".into()));
    }
    match receive.recv_timeout(limit) {
        Ok(Ok(result)) => result,
        Ok(Err(_panic)) => Err(PdfError::ReaderFailed("it crashed".into())),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            given_up.store(true, Ordering::Relaxed);
            Err(PdfError::ReaderFailed(format!("gave up after {} s", limit.as_secs_f32())))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(PdfError::ReaderFailed("it stopped without an answer".into()))
        }
    }
}

/// The text `pdftotext` finds, with the file's metadata read isolated too;
/// `None` when the program is missing, fails, overruns or finds no text.
fn from_fallback(
    path: &Path,
    bytes: Arc<Vec<u8>>,
    limit: Duration,
    program: &str,
) -> Option<PdfText> {
    let text = run_program(program, path, limit)?;
    // The metadata is a nicety: a file slow to parse does not get the full
    // limit a second time.
    let meta_limit = limit.min(Duration::from_secs(5));
    let meta = isolated(meta_limit, move |_| Ok(pdf::metadata(&bytes))).unwrap_or_default();
    let mut text = PdfText::from_text(&text, meta);
    text.warnings.push(crate::strings::PDF_READ_BY_PDFTOTEXT.to_string());
    text.has_text().then_some(text)
}

/// `program -layout -enc UTF-8 <path> -`'s output, killed after `limit`.
/// A missing program is not an error: the caller reports the first one.
fn run_program(program: &str, path: &Path, limit: Duration) -> Option<String> {
    let mut child = Command::new(program)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = stdout.read_to_end(&mut out).map(|_| out);
        let _ = send.send(read);
    });
    let output = receive.recv_timeout(limit);
    if output.is_err() {
        let _ = child.kill();
    }
    let status = child.wait().ok()?;
    let bytes = output.ok()?.ok()?;
    if !status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_one_error() {
        let result: Result<(), PdfError> = isolated(TIME_LIMIT, |_| panic!("reader bug"));
        assert_eq!(result, Err(PdfError::ReaderFailed("it crashed".into())));
    }

    #[test]
    fn a_hang_is_given_up_on() {
        let limit = Duration::from_millis(50);
        let (stopped_send, stopped) = mpsc::channel();
        let result: Result<(), PdfError> = isolated(limit, move |given_up| {
            // A reader between pages sees that the wait is over and stops.
            while !given_up.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(5));
            }
            let _ = stopped_send.send(());
            Ok(())
        });
        let message = result.unwrap_err().to_string();
        assert_eq!(message, "the PDF reader failed on this file (gave up after 0.05 s)");
        assert!(stopped.recv_timeout(Duration::from_secs(5)).is_ok());
    }

    #[test]
    fn a_missing_fallback_program_is_not_an_error() {
        let missing = run_program("quire-no-such-program", Path::new("x.pdf"), TIME_LIMIT);
        assert_eq!(missing, None);
    }
}
