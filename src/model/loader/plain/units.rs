//! Plain text → units: the paragraphs, lists, tables, code and pull quotes
//! that the later passes move, join and group into articles.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::shape::{Case, Heading, heading, strip_marks};
use super::{Role, inline};
use crate::model::document::{Block, Inline, Inlines};
use crate::model::scan::ascii;
use crate::model::shared::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Prose: one line (a heading, title or byline candidate) or a paragraph.
    Para,
    /// Short lines kept as lines (an address, a list of names without bullets).
    Lines,
    /// A quote typeset as a column of one- to three-word lines.
    PullQuote,
    Quote,
    List,
    Table,
    Code,
}

/// Units borrow their lines (and, for one-line units, their text) from the
/// decoded file: most of a file is paragraphs that no pass changes, and
/// copying each line into its own `String` cost more than all the shape
/// checks together.
#[derive(Debug, Clone)]
pub struct Unit<'a> {
    pub kind: UnitKind,
    /// The source lines, trimmed; metadata checks look at these.
    pub lines: Lines<'a>,
    /// Its text (see [`Unit::text`]), and the prebuilt block of a list,
    /// table or code unit.
    body: Body<'a>,
    pub role: Role,
    /// Dropped by the PDF into the middle of a split sentence (see `repair`).
    pub floated: bool,
    /// The heading shape of `text`, worked out when first asked: finding
    /// titles, page breaks, sponsor blocks and sections all ask.
    heading: OnceCell<Option<Heading>>,
}

/// A unit's text and, for lists, tables and code, its prebuilt block, in
/// one field as large as the text alone: most units are paragraphs, and a
/// block beside the text (boxed, so 8 bytes) made every unit 64 bytes
/// instead of 56. A 100 MB file has some 300,000 units alive at once.
#[derive(Debug, Clone)]
enum Body<'a> {
    Text(Cow<'a, str>),
    /// The block, and a plain rendering of it for the shape checks.
    Built(Box<(Block, String)>),
}

/// A unit's source lines. Most units are one line, which is kept without
/// a vector of its own: a vector per unit was one allocation in four.
#[derive(Debug, Clone)]
pub enum Lines<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

