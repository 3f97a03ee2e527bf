//! pulldown-cmark events → a flat run of top-level headings and blocks.
//!
//! Containers are built on an explicit stack, never by recursion, and their
//! nesting is capped at [`MAX_DEPTH`]: `Block` is a recursive type, so every
//! walk over it (canonical text, layout, and the compiler's own `Drop`,
//! `Clone` and `PartialEq`) recurses once per level, and 5,000 `>` would
//! overflow the stack there even though building it here would not.
//! Content nested deeper than the cap is flattened into the deepest level
//! kept, so no text is lost, only structure that no reader could follow.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::spans::{SpanKind, Spans};
use super::{clean, html};
use crate::model::document::{Align, Block, Inline, List, ListItem, Table};
use crate::model::text::inline_text;

/// How deep quotes, lists and footnotes may nest. Real documents stay under
/// about six levels; 32 leaves ample room while keeping recursion trivial.
pub const MAX_DEPTH: usize = 32;

/// What the article builder needs: headings at the top level (they start
/// articles and sections) and blocks between them.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Heading { level: u8, inlines: Vec<Inline> },
    Block(Block),
}

/// Parses CommonMark with GFM tables, footnotes, strikethrough and tasks.
/// Heading attributes (`## Title {#id .class}`, from Pandoc, kramdown and
/// Hugo) are parsed so that they leave the heading's text; quire has no
/// use for the id or classes themselves.
pub fn pieces(markdown: &str) -> Vec<Piece> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, options) {
        builder.event(event);
    }
    builder.finish()
}

/// An open container or table part.
enum Frame {
    Quote(Vec<Block>),
    List { start: Option<u64>, items: Vec<ListItem> },
    Item { task: Option<bool>, blocks: Vec<Block> },
    Footnote { label: String, blocks: Vec<Block> },
    Table(Table),
    Row { header: bool, cells: Vec<Vec<Inline>> },
}

/// Where the inline runs being built will go.
enum TextKind {
    Paragraph,
    Heading(u8),
    Cell,
}

struct TextFrame {
    kind: TextKind,
    spans: Spans,
}

/// A block whose content arrives as raw text events.
enum Raw {
    Code { lang: Option<String>, text: String },
    Html(String),
    Ignored,
}

