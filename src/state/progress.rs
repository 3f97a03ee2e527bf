//! The store's side of the state: which reading positions changed and
//! must be saved, what the store restored, and whether quitting now would
//! lose changes. The store itself is I/O and lives with the runner; this
//! only emits [`StoreEffect`]s and takes [`StoreAction`]s.

use std::collections::HashMap;
use std::sync::Arc;

use super::highlights::NewHighlight;
use super::pane::{ArticleRef, Pane, Row};
use super::update::with_pane;
use super::{Action, AppState, Effect, Progress, list, reader};
use crate::model::document::{ContentId, Document};
use crate::model::highlight::{Bookmark, Highlight, Progress as StoredProgress};
use crate::strings;

/// Work for the store: the one path by which anything reaches the disk.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreEffect {
    /// The runner coalesces these and saves about 2 s after the last one.
    Progress(ProgressSave),
    AddBookmark(BookmarkAdd),
    DeleteBookmark {
        doc: ContentId,
        id: String,
    },
    /// The document at this index arrived: send back its saved state.
    Lookup {
        doc: usize,
    },
    /// The document at this index was replaced by a new version. Positions
    /// not yet saved belong to the old version: they (and the list cursor
    /// as it was before the swap) are saved first, so the lookup of the new
    /// version re-anchors them with the rest.
    Replaced {
        doc: usize,
        cursor: Option<String>,
    },
    /// Highlight work is saved at once (a highlight is too precious to
    /// debounce); each is answered by `Action::HighlightsLoaded` with the
    /// document's whole list, or a notice.
    LoadHighlights {
        doc: ContentId,
    },
    AddHighlight(NewHighlight),
    SetNote {
        doc: ContentId,
        id: String,
        note: Option<String>,
    },
    SetColour {
        doc: ContentId,
        id: String,
        colour: String,
    },
    DeleteHighlight {
        doc: ContentId,
        id: String,
    },
    /// Undo a delete: the same highlight, same id, back again.
    RestoreHighlight {
        doc: ContentId,
        highlight: Highlight,
    },
    /// Write the document's highlights to the export dir, in `format`.
    Export {
        doc: ContentId,
        format: crate::export::Format,
    },
}

/// A reading position: a char offset into the article's canonical text
/// (the runner adds the quote that lets it survive edits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressSave {
    pub at: ArticleRef,
    pub doc: ContentId,
    pub article: ContentId,
    pub offset: usize,
    pub percent: u8,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkAdd {
    pub at: ArticleRef,
    pub doc: ContentId,
    pub article: ContentId,
    pub offset: usize,
    pub label: Option<String>,
}

/// What the store reports back.
#[derive(Debug, Clone)]
pub enum StoreAction {
    /// The store is open: the list cursor's row (an article or document
    /// id) and, if configured, the article to reopen.
    Session {
        cursor: Option<String>,
        reopen: Option<String>,
    },
    /// A loaded document's saved state (sent for every document, empty
    /// when nothing was saved).
    Restored(Box<Restored>),
    /// A document's bookmarks after a change.
    Bookmarks {
        doc: ContentId,
        bookmarks: Vec<Bookmark>,
    },
    Notice(String),
    /// A save failed; the changes stay in memory and are retried.
    Error(String),
    Saved,
    /// The save on quit failed: warn instead of quitting.
    QuitBlocked(String),
    /// SIGTERM or SIGHUP: save what can be saved and quit regardless.
    Terminate,
}

#[derive(Debug, Clone)]
pub struct Restored {
    pub doc: ContentId,
    pub progress: Vec<StoredProgress>,
    pub bookmarks: Vec<Bookmark>,
}

#[derive(Debug, Clone, Default)]
pub struct Persistence {
    /// Bookmarks per document, as the store has them.
    pub bookmarks: HashMap<ContentId, Vec<Bookmark>>,
    /// Why the last save failed, while changes are unsaved.
    pub unsaved: Option<String>,
    /// The user was told that quitting loses changes; the next quit quits.
    pub quit_warned: bool,
    /// The row the list cursor returns to once its document loads.
    pub cursor: Option<String>,
    /// The article to reopen once its document loads.
    pub reopen: Option<String>,
    /// Positions already sent to the store, so unchanged ones are not.
    reported: HashMap<ContentId, Progress>,
    /// Articles whose position may have changed in this update.
    touched: Vec<ArticleRef>,
    /// The user has pressed a key or clicked: restoring the cursor or
    /// reopening an article now would yank the screen away.
    acted: bool,
}

/// Runs before every update.
pub(super) fn before(state: &mut AppState, action: &Action) {
    if let Action::Command(_) | Action::Click { .. } | Action::Wheel(_) = action {
        let p = &mut state.persist;
        (p.acted, p.cursor, p.reopen) = (true, None, None);
    }
}

/// Notes that `at`'s progress may have changed.
pub(super) fn touch(state: &mut AppState, at: ArticleRef) {
    state.persist.touched.push(at);
}

/// Runs after every update: turns changed positions into saves, and holds
/// back a quit while changes are unsaved (once).
pub(super) fn finish(state: &mut AppState, effects: &mut Vec<Effect>) {
    for at in std::mem::take(&mut state.persist.touched) {
        if let Some(save) = changed(state, at) {
            effects.push(Effect::Store(StoreEffect::Progress(save)));
        }
    }
    if effects.contains(&Effect::Quit)
        && !state.persist.quit_warned
        && let Some(error) = &state.persist.unsaved
    {
        state.status.message = Some(strings::unsaved_on_quit(error));
        state.persist.quit_warned = true;
        state.quitting = false;
        effects.retain(|e| *e != Effect::Quit);
    }
}

