//! One huge document, side by side with `less` and ripgrep (issue 18's
//! "huge documents stream"): a generated ~100 MB plain-text eMag of a few
//! thousand articles and a 20 KB one, each opened by the release binary in
//! a pseudo-terminal. Timed: the first screen (the list shows the first
//! article), the full list (loading done), the jump to the end (`G`, open,
//! `G` until the last line shows), a library search for a word near the
//! end until its hit lands in the reader, an in-article find in the last
//! article, and `less` / `rg -c` doing the same; peak memory (VmHWM) read
//! from `/proc`, of a first open and of a second one with the cache warm.
//! Printed as a table, never asserted.
//!
//! `cargo bench --bench huge` (a test run, `cargo test --benches`, uses a
//! 2 MB document).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

mod common;

const COLS: u16 = 100;
const ROWS: u16 = 30;
const RUNS: usize = 3;
/// The first article's title: the first screen shows it.
const FIRST_TITLE: &str = "Opening Notes on Plain Text";
/// The last line of the file.
const LAST_LINE: &str = "That is all for this issue, goodbye.";
/// A word found only near the end (in the last article).
const WORD: &str = "zebrafinch";
/// How soon loading progress shows once the first pages are on screen.
const PROGRESS_SHOWS: Duration = Duration::from_secs(2);
/// Generous: a 100 MB load on a busy machine.
const DEADLINE: Duration = Duration::from_secs(60);

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    let small = dir.path().join("small.txt");
    let size = common::sized(100 * 1024 * 1024, 2 * 1024 * 1024);
    let articles = write_emag(&huge, size);
    write_emag(&small, 20 * 1024);
    let bytes = std::fs::metadata(&huge).unwrap().len();
    println!("huge document: {:.1} MB, {articles} articles", bytes as f64 / 1e6);

    let small_first = best(2 * RUNS, || quire_first_screen(&small, dir.path()));
    let q = (0..RUNS).map(|_| quire_huge(&huge, dir.path())).reduce(Timings::best).unwrap();
    let less = (0..RUNS).map(|_| less_run(&huge)).reduce(Timings::best).unwrap();
    let (grep_name, grep) = count_tool(&huge);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    println!("{:<44}{:>12}{:>14}{:>10}", "measure", "quire ms", "other ms", "ratio");
    let row = |name: &str, ours: Duration, other: Duration, target: &str| {
        let r = ratio(ours, other);
        println!("{name:<44}{:>12.1}{:>14.1}{r:>9.2}x  {target}", ms(ours), ms(other));
    };
    row("first screen: huge document vs 20 KB", q.first, small_first, "(<= 3x)");
    row("first screen vs less", q.first, less.first, "");
    println!("{:<44}{:>12.1}", "full list shown (loading done)", ms(q.loaded));
    row("G to last line, keys after load vs less G", q.end, less.end, "(<= 2x)");
    row("last line from launch vs less +G", q.loaded + q.end, less.first + less.end, "");
    row(&format!("find near end: search, hit lands vs {grep_name}"), q.search, grep, "(<= 2x)");
    row(&format!("in-article find (last article) vs {grep_name}"), q.find, grep, "");
    println!("{:<44}{:>12.1}", "less: /WORD from the top", ms(less.find));
    let hwm = q.hwm_kb as f64 * 1024.0;
    println!(
        "{:<44}{:>12.1}{:>14.1}{:>9.2}x  (<= 1.5x)",
        "peak memory MB (VmHWM) vs file size",
        hwm / 1e6,
        bytes as f64 / 1e6,
        hwm / bytes as f64
    );
    let reopened = (0..RUNS).map(|_| quire_reopened(&huge, dir.path())).max().unwrap();
    let reopened = reopened as f64 * 1024.0;
    println!(
        "{:<44}{:>12.1}{:>14.1}{:>9.2}x  (<= 1.5x)",
        "peak memory, second open (cache warm)",
        reopened / 1e6,
        bytes as f64 / 1e6,
        reopened / bytes as f64
    );
    one_article(dir.path());
}

