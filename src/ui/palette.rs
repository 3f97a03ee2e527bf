//! Built-in themes besides the default, and fitting colours to what the
//! terminal can show.

use ratatui::style::{Color, Modifier, Style};

use super::Theme;
use crate::config::{self, ColorMode, Highlights};
use crate::state::highlights::DEFAULT_COLOURS;

/// For light backgrounds: no yellow or light grey text, which fade on
/// white; emphasis through darker hues.
pub fn light() -> Theme {
    let plain = Style::default();
    Theme {
        dim: plain.fg(Color::DarkGray),
        heading: plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
        quote: plain.fg(Color::DarkGray),
        pull_quote: plain.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
        code: plain.fg(Color::Red),
        inline_code: plain.fg(Color::Red),
        marker: plain.fg(Color::Blue),
        footnote: plain.fg(Color::DarkGray),
        link: plain.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
        link_marker: plain.fg(Color::DarkGray),
        find: plain.bg(Color::LightYellow).fg(Color::Black),
        find_current: plain.bg(Color::LightRed).fg(Color::Black),
        status: plain.fg(Color::DarkGray),
        notice: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
        border: plain.fg(Color::DarkGray),
        ..Theme::default()
    }
}

/// The terminal's own colours, with structure shown by attributes; only
/// find matches get a background, black on yellow, legible on any screen.
pub fn high_contrast() -> Theme {
    let plain = Style::default();
    let bold = plain.add_modifier(Modifier::BOLD);
    Theme {
        text: plain,
        dim: plain,
        title: bold,
        heading: bold.add_modifier(Modifier::UNDERLINED),
        quote: plain.add_modifier(Modifier::ITALIC),
        pull_quote: bold.add_modifier(Modifier::ITALIC),
        code: plain,
        inline_code: bold,
        table_header: bold,
        table: plain,
        marker: bold,
        footnote: plain,
        link: plain.add_modifier(Modifier::UNDERLINED),
        link_marker: plain,
        find: plain.bg(Color::Yellow).fg(Color::Black),
        find_current: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        selected: plain.add_modifier(Modifier::REVERSED),
        status: plain,
        notice: bold,
        border: plain,
        highlights: default_styles(),
    }
}

/// A config colour as the terminal should get it.
pub fn color(c: config::Color, mode: ColorMode) -> Option<Color> {
    let ansi = |i: u8| ANSI[usize::from(i) % 16].0;
    match (c, mode) {
        (_, ColorMode::None) => None,
        (config::Color::Default, _) => Some(Color::Reset),
        (config::Color::Ansi(i), _) => Some(ansi(i)),
        (config::Color::Rgb(r, g, b), ColorMode::TrueColor) => Some(Color::Rgb(r, g, b)),
        (config::Color::Rgb(r, g, b), ColorMode::Ansi16) => Some(nearest((r, g, b))),
    }
}

/// Makes a style showable: without colour, only its attributes; with 16
/// colours, RGB mapped to the nearest ANSI colour.
pub fn fit(style: Style, mode: ColorMode) -> Style {
    let map = |c: Option<Color>| match (c, mode) {
        (_, ColorMode::None) => None,
        (Some(Color::Rgb(r, g, b)), ColorMode::Ansi16) => Some(nearest((r, g, b))),
        (c, _) => c,
    };
    Style {
        fg: map(style.fg),
        bg: map(style.bg),
        underline_color: map(style.underline_color),
        ..style
    }
}

/// The 16 ANSI colours with xterm's default values.
const ANSI: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// Below this spread between channels a colour counts as a grey.
const GREY_CHROMA: u8 = 48;

/// The nearest ANSI colour, by distance weighted for the eye's
/// sensitivity ("redmean"). Hue matters more than lightness on a
/// 16-colour screen, so a tinted colour maps to a tinted one (a pastel
/// blue to blue, not to grey) and a grey to a grey.
pub fn nearest((r, g, b): (u8, u8, u8)) -> Color {
    let chroma = r.max(g).max(b) - r.min(g).min(b);
    let is_grey =
        |c: &Color| matches!(c, Color::Black | Color::DarkGray | Color::Gray | Color::White);
    let wanted = |c: &Color| is_grey(c) == (chroma < GREY_CHROMA);
    let distance = |(r2, g2, b2): (u8, u8, u8)| {
        let (dr, dg, db) = (
            i64::from(r) - i64::from(r2),
            i64::from(g) - i64::from(g2),
            i64::from(b) - i64::from(b2),
        );
        let mean = (i64::from(r) + i64::from(r2)) / 2;
        (((512 + mean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - mean) * db * db) >> 8)
    };
    ANSI.iter()
        .filter(|(c, _)| wanted(c))
        .min_by_key(|(_, rgb)| distance(*rgb))
        .map_or(Color::Reset, |(c, _)| *c)
}

