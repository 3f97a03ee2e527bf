//! Units of one article → sections and blocks.

use super::inline;
use super::shape::strip_marks;
use super::units::{Unit, UnitKind, paragraph};
use crate::model::document::{Article, ArticleKind, Block, Section};
use crate::model::shared::Source;

/// Builds the sections of an article from its content units. A one-line
/// unit shaped like a heading opens a section; a heading stacked right
/// under another is its sub-heading. Blocks gather in one scratch vector
/// and each section gets a copy sized to fit: pushed one by one, a
/// section's vector kept up to twice the room it needed, for the life of
/// the document.
pub fn sections(units: Vec<Unit>, source: &Source) -> Vec<Section> {
    let mut sections = vec![Section { heading: None, level: 2, blocks: Vec::new() }];
    let mut blocks = Vec::new();
    let count = units.len();
    let mut iter = units.into_iter().enumerate().peekable();
    while let Some((i, unit)) = iter.next() {
        let current = sections.len() - 1;
        if unit.is_line() && i + 1 < count && unit.is_heading() {
            sections[current].blocks = fitted(&mut blocks);
            let stacked =
                sections[current].heading.is_some() && sections[current].blocks.is_empty();
            let level = if stacked { sections[current].level + 1 } else { 2 };
            let heading = inline::strip(strip_marks(unit.text()));
            sections.push(Section {
                heading: Some(heading),
                level: level.min(4),
                blocks: Vec::new(),
            });
            continue;
        }
        let attribution = iter.peek().is_some_and(|(_, next)| is_attribution(next));
        let block = if attribution && unit.kind == UnitKind::Para {
            let by = iter.next().map(|(_, u)| u.into_text()).unwrap_or_default();
            Block::Quote {
                blocks: vec![paragraph(unit.into_text(), source), paragraph(by, source)],
                pull: false,
            }
        } else {
            unit.into_block(source)
        };
        blocks.push(block);
    }
    if let Some(last) = sections.last_mut() {
        last.blocks = fitted(&mut blocks);
    }
    sections.retain(|s| s.heading.is_some() || !s.blocks.is_empty());
    sections
}

/// The scratch vector's blocks, moved to a vector of their own sized to
/// fit; the scratch keeps its room for the next section.
fn fitted(blocks: &mut Vec<Block>) -> Vec<Block> {
    let mut fitted = Vec::with_capacity(blocks.len());
    fitted.append(blocks);
    fitted
}

/// "— Alex Pentland" under a quotation.
fn is_attribution(unit: &Unit) -> bool {
    let t = unit.text().trim_start();
    unit.is_line()
        && (t.starts_with('—') || t.starts_with('―') || t.starts_with("-- "))
        && t.split_whitespace().count() <= 10
}

/// An article with its metadata; `scratch` is kept across articles (see
/// [`Article::new_with`]).
pub fn article(
    title: String,
    kind: ArticleKind,
    units: Vec<Unit>,
    meta: (Option<String>, Option<String>, Option<String>),
    source: &Source,
    scratch: &mut String,
) -> Article {
    let mut article = Article::new_with(title, kind, sections(units, source), scratch);
    (article.author, article.source, article.date) = meta;
    article
}

/// A segment of furniture (ads, boilerplate, front or back matter): its
/// title is its first line.
pub fn furniture(kind: ArticleKind, units: Vec<Unit>, source: &Source) -> Article {
    let title = units
        .first()
        .map(|u| inline::strip(u.lines.first().copied().unwrap_or("")))
        .map(|t| t.chars().take(80).collect::<String>())
        .unwrap_or_default();
    // Not collected: that would reuse the units' vector, which has room
    // for more than twice as many blocks.
    let mut blocks = Vec::with_capacity(units.len());
    blocks.extend(units.into_iter().map(|unit| unit.into_block(source)));
    Article::new(title, kind, vec![Section { heading: None, level: 2, blocks }])
}

#[cfg(test)]
mod tests {
    use super::super::splitting::units;
    use super::*;

    #[test]
    fn headings_open_sections_and_stacked_ones_nest() {
        let text = "Lead text.\n\nLogistics\n\nStage management\n\nBody.\n\nOther\n\nMore.";
        let s = sections(units(text), &Source::none());
        let headings: Vec<_> = s.iter().map(|s| (s.heading.clone(), s.level)).collect();
        assert_eq!(
            headings,
            vec![
                (None, 2),
                (Some("Logistics".into()), 2),
                (Some("Stage management".into()), 3),
                (Some("Other".into()), 2)
            ]
        );
    }

    #[test]
    fn block_lists_have_no_spare_room() {
        let mut text = String::from("Lead.\n\nPart One\n\n");
        for k in 0..37 {
            text += &format!("Paragraph {k} of the part.\n\n");
        }
        text += "Part Two\n\nLast words.";
        let s = sections(units(&text), &Source::none());
        assert_eq!(s.iter().map(|s| s.blocks.len()).collect::<Vec<_>>(), [1, 37, 1]);
        for section in &s {
            assert_eq!(section.blocks.capacity(), section.blocks.len());
        }
        let f = furniture(ArticleKind::Ad, units(&text), &Source::none());
        let blocks = &f.sections[0].blocks;
        assert_eq!((blocks.len(), blocks.capacity()), (41, 41));
    }

    #[test]
    fn attributions_join_their_quote() {
        let text = "She said, \"No.\"\n\n— Guns N' Roses, \"Bad Obsession\"";
        let s = sections(units(text), &Source::none());
        assert!(matches!(&s[0].blocks[0], Block::Quote { blocks, .. } if blocks.len() == 2));
    }

    /// The shape: a paragraph that is one line of the file, unchanged,
    /// shares the file's bytes. Near misses: lines joined into one
    /// paragraph, and a line whose markup was parsed, are new text.
    #[test]
    fn a_paragraph_that_is_a_line_of_the_source_shares_it() {
        let source = Source::new(
            "Lead line as the file has it.\n\nA wrapped paragraph\nover two lines.\n\n\
             Some *marked* words here.\n"
                .to_string(),
        );
        let s = sections(units(source.text()), &source);
        let runs: Vec<(String, bool)> = s[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(inlines) => match &inlines[0] {
                    crate::model::document::Inline::Text(t) => (t.to_string(), t.is_shared()),
                    other => (format!("{other:?}"), false),
                },
                other => (format!("{other:?}"), false),
            })
            .collect();
        assert_eq!(runs[0], ("Lead line as the file has it.".to_string(), true));
        assert_eq!(runs[1], ("A wrapped paragraph over two lines.".to_string(), false));
        assert_eq!(runs[2], ("Some ".to_string(), false));
    }
}
