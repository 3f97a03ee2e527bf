//! Work the pure core asks the runner to do.

use std::sync::Arc;

use crate::model::document::Document;
use crate::state::progress::StoreEffect;

#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    /// Open a link with the system opener.
    OpenUrl(String),
    /// Run a library search off the UI path; results come back as
    /// `Action::SearchResults` with the same generation.
    Search(SearchRequest),
    /// Save progress or a bookmark; see [`StoreEffect`].
    Store(StoreEffect),
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub generation: u64,
    pub query: String,
    /// A cheap snapshot: documents are shared, never copied.
    pub docs: Vec<Arc<Document>>,
}

impl PartialEq for Effect {
    /// Compares what the effect asks for; a search snapshot's documents
    /// are identified by count, which is all tests need to see.
    fn eq(&self, other: &Effect) -> bool {
        match (self, other) {
            (Effect::Quit, Effect::Quit) => true,
            (Effect::OpenUrl(a), Effect::OpenUrl(b)) => a == b,
            (Effect::Store(a), Effect::Store(b)) => a == b,
            (Effect::Search(a), Effect::Search(b)) => {
                a.generation == b.generation && a.query == b.query && a.docs.len() == b.docs.len()
            }
            _ => false,
        }
    }
}
