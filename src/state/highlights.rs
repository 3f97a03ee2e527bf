//! Highlights in the state: what the store holds for each document, where
//! each one sits in its article's current text, and the `"` overlay.
//!
//! The store is the truth: every change is an effect, and the runner
//! answers with the document's whole list ([`loaded`]), which is placed
//! again. Placing re-anchors with [`Reanchorer`] against the text as it is
//! now; a highlight that cannot be found is kept and listed as detached.

use std::collections::HashMap;
use std::sync::Arc;

use super::note::{NoteEditor, NoteTarget};
use super::pane::{ArticleRef, Pane, ReaderPane};
use super::progress::StoreEffect;
use super::selection::{colour_index, move_cursor};
use super::update::with_pane;
use super::{AppState, Command, Effect, Overlay, reader};
use crate::model::anchor::{Anchor, Reanchorer};
use crate::model::document::{ContentId, Document};
use crate::model::highlight::Highlight;
use crate::model::text::article_text;
use crate::strings;

/// The colours when the config names none.
pub const DEFAULT_COLOURS: [&str; 5] = ["yellow", "green", "blue", "pink", "purple"];

/// A highlight about to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHighlight {
    pub doc: ContentId,
    pub article_id: String,
    pub anchor: Anchor,
    pub colour: String,
    pub note: Option<String>,
}

/// A highlight found in its article's current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub colour: String,
}

#[derive(Debug, Clone)]
pub struct Marks {
    /// Colour names, in the order `1`–`5` pick them; the first is the
    /// default.
    pub colours: Vec<String>,
    by_doc: HashMap<ContentId, Vec<Highlight>>,
    /// Per article id, sorted by start.
    placed: HashMap<String, Vec<Placed>>,
    /// The last deleted highlight and its document, for undo.
    pub last_deleted: Option<(ContentId, Highlight)>,
}

impl Marks {
    /// Whether the store has answered for this document yet.
    pub fn knows(&self, doc: ContentId) -> bool {
        self.by_doc.contains_key(&doc)
    }
}

impl Default for Marks {
    fn default() -> Marks {
        Marks {
            colours: DEFAULT_COLOURS.iter().map(|c| c.to_string()).collect(),
            by_doc: HashMap::new(),
            placed: HashMap::new(),
            last_deleted: None,
        }
    }
}

impl Marks {
    /// Highlights placed in an article, sorted by start.
    pub fn placed(&self, article_id: &str) -> &[Placed] {
        self.placed.get(article_id).map_or(&[], Vec::as_slice)
    }

    /// Colour `i`, or the default one.
    pub fn colour(&self, i: usize) -> String {
        let name = self.colours.get(i).or(self.colours.first());
        name.cloned().unwrap_or_else(|| DEFAULT_COLOURS[0].to_string())
    }

    /// Places `list` in `doc`'s articles; `open` is the reader's text of
    /// one of them (article index), shared instead of built again: in a
    /// 100 MB article that was a 100 MB copy at each highlight change.
    fn set(&mut self, doc: &Document, list: Vec<Highlight>, open: Option<(usize, Arc<String>)>) {
        for (i, article) in doc.articles.iter().enumerate() {
            let id = article.id.to_string();
            let mine: Vec<&Highlight> = list.iter().filter(|h| h.article_id == id).collect();
            if mine.is_empty() {
                self.placed.remove(&id);
                continue;
            }
            let found = match &open {
                Some((at, text)) if *at == i => Reanchorer::new(text.clone()),
                _ => Reanchorer::new(article_text(article)),
            };
            let mut placed: Vec<Placed> = mine
                .iter()
                .filter_map(|h| {
                    let (start, end) = found.locate(&h.anchor)?;
                    Some(Placed { id: h.id.clone(), start, end, colour: h.colour.clone() })
                })
                .collect();
            placed.sort_by_key(|p| (p.start, p.end));
            self.placed.insert(id, placed);
        }
        self.by_doc.insert(doc.id, list);
    }
}

/// One row of the overlay; `article` is `None` for a detached highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub highlight: Highlight,
    pub article: Option<usize>,
    pub start: usize,
}

/// The document's highlights in reading order, detached ones last.
pub fn entries(state: &AppState, doc: usize) -> Vec<Entry> {
    let Some(d) = state.docs.get(doc) else { return Vec::new() };
    let list = state.marks.by_doc.get(&d.id).map_or(&[][..], Vec::as_slice);
    let mut out: Vec<Entry> = list
        .iter()
        .map(|h| {
            let article = d.articles.iter().position(|a| a.id.to_string() == h.article_id);
            let placed = state.marks.placed(&h.article_id).iter().find(|p| p.id == h.id);
            match (article, placed) {
                (Some(a), Some(p)) => {
                    Entry { highlight: h.clone(), article: Some(a), start: p.start }
                }
                _ => Entry { highlight: h.clone(), article: None, start: h.anchor.position.start },
            }
        })
        .collect();
    out.sort_by_key(|e| (e.article.unwrap_or(usize::MAX), e.start));
    out
}

