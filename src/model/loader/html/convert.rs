//! DOM → headings and blocks. The walk recurses only to bounded depths:
//! HTML nesting is attacker-controlled, so past [`MAX_DOM_DEPTH`] plain
//! containers, [`MAX_DEPTH`] quotes or lists, or [`MAX_INLINE_DEPTH`]
//! inline spans, a subtree's text is gathered by an iterative traversal
//! instead, and nothing overflows the stack.

use super::dom::{Edge, Node, NodeRef};

use super::Piece;
use super::content::{Furniture, never_text};
pub use super::whitespace::{one_line, tidy};
use crate::model::document::{Align, Block, Inline, List, ListItem, Table};
use crate::model::loader::markdown::{MAX_DEPTH, MAX_INLINE_DEPTH, clean};

/// Plain containers (`div`, `section`...) walked before flattening.
pub const MAX_DOM_DEPTH: usize = 96;

/// Converts the children of `root` into pieces, skipping furniture.
pub fn pieces(root: NodeRef<'_>, furniture: &Furniture) -> Vec<Piece> {
    let mut walk = Walk { furniture, out: Vec::new(), run: Vec::new() };
    walk.children(root, 0, 0);
    walk.flush();
    walk.out
}

struct Walk<'f> {
    furniture: &'f Furniture,
    out: Vec<Piece>,
    /// Inline content not yet closed into a paragraph (loose text in a div).
    run: Vec<Inline>,
}

impl Walk<'_> {
    fn flush(&mut self) {
        let inlines = tidy(std::mem::take(&mut self.run));
        if !inlines.is_empty() {
            self.out.push(Piece::Block(Block::Paragraph(inlines.into())));
        }
    }

    /// A paragraph of inlines already tidied (tidying twice is the same
    /// text at twice the cost).
    fn paragraph(&mut self, inlines: Vec<Inline>) {
        self.flush();
        if !inlines.is_empty() {
            self.out.push(Piece::Block(Block::Paragraph(inlines.into())));
        }
    }

    fn block(&mut self, block: Block) {
        self.flush();
        self.out.push(Piece::Block(block));
    }

    /// `dom` counts plain containers, `nest` quotes and lists.
    fn children(&mut self, node: NodeRef<'_>, dom: usize, nest: usize) {
        for child in node.children() {
            self.node(child, dom, nest);
        }
    }

    fn node(&mut self, node: NodeRef<'_>, dom: usize, nest: usize) {
        let element = match node.value() {
            Node::Text(text) => return self.run.push(Inline::text(clean(text))),
            Node::Element(element) => element,
            _ => return,
        };
        let name = element.name();
        if never_text(name) || self.furniture.skips(node) {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = one_line(&crate::model::text::inline_text(&inlines(node)));
                if !text.is_empty() {
                    let level = name.as_bytes()[1] - b'0';
                    self.out.push(Piece::Heading { level, text });
                }
            }
            "p" => self.paragraph(inlines(node)),
            "pre" => self.block(code_block(node)),
            "hr" => self.block(Block::Rule),
            "br" => self.run.push(Inline::Break),
            "img" => {
                self.flush();
                self.run.push(image(node));
                self.flush();
            }
            "blockquote" | "ul" | "ol" | "dl" if nest >= MAX_DEPTH => {
                self.block(Block::Paragraph(flat(node).into()));
            }
            "blockquote" => {
                let blocks = nested_blocks(node, self.furniture, dom, nest + 1);
                if !blocks.is_empty() {
                    self.block(Block::Quote { blocks, pull: false });
                }
            }
            "ul" | "ol" => {
                let list = self.list(node, name == "ol", dom, nest + 1);
                if !list.items.is_empty() {
                    self.block(Block::List(list));
                }
            }
            // HTML email lays pages out with tables: those are walked
            // as containers, not shown as grids.
            "table" if layout_table(node) => {
                self.flush();
                self.children(node, dom + 1, nest);
                self.flush();
            }
            "table" => {
                let table = table(node, self.furniture);
                if !table.rows.is_empty() {
                    self.block(Block::Table(Box::new(table)));
                }
            }
            "dt" => {
                let strong = inlines(node);
                if !strong.is_empty() {
                    self.paragraph(vec![Inline::Strong(strong)]);
                }
            }
            _ if is_inline(name) => inline_element(node, 0, &mut self.run),
            _ if dom >= MAX_DOM_DEPTH => self.block(Block::Paragraph(flat(node).into())),
            // Any other element is a container: its edges end a paragraph.
            _ => {
                self.flush();
                self.children(node, dom + 1, nest);
                self.flush();
            }
        }
    }

    fn list(&mut self, node: NodeRef<'_>, ordered: bool, dom: usize, nest: usize) -> List {
        let start = ordered.then(|| {
            let attr = node.value().as_element().and_then(|e| e.attr("start"));
            attr.and_then(|s| s.trim().parse().ok()).unwrap_or(1)
        });
        let mut items = Vec::new();
        for child in node.children() {
            let Node::Element(element) = child.value() else { continue };
            if element.name() != "li" || self.furniture.skips(child) {
                continue;
            }
            let blocks = nested_blocks(child, self.furniture, dom, nest);
            if !blocks.is_empty() {
                items.push(ListItem { task: None, blocks });
            }
        }
        List { start, items }
    }
}

