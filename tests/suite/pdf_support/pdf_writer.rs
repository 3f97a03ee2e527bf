//! A small PDF writer for test fixtures and benchmarks: text placed at
//! given positions in a monospaced core font, with a ToUnicode map so any
//! character the text uses comes back out. Shared by the unit tests
//! (`#[path]`), `tests/pdf.rs` and `benches/pdf.rs`; never shipped.
#![allow(dead_code, clippy::expect_used)]

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, Stream, StringFormat, dictionary};

/// Page size (US Letter) and the text box the line helpers fill.
pub const PAGE_WIDTH: f64 = 612.0;
pub const PAGE_HEIGHT: f64 = 792.0;
pub const LEFT: f64 = 50.0;
pub const TOP: f64 = 740.0;
pub const FONT_SIZE: f64 = 10.0;
pub const LEADING: f64 = 12.0;
/// Courier's advance is 600/1000 of the font size.
pub const ADVANCE: f64 = FONT_SIZE * 0.6;

/// One piece of text at a position (PDF user space, origin bottom left).
#[derive(Debug, Clone)]
pub struct Run {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub text: String,
}

/// One page: its text runs in content-stream order, and whether it also
/// paints an image.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub runs: Vec<Run>,
    pub image: bool,
    /// Content-stream operators painted after the runs, as written.
    pub raw: String,
}

impl Page {
    /// Lines top down at the usual leading; an empty line is vertical space.
    /// A tab separates table cells, placed three characters apart.
    pub fn of_lines<S: AsRef<str>>(lines: &[S]) -> Page {
        let mut page = Page::default();
        for (i, line) in lines.iter().enumerate() {
            let y = TOP - i as f64 * LEADING;
            let mut x = LEFT;
            for cell in line.as_ref().split('\t') {
                if !cell.is_empty() {
                    page.runs.push(Run { x, y, size: FONT_SIZE, text: cell.to_string() });
                }
                x += (cell.chars().count() + 3) as f64 * ADVANCE;
            }
        }
        page
    }
}

/// A whole PDF: pages plus Info entries.
#[derive(Debug, Clone, Default)]
pub struct Pdf {
    pub pages: Vec<Page>,
    pub info: Vec<(String, String)>,
    /// Adds an Encrypt dictionary whose empty user password does not open it.
    pub encrypted: bool,
    /// Deflates the streams, as publishing tools do.
    pub compressed: bool,
    /// An XMP packet for the catalog's Metadata stream.
    pub xmp: Option<String>,
}

impl Pdf {
    pub fn from_pages(pages: Vec<Page>) -> Pdf {
        Pdf { pages, ..Pdf::default() }
    }

    /// Text laid out `lines_per_page` lines to a page; form feeds in the
    /// text also end a page.
    pub fn from_text(text: &str, lines_per_page: usize) -> Pdf {
        let mut pages = Vec::new();
        for chunk in text.split('\x0c') {
            let lines: Vec<&str> = chunk.lines().collect();
            for page_lines in lines.chunks(lines_per_page.max(1)) {
                pages.push(Page::of_lines(page_lines));
            }
        }
        Pdf::from_pages(pages)
    }

    pub fn with_info(mut self, key: &str, value: &str) -> Pdf {
        self.info.push((key.to_string(), value.to_string()));
        self
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let codes = code_table(self);
        let font_id = doc.add_object(font());
        let tounicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode(&codes)));
        if let Ok(Object::Dictionary(font)) = doc.get_object_mut(font_id) {
            font.set("ToUnicode", tounicode);
        }
        let image_id = doc.add_object(image());
        let pages_id = doc.new_object_id();
        let mut kids = Vec::new();
        for page in &self.pages {
            let content = doc.add_object(Stream::new(Dictionary::new(), content(page, &codes)));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
                "Resources" => dictionary! {
                    "Font" => dictionary! { "F1" => font_id },
                    "XObject" => dictionary! { "Im1" => image_id },
                },
            });
            kids.push(Object::Reference(page_id));
        }
        let count = kids.len() as i64;
        let size = vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()];
        let pages =
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count, "MediaBox" => size };
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
        if let Some(xmp) = &self.xmp {
            let dict = dictionary! { "Type" => "Metadata", "Subtype" => "XML" };
            let stream = doc.add_object(Stream::new(dict, xmp.clone().into_bytes()));
            catalog.set("Metadata", stream);
        }
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", catalog);
        if !self.info.is_empty() {
            let mut info = Dictionary::new();
            for (key, value) in &self.info {
                info.set(key.as_bytes().to_vec(), lopdf::text_string(value));
            }
            let info_id = doc.add_object(info);
            doc.trailer.set("Info", info_id);
        }
        if self.encrypted {
            let encrypt = doc.add_object(encrypt_dictionary());
            doc.trailer.set("Encrypt", encrypt);
            doc.trailer.set("ID", vec![hex(&[7; 16]), hex(&[7; 16])]);
        }
        if self.compressed {
            doc.compress();
        }
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("writing to memory cannot fail");
        bytes
    }
}

