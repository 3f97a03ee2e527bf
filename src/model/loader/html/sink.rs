//! html5ever's tree builder, building a [`Dom`]. The builder keeps the
//! HTML5 rules (implied end tags, foster parenting, adoption of misnested
//! formatting) and tells this sink where each node goes; the sink links
//! indices in one `Vec`, merging adjacent text as the standard asks.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::sync::LazyLock;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ParseOpts, QualName, local_name, ns};

use html5ever::tokenizer::{Token, TokenSink};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};

use super::dom::{Dom, Element, NONE, Node, NodeId, Slot};
use super::{guard, tokens};

/// Parses a whole document: by [`tokens`] into html5ever's tree builder,
/// or, when the markup is unusual or nested too deep, by html5ever's own
/// tokenizer after the depth guard.
pub fn document(text: &str) -> Dom {
    quick_document(text).unwrap_or_else(|| by_html5ever(&guard::flatten_deep(text)))
}

/// The document from [`tokens`], unless its markup is unusual.
pub fn quick_document(text: &str) -> Option<Dom> {
    let input = StrTendril::from(text);
    let builder = TreeBuilder::new(Sink::default(), TreeBuilderOpts::default());
    tokens::feed(&builder, &input).ok()?;
    let _ = builder.process_token(Token::EOFToken, 0);
    builder.end();
    Some(builder.sink.finish())
}

/// The document from html5ever's own tokenizer.
pub fn by_html5ever(text: &str) -> Dom {
    html5ever::parse_document(Sink::default(), ParseOpts::default()).one(StrTendril::from(text))
}

/// Parses a fragment as the content of a `<body>`.
pub fn fragment(text: &str) -> Dom {
    let body = QualName::new(None, ns!(html), local_name!("body"));
    html5ever::parse_fragment(Sink::default(), ParseOpts::default(), body, Vec::new(), false)
        .one(StrTendril::from(text))
}

/// The tree being built. The builder calls through `&self`, hence the cell.
struct Sink {
    nodes: RefCell<Vec<Slot>>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink { nodes: RefCell::new(vec![Slot::new(Node::Document)]) }
    }
}

/// The name asked of a node that is not an element (the builder never
/// asks, but an answer costs nothing and a panic would).
static NO_NAME: LazyLock<QualName> = LazyLock::new(|| QualName::new(None, ns!(), local_name!("")));

impl Sink {
    fn push(&self, node: Node) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Slot::new(node));
        (nodes.len() - 1) as NodeId
    }

    /// A new text node, or `text` added to the text node `merge_into`.
    fn text_node(&self, merge_into: NodeId, text: StrTendril) -> Option<NodeId> {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(Slot { node: Node::Text(existing), .. }) = nodes.get_mut(merge_into as usize) {
            existing.push_tendril(&text);
            return None;
        }
        nodes.push(Slot::new(Node::Text(text)));
        Some((nodes.len() - 1) as NodeId)
    }

    fn last_child(&self, parent: NodeId) -> NodeId {
        self.nodes.borrow().get(parent as usize).map_or(NONE, |s| s.last)
    }

    fn prev_sibling(&self, node: NodeId) -> NodeId {
        self.nodes.borrow().get(node as usize).map_or(NONE, |s| s.prev)
    }

    fn parent_of(&self, node: NodeId) -> NodeId {
        self.nodes.borrow().get(node as usize).map_or(NONE, |s| s.parent)
    }
}

/// Unlinks `id` from its parent and siblings.
fn detach(nodes: &mut [Slot], id: NodeId) {
    let Some(slot) = nodes.get(id as usize) else { return };
    let (parent, prev, next) = (slot.parent, slot.prev, slot.next);
    if let Some(p) = nodes.get_mut(prev as usize) {
        p.next = next;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.first = next;
    }
    if let Some(n) = nodes.get_mut(next as usize) {
        n.prev = prev;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.last = prev;
    }
    if let Some(slot) = nodes.get_mut(id as usize) {
        (slot.parent, slot.prev, slot.next) = (NONE, NONE, NONE);
    }
}

/// Links the detached `id` as the last child of `parent`.
fn append_child(nodes: &mut [Slot], parent: NodeId, id: NodeId) {
    let Some(last) = nodes.get(parent as usize).map(|p| p.last) else { return };
    if let Some(l) = nodes.get_mut(last as usize) {
        l.next = id;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.first = id;
    }
    if let Some(p) = nodes.get_mut(parent as usize) {
        p.last = id;
    }
    if let Some(slot) = nodes.get_mut(id as usize) {
        (slot.parent, slot.prev, slot.next) = (parent, last, NONE);
    }
}

