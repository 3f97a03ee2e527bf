//! The real binary in a pseudo-terminal: start it, type keys, read the
//! screen. Shared by the end-to-end tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, SlavePty, native_pty_system};

/// Generous: the binary may be starting on a busy machine.
pub const DEADLINE: Duration = Duration::from_secs(10);
pub const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";

pub struct Session {
    master: Box<dyn MasterPty + Send>,
    /// Held open until `finish` has read everything: when the last slave
    /// end closes, Linux may fail the master's reads (EIO) before the last
    /// bytes a short-lived child wrote are delivered.
    slave: Option<Box<dyn SlavePty + Send>>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    exit: Receiver<bool>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// XDG config, data and state homes, so no run reads or writes the
    /// user's own files.
    home: tempfile::TempDir,
    pid: Option<u32>,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

impl Session {
    /// Starts quire with a fresh data directory, never the user's.
    pub fn start(args: &[&Path], cols: u16, rows: u16) -> Session {
        Session::start_with(args, &[], cols, rows)
    }

    /// Starts quire keeping its reading state in `data`.
    pub fn start_in(args: &[&Path], cols: u16, rows: u16, data: &Path) -> Session {
        Session::start_with(args, &[("QUIRE_DATA_DIR", data.to_str().unwrap())], cols, rows)
    }

    /// Starts quire with extra environment; the XDG homes always point into a
    /// temp dir, so without `QUIRE_DATA_DIR` the store lands there too.
    pub fn start_with(args: &[&Path], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        for arg in args {
            cmd.arg(arg);
        }
        let home = tempfile::tempdir().unwrap();
        cmd.env("TERM", "xterm-256color");
        for (var, dir) in [("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")] {
            cmd.env(var, home.path().join(dir));
        }
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        cmd.env_remove("QUIRE_CONFIG");
        cmd.env_remove("QUIRE_DATA_DIR");
        cmd.env_remove("QUIRE_CACHE_DIR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        let pid = child.process_id();
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
            slave: Some(pair.slave),
            writer,
            output,
            exit,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
            home,
            pid,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads output until `want` holds for the screen or the deadline passes.
    pub fn wait_for(&mut self, what: &str, want: impl Fn(&str) -> bool) {
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

    pub fn wait_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    pub fn wait_gone(&mut self, text: &str) {
        self.wait_for(&format!("{text} to go"), |s| !s.contains(text));
    }

    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn signal(&self, name: &str) {
        let pid = self.pid.expect("the child's pid").to_string();
        let status = std::process::Command::new("kill").args([name, &pid]).status().unwrap();
        assert!(status.success());
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).unwrap();
        self.parser.set_size(nz(rows), nz(cols));
    }

    /// The binary's XDG directories, kept past `finish`.
    pub fn take_home(&mut self) -> tempfile::TempDir {
        std::mem::replace(&mut self.home, tempfile::tempdir().unwrap())
    }

    /// Waits for exit and the rest of the output; returns whether the
    /// process succeeded.
    ///
    /// The end of the output is marked, not guessed: once quire has exited,
    /// `quire --version` runs on the same terminal, and everything before
    /// its line is quire's. Only then does the slave end close.
    pub fn finish(mut self) -> (bool, Vec<u8>) {
        let ok = self.exit.recv_timeout(DEADLINE).expect("the process did not exit");
        let slave = self.slave.take().expect("finish runs once");
        let mut marker = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        marker.arg("--version");
        let status = slave.spawn_command(marker).unwrap().wait().unwrap();
        assert!(status.success(), "quire --version failed");
        let sentinel = format!("quire {}", env!("CARGO_PKG_VERSION"));
        let deadline = Instant::now() + DEADLINE;
        let end = loop {
            if let Some(at) = rfind(&self.raw, sentinel.as_bytes()) {
                break at;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.raw.extend_from_slice(&bytes),
                Err(_) => panic!("the end-of-output marker never came"),
            }
        };
        drop(slave);
        self.raw.truncate(end);
        (ok, self.raw)
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

pub fn magazine(dir: &Path) -> std::path::PathBuf {
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

pub fn assert_restored(ok: bool, raw: &[u8]) {
    assert!(ok, "the process failed");
    assert!(
        raw.ends_with(LEAVE_ALTERNATE_SCREEN),
        "the terminal was not restored; output ends with {:?}",
        String::from_utf8_lossy(&raw[raw.len().saturating_sub(40)..])
    );
}

/// `quire export FILE --format FORMAT` against the store in `data`, with
/// no config and a cache of its own: what a user would get from the CLI
/// after a session in the reader.
pub fn cli_export(file: &Path, data: &Path, format: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([std::ffi::OsStr::new("export"), file.as_os_str()])
        .args(["--format", format])
        .env("QUIRE_DATA_DIR", data)
        .env("XDG_CACHE_HOME", data.join("cache"))
        .env_remove("QUIRE_CONFIG")
        .env("XDG_CONFIG_HOME", data.join("no-config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
