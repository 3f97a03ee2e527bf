//! Article → wrapped, styled lines for one width.
//!
//! Pure (no terminal types), so the reader can compute a layout once per
//! width in `update` and draw only the visible lines. Every line carries the
//! char offset into [`article_text`] of its first char: positions are kept
//! as text offsets, never as rows, because rows change with the width.
//!
//! [`article_text`]: crate::model::text::article_text

mod blocks;
mod inline;
mod justify;
mod table;
#[cfg(test)]
mod tests;
mod window;
#[cfg(test)]
mod window_tests;
mod wrap;

pub use window::{Plan, REACH, WHOLE_UP_TO, reach};
pub use wrap::{grapheme_width, str_width};

use std::ops::Range;
use std::sync::Arc;

use crate::model::document::Article;
use inline::Links;
use wrap::WLine;

/// What a span is part of; the UI maps roles to colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Body,
    Heading(u8),
    Quote,
    PullQuote,
    CodeBlock,
    TableHeader,
    TableCell,
    ListMarker,
    Rule,
    Footnote,
    /// The `[n]` after a link's text.
    LinkMarker,
}

/// How a span looks: its role plus inline markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpanStyle {
    pub role: Role,
    pub emphasis: bool,
    pub strong: bool,
    pub code: bool,
    pub strike: bool,
    /// The link number (index into [`Layout::links`] plus one).
    pub link: Option<u16>,
}

impl SpanStyle {
    pub fn of(role: Role) -> SpanStyle {
        SpanStyle { role, ..SpanStyle::default() }
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: SpanStyle,
    /// Char offset of the span's first char in the canonical text; its chars
    /// map one to one onto the text from there. `None` for decoration
    /// (bullets, gutters, link markers, padding).
    pub offset: Option<usize>,
}

impl Span {
    fn deco(text: impl Into<String>, style: SpanStyle) -> Span {
        Span { text: text.into(), style, offset: None }
    }
}

/// One screen row of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub spans: Vec<Span>,
    /// Char offset of the first text char on the line; blank and decoration
    /// lines carry the offset of the next text.
    pub offset: usize,
}

impl Line {
    /// The line as plain text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| str_width(&s.text)).sum()
    }
}

/// An article, or the stretch of a long one around what is shown (see
/// [`window`]), laid out for one width. Line numbers count from the
/// window's first line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// The line where each section that starts in the window starts, from
    /// section `first_section` on.
    pub sections: Vec<usize>,
    pub first_section: usize,
    /// Length in chars of the canonical text.
    pub text_len: usize,
    /// The parts laid out, of the plan's.
    pub window: Range<usize>,
    pub plan: Arc<Plan>,
}

/// Where a section starts, seen from a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionStart {
    Before,
    Line(usize),
    After,
}

impl Layout {
    /// Link urls, numbered from 1 in reading order (the whole article's).
    pub fn links(&self) -> &[String] {
        &self.plan.links
    }

    /// Whether the window starts where the article does.
    pub fn at_start(&self) -> bool {
        self.window.start == 0
    }

    /// Whether the window ends where the article does.
    pub fn at_end(&self) -> bool {
        self.window.end >= self.plan.parts()
    }

    pub fn is_whole(&self) -> bool {
        self.at_start() && self.at_end()
    }

    /// The text offsets the window covers.
    pub fn span(&self) -> Range<usize> {
        self.plan.offset_of(self.window.start)..self.plan.offset_of(self.window.end)
    }

    /// Where section `s` starts, seen from this window.
    pub fn section_start(&self, s: usize) -> SectionStart {
        match s.checked_sub(self.first_section) {
            None => SectionStart::Before,
            Some(i) => self.sections.get(i).map_or(SectionStart::After, |&l| SectionStart::Line(l)),
        }
    }

    /// The section line `line` is in, if any.
    pub fn section_at(&self, line: usize) -> Option<usize> {
        let inside = self.sections.partition_point(|&s| s <= line);
        (self.first_section + inside).checked_sub(1)
    }
}

/// Choices the reader makes about how text is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Stretch paragraph lines to the full width (all but the last).
    pub justify: bool,
}

/// Lays out an article for `width` columns, ragged right.
pub fn layout_article(article: &Article, width: u16) -> Layout {
    layout_article_with(article, width, LayoutOptions::default())
}

/// Lays out a whole article for `width` columns with `options`.
pub fn layout_article_with(article: &Article, width: u16, options: LayoutOptions) -> Layout {
    let plan = Arc::new(Plan::of(article));
    let all = plan.all();
    layout_window(article, &plan, all, width, options)
}