/// A document that is one long article (an essay with no parts): its
/// first screen, opening it (the whole article is laid out), `G`, and
/// peak memory against its size.
fn one_article(tmp: &Path) {
    let path = tmp.join("essay.txt");
    let size = common::sized(20 * 1024 * 1024, 512 * 1024);
    let mut text = format!("{FIRST_TITLE}\n\n");
    let paragraph = "Plain text lasts, and a pager shows it at once whatever its size. ".repeat(8);
    while text.len() < size {
        text += &paragraph;
        text += "\n\n";
    }
    text += &format!("{LAST_LINE}\n");
    std::fs::write(&path, &text).unwrap();
    let mb = text.len() as f64 / 1e6;
    let mut term = quire(&path, tmp);
    let first = term.until("the essay's first screen", |s| s.contains(FIRST_TITLE));
    term.until_loaded();
    term.mark();
    term.press("\r");
    let open = term.until("the essay open", |s| s.contains("% · "));
    term.mark();
    term.press("G");
    let end = term.until("the essay's last line", |s| s.contains(LAST_LINE));
    let hwm = term.hwm_kb() as f64 * 1024.0;
    term.press("Q");
    drop(term);
    let less_end = (0..RUNS).map(|_| less_end(&path)).min().unwrap();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "one {mb:.1} MB article: first screen {:.1} ms, open {:.1} ms, G {:.1} ms (less G {:.1} ms: {:.2}x), peak memory {:.1} MB = {:.2}x its size",
        ms(first),
        ms(open),
        ms(end),
        ms(less_end),
        end.as_secs_f64() / less_end.as_secs_f64().max(1e-9),
        hwm / 1e6,
        hwm / text.len() as f64
    );
}

#[derive(Debug, Clone, Copy)]
struct Timings {
    first: Duration,
    loaded: Duration,
    end: Duration,
    search: Duration,
    find: Duration,
    hwm_kb: u64,
}

impl Timings {
    fn best(a: Timings, b: Timings) -> Timings {
        Timings {
            first: a.first.min(b.first),
            loaded: a.loaded.min(b.loaded),
            end: a.end.min(b.end),
            search: a.search.min(b.search),
            find: a.find.min(b.find),
            hwm_kb: a.hwm_kb.max(b.hwm_kb),
        }
    }
}

/// Fresh data and cache directories for each run: every open is a cold one.
fn quire(file: &Path, tmp: &Path) -> Term {
    let run = tempfile::tempdir_in(tmp).unwrap().keep();
    let mut term = quire_in(file, &run);
    term.cleanup = Some(run);
    term
}

/// Peak memory of a second open: the same data and cache directories as a
/// first one, whose catalogue entry and outline are then on disk.
fn quire_reopened(file: &Path, tmp: &Path) -> u64 {
    let run = tempfile::tempdir_in(tmp).unwrap().keep();
    let mut first = quire_in(file, &run);
    first.until_loaded();
    first.quit();
    let mut second = quire_in(file, &run);
    second.cleanup = Some(run);
    second.until_loaded();
    // Listed from the catalogue at once and filled in the background: a
    // `G` pressed before the text is there takes effect when it arrives.
    second.press("G\rG");
    second.until("the last line, reopened", |s| s.contains(LAST_LINE));
    second.hwm_kb()
}

/// quire on `file`, with its data and cache directories in `run`.
fn quire_in(file: &Path, run: &Path) -> Term {
    let (data, cache) = (run.join("data"), run.join("cache"));
    let args: Vec<&std::ffi::OsStr> = vec![
        "--data-dir".as_ref(),
        data.as_os_str(),
        "--cache-dir".as_ref(),
        cache.as_os_str(),
        file.as_os_str(),
    ];
    // QUIRE_BENCH_BIN runs another build (a saved baseline, say).
    let bin = std::env::var_os("QUIRE_BENCH_BIN")
        .map_or(PathBuf::from(env!("CARGO_BIN_EXE_quire")), PathBuf::from);
    Term::spawn(&bin, &args, run)
}

fn quire_first_screen(file: &Path, tmp: &Path) -> Duration {
    let mut term = quire(file, tmp);
    let first = term.until("the first screen", |s| s.contains(FIRST_TITLE));
    term.press("Q");
    first
}

