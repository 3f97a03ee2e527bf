//! Plain-text segmenter (placeholder until the segmenter lands).
use super::Segmented;
use crate::model::document::*;

pub fn segment(text: &str, fallback_title: &str) -> Segmented {
    let blocks = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| Block::Paragraph(vec![Inline::text(p.trim())]))
        .collect();
    let section = Section { heading: None, level: 2, blocks };
    Segmented {
        title: fallback_title.into(),
        articles: vec![Article::new(fallback_title.into(), ArticleKind::Article, vec![section])],
    }
}