/// Links the detached `id` just before `sibling`.
fn insert_before(nodes: &mut [Slot], sibling: NodeId, id: NodeId) {
    let Some((parent, prev)) = nodes.get(sibling as usize).map(|s| (s.parent, s.prev)) else {
        return;
    };
    if let Some(p) = nodes.get_mut(prev as usize) {
        p.next = id;
    } else if let Some(p) = nodes.get_mut(parent as usize) {
        p.first = id;
    }
    if let Some(s) = nodes.get_mut(sibling as usize) {
        s.prev = id;
    }
    if let Some(slot) = nodes.get_mut(id as usize) {
        (slot.parent, slot.prev, slot.next) = (parent, prev, sibling);
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom { nodes: self.nodes.into_inner() }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| match nodes.get(*target as usize) {
            Some(Slot { node: Node::Element(e), .. }) => &e.name,
            _ => &NO_NAME,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        let template = name.local == local_name!("template");
        let id = self.push(Node::Element(Element { name, attrs }));
        if template {
            // The template's contents: a fragment the reading never enters.
            let contents = self.push(Node::Other);
            append_child(&mut self.nodes.borrow_mut(), id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(Node::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(Node::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let id = match child {
            NodeOrText::AppendNode(id) => {
                detach(&mut self.nodes.borrow_mut(), id);
                id
            }
            NodeOrText::AppendText(text) => {
                let Some(id) = self.text_node(self.last_child(*parent), text) else { return };
                id
            }
        };
        append_child(&mut self.nodes.borrow_mut(), *parent, id);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if self.parent_of(*element) == NONE {
            self.append(prev_element, child);
        } else {
            self.append_before_sibling(element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.nodes.borrow().get(*target as usize).map_or(*target, |s| s.first)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let id = match new_node {
            NodeOrText::AppendNode(id) => {
                detach(&mut self.nodes.borrow_mut(), id);
                id
            }
            NodeOrText::AppendText(text) => {
                let Some(id) = self.text_node(self.prev_sibling(*sibling), text) else { return };
                id
            }
        };
        insert_before(&mut self.nodes.borrow_mut(), *sibling, id);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        let Some(Slot { node: Node::Element(e), .. }) = nodes.get_mut(*target as usize) else {
            return;
        };
        for attr in attrs {
            if !e.attrs.iter().any(|a| a.name == attr.name) {
                e.attrs.push(attr);
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes.get(*node as usize).map_or(NONE, |s| s.first);
        while child != NONE {
            let next = nodes.get(child as usize).map_or(NONE, |s| s.next);
            detach(&mut nodes, child);
            append_child(&mut nodes, *new_parent, child);
            child = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::loader::html::convert::text_of;

    /// Each element's name and text, in document order.
    fn elements(dom: &Dom) -> Vec<(String, String)> {
        dom.root()
            .descendants()
            .filter_map(|n| Some((n.value().as_element()?.name().to_string(), text_of(n))))
            .filter(|(name, _)| !matches!(name.as_str(), "html" | "head" | "body"))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn text_in_a_table_row_is_moved_before_the_table() {
        let dom = document("<table><tr><td>cell</td>stray</tr></table>");
        let first = dom.root().descendants().find(|n| matches!(n.value(), Node::Text(_)));
        assert_eq!(first.map(text_of).as_deref(), Some("stray"));
    }

    #[test]
    fn misnested_formatting_is_split_as_browsers_do() {
        let dom = document("<p><b>bold<p>next</b> after");
        let expected = [("p", "bold"), ("b", "bold"), ("p", "next after"), ("b", "next")];
        assert_eq!(elements(&dom), pairs(&expected));
    }

    #[test]
    fn adjacent_text_merges_and_attributes_are_kept_once() {
        // Near miss: text on either side of a comment stays two nodes.
        let dom = document("<p id=a ID=b>one &amp; two<!-- c -->three</p>");
        let p = dom.root().descendants().find(|n| {
            n.value().is_element()
                && n.parent()
                    .is_some_and(|b| b.value().as_element().is_some_and(|e| e.name() == "body"))
        });
        let p = p.and_then(|p| p.value().as_element());
        assert_eq!(p.and_then(|e| e.attr("id")), Some("a"));
        let texts = dom.root().descendants().filter(|n| matches!(n.value(), Node::Text(_))).count();
        assert_eq!(texts, 2);
    }
}
