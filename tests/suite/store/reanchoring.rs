//! Highlights on a real loaded document, re-anchored after the file is
//! edited; orphans stay in the store.

use quire::model::Document;
use quire::model::anchor::{Reanchorer, anchor_for};
use quire::model::loader::load;
use quire::model::text::article_text;

use crate::store::store_support::open;

const DOC: &str = "# Borrowing\n\n\
Rust gives you control over memory without a garbage collector. The borrow \
checker enforces that references never outlive the data they point to.\n\n\
Ownership is the central idea: every value has exactly one owner, and when \
the owner goes out of scope the value is dropped. Café owners agree.\n\n\
Lifetimes are how the compiler reasons about references across functions. \
Most of the time they are inferred, so you rarely write them by hand.\n\n\
Traits describe shared behaviour, and generics let one function serve many types.\n";

fn text_of(doc: &Document) -> String {
    article_text(doc.readable().next().expect("an article"))
}

fn loaded(source: &str) -> Document {
    load("borrowing.md", source.as_bytes()).unwrap()
}

fn span(text: &str, needle: &str) -> (usize, usize) {
    let start = text[..text.find(needle).unwrap()].chars().count();
    (start, start + needle.chars().count())
}

fn slice(text: &str, (a, b): (usize, usize)) -> String {
    text.chars().skip(a).take(b - a).collect()
}

const QUOTES: [&str; 4] = [
    "references never outlive the data",
    "every value has exactly one owner",
    "Most of the time they are inferred",
    "generics let one function serve many types",
];

#[test]
fn edits_re_anchor_and_a_deleted_passage_becomes_a_kept_orphan() {
    let original = text_of(&loaded(DOC));
    let anchors: Vec<_> = QUOTES
        .iter()
        .map(|q| {
            let (s, e) = span(&original, q);
            anchor_for(&original, s, e)
        })
        .collect();
    let paras: Vec<&str> = DOC.split("\n\n").collect();
    let edited_md = [
        paras[0],
        "A brand new opening paragraph, inserted by the editor.",
        // changed words
        &paras[1].replace("never outlive the data", "never outlive data"),
        // moved paragraph: traits now before ownership
        paras[4].trim_end(),
        paras[2],
        // deleted passage
        "Lifetimes are how the compiler reasons about references across functions.",
    ]
    .join("\n\n");
    let edited = text_of(&loaded(&edited_md));
    let reanchorer = Reanchorer::new(edited.clone());
    let found: Vec<_> = anchors.iter().map(|a| reanchorer.locate(a)).collect();
    assert_eq!(slice(&edited, found[0].unwrap()), "references never outlive data");
    assert_eq!(slice(&edited, found[1].unwrap()), QUOTES[1]);
    assert_eq!(found[2], None, "the deleted passage must be an orphan");
    assert_eq!(slice(&edited, found[3].unwrap()), QUOTES[3]);

    // The orphan is kept by the store, with its quote, across a reopen.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = open(dir.path());
    for a in &anchors {
        store.add_highlight("doc", "a", a.clone(), "yellow", None);
    }
    store.flush().unwrap();
    let (again, _) = open(dir.path());
    let kept = again.document("doc").highlights;
    assert_eq!(kept.len(), 4);
    assert!(kept.iter().any(|h| h.anchor.quote.exact == QUOTES[2]));
}

#[test]
fn crlf_bom_and_nfd_variants_give_identical_anchors() {
    let nfc = loaded(DOC);
    let crlf = loaded(&DOC.replace('\n', "\r\n"));
    let bom = loaded(&format!("\u{feff}{DOC}"));
    let nfd = loaded(&DOC.replace('é', "e\u{301}"));
    let base = text_of(&nfc);
    let (s, e) = span(&base, "Café owners agree");
    let anchor = anchor_for(&base, s, e);
    for variant in [&crlf, &bom, &nfd] {
        assert_eq!(variant.id, nfc.id);
        let text = text_of(variant);
        assert_eq!(text, base);
        assert_eq!(anchor_for(&text, s, e), anchor);
    }
}
