//! A window of a long article is the same lines as the whole layout has
//! there, whatever the parts, their kinds and where the window falls.

use std::ops::Range;

use proptest::prelude::*;

use super::*;
use crate::model::document::{ArticleKind, Block, Inline, Inlines, List, ListItem, Section};
use crate::model::text::article_text;

/// A made-up article of `sections` sections; `seed` picks each part's kind
/// (paragraphs with links and emphasis, lists, quotes, code, rules, empty
/// paragraphs) and whether a section has a heading.
fn article(seed: u64, sections: usize) -> Article {
    let mut rng = seed | 1;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let words = ["quay", "ledger", "tide", "harbour", "ferry", "signal", "dock", "crane"];
    let mut sentence = |n: u64| -> String {
        let k = 3 + next(n) as usize;
        (0..k).map(|i| words[(i * 5 + next(8) as usize) % 8]).collect::<Vec<_>>().join(" ")
    };
    let mut out = Vec::new();
    for s in 0..sections {
        let heading = (s % 3 != 1).then(|| format!("Part {s}: {}", sentence(3)));
        let blocks = (0..(s % 5) * 3)
            .map(|b| match (s + b) % 7 {
                0 => Block::Paragraph(
                    vec![
                        Inline::text(sentence(40)),
                        Inline::Link {
                            text: vec![Inline::text("map")],
                            url: format!("u{}", b % 4),
                        },
                        Inline::Emphasis(vec![Inline::text(sentence(9))]),
                    ]
                    .into(),
                ),
                1 => Block::List(List {
                    start: None,
                    items: (0..3)
                        .map(|_| ListItem {
                            task: None,
                            blocks: vec![Block::Paragraph(Inline::text(sentence(20)).into())],
                        })
                        .collect(),
                }),
                2 => Block::Quote {
                    blocks: vec![Block::Paragraph(Inline::text(sentence(30)).into())],
                    pull: false,
                },
                3 => {
                    Block::Code { lang: None, text: format!("{}\n  {}", sentence(4), sentence(4)) }
                }
                4 => Block::Rule,
                5 => Block::Paragraph(Inlines::new()),
                _ => Block::Paragraph(Inline::text(sentence(80)).into()),
            })
            .collect();
        out.push(Section { heading, level: 2, blocks });
    }
    Article::new("Long".into(), ArticleKind::Article, out)
}

/// An 80 by 24 terminal's screen, in chars.
const SCREEN: usize = 80 * 24;

#[test]
fn the_plan_finds_every_part_in_the_text() {
    let a = article(7, 40);
    let plan = Plan::of(&a);
    let text: Vec<char> = article_text(&a).chars().collect();
    assert_eq!(plan.text_len, text.len());
    let whole = layout_article(&a, 60);
    for part in plan.all() {
        let offset = plan.offset_of(part);
        assert!(offset <= text.len());
        // Every text line of the whole layout lies inside one part.
        let next = plan.offset_of(part + 1);
        assert!(offset <= next, "part {part} starts after the next");
    }
    let starts: Vec<usize> = whole.lines.iter().map(|l| l.offset).collect();
    for &o in &plan.section_offsets {
        assert!(o <= text.len() && (starts.contains(&o) || o == text.len()), "section at {o}");
    }
}

#[test]
fn a_short_article_is_always_laid_out_whole() {
    let a = article(3, 12);
    let plan = Plan::of(&a);
    assert!(plan.text_len <= WHOLE_UP_TO);
    assert_eq!(plan.window_around(plan.text_len / 2, SCREEN), plan.all());
}

#[test]
fn windows_of_a_long_article_stay_within_reach() {
    // Near miss for the whole-article rule: past the limit, a window.
    let a = article(11, 4000);
    let plan = Plan::of(&a);
    assert!(plan.text_len > WHOLE_UP_TO, "the sample is long: {}", plan.text_len);
    let middle = plan.window_around(plan.text_len / 2, SCREEN);
    assert!(middle.start > 0 && middle.end < plan.parts());
    let span = plan.offset_of(middle.end) - plan.offset_of(middle.start);
    assert!((REACH..4 * REACH).contains(&span), "window spans {span} chars");
    assert_eq!(plan.window_around(plan.text_len, SCREEN).end, plan.parts());
    assert_eq!(plan.window_around(0, SCREEN).start, 0);
}

#[test]
fn a_large_screen_gets_a_wider_window() {
    // Near miss for the usual reach: a 300 by 90 terminal would keep two
    // screens of margin inside a window of the usual size.
    let a = article(11, 4000);
    let plan = Plan::of(&a);
    let span = |w: Range<usize>| plan.offset_of(w.end) - plan.offset_of(w.start);
    let usual = span(plan.window_around(plan.text_len / 2, SCREEN));
    let large = span(plan.window_around(plan.text_len / 2, 300 * 90));
    assert!(reach(300 * 90) > REACH && large > 2 * usual, "{large} vs {usual}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_window_is_the_whole_layout_there(
        seed in any::<u64>(),
        sections in 1usize..40,
        width in 12u16..90,
        from in 0.0f64..1.0,
        len in 1usize..30,
    ) {
        let a = article(seed, sections);
        let whole = layout_article(&a, width);
        let plan = Arc::new(Plan::of(&a));
        let start = ((plan.parts() as f64) * from) as usize;
        let window = start.min(plan.parts())..(start + len).min(plan.parts());
        let part = layout_window(&a, &plan, window.clone(), width, LayoutOptions::default());
        prop_assert_eq!(&part.links(), &whole.links());
        prop_assert_eq!(part.text_len, whole.text_len);
        if part.lines.is_empty() {
            return Ok(());
        }
        // The window's first line is in the whole layout among the lines
        // at its offset: after the blank line that separates its first
        // part from the one before, and after parts that show no text of
        // their own (a rule), which take the next text's offset.
        let first = part.lines[0].offset;
        let at = whole.lines.partition_point(|l| l.offset < first);
        let same = whole.lines[at..].iter().take_while(|l| l.offset == first).count();
        // Lines that show no text (a rule) can match in more than one
        // place there; the sections must agree with one of them.
        let found: Vec<usize> =
            (at..=at + same).filter(|&i| whole.lines[i..].starts_with(&part.lines)).collect();
        prop_assert!(!found.is_empty(), "window {:?} not found in the whole layout", window);
        let sections_agree = |at: usize| {
            part.sections.iter().enumerate().all(|(s, &line)| {
                whole.sections[part.first_section + s].abs_diff(line + at) <= 1
            })
        };
        prop_assert!(found.iter().any(|&at| sections_agree(at)), "sections of {:?}", window);
    }
}
