//! Per-block layout. Each function returns the number of canonical chars
//! its block covers, mirroring `model::text::block_text`, so offsets are
//! computed alongside the lines instead of re-derived from the text.

use super::inline::flatten;
use super::justify::justify_line;
use super::wrap::{Frag, Mode, WLine, str_width, wrap};
use super::{Ctx, Prefix, Role, Span, SpanStyle, Writer, table};
use crate::model::document::{Block, List};

/// Blocks joined by a separator in the canonical text, where empty blocks
/// are skipped (as `push_block` and `blocks_text` do).
pub(super) struct Seq {
    pos: usize,
    base: usize,
    any: bool,
    sep: usize,
    blank: bool,
    start_line: Option<usize>,
}

impl Seq {
    pub fn new(base: usize, sep: usize, blank: bool) -> Seq {
        Seq { pos: base, base, any: false, sep, blank, start_line: None }
    }

    /// Chars covered so far.
    pub fn len(&self) -> usize {
        self.pos - self.base
    }

    /// Lays out one member at its tentative offset; a blank line goes
    /// before it unless it is the first thing this sequence shows.
    pub fn next(&mut self, w: &mut Writer, f: impl FnOnce(&mut Writer, usize) -> usize) {
        let start = *self.start_line.get_or_insert(w.lines.len());
        let before = w.lines.len();
        let spaced = self.blank && before > start;
        if spaced {
            w.blank();
        }
        let base = if self.any { self.pos + self.sep } else { self.pos };
        let len = f(w, base);
        if spaced && w.lines.len() == before + 1 {
            w.lines.truncate(before);
        }
        if len > 0 {
            self.pos = base + len;
            self.any = true;
        }
    }
}

fn seq(w: &mut Writer, blocks: &[Block], base: usize, sep: usize, blank: bool, ctx: Ctx) -> usize {
    let mut s = Seq::new(base, sep, blank);
    for b in blocks {
        s.next(w, |w, at| block(w, b, at, ctx));
    }
    s.len()
}

pub(super) fn block(w: &mut Writer, block: &Block, base: usize, ctx: Ctx) -> usize {
    match block {
        Block::Paragraph(inlines) => {
            let (frags, len) = flatten(inlines, base, ctx.style, &mut w.links);
            let justify = w.justify;
            emit_prose(w, &frags, ctx, justify);
            len
        }
        Block::List(l) => list(w, l, base, ctx),
        Block::Quote { blocks, pull } => quote(w, blocks, *pull, base, ctx),
        Block::Code { lang, text } => code(w, lang.as_deref(), text, base),
        Block::Table(t) => table::table(w, t, base, ctx),
        Block::Footnote { label, blocks } => footnote(w, label, blocks, base, ctx),
        Block::Rule => {
            let rule = "─".repeat(w.avail());
            w.emit(vec![Span::deco(rule, SpanStyle::of(Role::Rule))]);
            0
        }
    }
}

pub(super) fn heading(w: &mut Writer, text: &str, level: u8, base: usize) -> usize {
    if text.is_empty() {
        return 0;
    }
    let style = SpanStyle { strong: true, ..SpanStyle::of(Role::Heading(level)) };
    emit_prose(w, &[Frag::text(text, style, base)], Ctx::body(), false);
    text.chars().count()
}

/// Word-wraps prose to the available width, centring it or justifying
/// it if asked. The last line of a paragraph, and a line ended by a hard
/// break, stay ragged.
fn emit_prose(w: &mut Writer, frags: &[Frag], ctx: Ctx, justify: bool) {
    let avail = w.avail();
    if !ctx.center {
        let lines = wrap(frags, avail, Mode::Words);
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.into_iter().enumerate() {
            let line =
                if justify && i < last && !line.hard { justify_line(line, avail) } else { line };
            w.emit_wrapped(line);
        }
        return;
    }
    let inner = avail.saturating_sub(4).max(avail.min(super::MIN_AVAIL));
    for line in wrap(frags, inner, Mode::Words) {
        let pad = (avail.saturating_sub(line.width)) / 2;
        let mut spans = vec![Span::deco(" ".repeat(pad), ctx.style)];
        spans.extend(line.spans);
        w.emit_wrapped(WLine { spans, width: line.width + pad, hard: line.hard });
    }
}

