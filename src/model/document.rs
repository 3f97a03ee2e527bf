//! The document model: Library → Document → Article → Section → Block → Inline.
//!
//! Identity never depends on where a file lives: documents and articles are
//! keyed by hashes of their content, so a moved or renamed file keeps its
//! reading state. Paths are carried only for display and reload.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use super::inline::{Inline, Inlines};

/// A stable content hash, shown as 16 hex digits. Serialized as that
/// text in human-readable formats, and as the number in binary ones (the
/// catalogue's): decoding the text cost an allocation and a parse per
/// article, a large part of listing a warm library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentId(pub u64);

impl Serialize for ContentId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_u64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for ContentId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let hex = String::deserialize(deserializer)?;
            ContentId::try_from(hex).map_err(serde::de::Error::custom)
        } else {
            u64::deserialize(deserializer).map(ContentId)
        }
    }
}

impl ContentId {
    /// Hashes any number of byte strings with separators, so `("ab","c")`
    /// and `("a","bc")` differ.
    pub fn of(parts: &[&[u8]]) -> Self {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        ContentId(hasher.digest())
    }
}

impl fmt::Display for ContentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The inverse of `Display`, so a cached document keeps its ids.
impl TryFrom<String> for ContentId {
    type Error = std::num::ParseIntError;

    fn try_from(hex: String) -> Result<Self, Self::Error> {
        u64::from_str_radix(&hex, 16).map(ContentId)
    }
}

impl From<ContentId> for String {
    fn from(id: ContentId) -> String {
        id.to_string()
    }
}

/// Everything quire has loaded: one document per file.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub documents: Vec<Document>,
}

/// How a file was interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Epub,
    Feed,
    /// A PDF's text layer, read as plain text.
    Pdf,
}

impl Format {
    /// A short tag for lists and listings.
    pub fn tag(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Epub => "epub",
            Format::Feed => "feed",
            Format::Pdf => "pdf",
        }
    }
}

/// One file, split into articles and non-article segments.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Hash of the normalised content (decoded, BOM stripped, LF, NFC).
    pub id: ContentId,
    /// Where it came from, for display and reload only.
    pub origin: String,
    pub title: String,
    pub format: Format,
    /// Every segment in file order. Ads and boilerplate are kept here, marked
    /// by their kind, so nothing the file said is silently lost.
    pub articles: Vec<Article>,
    /// Non-fatal problems met while loading (lossy decoding and the like).
    pub warnings: Vec<String>,
}

impl Document {
    /// Segments a reader wants to read, i.e. not ads or boilerplate.
    pub fn readable(&self) -> impl Iterator<Item = &Article> {
        self.articles.iter().filter(|a| a.kind.is_readable())
    }
}

/// What a segment of a document is. Only some kinds are listed as articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleKind {
    Article,
    Letter,
    Ad,
    FrontMatter,
    BackMatter,
    Boilerplate,
}

impl ArticleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::Article => "article",
            ArticleKind::Letter => "letter",
            ArticleKind::Ad => "ad",
            ArticleKind::FrontMatter => "front_matter",
            ArticleKind::BackMatter => "back_matter",
            ArticleKind::Boilerplate => "boilerplate",
        }
    }

    /// Articles and editor's letters are the reading; the rest is furniture
    /// kept only so that nothing is silently dropped.
    pub fn is_readable(self) -> bool {
        matches!(self, ArticleKind::Article | ArticleKind::Letter)
    }
}

/// One article (or non-article segment) of a document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    pub id: ContentId,
    pub title: String,
    pub author: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub kind: ArticleKind,
    /// The first section may have no heading: it holds the text before the
    /// first heading.
    pub sections: Vec<Section>,
    pub words: usize,
}

/// Average adult silent-reading speed for non-fiction, words per minute.
pub const READING_WPM: usize = 230;

impl Article {
    // `new` and `refresh`, which derive the id and word count from the
    // canonical text, are in `model::text`.

    /// Whole minutes, at least one for any non-empty article.
    pub fn reading_minutes(&self) -> usize {
        if self.words == 0 { 0 } else { self.words.div_ceil(READING_WPM) }
    }

    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.sections.iter().flat_map(|s| s.blocks.iter())
    }
}

/// A heading and the blocks under it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Option<String>,
    /// 2 for top-level sections of an article, deeper for sub-headings.
    pub level: u8,
    pub blocks: Vec<Block>,
}

/// A unit of reading text. 48 bytes, as large as a paragraph's one run
/// ([`Inlines`]): the rarer kinds keep their larger parts boxed or as
/// `Box<str>`, since a 100 MB file's model holds some 280,000 blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    Paragraph(Inlines),
    List(List),
    /// A block quote; `pull` marks a pull quote repeated from the text.
    Quote {
        blocks: Vec<Block>,
        pull: bool,
    },
    Code {
        lang: Option<Box<str>>,
        text: String,
    },
    Table(Box<Table>),
    /// A footnote definition, kept where the file put it.
    Footnote {
        label: Box<str>,
        blocks: Vec<Block>,
    },
    Rule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// The number of the first item for ordered lists.
    pub start: Option<u64>,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// `Some(done)` for a task list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub align: Vec<Align>,
    /// The first row is the header when `has_header` is set.
    pub rows: Vec<Vec<Vec<Inline>>>,
    pub has_header: bool,
}

#[cfg(test)]
mod tests {
    use super::{Block, ContentId};

    /// A 100 MB file's model holds some 280,000 blocks.
    #[test]
    fn a_block_takes_48_bytes() {
        assert_eq!(std::mem::size_of::<Block>(), 48);
    }

    #[test]
    fn content_ids_are_hex_text_in_json_and_numbers_in_the_cache() {
        let id = ContentId(0x00ab_cdef_0123_4567);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"00abcdef01234567\"");
        assert_eq!(serde_json::from_str::<ContentId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<ContentId>("\"not hex\"").is_err());
        let bytes = postcard::to_allocvec(&id).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(&id.0).unwrap(), "a varint, not 16 digits");
        assert_eq!(postcard::from_bytes::<ContentId>(&bytes).unwrap(), id);
    }
}
