#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The reader on an article too long to lay out whole: it lays out a
//! window around what is shown, and reading it must look exactly as if
//! the whole article were laid out: every line in order while scrolling,
//! `G` at the true end, finds, sections and resizes landing where they
//! should.

use std::sync::Arc;

use quire::model::layout::{WHOLE_UP_TO, layout_article};
use quire::state::{Action, AppState, Command, Edit, update};

use crate::common::{article, document, para, reader, reader_on, section};

/// A made-up essay of `sections` sections of varied paragraphs, long
/// enough to be laid out in windows; the last paragraph holds a word used
/// nowhere else.
fn essay(sections: usize) -> quire::model::Article {
    let words = ["harbour", "ledger", "signal", "ferry", "tide", "crane", "quay", "dock"];
    let body = |s: usize, p: usize| {
        let n = 20 + (s * 7 + p * 13) % 90;
        let text: Vec<&str> = (0..n).map(|i| words[(i * 3 + s + p) % 8]).collect();
        format!("Paragraph {s}.{p}: {}.", text.join(" "))
    };
    let mut parts: Vec<_> = (0..sections)
        .map(|s| {
            let heading = format!("Section {s} of the essay");
            section(Some(&heading), (0..8).map(|p| para(&body(s, p))).collect())
        })
        .collect();
    parts.push(section(Some("Closing"), vec![para("The zanzibar paragraph ends it all.")]));
    article("A very long essay", Some("Ines Duarte"), parts)
}

fn opened(size: (u16, u16)) -> AppState {
    reader_on(document("Long", vec![essay(900)]), size, quire::state::FIND_INLINE_MAX)
}

fn top_text(s: &AppState) -> String {
    let r = reader(s);
    r.layout.lines[r.top].text()
}

/// The lines on screen.
fn screen(s: &AppState) -> Vec<String> {
    let r = reader(s);
    let (_, height) = quire::state::geometry::reader_rows(s.size);
    let end = (r.top + height).min(r.layout.lines.len());
    r.layout.lines[r.top..end].iter().map(|l| l.text()).collect()
}

fn cmd(s: &mut AppState, c: Command) {
    update(s, Action::Command(c));
}

#[test]
fn a_long_article_opens_laid_out_in_part() {
    let s = opened((80, 24));
    let r = reader(&s);
    assert!(r.layout.text_len > WHOLE_UP_TO, "the essay is long: {}", r.layout.text_len);
    let whole = layout_article(&essay(900), r.width);
    assert!(r.layout.lines.len() * 4 < whole.lines.len(), "laid out whole");
    assert!(r.layout.at_start() && !r.layout.at_end());
    assert_eq!(top_text(&s), whole.lines[0].text());
}

#[test]
fn a_short_article_is_laid_out_whole() {
    // Near miss: the same shape, short, has one layout with every line.
    let mut s = AppState::new((80, 24));
    update(&mut s, Action::Loaded(Arc::new(document("Short", vec![essay(3)]))));
    update(&mut s, Action::LoadDone);
    cmd(&mut s, Command::Open);
    assert!(reader(&s).layout.is_whole());
}

#[test]
fn scrolling_shows_every_line_in_order() {
    let mut s = opened((80, 24));
    let whole = layout_article(&essay(900), reader(&s).width);
    let expected: Vec<String> = whole.lines.iter().map(|l| l.text()).collect();
    let (_, height) = quire::state::geometry::reader_rows(s.size);
    let page = height - 2;
    let mut at = 0;
    // Far enough to cross several window moves; every third step a page.
    // Each step shows a full screen of what the whole layout has there,
    // one line or a page further on (a blank line may be skipped where
    // the window moved).
    for step in 0..3000 {
        let (c, go) = if step % 3 == 0 { (Command::PageDown, page) } else { (Command::Down, 1) };
        cmd(&mut s, c);
        let shown = screen(&s);
        assert_eq!(shown.len(), height, "step {step}: a short screen");
        at = (at + go..at + go + 2)
            .find(|&i| expected[i..].starts_with(&shown))
            .unwrap_or_else(|| panic!("step {step}: {shown:?} is not {go} line(s) after {at}"));
    }
    assert!(at > 10_000 && at + height < expected.len(), "reached line {at}");
}

#[test]
fn g_lands_on_the_true_end_and_gg_on_the_start() {
    let mut s = opened((80, 24));
    cmd(&mut s, Command::Last);
    let r = reader(&s);
    assert!(r.layout.at_end());
    let last = r.layout.lines.last().unwrap().text();
    assert!(last.contains("zanzibar"), "last line {last:?}");
    let (_, height) = quire::state::geometry::reader_rows(s.size);
    assert_eq!(r.top + height, r.layout.lines.len());
    let id = s.docs[0].articles[0].id;
    assert!(s.progress[&id].read && s.progress[&id].percent == 100);
    cmd(&mut s, Command::First);
    assert_eq!(top_text(&s), "Section 0 of the essay");
    assert!(reader(&s).layout.at_start());
}

#[test]
fn find_near_the_end_shows_the_match() {
    let mut s = opened((80, 24));
    cmd(&mut s, Command::Find);
    for c in "zanzibar".chars() {
        // The essay is long enough for the find worker: answer as it would.
        for effect in update(&mut s, Action::Edit(Edit::Insert(c))) {
            if let quire::state::Effect::Find(request) = effect {
                let batch = quire::workers::find::scan_whole(request);
                update(&mut s, Action::FindMatches(batch));
            }
        }
    }
    update(&mut s, Action::Edit(Edit::Submit));
    let r = reader(&s);
    let (_, height) = quire::state::geometry::reader_rows(s.size);
    let shown: Vec<String> = r.layout.lines[r.top..(r.top + height).min(r.layout.lines.len())]
        .iter()
        .map(|l| l.text())
        .collect();
    assert!(shown.iter().any(|l| l.contains("zanzibar")), "screen: {shown:?}");
}

#[test]
fn sections_and_contents_cross_windows() {
    let mut s = opened((80, 24));
    for _ in 0..3 {
        cmd(&mut s, Command::NextSection);
    }
    assert_eq!(top_text(&s), "Section 3 of the essay");
    cmd(&mut s, Command::Contents);
    let Some(quire::state::Overlay::Contents { .. }) = s.overlay else { panic!("no contents") };
    s.overlay = Some(quire::state::Overlay::Contents { selected: 700 });
    cmd(&mut s, Command::Open);
    assert_eq!(top_text(&s), "Section 700 of the essay");
    cmd(&mut s, Command::PrevSection);
    assert_eq!(top_text(&s), "Section 699 of the essay");
}

#[test]
fn a_resize_keeps_the_same_text_on_top() {
    let mut s = opened((80, 24));
    cmd(&mut s, Command::Last);
    for _ in 0..40 {
        cmd(&mut s, Command::PageUp);
    }
    let anchor = reader(&s).anchor;
    update(&mut s, Action::Resize(61, 30));
    let r = reader(&s);
    let top = &r.layout.lines[r.top];
    assert!(top.offset <= anchor && anchor - top.offset < 80, "{} vs {anchor}", top.offset);
}
