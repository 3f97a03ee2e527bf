//! The find worker: scans a long article for an in-article find off the
//! UI thread and sends the matches back in batches as it goes.
//!
//! Each keystroke of the find prompt asks for a new scan. The newest
//! request wins: queued ones are skipped, and a running scan stops at its
//! next window once a newer request exists, so a fast typist costs one
//! window per stale query, not a scan of the whole article. A find that
//! closes stops its scan the same way ([`Finder::stop`]).
//!
//! A panic in a scan is caught: the find ends with what it found so far
//! and one line of notice, and the worker goes on to the next request
//! (the app's panic hook leaves the terminal alone for this thread).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::model::search::find::FindScan;
use crate::state::{Action, FindProgress, FindRequest, FoundBatch};
use crate::strings;

/// The worker thread's name: the panic hook knows its panics are caught.
pub const THREAD: &str = "quire-find";

/// How often a running scan sends what it found: often enough that the
/// count moves, rarely enough that a dense query costs few redraws.
const SEND_EVERY: Duration = Duration::from_millis(30);

/// One scan, sending its batches through `reply`; false once nobody
/// listens. Injected so tests can make one fail.
type Scan = fn(FindRequest, &Wanted, &dyn Fn(Action) -> bool) -> bool;

/// Which scan is still wanted: the newest request's, unless stopped.
#[derive(Default)]
struct Wanted {
    newest: AtomicU64,
    stopped: AtomicBool,
}

impl Wanted {
    fn is(&self, generation: u64) -> bool {
        self.newest.load(Ordering::Relaxed) == generation && !self.stopped.load(Ordering::Relaxed)
    }
}

/// A handle to the worker; dropping it stops the thread.
pub struct Finder {
    tx: Sender<FindRequest>,
    wanted: Arc<Wanted>,
}

impl Finder {
    /// Starts the worker. `reply` delivers batches and returns false once
    /// nobody listens, which stops the worker.
    pub fn spawn<F>(reply: F) -> std::io::Result<(Finder, JoinHandle<()>)>
    where
        F: Fn(Action) -> bool + Send + 'static,
    {
        Finder::spawn_with(reply, scan)
    }

    fn spawn_with<F>(reply: F, scan: Scan) -> std::io::Result<(Finder, JoinHandle<()>)>
    where
        F: Fn(Action) -> bool + Send + 'static,
    {
        let (tx, rx) = channel();
        let wanted = Arc::new(Wanted::default());
        let seen = wanted.clone();
        let handle = std::thread::Builder::new()
            .name(THREAD.into())
            .spawn(move || run(&rx, &seen, &reply, scan))?;
        Ok((Finder { tx, wanted }, handle))
    }

    pub fn find(&self, request: FindRequest) {
        self.wanted.newest.fetch_max(request.generation, Ordering::Relaxed);
        self.wanted.stopped.store(false, Ordering::Relaxed);
        let _ = self.tx.send(request);
    }

    /// Nobody waits for the running scan any more (its find closed): it
    /// ends at its next window, sending nothing more.
    pub fn stop(&self) {
        self.wanted.stopped.store(true, Ordering::Relaxed);
    }
}

fn run(rx: &Receiver<FindRequest>, wanted: &Wanted, reply: &dyn Fn(Action) -> bool, scan: Scan) {
    while let Ok(mut request) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            request = newer;
        }
        let generation = request.generation;
        match catch_unwind(AssertUnwindSafe(|| scan(request, wanted, reply))) {
            Ok(true) => {}
            Ok(false) => return,
            Err(_) => {
                let progress = FindProgress::Complete;
                let batch = FoundBatch { generation, matches: Vec::new(), progress };
                if !reply(Action::FindMatches(batch))
                    || !reply(Action::Notice(strings::FIND_FAILED.into()))
                {
                    return;
                }
            }
        }
    }
}

/// Every match in one go, as the last batch: for when the thread could
/// not start.
pub fn scan_whole(request: FindRequest) -> FoundBatch {
    let (matches, capped) = FindScan::new(request.text, request.sought).rest();
    FoundBatch { generation: request.generation, matches, progress: FindProgress::finished(capped) }
}

