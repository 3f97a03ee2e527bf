//! Which heading level starts articles, read from the shape of the whole
//! file rather than from the convention that `#` is a title.
//!
//! A digest repeats one level for its articles, and the articles carry
//! the marks of separate pieces: a credit line (byline or date) right
//! under the heading or closing the piece before it (a signature), or a
//! thematic break before it (a break counts only
//! when no lead opens the file, as posts also rule off their sections).
//! A post's headings are sections of one piece: no credits, and usually a
//! lead before the first heading. A level seen once is never the article
//! level, so one stray heading cannot take over a file; nor is a level
//! that starts only in the second half of the file (credited comments
//! under a post). Without any mark, two or more `#` headings still make
//! articles (a heading that size names a piece), unless the file opens
//! with a lead of its own, the shape of one post.

use super::blocks::Piece;
use super::byline;
use crate::model::document::Block;
use crate::model::text::block_text;

/// Words of prose before the first heading that make it a post's lead.
/// A masthead or a one-line welcome is shorter; a real introduction,
/// two or three sentences at least, is longer.
pub const LEAD_WORDS: usize = 40;

/// The heading level that starts articles, or `None` when the file is one
/// article whose headings are its sections.
///
/// When several levels carry marks, the shallowest with at least half the
/// most marks wins: deeper credited entries (dated updates inside each
/// article) nest in the articles, while a shallow pair with one credit
/// (an issue heading signed by its editors) does not outweigh a level
/// whose every heading is credited.
pub fn article_level(pieces: &[Piece]) -> Option<u8> {
    let shape = Shape::of(pieces);
    let marks: Vec<(usize, usize)> = (1..=6)
        .filter(|&level| shape.count[level] >= 2 && shape.first[level] <= pieces.len() / 2)
        .map(|level| (level, shape.marks(level)))
        .filter(|&(_, marks)| marks > 0)
        .collect();
    let most = marks.iter().map(|&(_, m)| m).max().unwrap_or(0);
    if let Some(&(level, _)) = marks.iter().find(|&&(_, m)| m * 2 >= most) {
        return u8::try_from(level).ok();
    }
    (shape.count[1] >= 2 && shape.lead_words < LEAD_WORDS).then_some(1)
}

/// Per heading level: how many headings, how many with a credit line
/// under them, how many after a thematic break; and the lead's length.
#[derive(Default)]
struct Shape {
    count: [usize; 7],
    credited: [usize; 7],
    ruled: [usize; 7],
    /// Where the level's first heading is, in pieces.
    first: [usize; 7],
    lead_words: usize,
}

impl Shape {
    fn of(pieces: &[Piece]) -> Shape {
        let mut shape = Shape::default();
        let mut seen_heading = false;
        for (at, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Heading { level, .. } => {
                    let level = usize::from(*level).clamp(1, 6);
                    seen_heading = true;
                    if shape.count[level] == 0 {
                        shape.first[level] = at;
                    }
                    shape.count[level] += 1;
                    shape.credited[level] += usize::from(credit_at(pieces, at + 1));
                    // A signature closing the previous piece, not a credit
                    // already counted under the previous heading.
                    let signed = at >= 2
                        && credit_at(pieces, at - 1)
                        && !matches!(pieces[at - 2], Piece::Heading { .. });
                    shape.credited[level] += usize::from(signed);
                    let after_rule = at > 0 && matches!(pieces[at - 1], Piece::Block(Block::Rule));
                    shape.ruled[level] += usize::from(after_rule);
                }
                Piece::Block(block) if !seen_heading => {
                    shape.lead_words += block_text(block).split_whitespace().count();
                }
                Piece::Block(_) => {}
            }
        }
        shape
    }

    /// The marks of separate pieces at `level`: credit lines by at
    /// least a third of its headings (two at least, or the only one of
    /// two), plus thematic breaks before at least half of the headings
    /// after the first (two at least) when no lead opens the file.
    fn marks(&self, level: usize) -> usize {
        let (count, credited, ruled) = (self.count[level], self.credited[level], self.ruled[level]);
        let credits =
            if credited * 3 >= count && (credited >= 2 || count == 2) { credited } else { 0 };
        let ruled_off = ruled >= 2 && ruled * 2 >= count - 1 && self.lead_words < LEAD_WORDS;
        let rules = if ruled_off { ruled } else { 0 };
        credits + rules
    }
}

