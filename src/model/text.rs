//! The canonical text of an article: markup removed, one string.
//!
//! Search offsets, anchors and layout all index into this text (in chars),
//! so it is defined in exactly one place. Section headings are part of it;
//! the article title is not (it is metadata, shown in the header).

use super::document::{Article, Block, Inline};

/// Separator between blocks in the canonical text.
pub const BLOCK_SEP: &str = "\n\n";

/// The canonical text of a whole article.
pub fn article_text(article: &Article) -> String {
    let mut out = String::new();
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            push_block(&mut out, heading);
        }
        for block in &section.blocks {
            let text = block_text(block);
            push_block(&mut out, &text);
        }
    }
    out
}

fn push_block(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str(BLOCK_SEP);
    }
    out.push_str(text);
}

/// The canonical text of one block.
pub fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph(inlines) => inline_text(inlines),
        Block::List(list) => list
            .items
            .iter()
            .map(|item| blocks_text(&item.blocks, "\n"))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Quote { blocks, .. } => blocks_text(blocks, BLOCK_SEP),
        Block::Code { text, .. } => text.clone(),
        Block::Table(table) => table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| inline_text(c)).collect::<Vec<_>>().join("\t"))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Footnote { label, blocks } => {
            format!("[{label}] {}", blocks_text(blocks, BLOCK_SEP))
        }
        Block::Rule => String::new(),
    }
}

fn blocks_text(blocks: &[Block], sep: &str) -> String {
    blocks.iter().map(block_text).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(sep)
}

/// Plain text of inline runs.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, inlines);
    out
}

fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => push_inlines(out, c),
            Inline::Link { text, .. } => push_inlines(out, text),
            Inline::FootnoteRef(label) => {
                out.push('[');
                out.push_str(label);
                out.push(']');
            }
            Inline::Break => out.push('\n'),
        }
    }
}

/// Words for reading time: whitespace-separated tokens, and each CJK
/// character on its own, since CJK text has no spaces between words.
pub fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // Only whitespace ends a word: "don't" and "x=1" are one word each.
            if b.is_ascii_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if b.is_ascii_whitespace() {
                in_word = false;
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if is_cjk(c) {
            words += 1;
            in_word = false;
        } else if c.is_whitespace() {
            in_word = false;
        } else if c.is_alphanumeric() {
            words += usize::from(!in_word);
            in_word = true;
        }
    }
    words
}

/// Han, Hiragana, Katakana and Hangul: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{ArticleKind, Section};

    #[test]
    fn headings_and_blocks_are_separated_by_blank_lines() {
        let article = Article::new(
            "T".into(),
            ArticleKind::Article,
            vec![Section {
                heading: Some("Intro".into()),
                level: 2,
                blocks: vec![
                    Block::Paragraph(vec![
                        Inline::text("one "),
                        Inline::Strong(vec![Inline::text("two")]),
                    ]),
                    Block::Code { lang: None, text: "x = 1".into() },
                ],
            }],
        );
        assert_eq!(article_text(&article), "Intro\n\none two\n\nx = 1");
        assert_eq!(article.words, 5); // "=" is not a word
    }

    #[test]
    fn cjk_characters_count_as_words() {
        assert_eq!(count_words("日本語 text"), 4);
        assert_eq!(count_words("don't stop, x=1 — café"), 4);
        assert_eq!(count_words("  "), 0);
    }
}
