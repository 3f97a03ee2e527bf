//! The search pane: query line, result count, and results two rows each.

use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::text::{clean, fit};
use super::{Theme, row};
use crate::model::layout::str_width;
use crate::model::search::Hit;
use crate::state::geometry::search_slots;
use crate::state::{AppState, SearchPane};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, s: &SearchPane, theme: &Theme) {
    let area = frame.area();
    let w = usize::from(area.width).saturating_sub(2);
    let query = fit(&s.query, w.saturating_sub(str_width(strings::SEARCH_PROMPT) + 1));
    let prompt = Line::from(vec![
        Span::styled(strings::SEARCH_PROMPT, theme.title),
        Span::styled(query.clone(), theme.text),
    ]);
    let q = row(area, 0);
    frame.buffer_mut().set_line(q.x + 1, q.y, &prompt, q.width.saturating_sub(1));
    if state.overlay.is_none() {
        let cx = 1 + str_width(strings::SEARCH_PROMPT) + str_width(&query);
        frame.set_cursor_position(Position { x: q.x + cx as u16, y: q.y });
    }
    let mut info = if s.pending {
        strings::SEARCHING.to_string()
    } else if s.query.trim().is_empty() {
        strings::SEARCH_HINT.to_string()
    } else {
        strings::results(s.hits.len())
    };
    if let Some(partial) = partial(state, s) {
        info = format!("{info} · {partial}");
    }
    frame.buffer_mut().set_string(area.x + 1, row(area, 1).y, fit(&info, w), theme.dim);
    let (top, slots) = search_slots((area.width, area.height));
    for (i, hit) in s.hits.iter().skip(s.scroll).take(slots).enumerate() {
        let selected = s.scroll + i == s.selected;
        let y = area.y + top + 2 * i as u16;
        let (path, snippet) = hit_lines(hit, w, selected, theme);
        let buf = frame.buffer_mut();
        buf.set_line(area.x, y, &path, area.width);
        buf.set_line(area.x, y + 1, &snippet, area.width);
    }
}

/// Says so when the results cover only part of a library still loading.
fn partial(state: &AppState, s: &SearchPane) -> Option<String> {
    let total = state.status.loading.map_or(0, |l| l.1).max(state.docs.len());
    let shown = !s.query.trim().is_empty() && !s.pending;
    (shown && s.searched < total).then(|| strings::partial_search(s.searched, total))
}

/// `Document › Article › Section` and the snippet with the match marked.
fn hit_lines(hit: &Hit, w: usize, selected: bool, theme: &Theme) -> (Line<'static>, Line<'static>) {
    let mut parts = vec![hit.document_title.as_str(), hit.article_title.as_str()];
    parts.extend(hit.section.as_deref());
    let marker = if selected { "▶ " } else { "  " };
    let path_style = if selected { theme.title.patch(theme.selected) } else { theme.title };
    let path = Line::from(vec![
        Span::styled(marker, theme.marker),
        Span::styled(fit(&clean(&parts.join(" › ")), w), path_style),
    ]);
    (path, clip(snippet_spans(hit, w, theme), w + 2))
}

/// The snippet with its matches marked, its start cut (with `…`) when the
/// first match would sit beyond the first third of the line.
fn snippet_spans(hit: &Hit, w: usize, theme: &Theme) -> Vec<Span<'static>> {
    let chars: Vec<char> = hit.snippet.chars().collect();
    let width = |c: &char| c.width().unwrap_or(0);
    let first = hit.highlights.first().map_or(0, |h| h.0.min(chars.len()));
    let room = w.saturating_sub(4) / 3;
    let mut lead: usize = chars[..first].iter().map(width).sum();
    let mut skip = 0;
    while lead > room && skip < first {
        lead -= width(&chars[skip]);
        skip += 1;
    }
    // Start at a word where one starts soon.
    if skip > 0
        && let Some(space) = chars[skip..first].iter().take(12).position(|c| c.is_whitespace())
    {
        skip += space;
    }
    let piece = |r: &[char]| r.iter().collect::<String>();
    let mut spans = vec![Span::raw("    ")];
    if skip > 0 {
        spans.push(Span::styled("…", theme.dim));
        skip += 1;
    }
    let mut at = skip.min(first);
    for &(a, b) in &hit.highlights {
        let (a, b) = (a.clamp(at, chars.len()), b.min(chars.len()));
        if a >= b {
            continue;
        }
        spans.push(Span::styled(piece(&chars[at..a]), theme.dim));
        spans.push(Span::styled(piece(&chars[a..b]), theme.find));
        at = b;
    }
    spans.push(Span::styled(piece(&chars[at..]), theme.dim));
    spans
}

/// Cuts a line of spans to `width` columns.
fn clip(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::new();
    for span in spans {
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let text = fit(&span.content, room);
        used += str_width(&text);
        out.push(Span::styled(text, span.style));
    }
    Line::from(out).style(Style::default())
}
