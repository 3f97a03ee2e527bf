use super::*;
use crate::model::document::{Align, ArticleKind, Block, Inline, List, ListItem, Section, Table};
use crate::model::text::article_text;

fn article(sections: Vec<Section>) -> Article {
    Article::new("T".into(), ArticleKind::Article, sections)
}

fn section(heading: Option<&str>, blocks: Vec<Block>) -> Section {
    Section { heading: heading.map(String::from), level: 2, blocks }
}

fn para(text: &str) -> Block {
    Block::Paragraph(Inline::text(text).into())
}

fn one(blocks: Vec<Block>) -> Article {
    article(vec![section(None, blocks)])
}

fn texts(layout: &Layout) -> Vec<String> {
    layout.lines.iter().map(Line::text).collect()
}

/// The properties every layout must have: no line wider than the width,
/// every text span equal to the canonical text at its offset, line offsets
/// non-decreasing, and the total length equal to the canonical text's.
fn check(article: &Article, width: u16) -> Layout {
    let layout = layout_article(article, width);
    let text: Vec<char> = article_text(article).chars().collect();
    assert_eq!(layout.text_len, text.len(), "text_len");
    let mut prev = 0;
    for (i, line) in layout.lines.iter().enumerate() {
        assert!(line.width() <= usize::from(width), "line {i} too wide: {:?}", line.text());
        assert!(line.offset >= prev, "offsets go backwards at line {i}");
        prev = line.offset;
        for span in &line.spans {
            let Some(o) = span.offset else { continue };
            let n = span.text.chars().count();
            let canon: String = text[o..o + n].iter().collect();
            assert_eq!(wrap::sanitize(&canon), span.text, "span at {o} on line {i}");
        }
        if let Some(first) = line.spans.iter().find(|s| s.offset.is_some()) {
            assert!(first.offset.is_some_and(|o| o >= line.offset), "line {i} offset after text");
        }
    }
    layout
}

#[test]
fn prose_wraps_on_word_boundaries() {
    let a = one(vec![para("the quick brown fox jumps over the lazy dog")]);
    let l = check(&a, 10);
    assert_eq!(texts(&l), ["the quick", "brown fox", "jumps over", "the lazy", "dog"]);
}

#[test]
fn paragraphs_and_headings_are_separated_by_one_blank_line() {
    let a = article(vec![
        section(None, vec![para("intro")]),
        section(Some("Heading"), vec![para("one"), para("two")]),
    ]);
    let l = check(&a, 20);
    assert_eq!(texts(&l), ["intro", "", "Heading", "", "one", "", "two"]);
    assert_eq!(l.sections, [0, 2]);
    assert_eq!(l.lines[2].spans[0].style.role, Role::Heading(2));
}

#[test]
fn line_offsets_point_at_the_first_word_of_each_line() {
    let a = article(vec![
        section(None, vec![para("alpha beta gamma delta epsilon zeta eta theta")]),
        section(Some("A heading that wraps"), vec![para("iota kappa lambda mu nu xi")]),
    ]);
    let text: Vec<char> = article_text(&a).chars().collect();
    let l = check(&a, 12);
    for line in l.lines.iter().filter(|l| !l.text().is_empty()) {
        let first_word = line.text().split_whitespace().next().unwrap_or("").to_string();
        let at: String = text[line.offset..].iter().take(first_word.chars().count()).collect();
        assert_eq!(at, first_word);
    }
    // The blank line before the heading carries the heading's offset.
    let heading = l.sections[1];
    assert_eq!(l.lines[heading - 1].offset, l.lines[heading].offset);
}

#[test]
fn line_for_offset_finds_the_last_line_at_or_before() {
    let a = one(vec![para("aaa bbb ccc ddd"), para("eee")]);
    let l = check(&a, 8);
    assert_eq!(texts(&l), ["aaa bbb", "ccc ddd", "", "eee"]);
    assert_eq!(line_for_offset(&l, 0), 0);
    assert_eq!(line_for_offset(&l, 9), 1);
    assert_eq!(line_for_offset(&l, 17), 3); // the blank line gives way to the text
    assert_eq!(line_for_offset(&l, 1000), 3);
    assert_eq!(line_for_offset(&Layout::default(), 5), 0);
}

#[test]
fn cjk_breaks_between_characters_and_takes_two_columns() {
    let a = one(vec![para("日本語の文章は空白なしで続きます。次の文。")]);
    let l = check(&a, 10);
    assert!(l.lines.len() > 1);
    for line in &l.lines {
        assert!(line.width() <= 10);
        assert!(!line.text().starts_with('。'), "punctuation starts a line: {}", line.text());
    }
    assert_eq!(l.lines[0].text(), "日本語の文");
    assert_eq!(l.lines[0].width(), 10);
}

#[test]
fn mixed_cjk_and_latin() {
    let a = one(vec![para("Rust 言語 is great and 日本語も使える")]);
    let l = check(&a, 12);
    let joined: String = texts(&l).concat();
    assert!(joined.contains("言語"));
}

