//! Full justification: widening the spaces of a wrapped line to the width.
//!
//! The added spaces are decoration spans (no offset), inserted after the
//! text's own spaces, so every text span still maps one to one onto the
//! canonical text and find, progress and anchors are unaffected.

use super::Span;
use super::wrap::WLine;

/// A line needing more than this many extra columns per gap is left
/// ragged: a few words stretched across a line read worse than a ragged
/// edge (typically the line before an unbreakable URL).
const MAX_EXTRA_PER_GAP: usize = 3;

pub(super) fn justify_line(line: WLine, width: usize) -> WLine {
    let extra = width.saturating_sub(line.width);
    let gaps: usize = line
        .spans
        .iter()
        .filter(|s| s.offset.is_some())
        .map(|s| s.text.chars().filter(|&c| c == ' ').count())
        .sum();
    if extra == 0 || gaps == 0 || extra > gaps * MAX_EXTRA_PER_GAP {
        return line;
    }
    // Every gap gets `base` more; the last `rest` gaps one more again.
    let (base, rest) = (extra / gaps, extra % gaps);
    let mut gap = 0;
    let mut spans = Vec::with_capacity(line.spans.len() + gaps);
    for span in line.spans {
        let Some(offset) = span.offset else {
            spans.push(span);
            continue;
        };
        let mut piece = String::new();
        let mut start = offset;
        for (i, c) in span.text.chars().enumerate() {
            piece.push(c);
            if c != ' ' {
                continue;
            }
            let pad = base + usize::from(gap >= gaps - rest);
            gap += 1;
            spans.push(Span {
                text: std::mem::take(&mut piece),
                style: span.style,
                offset: Some(start),
            });
            spans.push(Span::deco(" ".repeat(pad), span.style));
            start = offset + i + 1;
        }
        if !piece.is_empty() {
            spans.push(Span { text: piece, style: span.style, offset: Some(start) });
        }
    }
    WLine { spans, width: width.max(line.width), hard: line.hard }
}

#[cfg(test)]
mod tests {
    use crate::model::document::{Article, ArticleKind, Block, Inline, Section};
    use crate::model::layout::{Layout, LayoutOptions, layout_article, layout_article_with};
    use crate::model::text::article_text;

    fn article(paras: &[&str]) -> Article {
        let blocks = paras.iter().map(|p| Block::Paragraph(Inline::text(*p).into())).collect();
        let section = Section { heading: Some("Heading".into()), level: 2, blocks };
        Article::new("T".into(), ArticleKind::Article, vec![section])
    }

    fn justified(a: &Article, width: u16) -> Layout {
        layout_article_with(a, width, LayoutOptions { justify: true })
    }

    const TEXT: &str = "Terminal readers trade pictures for speed and focus. A good one wraps \
        text to a comfortable measure and keeps your place.";

    #[test]
    fn inner_lines_fill_the_width_and_the_last_stays_ragged() {
        let a = article(&[TEXT, "Short one."]);
        let ragged = layout_article(&a, 24);
        let just = justified(&a, 24);
        assert_eq!(ragged.lines.len(), just.lines.len(), "same breaks");
        let body: Vec<_> = just.lines.iter().skip(2).take_while(|l| l.width() > 0).collect();
        let (last, inner) = body.split_last().unwrap();
        assert!(inner.len() > 2);
        for line in inner {
            assert_eq!(line.width(), 24, "{:?}", line.text());
        }
        assert!(last.width() < 24, "last line ragged: {:?}", last.text());
        // The heading is never stretched.
        assert_eq!(just.lines[0].text(), ragged.lines[0].text());
    }

    #[test]
    fn offsets_still_index_the_canonical_text() {
        let a = article(&[TEXT]);
        let text: Vec<char> = article_text(&a).chars().collect();
        let just = justified(&a, 30);
        let ragged = layout_article(&a, 30);
        for (j, r) in just.lines.iter().zip(&ragged.lines) {
            assert_eq!(j.offset, r.offset);
            for span in j.spans.iter() {
                let Some(o) = span.offset else { continue };
                let n = span.text.chars().count();
                assert_eq!(text[o..o + n].iter().collect::<String>(), span.text);
            }
        }
    }

    #[test]
    fn very_loose_lines_stay_ragged() {
        let a = article(&["a b https://example.com/a/very/long/path/that/cannot/break end"]);
        let just = justified(&a, 40);
        assert_eq!(just.lines[2].text(), "a b");
    }
}
