//! Colours and text attributes, by role. One place to restyle the app.

use ratatui::style::{Color, Modifier, Style};

use super::palette;
use crate::config::{ColorMode, ColorSpec, ThemeConfig, ThemeName};
use crate::model::layout::{Role, SpanStyle};

#[derive(Debug, Clone)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub quote: Style,
    pub pull_quote: Style,
    pub code: Style,
    pub inline_code: Style,
    pub table_header: Style,
    pub table: Style,
    pub marker: Style,
    pub footnote: Style,
    pub link: Style,
    pub link_marker: Style,
    pub find: Style,
    pub find_current: Style,
    pub selected: Style,
    pub status: Style,
    pub notice: Style,
    pub border: Style,
    /// Highlight colours by name (`[highlights] colors`).
    pub highlights: Vec<(String, Style)>,
}

impl Default for Theme {
    fn default() -> Theme {
        let plain = Style::default();
        Theme {
            text: plain,
            dim: plain.fg(Color::DarkGray),
            title: plain.add_modifier(Modifier::BOLD),
            heading: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            quote: plain.fg(Color::Gray),
            pull_quote: plain.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            code: plain.fg(Color::Green),
            inline_code: plain.fg(Color::Green),
            table_header: plain.add_modifier(Modifier::BOLD),
            table: plain,
            marker: plain.fg(Color::Yellow),
            footnote: plain.fg(Color::Gray),
            // Light blue: ANSI blue is too dark to read on a dark background.
            link: plain.fg(Color::LightBlue).add_modifier(Modifier::UNDERLINED),
            link_marker: plain.fg(Color::DarkGray),
            find: plain.bg(Color::Yellow).fg(Color::Black),
            find_current: plain.bg(Color::LightRed).fg(Color::Black),
            selected: plain.add_modifier(Modifier::REVERSED),
            status: plain.fg(Color::Gray),
            notice: plain.fg(Color::Yellow),
            border: plain.fg(Color::DarkGray),
            highlights: super::palette::default_styles(),
        }
    }
}

impl Theme {
    pub fn builtin(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::default(),
            ThemeName::Light => palette::light(),
            ThemeName::HighContrast => palette::high_contrast(),
        }
    }

    /// The configured theme, its overrides applied, fitted to what the
    /// terminal shows: no colour under `NO_COLOR`, 16 colours without
    /// truecolor.
    pub fn from_config(config: &ThemeConfig, mode: ColorMode) -> Theme {
        let mut theme = Theme::builtin(config.name);
        for (name, spec) in &config.colors {
            if let Some(style) = theme.slot_mut(name.get_ref()) {
                *style = apply(*style, spec, mode);
            }
        }
        if mode == ColorMode::None {
            return palette::monochrome(theme);
        }
        for (_, style) in theme.slots_mut() {
            *style = palette::fit(*style, mode);
        }
        theme
    }

    /// Every style with its name in `[theme.colors]`.
    pub fn slots_mut(&mut self) -> [(&'static str, &mut Style); 20] {
        [
            ("text", &mut self.text),
            ("dim", &mut self.dim),
            ("title", &mut self.title),
            ("heading", &mut self.heading),
            ("quote", &mut self.quote),
            ("pull_quote", &mut self.pull_quote),
            ("code", &mut self.code),
            ("inline_code", &mut self.inline_code),
            ("table_header", &mut self.table_header),
            ("table", &mut self.table),
            ("marker", &mut self.marker),
            ("footnote", &mut self.footnote),
            ("link", &mut self.link),
            ("link_marker", &mut self.link_marker),
            ("find", &mut self.find),
            ("find_current", &mut self.find_current),
            ("selected", &mut self.selected),
            ("status", &mut self.status),
            ("notice", &mut self.notice),
            ("border", &mut self.border),
        ]
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
        self.slots_mut().into_iter().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    /// The style of a laid-out span: its role, then its inline markup.
    pub fn span(&self, s: SpanStyle) -> Style {
        let mut style = match s.role {
            Role::Body => self.text,
            Role::Heading(_) => self.heading,
            Role::Quote => self.quote,
            Role::PullQuote => self.pull_quote,
            Role::CodeBlock => self.code,
            Role::TableHeader => self.table_header,
            Role::TableCell => self.table,
            Role::ListMarker => self.marker,
            Role::Rule => self.dim,
            Role::Footnote => self.footnote,
            Role::LinkMarker => self.link_marker,
        };
        if s.code {
            style = style.patch(self.inline_code);
        }
        if s.emphasis {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if s.strong {
            style = style.add_modifier(Modifier::BOLD);
        }
        if s.strike {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if s.link.is_some() && s.role != Role::LinkMarker {
            style = style.patch(self.link);
        }
        style
    }
}

fn apply(style: Style, spec: &ColorSpec, mode: ColorMode) -> Style {
    let mut style = style;
    if let Some(fg) = spec.fg {
        style.fg = palette::color(fg, mode);
    }
    if let Some(bg) = spec.bg {
        style.bg = palette::color(bg, mode);
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Color as C, THEME_ELEMENTS};
    use toml::Spanned;

    #[test]
    fn every_config_element_is_a_theme_slot() {
        let mut theme = Theme::default();
        let names: Vec<&str> = theme.slots_mut().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, THEME_ELEMENTS);
    }

    #[test]
    fn overrides_apply_and_fit_the_terminal() {
        let mut config = ThemeConfig::default();
        let spec = ColorSpec { fg: Some(C::Rgb(0xff, 0xaf, 0)), bg: None };
        config.colors.insert(Spanned::new(0..0, "heading".into()), spec);
        let true_color = Theme::from_config(&config, ColorMode::TrueColor);
        assert_eq!(true_color.heading.fg, Some(Color::Rgb(0xff, 0xaf, 0)));
        assert!(true_color.heading.add_modifier.contains(Modifier::BOLD));
        let ansi = Theme::from_config(&config, ColorMode::Ansi16);
        assert_eq!(ansi.heading.fg, Some(Color::Yellow));
    }

    #[test]
    fn no_color_keeps_attributes_only() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            let config = ThemeConfig { name, ..ThemeConfig::default() };
            let mut theme = Theme::from_config(&config, ColorMode::None);
            for (n, style) in theme.slots_mut() {
                assert_eq!((style.fg, style.bg), (None, None), "{n} in {name:?}");
            }
            assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
            assert!(theme.find_current.add_modifier.contains(Modifier::REVERSED));
            assert!(theme.find.add_modifier.contains(Modifier::UNDERLINED));
        }
    }
}