/// Blocks inside a quote or list item: headings there cannot start
/// sections, so they become strong paragraphs.
fn nested_blocks(node: NodeRef<'_>, furniture: &Furniture, dom: usize, nest: usize) -> Vec<Block> {
    let mut walk = Walk { furniture, out: Vec::new(), run: Vec::new() };
    walk.children(node, dom, nest);
    walk.flush();
    walk.out
        .into_iter()
        .map(|piece| match piece {
            Piece::Heading { text, .. } => {
                Block::Paragraph(Inline::Strong(vec![Inline::Text(text.into())]).into())
            }
            Piece::Block(block) => block,
        })
        .collect()
}

/// Phrasing elements: they flow inside a paragraph.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
            | "big"
    )
}

/// The inline content of an element, tidied.
fn inlines(node: NodeRef<'_>) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in node.children() {
        inline_node(child, 0, &mut out);
    }
    tidy(out)
}

/// Appends one node's inline content to `out` (one `Vec` per span, not
/// per node).
fn inline_node(node: NodeRef<'_>, depth: usize, out: &mut Vec<Inline>) {
    match node.value() {
        Node::Text(text) => out.push(Inline::Text(clean(text).into())),
        Node::Element(element) if never_text(element.name()) => {}
        Node::Element(_) => inline_element(node, depth, out),
        _ => {}
    }
}

/// One inline element; any element met in inline position (even a `div`
/// inside a link) contributes its text.
fn inline_element(node: NodeRef<'_>, depth: usize, out: &mut Vec<Inline>) {
    let Some(element) = node.value().as_element() else { return };
    if depth >= MAX_INLINE_DEPTH {
        return out.extend(flat(node));
    }
    let children = || {
        let mut inner = Vec::new();
        node.children().for_each(|c| inline_node(c, depth + 1, &mut inner));
        inner
    };
    let inline = match element.name() {
        "br" => Inline::Break,
        "img" => image(node),
        "em" | "i" | "cite" | "dfn" | "var" => Inline::Emphasis(children()),
        "strong" | "b" => Inline::Strong(children()),
        "s" | "del" | "strike" => Inline::Strike(children()),
        "code" | "kbd" | "samp" | "tt" => Inline::Code(one_line(&text_of(node))),
        "a" => match element.attr("href").map(str::trim) {
            Some(url) if !url.is_empty() && !url.starts_with("javascript:") => {
                Inline::Link { text: children(), url: clean(url) }
            }
            _ => return node.children().for_each(|c| inline_node(c, depth + 1, out)),
        },
        _ => return node.children().for_each(|c| inline_node(c, depth + 1, out)),
    };
    out.push(inline);
}

