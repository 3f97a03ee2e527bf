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
//!
//! Events read together are sent together (see [`batch`]): keys typed
//! ahead reach the loop at once and cost one frame.

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::task::Poll;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use futures_util::Stream;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

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
    let (tx, rx) = unbounded_channel();
    let reader_tx = tx.clone();
    let spawned =
        std::thread::Builder::new().name("input".into()).spawn(move || read(&reader_tx, &pause));
    if let Err(e) = spawned {
        let _ = tx.send(vec![Err(e)]);
    }
    drop(tx);
    flatten(rx)
}

/// The batches as one event at a time. A batch is yielded whole before
/// the stream next waits, so the loop's drain applies all of it and
/// draws once.
fn flatten(mut rx: UnboundedReceiver<Batch>) -> impl Stream<Item = io::Result<Event>> + Unpin {
    let mut ready = VecDeque::new();
    futures_util::stream::poll_fn(move |cx| {
        loop {
            if let Some(event) = ready.pop_front() {
                return Poll::Ready(Some(event));
            }
            match rx.poll_recv(cx) {
                Poll::Ready(Some(batch)) => ready.extend(batch),
                other => return other.map(|_| None),
            }
        }
    })
}

/// Events read together: what one read from the terminal held (keys
/// typed ahead, a paste, keys a script sent at once), ending with the
/// error that stopped the reader, if one did.
type Batch = Vec<io::Result<Event>>;

/// Most events sent as one batch; a huge paste goes in several.
const MAX_BATCH: usize = 256;

fn read(tx: &UnboundedSender<Batch>, pause: &Pause) {
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
        let batch = batch(event::poll, event::read);
        let failed = batch.last().is_some_and(Result::is_err);
        let gone = !batch.is_empty() && tx.send(batch).is_err();
        if gone || failed {
            break;
        }
    }
    pause.idle.store(true, SeqCst);
}

/// Waits up to [`TICK`] for an event, then takes every event already
/// waiting behind it without waiting again. Sent one by one, the first
/// key woke the loop, which drew a frame for it before the rest arrived:
/// `G`, Enter, `G` typed ahead cost three frames instead of one.
fn batch(
    mut poll: impl FnMut(Duration) -> io::Result<bool>,
    mut read: impl FnMut() -> io::Result<Event>,
) -> Batch {
    let mut events = Vec::new();
    let mut wait = TICK;
    while events.len() < MAX_BATCH {
        let event = match poll(wait) {
            Ok(false) => break,
            Ok(true) => read(),
            Err(e) => Err(e),
        };
        let failed = event.is_err();
        events.push(event);
        if failed {
            break;
        }
        wait = Duration::ZERO;
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent};
    use futures_util::StreamExt;

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::from(KeyCode::Char(c)))
    }

    /// A terminal holding `queued` events, then nothing (or an error).
    fn batch_of(queued: Vec<Event>, then_fail: bool) -> (Batch, Vec<Duration>) {
        let queued = std::cell::RefCell::new(VecDeque::from(queued));
        let mut waits = Vec::new();
        let poll = |wait| {
            waits.push(wait);
            match (queued.borrow().is_empty(), then_fail) {
                (false, _) => Ok(true),
                (true, true) => Err(io::Error::other("gone")),
                (true, false) => Ok(false),
            }
        };
        let read = || Ok(queued.borrow_mut().pop_front().unwrap());
        let events = batch(poll, read);
        (events, waits)
    }

    #[test]
    fn keys_read_together_are_one_batch_and_only_the_first_is_waited_for() {
        let (events, waits) = batch_of(vec![key('G'), key('x'), key('G')], false);
        let keys: Vec<Event> = events.into_iter().map(Result::unwrap).collect();
        assert_eq!(keys, [key('G'), key('x'), key('G')]);
        assert_eq!(waits, [TICK, Duration::ZERO, Duration::ZERO, Duration::ZERO]);
    }

    #[test]
    fn nothing_waiting_is_an_empty_batch_and_an_error_ends_one() {
        assert!(batch_of(Vec::new(), false).0.is_empty());
        let (events, _) = batch_of(vec![key('a')], true);
        assert_eq!(events.len(), 2);
        assert!(events[0].is_ok() && events[1].is_err());
    }

    #[test]
    fn a_huge_paste_is_cut_into_batches() {
        let (events, _) = batch_of(vec![key('p'); MAX_BATCH + 1], false);
        assert_eq!(events.len(), MAX_BATCH);
    }

    #[tokio::test]
    async fn a_batch_is_yielded_whole_before_the_stream_waits() {
        let (tx, rx) = unbounded_channel();
        let mut events = flatten(rx);
        tx.send(vec![Ok(key('G')), Ok(key('x')), Ok(key('G'))]).unwrap();
        let waker = futures_util::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        for want in ['G', 'x', 'G'] {
            let Poll::Ready(Some(Ok(got))) = events.poll_next_unpin(&mut cx) else {
                panic!("the batch was not yielded whole")
            };
            assert_eq!(got, key(want));
        }
        assert!(events.poll_next_unpin(&mut cx).is_pending());
        drop(tx);
        assert!(events.next().await.is_none(), "ends with the reader");
    }
}