/// The store's answer: the document's highlights, placed again.
pub(super) fn loaded(state: &mut AppState, doc: ContentId, list: Vec<Highlight>) {
    let Some(doc) = state.docs.iter().find(|d| d.id == doc).cloned() else {
        return;
    };
    let open = match &state.pane {
        Pane::Reader(r) if state.docs.get(r.at.doc).is_some_and(|d| d.id == doc.id) => {
            // Empty while a listed outline's text is still on its way.
            (!r.text.is_empty()).then(|| (r.at.article, r.text.clone()))
        }
        _ => None,
    };
    state.marks.set(&doc, list, open);
    let doc = match &state.pane {
        Pane::Reader(r) => r.at.doc,
        _ => return,
    };
    let n = entries(state, doc).len();
    if let Some(Overlay::Highlights { selected }) = &mut state.overlay {
        *selected = (*selected).min(n.saturating_sub(1));
    }
}

pub(super) fn open(state: &mut AppState, r: &ReaderPane) {
    let known = state.docs.get(r.at.doc).is_some_and(|d| state.marks.knows(d.id));
    if !known {
        state.status.message = Some(strings::HIGHLIGHTS_LOADING.into());
        return;
    }
    if entries(state, r.at.doc).is_empty() {
        state.status.message = Some(strings::NO_HIGHLIGHTS.into());
        return;
    }
    state.overlay = Some(Overlay::Highlights { selected: 0 });
}

pub(super) fn export(state: &mut AppState, r: Box<ReaderPane>) -> (Pane, Vec<Effect>) {
    let format = state.export_format;
    let effects = state
        .docs
        .get(r.at.doc)
        .map(|d| Effect::Store(StoreEffect::Export { doc: d.id, format }))
        .into_iter()
        .collect();
    (Pane::Reader(r), effects)
}

/// Keys in the highlights overlay.
pub(super) fn command(state: &mut AppState, c: Command, count: usize) -> Vec<Effect> {
    let Some(Overlay::Highlights { selected }) = state.overlay else { return Vec::new() };
    let Pane::Reader(r) = &state.pane else {
        state.overlay = None;
        return Vec::new();
    };
    let doc = r.at.doc;
    let list = entries(state, doc);
    let Some(doc_id) = state.docs.get(doc).map(|d| d.id) else { return Vec::new() };
    let last = list.len().saturating_sub(1);
    let current = list.get(selected.min(last)).cloned();
    let select = |state: &mut AppState, s: usize| {
        state.overlay = Some(Overlay::Highlights { selected: s.min(last) });
    };
    match (c, current) {
        (Command::Down, _) => select(state, selected + count),
        (Command::Up, _) => select(state, selected.saturating_sub(count)),
        (Command::First, _) => select(state, 0),
        (Command::Last, _) => select(state, last),
        (Command::Open, Some(e)) => {
            state.overlay = None;
            jump(state, doc, &e);
        }
        (Command::EditNote, Some(e)) => {
            let target = NoteTarget::Existing { doc: doc_id, id: e.highlight.id };
            state.overlay =
                Some(Overlay::Note(Box::new(NoteEditor::new(target, e.highlight.note))));
        }
        (Command::CycleColour, Some(e)) => {
            let colours = &state.marks.colours;
            let at = colours.iter().position(|c| *c == e.highlight.colour);
            let next = at.map_or(0, |i| (i + 1) % colours.len().max(1));
            return recolour(state, doc_id, e, next);
        }
        (Command::Delete, Some(e)) => {
            let id = e.highlight.id.clone();
            state.marks.last_deleted = Some((doc_id, e.highlight));
            state.status.message = Some(strings::HIGHLIGHT_DELETED.into());
            return vec![Effect::Store(StoreEffect::DeleteHighlight { doc: doc_id, id })];
        }
        (Command::Undo, _) => return undo(state),
        (Command::Cancel | Command::Back | Command::Help, _) => state.overlay = None,
        (c, Some(e)) => {
            if let Some(i) = colour_index(c) {
                return recolour(state, doc_id, e, i);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn recolour(state: &AppState, doc: ContentId, e: Entry, colour: usize) -> Vec<Effect> {
    let colour = state.marks.colour(colour);
    vec![Effect::Store(StoreEffect::SetColour { doc, id: e.highlight.id, colour })]
}

fn undo(state: &mut AppState) -> Vec<Effect> {
    let Some((doc, highlight)) = state.marks.last_deleted.take() else {
        state.status.message = Some(strings::NOTHING_TO_UNDO.into());
        return Vec::new();
    };
    state.status.message = Some(strings::HIGHLIGHT_RESTORED.into());
    vec![Effect::Store(StoreEffect::RestoreHighlight { doc, highlight })]
}

/// Shows the highlight on the top line with the cursor on its start,
/// opening its article if it is another one.
fn jump(state: &mut AppState, doc: usize, e: &Entry) {
    let Some(article) = e.article else {
        state.status.message = Some(strings::HIGHLIGHT_DETACHED.into());
        return;
    };
    let start = e.start;
    with_pane(state, |state, pane| {
        let pane = match pane {
            Pane::Reader(r) if r.at.article != article || r.at.doc != doc => {
                let at = ArticleRef { doc, article };
                reader::open(state, at, r.list, Some(start))
            }
            other => other,
        };
        let Pane::Reader(mut r) = pane else { return (pane, Vec::new()) };
        reader::scroll_to_offset(state, &mut r, start);
        move_cursor(state, &mut r, start);
        (Pane::Reader(r), Vec::new())
    });
}
