//! A library file changed on disk and was loaded again: its document is
//! swapped in place, so every `ArticleRef` keeps naming the same file, and
//! whatever shows it is brought up to date.

use std::sync::Arc;

use super::pane::{ArticleRef, ListPane, Pane};
use super::update::with_pane;
use super::{AppState, Effect, Overlay, list, reader};
use crate::model::anchor::{Reanchorer, anchor_point_in};
use crate::model::document::Document;
use crate::model::text::article_text;
use crate::state::progress::{StoreEffect, cursor_key};
use crate::strings;

/// Where `doc` replaces a loaded document: the one from the same file,
/// if its content changed. The runner asks too, to look up the new
/// version's saved state before the effects run.
pub fn replaces(state: &AppState, doc: &Document) -> Option<usize> {
    let d = current(state, &doc.origin)?;
    (state.docs[d].id != doc.id).then_some(d)
}

/// The document loaded from `origin` whose file is still there.
fn current(state: &AppState, origin: &str) -> Option<usize> {
    (0..state.docs.len()).find(|d| state.docs[*d].origin == origin && !state.removed.contains(d))
}

/// A file gone from disk: its document leaves the list and search (a
/// reader on it keeps its text until closed). A file that comes back is
/// a new document.
pub(super) fn removed(state: &mut AppState, origin: &str) -> Vec<Effect> {
    let Some(d) = current(state, origin) else { return Vec::new() };
    state.removed.insert(d);
    let empty = Document { articles: Vec::new(), warnings: Vec::new(), ..(*state.docs[d]).clone() };
    with_pane(state, |state, pane| {
        let pane = match pane {
            Pane::List(l) => Pane::List(list::refit(state, list::rebuild(state, l))),
            Pane::Reader(mut r) => {
                r.list = list::refit(state, list::rebuild(state, std::mem::take(&mut r.list)));
                Pane::Reader(r)
            }
            Pane::Search(mut s) => {
                s.hits.retain(|h| h.doc != d);
                s.selected = s.selected.min(s.hits.len().saturating_sub(1));
                Pane::Search(s)
            }
        };
        (pane, Vec::new())
    });
    state.status.message = Some(strings::removed(file_name(origin)));
    vec![Effect::Reindex { doc: d, document: Arc::new(empty) }]
}

pub(super) fn reloaded(state: &mut AppState, doc: Arc<Document>) -> Vec<Effect> {
    let Some(d) = replaces(state, &doc) else { return Vec::new() };
    let cursor = cursor_key(state);
    let Some(slot) = state.docs.get_mut(d) else { return Vec::new() };
    let old = std::mem::replace(slot, doc.clone());
    if matches!(&state.pane, Pane::Reader(r) if r.at.doc == d) {
        close_stale_overlay(state);
    }
    with_pane(state, |state, pane| (refresh(state, pane, d, &old), Vec::new()));
    state.status.message = Some(strings::reloaded(file_name(&doc.origin)));
    let id = doc.id;
    vec![
        Effect::Store(StoreEffect::Replaced { doc: d, cursor }),
        Effect::Reindex { doc: d, document: doc },
        Effect::Store(StoreEffect::LoadHighlights { doc: id }),
    ]
}

/// The whole document for one listed from its outline: swapped in place
/// and whatever shows it laid out again; its saved state and highlights
/// are looked up now that the text they anchor into is here. A document
/// whose file changed meanwhile is a reload.
pub(super) fn filled(state: &mut AppState, doc: Arc<Document>) -> Vec<Effect> {
    let Some(d) = current(state, &doc.origin) else { return Vec::new() };
    if state.docs[d].id != doc.id {
        return reloaded(state, doc);
    }
    let old = std::mem::replace(&mut state.docs[d], doc.clone());
    with_pane(state, |state, pane| (refresh(state, pane, d, &old), Vec::new()));
    let id = doc.id;
    vec![
        Effect::Reindex { doc: d, document: doc },
        Effect::Store(StoreEffect::Lookup { doc: d }),
        Effect::Store(StoreEffect::LoadHighlights { doc: id }),
    ]
}

