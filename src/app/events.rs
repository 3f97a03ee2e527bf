//! Key, mouse and resize events, read on a thread of their own.
//!
//! Why a thread: once the terminal is gone (its window closed, its pty's
//! master side dropped), crossterm 0.29's reader retries a read of zero
//! bytes without end (crossterm-rs/crossterm#793, still open). Polled on the
//! loop's own thread, that spin starved the loop: the hang-up signal's save
//! and quit never ran and the process outlived its terminal at full CPU.
//! Here the spin costs this thread only, until the loop, told by SIGHUP,
//! saves and ends the process.
//!
//! The thread stops reading while `$EDITOR` has the terminal (see
//! [`Pause`]), so it never takes the editor's keys.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use futures_util::Stream;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// One wait for input: how often the thread looks whether it is paused or
/// no longer wanted, so also about the longest an editor waits to start.
const TICK: Duration = Duration::from_millis(50);

/// A dead terminal's reader never comes back to pause: the editor then
/// starts anyway after this long (it will fail on the same dead terminal).
const PAUSE_LIMIT: Duration = Duration::from_secs(1);

/// Holds the reader between reads while another program uses the terminal.
#[derive(Debug, Clone, Default)]
pub struct Pause {
    requested: Arc<AtomicBool>,
    /// The reader is not inside a read (paused, or ended).
    idle: Arc<AtomicBool>,
}

/// The reader stays paused while this lives.
pub struct Held<'a>(&'a Pause);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.requested.store(false, SeqCst);
    }
}

impl Pause {
    /// Asks the reader to stop and waits until it is between reads. The
    /// reader stores `idle` before it looks at `requested`, and this the
    /// other way round, so one of them always sees the other (both SeqCst).
    pub fn hold(&self) -> Held<'_> {
        self.requested.store(true, SeqCst);
        let deadline = Instant::now() + PAUSE_LIMIT;
        while !self.idle.load(SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        Held(self)
    }
}

/// Starts the reader; its events arrive on the returned stream, which ends
/// after the first read error.
pub fn spawn(pause: Pause) -> impl Stream<Item = io::Result<Event>> + Unpin {
    let (tx, mut rx) = unbounded_channel();
    let reader_tx = tx.clone();
    let spawned =
        std::thread::Builder::new().name("input".into()).spawn(move || read(&reader_tx, &pause));
    if let Err(e) = spawned {
        let _ = tx.send(Err(e));
    }
    drop(tx);
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn read(tx: &UnboundedSender<io::Result<Event>>, pause: &Pause) {
    while !tx.is_closed() {
        if pause.requested.load(SeqCst) {
            pause.idle.store(true, SeqCst);
            std::thread::sleep(TICK / 5);
            continue;
        }
        pause.idle.store(false, SeqCst);
        if pause.requested.load(SeqCst) {
            continue;
        }
        let event = match event::poll(TICK) {
            Ok(false) => continue,
            Ok(true) => event::read(),
            Err(e) => Err(e),
        };
        let failed = event.is_err();
        if tx.send(event).is_err() || failed {
            break;
        }
    }
    pause.idle.store(true, SeqCst);
}
