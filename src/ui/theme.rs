//! Colours and text attributes, by role. One place to restyle the app.

use ratatui::style::{Color, Modifier, Style};

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
            link: plain.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            link_marker: plain.fg(Color::DarkGray),
            find: plain.bg(Color::Yellow).fg(Color::Black),
            find_current: plain.bg(Color::LightRed).fg(Color::Black),
            selected: plain.add_modifier(Modifier::REVERSED),
            status: plain.fg(Color::Gray),
            notice: plain.fg(Color::Yellow),
            border: plain.fg(Color::DarkGray),
        }
    }
}

impl Theme {
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
