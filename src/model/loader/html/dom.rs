//! A light DOM for reading: one `Vec` of nodes linked by `u32` indices,
//! built by html5ever's tree builder through [`super::sink`]. It holds
//! what the loader reads (element names, their attributes as parsed, text)
//! and nothing a browser needs (selectors, per-node allocations,
//! reference-counted handles): building scraper's DOM cost more than the
//! reading done with it.
//!
//! The API follows ego-tree's (`children`, `descendants`, `traverse`...)
//! so that the walks over it read as tree walks.

use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};

/// A node's place in [`Dom::nodes`]; `NONE` links to nothing.
pub type NodeId = u32;
pub(super) const NONE: NodeId = u32::MAX;

/// The parsed document: node 0 is the document itself.
#[derive(Debug)]
pub struct Dom {
    pub(super) nodes: Vec<Slot>,
}

/// One node and its links.
#[derive(Debug)]
pub(super) struct Slot {
    pub parent: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub first: NodeId,
    pub last: NodeId,
    pub node: Node,
}

impl Slot {
    pub fn new(node: Node) -> Slot {
        Slot { parent: NONE, prev: NONE, next: NONE, first: NONE, last: NONE, node }
    }
}

/// What a node is. Comments, doctypes and processing instructions are
/// `Other`: nothing reads them.
#[derive(Debug)]
pub enum Node {
    Document,
    Element(Element),
    Text(StrTendril),
    Other,
}

impl Node {
    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Node::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn is_element(&self) -> bool {
        matches!(self, Node::Element(_))
    }
}

/// An element: its name and its attributes as the parser gave them.
#[derive(Debug)]
pub struct Element {
    pub(super) name: QualName,
    pub(super) attrs: Vec<Attribute>,
}

impl Element {
    /// The local name, lower case for HTML elements.
    pub fn name(&self) -> &str {
        &self.name.local
    }

    /// An attribute's value by its local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
    }

    /// Every attribute as (local name, value).
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|a| (&*a.name.local, &*a.value))
    }

    /// The words of the `class` attribute.
    pub fn classes(&self) -> impl Iterator<Item = &str> {
        self.attr("class").unwrap_or("").split_ascii_whitespace()
    }
}

impl Dom {
    /// The document node.
    pub fn root(&self) -> NodeRef<'_> {
        NodeRef { dom: self, id: 0 }
    }

    fn get(&self, id: NodeId) -> Option<NodeRef<'_>> {
        (id != NONE && (id as usize) < self.nodes.len()).then_some(NodeRef { dom: self, id })
    }
}

/// A node with the tree it is in, to walk from.
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    dom: &'a Dom,
    id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NodeRef({})", self.id)
    }
}

/// Entering or leaving a node in a [`NodeRef::traverse`].
#[derive(Debug, Clone, Copy)]
pub enum Edge<'a> {
    Open(NodeRef<'a>),
    Close(NodeRef<'a>),
}

impl<'a> NodeRef<'a> {
    pub fn id(&self) -> NodeId {
        self.id
    }

    fn slot(&self) -> &'a Slot {
        &self.dom.nodes[self.id as usize]
    }

    /// How many nodes the whole tree holds: ids are below it.
    pub fn tree_len(&self) -> usize {
        self.dom.nodes.len()
    }

    pub fn value(&self) -> &'a Node {
        &self.slot().node
    }

    pub fn parent(&self) -> Option<NodeRef<'a>> {
        self.dom.get(self.slot().parent)
    }

    pub fn first_child(&self) -> Option<NodeRef<'a>> {
        self.dom.get(self.slot().first)
    }

    pub fn next_sibling(&self) -> Option<NodeRef<'a>> {
        self.dom.get(self.slot().next)
    }

    pub fn children(&self) -> impl Iterator<Item = NodeRef<'a>> + use<'a> {
        std::iter::successors(self.first_child(), NodeRef::next_sibling)
    }

    /// The parent, its parent, and so on (not the node itself).
    pub fn ancestors(&self) -> impl Iterator<Item = NodeRef<'a>> + use<'a> {
        std::iter::successors(self.parent(), NodeRef::parent)
    }

    /// Each node opened and closed in document order, without recursion.
    pub fn traverse(&self) -> Traverse<'a> {
        Traverse { root: *self, next: Some(Edge::Open(*self)) }
    }

    /// The node and everything under it, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = NodeRef<'a>> + use<'a> {
        self.traverse().filter_map(|edge| match edge {
            Edge::Open(node) => Some(node),
            Edge::Close(_) => None,
        })
    }
}

/// The iterator of [`NodeRef::traverse`].
pub struct Traverse<'a> {
    root: NodeRef<'a>,
    next: Option<Edge<'a>>,
}

impl<'a> Iterator for Traverse<'a> {
    type Item = Edge<'a>;

    fn next(&mut self) -> Option<Edge<'a>> {
        let edge = self.next?;
        self.next = match edge {
            Edge::Open(node) => Some(node.first_child().map_or(Edge::Close(node), Edge::Open)),
            Edge::Close(node) if node.id == self.root.id => None,
            Edge::Close(node) => match node.next_sibling() {
                Some(sibling) => Some(Edge::Open(sibling)),
                None => node.parent().map(Edge::Close),
            },
        };
        Some(edge)
    }
}

#[cfg(test)]
impl Dom {
    /// The tree as nested text, to compare two parses in tests.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        for edge in self.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        out += &format!("<{:?}:{}", e.name.ns, e.name());
                        e.attrs().for_each(|(k, v)| out += &format!(" {k}={v:?}"));
                        out += ">";
                    }
                    Node::Text(text) => out += &format!("{:?}", &**text),
                    Node::Document => out += "<#doc>",
                    Node::Other => out += "<#other>",
                },
                Edge::Close(node) => out += &format!("</{}>", node.id()),
            }
        }
        out
    }
}
