//! PDFs through the whole file path: library walking, the isolated reader,
//! the pdftotext fallback, hostile files, and an eMag's PDF against its
//! text conversion. Fixtures are written in code (`pdf_support/pdf_writer.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::pdf_support::pdf_writer;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pdf_writer::{Page, Pdf, raw_pdf};
use quire::library::{self, load_file, load_paths};
use quire::model::{Document, Format};

const INFOQ: &str = "../shared/corpus/emags/infoq-scaling-devops.txt";

/// The readable outline: titles and authors in order.
fn outline(doc: &Document) -> Vec<(String, Option<String>)> {
    doc.readable().map(|a| (a.title.clone(), a.author.clone())).collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn has_pdftotext() -> bool {
    Command::new("which").arg("pdftotext").output().is_ok_and(|o| o.status.success())
}

#[test]
fn an_emag_pdf_gives_the_articles_its_text_conversion_gives() {
    let Ok(text) = std::fs::read_to_string(INFOQ) else {
        eprintln!("skipped: {INFOQ} is missing (the shared corpus is not beside the project)");
        return;
    };
    let from_text =
        quire::model::loader::load("infoq-scaling-devops.txt", text.as_bytes()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = Pdf::from_text(&pdf_writer::wrapped(&text, 90), 54).to_bytes();
    let path = write(dir.path(), "infoq-scaling-devops.pdf", &pdf);
    let from_pdf = load_file(&path).unwrap();
    assert_eq!(from_pdf.format, Format::Pdf);
    let expected = outline(&from_text);
    assert!(expected.len() >= 7, "{expected:?}");
    assert_eq!(outline(&from_pdf), expected);
}

#[test]
fn directories_walk_pdfs_and_failures_are_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let good = Pdf::from_pages(vec![Page::of_lines(&["Field Report", "", "All went well."])]);
    write(dir.path(), "a-good.pdf", &good.to_bytes());
    write(
        dir.path(),
        "b-scanned.pdf",
        &Pdf::from_pages(vec![Page { image: true, ..Page::default() }]).to_bytes(),
    );
    let mut locked = Pdf::from_text("secret", 10);
    locked.encrypted = true;
    write(dir.path(), "c-locked.pdf", &locked.to_bytes());
    write(dir.path(), "d-garbage.pdf", b"%PDF-1.7\n\x00\x01garbage that is no PDF at all\n");
    let bytes = good.to_bytes();
    write(dir.path(), "e-truncated.pdf", &bytes[..bytes.len() / 3]);
    let report = load_paths(&[dir.path().to_path_buf()]);
    assert_eq!(report.library.documents.len(), 1);
    assert_eq!(report.library.documents[0].format, Format::Pdf);
    let failures: Vec<(String, String)> = report
        .failures
        .iter()
        .map(|f| (f.path.rsplit('/').next().unwrap_or_default().to_string(), f.message.clone()))
        .collect();
    let names: Vec<&str> = failures.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["b-scanned.pdf", "c-locked.pdf", "d-garbage.pdf", "e-truncated.pdf"]);
    assert_eq!(failures[0].1, "no text layer (scanned PDF?)");
    assert_eq!(failures[1].1, "encrypted PDF (it needs a password)");
    for (name, message) in &failures {
        assert!(!message.contains('\n') && !message.is_empty(), "{name}: {message}");
    }
}

const FONT: &str = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";

/// A page tree whose root is its own kid and parent, a stream whose length
/// is itself, and a form that draws itself through the page's resources.
fn cyclic_pdfs() -> Vec<(&'static str, Vec<u8>)> {
    let resources = format!("<< {FONT} /XObject << /X 6 0 R >> >>");
    let page = "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>";
    let content = "<< /Length LEN >>\nstream\nBT /F1 12 Tf 72 700 Td (Loop) Tj ET /X Do\nendstream";
    let form =
        "<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Length LEN >>\nstream\n/X Do\nendstream";
    let catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    let tree_loop = "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>";
    let length_loop = "<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf (Loop) Tj ET\nendstream";
    let tree = "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>";
    vec![
        ("tree-loop.pdf", raw_pdf(&[catalog, tree_loop, page, content, &resources, form])),
        ("length-loop.pdf", raw_pdf(&[catalog, tree, page, length_loop, &resources, form])),
        ("form-loop.pdf", raw_pdf(&[catalog, tree, page, content, &resources, form])),
    ]
}