fn list(w: &mut Writer, list: &List, base: usize, ctx: Ctx) -> usize {
    let markers = markers(list, ctx.depth);
    let width = markers.iter().map(|m| str_width(m)).max().unwrap_or(0);
    let marker_style = SpanStyle::of(Role::ListMarker);
    let inner = Ctx { depth: ctx.depth + 1, ..ctx };
    let mut pos = base;
    for (i, (item, marker)) in list.items.iter().zip(markers).enumerate() {
        if i > 0 {
            pos += 1; // items are joined by "\n"
        }
        let marker = pad_marker(&marker, width, list.start.is_some() && item.task.is_none());
        w.push_prefix(Prefix {
            first: Some(Span::deco(marker, marker_style)),
            rest: Span::deco(" ".repeat(width), marker_style),
            on_blank: false,
        });
        pos += seq(w, &item.blocks, pos, 1, false, inner);
        w.pop_prefix();
    }
    pos - base
}

fn markers(list: &List, depth: usize) -> Vec<String> {
    let bullet = ["• ", "◦ ", "▪ "][depth % 3];
    list.items
        .iter()
        .enumerate()
        .map(|(i, item)| match (item.task, list.start) {
            (Some(true), _) => "[x] ".to_string(),
            (Some(false), _) => "[ ] ".to_string(),
            (None, Some(start)) => format!("{}. ", start.saturating_add(i as u64)),
            (None, None) => bullet.to_string(),
        })
        .collect()
}

/// Numbers align on their right edge; other markers on their left.
fn pad_marker(marker: &str, width: usize, numeric: bool) -> String {
    let pad = " ".repeat(width.saturating_sub(str_width(marker)));
    if numeric { format!("{pad}{marker}") } else { format!("{marker}{pad}") }
}

fn quote(w: &mut Writer, blocks: &[Block], pull: bool, base: usize, ctx: Ctx) -> usize {
    if pull {
        let style = SpanStyle { role: Role::PullQuote, emphasis: true, ..ctx.style };
        return seq(w, blocks, base, 2, true, Ctx { style, center: true, ..ctx });
    }
    let gutter = Span::deco("│ ", SpanStyle::of(Role::Quote));
    w.push_prefix(Prefix { first: None, rest: gutter, on_blank: true });
    let len = seq(w, blocks, base, 2, true, ctx.with_role(Role::Quote));
    w.pop_prefix();
    len
}

/// Code keeps its own line breaks and spacing; lines longer than the width
/// are cut at it rather than re-wrapped.
fn code(w: &mut Writer, lang: Option<&str>, text: &str, base: usize) -> usize {
    let style = SpanStyle::of(Role::CodeBlock);
    w.push_prefix(Prefix { first: None, rest: Span::deco("▎ ", style), on_blank: true });
    if let Some(lang) = lang.map(str::trim).filter(|l| !l.is_empty()) {
        w.emit(vec![Span::deco(lang, SpanStyle { emphasis: true, ..style })]);
    }
    let avail = w.avail();
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut pos = base;
    for line in body.split('\n') {
        let wrapped = wrap(&expand_tabs(line, pos, style), avail, Mode::Hard);
        if wrapped.is_empty() {
            w.emit(Vec::new());
        }
        wrapped.into_iter().for_each(|l| w.emit_wrapped(l));
        pos += line.chars().count() + 1;
    }
    w.pop_prefix();
    text.chars().count()
}

/// Splits a code line at tabs, which become spaces to the next stop of 4;
/// the spaces are decoration because they do not map char for char.
fn expand_tabs(line: &str, base: usize, style: SpanStyle) -> Vec<Frag> {
    let mut frags = Vec::new();
    let mut col = 0;
    let mut pos = base;
    for (i, part) in line.split('\t').enumerate() {
        if i > 0 {
            let n = 4 - col % 4;
            frags.push(Frag::deco(" ".repeat(n), style));
            col += n;
            pos += 1;
        }
        if !part.is_empty() {
            frags.push(Frag::text(part, style, pos));
            col += str_width(part);
            pos += part.chars().count();
        }
    }
    frags
}

/// `[label] text`, with the label part of the canonical text.
fn footnote(w: &mut Writer, label: &str, blocks: &[Block], base: usize, ctx: Ctx) -> usize {
    let style = SpanStyle::of(Role::Footnote);
    let tag = super::wrap::sanitize(&format!("[{label}] "));
    let tag_chars = tag.chars().count();
    let tag_width = str_width(&tag);
    w.push_prefix(Prefix {
        first: Some(Span { text: tag, style, offset: Some(base) }),
        rest: Span::deco(" ".repeat(tag_width), style),
        on_blank: false,
    });
    let len = seq(w, blocks, base + tag_chars, 2, true, ctx.with_role(Role::Footnote));
    w.pop_prefix();
    tag_chars + len
}
