//! Decoding a cached outline for the reader's list: its documents and
//! articles, without their sections.
//!
//! Why: a warm start lists every file of the library from the manifest's
//! outlines, and in a real library sections outnumber articles several to
//! one (the 2,000-file bench: 10,700 articles, 80,000 sections, 70,000
//! headings). Decoding a heading is an allocation; the list shows none of
//! them, and the whole document (sections, blocks and all) follows moments
//! later in the background. So the sections are read past: each heading is
//! borrowed from the encoded bytes and dropped.
//!
//! The types below mirror [`Document`] and [`Article`] field for field, as
//! their postcard encoding is a plain sequence of fields. A test checks
//! the mirror against the real types, so a field added there and not here
//! fails a test rather than a user's start (where it would only cost
//! speed: an outline that does not decode is loaded whole).

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use crate::model::document::{ArticleKind, Block, ContentId, Format};
use crate::model::{Article, Document};

/// The document of an encoded outline, its articles without sections.
pub fn decode(bytes: &[u8]) -> Option<Document> {
    postcard::from_bytes::<Listed>(bytes).ok().map(Listed::into_document)
}

#[derive(Deserialize)]
struct Listed<'a> {
    id: ContentId,
    /// Replaced by the path the file is listed under.
    #[serde(borrow)]
    _origin: &'a str,
    title: String,
    format: Format,
    articles: Vec<ListedArticle>,
    warnings: Vec<String>,
}

#[derive(Deserialize)]
struct ListedArticle {
    id: ContentId,
    title: String,
    author: Option<String>,
    source: Option<String>,
    date: Option<String>,
    kind: ArticleKind,
    #[serde(deserialize_with = "read_past_sections")]
    _sections: (),
    words: usize,
}

impl Listed<'_> {
    fn into_document(self) -> Document {
        let articles = self.articles.into_iter().map(ListedArticle::into_article).collect();
        Document {
            id: self.id,
            origin: String::new(),
            title: self.title,
            format: self.format,
            articles,
            warnings: self.warnings,
        }
    }
}

impl ListedArticle {
    fn into_article(self) -> Article {
        Article {
            id: self.id,
            title: self.title,
            author: self.author,
            source: self.source,
            date: self.date,
            kind: self.kind,
            sections: Vec::new(),
            words: self.words,
        }
    }
}

/// A section read and dropped: its heading borrowed, not copied.
#[derive(Deserialize)]
struct PastSection<'a> {
    #[serde(borrow)]
    _heading: Option<&'a str>,
    _level: u8,
    _blocks: Vec<Block>,
}

fn read_past_sections<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    struct Past;
    impl<'de> Visitor<'de> for Past {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a sequence of sections")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element::<PastSection<'de>>()?.is_some() {}
            Ok(())
        }
    }
    deserializer.deserialize_seq(Past)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::cache_entry::outline_of;
    use crate::model::loader;

    /// An outline as the list gets it: sections left out, origin blank.
    fn listed_view(doc: &Document) -> Document {
        let mut doc = outline_of(doc);
        doc.origin.clear();
        doc.articles.iter_mut().for_each(|a| a.sections.clear());
        doc
    }

    fn same(a: &Document, b: &Document) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn a_listed_outline_is_the_outline_without_its_sections() {
        let text = "# The Issue\n\n## First piece\n\nBy Ann Example\n\nText.\n\n### A part\n\n\
            More text.\n\n### Another part\n\nEnd.\n\n## Second piece\n\nBy Bo Sample\n\n\
            Words here.\n";
        let doc = loader::load("issue.md", text.as_bytes()).unwrap();
        assert!(doc.articles.iter().any(|a| a.sections.len() > 1), "a made-up shape with parts");
        let bytes = postcard::to_allocvec(&outline_of(&doc)).unwrap();
        let listed = decode(&bytes).unwrap();
        assert!(same(&listed, &listed_view(&doc)), "{listed:?}");
    }

    #[test]
    fn every_field_lands_in_its_own_place() {
        let section = |heading: &str| crate::model::document::Section {
            heading: Some(heading.into()),
            level: 3,
            blocks: Vec::new(),
        };
        let article = Article {
            id: ContentId(7),
            title: "T".into(),
            author: Some("A".into()),
            source: Some("S".into()),
            date: Some("D".into()),
            kind: ArticleKind::Letter,
            sections: vec![section("H1"), section("H2")],
            words: 42,
        };
        let doc = Document {
            id: ContentId(9),
            origin: "o.html".into(),
            title: "Doc".into(),
            format: Format::Html,
            articles: vec![article.clone(), Article { author: None, ..article }],
            warnings: vec!["W".into()],
        };
        let listed = decode(&postcard::to_allocvec(&doc).unwrap()).unwrap();
        assert!(same(&listed, &listed_view(&doc)), "{listed:?}");
    }

    #[test]
    fn bytes_that_are_not_an_outline_decode_to_nothing() {
        let doc = loader::load("a.md", b"# Title\n\nText.\n").unwrap();
        let bytes = postcard::to_allocvec(&outline_of(&doc)).unwrap();
        assert!(decode(&bytes[..bytes.len() / 2]).is_none(), "cut short");
        // Near miss: an article's bytes alone are not a document's.
        let article = postcard::to_allocvec(&doc.articles[0]).unwrap();
        assert!(decode(&article).is_none_or(|d| !same(&d, &listed_view(&doc))));
    }
}
