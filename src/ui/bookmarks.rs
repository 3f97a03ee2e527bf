//! The bookmark list's rows: label or first words, then where it is.

use ratatui::text::{Line, Span};

use super::Theme;
use super::text::{clean, fit, pad};
use crate::model::layout::str_width;
use crate::state::BookmarkEntry;
use crate::strings;

/// One line per bookmark, `room` columns wide.
pub fn lines(entries: &[BookmarkEntry], theme: &Theme, room: usize) -> Vec<Line<'static>> {
    entries
        .iter()
        .map(|e| {
            let place = place(e);
            let title_room = room.saturating_sub(str_width(&place) + 3).max(8);
            let title = pad(&fit(&clean(&e.title), title_room), title_room);
            Line::from(vec![
                Span::styled(format!(" {title} "), theme.text),
                Span::styled(format!("{place} "), theme.dim),
            ])
        })
        .collect()
}

/// Article (if another), section and percent; orphans say their text is
/// gone.
fn place(e: &BookmarkEntry) -> String {
    if e.article.is_none() {
        return strings::ORPHANED.into();
    }
    let section = e.section.as_deref().unwrap_or(strings::CONTENTS_START);
    let at = match &e.article_title {
        Some(title) => format!("{} › {}", fit(&clean(title), 16), fit(&clean(section), 12)),
        None => fit(&clean(section), 24),
    };
    format!("{at} · {}%", e.percent)
}
