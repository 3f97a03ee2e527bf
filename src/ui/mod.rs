//! Drawing, from `&AppState` only. Nothing here computes layout or
//! touches more of an article than the lines on screen.

mod bookmarks;
mod highlights;
mod list;
mod overlay;
mod palette;
mod reader;
mod search;
mod status;
pub mod text;
mod theme;

pub use palette::highlight_styles;
pub use theme::Theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::state::geometry::{MIN_SIZE, too_small};
use crate::state::{AppState, Pane};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    let size = (area.width, area.height);
    if too_small(size) {
        draw_too_small(frame, area, theme);
        return;
    }
    match &state.pane {
        Pane::List(l) => list::draw(frame, state, l, theme),
        Pane::Reader(r) => reader::draw(frame, state, r, theme),
        Pane::Search(s) => search::draw(frame, state, s, theme),
    }
    if let Some(o) = &state.overlay {
        overlay::draw(frame, state, o, theme);
    }
    status::draw(frame, state, theme);
}

fn draw_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::styled(strings::TOO_SMALL, theme.notice),
        Line::styled(strings::min_size(MIN_SIZE, (area.width, area.height)), theme.dim),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let rect = Rect { y: area.y + top, height: area.height.saturating_sub(top), ..area };
    frame.render_widget(Paragraph::new(lines).centered(), rect);
}

/// One row of the screen.
fn row(area: Rect, y: u16) -> Rect {
    Rect { x: area.x, y: area.y + y, width: area.width, height: 1 }
}