/// Single-byte codes for every character used: ASCII as itself, the rest
/// from 128 up (then from 1), enough for any fixture.
fn code_table(pdf: &Pdf) -> BTreeMap<char, u8> {
    let mut codes = BTreeMap::new();
    let mut next = (128u16..=255).chain(1..32);
    for page in &pdf.pages {
        for run in &page.runs {
            for c in run.text.chars() {
                if (' '..='~').contains(&c) {
                    codes.insert(c, c as u8);
                } else {
                    codes.entry(c).or_insert_with(|| {
                        next.next().expect("at most 160 distinct non-ASCII characters") as u8
                    });
                }
            }
        }
    }
    codes
}

fn font() -> Dictionary {
    let widths: Vec<Object> = (0..256).map(|_| Object::Integer(600)).collect();
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Courier",
        "FirstChar" => 0,
        "LastChar" => 255,
        "Widths" => widths,
    }
}

fn to_unicode(codes: &BTreeMap<char, u8>) -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    let entries: Vec<(&char, &u8)> = codes.iter().collect();
    for chunk in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (c, code) in chunk {
            let mut units = [0u16; 2];
            let utf16: String =
                c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
            cmap.push_str(&format!("<{code:02X}> <{utf16}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap.into_bytes()
}

fn content(page: &Page, codes: &BTreeMap<char, u8>) -> Vec<u8> {
    let mut out = String::new();
    if page.image {
        out.push_str("q 400 0 0 500 100 150 cm /Im1 Do Q\n");
    }
    for run in &page.runs {
        let hex: String = run.text.chars().map(|c| format!("{:02X}", codes[&c])).collect();
        out.push_str(&format!(
            "BT /F1 {} Tf 1 0 0 1 {:.2} {:.2} Tm <{hex}> Tj ET\n",
            run.size, run.x, run.y
        ));
    }
    out.push_str(&page.raw);
    out.into_bytes()
}

/// A one-pixel grey image, for pages that are pictures only.
fn image() -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 1,
            "Height" => 1,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![128],
    )
}

/// RC4 40-bit security whose O and U entries match no password.
fn encrypt_dictionary() -> Dictionary {
    dictionary! {
        "Filter" => "Standard",
        "V" => 1,
        "R" => 2,
        "O" => hex(&[0x11; 32]),
        "U" => hex(&[0x22; 32]),
        "P" => -4,
    }
}

fn hex(bytes: &[u8]) -> Object {
    Object::String(bytes.to_vec(), StringFormat::Hexadecimal)
}

/// A PDF written by hand from object bodies (object `i + 1` is
/// `objects[i]`, object 1 the catalog), with a correct cross-reference
/// table, for hostile fixtures that no writer would produce. A stream's
/// `/Length LEN` is filled in.
pub fn raw_pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        let object = match (object.find("stream\n"), object.rfind("\nendstream")) {
            (Some(start), Some(end)) => {
                object.replace("/Length LEN", &format!("/Length {}", end - start - 7))
            }
            _ => object.to_string(),
        };
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    let size = objects.len() + 1;
    out.push_str(&format!("xref\n0 {size}\n0000000000 65535 f \n"));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!("trailer << /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
    out.into_bytes()
}

/// Hard-wraps long lines at word boundaries, as a PDF's text layer comes.
pub fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + word.chars().count() >= width {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            } else if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}
