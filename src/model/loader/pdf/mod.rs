//! PDF bytes → page texts → [`Document`], through the plain-text segmenter.
//!
//! An eMag PDF is text laid out on pages; once the text layer is read back
//! in reading order, the plain segmenter already knows the damage PDF layout
//! leaves (hyphenation, paragraphs split by page breaks, pull quotes). So
//! this module reads the text layer ([`layout`]), takes out what only page
//! breaks reveal (running heads and page numbers, `furniture`), reads the
//! metadata ([`meta`]) and hands the text on, pages apart by form feeds.
//! `guard` first makes the parsed file safe for the reader.
//!
//! Pure, like the rest of the loader: bytes in memory, no threads. The PDF
//! reader can still panic on hostile files, so the caller runs it isolated
//! (see `crate::library::pdf`).

mod furniture;
mod guard;
pub mod layout;
pub mod meta;

use std::fmt;

use lopdf::Document as PdfFile;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::{DecodeError, load_as};
use crate::model::document::{Article, ArticleKind, Block, Document, Format, Inline, Section};
use layout::PageBuilder;
pub use meta::PdfMeta;

/// Why a PDF gave no text. Each reads as one line after the file's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The file's structure could not be read (truncated, garbage).
    Damaged,
    /// Encrypted with a password we do not have.
    Encrypted,
    /// Pages without text: a scan, or pictures of text.
    NoTextLayer,
    /// The PDF reader failed on the file (a panic or an overrun time limit).
    ReaderFailed(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::strings as s;
        match self {
            PdfError::Damaged => f.write_str(s::PDF_DAMAGED),
            PdfError::Encrypted => f.write_str(s::PDF_ENCRYPTED),
            PdfError::NoTextLayer => f.write_str(s::PDF_NO_TEXT),
            PdfError::ReaderFailed(why) => write!(f, "{} ({why})", s::PDF_READER_FAILED),
        }
    }
}

/// A PDF's text, one string per page, and what it says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    pub pages: Vec<String>,
    pub meta: PdfMeta,
    /// Running heads, footers and page numbers taken out of the pages, one
    /// line per kind; kept as a furniture segment.
    pub furniture: Vec<String>,
    /// Pages that could not be read, as warnings for the document.
    pub warnings: Vec<String>,
}

impl PdfText {
    /// Text from another extractor, pages separated by form feeds.
    pub fn from_text(text: &str, meta: PdfMeta) -> PdfText {
        // pdftotext ends every page with a form feed, the last one too.
        let text = text.strip_suffix('\x0c').unwrap_or(text);
        let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
        let furniture = furniture::strip(&mut pages);
        PdfText { pages, meta, furniture, warnings: Vec::new() }
    }

    /// All pages, a form feed between two pages.
    pub fn text(&self) -> String {
        self.pages.join("\x0c")
    }

    pub fn has_text(&self) -> bool {
        self.pages.iter().any(|p| !p.trim().is_empty())
    }
}

/// Whether `bytes` are a PDF. Readers accept the header anywhere in the
/// first kilobyte, after transfer junk; a text that merely mentions
/// `%PDF-` has words before it, so the junk may hold no letter or digit.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    memchr::memmem::find(head, b"%PDF-")
        .is_some_and(|at| !head[..at].iter().any(u8::is_ascii_alphanumeric))
}

/// Reads a PDF's metadata alone, for text that came from elsewhere.
pub fn metadata(bytes: &[u8]) -> PdfMeta {
    PdfFile::load_mem(bytes).map(|doc| meta::read(&doc)).unwrap_or_default()
}

/// Reads the text layer of every page and the metadata. A page the reader
/// reports an error on is left out with a warning; the rest still count.
pub fn extract(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let reader = PdfReader::open(bytes)?;
    let pages = reader.numbers().iter().map(|&n| reader.page(n)).collect();
    assemble(reader.meta().clone(), pages)
}

/// An opened PDF, made safe for the text reader (see `guard`) and read
/// one page at a time, so that a caller can isolate each page.
pub struct PdfReader {
    doc: PdfFile,
    numbers: Vec<u32>,
    meta: PdfMeta,
}

impl PdfReader {
    pub fn open(bytes: &[u8]) -> Result<PdfReader, PdfError> {
        let mut doc = PdfFile::load_mem(bytes).map_err(|_| PdfError::Damaged)?;
        if doc.is_encrypted() && !doc.was_encrypted() {
            return Err(PdfError::Encrypted);
        }
        let pages = doc.get_pages();
        if pages.is_empty() {
            return Err(PdfError::Damaged);
        }
        let ids: Vec<lopdf::ObjectId> = pages.values().copied().collect();
        guard::guard(&mut doc, &ids)?;
        let meta = meta::read(&doc);
        Ok(PdfReader { doc, numbers: pages.into_keys().collect(), meta })
    }

