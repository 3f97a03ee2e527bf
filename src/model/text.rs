//! The canonical text of an article: markup removed, one string.
//!
//! Search offsets, anchors and layout all index into this text (in chars),
//! so it is defined in exactly one place. Section headings are part of it;
//! the article title is not (it is metadata, shown in the header).

use super::document::{Article, ArticleKind, Block, ContentId, Inline, Section};

/// Separator between blocks in the canonical text.
pub const BLOCK_SEP: &str = "\n\n";

/// The canonical text of a whole article. It is measured first, so that
/// it is built in one allocation: growing it by doubling copied every
/// article about twice over.
pub fn article_text(article: &Article) -> String {
    let mut out = String::new();
    article_text_into(&mut out, article);
    out
}

/// [`article_text`] into `out`, which is cleared first: a buffer kept
/// across articles (see [`Article::new_with`]).
fn article_text_into(out: &mut String, article: &Article) {
    let mut size = Measure(0);
    write_article(&mut size, article);
    out.clear();
    out.reserve(size.0);
    write_article(out, article);
}

fn write_article(out: &mut impl Out, article: &Article) {
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            let sep = (out.len() > 0).then_some(BLOCK_SEP);
            push_part(out, sep, |out| out.push_str(heading));
        }
        for block in &section.blocks {
            let sep = (out.len() > 0).then_some(BLOCK_SEP);
            push_part(out, sep, |out| write_block(out, block));
        }
    }
}

/// Chars `from..to` of [`article_text`] (as far as it goes), cut from the
/// article's parts as they are walked, and the text's length in chars: an
/// anchor needs a few dozen chars of a text that may be 100 MB.
pub fn article_text_slice(article: &Article, from: usize, to: usize) -> (String, usize) {
    let mut out = String::new();
    let mut at = 0;
    let parts = article_parts(article).map(|p| p.0).filter(|p| !p.is_empty());
    for (k, part) in parts.enumerate() {
        for piece in [if k > 0 { BLOCK_SEP } else { "" }, &part] {
            let n = piece.chars().count();
            if at < to && at + n > from {
                let skip = from.saturating_sub(at);
                out.extend(piece.chars().skip(skip).take(to.min(at + n) - at - skip));
            }
            at += n;
        }
    }
    (out, at)
}

/// The length in chars of each top-level part of an article, in order: a
/// section's heading (when it has one), then each of its blocks. The
/// layout of a long article starts a stretch at any part from these.
pub fn part_chars(article: &Article) -> Vec<usize> {
    let mut lengths = Vec::new();
    let mut count = Chars(0);
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            lengths.push(heading.chars().count());
        }
        for block in &section.blocks {
            count.0 = 0;
            write_block(&mut count, block);
            lengths.push(count.0);
        }
    }
    lengths
}

/// Where text is written: a `String`, or a [`Measure`] of its length.
trait Out {
    fn len(&self) -> usize;
    fn truncate(&mut self, len: usize);
    fn push_str(&mut self, s: &str);
}

impl Out for String {
    fn len(&self) -> usize {
        String::len(self)
    }

    fn truncate(&mut self, len: usize) {
        String::truncate(self, len);
    }

    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
}

/// The length in bytes of what would be written.
struct Measure(usize);

impl Out for Measure {
    fn len(&self) -> usize {
        self.0
    }

    fn truncate(&mut self, len: usize) {
        self.0 = len;
    }

    fn push_str(&mut self, s: &str) {
        self.0 += s.len();
    }
}

/// The length in chars of what would be written (layout offsets count
/// chars, not bytes).
struct Chars(usize);

impl Out for Chars {
    fn len(&self) -> usize {
        self.0
    }

    fn truncate(&mut self, len: usize) {
        self.0 = len;
    }

    fn push_str(&mut self, s: &str) {
        self.0 += s.chars().count();
    }
}

/// Appends one part of a joined text: the separator, if any, and what
/// `write` adds, or nothing at all when `write` adds nothing; returns
/// whether it added anything. Everything is written into one buffer, never
/// into a `String` per block, since this runs over every article a file
/// holds.
fn push_part<O: Out>(out: &mut O, sep: Option<&str>, write: impl FnOnce(&mut O)) -> bool {
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

/// [`block_text`], borrowed when the block is one run of plain text (most
/// paragraphs): indexing a library made and dropped a copy of every
/// paragraph.
pub fn block_text_borrowed(block: &Block) -> std::borrow::Cow<'_, str> {
    match block {
        Block::Paragraph(inlines) => match inlines.as_slice() {
            [Inline::Text(text)] => std::borrow::Cow::Borrowed(text.as_str()),
            _ => std::borrow::Cow::Owned(block_text(block)),
        },
        _ => std::borrow::Cow::Owned(block_text(block)),
    }
}

