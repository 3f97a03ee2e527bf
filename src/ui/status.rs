//! The status line: find prompt, messages, loading progress, help hint.

use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::text::{Line, Span};

use super::text::fit;
use super::{Theme, row};
use crate::keymap::Command;
use crate::model::layout::str_width;
use crate::state::{AppState, Find, FindProgress, Overlay, Pane, input};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    let bar = row(area, area.height.saturating_sub(1));
    let hint = help_hint(state);
    let hint = hint.as_str();
    let room = usize::from(bar.width).saturating_sub(str_width(hint) + 1);
    let left = left_part(state, theme, room);
    let left_width: usize = left.iter().map(|s| str_width(&s.content)).sum();
    let gap = usize::from(bar.width).saturating_sub(left_width + str_width(hint));
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(hint, theme.dim));
    frame.buffer_mut().set_line(bar.x, bar.y, &Line::from(spans), bar.width);
    if let Some(x) = cursor_column(state, room) {
        frame.set_cursor_position(Position { x: bar.x + x, y: bar.y });
    }
}

/// `? help`, with whatever key the keymap binds to help here; nothing when
/// help is unbound.
fn help_hint(state: &AppState) -> String {
    let key = state.keymap.hint_key(input::context(state), Command::Help);
    key.map(|k| strings::help_hint(&k)).unwrap_or_default()
}

/// `3/120`, with how far a background scan is, or a `+` past the limit.
fn find_count(f: &Find) -> String {
    let (current, total) = (f.current.map_or(0, |i| i + 1), f.matches.len());
    match f.progress {
        FindProgress::Complete => strings::matches(current, total),
        FindProgress::Capped => strings::matches_capped(current, total),
        FindProgress::Running { scanned, len, .. } => {
            strings::matches_so_far(current, total, scanned * 100 / len.max(1))
        }
    }
}

fn left_part(state: &AppState, theme: &Theme, room: usize) -> Vec<Span<'static>> {
    if let Some(Overlay::Label { text }) = &state.overlay {
        return vec![Span::styled(fit(&label_prompt(text), room), theme.text)];
    }
    if let Some(hint) = super::highlights::visual_hint(state)
        && state.status.message.is_none()
    {
        return vec![Span::styled(fit(hint, room), theme.notice)];
    }
    if let Pane::Reader(r) = &state.pane
        && let Some(f) = &r.find
    {
        let count = find_count(f);
        let prompt = fit(
            &format!("{}{}", strings::FIND_PROMPT, f.query),
            room.saturating_sub(str_width(&count).max(10) + 2),
        );
        let mut spans = vec![Span::styled(prompt, theme.text)];
        if !f.query.is_empty() {
            spans.push(Span::styled(format!("  {count}"), theme.dim));
        }
        if let Some(msg) = &state.status.message {
            spans.push(Span::styled(format!("  {}", fit(msg, room / 2)), theme.notice));
        }
        return spans;
    }
    if let Some(msg) = &state.status.message {
        return vec![Span::styled(fit(msg, room), theme.notice)];
    }
    if let Some((done, total)) = state.status.loading {
        return vec![Span::styled(fit(&strings::loading(done, total), room), theme.status)];
    }
    if let Some((done, total)) = state.status.filling {
        return vec![Span::styled(fit(&strings::filling(done, total), room), theme.dim)];
    }
    Vec::new()
}

/// Where the terminal cursor goes while a find query is typed.
fn cursor_column(state: &AppState, room: usize) -> Option<u16> {
    if let Some(Overlay::Label { text }) = &state.overlay {
        return u16::try_from(str_width(&label_prompt(text)).min(room)).ok();
    }
    let Pane::Reader(r) = &state.pane else { return None };
    let f = r.find.as_ref().filter(|f| f.editing)?;
    let w = str_width(&format!("{}{}", strings::FIND_PROMPT, f.query)).min(room);
    u16::try_from(w).ok()
}

fn label_prompt(text: &str) -> String {
    format!("{}{text}", strings::LABEL_PROMPT)
}
