//! A small XML element tree for feeds and EPUB package files, built with
//! quick-xml without recursion. Hostile files are bounded: no DTD entity
//! is ever expanded (only XML's five and character references are), the
//! nesting is capped at [`MAX_DEPTH`] (deeper text goes to the deepest
//! kept element) and the tree at [`MAX_ELEMENTS`] elements.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Elements nested deeper than this are not kept as elements.
pub const MAX_DEPTH: usize = 64;
/// More elements than this are not kept (a feed or package never needs them).
pub const MAX_ELEMENTS: usize = 200_000;

/// One element: its name as written (with any prefix), attributes, text
/// (all its own text, child text excluded) and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// Where the element's content lies in the source, for content that is
    /// markup itself (Atom's `type="xhtml"`).
    pub inner: (usize, usize),
}

impl Element {
    /// The name without its namespace prefix, lower case.
    pub fn local(&self) -> String {
        self.name.rsplit(':').next().unwrap_or(&self.name).to_ascii_lowercase()
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name || k.rsplit(':').next() == Some(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first child with this local name.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.local() == local)
    }

    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.local() == local)
    }

    /// A child's text, trimmed, if present and not empty.
    pub fn child_text(&self, local: &str) -> Option<String> {
        self.child(local).map(|c| c.text.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// Every element under this one, in document order, without recursion.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// What went wrong, as one readable phrase, and the part read before it.
#[derive(Debug)]
pub struct XmlError {
    pub message: String,
    /// Boxed: the error travels up a few calls, the tree is big.
    pub partial: Box<Element>,
}

/// Parses a document into a synthetic root holding its top elements.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    // Elements opened past the depth cap, whose ends are not pushed.
    let mut overflow = 0usize;
    let mut count = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => return Err(failure(format!("{err} at byte {before}"), stack)),
        };
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH || count >= MAX_ELEMENTS {
                    overflow += 1;
                    continue;
                }
                count += 1;
                let mut element = open(&start);
                element.inner.0 = reader.buffer_position() as usize;
                stack.push(element);
            }
            Event::Empty(start) if stack.len() <= MAX_DEPTH && count < MAX_ELEMENTS => {
                count += 1;
                let element = open(&start);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                if overflow > 0 {
                    overflow -= 1;
                    continue;
                }
                if stack.len() > 1
                    && let Some(mut done) = stack.pop()
                {
                    done.inner.1 = before;
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(done);
                    }
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(c) = reference(&r.xml10_content()) {
                    push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(failure(format!("the file ends inside <{open}>"), stack));
    }
    Ok(stack.pop().unwrap_or_default())
}

/// Closes whatever is open, so the caller can keep what was read.
fn failure(message: String, mut stack: Vec<Element>) -> XmlError {
    while stack.len() > 1 {
        if let Some(done) = stack.pop()
            && let Some(parent) = stack.last_mut()
        {
            parent.children.push(done);
        }
    }
    XmlError { message, partial: Box::new(stack.pop().unwrap_or_default()) }
}

fn open(start: &BytesStart<'_>) -> Element {
    let name = start.name().as_ref().to_string();
    let attrs = start
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_string();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (key, value)
        })
        .collect();
    Element { name, attrs, ..Element::default() }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

/// XML's predefined entities and character references; any other entity
/// (one a DTD would define) is left out rather than expanded.
fn reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        // Common HTML entities that hand-made feeds use although XML lacks them.
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_tree_with_text_and_attributes() {
        let root = parse("<a x='1'><b>hi &amp; <![CDATA[<i>]]>&#233;</b><c/></a>").unwrap();
        let a = &root.children[0];
        assert_eq!(a.attr("x"), Some("1"));
        assert_eq!(a.child_text("b").as_deref(), Some("hi & <i>é"));
        assert!(a.child("c").is_some());
    }

    #[test]
    fn dtd_entities_are_never_expanded() {
        let bomb = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;&b;</r>";
        let root = parse(bomb).unwrap();
        assert_eq!(root.children[0].text, "");
    }

    #[test]
    fn deep_nesting_is_capped_and_truncation_reported() {
        let deep = format!("{}x{}", "<d>".repeat(100_000), "</d>".repeat(100_000));
        let root = parse(&deep).unwrap();
        let depth = std::iter::successors(root.children.first(), |e| e.children.first()).count();
        assert_eq!(depth, MAX_DEPTH);
        let err = parse("<rss><channel><item><title>t</title>").unwrap_err();
        assert!(err.message.contains("ends inside <item>"), "{}", err.message);
        assert_eq!(err.partial.children[0].children[0].children.len(), 1);
        assert!(parse("<a><b></a>").is_err());
    }
}
