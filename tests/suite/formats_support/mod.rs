//! EPUBs and feeds built in code, for the format tests and benchmark.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// One chapter file: its name under `OEBPS/`, its contents label (none
/// for a file the contents do not list) and its XHTML body.
pub struct Chapter {
    pub file: String,
    pub label: Option<String>,
    pub body: String,
}

pub fn chapter(file: &str, label: Option<&str>, body: &str) -> Chapter {
    Chapter { file: file.into(), label: label.map(String::from), body: body.into() }
}

/// Which table of contents the book carries.
#[derive(Clone, Copy, PartialEq)]
pub enum Toc {
    Nav,
    Ncx,
    None,
}

pub fn xhtml(title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>{title}</title></head><body>{body}</body></html>"
    )
}

/// A complete EPUB: mimetype first and stored, container, package, the
/// chosen contents, and the chapters in spine order.
pub fn epub(title: &str, creator: &str, date: &str, chapters: &[Chapter], toc: Toc) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(
        br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
    )
    .unwrap();
    let mut manifest = String::new();
    let mut spine = String::new();
    for (n, c) in chapters.iter().enumerate() {
        manifest.push_str(&format!(
            "<item id=\"c{n}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>",
            c.file
        ));
        spine.push_str(&format!("<itemref idref=\"c{n}\"/>"));
    }
    let listed =
        chapters.iter().filter_map(|c| c.label.as_ref().map(|l| (c.file.as_str(), l.as_str())));
    match toc {
        Toc::Nav => {
            manifest.push_str("<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" media-type=\"application/xhtml+xml\"/>");
            let items: String =
                listed.map(|(f, l)| format!("<li><a href=\"{f}#top\">{l}</a></li>")).collect();
            let nav = xhtml(
                "Contents",
                &format!("<nav epub:type=\"toc\"><h1>Contents</h1><ol>{items}</ol></nav>"),
            );
            zip.start_file("OEBPS/nav.xhtml", deflated).unwrap();
            zip.write_all(nav.as_bytes()).unwrap();
        }
        Toc::Ncx => {
            manifest.push_str(
                "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>",
            );
            let points: String = listed
                .enumerate()
                .map(|(n, (f, l))| format!("<navPoint id=\"p{n}\"><navLabel><text>{l}</text></navLabel><content src=\"{f}\"/></navPoint>"))
                .collect();
            let ncx = format!(
                "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\"><navMap>{points}</navMap></ncx>"
            );
            zip.start_file("OEBPS/toc.ncx", deflated).unwrap();
            zip.write_all(ncx.as_bytes()).unwrap();
        }
        Toc::None => {}
    }
    let toc_attr = if toc == Toc::Ncx { " toc=\"ncx\"" } else { "" };
    let opf = format!(
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{title}</dc:title>\
         <dc:creator>{creator}</dc:creator><dc:date>{date}</dc:date></metadata>\
         <manifest>{manifest}</manifest><spine{toc_attr}>{spine}</spine></package>"
    );
    zip.start_file("OEBPS/content.opf", deflated).unwrap();
    zip.write_all(opf.as_bytes()).unwrap();
    for c in chapters {
        zip.start_file(format!("OEBPS/{}", c.file), deflated).unwrap();
        zip.write_all(xhtml(c.label.as_deref().unwrap_or("x"), &c.body).as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A small eMag: a cover page the contents skip, then three articles.
pub fn emag(toc: Toc) -> Vec<u8> {
    let chapters = [
        chapter("cover.xhtml", None, "<p>Spring issue cover page.</p>"),
        chapter(
            "a1.xhtml",
            Some("Rivers of Glass"),
            "<h1>Rivers of Glass</h1><p>By Lena Marsh</p><p>Glaciers move slowly, carving valleys over millennia.</p>\
             <h2>Meltwater</h2><p>Summer meltwater feeds the rivers below the ice.</p>",
        ),
        chapter(
            "a2.xhtml",
            Some("Salt Roads"),
            "<h1>Salt Roads</h1><p>Caravans once carried salt across the desert for gold.</p>",
        ),
        chapter("a2b.xhtml", None, "<p>The second half of the salt story continues here.</p>"),
        chapter(
            "a3.xhtml",
            Some("Letters"),
            "<h1>Letters</h1><p>Readers wrote about the winter issue's lighthouse essay.</p>",
        ),
    ];
    epub("Field Notes Quarterly", "Orchard Press", "2024-03-01", &chapters, toc)
}

pub const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Tinker Weekly</title><link>https://tinker.example/</link>
<item><title>Soldering without tears</title><link>https://tinker.example/solder</link>
<dc:creator>Ravi Patel</dc:creator><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Flux is your <em>friend</em>: clean joints start with a clean tip.</p><ul><li>Tin the tip.</li><li>Heat the pad.</li></ul>]]></content:encoded></item>
<item><title>Oscilloscopes on a budget</title><link>https://tinker.example/scopes</link>
<pubDate>Wed, 13 Mar 2024 09:00:00 +0000</pubDate>
<description>A short summary &amp; nothing more.</description></item>
</channel></rss>"#;

pub const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Garden Log</title>
<author><name>Iris Fenn</name></author>
<entry><title>Pruning roses</title><link rel="alternate" href="https://garden.example/roses"/>
<published>2024-02-10T07:00:00Z</published>
<content type="html">&lt;p&gt;Cut above an outward-facing bud &amp;amp; angle the cut.&lt;/p&gt;</content></entry>
<entry><title type="html">Compost &lt;em&gt;basics&lt;/em&gt;</title><link href="https://garden.example/compost"/>
<updated>2024-02-17T07:00:00Z</updated><author><name>Owen Hale</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Greens and browns, turned weekly.</p></div></content></entry>
</feed>"#;

pub const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Night Sky",
 "authors": [{"name": "Vega Lund"}],
 "items": [
  {"id": "1", "url": "https://sky.example/moon", "title": "Moon phases", "date_published": "2024-01-02T20:00:00Z",
   "content_html": "<p>The waxing crescent sets soon after sunset.</p>"},
  {"id": "2", "url": "https://sky.example/mars", "title": "Finding Mars", "content_text": "Look for the red dot.\n\nIt does not twinkle."}
 ]}"#;
