#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real binary in a pseudo-terminal: type keys, read the screen.

use crate::pty;

use pty::{Session, assert_restored, magazine};

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
fn library_search_lands_on_the_match_and_esc_goes_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let mut s = Session::start(&[&file], 80, 24);
    s.wait_text("1 document");
    s.press("s");
    s.wait_text("Search:");
    s.press("paragraph 30");
    s.wait_text("1 result");
    s.press("\r");
    s.wait_text("Paragraph 30 says");
    s.wait_text("/paragraph 30");
    s.press("s");
    s.wait_text("Search:");
    s.press("\x1b");
    s.wait_text("Paragraph 30 says");
    s.press("q");
    s.wait_text("1 document");
    s.press("Q");
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

/// A single article too long to lay out whole: the reader shows it in
/// windows, and the real terminal sees its start, its true end with `G`,
/// a find near the end, and its start again with `g`.
#[test]
fn a_long_article_reads_from_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long-essay.md");
    let mut text = String::from("# A Long Essay\n\n");
    for i in 1..=4000 {
        text.push_str(&format!(
            "Paragraph {i} keeps going about ledgers, tides and harbour cranes for a while.\n\n"
        ));
    }
    text.push_str("The zanzibar line closes the essay.\n");
    std::fs::write(&file, text).unwrap();
    let mut s = Session::start(&[&file], 80, 24);
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 keeps");
    s.press("G");
    s.wait_text("The zanzibar line closes the essay.");
    s.wait_text("100%");
    s.press("g");
    s.wait_text("Paragraph 1 keeps");
    s.press("/paragraph 3999 \r");
    s.wait_text("Paragraph 3999 keeps");
    s.press("q");
    s.wait_text("1 document");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

/// An article over a megabyte is searched by the find worker: the match
/// near its end comes back from the worker thread and is shown.
#[test]
fn find_in_an_article_over_a_megabyte_goes_through_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("longer-essay.md");
    let mut text = String::from("# A Longer Essay\n\n");
    let paragraphs = quire::state::FIND_INLINE_MAX / 50;
    for i in 1..=paragraphs {
        text.push_str(&format!("Paragraph {i} is about ledgers, tides and harbour cranes.\n\n"));
    }
    text.push_str("The zanzibar line closes the essay.\n");
    std::fs::write(&file, text).unwrap();
    let mut s = Session::start(&[&file], 80, 24);
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 is");
    s.press("/zanzibar\r");
    s.wait_text("The zanzibar line closes the essay.");
    s.wait_text("1/1 ");
    s.press("q");
    s.wait_text("1 document");
    s.press("q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
}

#[test]
fn a_bad_config_fails_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "mouse = true\n[keys.reader]\npagedown = \"x\"\n").unwrap();
    let s = Session::start_with(&[], &[("QUIRE_CONFIG", config.to_str().unwrap())], 80, 24);
    let (ok, raw) = s.finish();
    assert!(!ok, "a bad config must fail the run");
    let text = String::from_utf8_lossy(&raw);
    let expected = format!(
        "quire: {}:3: unknown action \"pagedown\" in [keys.reader] (did you mean \"page_down\"?)",
        config.display()
    );
    assert_eq!(text.trim_end(), expected);
    assert!(!raw.contains(&0x1b), "escape sequences were written: {text:?}");
}

#[test]
fn remapped_keys_work_the_mouse_stays_free_and_logs_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let config = dir.path().join("config.toml");
    let toml = format!(
        "library = [{:?}]\nmouse = false\n[keys.global]\nhelp = \"f1\"\n[keys.reader]\npage_down = \"x\"\n",
        file.file_name().unwrap().to_str().unwrap()
    );
    std::fs::write(&config, toml).unwrap();
    let mut s = Session::start_with(&[], &[("QUIRE_CONFIG", config.to_str().unwrap())], 80, 24);
    s.wait_text("F1 help");
    s.wait_text("Field Notes");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    s.press(" ");
    s.press("x");
    s.wait_gone("Paragraph 1 says");
    s.press("Q");
    let home = s.take_home();
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
    let enable_mouse = b"\x1b[?1000h";
    assert!(!raw.windows(enable_mouse.len()).any(|w| w == enable_mouse), "mouse captured");
    let log = std::fs::read_to_string(home.path().join("state/quire/quire.log")).unwrap();
    assert!(log.contains("starting the reader"), "{log}");
    assert!(!String::from_utf8_lossy(&raw).contains("starting the reader"));
}