/// In monochrome, marks that were colours become attributes, so find
/// matches and notices still stand out.
pub fn monochrome(mut theme: Theme) -> Theme {
    let strip = |s: Style| fit(s, ColorMode::None);
    for (_, style) in theme.slots_mut() {
        *style = strip(*style);
    }
    for (_, style) in &mut theme.highlights {
        *style = Style::default().add_modifier(Modifier::UNDERLINED);
    }
    theme.find = theme.find.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    theme.find_current = theme.find_current.add_modifier(Modifier::REVERSED);
    theme.notice = theme.notice.add_modifier(Modifier::BOLD);
    theme.heading = theme.heading.add_modifier(Modifier::BOLD);
    theme
}

// Highlight colours: the built-in ones and the configured ones, as styles.

/// The built-in colours, as `[highlights] colors` defaults them.
pub fn default_styles() -> Vec<(String, Style)> {
    let rgb = [(0xf5, 0xd7, 0x6e), (0x9b, 0xe3, 0x9b), (0x8e, 0xc5, 0xff), (0xf7, 0xa8, 0xc8)];
    let rgb = rgb.into_iter().chain([(0xc3, 0xa6, 0xff)]);
    DEFAULT_COLOURS
        .iter()
        .zip(rgb)
        .map(|(name, (r, g, b))| (name.to_string(), on(Some(Color::Rgb(r, g, b)))))
        .collect()
}

/// Dark text on the colour, readable on any theme.
pub fn on(bg: Option<Color>) -> Style {
    match bg {
        Some(bg) => Style::default().bg(bg).fg(Color::Black),
        None => Style::default().add_modifier(Modifier::UNDERLINED),
    }
}

/// The configured colours as the terminal can show them.
pub fn highlight_styles(config: &Highlights, mode: ColorMode) -> Vec<(String, Style)> {
    config.colors.iter().map(|c| (c.name.get_ref().clone(), on(color(c.color, mode)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_maps_to_the_nearest_ansi_colour() {
        assert_eq!(nearest((0xff, 0xaf, 0x00)), Color::Yellow);
        assert_eq!(nearest((250, 250, 250)), Color::White);
        assert_eq!(nearest((10, 10, 10)), Color::Black);
        assert_eq!(nearest((0x8e, 0xc5, 0xff)), Color::LightBlue);
        assert_eq!(nearest((200, 30, 30)), Color::Red);
        assert_eq!(nearest((0xf5, 0xd7, 0x6e)), Color::Yellow);
        assert_eq!(nearest((120, 125, 130)), Color::DarkGray);
    }

    /// WCAG relative luminance of an xterm palette colour.
    fn luminance(c: Color, background: (u8, u8, u8)) -> f64 {
        let rgb = ANSI.iter().find(|(a, _)| *a == c).map_or(background, |(_, rgb)| *rgb);
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(rgb.0) + 0.7152 * lin(rgb.1) + 0.0722 * lin(rgb.2)
    }

    fn contrast(fg: Color, bg: Color, screen: (u8, u8, u8)) -> f64 {
        let (a, b) = (luminance(fg, screen), luminance(bg, screen));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Every coloured element reads at 3:1 or better on the background
    /// its theme is for; high-contrast on both.
    #[test]
    fn themes_are_legible_on_their_backgrounds() {
        let black = (0, 0, 0);
        let white = (255, 255, 255);
        let cases = [
            ("dark", Theme::default(), vec![black]),
            ("light", light(), vec![white]),
            ("high-contrast", high_contrast(), vec![black, white]),
        ];
        for (name, mut theme, screens) in cases {
            for screen in screens {
                for (element, style) in theme.slots_mut() {
                    let (Some(fg), bg) = (style.fg, style.bg) else { continue };
                    let ratio = contrast(fg, bg.unwrap_or(Color::Reset), screen);
                    assert!(
                        ratio >= 3.0,
                        "{name}: {element} {fg:?} on {bg:?}/{screen:?}: {ratio:.1}"
                    );
                }
            }
        }
    }

    #[test]
    fn colours_follow_the_mode() {
        let rgb = config::Color::Rgb(1, 2, 3);
        assert_eq!(color(rgb, ColorMode::TrueColor), Some(Color::Rgb(1, 2, 3)));
        assert_eq!(color(rgb, ColorMode::Ansi16), Some(Color::Black));
        assert_eq!(color(rgb, ColorMode::None), None);
        assert_eq!(color(config::Color::Ansi(12), ColorMode::Ansi16), Some(Color::LightBlue));
    }
}
