//! Overlays over a pane: help, contents and links. One at a time.

use super::note::NoteEditor;
use super::pane::{Pane, ReaderPane};
use super::{AppState, BookmarkEntry, Command, Effect, bookmarks, highlights, reader};
use crate::model::document::Article;
use crate::model::layout::Layout;
use crate::strings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Contents {
        selected: usize,
    },
    Links {
        selected: usize,
    },
    /// The document's highlights (`"`).
    Highlights {
        selected: usize,
    },
    /// Writing a highlight's note; keys bypass the keymap.
    Note(Box<NoteEditor>),
    /// The document's bookmarks, listed when opened.
    Bookmarks {
        selected: usize,
        entries: Vec<BookmarkEntry>,
    },
    /// The label prompt of a new bookmark, in the status line.
    Label {
        text: String,
    },
}

/// A contents entry: title, heading level, and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    pub title: String,
    pub level: u8,
    /// Where the section starts in the article's text.
    pub offset: usize,
}

/// The article's sections; one without a heading (the text before the
/// first heading) is listed as the start.
pub fn contents_entries(article: &Article, layout: &Layout) -> Vec<ContentsEntry> {
    article
        .sections
        .iter()
        .zip(&layout.plan.section_offsets)
        .map(|(s, &offset)| ContentsEntry {
            title: s.heading.clone().unwrap_or_else(|| strings::CONTENTS_START.into()),
            level: s.level,
            offset,
        })
        .collect()
}

/// Contents opened on the section the reader is in.
pub(super) fn contents(r: &ReaderPane) -> Overlay {
    let selected = r.layout.section_at(r.top).unwrap_or(0);
    Overlay::Contents { selected }
}

/// Number of entries in an overlay, for keeping the selection in range.
fn len(state: &AppState, overlay: &Overlay) -> usize {
    let reader = match &state.pane {
        Pane::Reader(r) => Some(r),
        _ => None,
    };
    match overlay {
        Overlay::Help { .. } => state_help_lines(state),
        Overlay::Contents { .. } => reader.map_or(0, |r| r.layout.plan.section_offsets.len()),
        Overlay::Links { .. } => reader.map_or(0, |r| r.layout.links().len()),
        Overlay::Highlights { .. } | Overlay::Note(_) | Overlay::Label { .. } => 0,
        Overlay::Bookmarks { entries, .. } => entries.len(),
    }
}

fn state_help_lines(state: &AppState) -> usize {
    state.help.iter().map(|s| s.entries.len() + 2).sum()
}

pub(super) fn command(state: &mut AppState, c: Command, count: usize) -> Vec<Effect> {
    match state.overlay {
        Some(Overlay::Highlights { .. }) => return highlights::command(state, c, count),
        Some(Overlay::Note(_)) => return Vec::new(),
        _ => {}
    }
    let Some(mut overlay) = state.overlay.take() else { return Vec::new() };
    if let Overlay::Bookmarks { .. } | Overlay::Label { .. } = overlay {
        return bookmarks::overlay_command(state, overlay, c, count);
    }
    let last = len(state, &overlay).saturating_sub(1);
    let pos = match &mut overlay {
        Overlay::Help { scroll } => scroll,
        Overlay::Contents { selected }
        | Overlay::Links { selected }
        | Overlay::Highlights { selected }
        | Overlay::Bookmarks { selected, .. } => selected,
        Overlay::Note(_) | Overlay::Label { .. } => return Vec::new(),
    };
    match c {
        Command::Down => *pos = (*pos + count).min(last),
        Command::Up => *pos = pos.saturating_sub(count),
        Command::First => *pos = 0,
        Command::Last => *pos = last,
        Command::Open => return choose(state, overlay),
        Command::Cancel | Command::Back | Command::Help => return Vec::new(),
        _ => {}
    }
    state.overlay = Some(overlay);
    Vec::new()
}

/// Enter on an overlay: jump to a section, or open a link.
fn choose(state: &mut AppState, overlay: Overlay) -> Vec<Effect> {
    if let Overlay::Help { .. } = overlay {
        state.overlay = Some(overlay);
        return Vec::new();
    }
    let mut pane = std::mem::replace(&mut state.pane, Pane::List(Default::default()));
    let mut effects = Vec::new();
    if let Pane::Reader(r) = &mut pane {
        match overlay {
            Overlay::Contents { selected } => reader::to_section(state, r, selected),
            Overlay::Links { selected } => {
                effects.extend(r.layout.links().get(selected).cloned().map(Effect::OpenUrl));
            }
            _ => {}
        }
    }
    state.pane = pane;
    effects
}
