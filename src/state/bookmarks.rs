//! Bookmarks in the reader: `m` toggles one at the top of the screen, `M`
//! asks for a label first, `'` lists the document's bookmarks to jump to
//! or delete. The store keeps them; the state keeps its latest list per
//! document and asks for changes with effects.

use super::geometry::reader_rows;
use super::pane::{ArticleRef, Pane, ReaderPane};
use super::progress::{BookmarkAdd, StoreEffect, parse_id};
use super::update::with_pane;
use super::{AppState, Command, Edit, Effect, Overlay, reader};
use crate::model::anchor::CONTEXT_CHARS;
use crate::model::document::{Article, ContentId};
use crate::model::highlight::Bookmark;
use crate::model::text::{BLOCK_SEP, block_text};
use crate::strings;

/// Words of the text after a bookmark shown when it has no label.
const SNIPPET_WORDS: usize = 8;

/// One row of the bookmark list, computed when the list opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkEntry {
    pub id: String,
    /// The label, or the first words at the bookmark.
    pub title: String,
    /// The article's index in the document; `None` for an orphan, whose
    /// text is no longer in the file.
    pub article: Option<usize>,
    /// The article's title when it is not the one being read.
    pub article_title: Option<String>,
    pub section: Option<String>,
    pub offset: usize,
    pub percent: u8,
}

/// `m`, `M` and `'` in the reader.
pub(super) fn command(state: &mut AppState, r: Box<ReaderPane>, c: Command) -> (Pane, Vec<Effect>) {
    let effects = match c {
        Command::Bookmark => toggle(state, &r),
        Command::BookmarkLabel => {
            state.overlay = Some(Overlay::Label { text: String::new() });
            Vec::new()
        }
        Command::Bookmarks => {
            open_list(state, &r);
            Vec::new()
        }
        _ => Vec::new(),
    };
    (Pane::Reader(r), effects)
}

/// Removes the first bookmark on screen, or adds one at the top line.
fn toggle(state: &mut AppState, r: &ReaderPane) -> Vec<Effect> {
    let Some((doc, article)) = ids(state, r.at) else { return Vec::new() };
    let (_, height) = reader_rows(state.size);
    let lo = r.layout.lines.get(r.top).map_or(0, |l| l.offset);
    let hi = r.layout.lines.get(r.top + height).map_or(usize::MAX, |l| l.offset);
    let article_id = article.to_string();
    let on_screen = state.persist.bookmarks.get(&doc).and_then(|list| {
        list.iter()
            .find(|b| b.article_id == article_id && (lo..hi).contains(&b.anchor.position.start))
    });
    if let Some(id) = on_screen.map(|b| b.id.clone()) {
        return delete(state, doc, &id);
    }
    add(state, r, None)
}

fn ids(state: &AppState, at: ArticleRef) -> Option<(ContentId, ContentId)> {
    Some((state.docs.get(at.doc)?.id, state.article(at)?.id))
}

fn add(state: &mut AppState, r: &ReaderPane, label: Option<String>) -> Vec<Effect> {
    let Some((doc, article)) = ids(state, r.at) else { return Vec::new() };
    state.status.message = Some(strings::BOOKMARK_ADDED.into());
    let add = BookmarkAdd { at: r.at, doc, article, offset: r.anchor, label };
    vec![Effect::Store(StoreEffect::AddBookmark(add))]
}

fn delete(state: &mut AppState, doc: ContentId, id: &str) -> Vec<Effect> {
    if let Some(list) = state.persist.bookmarks.get_mut(&doc) {
        list.retain(|b| b.id != id);
    }
    state.status.message = Some(strings::BOOKMARK_REMOVED.into());
    vec![Effect::Store(StoreEffect::DeleteBookmark { doc, id: id.to_string() })]
}

/// Typing at the label prompt; Enter adds the bookmark, Esc cancels.
pub(super) fn edit(state: &mut AppState, e: Edit) -> Vec<Effect> {
    let Some(Overlay::Label { mut text }) = state.overlay.take() else { return Vec::new() };
    match e {
        Edit::Insert(c) => text.push(c),
        Edit::Backspace => {
            text.pop();
        }
        Edit::Cancel => return Vec::new(),
        Edit::Submit => {
            let label = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            let Pane::Reader(r) = &state.pane else { return Vec::new() };
            let r = r.clone();
            return add(state, &r, label);
        }
    }
    state.overlay = Some(Overlay::Label { text });
    Vec::new()
}

fn open_list(state: &mut AppState, r: &ReaderPane) {
    let entries = entries(state, r.at);
    if entries.is_empty() {
        state.status.message = Some(strings::NO_BOOKMARKS.into());
        return;
    }
    // Start on the last bookmark at or before the reading position.
    let selected = entries
        .iter()
        .rposition(|e| {
            e.article
                .is_some_and(|a| a < r.at.article || (a == r.at.article && e.offset <= r.anchor))
        })
        .unwrap_or(0);
    state.overlay = Some(Overlay::Bookmarks { selected, entries });
}

