//! The list pane: documents with their articles, one row each.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::{clean, fit, pad};
use super::{Theme, row};
use crate::model::document::Article;
use crate::model::layout::str_width;
use crate::state::geometry::list_rows;
use crate::state::{AppState, ArticleRef, ListPane, ReadState, Row};
use crate::strings;

pub fn draw(frame: &mut Frame, state: &AppState, list: &ListPane, theme: &Theme) {
    let area = frame.area();
    let (top, height) = list_rows((area.width, area.height));
    let title = format!("{} · {}", strings::APP_NAME, strings::documents(state.docs.len()));
    let head = row(area, 0);
    frame.buffer_mut().set_string(head.x + 1, head.y, fit(&title, head.width.into()), theme.title);
    if list.rows.is_empty() && state.status.loading.is_none() {
        let r = row(area, top);
        frame.buffer_mut().set_string(r.x + 2, r.y, strings::EMPTY_LIBRARY, theme.dim);
    }
    let width = usize::from(area.width);
    for (i, entry) in list.rows.iter().skip(list.scroll).take(height).enumerate() {
        let selected = list.scroll + i == list.cursor;
        let line = match *entry {
            Row::Doc(d) => doc_row(state, d, list, width, theme),
            Row::Article(at) => article_row(state, at, width, theme),
        };
        let line = if selected { line.patch_style(theme.selected) } else { line };
        let r = row(area, top + i as u16);
        frame.buffer_mut().set_line(r.x, r.y, &line, r.width);
    }
}

fn doc_row(
    state: &AppState,
    d: usize,
    list: &ListPane,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let Some(doc) = state.docs.get(d) else { return Line::default() };
    let fold = if list.folded.contains(&d) { "▸ " } else { "▾ " };
    let shown = doc.articles.iter().filter(|a| list.show_hidden || a.kind.is_readable()).count();
    // The format's short tag tells a feed from a page or a book at a glance.
    let meta = format!(" {} · {} ", strings::articles(shown), doc.format.tag());
    let title_width = width.saturating_sub(str_width(&meta) + 3);
    Line::from(vec![
        Span::styled(format!(" {fold}"), theme.marker),
        Span::styled(pad(&clean(&doc.title), title_width.saturating_sub(1)), theme.title),
        Span::styled(meta, theme.dim),
    ])
}

fn article_row(state: &AppState, at: ArticleRef, width: usize, theme: &Theme) -> Line<'static> {
    let Some(article) = state.article(at) else {
        return Line::default();
    };
    let (read, read_style) = read_label(state, article, theme);
    let byline = fit(&byline(article), (width / 4).max(8));
    let minutes = strings::minutes(article.reading_minutes());
    let meta = format!(" {byline}  {minutes:>6}  {read:>4} ");
    let kind = if article.kind.is_readable() {
        String::new()
    } else {
        format!("[{}] ", article.kind.as_str())
    };
    let indent = "     ";
    let title_width = width.saturating_sub(str_width(indent) + str_width(&kind) + str_width(&meta));
    let title_style = if read_style == theme.dim { theme.dim } else { theme.text };
    Line::from(vec![
        Span::raw(indent),
        Span::styled(kind, theme.dim),
        Span::styled(pad(&clean(&article.title), title_width), title_style),
        Span::styled(format!(" {byline}  {minutes:>6}  "), theme.dim),
        Span::styled(format!("{read:>4} "), read_style),
    ])
}

/// Author, else source; the document is already named by its header row.
fn byline(article: &Article) -> String {
    clean(article.author.as_deref().or(article.source.as_deref()).unwrap_or_default())
}

fn read_label(state: &AppState, article: &Article, theme: &Theme) -> (String, Style) {
    match state.read_state(article) {
        ReadState::Unread => (strings::UNREAD.into(), theme.marker),
        ReadState::InProgress(p) => (format!("{p}%"), theme.text),
        ReadState::Read => (strings::READ.into(), theme.dim),
    }
}
