//! The reader pane: scrolling over a cached layout, anchored to a text
//! offset so the same sentence stays on top across resizes.

use std::sync::Arc;

use super::geometry::{reader_rows, text_width};
use super::pane::{ArticleRef, ListPane, Pane, ReaderPane, Row};
use super::selection::{self, ReaderMode};
use super::{
    AppState, Command, Effect, Overlay, Progress, bookmarks, find, highlights, list, overlay,
    progress,
};
use crate::model::document::Article;
use crate::model::layout::{
    Layout, LayoutOptions, Plan, SectionStart, layout_window, line_for_offset,
};
use crate::model::text::article_text;
use crate::strings;

/// Opens an article at `offset`, or where it was left, or at the start.
pub(super) fn open(
    state: &mut AppState,
    at: ArticleRef,
    mut list: ListPane,
    offset: Option<usize>,
) -> Pane {
    let width = text_width(state.size, state.reading_width);
    let article = state.article(at);
    // Arc<String>, not Arc<str>: turning the String into an Arc<str> would
    // copy a long article's whole text once more on open.
    let text = Arc::new(article.map(article_text).unwrap_or_default());
    let pending = article.is_some_and(|a| a.words > 0) && text.is_empty();
    let resume =
        article.and_then(|a| state.progress.get(&a.id)).filter(|p| !p.read).map(|p| p.offset);
    let anchor = offset.or(resume).unwrap_or(0);
    let layout = article
        .map(|a| lay_out(state, a, &Arc::new(Plan::of(a)), width, anchor))
        .unwrap_or_default();
    note_text_pending(state, pending);
    if let Some(i) = list.rows.iter().position(|r| *r == Row::Article(at)) {
        list.cursor = i;
    }
    let top = line_for_offset(&layout, anchor);
    let r = ReaderPane {
        at,
        layout,
        text,
        width,
        top,
        anchor,
        find: None,
        cursor: None,
        mode: ReaderMode::Reading,
        list,
        end_when_filled: false,
    };
    record(state, &r);
    Pane::Reader(Box::new(r))
}

/// An article with words but no text is a listed outline whose text is
/// still being read: say so rather than show a blank page, and drop the
/// note once the text is there (the fill reopens the reader).
fn note_text_pending(state: &mut AppState, pending: bool) {
    let noted = state.status.message.as_deref() == Some(strings::TEXT_STILL_LOADING);
    if pending {
        state.status.message = Some(strings::TEXT_STILL_LOADING.into());
    } else if noted {
        state.status.message = None;
    }
}

pub(super) fn command(
    state: &mut AppState,
    mut r: Box<ReaderPane>,
    c: Command,
    count: usize,
) -> (Pane, Vec<Effect>) {
    let (_, height) = reader_rows(state.size);
    let page = height.saturating_sub(2).max(1);
    if let Some(effects) = selection::command(state, &mut r, c, count) {
        return (Pane::Reader(r), effects);
    }
    let top = r.top;
    match c {
        Command::Down => scroll_to(state, &mut r, top.saturating_add(count)),
        Command::Up => scroll_to(state, &mut r, top.saturating_sub(count)),
        Command::PageDown => scroll_to(state, &mut r, top.saturating_add(page * count)),
        Command::PageUp => scroll_to(state, &mut r, top.saturating_sub(page * count)),
        Command::HalfDown => scroll_to(state, &mut r, top.saturating_add(height / 2 * count)),
        Command::HalfUp => scroll_to(state, &mut r, top.saturating_sub(height / 2 * count)),
        Command::First => {
            r.end_when_filled = false;
            scroll_to_offset(state, &mut r, 0);
        }
        Command::Last => {
            r.end_when_filled = r.text.is_empty();
            to_end(state, &mut r);
        }
        Command::NextSection => section(state, &mut r, count, true),
        Command::PrevSection => section(state, &mut r, count, false),
        Command::NextArticle => return (step_article(state, r, count, true), Vec::new()),
        Command::PrevArticle => return (step_article(state, r, count, false), Vec::new()),
        Command::Contents => state.overlay = Some(overlay::contents(&r)),
        Command::Links if r.layout.links().is_empty() => {
            state.status.message = Some(strings::NO_LINKS.into());
        }
        Command::Links => state.overlay = Some(Overlay::Links { selected: 0 }),
        Command::Find => find::start(&mut r),
        Command::NextMatch => find::step(state, &mut r, count, true),
        Command::PrevMatch => find::step(state, &mut r, count, false),
        Command::Cancel if r.find.is_some() => r.find = None,
        Command::Back | Command::Cancel => return (back(state, r), Vec::new()),
        Command::Highlights => highlights::open(state, &r),
        Command::Export => return highlights::export(state, r),
        Command::Bookmark | Command::BookmarkLabel | Command::Bookmarks => {
            return bookmarks::command(state, r, c);
        }
        _ => {}
    }
    selection::after_scroll(&mut r, c);
    (Pane::Reader(r), Vec::new())
}