/// The document's bookmarks in reading order, orphans last, as seen from
/// the article at `here`.
pub fn entries(state: &AppState, here: ArticleRef) -> Vec<BookmarkEntry> {
    let Some(doc) = state.docs.get(here.doc) else { return Vec::new() };
    let Some(list) = state.persist.bookmarks.get(&doc.id) else { return Vec::new() };
    let mut out: Vec<BookmarkEntry> = list
        .iter()
        .map(|b| {
            let index =
                parse_id(&b.article_id).and_then(|id| doc.articles.iter().position(|a| a.id == id));
            let mut e = entry(b, index.and_then(|i| Some((i, doc.articles.get(i)?))));
            if e.article == Some(here.article) {
                e.article_title = None;
            }
            e
        })
        .collect();
    out.sort_by_key(|e| (e.article.is_none(), e.article, e.offset));
    out
}

fn entry(b: &Bookmark, article: Option<(usize, &Article)>) -> BookmarkEntry {
    let title = b.label.clone().unwrap_or_else(|| snippet(b));
    let offset = b.anchor.position.start;
    let Some((index, a)) = article else {
        return BookmarkEntry {
            id: b.id.clone(),
            title,
            article: None,
            article_title: None,
            section: None,
            offset,
            percent: 0,
        };
    };
    let (section, len) = section_at(a, offset);
    let percent = (offset.min(len) * 100).checked_div(len).unwrap_or(0);
    BookmarkEntry {
        id: b.id.clone(),
        title,
        article: Some(index),
        article_title: Some(a.title.clone()),
        section,
        offset,
        percent: u8::try_from(percent).unwrap_or(100),
    }
}

/// The first words after the bookmark (or of its quote). The stored
/// context is cut at a char count, so a cut last word is dropped.
fn snippet(b: &Bookmark) -> String {
    let q = &b.anchor.quote;
    let text = if q.exact.is_empty() { &q.suffix } else { &q.exact };
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let cut = text.chars().count() >= CONTEXT_CHARS && !text.ends_with(char::is_whitespace);
    if cut && words.len() > 1 {
        words.pop();
    }
    let more = cut || words.len() > SNIPPET_WORDS;
    words.truncate(SNIPPET_WORDS);
    let joined = words.join(" ");
    if more { format!("{joined}…") } else { joined }
}

/// The heading of the section holding `offset`, and the text's length,
/// counted the way [`crate::model::text::article_text`] joins blocks.
fn section_at(article: &Article, offset: usize) -> (Option<String>, usize) {
    let sep = BLOCK_SEP.chars().count();
    let mut pos = 0;
    let mut heading = None;
    for section in &article.sections {
        let mut started = false;
        let pieces = section.heading.iter().cloned().chain(section.blocks.iter().map(block_text));
        for piece in pieces.filter(|p| !p.is_empty()) {
            if pos > 0 {
                pos += sep;
            }
            if !started && pos <= offset {
                heading = section.heading.clone();
            }
            started = true;
            pos += piece.chars().count();
        }
    }
    (heading, pos)
}

/// Keys in the bookmark list: move, Enter jumps, `d` deletes.
pub(super) fn overlay_command(
    state: &mut AppState,
    overlay: Overlay,
    c: Command,
    count: usize,
) -> Vec<Effect> {
    let Overlay::Bookmarks { mut selected, entries } = overlay else {
        // The label prompt: only Esc (as a command) applies.
        if !matches!(c, Command::Cancel | Command::Back) {
            state.overlay = Some(overlay);
        }
        return Vec::new();
    };
    let last = entries.len().saturating_sub(1);
    match c {
        Command::Down => selected = (selected + count).min(last),
        Command::Up => selected = selected.saturating_sub(count),
        Command::First => selected = 0,
        Command::Last => selected = last,
        Command::Open => return jump(state, entries.get(selected)),
        Command::Delete => return delete_entry(state, selected, entries),
        Command::Cancel | Command::Back | Command::Help => return Vec::new(),
        _ => {}
    }
    state.overlay = Some(Overlay::Bookmarks { selected, entries });
    Vec::new()
}

fn delete_entry(
    state: &mut AppState,
    selected: usize,
    mut entries: Vec<BookmarkEntry>,
) -> Vec<Effect> {
    let Pane::Reader(r) = &state.pane else { return Vec::new() };
    let Some(doc) = state.docs.get(r.at.doc).map(|d| d.id) else { return Vec::new() };
    if selected >= entries.len() {
        return Vec::new();
    }
    let gone = entries.remove(selected);
    let effects = delete(state, doc, &gone.id);
    if !entries.is_empty() {
        let selected = selected.min(entries.len() - 1);
        state.overlay = Some(Overlay::Bookmarks { selected, entries });
    }
    effects
}

fn jump(state: &mut AppState, entry: Option<&BookmarkEntry>) -> Vec<Effect> {
    let Some(entry) = entry else { return Vec::new() };
    let Some(article) = entry.article else {
        state.status.message = Some(strings::BOOKMARK_ORPHANED.into());
        return Vec::new();
    };
    let offset = entry.offset;
    with_pane(state, |state, pane| match pane {
        Pane::Reader(mut r) if r.at.article == article => {
            reader::scroll_to_offset(state, &mut r, offset);
            (Pane::Reader(r), Vec::new())
        }
        Pane::Reader(r) => {
            let at = ArticleRef { doc: r.at.doc, article };
            (reader::open(state, at, r.list, Some(offset)), Vec::new())
        }
        other => (other, Vec::new()),
    })
}
