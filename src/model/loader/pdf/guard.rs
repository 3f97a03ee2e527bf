//! Makes a parsed PDF safe for the text reader before it runs.
//!
//! pdf-extract follows two kinds of link by plain recursion: a page's
//! `Parent` chain (for inherited resources and page size) and form
//! XObjects drawn with `Do` (for text inside them). A crafted file can make
//! either a loop, and endless recursion overflows the stack, which aborts
//! the whole program: no `catch_unwind` or time limit can help then. So
//! loops are found here first: a `Parent` loop is cut (the page keeps what
//! it has), a form that draws itself refuses the file, and so does nesting
//! deeper than any real layout uses. A page with no size gets the usual one,
//! which every viewer assumes too.

use std::collections::HashSet;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::PdfError;

/// Deeper `Parent` chains or form nesting than this are not real layouts.
const MAX_DEPTH: usize = 32;

/// Prepares `doc` for the reader, or says why it must not be read.
pub fn guard(doc: &mut Document, pages: &[ObjectId]) -> Result<(), PdfError> {
    for &page in pages {
        cut_parent_loop(doc, page);
        if inherited(doc, page, b"MediaBox").is_none()
            && let Ok(dict) = doc.get_dictionary_mut(page)
        {
            let letter = vec![0.into(), 0.into(), 612.into(), 792.into()];
            dict.set("MediaBox", Object::Array(letter));
        }
    }
    let has_forms = doc.objects.values().any(|o| {
        o.as_stream().is_ok_and(|s| {
            s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form")
        })
    });
    if has_forms {
        let doc: &Document = doc;
        let mut walk = FormWalk { doc, done: HashSet::new(), stack: Vec::new() };
        for &page in pages {
            let Some(resources) = inherited(doc, page, b"Resources").and_then(|o| as_dict(doc, o))
            else {
                continue;
            };
            let content = doc.get_page_content(page).unwrap_or_default();
            walk.names(&content, resources)?;
        }
    }
    Ok(())
}

/// Removes the `Parent` link that closes a loop above `page`, or that
/// makes the chain deeper than [`MAX_DEPTH`].
fn cut_parent_loop(doc: &mut Document, page: ObjectId) {
    let mut chain = vec![page];
    let mut current = page;
    while let Some(parent) = parent_of(doc, current) {
        if chain.contains(&parent) || chain.len() > MAX_DEPTH {
            if let Ok(dict) = doc.get_dictionary_mut(current) {
                dict.remove(b"Parent");
            }
            return;
        }
        chain.push(parent);
        current = parent;
    }
}

fn parent_of(doc: &Document, id: ObjectId) -> Option<ObjectId> {
    doc.get_dictionary(id).ok()?.get(b"Parent").ok()?.as_reference().ok()
}

/// A key of `id`'s dictionary or of its nearest ancestor that has it; the
/// chain is loop-free once [`cut_parent_loop`] ran.
fn inherited<'a>(doc: &'a Document, id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut current = id;
    for _ in 0..=MAX_DEPTH {
        let dict = doc.get_dictionary(current).ok()?;
        if let Ok(value) = dict.get(key) {
            return Some(value);
        }
        current = parent_of(doc, current)?;
    }
    None
}

fn as_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok()?.1.as_dict().ok()
}

/// Walks the forms that pages draw, the way the reader will.
struct FormWalk<'a> {
    doc: &'a Document,
    /// Forms already walked with a given resource dictionary (by address):
    /// a form drawn a thousand times is walked once.
    done: HashSet<(ObjectId, usize)>,
    stack: Vec<ObjectId>,
}

impl FormWalk<'_> {
    /// Follows every `Do` in `content`, names looked up in `resources`.
    fn names(&mut self, content: &[u8], resources: &Dictionary) -> Result<(), PdfError> {
        if memchr::memmem::find(content, b"Do").is_none() {
            return Ok(());
        }
        let Ok(decoded) = Content::decode(content) else { return Ok(()) };
        let xobjects = resources.get(b"XObject").ok().and_then(|o| as_dict(self.doc, o));
        for operation in decoded.operations.iter().filter(|op| op.operator == "Do") {
            let name = operation.operands.first().and_then(|o| o.as_name().ok());
            let target = name.and_then(|n| xobjects?.get(n).ok()?.as_reference().ok());
            if let Some(form) = target {
                self.form(form, resources)?;
            }
        }
        Ok(())
    }

    /// Walks one form drawn from a page or form whose resources are
    /// `outer`; a form without resources of its own uses those.
    fn form(&mut self, id: ObjectId, outer: &Dictionary) -> Result<(), PdfError> {
        let doc = self.doc;
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { return Ok(()) };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        if self.stack.contains(&id) || self.stack.len() >= MAX_DEPTH {
            return Err(PdfError::ReaderFailed(crate::strings::PDF_FORM_LOOP.into()));
        }
        let resources =
            stream.dict.get(b"Resources").ok().and_then(|o| as_dict(doc, o)).unwrap_or(outer);
        if !self.done.insert((id, resources as *const Dictionary as usize)) {
            return Ok(());
        }
        let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        self.stack.push(id);
        let result = self.names(&content, resources);
        self.stack.pop();
        result
    }
}
