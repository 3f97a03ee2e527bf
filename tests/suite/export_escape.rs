//! Exact escaping: any highlighted text and note, exported and parsed back
//! with pulldown-cmark, is the same text (see the README, "Escaping").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_support;

use export_support::*;
use proptest::prelude::*;
use pulldown_cmark::Options;
use quire::model::anchor::anchor_for;
use quire::model::highlight::Highlight;
use quire::model::text::article_text;

/// What CommonMark can say: everything but U+0000.
fn representable(text: &str) -> String {
    text.replace('\0', "\u{fffd}")
}

fn one_highlight(text: &str, note: &str, title: &str) -> String {
    let mut doc = document(title, vec![article("A", None, vec![section(None, vec![para(text)])])]);
    doc.title = title.into();
    let a = &doc.articles[0];
    let full = article_text(a);
    let h = Highlight {
        id: "p1".into(),
        article_id: a.id.to_string(),
        anchor: anchor_for(&full, 0, full.chars().count()),
        colour: "yellow".into(),
        note: Some(note.into()),
        created: 0,
        updated: 0,
    };
    markdown(&doc, &[h], EXPORTED)
}

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        3 => prop::sample::select(vec!['\n', ' ', '\t', '#', '*', '_', '`', '\\', '-', '=', '1', '.', '>', '<', '[', ']', '|', '&', '!', '~', '$', '^', '%', ':', '+', ')']),
        1 => prop::sample::select(vec!['\r', '\0', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{2028}', '\u{3000}', '\u{feff}', '\u{200b}', 'é', '日', '🦀']),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any highlighted text and note parse back to themselves, with plain
    /// CommonMark and with every extension (but smart punctuation).
    #[test]
    fn escaped_text_parses_back_exactly(text in tricky_string(), note in tricky_string()) {
        let md = one_highlight(&text, &note, "T");
        let want_note = if note.trim().is_empty() { String::new() } else { representable(&note) };
        for opts in [Options::empty(), options()] {
            let (quote, got_note) = quote_and_note(&md, opts)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{md}")))?;
            prop_assert_eq!(&quote, &representable(&text), "{}", md);
            prop_assert_eq!(&got_note, &want_note, "{}", md);
        }
    }

    /// Titles become one-line headings that read back as their words.
    #[test]
    fn titles_parse_back_as_headings(title in tricky_string()) {
        let md = one_highlight("x", "", &title);
        let words = representable(&title).split_whitespace().collect::<Vec<_>>().join(" ");
        let blocks = blocks(&md, options()).map_err(|e| TestCaseError::fail(format!("{e}\n{md}")))?;
        let heading = blocks.iter().find(|b| b.0 == Kind::Heading).map(|b| b.1.clone());
        prop_assert_eq!(heading.unwrap_or_default(), words, "{}", md);
    }
}

#[test]
fn known_hard_cases_parse_back_exactly() {
    let cases = [
        "  indented code",
        "trailing spaces  ",
        "1. not a list",
        "2) nor this",
        "- item\n+ item\n* item",
        "# heading\n## again",
        "> quote",
        "Title\n===",
        "Title\n---",
        "***",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "<div>html</div>",
        "<https://example.com>",
        "&amp; &#65; &copy",
        "`code` ``more``",
        "[link](url) ![img](src) [[wiki]] [^1]",
        "~~strike~~ ~sub~ ^sup^ $x^2$ ==mark== %%comment%%",
        "line\\\nbreak\\",
        "a\n\n\nb\n",
        "\n\nleading",
        "tabs\tin\tcells",
        ": definition",
        "#tag and ^block-id",
        "日本語のテキスト 🦀",
    ];
    for text in cases {
        let md = one_highlight(text, text, "T");
        for opts in [Options::empty(), options()] {
            let (quote, note) = quote_and_note(&md, opts).unwrap_or_else(|e| panic!("{e}\n{md}"));
            assert_eq!(quote, text, "{md}");
            assert_eq!(note, text, "{md}");
        }
    }
}
