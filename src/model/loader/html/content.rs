//! Where a web page's reading is, and what around it is furniture.
//!
//! One pass over the tree measures each element (text, link text,
//! paragraph text, form controls) and marks furniture by shape:
//! navigation and page-level header/footer/aside (by element or ARIA
//! role), hidden elements, link-heavy blocks of short links (menus, share
//! bars, tag clouds) and short blocks built around buttons (cookie and
//! sign-up banners). The reading is then found top-down: from `<body>`,
//! step into the child that holds nearly all the paragraph text.

use super::dom::{Edge, Element, Node, NodeId, NodeRef};

/// An `<article>` needs this much text to count as one of several.
const MIN_ARTICLE_BYTES: usize = 100;
/// Blocks with more text than this are never taken as banners.
const BANNER_MAX_BYTES: usize = 400;
/// The share of a parent's paragraph text a child must hold to be
/// stepped into.
const STEP_IN_SHARE: f32 = 0.75;

/// Text measures of one element, furniture excluded.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    bytes: usize,
    link_bytes: usize,
    links: usize,
    /// Text inside paragraphs, code and quotes, links excluded.
    paragraph_bytes: usize,
    controls: usize,
    code_blocks: usize,
    headings: usize,
}

/// The elements to skip, found once for the page.
#[derive(Debug, Default)]
pub struct Furniture {
    /// By node id: node ids index the DOM's one `Vec`, so a flag per node
    /// is cheaper than any set.
    skipped: Vec<bool>,
}

impl Furniture {
    pub fn skips(&self, node: NodeRef<'_>) -> bool {
        self.skipped.get(node.id() as usize).copied().unwrap_or(false)
    }

    fn skips_any_ancestor(&self, node: NodeRef<'_>) -> bool {
        node.ancestors().any(|a| self.skips(a))
    }
}

/// A page, measured.
pub struct Page<'a> {
    pub furniture: Furniture,
    /// By node id, as [`Furniture::skipped`].
    stats: Vec<Stats>,
    body: NodeRef<'a>,
}

impl<'a> Page<'a> {
    /// Measures the page under `root` (the document node).
    pub fn measure(root: NodeRef<'a>) -> Page<'a> {
        let len = root.tree_len();
        let mut page = Page {
            furniture: Furniture { skipped: vec![false; len] },
            stats: vec![Stats::default(); len],
            body: root,
        };
        let mut stack: Vec<Stats> = vec![Stats::default()];
        // Open `article`/`main` elements: header, footer and aside inside
        // them belong to the reading and are judged by shape only.
        let mut in_reading = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        in_reading += usize::from(is_reading(e));
                        if e.name() == "body" {
                            page.body = node;
                        }
                        stack.push(Stats::default());
                    }
                    Node::Text(text) => {
                        if let Some(top) = stack.last_mut() {
                            top.bytes += text.trim().len();
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(e) = node.value() else { continue };
                    in_reading -= usize::from(is_reading(e));
                    let mut own = stack.pop().unwrap_or_default();
                    let Some(parent) = stack.last_mut() else { continue };
                    page.close(node, e, &mut own, parent, in_reading > 0);
                }
            }
        }
        page
    }

    /// Finishes one element's measures and adds them to its parent's,
    /// unless it is furniture.
    fn close(
        &mut self,
        node: NodeRef<'a>,
        e: &Element,
        own: &mut Stats,
        parent: &mut Stats,
        in_reading: bool,
    ) {
        let name = e.name();
        if never_text(name) {
            parent.controls +=
                usize::from(matches!(name, "button" | "input" | "select" | "textarea"));
            return;
        }
        match name {
            "a" => {
                own.link_bytes = own.bytes;
                own.links += 1;
            }
            "p" | "pre" | "blockquote" => {
                own.paragraph_bytes = own.bytes.saturating_sub(own.link_bytes);
                own.code_blocks += usize::from(name == "pre");
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => own.headings += 1,
            _ => {}
        }
        if is_furniture(e, own, in_reading) {
            self.mark(node.id());
            return;
        }
        parent.bytes += own.bytes;
        parent.link_bytes += own.link_bytes;
        parent.links += own.links;
        parent.paragraph_bytes += own.paragraph_bytes;
        parent.controls += own.controls;
        parent.code_blocks += own.code_blocks;
        parent.headings += own.headings;
        if let Some(slot) = self.stats.get_mut(node.id() as usize) {
            *slot = *own;
        }
    }

    /// The roots of the reading: several `<article>`s, or one element.
    pub fn reading_roots(&self) -> Vec<NodeRef<'a>> {
        let articles: Vec<_> = self
            .body
            .descendants()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "article"))
            .filter(|n| {
                !n.ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "article"))
            })
            .filter(|n| !self.furniture.skips(*n) && !self.furniture.skips_any_ancestor(*n))
            .filter(|n| self.stats(*n).bytes >= MIN_ARTICLE_BYTES)
            .collect();
        if !articles.is_empty() {
            return articles;
        }
        let main = self.body.descendants().find(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| e.name() == "main" || e.attr("role") == Some("main"))
                && self.stats(*n).bytes > 0
        });
        vec![main.unwrap_or_else(|| self.step_in(self.body))]
    }

    /// Steps down while one child holds nearly all the paragraph text.
    fn step_in(&self, mut node: NodeRef<'a>) -> NodeRef<'a> {
        loop {
            let total = self.paragraphs(node);
            if total == 0 {
                return node;
            }
            let next = node
                .children()
                .filter(|c| c.value().is_element() && !self.furniture.skips(*c))
                .max_by_key(|c| self.paragraphs(*c));
            match next {
                // A paragraph itself is too far: its parent is the reading.
                Some(child)
                    if !is_paragraph(child)
                        && self.paragraphs(child) as f32 >= total as f32 * STEP_IN_SHARE =>
                {
                    node = child
                }
                _ => return node,
            }
        }
    }

    fn mark(&mut self, id: NodeId) {
        if let Some(flag) = self.furniture.skipped.get_mut(id as usize) {
            *flag = true;
        }
    }

    /// A node's measures; zero for furniture and nodes not measured.
    fn stats(&self, node: NodeRef<'a>) -> Stats {
        self.stats.get(node.id() as usize).copied().unwrap_or_default()
    }

    fn paragraphs(&self, node: NodeRef<'a>) -> usize {
        self.stats(node).paragraph_bytes
    }
}