/// Select, highlight, annotate (inline and in `$EDITOR`), export with `E`,
/// quit, restart: the highlights are back, and `quire export` writes them.
#[cfg(unix)]
#[test]
fn highlight_annotate_restart_and_export() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let data = dir.path().join("data");
    let exports = dir.path().join("exports");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("export_dir = {:?}\n", exports.to_str().unwrap())).unwrap();
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nprintf 'written in the editor\\n' >> \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let env = [
        ("QUIRE_DATA_DIR", data.to_str().unwrap()),
        ("QUIRE_CONFIG", config.to_str().unwrap()),
        ("EDITOR", editor.to_str().unwrap()),
        ("VISUAL", editor.to_str().unwrap()),
    ];
    let mut s = Session::start_with(&[&file], &env, 80, 24);
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    s.press("vee\r");
    s.wait_text("Highlighted");
    s.press("}H");
    s.press("}vea");
    s.wait_text("ctrl-s saves");
    s.press("First line\rsecond line\x13");
    s.wait_text("Note saved");
    open_highlights(&mut s);
    s.wait_text("✎ First line");
    s.press("jjn");
    s.wait_text("ctrl-s saves");
    s.press("\x05");
    s.wait_text("written in the editor");
    s.press("\x13");
    s.wait_text("Note saved");
    s.press("E");
    s.wait_text("Exported to");
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);

    let mut s = Session::start_with(&[&file], &env, 80, 24);
    s.wait_text("1 document");
    s.press("\r");
    // The article reopens where session one left it.
    s.wait_text("says something worth reading");
    open_highlights(&mut s);
    s.wait_text("✎ First line");
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("export")
        .arg(&file)
        .env("QUIRE_DATA_DIR", &data)
        .env("QUIRE_CONFIG", &config)
        .env("QUIRE_CACHE_DIR", crate::common::cache_dir())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for want in [
        "Paragraph 1",
        "Paragraph 2 says something worth reading about terminals and text.",
        "> Paragraph\n",
        "First line\\\nsecond line\\\nwritten in the editor",
    ] {
        assert!(md.contains(want), "{want:?} missing from:\n{md}");
    }
    let written: Vec<_> = std::fs::read_dir(&exports).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let from_tui = std::fs::read_to_string(&written[0]).unwrap();
    assert!(from_tui.contains("Paragraph 2 says something worth reading"), "{from_tui}");
    assert!(from_tui.contains("written in the editor"), "{from_tui}");
}

/// Opens the highlights overlay, pressing `"` again while the store has
/// not answered yet (for the document, or for a highlight just saved):
/// the overlay lists what the store confirmed, and fast keys can beat it.
fn open_highlights(s: &mut Session) {
    let notice = |screen: &str| {
        screen
            .lines()
            .last()
            .map(str::trim_start)
            .filter(|l| {
                l.starts_with("Highlights are still loading") || l.starts_with("No highlights")
            })
            .is_some()
    };
    for _ in 0..100 {
        s.press("\"");
        s.wait_for("the highlights or a notice", |screen| {
            screen.contains("┌ Highlights") || notice(screen)
        });
        if s.screen().contains("┌ Highlights") {
            return;
        }
        s.press("j");
        s.wait_for("the notice to clear", |screen| !notice(screen));
    }
    panic!("the highlights never appeared");
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

/// A closed terminal window: quire must end (saving what it has), not
/// spin on the dead terminal's endless end-of-file (crossterm's reader
/// retries a read of zero bytes forever; see `app/events.rs`). The test
/// holds the pty's only master handles, reads until the list is drawn, then
/// drops them all, as a closed window does.
#[cfg(unix)]
#[test]
fn closing_the_terminal_ends_the_reader() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let size = PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 };
    let pair = native_pty_system().openpty(size).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
    cmd.arg(&file);
    cmd.env("QUIRE_DATA_DIR", dir.path().join("data"));
    cmd.env("QUIRE_CACHE_DIR", dir.path().join("cache"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", dir.path().join("config"));
    cmd.env("XDG_STATE_HOME", dir.path().join("state"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("document") {
        let n = reader.read(&mut buf).unwrap();
        assert!(n > 0, "quire ended before drawing the list");
        seen.extend_from_slice(&buf[..n]);
    }
    drop(reader);
    drop(pair.master);
    let deadline = Instant::now() + pty::DEADLINE;
    let ended = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(ended.is_some(), "quire outlived its terminal");
}