    /// The page numbers, first page 1.
    pub fn numbers(&self) -> &[u32] {
        &self.numbers
    }

    pub fn meta(&self) -> &PdfMeta {
        &self.meta
    }

    /// One page's text, or the warning to give for it.
    pub fn page(&self, number: u32) -> Result<String, String> {
        let mut collector = Collector::default();
        match pdf_extract::output_doc_page(&self.doc, &mut collector, number) {
            Ok(()) => Ok(collector.page.finish()),
            Err(_) => Err(page_unreadable(number)),
        }
    }
}

/// The warning for a page whose text could not be read.
pub fn page_unreadable(number: u32) -> String {
    format!("page {number}: its text could not be read")
}

/// The pages read (or their warnings), in order, as the file's text: page
/// furniture taken out, and an error when no page had any text.
pub fn assemble(meta: PdfMeta, pages: Vec<Result<String, String>>) -> Result<PdfText, PdfError> {
    let mut text = PdfText { meta, ..PdfText::default() };
    for page in pages {
        match page {
            Ok(page) => text.pages.push(page),
            Err(warning) => text.warnings.push(warning),
        }
    }
    if text.pages.is_empty() {
        return Err(PdfError::Damaged);
    }
    if !text.has_text() {
        return Err(PdfError::NoTextLayer);
    }
    text.furniture = furniture::strip(&mut text.pages);
    Ok(text)
}

/// Builds the document: the text goes through the plain segmenter, then the
/// metadata names the document and fills in a single article's byline.
pub fn to_document(origin: &str, pdf: &PdfText) -> Result<Document, DecodeError> {
    let mut doc = load_as(origin, pdf.text().as_bytes(), Format::Text)?;
    doc.format = Format::Pdf;
    doc.warnings.extend(pdf.warnings.iter().cloned());
    if let Some(title) = &pdf.meta.title {
        doc.title.clone_from(title);
    }
    let mut readable = doc.articles.iter_mut().filter(|a| a.kind.is_readable());
    if let (Some(only), None) = (readable.next(), readable.next()) {
        only.author = only.author.take().or_else(|| pdf.meta.author.clone());
        only.date = only.date.take().or_else(|| pdf.meta.date.clone());
    }
    if !pdf.furniture.is_empty() {
        doc.articles.push(furniture_segment(&pdf.furniture));
    }
    Ok(doc)
}

/// The page furniture taken out of the text, one line per kind, as a
/// boilerplate segment at the end: kept, never listed as an article.
fn furniture_segment(lines: &[String]) -> Article {
    let blocks =
        lines.iter().map(|line| Block::Paragraph(Inline::text(line.clone()).into())).collect();
    let section = Section { heading: None, level: 2, blocks };
    Article::new(crate::strings::PDF_FURNITURE.to_string(), ArticleKind::Boilerplate, vec![section])
}

/// A glyph's position turned into its text's own frame, where the baseline
/// runs along x: text set sideways (a landscape table on a portrait page, a
/// page rotated by its content) is then laid out like upright text instead
/// of as one glyph per line. `(dx, dy)` is the baseline's direction.
fn upright(dx: f64, dy: f64, x: f64, y: f64) -> (f64, f64) {
    let length = dx.hypot(dy);
    if dy == 0.0 || !length.is_finite() || length == 0.0 {
        return (x, y);
    }
    let (cos, sin) = (dx / length, dy / length);
    (x * cos + y * sin, y * cos - x * sin)
}

/// Glyphs one page may paint, a hundred times a dense page's: a crafted
/// page that loops painting text stops here.
const MAX_GLYPHS: usize = 1_000_000;

/// Feeds pdf-extract's glyphs to the current page's builder.
#[derive(Default)]
struct Collector {
    page: PageBuilder,
    glyphs: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Err(OutputError::FormatError(fmt::Error));
        }
        // The text rendering matrix scales the font size; its determinant
        // is the square of that scale.
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        let (x, y) = upright(trm.m11, trm.m12, trm.m31, trm.m32);
        self.page.glyph(x, y, width * size, size, text);
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "../../../../tests/suite/pdf_support/pdf_writer.rs"]
mod pdf_writer;

#[cfg(test)]
mod tests;
