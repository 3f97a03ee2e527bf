//! The list pane: documents as foldable groups of their articles.

use super::geometry::{follow, list_rows};
use super::pane::{ArticleRef, ListPane, Pane, Row};
use super::{AppState, Command, Effect, Progress, progress, reader};

pub(super) fn command(
    state: &mut AppState,
    mut list: ListPane,
    c: Command,
    count: usize,
) -> (Pane, Vec<Effect>) {
    let last = list.rows.len().saturating_sub(1);
    match c {
        Command::Down => list.cursor = (list.cursor + count).min(last),
        Command::Up => list.cursor = list.cursor.saturating_sub(count),
        Command::First => list.cursor = 0,
        Command::Last => list.cursor = last,
        Command::ToggleFold => toggle_fold(state, &mut list),
        Command::ToggleHidden => {
            list.show_hidden = !list.show_hidden;
            list = rebuild(state, list);
        }
        Command::ToggleRead => toggle_read(state, &list),
        Command::Open => match list.selected() {
            Some(Row::Article(at)) => return (reader::open(state, at, list, None), Vec::new()),
            Some(Row::Doc(_)) => toggle_fold(state, &mut list),
            None => {}
        },
        Command::Back => return (Pane::List(list), vec![Effect::Quit]),
        _ => {}
    }
    (Pane::List(refit(state, list)), Vec::new())
}

/// Folding from an article row folds its document and lands on it.
fn toggle_fold(state: &AppState, list: &mut ListPane) {
    let doc = match list.selected() {
        Some(Row::Doc(d)) => d,
        Some(Row::Article(at)) => at.doc,
        None => return,
    };
    if !list.folded.remove(&doc) {
        list.folded.insert(doc);
    }
    *list = rebuild(state, std::mem::take(list));
    if let Some(i) = list.rows.iter().position(|r| *r == Row::Doc(doc)) {
        list.cursor = i;
    }
}

fn toggle_read(state: &mut AppState, list: &ListPane) {
    let Some(Row::Article(at)) = list.selected() else { return };
    let Some(id) = state.article(at).map(|a| a.id) else { return };
    progress::touch(state, at);
    let entry = state.progress.entry(id).or_default();
    if entry.read {
        *entry = Progress::default();
    } else {
        *entry = Progress { percent: 100, read: true, ..*entry };
    }
}

/// Whether an article row is listed: ads and boilerplate only on request.
pub(super) fn listed(state: &AppState, at: ArticleRef, show_hidden: bool) -> bool {
    state.article(at).is_some_and(|a| show_hidden || a.kind.is_readable())
}

/// Recomputes the rows, keeping the cursor on the same row if it is still
/// there.
pub(super) fn rebuild(state: &AppState, mut list: ListPane) -> ListPane {
    let selected = list.selected();
    let mut rows = Vec::new();
    for (d, doc) in state.docs.iter().enumerate() {
        if state.removed.contains(&d) {
            continue;
        }
        rows.push(Row::Doc(d));
        if list.folded.contains(&d) {
            continue;
        }
        for a in 0..doc.articles.len() {
            let at = ArticleRef { doc: d, article: a };
            if listed(state, at, list.show_hidden) {
                rows.push(Row::Article(at));
            }
        }
    }
    list.rows = rows;
    if let Some(i) = selected.and_then(|s| list.rows.iter().position(|r| *r == s)) {
        list.cursor = i;
    }
    list.cursor = list.cursor.min(list.rows.len().saturating_sub(1));
    list
}

pub(super) fn refit(state: &AppState, mut list: ListPane) -> ListPane {
    let (_, height) = list_rows(state.size);
    list.scroll = follow(list.scroll, list.cursor, height);
    list
}

/// A document arrived: every list, shown or kept for later, gets its rows.
pub(super) fn library_changed(state: &AppState, pane: Pane, first: bool) -> Pane {
    match pane {
        Pane::List(l) => Pane::List(arrived(state, l, first)),
        Pane::Reader(mut r) => {
            r.list = arrived(state, std::mem::take(&mut r.list), first);
            Pane::Reader(r)
        }
        Pane::Search(mut s) => {
            s.return_to = Box::new(library_changed(state, *s.return_to, first));
            Pane::Search(s)
        }
    }
}

/// Documents only arrive at the end, so their rows are appended: loading
/// a large library stays linear instead of rebuilding the list per file.
fn arrived(state: &AppState, mut list: ListPane, first: bool) -> ListPane {
    let last = list.rows.iter().rev().find_map(|r| match r {
        Row::Doc(d) => Some(*d),
        Row::Article(_) => None,
    });
    let known = last.map_or(0, |d| d + 1);
    if known + 1 != state.docs.len() {
        list = rebuild(state, list);
    } else if let Some(doc) = state.docs.last() {
        let d = known;
        list.rows.push(Row::Doc(d));
        for a in 0..doc.articles.len() {
            let at = ArticleRef { doc: d, article: a };
            if listed(state, at, list.show_hidden) {
                list.rows.push(Row::Article(at));
            }
        }
    }
    // With the first document, start on its first article, not its header.
    if first && list.cursor == 0 && matches!(list.rows.get(1), Some(Row::Article(_))) {
        list.cursor = 1;
    }
    refit(state, list)
}

pub(super) fn click(state: &mut AppState, _column: u16, row: u16) {
    if state.overlay.is_some() {
        return;
    }
    let (top, height) = list_rows(state.size);
    let Pane::List(list) = &mut state.pane else { return };
    let Some(offset) = row.checked_sub(top).map(usize::from).filter(|&r| r < height) else {
        return;
    };
    let index = list.scroll + offset;
    if index < list.rows.len() {
        list.cursor = index;
    }
}
