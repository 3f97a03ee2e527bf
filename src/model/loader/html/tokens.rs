//! A quick tokenizer for the markup most pages are made of, feeding
//! html5ever's tree builder. html5ever's own tokenizer reads a character
//! at a time through a queue of buffers and spent over half an HTML load;
//! this one finds `<` and `&` with `memchr` and hands text on as slices of
//! the input, never copied.
//!
//! It follows the HTML tokenizer's rules exactly for what it accepts:
//! text, character references, start and end tags with their attributes,
//! comments, doctypes, raw text (`script`, `style`, `title`...) as the tree
//! builder asks for it. Anything past that (CDATA, a character reference
//! whose reading depends on history, a malformed tag, a tag cut off by the
//! end of the file...) returns [`Unusual`], and the caller parses the
//! whole text again with html5ever's tokenizer: odd input costs one more
//! parse, never a different tree.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

use super::doctype::doctype;
use super::guard::{MAX_MARKUP_DEPTH, raw_text, uncounted};
pub use super::references::Unusual;
use super::references::reference;
// A CR never reaches here (see `feed`), so HTML's whitespace is this.
use super::whitespace::is_html_space as is_space;

type Step = Result<(), Unusual>;

/// Sends the tokens of `input` to `sink`, all but the final end of file.
pub fn feed<S: TokenSink>(sink: &S, input: &StrTendril) -> Step {
    let text: &str = input;
    if memchr::memchr2(0, b'\r', text.as_bytes()).is_some() {
        return Err(Unusual);
    }
    let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // A byte order mark past the start: html5ever drops one wherever its
    // tokenizer resumes (after each script), so only it gets these right.
    if memchr::memmem::find(&text.as_bytes()[at..], "\u{feff}".as_bytes()).is_some() {
        return Err(Unusual);
    }
    Lexer { sink, input, text, at, open: Vec::new() }.run()
}

struct Lexer<'a, S> {
    sink: &'a S,
    input: &'a StrTendril,
    text: &'a str,
    at: usize,
    /// The elements open as the depth guard counts them (see [`guard`]).
    ///
    /// [`guard`]: super::guard
    open: Vec<LocalName>,
}