fn is_paragraph(node: NodeRef<'_>) -> bool {
    node.value().as_element().is_some_and(|e| matches!(e.name(), "p" | "pre" | "blockquote"))
}

fn is_reading(e: &Element) -> bool {
    matches!(e.name(), "article" | "main") || e.attr("role") == Some("main")
}

/// Furniture by shape; see the module doc. `in_reading` is true inside an
/// `article` or `main`, where only the shape rules apply.
fn is_furniture(e: &Element, stats: &Stats, in_reading: bool) -> bool {
    let role = e.attr("role").unwrap_or("");
    let hidden = e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:none"));
    let navigation = matches!(e.name(), "nav" | "dialog" | "menu")
        || matches!(
            role,
            "navigation" | "search" | "dialog" | "alertdialog" | "menu" | "menubar" | "toolbar"
        );
    let page_part = matches!(e.name(), "header" | "footer" | "aside" | "form")
        || matches!(role, "banner" | "contentinfo" | "complementary");
    hidden
        || navigation
        || (page_part && !in_reading)
        || link_heavy(e, stats)
        || banner(e, stats, in_reading)
}

/// Menus, share bars and tag lists: several links whose text is most of
/// the block's and which are short each. A paragraph is never taken.
fn link_heavy(e: &Element, stats: &Stats) -> bool {
    is_container(e)
        && stats.links >= 3
        && stats.link_bytes * 10 >= stats.bytes * 6
        && stats.link_bytes / stats.links < 40
}

/// Cookie notices and sign-up boxes: a short block with a button or form
/// field, holding no code (a copy button beside code is not a banner), nor,
/// inside an article, a heading (an article's header with share buttons).
fn banner(e: &Element, stats: &Stats, in_reading: bool) -> bool {
    is_container(e)
        && stats.controls > 0
        && stats.bytes < BANNER_MAX_BYTES
        && stats.code_blocks == 0
        && !(in_reading && stats.headings > 0)
}

fn is_container(e: &Element) -> bool {
    matches!(
        e.name(),
        "div"
            | "section"
            | "ul"
            | "ol"
            | "aside"
            | "header"
            | "footer"
            | "form"
            | "span"
            | "table"
            | "dl"
    )
}

/// Elements whose content is never reading text.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math",
    "canvas", "object", "embed", "iframe", "video", "audio", "map", "select", "option", "input",
    "textarea", "button",
];

pub fn never_text(name: &str) -> bool {
    NEVER_TEXT.contains(&name)
}