fn file_name(origin: &str) -> &str {
    origin.rsplit(['/', '\\']).next().unwrap_or(origin)
}

/// Overlays that list the old article's lines or marks would point at the
/// wrong text; a note or label being typed is kept.
fn close_stale_overlay(state: &mut AppState) {
    if let Some(
        Overlay::Contents { .. }
        | Overlay::Links { .. }
        | Overlay::Highlights { .. }
        | Overlay::Bookmarks { .. },
    ) = state.overlay
    {
        state.overlay = None;
    }
}

/// Lists get their rows again; a reader on the document reopens at the
/// same text; search hits into it are dropped until the index answers
/// again.
fn refresh(state: &mut AppState, pane: Pane, d: usize, old: &Document) -> Pane {
    let relist = |state: &AppState, list: ListPane| {
        let same = state.docs.get(d).is_some_and(|new| same_rows(old, new));
        list::refit(state, if same { list } else { list::rebuild(state, list) })
    };
    match pane {
        Pane::List(l) => Pane::List(relist(state, l)),
        Pane::Reader(mut r) => {
            r.list = relist(state, std::mem::take(&mut r.list));
            if r.at.doc != d {
                return Pane::Reader(r);
            }
            let Some(at) = clamp(state, r.at) else {
                return Pane::List(r.list);
            };
            let offset =
                old.articles.get(r.at.article).map_or(0, |a| nearest(state, a, at, r.anchor));
            match reader::open(state, at, r.list, Some(offset)) {
                Pane::Reader(mut opened) if r.end_when_filled => {
                    reader::to_end(state, &mut opened);
                    Pane::Reader(opened)
                }
                pane => pane,
            }
        }
        Pane::Search(mut s) => {
            s.hits.retain(|h| h.doc != d);
            s.selected = s.selected.min(s.hits.len().saturating_sub(1));
            s.return_to = Box::new(refresh(state, *s.return_to, d, old));
            Pane::Search(s)
        }
    }
}

/// Whether a document's list rows stay as they were: the same articles of
/// the same kinds. A library listed from outlines is filled document by
/// document; rebuilding every row for each made the fill quadratic, on
/// the UI thread (2,000 documents: 2,000 rebuilds of 12,700 rows).
fn same_rows(old: &Document, new: &Document) -> bool {
    old.articles.len() == new.articles.len()
        && old.articles.iter().zip(&new.articles).all(|(a, b)| a.kind == b.kind)
}

/// The same article, or the last one if the file now has fewer.
fn clamp(state: &AppState, at: ArticleRef) -> Option<ArticleRef> {
    let count = state.docs.get(at.doc)?.articles.len();
    let article = at.article.min(count.checked_sub(1)?);
    Some(ArticleRef { doc: at.doc, article })
}

/// Where the text at `offset` of the old article is in the new one: found
/// by its quote, or else the same offset, kept inside the text.
fn nearest(
    state: &AppState,
    old: &crate::model::document::Article,
    at: ArticleRef,
    offset: usize,
) -> usize {
    let Some(new) = state.article(at) else { return 0 };
    let found = Reanchorer::new(article_text(new));
    match found.locate(&anchor_point_in(old, offset)) {
        Some((start, _)) => start,
        None => offset.min(found.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::same_rows;
    use crate::model::document::ArticleKind;
    use crate::model::loader::load;

    #[test]
    fn rows_stay_for_the_same_articles_and_kinds_only() {
        let doc = load("a.md", b"# One\n\nText.\n\n# Two\n\nMore text.\n").unwrap();
        let mut whole = doc.clone();
        whole.articles[1].title = "Retitled".into();
        assert!(same_rows(&doc, &whole), "titles are drawn, not rows");
        // Near misses: a kind that hides a row, an article fewer.
        let mut hidden = doc.clone();
        hidden.articles[1].kind = ArticleKind::Ad;
        assert!(!same_rows(&doc, &hidden));
        let mut fewer = doc.clone();
        fewer.articles.pop();
        assert!(!same_rows(&doc, &fewer));
    }
}