fn changed(state: &mut AppState, at: ArticleRef) -> Option<ProgressSave> {
    // A provisional document's id is not its file's: its reading is saved
    // once the whole document has taken its place.
    if super::provisional::is_provisional(state, at.doc) {
        return None;
    }
    let doc = state.docs.get(at.doc)?.id;
    let article = state.article(at)?.id;
    let p = *state.progress.get(&article)?;
    if state.persist.reported.insert(article, p) == Some(p) {
        return None;
    }
    Some(ProgressSave { at, doc, article, offset: p.offset, percent: p.percent, read: p.read })
}

pub(super) fn on_store(state: &mut AppState, action: StoreAction) -> Vec<Effect> {
    let p = &mut state.persist;
    match action {
        StoreAction::Session { cursor, reopen } if !p.acted => {
            (p.cursor, p.reopen) = (cursor, reopen)
        }
        StoreAction::Session { .. } => {}
        StoreAction::Restored(r) => restored(state, *r),
        StoreAction::Bookmarks { doc, bookmarks } => {
            p.bookmarks.insert(doc, bookmarks);
        }
        StoreAction::Notice(msg) => state.status.message = Some(msg),
        StoreAction::Error(e) => {
            if p.unsaved.as_ref() != Some(&e) {
                state.status.message = Some(strings::save_failed(&e));
            }
            p.unsaved = Some(e);
        }
        StoreAction::Saved => (p.unsaved, p.quit_warned) = (None, false),
        StoreAction::QuitBlocked(e) => {
            state.status.message = Some(strings::unsaved_on_quit(&e));
            (p.unsaved, p.quit_warned) = (Some(e), true);
            state.quitting = false;
        }
        StoreAction::Terminate => {
            p.quit_warned = true;
            state.quitting = true;
            return vec![Effect::Quit];
        }
    }
    Vec::new()
}

/// An id as stored (16 hex digits) back to a [`ContentId`].
pub fn parse_id(id: &str) -> Option<ContentId> {
    u64::from_str_radix(id, 16).ok().map(ContentId)
}

fn restored(state: &mut AppState, r: Restored) {
    let docs: Vec<(usize, Arc<Document>)> =
        state.docs.iter().cloned().enumerate().filter(|(_, d)| d.id == r.doc).collect();
    for (_, doc) in &docs {
        for saved in &r.progress {
            let Some(id) = parse_id(&saved.article_id) else { continue };
            if !doc.articles.iter().any(|a| a.id == id) {
                continue; // an orphan: kept in the store, not shown
            }
            let p = Progress {
                offset: saved.anchor.position.start,
                percent: saved.percent.round().clamp(0.0, 100.0) as u8,
                read: saved.read,
            };
            if let std::collections::hash_map::Entry::Vacant(e) = state.progress.entry(id) {
                e.insert(p);
                state.persist.reported.insert(id, p);
            }
        }
    }
    state.persist.bookmarks.insert(r.doc, r.bookmarks);
    for (d, doc) in docs {
        restore_cursor(state, d, &doc);
        reopen(state, d, &doc);
    }
}

/// The article of `doc` with this stored id.
fn find(d: usize, doc: &Document, id: Option<&str>) -> Option<ArticleRef> {
    let id = parse_id(id?)?;
    let article = doc.articles.iter().position(|a| a.id == id)?;
    Some(ArticleRef { doc: d, article })
}

fn restore_cursor(state: &mut AppState, d: usize, doc: &Document) {
    let key = state.persist.cursor.as_deref();
    let row = match find(d, doc, key) {
        Some(at) => Row::Article(at),
        None if key.and_then(parse_id) == Some(doc.id) => Row::Doc(d),
        None => return,
    };
    state.persist.cursor = None;
    if let Pane::List(l) = &mut state.pane
        && let Some(i) = l.rows.iter().position(|r| *r == row)
    {
        l.cursor = i;
        let l = std::mem::take(l);
        state.pane = Pane::List(list::refit(state, l));
    }
}

fn reopen(state: &mut AppState, d: usize, doc: &Document) {
    let Some(at) = find(d, doc, state.persist.reopen.as_deref()) else { return };
    state.persist.reopen = None;
    with_pane(state, |state, pane| match pane {
        Pane::List(l) => (reader::open(state, at, l, None), Vec::new()),
        other => (other, Vec::new()),
    });
}

/// The id of the row under the list cursor, wherever the list is kept:
/// saved so the next start returns there.
pub fn cursor_key(state: &AppState) -> Option<String> {
    let list = match &state.pane {
        Pane::List(l) => l,
        Pane::Reader(r) => &r.list,
        Pane::Search(s) => match &*s.return_to {
            Pane::List(l) => l,
            Pane::Reader(r) => &r.list,
            Pane::Search(_) => return None,
        },
    };
    match list.selected()? {
        Row::Doc(d) => state.docs.get(d).map(|doc| doc.id.to_string()),
        Row::Article(at) => state.article(at).map(|a| a.id.to_string()),
    }
}