/// An article's headings and block texts in order, each with whether it
/// is a heading, borrowed where they can be: the parts indexing and the
/// scan of a huge document number tokens and offsets over, which must
/// agree to the byte.
pub fn article_parts(article: &Article) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, bool)> {
    article.sections.iter().flat_map(|s| {
        let heading = s.heading.as_deref().map(|h| (std::borrow::Cow::Borrowed(h), true));
        heading.into_iter().chain(s.blocks.iter().map(|b| (block_text_borrowed(b), false)))
    })
}

/// The canonical text of one block.
pub fn block_text(block: &Block) -> String {
    let mut out = String::new();
    write_block(&mut out, block);
    out
}

fn write_block(out: &mut impl Out, block: &Block) {
    match block {
        Block::Paragraph(inlines) => push_inlines(out, inlines),
        Block::List(list) => {
            for (k, item) in list.items.iter().enumerate() {
                if k > 0 {
                    out.push_str("\n");
                }
                write_blocks(out, &item.blocks, "\n");
            }
        }
        Block::Quote { blocks, .. } => write_blocks(out, blocks, BLOCK_SEP),
        Block::Code { text, .. } => out.push_str(text),
        Block::Table(table) => {
            for (r, row) in table.rows.iter().enumerate() {
                if r > 0 {
                    out.push_str("\n");
                }
                for (c, cell) in row.iter().enumerate() {
                    if c > 0 {
                        out.push_str("\t");
                    }
                    push_inlines(out, cell);
                }
            }
        }
        Block::Footnote { label, blocks } => {
            out.push_str("[");
            out.push_str(label);
            out.push_str("] ");
            write_blocks(out, blocks, BLOCK_SEP);
        }
        Block::Rule => {}
    }
}

/// Blocks joined by `sep`, skipping those without text. The first part is
/// joined to whatever `out` already holds, so it is tracked separately.
fn write_blocks(out: &mut impl Out, blocks: &[Block], sep: &str) {
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

fn push_inlines(out: &mut impl Out, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => push_inlines(out, c),
            Inline::Link { text, .. } => push_inlines(out, text),
            Inline::FootnoteRef(label) => {
                out.push_str("[");
                out.push_str(label);
                out.push_str("]");
            }
            Inline::Break => out.push_str("\n"),
        }
    }
}

/// Words for reading time. It runs over every byte of every article, so
/// it lives with the other sixteen-byte loops in [`super::scan::ascii`].
/// CJK detection is a char class the byte loops need too, so it lives there.
pub use super::scan::ascii::{count_words, is_cjk};

impl Article {
    /// Builds an article and derives its word count and id from its content,
    /// so those can never disagree with the text. It lives here, with the
    /// canonical text it derives them from, so the model's types do not
    /// depend on the code that reads them.
    pub fn new(title: String, kind: ArticleKind, sections: Vec<Section>) -> Article {
        Article::new_with(title, kind, sections, &mut String::new())
    }

    /// [`Article::new`], building the canonical text in `scratch`: the
    /// segmenter builds thousands of articles in a row, and a new string
    /// for each, of every size, kept some of the allocator's pages for each
    /// size (about 3 MB at the peak of a 100 MB file's load).
    pub fn new_with(
        title: String,
        kind: ArticleKind,
        sections: Vec<Section>,
        scratch: &mut String,
    ) -> Article {
        let mut article = Article {
            id: ContentId(0),
            title,
            author: None,
            source: None,
            date: None,
            kind,
            sections,
            words: 0,
        };
        article.refresh_with(scratch);
        article
    }

    /// Recomputes the derived fields after the content changed.
    pub fn refresh(&mut self) {
        self.refresh_with(&mut String::new());
    }

