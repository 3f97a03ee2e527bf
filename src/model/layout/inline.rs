//! Inline runs → styled fragments with canonical offsets and link numbers.

use std::collections::HashMap;

use super::wrap::Frag;
use super::{Role, SpanStyle};
use crate::model::document::Inline;

/// Link urls numbered from 1 in reading order; a url seen again keeps its
/// first number, so `o` lists each destination once.
#[derive(Debug, Default)]
pub(super) struct Links {
    pub urls: Vec<String>,
    index: HashMap<String, u16>,
}

impl Links {
    /// Links numbered as in `urls` (the article's [`super::Plan`]), so that
    /// any window of an article numbers them as the whole article does.
    pub(super) fn numbered(urls: &[String]) -> Links {
        let index = urls.iter().zip(1u16..).map(|(url, n)| (url.clone(), n)).collect();
        Links { urls: urls.to_vec(), index }
    }

    fn number(&mut self, url: &str) -> Option<u16> {
        if let Some(&n) = self.index.get(url) {
            return Some(n);
        }
        let n = u16::try_from(self.urls.len() + 1).ok()?;
        self.urls.push(url.to_string());
        self.index.insert(url.to_string(), n);
        Some(n)
    }
}

/// Flattens inlines starting at canonical offset `base`; returns the
/// fragments and the number of canonical chars they cover.
pub(super) fn flatten(
    inlines: &[Inline],
    base: usize,
    style: SpanStyle,
    links: &mut Links,
) -> (Vec<Frag>, usize) {
    let mut flat = Flat { frags: Vec::new(), pos: base };
    flat.push_all(inlines, style, links);
    (flat.frags, flat.pos - base)
}

struct Flat {
    frags: Vec<Frag>,
    pos: usize,
}

impl Flat {
    fn text(&mut self, text: &str, style: SpanStyle) {
        if text.is_empty() {
            return;
        }
        self.frags.push(Frag::text(text, style, self.pos));
        self.pos += text.chars().count();
    }

    fn push_all(&mut self, inlines: &[Inline], style: SpanStyle, links: &mut Links) {
        for inline in inlines {
            self.push(inline, style, links);
        }
    }

    fn push(&mut self, inline: &Inline, style: SpanStyle, links: &mut Links) {
        match inline {
            Inline::Text(t) => self.text(t, style),
            Inline::Code(t) => self.text(t, SpanStyle { code: true, ..style }),
            Inline::Emphasis(c) => self.push_all(c, SpanStyle { emphasis: true, ..style }, links),
            Inline::Strong(c) => self.push_all(c, SpanStyle { strong: true, ..style }, links),
            Inline::Strike(c) => self.push_all(c, SpanStyle { strike: true, ..style }, links),
            Inline::Link { text, url } => self.link(text, url, style, links),
            Inline::FootnoteRef(label) => {
                self.text(&format!("[{label}]"), SpanStyle { role: Role::Footnote, ..style });
            }
            Inline::Break => self.text("\n", style),
        }
    }

    /// The link text keeps its number in its style; a `[n]` marker, which is
    /// not part of the canonical text, follows it.
    fn link(&mut self, text: &[Inline], url: &str, style: SpanStyle, links: &mut Links) {
        let number = links.number(url);
        self.push_all(text, SpanStyle { link: number, ..style }, links);
        if let Some(n) = number {
            let marker =
                SpanStyle { role: Role::LinkMarker, link: Some(n), ..SpanStyle::default() };
            self.frags.push(Frag::deco(format!("[{n}]"), marker));
        }
    }
}
