//! Colours as a config file writes them: `"#rrggbb"`, an ANSI name such as
//! `"light_blue"`, or `"default"` for the terminal's own colour.

use std::fmt;

use serde::Deserialize;

use super::errors::closest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Color {
    /// The terminal's default foreground or background.
    Default,
    /// One of the 16 ANSI colours, indexed as in [`ANSI_NAMES`].
    Ansi(u8),
    Rgb(u8, u8, u8),
}

/// The 16 ANSI colours, by index (ratatui's names).
pub const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark_gray",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
];

impl Color {
    /// Parses `#rrggbb`, `#rgb`, an ANSI name (`-` or `_`, any case) or
    /// `default`; the error says what was wrong and suggests a name.
    pub fn parse(text: &str) -> Result<Color, String> {
        if let Some(hex) = text.strip_prefix('#') {
            return parse_hex(hex).ok_or_else(|| invalid(text, None));
        }
        let name = text.trim().to_ascii_lowercase().replace('-', "_");
        if name == "default" || name == "reset" {
            return Ok(Color::Default);
        }
        match ANSI_NAMES.iter().position(|&n| n == name) {
            Some(i) => Ok(Color::Ansi(i as u8)),
            None => {
                let names = ANSI_NAMES.iter().copied().chain(["default"]);
                Err(invalid(text, closest(&name, names)))
            }
        }
    }
}

fn parse_hex(hex: &str) -> Option<Color> {
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
    match hex.len() {
        6 => Some(Color::Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        3 => Some(Color::Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        _ => None,
    }
}

fn invalid(text: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("invalid colour {text:?} (did you mean {s:?}?)"),
        None => format!("invalid colour {text:?}: use \"#rrggbb\" or a name such as \"red\""),
    }
}

impl TryFrom<String> for Color {
    type Error = String;

    fn try_from(text: String) -> Result<Color, String> {
        Color::parse(&text)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Color::Default => f.write_str("default"),
            Color::Ansi(i) => f.write_str(ANSI_NAMES.get(usize::from(i)).unwrap_or(&"default")),
            Color::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_names_and_default() {
        assert_eq!(Color::parse("#ffaf00"), Ok(Color::Rgb(255, 175, 0)));
        assert_eq!(Color::parse("#FA0"), Ok(Color::Rgb(255, 170, 0)));
        assert_eq!(Color::parse("Light-Blue"), Ok(Color::Ansi(12)));
        assert_eq!(Color::parse("default"), Ok(Color::Default));
        for c in ["#ffaf00", "light_blue", "default"] {
            assert_eq!(Color::parse(c).unwrap().to_string(), c);
        }
    }

    #[test]
    fn errors_explain_and_suggest() {
        assert_eq!(
            Color::parse("#ffaf0"),
            Err("invalid colour \"#ffaf0\": use \"#rrggbb\" or a name such as \"red\"".into())
        );
        assert_eq!(
            Color::parse("magneta"),
            Err("invalid colour \"magneta\" (did you mean \"magenta\"?)".into())
        );
        assert!(Color::parse("#ééé").is_err());
    }
}
