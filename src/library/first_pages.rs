//! The first pages of a huge file, read and segmented on their own so the
//! reader can show them while the whole file is read and segmented.
//!
//! Only text and Markdown are cut this way: their segmenters read a prefix
//! cut at a blank line as the same articles up to the cut. Markup, EPUB and
//! PDF need the whole file before they mean anything.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::{MAX_FILE_BYTES, display_safe};
use crate::model::{Document, Format, loader};

/// Files from this size on are shown from their first pages first. Below
/// it a whole file loads in a few tens of milliseconds, and segmenting its
/// start twice would only slow a library of middling files down.
pub const FIRST_PAGES_FROM: u64 = 4 * 1024 * 1024;

/// How much of the file the first pages are: a few screens of every
/// article the list shows first, read and segmented in a few milliseconds.
pub const FIRST_PAGES_BYTES: usize = 256 * 1024;

/// The provisional document of `path`'s first pages, when the file is
/// large enough for that to matter and of a format that can be cut; its
/// origin is the one the whole document will have.
pub fn first_pages(path: &Path) -> Option<Document> {
    let size = fs::metadata(path).ok()?.len();
    if !(FIRST_PAGES_FROM..=MAX_FILE_BYTES).contains(&size) {
        return None;
    }
    let mut head = Vec::with_capacity(FIRST_PAGES_BYTES);
    fs::File::open(path).ok()?.take(FIRST_PAGES_BYTES as u64).read_to_end(&mut head).ok()?;
    first_pages_of(&display_safe(&path.to_string_lossy()), head)
}

/// [`first_pages`] of bytes already read from a file's start.
pub fn first_pages_of(origin: &str, mut head: Vec<u8>) -> Option<Document> {
    head.truncate(paragraph_end(&head)?);
    if loader::pdf::is_pdf(&head) {
        return None;
    }
    let format = loader::sniff::format(origin, &head).ok()?;
    if !matches!(format, Format::Text | Format::Markdown) {
        return None;
    }
    loader::load_as(origin, &head, format).ok()
}

/// Where the last whole paragraph of `head` ends: just after its last
/// blank line (`\n\n`, or `\r\n\r\n`), so no paragraph or UTF-8 character
/// is cut. None without one: a prefix of one endless paragraph would show
/// a paragraph cut short.
fn paragraph_end(head: &[u8]) -> Option<usize> {
    let lf = memchr::memmem::rfind(head, b"\n\n").map(|i| i + 2);
    let crlf = memchr::memmem::rfind(head, b"\r\n\r\n").map(|i| i + 4);
    lf.max(crlf).filter(|&end| end > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emag(articles: usize) -> String {
        let mut text = String::new();
        for i in 0..articles {
            text += &format!("Piece Number {i}\n\nBy Rowan Vale\n\n");
            for p in 0..8 {
                text += &format!("Paragraph {p} of piece {i} muses on pagers and plain text.\n\n");
            }
        }
        text
    }

    #[test]
    fn the_first_pages_end_after_a_blank_line() {
        assert_eq!(paragraph_end(b"one\n\ntwo\n\nthr"), Some(10));
        assert_eq!(paragraph_end(b"one\r\n\r\ntwo"), Some(7));
        // Near miss: line breaks inside one paragraph are no place to cut.
        assert_eq!(paragraph_end(b"one\ntwo\nthree"), None);
    }

    #[test]
    fn first_pages_are_the_whole_documents_first_articles() {
        let text = emag(40);
        let whole = loader::load_as("e.txt", text.as_bytes(), Format::Text).unwrap();
        let cut = text.len() / 3 + 17;
        let part = first_pages_of("e.txt", text.as_bytes()[..cut].to_vec()).unwrap();
        assert_eq!(part.origin, whole.origin);
        assert!(part.articles.len() > 2 && part.articles.len() < whole.articles.len());
        // All but the article cut short are the very same articles.
        let n = part.articles.len() - 1;
        let ids = |d: &Document| d.articles[..n].iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(ids(&part), ids(&whole));
    }

    #[test]
    fn markup_is_never_cut() {
        let page = format!("<html><body><p>{}</p></body></html>\n\n", "word ".repeat(50));
        assert!(first_pages_of("p.html", page.into_bytes()).is_none());
    }

    #[test]
    fn small_files_have_no_first_pages() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.txt");
        fs::write(&small, emag(3)).unwrap();
        assert!(first_pages(&small).is_none());
        let big = dir.path().join("big.txt");
        let tail = "More words on pagers and plain text.\n\n".repeat(120_000);
        fs::write(&big, emag(800) + &tail).unwrap();
        assert!(fs::metadata(&big).unwrap().len() >= FIRST_PAGES_FROM);
        let part = first_pages(&big).unwrap();
        assert_eq!(part.origin, display_safe(&big.to_string_lossy()));
        assert!(part.articles.len() > 100, "{}", part.articles.len());
    }
}
