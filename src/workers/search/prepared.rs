//! Scan records made before a huge document is announced, left here for
//! the search worker to pick up.
//!
//! Why: a 100 MB document's record (its articles' tokens and word
//! filters, [`ScanRecord`]) takes about 60 ms on two cores. Made by the
//! search worker when the document arrives, it held up a search typed as
//! soon as the document was listed by that long, where the search itself
//! then took a millisecond. Made on the loading thread before the
//! document is sent, it is ready when the document is; the full list
//! shows that much later, after the first pages have long been on screen.
//!
//! The handoff is keyed by the document's allocation: a record is only
//! ever used for the very document it was made of.

use std::sync::{Arc, Mutex, PoisonError, Weak};

use crate::model::document::Document;
use crate::model::search::scanned::{ScanPolicy, ScanRecord};
use crate::state::Action;

/// Records waiting for their documents to reach the search worker, and
/// which documents get one (the worker's own policy; smaller in tests).
#[derive(Clone)]
pub struct Prepared {
    waiting: Arc<Mutex<Vec<Waiting>>>,
    policy: ScanPolicy,
}

/// A record, and the document it was made of (not kept alive by it).
type Waiting = (Weak<Document>, ScanRecord);

impl Default for Prepared {
    fn default() -> Prepared {
        Prepared { waiting: Arc::default(), policy: ScanPolicy::READER }
    }
}

impl Prepared {
    /// `send`, making the scan record of each huge document it carries
    /// first, on the calling (loading) thread.
    pub fn before<F>(&self, send: F) -> impl Fn(Action) -> bool + Clone + Send + 'static
    where
        F: Fn(Action) -> bool + Clone + Send + 'static,
    {
        let prepared = self.clone();
        move |action: Action| {
            if let Some(doc) = carried(&action)
                && prepared.policy.scans(doc)
            {
                prepared.put(doc, ScanRecord::of(doc));
            }
            send(action)
        }
    }

    pub(super) fn put(&self, doc: &Arc<Document>, record: ScanRecord) {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        // Records of documents dropped unsearched (the worker gone, or a
        // newer version loaded first) go with them.
        waiting.retain(|(d, _)| d.strong_count() > 0);
        waiting.push((Arc::downgrade(doc), record));
    }

    /// The record made of `doc`, if one was.
    pub fn take(&self, doc: &Arc<Document>) -> Option<ScanRecord> {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let at = waiting.iter().position(|(d, _)| std::ptr::eq(d.as_ptr(), Arc::as_ptr(doc)))?;
        Some(waiting.swap_remove(at).1)
    }
}

/// The whole document an action brings (not an outline or first pages,
/// which are not searched as such).
fn carried(action: &Action) -> Option<&Arc<Document>> {
    match action {
        Action::Loaded(doc) | Action::Filled(doc) | Action::Reloaded(doc) => Some(doc),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{Article, ArticleKind, Block, ContentId, Format, Inline, Section};

    fn doc(words: usize) -> Arc<Document> {
        let text = "plain text ".repeat(words / 2);
        let block = Block::Paragraph(Inline::text(&text).into());
        let section = Section { heading: None, level: 2, blocks: vec![block] };
        let article = Article::new("Notes".into(), ArticleKind::Article, vec![section]);
        Arc::new(Document {
            id: ContentId::of(&[text.as_bytes()]),
            origin: "notes.txt".into(),
            title: "Notes".into(),
            format: Format::Text,
            articles: vec![article],
            warnings: vec![],
        })
    }

    /// A huge document's record is made before it is sent, and only that
    /// document gets it. Near misses: a small document, an equal copy.
    #[test]
    fn huge_documents_are_prepared_before_they_are_sent() {
        let policy = ScanPolicy { above_words: 100, budget_words: 1_000 };
        let prepared = Prepared { policy, ..Prepared::default() };
        let (huge, small) = (doc(104), doc(10));
        let seen = Arc::new(Mutex::new(0));
        let counted = seen.clone();
        let probe = prepared.clone();
        let expected = huge.clone();
        let send = prepared.before(move |action| {
            // The record is there by the time the document is sent.
            if let Action::Loaded(d) = &action
                && Arc::ptr_eq(d, &expected)
            {
                assert!(probe.waiting.lock().unwrap().len() == 1);
            }
            *counted.lock().unwrap() += 1;
            true
        });
        assert!(send(Action::Loaded(small.clone())));
        assert!(send(Action::Loaded(huge.clone())));
        assert_eq!(*seen.lock().unwrap(), 2);
        assert!(prepared.take(&small).is_none());
        assert!(prepared.take(&Arc::new((*huge).clone())).is_none());
        assert!(prepared.take(&huge).is_some());
        assert!(prepared.take(&huge).is_none(), "taken once");
    }

    #[test]
    fn records_of_dropped_documents_are_let_go() {
        let prepared = Prepared::default();
        let gone = doc(4);
        prepared.put(&gone, ScanRecord::of(&gone));
        drop(gone);
        let kept = doc(4);
        prepared.put(&kept, ScanRecord::of(&kept));
        assert_eq!(prepared.waiting.lock().unwrap().len(), 1);
    }
}