impl<S: TokenSink> Lexer<'_, S> {
    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes().get(at).copied()
    }

    fn slice(&self, from: usize, to: usize) -> StrTendril {
        self.input.subtendril(from as u32, (to - from) as u32)
    }

    fn emit(&self, token: Token) -> TokenSinkResult<S::Handle> {
        self.sink.process_token(token, 0)
    }

    /// A token that cannot change the tokenizer's state (text, comments,
    /// doctypes): the tree builder's answer is always to go on.
    fn send(&self, token: Token) {
        let _ = self.emit(token);
    }

    fn emit_text(&self, from: usize, to: usize) {
        if to > from {
            self.send(Token::CharacterTokens(self.slice(from, to)));
        }
    }

    fn run(&mut self) -> Step {
        while self.at < self.text.len() {
            let end = memchr::memchr(b'<', &self.bytes()[self.at..])
                .map_or(self.text.len(), |n| self.at + n);
            self.text_with_references(self.at, end)?;
            self.at = end;
            if end < self.text.len() {
                self.markup()?;
            }
        }
        Ok(())
    }

    /// Text from `from` to `to`, its character references decoded.
    fn text_with_references(&self, from: usize, to: usize) -> Step {
        let mut start = from;
        let mut search = from;
        while let Some(amp) = memchr::memchr(b'&', &self.bytes()[search..to]).map(|n| search + n) {
            match reference(&self.text[amp..to], false)? {
                Some((decoded, used)) => {
                    self.emit_text(start, amp);
                    self.send(Token::CharacterTokens(decoded));
                    start = amp + used;
                    search = start;
                }
                None => search = amp + 1,
            }
        }
        self.emit_text(start, to);
        Ok(())
    }

    /// At a `<`: a tag, comment, doctype or processing instruction, or a
    /// plain `<` of text.
    fn markup(&mut self) -> Step {
        let at = self.at;
        match self.byte(at + 1) {
            Some(b) if b.is_ascii_alphabetic() => self.tag(at + 1, TagKind::StartTag),
            Some(b'/') if self.byte(at + 2).is_some_and(|b| b.is_ascii_alphabetic()) => {
                self.tag(at + 2, TagKind::EndTag)
            }
            Some(b'!') => self.declaration(at),
            Some(b'?') => {
                // A bogus comment: `<?xml ...>` up to the first `>`.
                let end = self.find(at, b">").ok_or(Unusual)?;
                self.send(Token::CommentToken(self.slice(at + 1, end)));
                self.at = end + 1;
                Ok(())
            }
            Some(b'/') | None => Err(Unusual),
            Some(_) => {
                self.emit_text(at, at + 1);
                self.at = at + 1;
                Ok(())
            }
        }
    }

    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        memchr::memmem::find(&self.bytes()[from..], needle).map(|n| from + n)
    }

    /// `<!--...-->` or `<!doctype ...>`.
    fn declaration(&mut self, at: usize) -> Step {
        let rest = &self.bytes()[at..];
        if rest.starts_with(b"<!--") {
            let body = at + 4;
            let end = self.find(body, b"-->").ok_or(Unusual)?;
            // `<!-->`, `<!--->` and `--!>` close comments early: rare, left.
            let early = rest[4..].starts_with(b">") || rest[4..].starts_with(b"->");
            if early || memchr::memmem::find(&self.bytes()[body..end], b"--!").is_some() {
                return Err(Unusual);
            }
            self.send(Token::CommentToken(self.slice(body, end)));
            self.at = end + 3;
            return Ok(());
        }
        if rest.len() > 9 && rest[2..9].eq_ignore_ascii_case(b"doctype") {
            let end = self.find(at, b">").ok_or(Unusual)?;
            let doctype = doctype(&self.text[at + 9..end]).ok_or(Unusual)?;
            self.send(Token::DoctypeToken(doctype));
            self.at = end + 1;
            return Ok(());
        }
        Err(Unusual)
    }

    /// A tag whose name starts at `from`.
    fn tag(&mut self, from: usize, kind: TagKind) -> Step {
        let name_end = self.bytes()[from..]
            .iter()
            .position(|&b| is_space(b) || b == b'/' || b == b'>')
            .map(|n| from + n)
            .ok_or(Unusual)?;
        let name = lower_name(&self.text[from..name_end]);
        let mut tag = Tag {
            kind,
            name,
            self_closing: false,
            attrs: Vec::new(),
            had_duplicate_attributes: false,
        };
        self.at = name_end;
        loop {
            while self.byte(self.at).is_some_and(is_space) {
                self.at += 1;
            }
            match self.byte(self.at).ok_or(Unusual)? {
                b'>' => break,
                b'/' if self.byte(self.at + 1) == Some(b'>') => {
                    tag.self_closing = true;
                    self.at += 1;
                    break;
                }
                b'/' => return Err(Unusual),
                _ => self.attribute(&mut tag)?,
            }
        }
        self.at += 1;
        if kind == TagKind::EndTag && (tag.self_closing || !tag.attrs.is_empty()) {
            return Err(Unusual);
        }
        self.count_depth(&tag)?;
        let name = tag.name.clone();
        match self.emit(Token::TagToken(tag)) {
            // The text is decoded already (see `charset`): a `<meta
            // charset>` changes nothing here.
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => Ok(()),
            TokenSinkResult::Plaintext => {
                self.emit_text(self.at, self.text.len());
                self.at = self.text.len();
                Ok(())
            }
            TokenSinkResult::RawData(kind) => self.raw_text(kind, &name),
        }
    }

    /// Nesting counted as the depth guard counts it: a page nested deeper
    /// than the guard allows goes the slow way, through the guard, so that
    /// the tree builder never meets it.
    fn count_depth(&mut self, tag: &Tag) -> Step {
        let name = tag.name.as_bytes();
        if tag.self_closing || uncounted(name) || raw_text(name) {
            return Ok(());
        }
        match tag.kind {
            TagKind::StartTag if self.open.len() >= MAX_MARKUP_DEPTH => return Err(Unusual),
            TagKind::StartTag => self.open.push(tag.name.clone()),
            TagKind::EndTag => {
                if let Some(i) = self.open.iter().rposition(|n| *n == tag.name) {
                    self.open.truncate(i);
                }
            }
        }
        Ok(())
    }

    /// One attribute at `self.at`; a repeated name is dropped, as the
    /// standard asks.
    fn attribute(&mut self, tag: &mut Tag) -> Step {
        let start = self.at;
        let bytes = self.bytes();
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if is_space(b) || matches!(b, b'/' | b'>') || (b == b'=' && end > start) {
                break;
            }
            if matches!(b, b'"' | b'\'' | b'<' | b'=') {
                return Err(Unusual);
            }
            end += 1;
        }
        let name = lower_name(&self.text[start..end]);
        let mut at = end;
        while bytes.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        let value = if bytes.get(at) == Some(&b'=') {
            at += 1;
            while bytes.get(at).copied().is_some_and(is_space) {
                at += 1;
            }
            let (value, after) = self.value(at)?;
            at = after;
            value
        } else {
            at = end;
            StrTendril::new()
        };
        self.at = at;
        if tag.attrs.iter().any(|a| a.name.local == name) {
            tag.had_duplicate_attributes = true;
        } else {
            tag.attrs.push(Attribute { name: QualName::new(None, ns!(), name), value });
        }
        Ok(())
    }

    /// An attribute value at `at`, quoted or not, and where it ends.
    fn value(&self, at: usize) -> Result<(StrTendril, usize), Unusual> {
        let bytes = self.bytes();
        let (from, to, after) = match bytes.get(at).copied().ok_or(Unusual)? {
            quote @ (b'"' | b'\'') => {
                let to = memchr::memchr(quote, &bytes[at + 1..]).ok_or(Unusual)? + at + 1;
                // Attributes run together (`a="1"b="2"`) are left.
                if bytes.get(to + 1).is_some_and(|&b| !is_space(b) && b != b'/' && b != b'>') {
                    return Err(Unusual);
                }
                (at + 1, to, to + 1)
            }
            b'>' => return Err(Unusual),
            _ => {
                let len = bytes[at..].iter().position(|&b| is_space(b) || b == b'>');
                let to = at + len.ok_or(Unusual)?;
                if bytes[at..to].iter().any(|b| matches!(b, b'"' | b'\'' | b'<' | b'=' | b'`')) {
                    return Err(Unusual);
                }
                (at, to, to)
            }
        };
        Ok((self.value_text(from, to)?, after))
    }

    /// An attribute's text with its references decoded; a slice of the
    /// input when it has none.
    fn value_text(&self, from: usize, to: usize) -> Result<StrTendril, Unusual> {
        if memchr::memchr(b'&', &self.bytes()[from..to]).is_none() {
            return Ok(self.slice(from, to));
        }
        let mut out = StrTendril::new();
        let (mut start, mut search) = (from, from);
        while let Some(amp) = memchr::memchr(b'&', &self.bytes()[search..to]).map(|n| search + n) {
            if let Some((decoded, used)) = reference(&self.text[amp..to], true)? {
                out.push_slice(&self.text[start..amp]);
                out.push_tendril(&decoded);
                start = amp + used;
                search = start;
            } else {
                search = amp + 1;
            }
        }
        out.push_slice(&self.text[start..to]);
        Ok(out)
    }

    /// Raw text after a `script`, `style`, `title`... start tag, up to its
    /// end tag (or the end of the input).
    fn raw_text(&mut self, kind: RawKind, name: &str) -> Step {
        let end = self.end_tag(name);
        match kind {
            RawKind::Rcdata => self.text_with_references(self.at, end)?,
            RawKind::Rawtext => self.emit_text(self.at, end),
            // Escaped script text (`<!--` in a script) has states of its own.
            RawKind::ScriptData
                if memchr::memmem::find(&self.bytes()[self.at..end], b"<!--").is_none() =>
            {
                self.emit_text(self.at, end);
            }
            _ => return Err(Unusual),
        }
        self.at = end;
        Ok(())
    }

    /// Where `</name` next starts, followed by a space, `/` or `>`.
    fn end_tag(&self, name: &str) -> usize {
        let mut at = self.at;
        while let Some(start) = self.find(at, b"</") {
            let after = start + 2 + name.len();
            let matches = self
                .bytes()
                .get(start + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
            if matches && self.byte(after).is_some_and(|b| is_space(b) || b == b'/' || b == b'>') {
                return start;
            }
            at = start + 2;
        }
        self.text.len()
    }
}

/// A tag or attribute name, lower case.
fn lower_name(name: &str) -> LocalName {
    if let Some(common) = common_name(name) {
        return common;
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        LocalName::from(name.to_ascii_lowercase())
    } else {
        LocalName::from(name)
    }
}

/// The names most tags are written with, as atoms without a hash lookup
/// (interning hashes the name: a tenth of the tokenizer's time).
fn common_name(name: &str) -> Option<LocalName> {
    Some(match name {
        "a" => local_name!("a"),
        "p" => local_name!("p"),
        "li" => local_name!("li"),
        "em" => local_name!("em"),
        "ul" => local_name!("ul"),
        "br" => local_name!("br"),
        "td" => local_name!("td"),
        "tr" => local_name!("tr"),
        "div" => local_name!("div"),
        "pre" => local_name!("pre"),
        "img" => local_name!("img"),
        "span" => local_name!("span"),
        "code" => local_name!("code"),
        "href" => local_name!("href"),
        "class" => local_name!("class"),
        "strong" => local_name!("strong"),
        "section" => local_name!("section"),
        "article" => local_name!("article"),
        "blockquote" => local_name!("blockquote"),
        _ => return None,
    })
}

#[cfg(test)]
#[path = "tokens_tests.rs"]
mod tests;
