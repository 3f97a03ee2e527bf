//! Greedy line breaking over styled fragments, in terminal columns.
//!
//! Works on grapheme clusters so that a cluster is never split, measures
//! them the way ratatui draws them, and keeps each grapheme's char offset
//! into the canonical text so wrapped lines can be mapped back to it.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::{Span, SpanStyle};
use crate::model::text::is_cjk;

/// A run of text with one style. `offset` is the canonical char offset of
/// its first char, or `None` for decoration that is not in the text.
#[derive(Debug, Clone)]
pub(super) struct Frag {
    pub text: String,
    pub style: SpanStyle,
    pub offset: Option<usize>,
}

impl Frag {
    /// Text from the article. Control characters are replaced one for one,
    /// so char offsets stay valid and the terminal never sees them.
    pub fn text(text: &str, style: SpanStyle, offset: usize) -> Frag {
        Frag { text: sanitize(text), style, offset: Some(offset) }
    }

    pub fn deco(text: impl Into<String>, style: SpanStyle) -> Frag {
        Frag { text: text.into(), style, offset: None }
    }
}

/// Replaces control characters (except newline) with a visible stand-in of
/// the same char count: tabs become spaces, the rest U+FFFD.
pub(super) fn sanitize(text: &str) -> String {
    if !has_controls(text) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Whether `text` holds a control character other than newline; ASCII
/// text, the usual case, is checked a byte at a time.
pub(super) fn has_controls(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7f);
    }
    text.chars().any(|c| c.is_control() && c != '\n')
}

/// How a run of fragments is broken into lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Prose: break between words (and between CJK characters).
    Words,
    /// Code: keep every space, break exactly at the width.
    Hard,
}

/// One wrapped line and its width in columns.
#[derive(Debug, Clone, Default)]
pub(super) struct WLine {
    pub spans: Vec<Span>,
    pub width: usize,
    /// Ended by a hard line break, not by running out of room.
    pub hard: bool,
}

/// Columns a grapheme takes, as ratatui measures it when drawing.
pub fn grapheme_width(g: &str) -> usize {
    if g.len() == 1 {
        return usize::from(g != "\n");
    }
    let marks = g.chars().filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}')).count();
    g.width() + marks
}

/// Columns a string takes.
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Newline,
    Space,
    Cjk,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct G {
    frag: usize,
    start: usize,
    end: usize,
    width: usize,
    offset: Option<usize>,
    kind: Kind,
}

fn kind_of(g: &str) -> Kind {
    if g == "\n" {
        return Kind::Newline;
    }
    let mut chars = g.chars();
    let first = chars.next().unwrap_or(' ');
    let no_break = matches!(first, '\u{A0}' | '\u{2007}' | '\u{202F}');
    if first.is_whitespace() && !no_break {
        Kind::Space
    } else if is_cjk(first) {
        Kind::Cjk
    } else {
        Kind::Other
    }
}

fn graphemes(frags: &[Frag]) -> Vec<G> {
    let mut out = Vec::with_capacity(frags.iter().map(|f| f.text.len()).sum());
    for (fi, frag) in frags.iter().enumerate() {
        if frag.text.is_ascii() {
            ascii_graphemes(fi, frag, &mut out);
            continue;
        }
        let mut chars = 0;
        for (start, g) in frag.text.grapheme_indices(true) {
            out.push(G {
                frag: fi,
                start,
                end: start + g.len(),
                width: grapheme_width(g),
                offset: frag.offset.map(|o| o + chars),
                kind: kind_of(g),
            });
            chars += g.chars().count();
        }
    }
    out
}

/// In ASCII text every byte is a grapheme of width one (control characters
/// were replaced by `sanitize`, and CRLF never survives decoding), so the
/// costly segmentation can be skipped for the common case.
fn ascii_graphemes(fi: usize, frag: &Frag, out: &mut Vec<G>) {
    for (i, b) in frag.text.bytes().enumerate() {
        let kind = match b {
            b'\n' => Kind::Newline,
            b' ' | b'\t' => Kind::Space,
            _ => Kind::Other,
        };
        let width = usize::from(b != b'\n');
        out.push(G {
            frag: fi,
            start: i,
            end: i + 1,
            width,
            offset: frag.offset.map(|o| o + i),
            kind,
        });
    }
}

