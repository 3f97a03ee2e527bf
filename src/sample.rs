//! The built-in sample eMag: something to read on first start, and a
//! realistic document for tests and demos. Its text is original to quire.
//!
//! The document's origin is [`SAMPLE_ORIGIN`], a label rather than a path:
//! the sample lives in the binary, so code that reloads documents from
//! disk must recognise that origin and skip it.

use crate::model::document::{ContentId, Document, Format};
use crate::model::loader;

/// The sample's file name, e.g. for writing it out or naming exports.
pub const SAMPLE_NAME: &str = "sample.md";

/// Shown where a document's path would be.
pub const SAMPLE_ORIGIN: &str = "quire sample eMag (built in)";

/// The sample's Markdown source.
pub const SAMPLE_EMAG: &str = include_str!("../assets/sample.md");

/// The sample, loaded like any other Markdown file.
pub fn sample_document() -> Document {
    match loader::load_as(SAMPLE_ORIGIN, SAMPLE_EMAG.as_bytes(), Format::Markdown) {
        Ok(document) => document,
        // Unreachable for text, but a reader must never panic: show an
        // empty document that says what went wrong.
        Err(error) => Document {
            id: ContentId::of(&[SAMPLE_EMAG.as_bytes()]),
            origin: SAMPLE_ORIGIN.to_string(),
            title: "quire sample eMag".to_string(),
            format: Format::Markdown,
            articles: Vec::new(),
            warnings: vec![format!("the built-in sample could not be read: {error}")],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{Block, Inline};
    use crate::model::text::{article_text, is_cjk};

    fn has_block(doc: &Document, wanted: fn(&Block) -> bool) -> bool {
        doc.articles.iter().flat_map(|a| a.blocks()).any(wanted)
    }

    #[test]
    fn the_sample_loads_into_a_few_articles() {
        let doc = sample_document();
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        assert_eq!(doc.title, "The quire eMag, issue 0: Reading in the terminal");
        assert!((3..=4).contains(&doc.articles.len()), "{} articles", doc.articles.len());
        assert_eq!(doc.readable().count(), doc.articles.len());
        for article in &doc.articles {
            assert_eq!(article.author.as_deref(), Some("The quire team"));
            assert!(article.date.is_some());
            assert!(article.sections.iter().filter(|s| s.heading.is_some()).count() >= 2);
            assert!((300..=700).contains(&article.words), "{}: {}", article.title, article.words);
        }
    }

    #[test]
    fn the_sample_exercises_every_kind_of_block() {
        let doc = sample_document();
        assert!(has_block(&doc, |b| matches!(b, Block::List(_))));
        assert!(has_block(&doc, |b| matches!(b, Block::Quote { .. })));
        assert!(has_block(&doc, |b| matches!(b, Block::Table(_))));
        assert!(has_block(&doc, |b| matches!(b, Block::Footnote { .. })));
        assert!(has_block(&doc, |b| matches!(b, Block::Code { lang: Some(_), .. })));
        assert!(has_block(&doc, |b| match b {
            Block::List(list) => list.items.iter().any(|i| i.task.is_some()),
            _ => false,
        }));
        assert!(has_block(&doc, |b| match b {
            Block::Paragraph(p) => p.iter().any(|i| matches!(i, Inline::Link { .. })),
            _ => false,
        }));
        let text: String = doc.articles.iter().map(article_text).collect();
        assert!(text.chars().any(is_cjk));
        assert_eq!(loader::format_of(SAMPLE_NAME), Format::Markdown);
    }
}
