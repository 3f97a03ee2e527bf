//! Key notation: `"ctrl-d"`, `"G"`, `"space"`, `"PgDn"`, `"esc"`, `"up"`.
//!
//! A terminal-independent key type, so the keymap and its tests need no
//! terminal; the app converts crossterm events into it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// A key press. Shift is part of the char (`G`), not a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn new(code: Code) -> Key {
        Key { code, ctrl: false, alt: false }
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: Code::Char(c), ctrl: true, alt: false }
    }

    pub const fn char(c: char) -> Key {
        Key::new(Code::Char(c))
    }

    /// Parses a notation such as `ctrl-d`, `alt-x`, `G`, `space`, `PgDn`.
    /// Named keys are case-insensitive; single characters are not.
    pub fn parse(notation: &str) -> Result<Key, String> {
        let mut key = Key::new(Code::Esc);
        let mut rest = notation;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 5 && lower.starts_with("ctrl-") {
                key.ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 4 && lower.starts_with("alt-") {
                key.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        key.code = parse_code(rest).ok_or_else(|| format!("unknown key: {notation:?}"))?;
        if key.ctrl
            && let Code::Char(c) = key.code
        {
            key.code = Code::Char(c.to_ascii_lowercase());
        }
        Ok(key)
    }
}

fn parse_code(name: &str) -> Option<Code> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(Code::Char(c));
    }
    let code = match name.to_ascii_lowercase().as_str() {
        "space" => Code::Char(' '),
        "enter" | "return" => Code::Enter,
        "esc" | "escape" => Code::Esc,
        "tab" => Code::Tab,
        "backtab" | "shift-tab" => Code::BackTab,
        "backspace" | "bs" => Code::Backspace,
        "del" | "delete" => Code::Delete,
        "up" => Code::Up,
        "down" => Code::Down,
        "left" => Code::Left,
        "right" => Code::Right,
        "pgup" | "pageup" => Code::PageUp,
        "pgdn" | "pagedown" => Code::PageDown,
        "home" => Code::Home,
        "end" => Code::End,
        f => {
            return f.strip_prefix('f')?.parse().ok().filter(|n| (1..=24).contains(n)).map(Code::F);
        }
    };
    Some(code)
}

impl Key {
    /// The key as a config file writes it (`down`, not `↓`).
    pub fn notation(&self) -> String {
        let shown = self.to_string();
        let name = match self.code {
            Code::Up => "up",
            Code::Down => "down",
            Code::Left => "left",
            Code::Right => "right",
            _ => return shown,
        };
        let arrow_len = shown.chars().last().map_or(0, char::len_utf8);
        format!("{}{name}", &shown[..shown.len() - arrow_len])
    }
}

impl fmt::Display for Key {
    /// The form shown in help: arrows as arrows, otherwise the notation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            Code::Char(' ') => f.write_str("space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::Enter => f.write_str("enter"),
            Code::Esc => f.write_str("esc"),
            Code::Tab => f.write_str("tab"),
            Code::BackTab => f.write_str("shift-tab"),
            Code::Backspace => f.write_str("backspace"),
            Code::Delete => f.write_str("del"),
            Code::Up => f.write_str("↑"),
            Code::Down => f.write_str("↓"),
            Code::Left => f.write_str("←"),
            Code::Right => f.write_str("→"),
            Code::PageUp => f.write_str("PgUp"),
            Code::PageDown => f.write_str("PgDn"),
            Code::Home => f.write_str("home"),
            Code::End => f.write_str("end"),
            Code::F(n) => write!(f, "F{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_notation() {
        assert_eq!(Key::parse("ctrl-d"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("CTRL-D"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("G"), Ok(Key::char('G')));
        assert_eq!(Key::parse("space"), Ok(Key::char(' ')));
        assert_eq!(Key::parse("PgDn"), Ok(Key::new(Code::PageDown)));
        assert_eq!(Key::parse("esc"), Ok(Key::new(Code::Esc)));
        assert_eq!(Key::parse("-"), Ok(Key::char('-')));
        assert_eq!(Key::parse("ctrl--"), Ok(Key::ctrl('-')));
        assert_eq!(Key::parse("alt-x").map(|k| k.alt), Ok(true));
        assert_eq!(Key::parse("f12"), Ok(Key::new(Code::F(12))));
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("f99").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn display_round_trips_for_plain_names() {
        for n in ["ctrl-d", "G", "space", "PgDn", "esc", "enter", "tab", "]"] {
            let key = Key::parse(n).unwrap();
            assert_eq!(Key::parse(&key.to_string()), Ok(key));
        }
        assert_eq!(Key::parse("down").unwrap().to_string(), "↓");
        assert_eq!(Key::parse("ctrl-down").unwrap().notation(), "ctrl-down");
        assert_eq!(Key::parse("ctrl-d").unwrap().notation(), "ctrl-d");
    }
}