/// Scans until done, superseded or stopped; false once nobody listens.
fn scan(request: FindRequest, wanted: &Wanted, reply: &dyn Fn(Action) -> bool) -> bool {
    let generation = request.generation;
    let mut scan = FindScan::new(request.text, request.sought);
    let mut matches = Vec::new();
    let (mut sent_at, mut sent_any) = (Instant::now(), false);
    loop {
        scan.step(&mut matches);
        if !wanted.is(generation) {
            return true;
        }
        let progress = if scan.is_done() {
            FindProgress::finished(scan.is_capped())
        } else {
            FindProgress::Running { generation, scanned: scan.scanned(), len: scan.text_len() }
        };
        // The first match goes out at once: find jumps to it.
        let first = !sent_any && !matches.is_empty();
        if scan.is_done() || sent_at.elapsed() >= SEND_EVERY || first {
            let batch = FoundBatch { generation, matches: std::mem::take(&mut matches), progress };
            if !reply(Action::FindMatches(batch)) {
                return false;
            }
            (sent_at, sent_any) = (Instant::now(), true);
        }
        if scan.is_done() {
            return true;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;
    use crate::model::search::find::Sought;

    fn request(generation: u64, text: &Arc<String>, query: &str) -> FindRequest {
        FindRequest { generation, text: text.clone(), sought: Sought::Text(query.into()) }
    }

    fn batches(rx: &mpsc::Receiver<Action>) -> Vec<FoundBatch> {
        let mut out = Vec::new();
        while let Ok(Action::FindMatches(b)) = rx.recv_timeout(Duration::from_secs(20)) {
            let done = !b.progress.is_running();
            out.push(b);
            if done {
                break;
            }
        }
        out
    }

    /// The batches add up to the matches of one scan, in order, and end
    /// with a finished progress.
    #[test]
    fn batches_add_up_to_every_match() {
        let (tx, rx) = mpsc::channel();
        let (finder, _) = Finder::spawn(move |a| tx.send(a).is_ok()).unwrap();
        let text = Arc::new("one two one. ".repeat(2));
        finder.find(request(1, &text, "ONE"));
        let got = batches(&rx);
        let all: Vec<_> = got.iter().flat_map(|b| b.matches.clone()).collect();
        assert_eq!(all, FindScan::all(text, "one").0);
        assert_eq!(got.last().map(|b| b.progress), Some(FindProgress::Complete));
    }

    /// A newer request supersedes an older one: the last batch answers it.
    #[test]
    fn the_newest_request_is_answered() {
        let (tx, rx) = mpsc::channel();
        let (finder, _) = Finder::spawn(move |a| tx.send(a).is_ok()).unwrap();
        let text = Arc::new("needle hay ".repeat(500));
        finder.find(request(1, &text, "hay"));
        finder.find(request(2, &text, "needle"));
        let mut last = None;
        while let Ok(Action::FindMatches(b)) = rx.recv_timeout(Duration::from_secs(20)) {
            let done = b.generation == 2 && !b.progress.is_running();
            last = Some(b);
            if done {
                break;
            }
        }
        assert_eq!(last.map(|b| b.generation), Some(2));
    }

    /// Scans as the worker does, but fails on the query `boom` after its
    /// first batch.
    fn failing(request: FindRequest, wanted: &Wanted, reply: &dyn Fn(Action) -> bool) -> bool {
        if matches!(&request.sought, Sought::Text(q) if q == "boom") {
            let progress =
                FindProgress::Running { generation: request.generation, scanned: 1, len: 9 };
            let batch =
                FoundBatch { generation: request.generation, matches: vec![(0, 4)], progress };
            reply(Action::FindMatches(batch));
            panic!("a scan failed");
        }
        scan(request, wanted, reply)
    }

    /// A scan that panics ends its find with what it sent and one notice;
    /// the worker answers the next request as usual.
    #[test]
    fn a_failed_scan_ends_its_find_and_the_worker_goes_on() {
        let (tx, rx) = mpsc::channel();
        let (finder, _) = Finder::spawn_with(move |a| tx.send(a).is_ok(), failing).unwrap();
        let text = Arc::new("boom and more ".repeat(3));
        finder.find(request(1, &text, "boom"));
        let got = batches(&rx);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].matches, [(0, 4)]);
        assert_eq!((got[1].generation, got[1].progress), (1, FindProgress::Complete));
        let notice = rx.recv_timeout(Duration::from_secs(20));
        assert!(matches!(notice, Ok(Action::Notice(n)) if n == strings::FIND_FAILED));
        // Near miss: the next request scans whole, as if nothing had failed.
        finder.find(request(2, &text, "more"));
        let all: Vec<_> = batches(&rx).iter().flat_map(|b| b.matches.clone()).collect();
        assert_eq!(all, FindScan::all(text, "more").0);
    }

    /// A stopped scan ends at its first window and sends nothing; one that
    /// is still wanted sends its matches to the end. Run on this thread:
    /// no timing decides the outcome. (Windows are 16 bytes in tests.)
    #[test]
    fn a_stopped_scan_sends_nothing_more() {
        let text = Arc::new("needle and hay ".repeat(4));
        let sent = std::cell::RefCell::new(Vec::new());
        let reply = |a: Action| {
            sent.borrow_mut().push(a);
            true
        };
        let wanted = Wanted::default();
        wanted.newest.store(1, Ordering::Relaxed);
        wanted.stopped.store(true, Ordering::Relaxed);
        assert!(scan(request(1, &text, "needle"), &wanted, &reply));
        assert!(sent.borrow().is_empty());
        // Near miss: wanted, it sends every match.
        wanted.stopped.store(false, Ordering::Relaxed);
        assert!(scan(request(1, &text, "needle"), &wanted, &reply));
        let count: usize = sent
            .borrow()
            .iter()
            .map(|a| match a {
                Action::FindMatches(b) => b.matches.len(),
                _ => 0,
            })
            .sum();
        assert_eq!(count, 4);
        let last = sent.borrow_mut().pop();
        assert!(
            matches!(last, Some(Action::FindMatches(b)) if b.progress == FindProgress::Complete)
        );
    }
}