fn quire_huge(file: &Path, tmp: &Path) -> Timings {
    let mut term = quire(file, tmp);
    let first = term.until("the first screen", |s| s.contains(FIRST_TITLE));
    let loaded = term.until_loaded();
    term.mark();
    term.press("G\rG");
    let end = term.until("the last line", |s| s.contains(LAST_LINE));
    term.mark();
    term.press(&format!("g/{WORD}\r"));
    let find = term.until("the find", |s| s.contains("1/1"));
    let hwm_kb = term.hwm_kb();
    // Esc alone (a key right after it would read as Alt+key) ends find.
    term.press("\x1b");
    term.until("find to close", |s| !s.contains("1/1"));
    term.mark();
    term.press(&format!("s{WORD}"));
    term.until("a search result", |s| s.contains("1 result"));
    term.press("\r");
    let search = term.until("the hit", |s| s.contains("1/1") && s.contains(WORD));
    let hwm_kb = hwm_kb.max(term.hwm_kb());
    term.press("Q");
    let t = Timings { first, loaded, end, search, find, hwm_kb };
    eprintln!("run: {t:?}");
    t
}

fn less_run(file: &Path) -> Timings {
    let mut term = Term::spawn(Path::new("less"), &[file.as_os_str()], Path::new("/tmp"));
    let first = term.until("the first screen", |s| s.contains(FIRST_TITLE));
    term.mark();
    term.press("G");
    let end = term.until("the last line", |s| s.contains(LAST_LINE));
    term.press("g");
    term.until("the top", |s| s.contains(FIRST_TITLE));
    term.mark();
    term.press(&format!("/{WORD}\r"));
    let find = term.until("the match", |s| s.contains(WORD) && !s.contains(FIRST_TITLE));
    let hwm_kb = term.hwm_kb();
    term.press("q");
    Timings { first, loaded: first, end, search: find, find, hwm_kb }
}

/// `less FILE`, then `G`: until the last line shows.
fn less_end(file: &Path) -> Duration {
    let mut term = Term::spawn(Path::new("less"), &[file.as_os_str()], Path::new("/tmp"));
    term.until("the first screen", |s| s.contains(FIRST_TITLE));
    term.mark();
    term.press("G");
    let end = term.until("the last line", |s| s.contains(LAST_LINE));
    term.press("q");
    end
}

/// `rg -c WORD FILE`, or `grep -c` when ripgrep is not installed.
fn count_tool(file: &Path) -> (&'static str, Duration) {
    let home_rg = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/rg"));
    let rg = home_rg.filter(|p| p.exists()).unwrap_or_else(|| PathBuf::from("rg"));
    let (name, program) = if Command::new(&rg).arg("--version").output().is_ok() {
        ("rg -c", rg)
    } else {
        println!("note: rg is not installed; comparing with grep -c instead");
        ("grep -c", PathBuf::from("grep"))
    };
    let time = best(5, || {
        let started = Instant::now();
        let out = Command::new(&program).arg("-c").arg(WORD).arg(file).output().unwrap();
        assert!(out.status.success(), "{name} found nothing");
        started.elapsed()
    });
    (name, time)
}

fn best(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| run()).min().unwrap()
}

/// A program in a pseudo-terminal, its screen parsed as it arrives.
struct Term {
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    pid: Option<u32>,
    since: Instant,
    cleanup: Option<PathBuf>,
    /// The last output, raw: what a program said before it ended.
    tail: Vec<u8>,
}

