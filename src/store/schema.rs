//! The on-disk format, version 1.
//!
//! ```json
//! {"version": 1,
//!  "documents": {"<doc id>": {"progress": {"<article id>": {…}},
//!                             "bookmarks": […], "highlights": […],
//!                             "deleted": [{"id": …, "deleted": <ms>}],
//!                             "last_article": {"value": …, "updated": <ms>},
//!                             "path": {"value": …, "updated": <ms>}}},
//!  "list_cursor": {"value": …, "updated": <ms>}}
//! ```
//!
//! Every object keeps the fields it does not know in `extra` and writes
//! them back, so a newer quire's additions survive an older one's saves.
//! (Anchors are the exception: they are replaced whole when re-anchored.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::highlight::{Bookmark, Highlight, Millis, Progress};

pub const SCHEMA_VERSION: u32 = 1;

pub type Extra = Map<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreFile {
    pub version: u32,
    #[serde(default)]
    pub documents: BTreeMap<String, DocEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_cursor: Option<Stamped<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StoreFile {
    fn default() -> Self {
        StoreFile {
            version: SCHEMA_VERSION,
            documents: BTreeMap::new(),
            list_cursor: None,
            extra: Extra::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocEntry {
    /// Keyed by article id.
    #[serde(default)]
    pub progress: BTreeMap<String, Record<Progress>>,
    #[serde(default)]
    pub bookmarks: Vec<Record<Bookmark>>,
    #[serde(default)]
    pub highlights: Vec<Record<Highlight>>,
    /// Deletion markers, so a merge with an older copy cannot resurrect
    /// what was deleted.
    #[serde(default)]
    pub deleted: Vec<Tombstone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_article: Option<Stamped<String>>,
    /// Where the document was last read from: when that file's content
    /// changes, its new id has no record and this finds the old one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Stamped<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A value type plus the fields this version does not know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    #[serde(flatten)]
    pub value: T,
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> Record<T> {
    pub fn new(value: T) -> Self {
        Record { value, extra: Extra::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tombstone {
    pub id: String,
    pub deleted: Millis,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A single value whose latest write wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped<T> {
    pub value: T,
    pub updated: Millis,
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> Stamped<T> {
    pub fn new(value: T, updated: Millis) -> Self {
        Stamped { value, updated, extra: Extra::new() }
    }
}

/// What a store file's bytes turned out to be.
#[derive(Debug)]
pub enum Parsed {
    Current(StoreFile),
    /// Written by a newer quire: read what we understand, never write.
    Newer {
        version: u32,
        file: StoreFile,
    },
    Corrupt(String),
}

/// Classifies bytes: a newer version is recognised even when its shape is
/// no longer ours, so it is never mistaken for corruption and set aside.
pub fn parse(bytes: &[u8]) -> Parsed {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Parsed::Corrupt(e.to_string()),
    };
    let version = value.get("version").and_then(Value::as_u64);
    match version {
        Some(v) if v > u64::from(SCHEMA_VERSION) => {
            let version = u32::try_from(v).unwrap_or(u32::MAX);
            let file = serde_json::from_value(value).unwrap_or_default();
            Parsed::Newer { version, file }
        }
        Some(_) => match serde_json::from_value(value) {
            Ok(file) => Parsed::Current(file),
            Err(e) => Parsed::Corrupt(e.to_string()),
        },
        None => Parsed::Corrupt("no schema version".to_string()),
    }
}
