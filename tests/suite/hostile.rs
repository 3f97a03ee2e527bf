//! Property tests: the loader takes any bytes without panicking, and nothing
//! it produces can drive a terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use quire::model::loader;
use quire::model::text::article_text;
use quire::model::{Block, Document, Inline};

/// Text-like input: the characters segmenters care about (headings,
/// quotes, tables, bullets, tabs, newlines) mixed with escapes and controls.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("> ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("• ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("```\n".to_string()),
        Just("---\n".to_string()),
        Just("[x](http://e)".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]0;t\u{7}".to_string()),
        Just("\u{1b}".to_string()),
        Just("\u{9b}".to_string()),
        Just("\u{c}".to_string()),
        Just("\u{0}".to_string()),
        "[A-Za-z ]{1,12}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn check_clean(what: &str, text: &str) -> Result<(), TestCaseError> {
    let bad = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t');
    prop_assert!(bad.is_none(), "{what} contains {bad:?}: {text:?}");
    Ok(())
}

fn check_document(doc: &Document) -> Result<(), TestCaseError> {
    check_clean("document title", &doc.title)?;
    for article in &doc.articles {
        check_clean("article title", &article.title)?;
        for field in [&article.author, &article.source, &article.date].into_iter().flatten() {
            check_clean("byline", field)?;
        }
        for section in &article.sections {
            if let Some(heading) = &section.heading {
                check_clean("heading", heading)?;
            }
        }
        check_clean("article text", &article_text(article))?;
        check_links(article.blocks())?;
    }
    Ok(())
}

/// Link targets are not in the canonical text, but they are shown.
fn check_links<'a>(blocks: impl Iterator<Item = &'a Block>) -> Result<(), TestCaseError> {
    for block in blocks {
        if let Block::Paragraph(inlines) = block {
            for inline in inlines {
                if let Inline::Link { url, .. } = inline {
                    check_clean("link", url)?;
                }
            }
        }
    }
    Ok(())
}

fn load_both(bytes: &[u8]) -> Result<(), TestCaseError> {
    for origin in ["input.txt", "input.md"] {
        if let Ok(doc) = loader::load(origin, bytes) {
            check_document(&doc)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        load_both(&bytes)?;
    }

    #[test]
    fn texty_input_yields_clean_text(text in texty()) {
        load_both(text.as_bytes())?;
    }

    #[test]
    fn utf16_texty_input_yields_clean_text(text in texty()) {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        load_both(&bytes)?;
    }
}

#[test]
fn hostile_file_names_give_clean_titles() {
    for origin in ["\u{1b}[2Jevil.txt", "a\u{7}\u{9b}b.md", "\u{1b}]0;x\u{7}"] {
        let safe = quire::library::display_safe(origin);
        let doc = loader::load(&safe, b"").unwrap();
        assert!(!doc.title.chars().any(char::is_control), "{:?}", doc.title);
    }
}
