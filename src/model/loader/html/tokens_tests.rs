//! The quick tokenizer against html5ever's: wherever it takes the markup,
//! the tree must be the same one.

use html5ever::LocalName;
use proptest::prelude::*;

use super::super::guard::MAX_MARKUP_DEPTH;
use super::super::references::LONGEST_LEGACY;
use super::super::sink::{by_html5ever, quick_document};

/// Markup the quick tokenizer must take, each with a different shape.
const ORDINARY: &[&str] = &[
    "<!DOCTYPE html><html><head><meta charset=utf-8><title>A &amp; B</title></head><body><p>Hi</p></body></html>",
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><p>x</p>",
    "<!doctype html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\"><p>x",
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>y</p></body></html>",
    "<p>Fish &amp; chips &mdash; &copy2024, &ampx, &notin; &notit; AT&T &#65;&#x42;&#0;&#x110000;&#;&#x; &lt;b&gt;</p>",
    "<a href=\"?a=1&b=2&copy=3&amp;c&copy;d\" title='it&apos;s'>link</a><a href=/x?y&z>u</a>",
    "<table><tr><td>1</td>stray<td>2</td></tr></table><b><i>misnested</b> text</i>",
    "<ul><li>one<li>two</ul><p>a<p>b<div>c</div><h2>head</h2>",
    "<script>if (a < b && c) { x = '<div>'; } </scrip </script><style>p > a { }</style><p>after</p>",
    "<title>T &lt;1&gt;</title><textarea>\nkeep <b>raw</b></textarea><pre>\ncode\n</pre>",
    "<DIV CLASS=\"x\" class=y ID=z><IMG SRC=a.png ALT=\"A pic\"><BR/><hr/></DIV>",
    "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><foreignObject><p>in</p></foreignObject></svg><math><mi>x</mi></math>",
    "<p>a < b, 3<4 and 5 > 2</p><!-- a comment <p> --><!----><p>z</p>",
    "<noscript><p>no</p></noscript><iframe src=x><p>frame</p></iframe><xmp><b></xmp>",
    "<plaintext><p>all text</p>",
    "\u{feff}<p>bom</p>",
    "<p>unclosed <b>bold <i>both",
    "<p>caf\u{e9} \u{1f600} &eacute;t&eacute;</p><time datetime=\"2024-05-01\">May</time>",
];

/// Markup left to html5ever's tokenizer.
const UNUSUAL: &[&str] = &[
    "<p><![CDATA[x]]></p>",
    "<!--> <p>x</p>",
    "<p>&#x80;</p>",
    "<p a=\"1\"b=\"2\">x</p>",
    "<p>x</p><div",
    "a\r\nb",
    "</ x>",
    "<script><!-- <script></script> --></script>",
    "<script>x</script>\u{feff}<p>a mark past the start</p>",
];

fn same_tree(markup: &str) -> Result<(), TestCaseError> {
    if let Some(quick) = quick_document(markup) {
        prop_assert_eq!(quick.outline(), by_html5ever(markup).outline(), "{:?}", markup);
    }
    Ok(())
}

#[test]
fn ordinary_markup_is_read_quickly_into_the_same_tree() {
    for markup in ORDINARY {
        let quick = quick_document(markup);
        assert!(quick.is_some(), "not taken: {markup:?}");
        let quick = quick.map(|d| d.outline()).unwrap_or_default();
        assert_eq!(quick, by_html5ever(markup).outline(), "{markup:?}");
    }
}

#[test]
fn unusual_markup_is_left_to_html5ever() {
    for markup in UNUSUAL {
        assert!(quick_document(markup).is_none(), "taken: {markup:?}");
        // The page still parses, the slow way.
        assert!(super::super::sink::document(markup).root().children().count() > 0);
    }
}

#[test]
fn legacy_entity_names_are_short() {
    let longest = html5ever::data::NAMED_ENTITIES
        .entries()
        .filter(|(name, value)| !name.ends_with(';') && value.0 != 0)
        .map(|(name, _)| name.len())
        .max();
    assert_eq!(longest, Some(LONGEST_LEGACY));
}

#[test]
fn names_are_the_atoms_interning_gives() {
    let names = "a p li em ul br td tr div pre img span code href class strong section article \
                 blockquote DIV Href x-custom datetime";
    for name in names.split_whitespace() {
        assert_eq!(super::lower_name(name), LocalName::from(name.to_ascii_lowercase()), "{name}");
    }
}

#[test]
fn many_comments_and_scripts_read_in_one_pass() {
    // Each search stops at its own element's end: a page of many small
    // ones is not read again for each.
    let page = "<!--c--><script>x</script><title>t</title>".repeat(20_000);
    assert!(quick_document(&page).is_some());
}

#[test]
fn nesting_past_the_guard_goes_the_slow_way() {
    let deep = format!("{}x{}", "<div>".repeat(MAX_MARKUP_DEPTH + 1), "</div>".repeat(600));
    assert!(quick_document(&deep).is_none());
    // Near miss: as deep as the guard allows, and wide.
    let at_limit = format!("{}x{}", "<div>".repeat(MAX_MARKUP_DEPTH), "</div>".repeat(600));
    assert!(quick_document(&at_limit).is_some());
    assert!(quick_document(&"<div><p>a</div>".repeat(5_000)).is_some());
}

proptest! {
    /// Pieces of markup in any order, cut anywhere: whatever the quick
    /// tokenizer takes, it builds the tree html5ever's does.
    #[test]
    fn any_mix_builds_the_same_tree(
        picks in proptest::collection::vec((0..ORDINARY.len(), 0usize..400), 1..6)
    ) {
        let mut markup = String::new();
        for (pick, cut) in picks {
            let piece = ORDINARY[pick];
            let cut = (0..=cut.min(piece.len())).rev().find(|&c| piece.is_char_boundary(c)).unwrap_or(0);
            markup.push_str(&piece[..cut]);
        }
        same_tree(&markup)?;
    }

    /// Random text from markup's alphabet.
    #[test]
    fn markup_soup_builds_the_same_tree(markup in "[<>/!&;#=\"' a-zA-Z0-9pbi\\-]{0,80}") {
        same_tree(&markup)?;
    }
}
