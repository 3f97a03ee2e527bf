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

fn outline(doc: &Document) -> Vec<(String, Option<String>)> {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn pagination_and_furniture_do_not_change_the_outline(
        width in 45usize..110,
        per_page in 14usize..60,
        furniture in any::<bool>(),
    ) {
        let expected = outline(&load("ledger.txt", SAMPLE.as_bytes()).unwrap());
        prop_assert_eq!(expected.len(), 3);
        let bytes = paginate(width, per_page, furniture).to_bytes();
        let text = pdf::extract(&bytes).unwrap();
        let doc = pdf::to_document("ledger.pdf", &text).unwrap();
        prop_assert_eq!(outline(&doc), expected);
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