    fn refresh_with(&mut self, scratch: &mut String) {
        article_text_into(scratch, self);
        self.words = count_words(scratch);
        self.id = ContentId::of(&[self.title.as_bytes(), scratch.as_bytes()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{ArticleKind, ContentId, List, ListItem, Section, Table};

    /// Borrowed only for the one shape that is already its own text: a
    /// paragraph of a single plain run; marked runs, several runs and
    /// other blocks are built, and every answer equals [`block_text`].
    #[test]
    fn a_single_run_paragraph_is_its_own_text() {
        let plain = Block::Paragraph(Inline::text("just words").into());
        let marked = Block::Paragraph(vec![Inline::Strong(vec![Inline::text("bold")])].into());
        let two = Block::Paragraph(vec![Inline::text("a "), Inline::Code("b".into())].into());
        let code = Block::Code { lang: None, text: "x = 1".into() };
        for (block, borrowed) in [(plain, true), (marked, false), (two, false), (code, false)] {
            let text = block_text_borrowed(&block);
            assert_eq!(matches!(text, std::borrow::Cow::Borrowed(_)), borrowed, "{block:?}");
            assert_eq!(text, block_text(&block));
        }
    }

    #[test]
    fn headings_and_blocks_are_separated_by_blank_lines() {
        let article = Article::new(
            "T".into(),
            ArticleKind::Article,
            vec![Section {
                heading: Some("Intro".into()),
                level: 2,
                blocks: vec![
                    Block::Paragraph(
                        vec![Inline::text("one "), Inline::Strong(vec![Inline::text("two")])]
                            .into(),
                    ),
                    Block::Code { lang: None, text: "x = 1".into() },
                ],
            }],
        );
        assert_eq!(article_text(&article), "Intro\n\none two\n\nx = 1");
        assert_eq!(article.words, 5); // "=" is not a word
    }

    /// Every kind of block, with empty ones between: the separators a
    /// part that writes nothing would have needed must not appear.
    fn every_block() -> Vec<Section> {
        let para = |t: &str| Block::Paragraph(Inline::text(t).into());
        let item = |blocks| ListItem { task: None, blocks };
        vec![
            Section { heading: None, level: 2, blocks: vec![Block::Rule, para(""), para("Lead")] },
            Section {
                heading: Some("Kinds".into()),
                level: 2,
                blocks: vec![
                    Block::List(List {
                        start: None,
                        items: vec![
                            item(vec![para(""), para("one")]),
                            item(vec![]),
                            item(vec![para("two")]),
                        ],
                    }),
                    Block::Quote { blocks: vec![para("q1"), Block::Rule, para("q2")], pull: false },
                    Block::Table(Box::new(Table {
                        align: vec![],
                        rows: vec![
                            vec![vec![Inline::text("a")], vec![]],
                            vec![vec![Inline::text("b")]],
                        ],
                        has_header: true,
                    })),
                    Block::Footnote { label: "1".into(), blocks: vec![para("note")] },
                    Block::Paragraph(
                        vec![
                            Inline::text("x"),
                            Inline::Strong(vec![Inline::text("y")]),
                            Inline::Break,
                            Inline::FootnoteRef("1".into()),
                            Inline::Code("日本".into()),
                        ]
                        .into(),
                    ),
                    Block::Rule,
                ],
            },
            Section { heading: Some("".into()), level: 3, blocks: vec![] },
        ]
    }

    #[test]
    fn parts_that_write_nothing_leave_no_separator() {
        let article = Article::new("T".into(), ArticleKind::Article, every_block());
        assert_eq!(
            article_text(&article),
            "Lead\n\nKinds\n\none\n\ntwo\n\nq1\n\nq2\n\na\t\nb\n\n[1] note\n\nxy\n[1]日本"
        );
    }

    #[test]
    fn ids_and_word_counts_come_from_the_canonical_text() {
        let article = Article::new("Title".into(), ArticleKind::Article, every_block());
        let text = article_text(&article);
        assert_eq!(article.id, ContentId::of(&[b"Title", text.as_bytes()]));
        assert_eq!(article.words, count_words(&text));
    }

    #[test]
    fn a_scratch_left_from_another_article_changes_nothing() {
        let fresh = Article::new("Title".into(), ArticleKind::Article, every_block());
        let mut scratch = "words left from the article before".repeat(9);
        let reused =
            Article::new_with("Title".into(), ArticleKind::Article, every_block(), &mut scratch);
        assert_eq!((reused.id, reused.words), (fresh.id, fresh.words));
    }

    #[test]
    fn long_texts_count_the_same_as_their_parts() {
        let long = "don't stop, x=1 — café 日本語 text ".repeat(40);
        let parts: usize = long.split_inclusive(' ').map(count_words).sum();
        assert_eq!(count_words(&long), parts);
        assert_eq!(count_words(&long), 40 * 8);
    }

    #[test]
    fn cjk_characters_count_as_words() {
        assert_eq!(count_words("日本語 text"), 4);
        assert_eq!(count_words("don't stop, x=1 — café"), 4);
        assert_eq!(count_words("  "), 0);
    }
}
