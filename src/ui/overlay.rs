//! Popups over the pane: help (generated from the keymap), contents, links.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::text::{fit, pad};
use super::{Theme, bookmarks, highlights};
use crate::model::layout::str_width;
use crate::state::geometry::follow;
use crate::state::{AppState, Overlay, Pane, contents_entries};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, overlay: &Overlay, theme: &Theme) {
    let (title, lines, selected) = match overlay {
        Overlay::Help { scroll } => {
            let room = usize::from(frame.area().width.saturating_sub(6));
            (strings::HELP_TITLE, help_lines(state, theme, room), *scroll)
        }
        Overlay::Contents { selected } => {
            (strings::CONTENTS_TITLE, contents(state, theme), *selected)
        }
        Overlay::Links { selected } => (strings::LINKS_TITLE, links(state, theme), *selected),
        Overlay::Highlights { selected } => {
            (strings::HIGHLIGHTS_TITLE, highlights::overlay_lines(state, theme), *selected)
        }
        Overlay::Note(e) => return highlights::draw_note(frame, e, theme),
        Overlay::Bookmarks { selected, entries } => {
            let room = usize::from(frame.area().width.saturating_sub(8)).min(70);
            (strings::BOOKMARKS_TITLE, bookmarks::lines(entries, theme, room), *selected)
        }
        // Drawn in the status line.
        Overlay::Label { .. } => return,
    };
    let area = popup(frame.area(), &lines);
    frame.render_widget(Clear, area);
    split_wide_edges(frame, area);
    let block = Block::bordered().title(format!(" {title} ")).border_style(theme.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let is_help = matches!(overlay, Overlay::Help { .. });
    // Help scrolls as a page; lists keep their selection in view.
    let first = if is_help {
        selected.min(lines.len().saturating_sub(height))
    } else {
        follow(0, selected, height)
    };
    let buf = frame.buffer_mut();
    for (i, line) in lines.iter().skip(first).take(height).enumerate() {
        let line = if !is_help && first + i == selected {
            line.clone().patch_style(theme.selected)
        } else {
            line.clone()
        };
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
}

/// Centred, sized to the content, within the screen less a margin.
fn popup(screen: Rect, lines: &[Line]) -> Rect {
    let content = lines.iter().map(Line::width).max().unwrap_or(0) + 2;
    let width = (content as u16).clamp(24, 72).min(screen.width.saturating_sub(4));
    let height = (lines.len() as u16 + 2).min(screen.height.saturating_sub(3));
    Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height.saturating_sub(height + 1)) / 2,
        width,
        height,
    }
}

/// A wide character just left of the popup would overlap its border;
/// blank it, as a terminal would.
fn split_wide_edges(frame: &mut Frame, area: Rect) {
    let Some(x) = area.x.checked_sub(1) else { return };
    let buf = frame.buffer_mut();
    for y in area.y..area.bottom() {
        if let Some(cell) = buf.cell_mut((x, y))
            && str_width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Keys and descriptions side by side when there is room, else each
/// description under its keys.
fn help_lines(state: &AppState, theme: &Theme, room: usize) -> Vec<Line<'static>> {
    let entries = state.help.iter().flat_map(|s| s.entries.iter());
    let key_width = entries.clone().map(|e| str_width(&e.keys.join(" "))).max().unwrap_or(0) + 2;
    let desc_width = entries.map(|e| str_width(&e.description)).max().unwrap_or(0);
    let side_by_side = 1 + key_width + desc_width <= room;
    let mut lines = Vec::new();
    for section in state.help.iter() {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(section.title.to_string(), theme.heading));
        for e in &section.entries {
            let keys = e.keys.join(" ");
            if side_by_side {
                lines.push(Line::from(vec![
                    Span::styled(format!(" {}", pad(&keys, key_width)), theme.marker),
                    Span::styled(e.description.clone(), theme.text),
                ]));
            } else {
                lines.push(Line::styled(format!(" {keys}"), theme.marker));
                lines.push(Line::styled(format!("     {}", e.description), theme.text));
            }
        }
    }
    lines
}

fn contents(state: &AppState, theme: &Theme) -> Vec<Line<'static>> {
    let Pane::Reader(r) = &state.pane else { return Vec::new() };
    let Some(article) = state.article(r.at) else { return Vec::new() };
    contents_entries(article, &r.layout)
        .into_iter()
        .map(|e| {
            let indent = "  ".repeat(usize::from(e.level.saturating_sub(2)));
            Line::styled(format!(" {indent}{} ", fit(&e.title, 60)), Style::default())
                .patch_style(theme.text)
        })
        .collect()
}

fn links(state: &AppState, theme: &Theme) -> Vec<Line<'static>> {
    let Pane::Reader(r) = &state.pane else { return Vec::new() };
    r.layout
        .links()
        .iter()
        .enumerate()
        .map(|(i, url)| {
            let n = format!(" [{}] ", i + 1);
            let room = 66usize.saturating_sub(str_width(&n));
            Line::from(vec![
                Span::styled(n, theme.link_marker),
                Span::styled(fit(url, room), theme.link),
            ])
        })
        .collect()
}