/// Lays out parts `window` of an article for `width` columns: the whole
/// article when the window holds every part.
pub fn layout_window(
    article: &Article,
    plan: &Arc<Plan>,
    window: Range<usize>,
    width: u16,
    options: LayoutOptions,
) -> Layout {
    let mut w = Writer::new(usize::from(width));
    w.justify = options.justify;
    // Numbers come from the plan, whole or not: one reading order of the
    // links, so a window numbers them as the whole article does.
    w.links = Links::numbered(&plan.links);
    let whole = window == plan.all();
    let mut sections = Vec::new();
    let mut first_section = None;
    let mut seq = blocks::Seq::new(plan.offset_of(window.start), 2, true);
    for (s, section) in article.sections.iter().enumerate() {
        let parts = plan.section_parts(s);
        let starts_inside = window.contains(&parts.start)
            || parts.start == window.end && parts.is_empty() && window.end == plan.parts();
        if parts.end <= window.start && !starts_inside || parts.start > window.end {
            continue;
        }
        let before = w.lines.len();
        let mut part = parts.start;
        if let Some(heading) = &section.heading {
            if window.contains(&part) {
                seq.next(&mut w, |w, base| blocks::heading(w, heading, section.level, base));
            }
            part += 1;
        }
        let skip = window.start.saturating_sub(part);
        let take = window.end.saturating_sub(part.max(window.start));
        for block in section.blocks.iter().skip(skip).take(take) {
            seq.next(&mut w, |w, base| blocks::block(w, block, base, Ctx::body()));
        }
        if starts_inside {
            first_section.get_or_insert(s);
            let emitted = w.lines.len() > before;
            // A section after another one starts after its separating blank line.
            sections.push(if emitted && before > 0 { before + 1 } else { before });
        }
    }
    let text_len = if whole { seq.len() } else { plan.text_len };
    let end = plan.offset_of(window.end);
    Layout {
        lines: w.finish(end.min(text_len)),
        sections,
        first_section: first_section.unwrap_or(article.sections.len()),
        text_len,
        window,
        plan: plan.clone(),
    }
}

/// The last line whose offset is at or before `offset`: the line to put on
/// top to show that position.
pub fn line_for_offset(layout: &Layout, offset: usize) -> usize {
    layout.lines.partition_point(|l| l.offset <= offset).saturating_sub(1)
}

/// The narrowest text column anything is wrapped to, so that deep nesting
/// in a narrow window degrades instead of looping or vanishing.
const MIN_AVAIL: usize = 8;

/// Drops empty spans and trailing padding, which only pads the screen.
fn trim_trailing_decoration(spans: &mut Vec<Span>) {
    spans.retain(|s| !s.text.is_empty());
    while let Some(last) = spans.last_mut() {
        if last.offset.is_some() {
            break;
        }
        let trimmed = last.text.trim_end().len();
        if trimmed > 0 {
            last.text.truncate(trimmed);
            break;
        }
        spans.pop();
    }
}

/// A line prefix: a gutter or hanging indent. `first`, when set, replaces
/// `rest` on the next line only (a list bullet, a footnote label).
struct Prefix {
    first: Option<Span>,
    rest: Span,
    on_blank: bool,
}

#[derive(Debug)]
struct RawLine {
    spans: Vec<Span>,
    offset: Option<usize>,
}

/// Accumulates lines under a stack of prefixes.
struct Writer {
    width: usize,
    lines: Vec<RawLine>,
    prefixes: Vec<Prefix>,
    links: Links,
    justify: bool,
}

impl Writer {
    fn new(width: usize) -> Writer {
        Writer {
            width,
            lines: Vec::new(),
            prefixes: Vec::new(),
            links: Links::default(),
            justify: false,
        }
    }

    /// Columns left for content after the prefixes.
    fn avail(&self) -> usize {
        let used: usize = self.prefixes.iter().map(|p| str_width(&p.rest.text)).sum();
        self.width.saturating_sub(used).max(MIN_AVAIL.min(self.width.max(1)))
    }

    fn emit(&mut self, content: Vec<Span>) {
        let mut spans: Vec<Span> = Vec::with_capacity(self.prefixes.len() + content.len());
        for p in &mut self.prefixes {
            spans.push(p.first.take().unwrap_or_else(|| p.rest.clone()));
        }
        spans.extend(content);
        trim_trailing_decoration(&mut spans);
        let offset = spans.iter().find_map(|s| s.offset);
        self.lines.push(RawLine { spans, offset });
    }

    fn emit_wrapped(&mut self, line: WLine) {
        self.emit(line.spans);
    }

    /// A blank line; gutters that mark a container (a quote) stay visible.
    fn blank(&mut self) {
        let mut spans: Vec<Span> =
            self.prefixes.iter().filter(|p| p.on_blank).map(|p| p.rest.clone()).collect();
        trim_trailing_decoration(&mut spans);
        self.lines.push(RawLine { spans, offset: None });
    }

    fn push_prefix(&mut self, prefix: Prefix) {
        self.prefixes.push(prefix);
    }

    /// Removes the innermost prefix; one whose `first` was never shown (an
    /// empty list item) gets a line of its own, so nothing is lost.
    fn pop_prefix(&mut self) {
        let unshown = self.prefixes.last().is_some_and(|p| p.first.is_some());
        if unshown {
            self.emit(Vec::new());
        }
        self.prefixes.pop();
    }

    /// Resolves missing offsets to the next text's offset (or the end) and
    /// keeps them non-decreasing so lookups can binary-search.
    fn finish(&mut self, text_len: usize) -> Vec<Line> {
        let raw = std::mem::take(&mut self.lines);
        let mut next = text_len;
        let mut offsets: Vec<usize> = vec![0; raw.len()];
        for (i, line) in raw.iter().enumerate().rev() {
            next = line.offset.unwrap_or(next);
            offsets[i] = next;
        }
        let mut floor = 0;
        raw.into_iter()
            .zip(offsets)
            .map(|(line, offset)| {
                floor = floor.max(offset);
                Line { spans: line.spans, offset: floor }
            })
            .collect()
    }
}

/// The style and placement blocks inherit from their container.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub style: SpanStyle,
    /// Centre each line (pull quotes).
    pub center: bool,
    /// List nesting depth, for the bullet shape.
    pub depth: usize,
}

impl Ctx {
    pub(crate) fn body() -> Ctx {
        Ctx { style: SpanStyle::default(), center: false, depth: 0 }
    }

    pub(crate) fn with_role(self, role: Role) -> Ctx {
        Ctx { style: SpanStyle { role, ..self.style }, ..self }
    }
}