#[test]
fn emoji_take_two_columns_and_are_never_split() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let a = one(vec![para(&format!("{family}{family}{family} 👍🏽👍🏽 ok"))]);
    let l = check(&a, 5);
    for line in &l.lines {
        let t = line.text();
        assert!(
            t.matches(family).count() * family.len()
                + t.matches("👍🏽").count() * 8
                + t.matches("ok").count() * 2
                == t.len(),
            "split cluster: {t:?}"
        );
    }
    assert_eq!(l.lines[0].text(), format!("{family}{family}"));
}

#[test]
fn long_urls_break_at_grapheme_boundaries() {
    let url = "https://example.com/a/very/long/path/that/does/not/fit/anywhere.html";
    let a = one(vec![Block::Paragraph(
        vec![Inline::text("see "), Inline::Link { text: vec![Inline::text(url)], url: url.into() }]
            .into(),
    )]);
    let l = check(&a, 20);
    assert_eq!(l.links(), [url]);
    let joined: String = texts(&l)[1..].concat();
    assert_eq!(joined, format!("{url}[1]"));
    assert_eq!(l.lines[0].text(), "see");
    let marker = l.lines.last().and_then(|line| line.spans.last()).map(|s| s.style);
    assert_eq!(marker.map(|s| (s.role, s.link)), Some((Role::LinkMarker, Some(1))));
}

#[test]
fn links_are_numbered_in_reading_order_and_repeats_share_a_number() {
    let link = |t: &str, u: &str| Inline::Link { text: vec![Inline::text(t)], url: u.into() };
    let a = one(vec![Block::Paragraph(
        vec![
            link("a", "u1"),
            Inline::text(" "),
            link("b", "u2"),
            Inline::text(" "),
            link("c", "u1"),
        ]
        .into(),
    )]);
    let l = check(&a, 40);
    assert_eq!(l.links(), ["u1", "u2"]);
    assert_eq!(texts(&l), ["a[1] b[2] c[1]"]);
    assert_eq!(l.lines[0].spans[0].style.link, Some(1));
}

fn item(text: &str) -> ListItem {
    ListItem { task: None, blocks: vec![para(text)] }
}

#[test]
fn lists_have_hanging_indents_and_nest() {
    let nested = Block::List(List { start: None, items: vec![item("inner")] });
    let a = one(vec![Block::List(List {
        start: None,
        items: vec![
            item("first item wraps here"),
            ListItem { task: None, blocks: vec![para("second"), nested] },
        ],
    })]);
    let l = check(&a, 14);
    assert_eq!(texts(&l), ["• first item", "  wraps here", "• second", "  ◦ inner"]);
    assert_eq!(l.lines[0].spans[0].style.role, Role::ListMarker);
}

#[test]
fn ordered_and_task_lists() {
    let items: Vec<ListItem> = (0..10).map(|i| item(&format!("n{i}"))).collect();
    let a = one(vec![Block::List(List { start: Some(1), items })]);
    let l = check(&a, 20);
    assert_eq!(l.lines[0].text(), " 1. n0");
    assert_eq!(l.lines[9].text(), "10. n9");
    let tasks = vec![
        ListItem { task: Some(true), blocks: vec![para("done")] },
        ListItem { task: Some(false), blocks: vec![para("todo")] },
        ListItem { task: None, blocks: vec![] },
    ];
    let l = check(&one(vec![Block::List(List { start: None, items: tasks })]), 20);
    assert_eq!(texts(&l), ["[x] done", "[ ] todo", "•"]);
}

#[test]
fn quotes_have_a_gutter_and_pull_quotes_are_centred() {
    let a = one(vec![
        Block::Quote { blocks: vec![para("quoted text here"), para("more")], pull: false },
        Block::Quote { blocks: vec![para("pull")], pull: true },
    ]);
    let l = check(&a, 12);
    assert_eq!(texts(&l), ["│ quoted", "│ text here", "│", "│ more", "", "    pull"]);
    assert_eq!(l.lines[5].spans[1].style.role, Role::PullQuote);
    assert!(l.lines[5].spans[1].style.emphasis);
}

#[test]
fn code_is_not_rewrapped_but_cut_at_the_width() {
    let code = "fn main() {\n\tprintln!(\"a long line of code\");\n}\n";
    let a = one(vec![Block::Code { lang: Some("rust".into()), text: code.into() }]);
    let l = check(&a, 20);
    assert_eq!(
        texts(&l),
        ["▎ rust", "▎ fn main() {", "▎     println!(\"a lo", "▎ ng line of code\");", "▎ }"]
    );
    assert!(l.lines.iter().all(|line| line.spans[0].style.role == Role::CodeBlock));
}

fn cells(row: &[&str]) -> Vec<Vec<Inline>> {
    row.iter().map(|c| vec![Inline::text(*c)]).collect()
}

fn table(rows: &[&[&str]]) -> Block {
    Block::Table(Box::new(Table {
        align: vec![Align::Left, Align::Right],
        rows: rows.iter().map(|r| cells(r)).collect(),
        has_header: true,
    }))
}

