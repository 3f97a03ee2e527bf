//! Tests of the page layout: glyphs placed by hand, text read back.
use super::*;

/// Places `text` one glyph per character, `advance` apart.
fn place(page: &mut PageBuilder, x: f64, y: f64, text: &str) {
    for (i, c) in text.chars().enumerate() {
        page.glyph(x + i as f64 * 6.0, y, 6.0, 10.0, &c.to_string());
    }
}

#[test]
fn rows_read_top_down_whatever_the_paint_order() {
    let mut page = PageBuilder::default();
    place(&mut page, 50.0, 100.0, "footer line");
    place(&mut page, 50.0, 700.0, "first line");
    place(&mut page, 50.0, 688.0, "second line");
    assert_eq!(page.finish(), "first line\nsecond line\n\n\n\nfooter line\n");
}

/// Places `text` at `size`, glyphs `size * 0.6` apart.
fn place_sized(page: &mut PageBuilder, x: f64, y: f64, size: f64, text: &str) {
    for (i, c) in text.chars().enumerate() {
        page.glyph(x + i as f64 * size * 0.6, y, size * 0.6, size, &c.to_string());
    }
}

#[test]
fn superscripts_stay_on_their_line() {
    let mut page = PageBuilder::default();
    place(&mut page, 50.0, 700.0, "the first line");
    place(&mut page, 50.0, 688.0, "a claim");
    place_sized(&mut page, 92.0, 691.5, 6.0, "12");
    place(&mut page, 102.0, 688.0, " and the rest");
    place(&mut page, 50.0, 676.0, "the third line");
    assert_eq!(page.finish(), "the first line\na claim12 and the rest\nthe third line\n");
}

#[test]
fn a_drop_cap_does_not_pull_lines_together() {
    // Near miss: a letter four times the body size beside three lines.
    let mut page = PageBuilder::default();
    place_sized(&mut page, 50.0, 664.0, 40.0, "O");
    place(&mut page, 80.0, 688.0, "nce upon a time");
    place(&mut page, 80.0, 676.0, "there was a queue");
    place(&mut page, 80.0, 664.0, "that nobody owned");
    let text = page.finish();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.starts_with("nce upon a time\nthere was a queue\n"), "{text}");
}

#[test]
fn ligatures_are_spelled_out() {
    let mut page = PageBuilder::default();
    place(&mut page, 50.0, 700.0, "ﬁnd the ﬂaky oﬃce");
    assert_eq!(page.finish(), "find the flaky office\n");
    // Near miss: other letters outside ASCII stay as they are.
    let mut page = PageBuilder::default();
    place(&mut page, 50.0, 700.0, "œuvre ß");
    assert_eq!(page.finish(), "œuvre ß\n");
}

#[test]
fn vertical_space_becomes_blank_lines() {
    let mut page = PageBuilder::default();
    for (i, y) in [700.0, 688.0, 664.0, 652.0].iter().enumerate() {
        place(&mut page, 50.0, *y, &format!("line {i}"));
    }
    assert_eq!(page.finish(), "line 0\nline 1\n\nline 2\nline 3\n");
}

#[test]
fn short_paragraphs_keep_their_blank_lines() {
    // Most gaps here are paragraph gaps; the line spacing is the
    // smaller one that recurs.
    let mut page = PageBuilder::default();
    let ys = [700.0, 688.0, 664.0, 640.0, 628.0, 604.0, 580.0];
    for (i, y) in ys.iter().enumerate() {
        place(&mut page, 50.0, *y, &format!("line {i}"));
    }
    assert_eq!(page.finish(), "line 0\nline 1\n\nline 2\n\nline 3\nline 4\n\nline 5\n\nline 6\n");
}

#[test]
fn gaps_between_words_become_spaces_and_wide_gaps_tabs() {
    let mut page = PageBuilder::default();
    place(&mut page, 50.0, 700.0, "two");
    place(&mut page, 50.0 + 4.0 * 6.0, 700.0, "words");
    place(&mut page, 200.0, 700.0, "cell");
    assert_eq!(page.finish(), "two words\tcell\n");
}

fn two_column_page(interleaved: bool) -> PageBuilder {
    let mut page = PageBuilder::default();
    place(&mut page, 50.0, 740.0, "A headline that runs across both of the columns here");
    let left: Vec<String> = (0..8).map(|i| format!("left column prose line number {i}")).collect();
    let right: Vec<String> =
        (0..8).map(|i| format!("right column prose line number {i}")).collect();
    let y = |i: usize| 716.0 - i as f64 * 12.0;
    if interleaved {
        for i in 0..8 {
            place(&mut page, 50.0, y(i), &left[i]);
            place(&mut page, 320.0, y(i), &right[i]);
        }
    } else {
        (0..8).for_each(|i| place(&mut page, 50.0, y(i), &left[i]));
        (0..8).for_each(|i| place(&mut page, 320.0, y(i), &right[i]));
    }
    page
}

#[test]
fn two_columns_are_read_one_after_the_other() {
    for interleaved in [true, false] {
        let text = two_column_page(interleaved).finish();
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert!(lines[0].starts_with("A headline"), "{text}");
        assert_eq!(lines[1], "left column prose line number 0");
        assert_eq!(lines[8], "left column prose line number 7");
        assert_eq!(lines[9], "right column prose line number 0", "{text}");
        assert_eq!(lines.len(), 17);
    }
}

#[test]
fn a_table_is_not_taken_for_columns() {
    // Near miss: rows split at one x, but the cells are short.
    let mut page = PageBuilder::default();
    for i in 0..8 {
        let y = 700.0 - i as f64 * 12.0;
        place(&mut page, 50.0, y, &format!("key {i}"));
        place(&mut page, 320.0, y, &format!("value {i}"));
    }
    let text = page.finish();
    assert!(text.starts_with("key 0\tvalue 0\nkey 1\tvalue 1\n"), "{text}");
}
