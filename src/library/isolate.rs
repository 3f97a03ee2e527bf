//! Untrusted parsing on a thread of its own: a parser that panics becomes
//! one failure line, and one that spins is given up on after a time limit
//! (threads cannot be killed, so it is left to finish) while the other
//! files load.

use std::time::Duration;

/// The name of the threads untrusted files are parsed on.
pub const PARSER_THREAD: &str = "quire-parse";

/// Why isolated work gave no result.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Isolation {
    Panicked,
    TimedOut,
}

/// Runs untrusted parsing on its own thread, catching a panic and giving
/// up after `limit`: a parser that spins is left to finish (threads cannot
/// be killed) while the other files load.
pub(super) fn isolated<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Isolation> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name(PARSER_THREAD.into()).spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        // The receiver may have given up already; nothing is left to tell.
        let _ = sender.send(result);
    });
    if spawned.is_err() {
        return Err(Isolation::Panicked);
    }
    match receiver.recv_timeout(limit) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(Isolation::Panicked)
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Isolation::TimedOut),
    }
}
