//! The reader's cursor and keyboard selection.
//!
//! The selection lives in the reader pane as a [`ReaderMode`], so there is
//! no selection without a reader and no way to be half in it. Its ends are
//! char offsets into the canonical text, like layout spans and anchors, so
//! it survives a resize unchanged. `v` enters [`ReaderMode::Visual`]; the
//! keymap's `Visual` context then gives `b`, `j`, `1`–`5` ... their
//! selecting meaning, which is why it is a context of its own.

use super::geometry::reader_rows;
use super::highlights::NewHighlight;
use super::note::{NoteEditor, NoteTarget};
use super::progress::StoreEffect;
use super::{AppState, Command, Effect, Overlay, ReaderPane, reader};
use crate::model::anchor::anchor_for;
use crate::model::layout::{Line, line_for_offset};
use crate::model::motion::{self, Range};
use crate::strings;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReaderMode {
    #[default]
    Reading,
    /// Selecting: `anchor` stays where `v` was pressed, motions move
    /// `head` (the cursor). Both ends are part of the selection.
    Visual { anchor: usize, head: usize },
}

impl ReaderMode {
    /// The selected chars as `[start, end)`.
    pub fn selection(self) -> Option<Range> {
        match self {
            ReaderMode::Reading => None,
            ReaderMode::Visual { anchor, head } => Some((anchor.min(head), anchor.max(head) + 1)),
        }
    }
}

/// The cursor's char offset: the selection's head, a moved cursor, or the
/// first char of the top line.
pub fn cursor(r: &ReaderPane) -> usize {
    let at = match r.mode {
        ReaderMode::Visual { head, .. } => head,
        ReaderMode::Reading => {
            r.cursor.unwrap_or_else(|| r.layout.lines.get(r.top).map_or(0, |l| l.offset))
        }
    };
    at.min(r.layout.text_len.saturating_sub(1))
}

/// Cursor and selection commands; `None` leaves `c` to the reader.
pub(super) fn command(
    state: &mut AppState,
    r: &mut ReaderPane,
    c: Command,
    count: usize,
) -> Option<Vec<Effect>> {
    let visual = matches!(r.mode, ReaderMode::Visual { .. });
    let effects = match c {
        Command::WordNext
        | Command::WordBack
        | Command::WordEnd
        | Command::SentenceNext
        | Command::SentenceBack
        | Command::ParagraphNext
        | Command::ParagraphBack => {
            let text = r.text.clone();
            let pos = (0..count).fold(cursor(r), |pos, _| step(&text, c, pos, visual));
            move_cursor(state, r, pos);
            Vec::new()
        }
        Command::Down | Command::Up if visual => {
            let pos = by_lines(r, cursor(r), count, c == Command::Down);
            move_cursor(state, r, pos);
            Vec::new()
        }
        Command::Visual if !visual && r.layout.text_len > 0 => {
            let at = cursor(r);
            r.mode = ReaderMode::Visual { anchor: at, head: at };
            Vec::new()
        }
        Command::Open if visual => save(state, r, 0, false),
        Command::Annotate if visual => save(state, r, 0, true),
        Command::HighlightSentence if !visual => sentence(state, r),
        Command::Cancel | Command::Back if visual => {
            r.mode = ReaderMode::Reading;
            Vec::new()
        }
        _ if visual => match colour_index(c) {
            Some(i) => save(state, r, i, false),
            None => Vec::new(),
        },
        _ => return None,
    };
    Some(effects)
}

/// Which configured colour a `Colour<n>` command means.
pub(super) fn colour_index(c: Command) -> Option<usize> {
    use Command::*;
    [Colour1, Colour2, Colour3, Colour4, Colour5].iter().position(|&k| k == c)
}

/// One motion. Selecting, forward sentence and paragraph motions stop at
/// the end of the unit so the selection takes it whole; reading, they go
/// to the next one's start.
fn step(text: &str, c: Command, pos: usize, visual: bool) -> usize {
    use motion::Unit::{Paragraph, Sentence, Word};
    match c {
        Command::WordNext => motion::next_start(text, Word, pos),
        Command::WordBack => motion::prev_start(text, Word, pos),
        Command::WordEnd => motion::next_end(text, Word, pos),
        Command::SentenceNext if visual => motion::next_end(text, Sentence, pos),
        Command::SentenceNext => motion::next_start(text, Sentence, pos),
        Command::SentenceBack => motion::prev_start(text, Sentence, pos),
        Command::ParagraphNext if visual => motion::next_end(text, Paragraph, pos),
        Command::ParagraphNext => motion::next_start(text, Paragraph, pos),
        Command::ParagraphBack => motion::prev_start(text, Paragraph, pos),
        _ => pos,
    }
}