impl<'a> std::ops::Deref for Lines<'a> {
    type Target = [&'a str];

    fn deref(&self) -> &[&'a str] {
        match self {
            Lines::One(line) => std::slice::from_ref(line),
            Lines::Many(lines) => lines,
        }
    }
}

impl<'a> Lines<'a> {
    /// Lines, trimmed (`ascii::trim`, which is `str::trim`).
    pub(super) fn trimmed(lines: &[&'a str]) -> Lines<'a> {
        match lines {
            [line] => Lines::One(ascii::trim(line)),
            _ => Lines::Many(lines.iter().map(|l| ascii::trim(l)).collect()),
        }
    }

    pub(super) fn append(&mut self, more: &[&'a str]) {
        match self {
            Lines::Many(lines) => lines.extend_from_slice(more),
            Lines::One(line) => *self = Lines::Many([&[*line], more].concat()),
        }
    }
}

impl<'a> Unit<'a> {
    pub(super) fn new(
        kind: UnitKind,
        lines: Lines<'a>,
        text: Cow<'a, str>,
        block: Option<Block>,
    ) -> Unit<'a> {
        let body = match block {
            Some(block) => Body::Built(Box::new((block, text.into_owned()))),
            None => Body::Text(text),
        };
        Unit { kind, lines, body, role: Role::Content, floated: false, heading: OnceCell::new() }
    }

    pub(super) fn prose(
        kind: UnitKind,
        lines: Lines<'a>,
        text: impl Into<Cow<'a, str>>,
    ) -> Unit<'a> {
        Unit::new(kind, lines, text.into(), None)
    }

    /// A one-line prose unit: the line is its text.
    pub(super) fn line(line: &'a str) -> Unit<'a> {
        Unit::prose(UnitKind::Para, Lines::One(line), line)
    }

    /// A one-line unit that is a heading whatever its shape: a numbered
    /// section heading that a contents entry or the numbering confirms.
    pub fn heading_line(line: &'a str) -> Unit<'a> {
        let unit = Unit::line(line);
        let _ = unit.heading.set(Some(Heading::confirmed(line)));
        unit
    }

    /// An empty slot, left where a unit was moved out.
    pub fn gone() -> Unit<'a> {
        Unit::prose(UnitKind::Para, Lines::Many(Vec::new()), "")
    }

    /// How the text is cased if it is shaped like a heading.
    pub fn heading_case(&self) -> Option<Case> {
        self.heading().map(|h| h.case)
    }

    /// Is the text shaped like a section heading (see [`Heading::opens_section`])?
    pub fn is_heading(&self) -> bool {
        self.heading().is_some_and(Heading::opens_section)
    }

    fn heading(&self) -> Option<Heading> {
        *self.heading.get_or_init(|| heading(self.text()))
    }

    /// Prose text (lines joined) for prose kinds; a plain rendering
    /// otherwise. Changed only by [`Unit::append_wrapped`], which forgets
    /// the heading shape.
    pub fn text(&self) -> &str {
        match &self.body {
            Body::Text(text) => text,
            Body::Built(built) => &built.1,
        }
    }

    #[cfg(test)]
    pub fn block(&self) -> Option<&Block> {
        match &self.body {
            Body::Built(built) => Some(&built.0),
            Body::Text(_) => None,
        }
    }

    /// The text, for a unit that becomes part of another block.
    pub fn into_text(self) -> Cow<'a, str> {
        match self.body {
            Body::Text(text) => text,
            Body::Built(built) => Cow::Owned(built.1),
        }
    }

    /// Joins the next unit's text and lines to this one's, as a paragraph
    /// wrapped across them (see [`push_wrapped`]).
    pub fn append_wrapped(&mut self, next: Unit<'a>) {
        let text = match &mut self.body {
            Body::Text(text) => text.to_mut(),
            Body::Built(built) => &mut built.1,
        };
        push_wrapped(text, next.text());
        self.lines.append(&next.lines);
        self.heading = OnceCell::new();
    }

    /// A single line of prose: the only shape a title or heading can take.
    pub fn is_line(&self) -> bool {
        self.kind == UnitKind::Para && self.lines.len() == 1
    }

    pub fn is_prose(&self) -> bool {
        self.kind == UnitKind::Para
    }

    /// Converts the unit into its reading block; text that is the
    /// source's own lines shares its bytes.
    pub fn into_block(self, source: &Source) -> Block {
        let text = match self.body {
            Body::Built(built) => return built.0,
            Body::Text(text) => text,
        };
        match self.kind {
            UnitKind::PullQuote => {
                Block::Quote { blocks: vec![paragraph(text, source)], pull: true }
            }
            UnitKind::Quote => Block::Quote { blocks: vec![paragraph(text, source)], pull: false },
            UnitKind::Lines => {
                let mut inlines = Vec::new();
                for (i, line) in self.lines.iter().enumerate() {
                    if i > 0 {
                        inlines.push(Inline::Break);
                    }
                    inlines.extend(inline::parse(line));
                }
                Block::Paragraph(inlines.into())
            }
            _ => paragraph(text, source),
        }
    }
}

/// A paragraph block; text without markup or marks is moved, not copied,
/// and a slice of `source` (a line as the file had it) shares its bytes.
pub fn paragraph(text: Cow<'_, str>, source: &Source) -> Block {
    let stripped = strip_marks(&text);
    if stripped.len() == text.len() && inline::is_plain(&text) {
        return Block::Paragraph(if text.is_empty() {
            Inlines::new()
        } else {
            Inline::Text(match text {
                Cow::Borrowed(line) => source.share(line),
                Cow::Owned(joined) => joined.into(),
            })
            .into()
        });
    }
    Block::Paragraph(inline::parse(stripped).into())
}

/// Words a hyphen at the end of a line belongs to rather than splits.
const HYPHEN_PREFIXES: &[&str] = &[
    "self", "non", "co", "pre", "multi", "cross", "well", "high", "low", "long", "short", "full",
    "half", "end", "user", "open", "real", "third", "first", "second", "cloud", "team", "long",
    "time", "data", "event", "client", "server", "front", "back",
];

/// Joins a wrapped line to the text before it, in place, mending words
/// hyphenated across the break ("mono-" + "lithic" → "monolithic").
pub fn push_wrapped(acc: &mut String, next: &str) {
    let kept = acc.trim_end().trim_end_matches('►').trim_end().len();
    acc.truncate(kept);
    if acc.is_empty() {
        acc.push_str(next);
        return;
    }
    if let Some(stem) = acc.strip_suffix('-') {
        let word = stem.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if !word.is_empty() && next.starts_with(char::is_lowercase) {
            if !HYPHEN_PREFIXES.contains(&word.to_lowercase().as_str()) {
                acc.pop();
            }
            acc.push_str(next);
            return;
        }
    }
    acc.push(' ');
    acc.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join_wrapped(acc: &str, next: &str) -> String {
        let mut out = acc.to_string();
        push_wrapped(&mut out, next);
        out
    }

    /// A 100 MB file has some 300,000 units alive at the peak of its load.
    #[test]
    fn a_unit_takes_56_bytes() {
        assert_eq!(std::mem::size_of::<Unit>(), 56);
        // Taken one span at a time, units are held as options in place.
        assert_eq!(std::mem::size_of::<Option<Unit>>(), 56);
    }

    #[test]
    fn hyphenation_across_lines_is_mended() {
        assert_eq!(
            join_wrapped("existing mono-", "lithic features"),
            "existing monolithic features"
        );
        assert_eq!(join_wrapped("a self-", "sustaining one"), "a self-sustaining one");
        assert_eq!(join_wrapped("devel- ►", "oped it"), "developed it");
        assert_eq!(join_wrapped("modularity -", "but"), "modularity - but");
    }
}
