//! What a reader leaves in a text: highlights, bookmarks and progress.
//!
//! Plain values. Times are Unix milliseconds passed in by the caller, so
//! nothing here reads a clock, and ids are made by the store, which knows
//! what is already taken.

use serde::{Deserialize, Serialize};

use super::anchor::Anchor;

/// Unix time in milliseconds.
pub type Millis = u64;

/// A highlighted passage, optionally with a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    pub id: String,
    /// The article's [`ContentId`](crate::model::ContentId) as a string.
    pub article_id: String,
    pub anchor: Anchor,
    pub colour: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub created: Millis,
    pub updated: Millis,
}

/// A marked place, optionally labelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub id: String,
    pub article_id: String,
    pub anchor: Anchor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub created: Millis,
}

/// How far a reader got in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub article_id: String,
    /// A point anchor at the top of the screen: a char offset, never a row,
    /// so it survives a change of terminal width.
    pub anchor: Anchor,
    /// 0..=100, for the list view; the anchor is the truth.
    pub percent: f32,
    pub read: bool,
    pub updated: Millis,
}

impl Highlight {
    /// Merge order: the later edit wins.
    pub fn stamp(&self) -> Millis {
        self.updated
    }
}

impl Bookmark {
    /// Bookmarks are never edited, only added or removed.
    pub fn stamp(&self) -> Millis {
        self.created
    }
}