/// Is the piece at `at` a credit line (byline or date)?
fn credit_at(pieces: &[Piece], at: usize) -> bool {
    match pieces.get(at) {
        Some(Piece::Block(Block::Paragraph(inlines))) => byline::credit(inlines).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::Inline;

    fn heading(level: u8) -> Piece {
        Piece::Heading { level, inlines: vec![Inline::text("Heading")] }
    }

    fn para(text: &str) -> Piece {
        Piece::Block(Block::Paragraph(Inline::text(text).into()))
    }

    fn prose() -> Piece {
        para(&"word ".repeat(60))
    }

    #[test]
    fn credited_level_wins_over_a_stray_shallower_heading() {
        let mut pieces = Vec::new();
        for (i, level) in [2, 2, 1, 2, 2].into_iter().enumerate() {
            pieces.push(heading(level));
            if level == 2 && i % 2 == 0 {
                pieces.push(para("By Ada Brook"));
            }
            pieces.push(prose());
        }
        assert_eq!(article_level(&pieces), Some(2));
    }

    #[test]
    fn signatures_closing_each_piece_mark_the_next_heading() {
        let mut pieces = vec![heading(2), prose()];
        for _ in 0..3 {
            pieces.extend([para("— Lu Chen"), heading(2), prose()]);
        }
        assert_eq!(article_level(&pieces), Some(2));
        // Near-miss: one closing line in a post of four sections.
        let mut post = vec![heading(2), prose(), para("— Lu Chen")];
        for _ in 0..3 {
            post.extend([heading(2), prose()]);
        }
        assert_eq!(article_level(&post), None);
    }

    #[test]
    fn the_shallowest_well_marked_level_wins() {
        let credited = |level| [heading(level), para("By Ann Lee"), prose()];
        // Articles at 2, each with two dated updates at 3.
        let mut pieces = Vec::new();
        for _ in 0..3 {
            pieces.extend(credited(2));
            pieces.extend(credited(3));
            pieces.extend(credited(3));
        }
        assert_eq!(article_level(&pieces), Some(2));
        // A signed issue heading and one more H1 do not outweigh them.
        let mut issue = vec![heading(1), para("By The Editors"), prose()];
        for _ in 0..4 {
            issue.extend(credited(2));
        }
        issue.extend([heading(1), prose()]);
        assert_eq!(article_level(&issue), Some(2));
    }

    #[test]
    fn thematic_breaks_before_headings_mark_articles() {
        let rule = || Piece::Block(Block::Rule);
        let mut pieces = vec![para("Issue 3"), heading(3), prose()];
        for _ in 0..2 {
            pieces.extend([rule(), heading(3), prose()]);
        }
        assert_eq!(article_level(&pieces), Some(3));
        // Near-miss: a post with a lead rules off its own sections.
        pieces[0] = prose();
        assert_eq!(article_level(&pieces), None);
    }

    #[test]
    fn credited_headings_late_in_the_file_are_not_articles() {
        let mut pieces = vec![heading(1), prose()];
        for _ in 0..6 {
            pieces.extend([heading(2), prose()]);
        }
        for _ in 0..2 {
            pieces.extend([heading(3), para("By Jo Park"), prose()]);
        }
        assert_eq!(article_level(&pieces), None);
        // The same credits from the start are a digest.
        pieces.drain(2..14);
        assert_eq!(article_level(&pieces), Some(3));
    }

    #[test]
    fn several_h1s_are_articles_unless_a_lead_opens_the_file() {
        let digest = vec![para("Masthead."), heading(1), prose(), heading(1), prose()];
        assert_eq!(article_level(&digest), Some(1));
        let post = vec![prose(), heading(1), prose(), heading(1), prose()];
        assert_eq!(article_level(&post), None);
    }

    #[test]
    fn uncredited_sections_and_lone_headings_are_not_articles() {
        let post = vec![heading(1), prose(), heading(2), prose(), heading(2), prose()];
        assert_eq!(article_level(&post), None);
        // One credit among five headings is a quote's attribution, not a digest.
        let mut pieces = vec![heading(2), para("— Ada Brook")];
        for _ in 0..4 {
            pieces.extend([heading(2), prose()]);
        }
        assert_eq!(article_level(&pieces), None);
        assert_eq!(article_level(&[]), None);
    }
}