/// An image as its alt text, the figure line a reader can see.
fn image(node: NodeRef<'_>) -> Inline {
    let alt = node.value().as_element().and_then(|e| e.attr("alt")).map(|a| one_line(&clean(a)));
    match alt {
        Some(alt) if !alt.is_empty() => Inline::Text(format!("[image: {alt}]").into()),
        _ => Inline::text("[image]"),
    }
}

/// All text under `node`, found without recursion.
pub fn text_of(node: NodeRef<'_>) -> String {
    let mut out = String::new();
    let mut hidden = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                // The node asked about is read even if it is a `<title>`.
                Node::Element(e) if never_text(e.name()) && n.id() != node.id() => hidden += 1,
                Node::Text(text) if hidden == 0 => out.push_str(text),
                _ => {}
            },
            Edge::Close(n) => {
                if n.id() != node.id()
                    && n.value().as_element().is_some_and(|e| never_text(e.name()))
                {
                    hidden -= 1;
                }
            }
        }
    }
    clean(&out)
}

/// A subtree too deep to walk, as one paragraph of its text.
fn flat(node: NodeRef<'_>) -> Vec<Inline> {
    tidy(vec![Inline::Text(text_of(node).into())])
}

/// `pre` keeps its lines exactly; the newline HTML drops after `<pre>` is
/// dropped here too.
fn code_block(node: NodeRef<'_>) -> Block {
    let text = text_of(node);
    let text = text.strip_prefix('\n').unwrap_or(&text).trim_end().to_string();
    let lang_of = |n: NodeRef<'_>| {
        let element = n.value().as_element()?;
        element
            .classes()
            .find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-")))
            .map(clean)
    };
    let lang = lang_of(node).or_else(|| node.first_child().and_then(lang_of));
    Block::Code { lang: lang.map(String::into_boxed_str), text }
}

fn table(node: NodeRef<'_>, furniture: &Furniture) -> Table {
    let mut rows = Vec::new();
    let mut header_rows = 0;
    for row in node.descendants().filter(|n| element_named(*n, "tr")) {
        // Rows of a table nested in a cell belong to that table.
        let owner = row.ancestors().find(|a| element_named(*a, "table"));
        if owner.map(|o| o.id()) != Some(node.id()) || furniture.skips(row) {
            continue;
        }
        let cells: Vec<_> =
            row.children().filter(|c| element_named(*c, "td") || element_named(*c, "th")).collect();
        let in_head = row.parent().is_some_and(|p| element_named(p, "thead"));
        if rows.is_empty()
            && (in_head || (!cells.is_empty() && cells.iter().all(|c| element_named(*c, "th"))))
        {
            header_rows = 1;
        }
        rows.push(
            cells
                .into_iter()
                .map(|c| tidy(vec![Inline::Text(text_of(c).into())]))
                .collect::<Vec<_>>(),
        );
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    Table { align: vec![Align::Left; width], rows, has_header: header_rows == 1 }
}

/// A table used for layout rather than data: marked so, or holding
/// blocks (paragraphs, headings, lists, other tables) in its cells, which a
/// data table's cells do not.
fn layout_table(node: NodeRef<'_>) -> bool {
    let marked = node.value().as_element().is_some_and(|e| e.attr("role") == Some("presentation"));
    marked
        || node.descendants().any(|n| {
            n.value().as_element().is_some_and(|e| {
                matches!(
                    e.name(),
                    "p" | "div"
                        | "table"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "ul"
                        | "ol"
                        | "blockquote"
                        | "pre"
                ) && n.id() != node.id()
            })
        })
}

fn element_named(node: NodeRef<'_>, name: &str) -> bool {
    node.value().as_element().is_some_and(|e| e.name() == name)
}