/// The end of the article (`G`).
pub(super) fn to_end(state: &mut AppState, r: &mut ReaderPane) {
    let end = r.layout.text_len;
    reach(state, r, end);
    scroll_to(state, r, usize::MAX);
}

fn back(state: &mut AppState, r: Box<ReaderPane>) -> Pane {
    record(state, &r);
    Pane::List(list::refit(state, list::rebuild(state, r.list)))
}

/// The last line that may be on top: the end of the text at the bottom,
/// or, in a window that ends before the article does, its last line.
pub(super) fn max_top(state: &AppState, r: &ReaderPane) -> usize {
    let (_, height) = reader_rows(state.size);
    let lines = r.layout.lines.len();
    if r.layout.at_end() { lines.saturating_sub(height) } else { lines.saturating_sub(1) }
}

/// Puts line `top` (clamped) on top and re-anchors to its text. Past the
/// end of a long article's window, the window moves on and the rest of
/// the way is gone from there.
pub(super) fn scroll_to(state: &mut AppState, r: &mut ReaderPane, top: usize) {
    let mut top = top;
    while top > max_top(state, r) && !r.layout.at_end() {
        let (last, window) = (max_top(state, r), r.layout.window.clone());
        set_top(r, last);
        relayout(state, r);
        if r.layout.window == window {
            break;
        }
        top = r.top.saturating_add(top - last);
    }
    set_top(r, top.min(max_top(state, r)));
    keep_window_around(state, r);
    record(state, r);
}

/// Scrolls to the line that shows text offset `offset`.
pub(super) fn scroll_to_offset(state: &mut AppState, r: &mut ReaderPane, offset: usize) {
    reach(state, r, offset);
    let line = line_for_offset(&r.layout, offset);
    scroll_to(state, r, line);
}

fn set_top(r: &mut ReaderPane, top: usize) {
    r.top = top;
    r.anchor = r.layout.lines.get(top).map_or(0, |l| l.offset);
}

/// Makes sure a long article's window holds `offset`, moving it there if
/// not, so its line can be looked up.
pub(super) fn reach(state: &AppState, r: &mut ReaderPane, offset: usize) {
    let span = r.layout.span();
    let inside = span.contains(&offset) || r.layout.at_end() && offset >= span.end;
    if !inside {
        r.anchor = offset;
        relayout(state, r);
    }
}

/// Moves a long article's window when the screen comes within two
/// screens of one of its edges that is not the article's own.
fn keep_window_around(state: &AppState, r: &mut ReaderPane) {
    let (_, height) = reader_rows(state.size);
    let margin = 2 * height;
    let near_start = !r.layout.at_start() && r.top < margin;
    let near_end = !r.layout.at_end() && r.top + height + margin > r.layout.lines.len();
    if near_start || near_end {
        relayout(state, r);
    }
}

/// Lays the window out again around the anchor, keeping it on top.
fn relayout(state: &AppState, r: &mut ReaderPane) {
    let Some(article) = state.article(r.at) else { return };
    let plan = r.layout.plan.clone();
    r.layout = lay_out(state, article, &plan, r.width, r.anchor);
    r.top = line_for_offset(&r.layout, r.anchor);
}

