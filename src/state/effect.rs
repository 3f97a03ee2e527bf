//! Work the pure core asks the runner to do.

use std::sync::Arc;

use crate::model::document::Document;
use crate::state::progress::StoreEffect;

#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    /// Open a link with the system opener.
    OpenUrl(String),
    /// Add a newly loaded document to the library index.
    Index(Arc<Document>),
    /// Put a reloaded document in place of the one at `doc` in the
    /// library index (hits name documents by position).
    Reindex {
        doc: usize,
        document: Arc<Document>,
    },
    /// Run a library search off the UI path, debounced; results come back
    /// as `Action::SearchResults` with the same generation.
    Search(SearchRequest),
    /// Find a query in a long article off the UI path; the matches come
    /// back a batch at a time as `Action::FindMatches`.
    Find(FindRequest),
    /// Edit a note in `$EDITOR` (the runner hands it the terminal); the
    /// text comes back as `Action::NoteText`.
    EditNote {
        text: String,
    },
    /// Store work: positions, bookmarks, highlights, exports; see [`StoreEffect`].
    Store(StoreEffect),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub generation: u64,
    pub query: String,
    /// The `[search]` options, so the worker needs no config of its own.
    pub matching: crate::model::search::Matching,
}

#[derive(Debug, Clone)]
pub struct FindRequest {
    pub generation: u64,
    /// The article's canonical text, shared with the reader.
    pub text: Arc<String>,
    pub sought: crate::model::search::find::Sought,
}

impl PartialEq for Effect {
    /// Compares what the effect asks for; documents by identity.
    fn eq(&self, other: &Effect) -> bool {
        match (self, other) {
            (Effect::Quit, Effect::Quit) => true,
            (Effect::OpenUrl(a), Effect::OpenUrl(b)) => a == b,
            (Effect::Index(a), Effect::Index(b)) => Arc::ptr_eq(a, b),
            (Effect::Reindex { doc: a, document: x }, Effect::Reindex { doc: b, document: y }) => {
                a == b && Arc::ptr_eq(x, y)
            }
            (Effect::Search(a), Effect::Search(b)) => a == b,
            (Effect::Find(a), Effect::Find(b)) => {
                a.generation == b.generation
                    && a.sought == b.sought
                    && Arc::ptr_eq(&a.text, &b.text)
            }
            (Effect::EditNote { text: a }, Effect::EditNote { text: b }) => a == b,
            (Effect::Store(a), Effect::Store(b)) => a == b,
            _ => false,
        }
    }
}
