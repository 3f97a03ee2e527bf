//! A huge file's first pages, shown while the rest of it loads.
//!
//! The loader sends a provisional document segmented from the file's
//! start ([`Action::LoadedPart`](super::Action::LoadedPart)) and then the
//! whole one ([`Action::Loaded`](super::Action::Loaded)) from the same
//! origin, which takes its place: same document index, so every
//! `ArticleRef` keeps naming the same file, and whatever shows it stays
//! where it was. A provisional document is never indexed, saved to or
//! looked up in the store (its id is not the file's); one whose file
//! then failed to load is withdrawn.

use std::sync::Arc;

use super::pane::{ArticleRef, ListPane, Pane, Row};
use super::update::with_pane;
use super::{AppState, list, reader};
use crate::model::document::Document;

/// The first pages of a file arrived: listed like any document.
pub(super) fn arrived(state: &mut AppState, doc: Arc<Document>) {
    state.docs.push(doc);
    state.provisional.insert(state.docs.len() - 1);
    let first = state.docs.len() == 1;
    with_pane(state, |state, pane| (list::library_changed(state, pane, first), Vec::new()));
}

/// Whether `doc` is the whole of a document shown provisionally; if so it
/// takes that one's place, panes keep their position, and its index is
/// returned.
pub(super) fn completed(state: &mut AppState, doc: &Arc<Document>) -> Option<usize> {
    let d = state
        .provisional
        .iter()
        .copied()
        .find(|&d| state.docs.get(d).is_some_and(|old| old.origin == doc.origin))?;
    state.provisional.remove(&d);
    let old = std::mem::replace(&mut state.docs[d], doc.clone());
    with_pane(state, |state, pane| (swap(state, pane, d, &old), Vec::new()));
    Some(d)
}

/// Drops provisional documents whose whole never came (the file failed to
/// load after its first pages were read). The loader goes file by file,
/// so they are the last documents: no other index moves.
pub(super) fn withdraw(state: &mut AppState) {
    if state.provisional.is_empty() {
        return;
    }
    let keep = state.docs.len() - state.provisional.len();
    state.docs.truncate(keep);
    state.provisional.clear();
    with_pane(state, |state, pane| (forget(state, pane, keep), Vec::new()));
}

/// Whether the document at `doc` is a provisional one.
pub(super) fn is_provisional(state: &AppState, doc: usize) -> bool {
    state.provisional.contains(&doc)
}

fn swap(state: &mut AppState, pane: Pane, d: usize, old: &Document) -> Pane {
    match pane {
        Pane::List(l) => Pane::List(relist(state, l, d, old)),
        Pane::Reader(mut r) => {
            r.list = relist(state, std::mem::take(&mut r.list), d, old);
            if r.at.doc != d {
                return Pane::Reader(r);
            }
            let Some(at) = counterpart(state, old, r.at) else { return Pane::List(r.list) };
            let same_text =
                old.articles.get(r.at.article).map(|a| a.id) == state.article(at).map(|a| a.id);
            if same_text {
                // The very same article: its layout, find and selection stay.
                r.at = at;
                return Pane::Reader(r);
            }
            // The article the first pages cut short: its text up to the
            // cut is unchanged, so the same offset is the same place.
            let anchor = r.anchor;
            reader::open(state, at, r.list, Some(anchor))
        }
        Pane::Search(mut s) => {
            s.return_to = Box::new(swap(state, *s.return_to, d, old));
            Pane::Search(s)
        }
    }
}

/// The list with the whole document's rows, the cursor on the same
/// article (or document header) as before.
fn relist(state: &AppState, list: ListPane, d: usize, old: &Document) -> ListPane {
    let selected = match list.selected() {
        Some(Row::Article(at)) if at.doc == d => counterpart(state, old, at).map(Row::Article),
        other => other,
    };
    let mut list = list::rebuild(state, list);
    if let Some(i) = selected.and_then(|s| list.rows.iter().position(|r| *r == s)) {
        list.cursor = i;
    }
    list::refit(state, list)
}

/// Where article `at` of the provisional `old` is in the whole document:
/// the article with the same id, else the same position (the one cut
/// short at the end of the first pages), kept inside the document.
fn counterpart(state: &AppState, old: &Document, at: ArticleRef) -> Option<ArticleRef> {
    let new = state.docs.get(at.doc)?;
    let id = old.articles.get(at.article).map(|a| a.id);
    let same = new.articles.iter().position(|a| Some(a.id) == id);
    let article = same.unwrap_or(at.article).min(new.articles.len().checked_sub(1)?);
    Some(ArticleRef { doc: at.doc, article })
}

/// Panes without the documents from index `keep` on.
fn forget(state: &AppState, pane: Pane, keep: usize) -> Pane {
    match pane {
        Pane::List(l) => Pane::List(list::refit(state, list::rebuild(state, l))),
        Pane::Reader(mut r) => {
            r.list = list::refit(state, list::rebuild(state, std::mem::take(&mut r.list)));
            if r.at.doc >= keep { Pane::List(r.list) } else { Pane::Reader(r) }
        }
        Pane::Search(mut s) => {
            s.return_to = Box::new(forget(state, *s.return_to, keep));
            Pane::Search(s)
        }
    }
}