impl Term {
    fn spawn(program: &Path, args: &[&std::ffi::OsStr], home: &Path) -> Term {
        let size = PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 };
        let pair = native_pty_system().openpty(size).unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for var in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"] {
            cmd.env(var, home.join(var));
        }
        cmd.env("LESSHISTFILE", "-");
        let since = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        let pid = child.process_id();
        drop(pair.slave);
        std::thread::spawn(move || child.wait());
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Term {
            _master: pair.master,
            writer,
            output,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(ROWS).unwrap(),
                std::num::NonZeroU16::new(COLS).unwrap(),
                0,
            ),
            pid,
            since,
            cleanup: None,
            tail: Vec::new(),
        }
    }

    /// Restarts the clock: the next [`Term::until`] counts from here.
    fn mark(&mut self) {
        self.since = Instant::now();
    }

    /// Time since the mark until the screen satisfies `want`.
    fn until(&mut self, what: &str, want: impl Fn(&str) -> bool) -> Duration {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let screen = self.parser.screen().contents();
            if want(&screen) {
                return self.since.elapsed();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.tail.extend_from_slice(&bytes);
                    let cut = self.tail.len().saturating_sub(4096);
                    self.tail.drain(..cut);
                }
                Err(RecvTimeoutError::Timeout) => {
                    let tail = String::from_utf8_lossy(&self.tail).escape_debug().to_string();
                    panic!("timed out waiting for {what}; screen:\n{screen}\nlast output: {tail}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the program ended while waiting for {what}; its last output:\n{}",
                    String::from_utf8_lossy(&self.tail)
                ),
            }
        }
    }

    /// Until the whole document is in: loading progress shows (from the
    /// first frame with the first pages) and then goes, which the app draws
    /// only once the whole document has taken their place. A frame drawn
    /// part way can show the first pages without the progress line, so the
    /// progress must be seen first.
    /// A small file may be whole before the first frame: progress that
    /// does not show within [`PROGRESS_SHOWS`] is taken as never shown.
    fn until_loaded(&mut self) -> Duration {
        let deadline = Instant::now() + PROGRESS_SHOWS;
        while !self.parser.screen().contents().contains("loading ") {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => break,
            }
        }
        self.until("the whole document", |s| s.contains("? help") && !s.contains("loading "))
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Quits and waits for the program to end (its last writes done).
    fn quit(mut self) {
        self.press("Q");
        let deadline = Instant::now() + DEADLINE;
        let status = format!("/proc/{}/status", self.pid.unwrap());
        let running = || std::fs::read_to_string(&status).is_ok_and(|s| !s.contains("State:\tZ"));
        while running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Peak resident memory so far, in KB.
    fn hwm_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid.unwrap()));
        let status = status.unwrap_or_default();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or_default();
        line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).unwrap_or(0)
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Some(pid) = self.pid {
            // Usually gone already: quire ends when its terminal closes.
            let _ = Command::new("kill").arg(pid.to_string()).stderr(Stdio::null()).status();
        }
        if let Some(dir) = self.cleanup.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Writes a plain-text eMag of about `size` bytes: titled articles with
/// bylines and paragraphs of varied length, the last ending in
/// [`LAST_LINE`]; returns how many articles it holds.
fn write_emag(path: &Path, size: usize) -> usize {
    let mut out = String::with_capacity(size + 64 * 1024);
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    const NAMES: &[&str] = &["Ada Byron", "Linus Pauling", "Grace Murray", "Alan Church"];
    const WORDS: &[&str] = &[
        "terminal", "reader", "latency", "pipeline", "cache", "kernel", "deploy", "service",
        "queue", "text", "scroll", "teams", "release", "review", "metrics", "budget", "design",
        "storage", "index", "network", "schema", "pager", "screen", "editor",
    ];
    let mut articles = 0;
    while out.len() < size {
        articles += 1;
        let title = if articles == 1 {
            FIRST_TITLE.to_string()
        } else {
            let (a, b) = (WORDS[next(WORDS.len())], WORDS[next(WORDS.len())]);
            format!("Article {articles}: Notes on {a} and {b}")
        };
        out += &format!("{title}\n\nBy {}\n\n", NAMES[next(NAMES.len())]);
        for _ in 0..(20 + next(200)) {
            let sentences = 2 + next(6);
            for s in 0..sentences {
                let words: Vec<&str> =
                    (0..6 + next(12)).map(|_| WORDS[next(WORDS.len())]).collect();
                let mut sentence = words.join(" ");
                sentence[..1].make_ascii_uppercase();
                out += &sentence;
                out += if s + 1 == sentences { ".\n\n" } else { ". " };
            }
        }
    }
    out += &format!("A closing paragraph names the {WORD} once.\n\n{LAST_LINE}\n");
    std::fs::write(path, out).unwrap();
    articles
}
