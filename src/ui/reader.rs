//! The reader: header, the visible lines of the cached layout (with find
//! matches highlighted), and a footer with section, progress and time left.

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::highlights::{self, Mark};
use super::text::{clean, fit};
use super::{Theme, row};
use crate::model::document::{Article, READING_WPM};
use crate::model::layout::{self, str_width};
use crate::state::geometry::reader_rows;
use crate::state::{AppState, ReaderPane};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, r: &ReaderPane, theme: &Theme) {
    let area = frame.area();
    let Some(article) = state.article(r.at) else { return };
    let width = r.width.min(area.width);
    let x = area.x + (area.width - width) / 2;
    header(frame, state, r, article, (x, width), theme);
    let (top, height) = reader_rows((area.width, area.height));
    let marks = highlights::marks(state, r, theme);
    let buf = frame.buffer_mut();
    for (i, line) in r.layout.lines.iter().skip(r.top).take(height).enumerate() {
        let spans = styled(line, &marks, theme);
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
    let (seen, total) = r.seen(height);
    let percent = (seen * 100).checked_div(total).unwrap_or(100);
    let left_words = article.words * (total - seen) / total.max(1);
    let minutes = left_words.div_ceil(READING_WPM);
    let section = r.layout.section_at(r.top);
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

/// A layout line as ratatui spans, split where marks (highlights, find
/// matches, selection, cursor) begin and end; later marks paint over
/// earlier ones. Only marks on screen are passed in, so the cost is per
/// visible char.
fn styled(line: &layout::Line, marks: &[Mark], theme: &Theme) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(line.spans.len());
    for span in &line.spans {
        let base = theme.span(span.style);
        let Some(offset) = span.offset.filter(|_| !marks.is_empty()) else {
            out.push(Span::styled(span.text.clone(), base));
            continue;
        };
        let mut run = String::new();
        let mut style = base;
        for (i, c) in span.text.chars().enumerate() {
            let at = offset + i;
            let here =
                marks.iter().filter(|m| m.0 <= at && at < m.1).fold(base, |s, m| s.patch(m.2));
            if here != style && !run.is_empty() {
                out.push(Span::styled(std::mem::take(&mut run), style));
            }
            style = here;
            run.push(c);
        }
        if !run.is_empty() {
            out.push(Span::styled(run, style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::{Span as LSpan, SpanStyle};
    use crate::state::Find;

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
        let spans = styled(&line, &highlights::find_marks(&find, &theme, (0, 30)), &theme);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["• ", "hé", "llo", " ", "wörld"]);
        assert_eq!(spans[2].style, theme.find_current);
        assert_eq!(spans[4].style, theme.find);
        assert_eq!(spans[1].style, theme.span(SpanStyle::default()));
    }
}
