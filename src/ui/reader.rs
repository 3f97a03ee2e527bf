//! The reader: header, the visible lines of the cached layout (with find
//! matches highlighted), and a footer with section, progress and time left.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::{clean, fit};
use super::{Theme, row};
use crate::model::document::{Article, READING_WPM};
use crate::model::layout::{self, str_width};
use crate::state::geometry::reader_rows;
use crate::state::{AppState, Find, ReaderPane};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, r: &ReaderPane, theme: &Theme) {
    let area = frame.area();
    let Some(article) = state.article(r.at) else { return };
    let width = r.width.min(area.width);
    let x = area.x + (area.width - width) / 2;
    header(frame, state, r, article, (x, width), theme);
    let (top, height) = reader_rows((area.width, area.height));
    let buf = frame.buffer_mut();
    for (i, line) in r.layout.lines.iter().skip(r.top).take(height).enumerate() {
        let spans = styled(line, r.find.as_ref(), theme);
        buf.set_line(x, area.y + top + i as u16, &Line::from(spans), width);
    }
    footer(frame, article, r, height, (x, width), theme);
}

fn header(
    frame: &mut Frame,
    state: &AppState,
    r: &ReaderPane,
    article: &Article,
    (x, width): (u16, u16),
    theme: &Theme,
) {
    let area = frame.area();
    let doc_title = state.docs.get(r.at.doc).map(|d| d.title.as_str()).unwrap_or_default();
    let by: Vec<&str> = [article.author.as_deref(), article.source.as_deref(), Some(doc_title)]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty() && *s != article.title)
        .collect();
    let w = usize::from(width);
    let buf = frame.buffer_mut();
    buf.set_string(x, row(area, 0).y, fit(&clean(&article.title), w), theme.title);
    buf.set_string(x, row(area, 1).y, fit(&clean(&by.join(" · ")), w), theme.dim);
}

fn footer(
    frame: &mut Frame,
    article: &Article,
    r: &ReaderPane,
    height: usize,
    (x, width): (u16, u16),
    theme: &Theme,
) {
    let area = frame.area();
    let lines = r.layout.lines.len();
    let seen = (r.top + height).min(lines);
    let percent = (seen * 100).checked_div(lines).unwrap_or(100);
    let left_words = article.words * (lines - seen) / lines.max(1);
    let minutes = left_words.div_ceil(READING_WPM);
    let section = r.layout.sections.partition_point(|&s| s <= r.top).checked_sub(1);
    let name = section
        .and_then(|i| article.sections.get(i))
        .and_then(|s| s.heading.as_deref())
        .unwrap_or_default();
    let right = format!("{percent}% · {}", strings::minutes_left(minutes));
    let w = usize::from(width);
    let name = fit(&clean(name), w.saturating_sub(str_width(&right) + 2));
    let gap = w.saturating_sub(str_width(&name) + str_width(&right));
    let text = format!("{name}{}{right}", " ".repeat(gap));
    let y = row(area, area.height.saturating_sub(2)).y;
    frame.buffer_mut().set_string(x, y, text, theme.dim);
}

/// A layout line as ratatui spans, split where find matches begin and end.
fn styled(line: &layout::Line, find: Option<&Find>, theme: &Theme) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(line.spans.len());
    for span in &line.spans {
        let base = theme.span(span.style);
        match (span.offset, find) {
            (Some(offset), Some(f)) if !f.matches.is_empty() => {
                highlight(&mut out, &span.text, offset, base, f, theme);
            }
            _ => out.push(Span::styled(span.text.clone(), base)),
        }
    }
    out
}

/// Splits one span's text by the matches overlapping it. Matches are
/// sorted, so a binary search finds the first one: cost is per visible
/// span, independent of the article's length.
fn highlight(
    out: &mut Vec<Span<'static>>,
    text: &str,
    offset: usize,
    base: Style,
    f: &Find,
    theme: &Theme,
) {
    let chars: Vec<char> = text.chars().collect();
    let end = offset + chars.len();
    let mut i = f.matches.partition_point(|m| m.1 <= offset);
    let mut at = offset;
    while let Some(&(s, e)) = f.matches.get(i).filter(|m| m.0 < end) {
        let (s, e) = (s.max(at), e.min(end));
        push(out, &chars[at - offset..s - offset], base);
        let style = if f.current == Some(i) { theme.find_current } else { theme.find };
        push(out, &chars[s - offset..e - offset], style);
        at = e;
        i += 1;
    }
    push(out, &chars[at - offset..], base);
}

fn push(out: &mut Vec<Span<'static>>, chars: &[char], style: Style) {
    if !chars.is_empty() {
        out.push(Span::styled(chars.iter().collect::<String>(), style));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::{Span as LSpan, SpanStyle};

    #[test]
    fn matches_split_spans_at_their_char_offsets() {
        let line = layout::Line {
            spans: vec![
                LSpan { text: "• ".into(), style: SpanStyle::default(), offset: None },
                LSpan {
                    text: "héllo wörld".into(), style: SpanStyle::default(), offset: Some(10)
                },
            ],
            offset: 10,
        };
        let find =
            Find { matches: vec![(2, 4), (12, 15), (16, 30)], current: Some(1), ..Find::default() };
        let theme = Theme::default();
        let spans = styled(&line, Some(&find), &theme);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["• ", "hé", "llo", " ", "wörld"]);
        assert_eq!(spans[2].style, theme.find_current);
        assert_eq!(spans[4].style, theme.find);
        assert_eq!(spans[1].style, theme.span(SpanStyle::default()));
    }
}