/// Wraps fragments to `width` columns (at least 1).
pub(super) fn wrap(frags: &[Frag], width: usize, mode: Mode) -> Vec<WLine> {
    let gs = graphemes(frags);
    let mut b =
        Builder { frags, gs: &gs, width: width.max(1), cur: Vec::new(), cur_w: 0, out: Vec::new() };
    match mode {
        Mode::Words => b.words(),
        Mode::Hard => b.hard(),
    }
    b.flush_if_any();
    b.out
}

struct Builder<'a> {
    frags: &'a [Frag],
    gs: &'a [G],
    width: usize,
    cur: Vec<usize>,
    cur_w: usize,
    out: Vec<WLine>,
}

impl Builder<'_> {
    fn words(&mut self) {
        let mut pending: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < self.gs.len() {
            match self.gs[i].kind {
                Kind::Newline => {
                    self.flush();
                    if let Some(line) = self.out.last_mut() {
                        line.hard = true;
                    }
                    pending.clear();
                    i += 1;
                }
                Kind::Space => {
                    if !self.cur.is_empty() {
                        pending.push(i);
                    }
                    i += 1;
                }
                Kind::Cjk | Kind::Other => {
                    let end = self.word_end(i);
                    self.place_word(i, end, &pending);
                    pending.clear();
                    i = end;
                }
            }
        }
    }

    /// A word runs over non-space graphemes and stops before a CJK one, so
    /// CJK text may break between any two characters while punctuation
    /// after a CJK character stays with it.
    fn word_end(&self, start: usize) -> usize {
        let mut end = start + 1;
        while end < self.gs.len() && self.gs[end].kind == Kind::Other {
            end += 1;
        }
        end
    }

    fn place_word(&mut self, start: usize, end: usize, pending: &[usize]) {
        let word_w: usize = self.gs[start..end].iter().map(|g| g.width).sum();
        let pending_w: usize = pending.iter().map(|&p| self.gs[p].width).sum();
        if self.cur_w + pending_w + word_w <= self.width {
            pending.iter().for_each(|&p| self.push(p));
            (start..end).for_each(|g| self.push(g));
            return;
        }
        self.flush_if_any();
        if word_w <= self.width {
            (start..end).for_each(|g| self.push(g));
            return;
        }
        // Longer than a whole line (a URL, say): break between graphemes.
        for g in start..end {
            if self.cur_w + self.gs[g].width > self.width {
                self.flush_if_any();
            }
            self.push(g);
        }
    }

    fn hard(&mut self) {
        for i in 0..self.gs.len() {
            if self.gs[i].kind == Kind::Newline {
                self.flush();
                continue;
            }
            if self.cur_w + self.gs[i].width > self.width {
                self.flush_if_any();
            }
            self.push(i);
        }
    }

    fn push(&mut self, g: usize) {
        self.cur.push(g);
        self.cur_w += self.gs[g].width;
    }

    fn flush_if_any(&mut self) {
        if !self.cur.is_empty() {
            self.flush();
        }
    }

    /// Ends the current line, merging neighbouring graphemes of one
    /// fragment into one span: each span's text is sliced from its
    /// fragment once, not grown a grapheme at a time.
    fn flush(&mut self) {
        let mut spans: Vec<Span> = Vec::new();
        let mut run: Option<Run> = None;
        for &gi in &self.cur {
            let g = self.gs[gi];
            if let Some(r) = &mut run
                && r.frag == g.frag
                && r.end == g.start
            {
                r.end = g.end;
                continue;
            }
            if let Some(r) = run.take() {
                spans.push(self.span(r));
            }
            run = Some(Run { frag: g.frag, start: g.start, end: g.end, offset: g.offset });
        }
        if let Some(r) = run {
            spans.push(self.span(r));
        }
        self.out.push(WLine { spans, width: self.cur_w, hard: false });
        self.cur.clear();
        self.cur_w = 0;
    }

    fn span(&self, run: Run) -> Span {
        let frag = &self.frags[run.frag];
        Span {
            text: frag.text[run.start..run.end].to_string(),
            style: frag.style,
            offset: run.offset,
        }
    }
}

/// Adjacent graphemes of one fragment on one line: one span.
#[derive(Debug, Clone, Copy)]
struct Run {
    frag: usize,
    start: usize,
    end: usize,
    offset: Option<usize>,
}
