//! The on-disk format, version 1.
//!
//! A document's record, `records/<id>.json` (see [`super::layout`]):
//!
//! ```json
//! {"version": 1,
//!  "progress": {"<article id>": {…}},
//!  "bookmarks": […], "highlights": […],
//!  "deleted": [{"id": …, "deleted": <ms>}],
//!  "last_article": {"value": …, "updated": <ms>},
//!  "path": {"value": …, "updated": <ms>}}
//! ```
//!
//! The session, `session.json`: `{"version": 1, "list_cursor": {"value": …,
//! "updated": <ms>}}`. Before records existed all of it lived in one
//! `store.json`, `{"version": 1, "documents": {"<doc id>": <record>},
//! "list_cursor": …}`, which [`StoreFile`] still reads for the migration
//! and holds in memory.
//!
//! Every object keeps the fields it does not know in `extra` and writes
//! them back, so a newer quire's additions survive an older one's saves.
//! (Anchors are the exception: they are replaced whole when re-anchored.)

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
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

/// One document's file: its entry with the schema version beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordFile {
    pub version: u32,
    #[serde(flatten)]
    pub doc: DocEntry,
}

impl Default for RecordFile {
    fn default() -> Self {
        RecordFile { version: SCHEMA_VERSION, doc: DocEntry::default() }
    }
}

/// State of the whole session rather than of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_cursor: Option<Stamped<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFile {
    pub version: u32,
    #[serde(flatten)]
    pub session: Session,
}

impl Default for SessionFile {
    fn default() -> Self {
        SessionFile { version: SCHEMA_VERSION, session: Session::default() }
    }
}

/// What a store file's bytes turned out to be.
#[derive(Debug)]
pub enum Parsed<T = StoreFile> {
    Current(T),
    /// Written by a newer quire: read what we understand, never write.
    Newer {
        version: u32,
        file: T,
    },
    Corrupt(String),
}

impl<T> Parsed<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        match self {
            Parsed::Current(file) => Parsed::Current(f(file)),
            Parsed::Newer { version, file } => Parsed::Newer { version, file: f(file) },
            Parsed::Corrupt(reason) => Parsed::Corrupt(reason),
        }
    }
}

/// Classifies the bytes of a whole-store file (the old layout).
pub fn parse(bytes: &[u8]) -> Parsed {
    parse_versioned(bytes)
}

/// Classifies the bytes of a document's record file.
pub fn parse_record(bytes: &[u8]) -> Parsed<DocEntry> {
    parse_versioned::<RecordFile>(bytes).map(|f| f.doc)
}

/// Classifies the bytes of the session file.
pub fn parse_session(bytes: &[u8]) -> Parsed<Session> {
    parse_versioned::<SessionFile>(bytes).map(|f| f.session)
}

/// Classifies bytes: a newer version is recognised even when its shape is
/// no longer ours, so it is never mistaken for corruption and set aside.
fn parse_versioned<T: DeserializeOwned + Default>(bytes: &[u8]) -> Parsed<T> {
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