/// The same column `count` lines down or up, within that line's text.
fn by_lines(r: &ReaderPane, pos: usize, count: usize, down: bool) -> usize {
    let lines = &r.layout.lines;
    let here = line_for_offset(&r.layout, pos);
    let column = pos.saturating_sub(lines.get(here).map_or(0, |l| l.offset));
    let target = if down {
        (here + count).min(lines.len().saturating_sub(1))
    } else {
        here.saturating_sub(count)
    };
    lines.get(target).map_or(pos, |l| (l.offset + column).min(text_end(l).max(l.offset)))
}

/// The last text char on a line (its offset when it has no text).
fn text_end(line: &Line) -> usize {
    line.spans
        .iter()
        .filter_map(|s| Some(s.offset? + s.text.chars().count()))
        .max()
        .map_or(line.offset, |end| end.saturating_sub(1))
}

/// Moves the cursor (or the selection's head) and scrolls just enough to
/// show it.
pub(super) fn move_cursor(state: &mut AppState, r: &mut ReaderPane, pos: usize) {
    match &mut r.mode {
        ReaderMode::Visual { head, .. } => *head = pos,
        ReaderMode::Reading => r.cursor = Some(pos),
    }
    let (_, height) = reader_rows(state.size);
    reader::reach(state, r, pos);
    let line = line_for_offset(&r.layout, pos);
    if line < r.top {
        reader::scroll_to(state, r, line);
    } else if line >= r.top + height {
        reader::scroll_to(state, r, line + 1 - height);
    }
}

/// Scrolling puts the cursor back on the top line (as `gg` does in vi),
/// so `v` always starts somewhere visible and predictable.
pub(super) fn after_scroll(r: &mut ReaderPane, c: Command) {
    use Command::*;
    let scrolls = [Down, Up, PageDown, PageUp, HalfDown, HalfUp, First, Last];
    if scrolls.contains(&c) || matches!(c, NextSection | PrevSection) {
        r.cursor = None;
    }
}

/// Saves the selection in colour `colour`, or opens the note editor first.
fn save(state: &mut AppState, r: &mut ReaderPane, colour: usize, note: bool) -> Vec<Effect> {
    let Some((start, end)) = r.mode.selection() else { return Vec::new() };
    r.mode = ReaderMode::Reading;
    r.cursor = Some(start);
    let Some(new) = new_highlight(state, r, (start, end), colour) else { return Vec::new() };
    if note {
        state.overlay = Some(Overlay::Note(Box::new(NoteEditor::new(NoteTarget::New(new), None))));
        return Vec::new();
    }
    state.status.message = Some(strings::HIGHLIGHTED.into());
    vec![Effect::Store(StoreEffect::AddHighlight(new))]
}

/// `H`: the sentence under the cursor, in the default colour.
fn sentence(state: &mut AppState, r: &mut ReaderPane) -> Vec<Effect> {
    let Some(range) = motion::range_at(&r.text, motion::Unit::Sentence, cursor(r)) else {
        return Vec::new();
    };
    let Some(new) = new_highlight(state, r, range, 0) else { return Vec::new() };
    state.status.message = Some(strings::HIGHLIGHTED.into());
    vec![Effect::Store(StoreEffect::AddHighlight(new))]
}

fn new_highlight(
    state: &AppState,
    r: &ReaderPane,
    (start, end): Range,
    colour: usize,
) -> Option<NewHighlight> {
    let doc = state.docs.get(r.at.doc)?;
    let article = doc.articles.get(r.at.article)?;
    let text = &r.text;
    let end = end.min(text.chars().count());
    if start >= end {
        return None;
    }
    Some(NewHighlight {
        doc: doc.id,
        article_id: article.id.to_string(),
        anchor: anchor_for(text, start, end),
        colour: state.marks.colour(colour),
        note: None,
    })
}
