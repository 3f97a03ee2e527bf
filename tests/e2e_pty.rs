#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real binary in a pseudo-terminal: type keys, read the screen.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Generous: the binary may be starting on a busy machine.
const DEADLINE: Duration = Duration::from_secs(10);
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    exit: Receiver<bool>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    pid: Option<u32>,
    /// The data directory when the test did not choose one.
    _data: Option<tempfile::TempDir>,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

impl Session {
    /// Starts quire with a fresh data directory, never the user's.
    fn start(args: &[&Path], cols: u16, rows: u16) -> Session {
        let data = tempfile::tempdir().unwrap();
        let mut s = Session::start_in(args, cols, rows, data.path());
        s._data = Some(data);
        s
    }

    /// Starts quire keeping its reading state in `data`.
    fn start_in(args: &[&Path], cols: u16, rows: u16, data: &Path) -> Session {
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        for arg in args {
            cmd.arg(arg);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("QUIRE_DATA_DIR", data);
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        let pid = child.process_id();
        drop(pair.slave); // so reads end when the child exits
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let (done, exit) = channel();
        std::thread::spawn(move || {
            let ok = child.wait().map(|s| s.success()).unwrap_or(false);
            let _ = done.send(ok);
            drop::<Box<dyn Child + Send + Sync>>(child);
        });
        let writer = pair.master.take_writer().unwrap();
        Session {
            master: pair.master,
            writer,
            output,
            exit,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
            pid,
            _data: None,
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads output until `want` holds for the screen or the deadline passes.
    fn wait_for(&mut self, what: &str, want: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !want(&self.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(_) => panic!("timed out waiting for {what}; screen:\n{}", self.screen()),
            }
        }
    }

    fn wait_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    fn wait_gone(&mut self, text: &str) {
        self.wait_for(&format!("{text} to go"), |s| !s.contains(text));
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn signal(&self, name: &str) {
        let pid = self.pid.expect("the child's pid").to_string();
        let status = std::process::Command::new("kill").args([name, &pid]).status().unwrap();
        assert!(status.success());
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).unwrap();
        self.parser.set_size(nz(rows), nz(cols));
    }

    /// Waits for exit and the rest of the output; returns whether the
    /// process succeeded.
    fn finish(mut self) -> (bool, Vec<u8>) {
        let ok = self.exit.recv_timeout(DEADLINE).expect("the process did not exit");
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.raw.extend_from_slice(&bytes),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("output did not end"),
            }
        }
        (ok, self.raw)
    }
}

fn magazine(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("# Field Notes\n\n");
    for i in 1..=40 {
        text.push_str(&format!(
            "Paragraph {i} says something worth reading about terminals and text.\n\n"
        ));
    }
    let path = dir.join("field-notes.md");
    std::fs::write(&path, text).unwrap();
    path
}

fn assert_restored(ok: bool, raw: &[u8]) {
    assert!(ok, "the process failed");
    assert!(
        raw.ends_with(LEAVE_ALTERNATE_SCREEN),
        "the terminal was not restored; output ends with {:?}",
        String::from_utf8_lossy(&raw[raw.len().saturating_sub(40)..])
    );
}

#[test]
fn read_an_article_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let mut s = Session::start(&[&file], 80, 24);
    s.wait_text("Field Notes");
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    s.wait_text("% ·");
    s.press(" ");
    s.wait_gone("Paragraph 1 says");
    s.press("j");
    s.press("t");
    s.wait_text("Contents");
    s.press("\x1b");
    s.wait_gone("Contents");
    s.press("/paragraph 30\r");
    s.wait_text("Paragraph 30 says");
    s.wait_text("1/1");
    s.press("q");
    s.wait_text("1 document");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

#[test]
fn the_sample_opens_without_paths_and_ctrl_c_quits() {
    let mut s = Session::start(&[], 80, 24);
    s.wait_text("Getting around quire");
    s.press("?");
    s.wait_text("Keys");
    s.press("\x03");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

#[test]
fn resizing_keeps_working_down_to_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let mut s = Session::start(&[&file], 80, 24);
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    s.press("5j");
    s.wait_gone("Paragraph 1 says");
    let before = top(&s.screen());
    assert!(before.starts_with("Paragraph "), "{before}");
    let sentence = before.split(" says").next().unwrap().to_string();
    s.resize(40, 12);
    s.wait_for("a narrow reader with the same text on top", |screen| {
        let footer = screen.lines().nth(10).unwrap_or_default();
        footer.contains("% ·") && top(screen).starts_with(&sentence)
    });
    s.resize(30, 10);
    s.wait_text("Terminal too small");
    s.resize(80, 24);
    s.wait_for("the wide reader back", |screen| top(screen) == before);
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

/// The first text on the reader's screen, below the two-line header.
fn top(screen: &str) -> String {
    let mut rows = screen.lines().skip(2).map(str::trim);
    rows.find(|l| !l.is_empty()).unwrap_or_default().to_string()
}

/// Opens the only article and pages down twice; returns the paragraph
/// number on top ("Paragraph 12").
fn read_two_pages(s: &mut Session) -> String {
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    s.press(" ");
    s.wait_gone("Paragraph 1 says");
    let first = top(&s.screen());
    s.press(" ");
    s.wait_for("the second page", |screen| top(screen) != first);
    let now = top(&s.screen());
    assert!(now.starts_with("Paragraph "), "{now}");
    now.split(" says").next().unwrap().to_string()
}

/// The list row of the article, once the saved state has arrived.
fn wait_for_percent(s: &mut Session) -> String {
    s.wait_text("1 document");
    s.wait_for("the saved percentage in the list", |screen| {
        screen.lines().any(|l| l.contains("Field Notes") && l.trim_end().ends_with('%'))
    });
    let screen = s.screen();
    screen.lines().find(|l| l.contains("Field Notes") && l.contains('%')).unwrap().to_string()
}

#[test]
fn the_position_is_restored_after_a_restart_at_another_width() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let mut s = Session::start_in(&[&file], 80, 24, data.path());
    let paragraph = read_two_pages(&mut s);
    s.press("q");
    s.wait_text("1 document");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);

    let mut s = Session::start_in(&[&file], 60, 20, data.path());
    let row = wait_for_percent(&mut s);
    assert!(!row.contains(" new"), "{row}");
    s.press("\r");
    let on_top = format!("{paragraph} says");
    s.wait_for("the saved paragraph on top", |screen| top(screen).starts_with(&on_top));
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

#[test]
fn sigterm_saves_the_position_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let mut s = Session::start_in(&[&file], 80, 24, data.path());
    let paragraph = read_two_pages(&mut s);
    s.signal("-TERM");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);

    let mut s = Session::start_in(&[&file], 80, 24, data.path());
    wait_for_percent(&mut s);
    s.press("\r");
    let on_top = format!("{paragraph} says");
    s.wait_for("the saved paragraph on top", |screen| top(screen).starts_with(&on_top));
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}
