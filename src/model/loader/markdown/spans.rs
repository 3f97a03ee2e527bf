//! Inline runs of one paragraph, heading or table cell, built with an
//! explicit stack of open spans (emphasis, links, ...).

use crate::model::document::Inline;
use crate::model::text::inline_text;

/// How deep inline spans may nest. Nobody writes emphasis inside emphasis
/// 32 levels deep; hostile input (thousands of `*`) can, and the model's
/// recursive walks (canonical text, layout, drop) must stay shallow. Deeper
/// spans keep their text but lose their markup.
pub const MAX_INLINE_DEPTH: usize = 32;

/// What an open span becomes when it closes.
#[derive(Debug, Clone, PartialEq)]
pub enum SpanKind {
    Emphasis,
    Strong,
    Strike,
    Link(String),
    Image,
    /// Markup quire does not show (superscript and the like): text only.
    Plain,
}

#[derive(Debug)]
struct Span {
    kind: SpanKind,
    children: Vec<Inline>,
}

/// The runs built so far: `root` plus the spans still open.
#[derive(Debug, Default)]
pub struct Spans {
    root: Vec<Inline>,
    open: Vec<Span>,
    /// Spans opened beyond [`MAX_INLINE_DEPTH`], not built but counted so
    /// that their ends are matched.
    overflow: usize,
}

impl Spans {
    fn current(&mut self) -> &mut Vec<Inline> {
        match self.open.last_mut() {
            Some(span) => &mut span.children,
            None => &mut self.root,
        }
    }

    /// Appends text, merged into the previous text run.
    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let current = self.current();
        match current.last_mut() {
            Some(Inline::Text(t)) => t.to_mut().push_str(text),
            _ => current.push(Inline::text(text)),
        }
    }

    pub fn push(&mut self, inline: Inline) {
        match inline {
            Inline::Text(text) => self.push_text(&text),
            other => self.current().push(other),
        }
    }

    pub fn open(&mut self, kind: SpanKind) {
        if self.overflow > 0 || self.open.len() >= MAX_INLINE_DEPTH {
            self.overflow += 1;
        } else {
            self.open.push(Span { kind, children: Vec::new() });
        }
    }

    pub fn close(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let Some(span) = self.open.pop() else { return };
        for inline in finish_span(span) {
            self.push(inline);
        }
    }

    /// Closes whatever is still open and returns the trimmed runs.
    pub fn finish(mut self) -> Vec<Inline> {
        self.overflow = 0;
        while !self.open.is_empty() {
            self.close();
        }
        trim(self.root)
    }
}

fn finish_span(span: Span) -> Vec<Inline> {
    let children = span.children;
    if children.is_empty() && span.kind != SpanKind::Image {
        return Vec::new();
    }
    match span.kind {
        SpanKind::Emphasis => vec![Inline::Emphasis(children)],
        SpanKind::Strong => vec![Inline::Strong(children)],
        SpanKind::Strike => vec![Inline::Strike(children)],
        // A link to nowhere (`#`, or empty) is only its text.
        SpanKind::Link(url) if url.trim().is_empty() || url.trim() == "#" => children,
        SpanKind::Link(url) => vec![Inline::Link { text: children, url }],
        SpanKind::Image => {
            let alt = inline_text(&children);
            let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
            let text =
                if alt.is_empty() { "[image]".to_string() } else { format!("[image: {alt}]") };
            vec![Inline::Text(text.into())]
        }
        SpanKind::Plain => children,
    }
}

/// Drops leading and trailing whitespace and line breaks of a run list.
fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        t.truncate(t.trim_end().len());
    }
    let lead = inlines.iter().take_while(|i| matches!(i, Inline::Break)).count();
    inlines.drain(..lead);
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        t.trim_start();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inlines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_nest_and_text_merges() {
        let mut s = Spans::default();
        s.push_text(" a");
        s.push_text("b ");
        s.open(SpanKind::Strong);
        s.push_text("c");
        s.close();
        s.push(Inline::Break);
        let out = s.finish();
        assert_eq!(out, [Inline::text("ab "), Inline::Strong(vec![Inline::text("c")])]);
    }

    #[test]
    fn empty_links_are_text_and_images_are_alt_text() {
        let mut s = Spans::default();
        s.open(SpanKind::Link("#".into()));
        s.push_text("top");
        s.close();
        s.open(SpanKind::Image);
        s.push_text("a  cat");
        s.close();
        s.open(SpanKind::Image);
        s.close();
        assert_eq!(s.finish(), [Inline::text("top[image: a cat][image]")]);
    }

    #[test]
    fn nesting_beyond_the_cap_keeps_text_only() {
        let mut s = Spans::default();
        for _ in 0..1000 {
            s.open(SpanKind::Emphasis);
        }
        s.push_text("deep");
        for _ in 0..1000 {
            s.close();
        }
        let out = s.finish();
        let mut depth = 0;
        let mut level = &out;
        while let [Inline::Emphasis(children)] = level.as_slice() {
            depth += 1;
            level = children;
        }
        assert_eq!(depth, MAX_INLINE_DEPTH);
        assert_eq!(level, &[Inline::text("deep")]);
    }

    #[test]
    fn unclosed_spans_are_closed_by_finish() {
        let mut s = Spans::default();
        s.open(SpanKind::Strike);
        s.push_text("x");
        assert_eq!(s.finish(), [Inline::Strike(vec![Inline::text("x")])]);
    }
}