#[test]
fn hostile_pdfs_give_one_line_and_do_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let mut broken_xref = Pdf::from_text("text behind a broken table", 10).to_bytes();
    let at = broken_xref.windows(9).rposition(|w| w == b"startxref").unwrap();
    broken_xref.truncate(at);
    broken_xref.extend_from_slice(b"startxref\n12\n%%EOF\n");
    let mut hostile = cyclic_pdfs();
    hostile.push(("broken-xref.pdf", broken_xref));
    for (name, bytes) in hostile {
        let path = write(dir.path(), name, &bytes);
        let started = Instant::now();
        let result = quire::library::pdf::load_with(
            &path,
            name,
            bytes,
            Duration::from_secs(10),
            "quire-no-such-program",
        );
        assert!(started.elapsed() < Duration::from_secs(11), "{name} took too long");
        match result {
            Ok(doc) => assert_eq!(doc.format, Format::Pdf),
            Err(message) => {
                eprintln!("{name}: {message}");
                assert!(!message.contains('\n') && !message.is_empty(), "{name}: {message}");
            }
        }
    }
}

#[test]
fn pdftotext_reads_what_the_built_in_reader_cannot() {
    if !has_pdftotext() {
        eprintln!("skipped: needs the pdftotext program (poppler-utils), which is not installed");
        return;
    }
    // A `Do` whose operand is no name makes the built-in reader panic;
    // poppler skips the operator.
    let mut page = Page::of_lines(&["Recovered Text", "", "It was readable after all."]);
    page.raw = "5 Do\n".into();
    let bytes = Pdf::from_pages(vec![page]).with_info("Title", "Read Anyway").to_bytes();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "no-media-box.pdf", &bytes);
    let limit = Duration::from_secs(10);
    let without = quire::library::pdf::load_with(
        &path,
        "x.pdf",
        bytes.clone(),
        limit,
        "quire-no-such-program",
    );
    assert_eq!(
        without.unwrap_err(),
        "the PDF reader failed on this file (it could read none of its pages)"
    );
    let doc = quire::library::pdf::load_with(&path, "x.pdf", bytes, limit, "pdftotext").unwrap();
    assert_eq!(doc.warnings, [quire::strings::PDF_READ_BY_PDFTOTEXT]);
    assert_eq!(doc.title, "Read Anyway");
    let text: String = doc.readable().map(quire::model::text::article_text).collect();
    assert!(text.contains("readable after all"), "{text}");
}

#[test]
fn a_page_the_reader_panics_on_costs_that_page_only() {
    let first = Page::of_lines(&["Still Readable", "", "The first page reads as usual."]);
    let mut second = Page::of_lines(&["This page makes the reader panic."]);
    second.raw = "5 Do\n".into();
    let bytes = Pdf::from_pages(vec![first, second]).to_bytes();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "half.pdf", &bytes);
    let limit = Duration::from_secs(10);
    let doc =
        quire::library::pdf::load_with(&path, "half.pdf", bytes, limit, "quire-no-such-program")
            .unwrap();
    assert_eq!(doc.warnings, ["page 2: its text could not be read"]);
    let text: String = doc.readable().map(quire::model::text::article_text).collect();
    assert!(text.contains("reads as usual") && !text.contains("panic"), "{text}");
}

#[test]
fn an_emag_pdf_read_by_pdftotext_gives_the_same_articles() {
    let Ok(text) = std::fs::read_to_string(INFOQ) else {
        eprintln!("skipped: {INFOQ} is missing (the shared corpus is not beside the project)");
        return;
    };
    if !has_pdftotext() {
        eprintln!("skipped: needs the pdftotext program (poppler-utils), which is not installed");
        return;
    }
    let from_text = quire::model::loader::load("infoq.txt", text.as_bytes()).unwrap();
    let mut pdf = Pdf::from_text(&pdf_writer::wrapped(&text, 90), 54);
    // Every page makes the built-in reader panic.
    for page in &mut pdf.pages {
        page.raw = "5 Do\n".into();
    }
    let bytes = pdf.to_bytes();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "infoq.pdf", &bytes);
    let limit = Duration::from_secs(30);
    let doc =
        quire::library::pdf::load_with(&path, "infoq.pdf", bytes, limit, "pdftotext").unwrap();
    assert_eq!(doc.warnings, [quire::strings::PDF_READ_BY_PDFTOTEXT]);
    assert_eq!(outline(&doc), outline(&from_text));
}

#[test]
fn library_failures_stay_display_safe() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "odd\u{1b}name.pdf", b"%PDF-1.4 nothing");
    let failure = load_file(&path).unwrap_err();
    assert!(!failure.path.contains('\u{1b}'));
    assert_eq!(failure.message, quire::strings::PDF_DAMAGED);
    assert!(library::WALKED_EXTENSIONS.contains(&"pdf"));
}
