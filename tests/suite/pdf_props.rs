//! Properties of PDF reading: however a text is paginated and wrapped, and
//! whether or not its pages carry running heads and numbers, its PDF gives
//! the outline the text gives; the order a page is painted in does not
//! change what it reads. The sample (`pdf_support/platform-ledger.txt`) is
//! original text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::pdf_support::pdf_writer;

use pdf_writer::{Page, Pdf, wrapped};
use proptest::prelude::*;
use quire::model::Document;
use quire::model::loader::{load, pdf};

const SAMPLE: &str = include_str!("pdf_support/platform-ledger.txt");

fn outline(doc: &Document) -> Outline {
    doc.readable().map(|a| (a.title.clone(), a.author.clone())).collect()
}

/// The sample wrapped at `width`, `per_page` lines to a page, with a running
/// head and a page number on every page when `furniture` is set.
fn paginate(width: usize, per_page: usize, furniture: bool) -> Pdf {
    let text = wrapped(SAMPLE, width);
    let lines: Vec<&str> = text.lines().collect();
    let pages = lines.chunks(per_page).enumerate().map(|(i, chunk)| {
        let mut page: Vec<String> = Vec::new();
        if furniture {
            page.extend(["The Platform Ledger · Autumn".to_string(), String::new()]);
        }
        page.extend(chunk.iter().map(|l| l.to_string()));
        if furniture {
            page.resize(page.len().max(per_page + 3), String::new());
            page.push(format!("Page {}", i + 1));
        }
        Page::of_lines(&page)
    });
    Pdf::from_pages(pages.collect())
}

/// The outline of the paginated PDF, and of the text it was made from.
fn outlines(width: usize, per_page: usize, furniture: bool) -> (Outline, Outline) {
    let expected = outline(&load("ledger.txt", SAMPLE.as_bytes()).unwrap());
    let bytes = paginate(width, per_page, furniture).to_bytes();
    let text = pdf::extract(&bytes).unwrap();
    (outline(&pdf::to_document("ledger.pdf", &text).unwrap()), expected)
}

type Outline = Vec<(String, Option<String>)>;

/// Found by the property on CI: a page opening with a two-word sentence
/// tail ("was nobody.") left the fragment before it to reach past the next
/// article's title and credit line for a continuation.
#[test]
fn a_short_tail_at_the_top_of_a_page_keeps_the_next_article() {
    let (got, expected) = outlines(46, 20, false);
    assert_eq!(got, expected);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn pagination_and_furniture_do_not_change_the_outline(
        width in 45usize..110,
        per_page in 14usize..60,
        furniture in any::<bool>(),
    ) {
        let (got, expected) = outlines(width, per_page, furniture);
        prop_assert_eq!(expected.len(), 3);
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn paint_order_does_not_change_the_text(order in Just((0..12).collect::<Vec<usize>>()).prop_shuffle()) {
        let lines: Vec<String> = (0..12).map(|i| format!("line {i} of a page painted out of order")).collect();
        let upright = Page::of_lines(&lines);
        let mut shuffled = upright.clone();
        shuffled.runs = order.iter().map(|&i| upright.runs[i].clone()).collect();
        let read = |page: Page| pdf::extract(&Pdf::from_pages(vec![page]).to_bytes()).unwrap().text();
        prop_assert_eq!(read(shuffled), read(upright));
    }
}