fn section(state: &mut AppState, r: &mut ReaderPane, count: usize, forward: bool) {
    let mut moved = false;
    for _ in 0..count {
        let next = if forward {
            section_after(&r.layout, r.top)
        } else {
            section_before(&r.layout, r.top)
        };
        let Some(k) = next else { break };
        to_section(state, r, k);
        moved = true;
    }
    if !moved {
        let msg = if forward { strings::LAST_SECTION } else { strings::FIRST_SECTION };
        state.status.message = Some(msg.into());
    }
    record(state, r);
}

/// The first section that starts below line `top`.
fn section_after(layout: &Layout, top: usize) -> Option<usize> {
    (0..layout.plan.section_offsets.len()).find(|&k| match layout.section_start(k) {
        SectionStart::Line(line) => line > top,
        SectionStart::After => true,
        SectionStart::Before => false,
    })
}

/// The last section that starts above line `top`.
fn section_before(layout: &Layout, top: usize) -> Option<usize> {
    (0..layout.plan.section_offsets.len()).rev().find(|&k| match layout.section_start(k) {
        SectionStart::Line(line) => line < top,
        SectionStart::Before => true,
        SectionStart::After => false,
    })
}

/// Scrolls to where section `k` starts.
pub(super) fn to_section(state: &mut AppState, r: &mut ReaderPane, k: usize) {
    let Some(&offset) = r.layout.plan.section_offsets.get(k) else { return };
    if !matches!(r.layout.section_start(k), SectionStart::Line(_)) {
        r.anchor = offset;
        relayout(state, r);
    }
    let line = match r.layout.section_start(k) {
        SectionStart::Line(line) => line,
        _ => line_for_offset(&r.layout, offset),
    };
    scroll_to(state, r, line);
}

/// Next or previous listed article across the library.
fn step_article(state: &mut AppState, r: Box<ReaderPane>, count: usize, forward: bool) -> Pane {
    let order: Vec<ArticleRef> = state
        .docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            (0..doc.articles.len()).map(move |a| ArticleRef { doc: d, article: a })
        })
        .filter(|&at| at == r.at || list::listed(state, at, r.list.show_hidden))
        .collect();
    let here = order.iter().position(|&at| at == r.at).unwrap_or(0);
    let target = if forward {
        (here + count).min(order.len().saturating_sub(1))
    } else {
        here.saturating_sub(count)
    };
    match order.get(target) {
        Some(&at) if at != r.at => {
            record(state, &r);
            open(state, at, r.list, Some(0))
        }
        _ => {
            let msg = if forward { strings::LAST_ARTICLE } else { strings::FIRST_ARTICLE };
            state.status.message = Some(msg.into());
            Pane::Reader(r)
        }
    }
}

/// Re-lays the article out if the text width changed, keeping the anchor.
pub(super) fn refit(state: &AppState, mut r: Box<ReaderPane>) -> Box<ReaderPane> {
    let width = text_width(state.size, state.reading_width);
    if width != r.width {
        r.width = width;
        relayout(state, &mut r);
    }
    r.list = list::refit(state, std::mem::take(&mut r.list));
    r
}

/// The article laid out to show `offset`: whole when it is short, else
/// the stretch around `offset` (see `model::layout::window`).
fn lay_out(
    state: &AppState,
    article: &Article,
    plan: &Arc<Plan>,
    width: u16,
    offset: usize,
) -> Layout {
    let (_, height) = reader_rows(state.size);
    let window = plan.window_around(offset, height * usize::from(width));
    layout_window(article, plan, window, width, LayoutOptions { justify: state.justify })
}

/// Remembers how far the article has been read: read once its end has
/// been on screen.
pub(super) fn record(state: &mut AppState, r: &ReaderPane) {
    let Some(id) = state.article(r.at).map(|a| a.id) else { return };
    let (_, height) = reader_rows(state.size);
    let (seen, total) = r.seen(height);
    let percent = (seen * 100).checked_div(total).unwrap_or(100);
    progress::touch(state, r.at);
    let entry = state.progress.entry(id).or_default();
    *entry = Progress {
        offset: r.anchor,
        percent: u8::try_from(percent).unwrap_or(100),
        read: entry.read || seen >= total,
    };
}
