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
            let sep = (!out.is_empty()).then_some(BLOCK_SEP);
            push_part(&mut out, sep, |out| out.push_str(heading));
        }
        for block in &section.blocks {
            let sep = (!out.is_empty()).then_some(BLOCK_SEP);
            push_part(&mut out, sep, |out| write_block(out, block));
        }
    }
    out
}

/// Appends one part of a joined text: the separator, if any, and what
/// `write` adds, or nothing at all when `write` adds nothing; returns
/// whether it added anything. Everything is written into one buffer, never
/// into a `String` per block, since this runs over every article a file
/// holds.
fn push_part(out: &mut String, sep: Option<&str>, write: impl FnOnce(&mut String)) -> bool {
    let mark = out.len();
    out.push_str(sep.unwrap_or(""));
    let body = out.len();
    write(out);
    let written = out.len() > body;
    if !written {
        out.truncate(mark);
    }
    written
}

/// The canonical text of one block.
pub fn block_text(block: &Block) -> String {
    let mut out = String::new();
    write_block(&mut out, block);
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(inlines) => push_inlines(out, inlines),
        Block::List(list) => {
            for (k, item) in list.items.iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                write_blocks(out, &item.blocks, "\n");
            }
        }
        Block::Quote { blocks, .. } => write_blocks(out, blocks, BLOCK_SEP),
        Block::Code { text, .. } => out.push_str(text),
        Block::Table(table) => {
            for (r, row) in table.rows.iter().enumerate() {
                if r > 0 {
                    out.push('\n');
                }
                for (c, cell) in row.iter().enumerate() {
                    if c > 0 {
                        out.push('\t');
                    }
                    push_inlines(out, cell);
                }
            }
        }
        Block::Footnote { label, blocks } => {
            out.push('[');
            out.push_str(label);
            out.push_str("] ");
            write_blocks(out, blocks, BLOCK_SEP);
        }
        Block::Rule => {}
    }
}

/// Blocks joined by `sep`, skipping those without text. The first part is
/// joined to whatever `out` already holds, so it is tracked separately.
fn write_blocks(out: &mut String, blocks: &[Block], sep: &str) {
    let mut first = true;
    for block in blocks {
        let sep = (!first).then_some(sep);
        first &= !push_part(out, sep, |out| write_block(out, block));
    }
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
/// This runs over every byte of every article, so ASCII runs go through a
/// class table with arithmetic instead of branches.
pub fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = ascii_prefix_len(&bytes[i..]);
        for &b in &bytes[i..i + run] {
            // Only whitespace ends a word: "don't" and "x=1" are one word each.
            let class = ASCII_CLASS[usize::from(b)];
            let word = usize::from(class == WORD);
            words += word & (in_word ^ 1);
            in_word = word | (in_word & usize::from(class == MARK));
        }
        i += run;
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        if is_cjk(c) {
            words += 1;
            in_word = 0;
        } else if c.is_whitespace() {
            in_word = 0;
        } else if c.is_alphanumeric() {
            words += in_word ^ 1;
            in_word = 1;
        }
    }
    words
}

const SPACE: u8 = 0;
const WORD: u8 = 1;
const MARK: u8 = 2;

/// Each byte's class for [`count_words`] (non-ASCII bytes never look).
const ASCII_CLASS: [u8; 256] = {
    let mut table = [MARK; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = WORD;
        } else if byte.is_ascii_whitespace() {
            table[b] = SPACE;
        }
        b += 1;
    }
    table
};

/// How many bytes at the start of `bytes` are ASCII, read eight at a time:
/// the byte loops over whole files (word counts, folding, NFC checks) skip
/// or take ASCII in runs with it.
pub fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        if u64::from_ne_bytes(eight) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - at)
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
    fn long_texts_count_the_same_as_their_parts() {
        let long = "don't stop, x=1 — café 日本語 text ".repeat(40);
        let parts: usize = long.split_inclusive(' ').map(count_words).sum();
        assert_eq!(count_words(&long), parts);
        assert_eq!(count_words(&long), 40 * 8);
    }

    #[test]
    fn ascii_prefixes_are_measured_across_words() {
        assert_eq!(ascii_prefix_len(b""), 0);
        assert_eq!(ascii_prefix_len("abcdefghij".as_bytes()), 10);
        assert_eq!(ascii_prefix_len("abcdefghijé".as_bytes()), 10);
        assert_eq!(ascii_prefix_len("éabc".as_bytes()), 0);
    }

    #[test]
    fn cjk_characters_count_as_words() {
        assert_eq!(count_words("日本語 text"), 4);
        assert_eq!(count_words("don't stop, x=1 — café"), 4);
        assert_eq!(count_words("  "), 0);
    }
}