#[derive(Default)]
struct Builder {
    out: Vec<Piece>,
    stack: Vec<Frame>,
    /// The paragraph, heading or cell being built. Tight list items carry
    /// text without a paragraph, so one is opened implicitly when needed.
    text: Option<TextFrame>,
    raw: Option<Raw>,
    /// Quotes, lists and footnotes on the stack.
    depth: usize,
    /// Containers opened beyond [`MAX_DEPTH`]: not built, only counted so
    /// that their ends are matched.
    overflow: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.spans().push(Inline::Code(clean(&code))),
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                self.spans().push(Inline::Code(clean(&math)));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => self.html(&raw),
            Event::FootnoteReference(label) => {
                self.spans().push(Inline::FootnoteRef(clean(&label)))
            }
            Event::SoftBreak => self.spans().push_text(" "),
            Event::HardBreak => self.spans().push(Inline::Break),
            Event::Rule => {
                self.flush_text();
                self.emit(Block::Rule);
            }
            Event::TaskListMarker(done) => self.task(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_text(TextKind::Paragraph),
            Tag::Heading { level, .. } => self.open_text(TextKind::Heading(level as u8)),
            Tag::TableCell => self.open_text(TextKind::Cell),
            Tag::BlockQuote(_) => self.open_container(Frame::Quote(Vec::new())),
            Tag::List(start) => self.open_container(Frame::List { start, items: Vec::new() }),
            Tag::FootnoteDefinition(label) => {
                self.open_container(Frame::Footnote { label: clean(&label), blocks: Vec::new() });
            }
            Tag::Item => self.open_item(),
            Tag::Table(align) => {
                let align = align.iter().map(align_of).collect();
                self.open_leaf(Frame::Table(Table { align, rows: Vec::new(), has_header: false }));
            }
            Tag::TableHead => self.open_leaf(Frame::Row { header: true, cells: Vec::new() }),
            Tag::TableRow => self.open_leaf(Frame::Row { header: false, cells: Vec::new() }),
            Tag::CodeBlock(kind) => {
                self.open_raw(Raw::Code { lang: lang_of(&kind), text: String::new() });
            }
            Tag::HtmlBlock => self.open_raw(Raw::Html(String::new())),
            Tag::MetadataBlock(_) => self.open_raw(Raw::Ignored),
            Tag::Emphasis => self.spans().open(SpanKind::Emphasis),
            Tag::Strong => self.spans().open(SpanKind::Strong),
            Tag::Strikethrough => self.spans().open(SpanKind::Strike),
            Tag::Link { link_type, dest_url, .. } => {
                self.spans().open(SpanKind::Link(link_url(link_type, &dest_url)));
            }
            Tag::Image { .. } => self.spans().open(SpanKind::Image),
            Tag::Superscript | Tag::Subscript => self.spans().open(SpanKind::Plain),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.flush_text();
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => self.flush_text(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                if let Some(text) = &mut self.text {
                    text.spans.close();
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition | TagEnd::Item => {
                self.close_container();
            }
            TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow => {
                self.flush_text();
                self.close_frame();
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => self.close_raw(),
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.flush_text(),
        }
    }

    fn text(&mut self, text: &str) {
        match &mut self.raw {
            Some(Raw::Code { text: code, .. }) => code.push_str(&clean(text)),
            Some(Raw::Html(html)) => html.push_str(text),
            Some(Raw::Ignored) => {}
            None => self.spans().push_text(&clean(text)),
        }
    }

    fn html(&mut self, raw: &str) {
        match &mut self.raw {
            Some(Raw::Html(html)) => html.push_str(raw),
            Some(_) => {}
            None => {
                for inline in html::inline(raw) {
                    self.spans().push(inline);
                }
            }
        }
    }

    /// A task marker belongs to the item just opened; in flattened content
    /// it is kept as text so the state is still visible.
    fn task(&mut self, done: bool) {
        if self.overflow == 0
            && let Some(Frame::Item { task, .. }) = self.stack.last_mut()
        {
            *task = Some(done);
            return;
        }
        self.spans().push_text(if done { "[x] " } else { "[ ] " });
    }

    fn spans(&mut self) -> &mut Spans {
        &mut self
            .text
            .get_or_insert_with(|| TextFrame { kind: TextKind::Paragraph, spans: Spans::default() })
            .spans
    }

    fn open_text(&mut self, kind: TextKind) {
        self.flush_text();
        self.text = Some(TextFrame { kind, spans: Spans::default() });
    }

    fn flush_text(&mut self) {
        let Some(frame) = self.text.take() else { return };
        let inlines = frame.spans.finish();
        let has_content = !inline_text(&inlines).trim().is_empty();
        match frame.kind {
            TextKind::Heading(level) if self.stack.is_empty() && self.overflow == 0 => {
                self.out.push(Piece::Heading { level, inlines });
            }
            // Headings inside lists or quotes cannot start sections.
            TextKind::Heading(_) if has_content => {
                self.emit(Block::Paragraph(Inline::Strong(inlines).into()));
            }
            TextKind::Cell => match self.stack.last_mut() {
                Some(Frame::Row { cells, .. }) => cells.push(inlines),
                _ if has_content => self.emit(Block::Paragraph(inlines.into())),
                _ => {}
            },
            TextKind::Paragraph if has_content => self.emit(Block::Paragraph(inlines.into())),
            TextKind::Heading(_) | TextKind::Paragraph => {}
        }
    }

    fn open_container(&mut self, frame: Frame) {
        self.flush_text();
        if self.overflow > 0 || self.depth >= MAX_DEPTH {
            self.overflow += 1;
        } else {
            self.depth += 1;
            self.stack.push(frame);
        }
    }

    /// Items follow their list: built when the list was, counted otherwise.
    fn open_item(&mut self) {
        self.flush_text();
        if self.overflow == 0 && matches!(self.stack.last(), Some(Frame::List { .. })) {
            self.stack.push(Frame::Item { task: None, blocks: Vec::new() });
        } else {
            self.overflow += 1;
        }
    }

    fn open_leaf(&mut self, frame: Frame) {
        self.flush_text();
        self.stack.push(frame);
    }

    fn close_container(&mut self) {
        self.flush_text();
        if self.overflow > 0 {
            self.overflow -= 1;
        } else {
            self.close_frame();
        }
    }

    fn close_frame(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        if matches!(frame, Frame::Quote(_) | Frame::List { .. } | Frame::Footnote { .. }) {
            self.depth = self.depth.saturating_sub(1);
        }
        match frame {
            Frame::Quote(blocks) if !blocks.is_empty() => {
                self.emit(Block::Quote { blocks, pull: false });
            }
            Frame::List { start, items } if !items.is_empty() => {
                self.emit(Block::List(List { start, items }));
            }
            Frame::Footnote { label, blocks } => {
                self.emit(Block::Footnote { label: label.into(), blocks })
            }
            Frame::Item { task, blocks } => self.add_item(ListItem { task, blocks }),
            Frame::Table(table) if !table.rows.is_empty() => {
                self.emit(Block::Table(Box::new(table)))
            }
            Frame::Row { header, cells } => self.add_row(header, cells),
            Frame::Quote(_) | Frame::List { .. } | Frame::Table(_) => {}
        }
    }

    fn add_item(&mut self, item: ListItem) {
        match self.stack.last_mut() {
            Some(Frame::List { items, .. }) => items.push(item),
            _ => item.blocks.into_iter().for_each(|block| self.emit(block)),
        }
    }

    fn add_row(&mut self, header: bool, cells: Vec<Vec<Inline>>) {
        match self.stack.last_mut() {
            Some(Frame::Table(table)) => {
                table.has_header |= header && table.rows.is_empty();
                table.rows.push(cells);
            }
            _ => cells.into_iter().for_each(|cell| self.emit(Block::Paragraph(cell.into()))),
        }
    }

    fn open_raw(&mut self, raw: Raw) {
        self.flush_text();
        self.close_raw();
        self.raw = Some(raw);
    }

    fn close_raw(&mut self) {
        match self.raw.take() {
            Some(Raw::Code { lang, mut text }) => {
                if text.ends_with('\n') {
                    text.pop();
                }
                if !text.trim().is_empty() {
                    self.emit(Block::Code { lang: lang.map(String::into_boxed_str), text });
                }
            }
            Some(Raw::Html(raw)) => {
                html::paragraphs(&raw)
                    .into_iter()
                    .for_each(|p| self.emit(Block::Paragraph(p.into())));
            }
            Some(Raw::Ignored) | None => {}
        }
    }

    /// Adds a finished block to the innermost container that holds blocks.
    fn emit(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            if let Frame::Quote(blocks)
            | Frame::Item { blocks, .. }
            | Frame::Footnote { blocks, .. } = frame
            {
                blocks.push(block);
                return;
            }
        }
        self.out.push(Piece::Block(block));
    }

    fn finish(mut self) -> Vec<Piece> {
        self.flush_text();
        self.close_raw();
        self.overflow = 0;
        while !self.stack.is_empty() {
            self.close_frame();
        }
        self.out
    }
}

fn align_of(align: &Alignment) -> Align {
    match align {
        Alignment::None | Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// The language is the info string's first word: `rust,ignore` and
/// `{.python}` are common spellings too.
fn lang_of(kind: &CodeBlockKind<'_>) -> Option<String> {
    let CodeBlockKind::Fenced(info) = kind else { return None };
    let word = info
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}'))
        .find(|w| !w.is_empty())?;
    let lang = clean(word.trim_start_matches('.'));
    (!lang.is_empty()).then_some(lang)
}

fn link_url(link_type: LinkType, dest: &str) -> String {
    let dest = clean(dest);
    if link_type == LinkType::Email && !dest.starts_with("mailto:") {
        format!("mailto:{dest}")
    } else {
        dest
    }
}