#[test]
fn tables_align_columns_from_content() {
    let a = one(vec![table(&[&["Name", "Qty"], &["apple", "3"], &["kiwi", "12"]])]);
    let l = check(&a, 40);
    assert_eq!(texts(&l), ["Name  │ Qty", "──────┼────", "apple │   3", "kiwi  │  12"]);
    assert_eq!(l.lines[0].spans[0].style.role, Role::TableHeader);
}

#[test]
fn narrow_tables_shrink_columns_and_wrap_cells() {
    let a = one(vec![table(&[
        &["Language", "Description"],
        &["Rust", "A language empowering everyone to build reliable software"],
    ])]);
    let l = check(&a, 30);
    assert!(l.lines.len() > 3);
    let bar = l.lines[0].text().find('│');
    assert!(bar.is_some());
    for line in l.lines.iter().filter(|l| l.text().contains('│')) {
        assert_eq!(line.text().find('│'), bar, "misaligned: {}", line.text());
    }
}

#[test]
fn tables_too_wide_for_columns_fall_back_to_header_value_lines() {
    let header: Vec<String> = (0..8).map(|i| format!("Col{i}")).collect();
    let row: Vec<String> = (0..8).map(|i| format!("value{i}")).collect();
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let r: Vec<&str> = row.iter().map(String::as_str).collect();
    let a = one(vec![table(&[&h, &r, &r])]);
    let l = check(&a, 20);
    assert_eq!(l.lines[0].text(), "Col0: value0");
    assert_eq!(l.lines[7].text(), "Col7: value7");
    assert_eq!(l.lines[8].text(), "");
    assert_eq!(l.lines[8 + 1].text(), "Col0: value0");
}

#[test]
fn footnotes_show_their_label() {
    let a = one(vec![
        Block::Paragraph(vec![Inline::text("claim"), Inline::FootnoteRef("1".into())].into()),
        Block::Footnote { label: "1".into(), blocks: vec![para("the source of it all")] },
    ]);
    let l = check(&a, 14);
    assert_eq!(texts(&l), ["claim[1]", "", "[1] the source", "    of it all"]);
    assert_eq!(l.lines[2].spans[0].style.role, Role::Footnote);
}

#[test]
fn rules_and_empty_blocks_keep_offsets_consistent() {
    let a = one(vec![
        para("before"),
        Block::Rule,
        Block::Paragraph(vec![].into()),
        para("after"),
        Block::Quote { blocks: vec![Block::Rule, para("q")], pull: false },
    ]);
    let l = check(&a, 10);
    assert_eq!(texts(&l), ["before", "", "──────────", "", "after", "", "│ ────────", "│", "│ q"]);
    // The rule line carries the offset of the text after it.
    assert_eq!(l.lines[2].offset, 8);
}

#[test]
fn hard_breaks_and_control_characters() {
    let a = one(vec![Block::Paragraph(
        vec![Inline::text("one\ttwo"), Inline::Break, Inline::text("three\u{7}")].into(),
    )]);
    let l = check(&a, 20);
    assert_eq!(texts(&l), ["one two", "three\u{FFFD}"]);
}

#[test]
fn tiny_widths_do_not_loop_or_panic() {
    let a = one(vec![
        para("some words 日本語 👍"),
        table(&[&["a", "b"], &["c", "d"]]),
        Block::Code { lang: None, text: "x".into() },
    ]);
    for width in 0..6 {
        let l = layout_article(&a, width);
        assert!(!l.lines.is_empty());
    }
}

proptest::proptest! {
    #[test]
    fn any_text_lays_out_consistently(s in "[a-z 日本\u{1F44D}\\n]{0,200}", width in 10u16..60) {
        let a = one(vec![para(&s), Block::List(List { start: None, items: vec![item(&s)] })]);
        check(&a, width);
    }
}

#[test]
fn controls_are_found_in_ascii_and_other_text_alike() {
    assert!(wrap::has_controls("tab\there"));
    assert!(wrap::has_controls("del\u{7f}"));
    assert!(wrap::has_controls("café\u{85}next"));
    // Near miss: newlines and plain text, ASCII or not, are no controls.
    assert!(!wrap::has_controls("one\ntwo"));
    assert!(!wrap::has_controls("naïve café, 東京"));
}

#[test]
fn spans_join_the_graphemes_of_one_style_on_a_line() {
    let styled = Block::Paragraph(
        vec![
            Inline::Text("plain words then ".into()),
            Inline::Strong(vec![Inline::Text("strong ones".into())]),
            Inline::Text(" and plain again".into()),
        ]
        .into(),
    );
    let layout = check(&one(vec![styled]), 20);
    let spans: Vec<Vec<&str>> =
        layout.lines.iter().map(|l| l.spans.iter().map(|s| s.text.as_str()).collect()).collect();
    assert_eq!(spans, [vec!["plain words then"], vec!["strong ones", " and"], vec!["plain again"]]);
}
