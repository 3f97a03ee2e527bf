#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A config file reaching the app: remapped keys drive the state machine,
//! help and hints show them, and `NO_COLOR` renders without colour.

use crate::common;

use quire::config::{ColorMode, Config, ThemeConfig};
use quire::keymap::{Code, Key};
use quire::state::{Action, AppState, Command, Pane, input, update};
use quire::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use common::{run, state};

/// A state using the keymap of `config_text`.
fn configured(config_text: &str, size: (u16, u16)) -> AppState {
    let config = Config::parse(config_text, "test.toml").unwrap();
    let mut s = state(size);
    s.set_keymap(config.keymap().unwrap());
    s
}

/// Translates `key` with the state's own keymap and applies the action.
fn press(s: &mut AppState, key: Key) {
    let keymap = s.keymap.clone();
    if let Some(action) = input::translate(s, &keymap, key) {
        update(s, action);
    }
}

fn top(s: &AppState) -> usize {
    match &s.pane {
        Pane::Reader(r) => r.top,
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}

fn screen(s: &AppState, theme: &Theme) -> Terminal<TestBackend> {
    let (w, h) = s.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(f, s, theme)).unwrap();
    terminal
}

fn text(s: &AppState) -> String {
    screen(s, &Theme::default()).backend().to_string()
}

#[test]
fn a_remapped_key_drives_the_reader_and_the_old_key_is_free() {
    let mut s = configured("[keys.reader]\npage_down = [\"x\", \"ctrl-j\"]\n", (80, 24));
    run(&mut s, [Action::Command(Command::Open)]);
    assert_eq!(top(&s), 0);
    press(&mut s, Key::char('x'));
    let paged = top(&s);
    assert!(paged > 1, "x pages down");
    press(&mut s, Key::char(' '));
    assert_eq!(top(&s), paged, "space is unbound in the reader");
    press(&mut s, Key::ctrl('j'));
    assert!(top(&s) > paged, "ctrl-j pages down too");
}

#[test]
fn a_key_taken_by_a_remap_leaves_its_default_action() {
    let mut s = configured("[keys.reader]\npage_down = \"j\"\n", (80, 24));
    run(&mut s, [Action::Command(Command::Open)]);
    press(&mut s, Key::char('j'));
    assert!(top(&s) > 1, "j pages instead of stepping a line");
    // The list keeps its own `j`.
    press(&mut s, Key::char('h'));
    let Pane::List(l) = &s.pane else { panic!("back in the list") };
    let before = l.cursor;
    press(&mut s, Key::char('j'));
    let Pane::List(l) = &s.pane else { panic!("still in the list") };
    assert_eq!(l.cursor, before + 1);
}

#[test]
fn unbinding_with_none_or_an_empty_list() {
    let mut s = configured("[keys.global]\nquit = \"none\"\n[keys.list]\ndown = []\n", (80, 24));
    press(&mut s, Key::char('Q'));
    assert!(!s.quitting, "Q is unbound");
    let Pane::List(l) = &s.pane else { panic!("list") };
    let before = l.cursor;
    press(&mut s, Key::char('j'));
    press(&mut s, Key::new(Code::Down));
    let Pane::List(l) = &s.pane else { panic!("list") };
    assert_eq!(l.cursor, before);
    // ctrl-c quits whatever the config says.
    press(&mut s, Key::ctrl('c'));
    assert!(s.quitting);
}

#[test]
fn help_and_the_status_hint_show_the_remapped_keys() {
    let mut s = configured(
        "[keys.global]\nhelp = [\"f1\", \"alt-h\"]\n[keys.list]\ntoggle_read = \"m\"\n",
        (80, 24),
    );
    let list = text(&s);
    assert!(list.contains("F1 help"), "{list}");
    assert!(!list.contains("? help"), "{list}");
    press(&mut s, Key::new(Code::F(1)));
    let help = text(&s);
    assert!(help.contains("F1 alt-h"), "{help}");
    let read_row = help.lines().find(|l| l.contains("mark read or unread")).unwrap();
    assert!(read_row.contains(" m "), "{read_row}");
    assert!(!read_row.contains(" r "), "{read_row}");
}

#[test]
fn unbound_help_drops_the_hint() {
    let s = configured("[keys.global]\nhelp = []\n", (80, 24));
    assert!(!text(&s).contains("help"));
}

#[test]
fn the_find_hint_names_the_remapped_key() {
    let mut s = configured("[keys.reader]\nfind = \"f\"\n", (80, 24));
    run(&mut s, [Action::Command(Command::Open), Action::Command(Command::NextMatch)]);
    assert_eq!(s.status.message.as_deref(), Some("No find active: press f to find"));
}

/// NO_COLOR: not a single colour on screen, but the selection and find
/// matches still stand out through attributes.
#[test]
fn no_color_renders_attributes_only() {
    let theme = Theme::from_config(&ThemeConfig::default(), ColorMode::None);
    let mut s = state((40, 12));
    run(&mut s, [Action::Command(Command::Help)]);
    let help = screen(&s, &theme);
    let buffer = help.backend().buffer();
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    insta::assert_snapshot!("no_color_help_40x12", format!("{buffer:?}"));

    let mut s = state((40, 12));
    run(&mut s, [Action::Command(Command::Help)]);
    run(&mut s, [Action::Command(Command::Cancel)]);
    let list = screen(&s, &theme);
    let buffer = list.backend().buffer();
    assert!(buffer.content().iter().all(|c| (c.fg, c.bg) == (Color::Reset, Color::Reset)));
    let reversed =
        buffer.content().iter().any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert!(reversed, "the list cursor is visible without colour");
    insta::assert_snapshot!("no_color_list_40x12", format!("{buffer:?}"));
}
