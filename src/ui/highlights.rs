//! Highlights on screen: their colours in the reader, the selection and
//! cursor, the `"` overlay's rows and the note editor.
//!
//! Everything is painted from char offsets (as layout spans carry them),
//! so highlights land on the same text at any width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::text::{clean, fit};
use super::{Theme, palette};
use crate::model::layout::str_width;
use crate::state::geometry::reader_rows;
use crate::state::highlights::entries;
use crate::state::note::NoteEditor;
use crate::state::selection::cursor;
use crate::state::{AppState, Find, Pane, ReaderPane};
use crate::strings;

/// A styled char range `[start, end)` of the canonical text.
pub type Mark = (usize, usize, Style);

fn colour_style(theme: &Theme, name: &str) -> Style {
    let found = theme.highlights.iter().find(|(n, _)| n == name).or(theme.highlights.first());
    found.map_or_else(|| palette::on(None), |(_, s)| *s)
}

/// What to paint over the visible text, lowest layer first: highlights,
/// find matches, the selection, the cursor.
pub fn marks(state: &AppState, r: &ReaderPane, theme: &Theme) -> Vec<Mark> {
    let (_, height) = reader_rows(state.size);
    let lines = &r.layout.lines;
    let from = lines.get(r.top).map_or(0, |l| l.offset);
    let to = lines.get(r.top + height).map_or(r.layout.text_len, |l| l.offset);
    let mut out = Vec::new();
    if let Some(article) = state.article(r.at) {
        let placed = state.marks.placed(&article.id.to_string());
        let visible = placed.iter().filter(|p| p.end > from && p.start <= to);
        out.extend(visible.map(|p| (p.start, p.end, colour_style(theme, &p.colour))));
    }
    if let Some(f) = &r.find {
        out.extend(find_marks(f, theme, (from, to)));
    }
    let reversed = Style::default().add_modifier(Modifier::REVERSED);
    if let Some((s, e)) = r.mode.selection() {
        out.push((s, e, theme.selected.patch(reversed)));
    }
    if state.overlay.is_none() && r.layout.text_len > 0 {
        let at = cursor(r);
        out.push((at, at + 1, reversed));
    }
    out
}

/// Find matches in `[from, to]`; matches are sorted, so this costs a
/// binary search plus the visible ones.
pub fn find_marks(f: &Find, theme: &Theme, (from, to): (usize, usize)) -> Vec<Mark> {
    let first = f.matches.partition_point(|m| m.1 <= from);
    f.matches[first..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.0 <= to)
        .map(|(i, &(s, e))| {
            let style = if f.current == Some(first + i) { theme.find_current } else { theme.find };
            (s, e, style)
        })
        .collect()
}

/// The `"` overlay: snippet, first line of the note, colour, place.
pub fn overlay_lines(state: &AppState, theme: &Theme) -> Vec<Line<'static>> {
    let Pane::Reader(r) = &state.pane else { return Vec::new() };
    let Some(doc) = state.docs.get(r.at.doc) else { return Vec::new() };
    entries(state, r.at.doc)
        .into_iter()
        .map(|e| {
            let h = &e.highlight;
            let place = match e.article {
                Some(a) => {
                    let title = doc.articles.get(a).map_or("", |a| a.title.as_str());
                    fit(&clean(title), 16)
                }
                None => strings::DETACHED.to_string(),
            };
            let note = h.note.as_deref().and_then(|n| n.lines().next()).unwrap_or_default();
            let mut spans = vec![
                Span::styled(" ▌", colour_style(theme, &h.colour).add_modifier(Modifier::REVERSED)),
                Span::styled(format!(" {} ", fit(&clean(&h.anchor.quote.exact), 34)), theme.text),
            ];
            if !note.is_empty() {
                spans.push(Span::styled(format!("✎ {} ", fit(&clean(note), 20)), theme.quote));
            }
            spans.push(Span::styled(format!("{} · {place} ", h.colour), theme.dim));
            Line::from(spans)
        })
        .collect()
}

/// The note editor: a box over the lower part of the screen.
pub fn draw_note(frame: &mut Frame, e: &NoteEditor, theme: &Theme) {
    let screen = frame.area();
    let width = screen.width.saturating_sub(4).min(72);
    let height = (e.lines.len() as u16 + 2).clamp(5, screen.height.saturating_sub(4).max(3));
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + screen.height.saturating_sub(height + 2),
        width,
        height,
    };
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(format!(" {} ", strings::NOTE_TITLE));
    let inner = block.inner(area);
    frame.render_widget(block.border_style(theme.border), area);
    let rows = usize::from(inner.height);
    let first = e.row.saturating_sub(rows.saturating_sub(1));
    let buf = frame.buffer_mut();
    for (i, line) in e.lines.iter().skip(first).take(rows).enumerate() {
        let y = inner.y + i as u16;
        buf.set_string(inner.x, y, fit(&clean(line), usize::from(inner.width)), theme.text);
    }
    let col: String =
        e.lines.get(e.row).map(|l| l.chars().take(e.col).collect()).unwrap_or_default();
    let x = inner.x
        + u16::try_from(str_width(&col)).unwrap_or(u16::MAX).min(inner.width.saturating_sub(1));
    let y = inner.y + u16::try_from(e.row - first).unwrap_or(0);
    frame.set_cursor_position((x, y));
}

/// The status line's text while selecting.
pub fn visual_hint(state: &AppState) -> Option<&'static str> {
    match &state.pane {
        Pane::Reader(r) if r.mode.selection().is_some() && state.overlay.is_none() => {
            Some(strings::VISUAL)
        }
        _ => None,
    }
}
