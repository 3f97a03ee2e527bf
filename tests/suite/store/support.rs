//! Helpers for tests/store.rs: a ticking clock, failing disk operations,
//! and the child-process modes.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use quire::model::anchor::anchor_for;
use quire::model::highlight::Millis;
use quire::store::{Clock, Io, Notice, RealIo, Store};

/// A clock that advances one millisecond per reading.
#[derive(Debug, Clone)]
pub struct TickClock(Arc<AtomicU64>);

impl Default for TickClock {
    fn default() -> Self {
        TickClock(Arc::new(AtomicU64::new(1_700_000_000_000)))
    }
}

impl TickClock {
    /// Starting at `ms`: a machine whose clock is ahead or behind.
    pub fn at(ms: Millis) -> TickClock {
        TickClock(Arc::new(AtomicU64::new(ms)))
    }

    /// Moves the clock to `ms` (tests of what time changes).
    pub fn set(&self, ms: Millis) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for TickClock {
    fn now(&self) -> Millis {
        self.0.fetch_add(1, Ordering::SeqCst)
    }
}

pub fn open(dir: &Path) -> (Store, Vec<Notice>) {
    Store::open(dir, Box::new(TickClock::default())).unwrap()
}

pub fn add(store: &mut Store, note: &str) -> String {
    let anchor = anchor_for("a short article body", 2, 7);
    store.add_highlight("doc", "a", anchor, "yellow", Some(note.to_string()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Write,
    Fsync,
    Rename,
}

/// Real disk operations, except that the `nth` call of `op` fails.
#[derive(Debug, Clone)]
pub struct Failing {
    op: Op,
    nth: usize,
    calls: Arc<AtomicUsize>,
    armed: Arc<AtomicBool>,
    failed: Arc<AtomicBool>,
}

impl Failing {
    pub fn new(op: Op, nth: usize) -> Failing {
        Failing {
            op,
            nth,
            calls: Arc::default(),
            armed: Arc::new(AtomicBool::new(true)),
            failed: Arc::default(),
        }
    }

    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    pub fn disarm(&self) {
        self.armed.store(false, Ordering::SeqCst);
    }

    fn check(&self, op: Op) -> io::Result<()> {
        if op != self.op || !self.armed.load(Ordering::SeqCst) {
            return Ok(());
        }
        if self.calls.fetch_add(1, Ordering::SeqCst) + 1 == self.nth {
            self.failed.store(true, Ordering::SeqCst);
            return Err(io::Error::new(io::ErrorKind::StorageFull, "injected: disk full"));
        }
        Ok(())
    }
}

impl Io for Failing {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        self.check(Op::Write)?;
        RealIo.write(file, bytes)
    }

    fn fsync(&self, file: &File) -> io::Result<()> {
        self.check(Op::Fsync)?;
        RealIo.fsync(file)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(Op::Rename)?;
        RealIo.rename(from, to)
    }
}

/// `(mode, dir)` when this process was started as a child by a test.
pub fn child_env() -> Option<(String, String)> {
    Some((std::env::var("QUIRE_TEST_CHILD").ok()?, std::env::var("QUIRE_TEST_DIR").ok()?))
}

pub fn run_child(mode: &str, dir: &Path) {
    match mode.split_once(':') {
        Some(("adder", tag)) => adder(dir, tag),
        _ => writer(dir),
    }
}

/// Writes in small chunks and announces each write with a `w` line, so
/// the parent can kill the child in the middle of writing a file.
struct SlowIo;

impl Io for SlowIo {
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        let mut out = io::stdout().lock();
        writeln!(out, "w")?;
        out.flush()?;
        for chunk in bytes.chunks(32) {
            file.write_all(chunk)?;
        }
        Ok(())
    }

    fn fsync(&self, file: &File) -> io::Result<()> {
        RealIo.fsync(file)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealIo.rename(from, to)
    }
}

/// Saves one more highlight per flush and reports the committed count,
/// until killed (or a generous cap, so a stray child cannot run forever).
fn writer(dir: &Path) {
    let clock = Box::new(TickClock::default());
    let (mut store, notices) = Store::open_with(dir, clock, Box::new(SlowIo)).unwrap();
    assert!(notices.is_empty(), "a killed save left damage: {notices:?}");
    let mut n = store.document("doc").highlights.len();
    let mut out = io::stdout().lock();
    for _ in 0..10_000 {
        add(&mut store, &n.to_string());
        store.flush().unwrap();
        n += 1;
        writeln!(out, "{n}").unwrap();
        out.flush().unwrap();
    }
}

fn adder(dir: &Path, tag: &str) {
    let (mut store, _) = open(dir);
    for i in 0..100 {
        add(&mut store, &format!("{tag}{i}"));
        store.flush().unwrap();
    }
}
