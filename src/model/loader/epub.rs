//! EPUB (2 and 3): container → package (OPF) → spine, each spine item
//! through the HTML pipeline. The table of contents (EPUB 3 navigation
//! document, else the NCX) says where articles start and what they are
//! called; the package's Dublin Core gives the document's metadata.
//!
//! The archive is untrusted: entry names are only ever looked up inside it
//! (nothing touches the file system), entries are counted, and every entry
//! is decompressed as a stream against one budget for the whole book, so
//! a zip bomb stops at the budget instead of filling memory.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::Segmented;
use super::decode::DecodeError;
use super::html::{self, Meta, Piece, charset};
use super::xml::{self, Element};
use crate::model::document::ArticleKind;

/// More entries than this is not a book.
pub const MAX_ENTRIES: usize = 20_000;
/// The most the whole book may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// A loaded book: its articles and a hash source of its text.
pub struct Book {
    pub segmented: Segmented,
    pub text_parts: Vec<String>,
    pub warnings: Vec<String>,
}

fn broken(reason: impl Into<String>) -> DecodeError {
    DecodeError::Unreadable { reason: format!("broken EPUB: {}", reason.into()) }
}

/// The archive, read against the budget.
struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
    limit: u64,
}

impl Archive<'_> {
    /// One entry's bytes; a missing entry is `None`, a bomb an error.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DecodeError> {
        let mut entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(broken(format!("{name}: {err}"))),
        };
        let mut bytes = Vec::new();
        let read = (&mut entry).take(self.budget + 1).read_to_end(&mut bytes);
        read.map_err(|err| broken(format!("{name}: {err}")))?;
        if bytes.len() as u64 > self.budget {
            let mib = self.limit as f64 / (1024.0 * 1024.0);
            return Err(broken(format!("unpacks to more than {mib} MiB (a zip bomb?)")));
        }
        self.budget -= bytes.len() as u64;
        Ok(Some(bytes))
    }

    fn text(&mut self, name: &str) -> Result<Option<String>, DecodeError> {
        match self.read(name)? {
            Some(bytes) => Ok(Some(charset::decode_markup(&bytes)?.text.into_owned())),
            None => Ok(None),
        }
    }
}

/// How much of an archive is read at most.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub entries: usize,
    pub unpacked_bytes: u64,
}

/// The limits every EPUB is read within.
pub const LIMITS: Limits = Limits { entries: MAX_ENTRIES, unpacked_bytes: MAX_UNPACKED_BYTES };

/// Loads an EPUB from its bytes.
pub fn load(bytes: &[u8], fallback: &str) -> Result<Book, DecodeError> {
    load_within(bytes, fallback, LIMITS)
}

/// [`load`] within other limits (tests use small ones).
pub fn load_within(bytes: &[u8], fallback: &str, limits: Limits) -> Result<Book, DecodeError> {
    let zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| broken(format!("not a readable zip archive ({err})")))?;
    if zip.len() > limits.entries {
        return Err(broken(format!("{} entries (more than {})", zip.len(), limits.entries)));
    }
    let mut archive = Archive { zip, budget: limits.unpacked_bytes, limit: limits.unpacked_bytes };
    let opf_path = package_path(&mut archive)?;
    let opf_text =
        archive.text(&opf_path)?.ok_or_else(|| broken(format!("{opf_path} is missing")))?;
    let opf = xml::parse(&opf_text).map_err(|e| broken(format!("{opf_path}: {}", e.message)))?;
    let package = Package::read(&opf, &opf_path);
    let toc = contents(&mut archive, &package)?;
    let mut warnings = Vec::new();
    let mut chapters = Vec::new();
    for href in &package.spine {
        match archive.text(href)? {
            Some(text) => chapters.push((href.clone(), text)),
            None => warnings.push(format!("EPUB: spine item {href} is missing")),
        }
    }
    let segmented = articles(&package, &toc, &chapters, fallback);
    Ok(Book { segmented, text_parts: chapters.into_iter().map(|(_, t)| t).collect(), warnings })
}

/// The package file named by `META-INF/container.xml`, or the first `.opf`.
fn package_path(archive: &mut Archive<'_>) -> Result<String, DecodeError> {
    if let Some(container) = archive.text("META-INF/container.xml")? {
        let root =
            xml::parse(&container).map_err(|e| broken(format!("container.xml: {}", e.message)))?;
        let path = root
            .descendants()
            .into_iter()
            .find(|e| e.local() == "rootfile")
            .and_then(|e| e.attr("full-path"));
        if let Some(path) = path {
            return Ok(path.to_string());
        }
    }
    let names: Vec<String> = archive.zip.file_names().flatten().map(|n| n.into_owned()).collect();
    names
        .into_iter()
        .find(|n| n.to_ascii_lowercase().ends_with(".opf"))
        .ok_or_else(|| broken("no package (.opf) file"))
}

/// What the package says, with every href resolved to an archive path.
#[derive(Debug, Default)]
struct Package {
    meta: Meta,
    spine: Vec<String>,
    nav: Option<String>,
    ncx: Option<String>,
}

impl Package {
    fn read(opf: &Element, opf_path: &str) -> Package {
        let all = opf.descendants();
        let text = |local: &str| {
            all.iter()
                .find(|e| e.local() == local)
                .map(|e| e.text.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        let creators: Vec<String> = all
            .iter()
            .filter(|e| e.local() == "creator")
            .map(|e| e.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let meta = Meta {
            title: text("title"),
            author: (!creators.is_empty()).then(|| creators.join(", ")),
            date: text("date").map(|d| html::meta::date(&d)),
            source: None,
        };
        let items: Vec<&Element> = all.iter().copied().filter(|e| e.local() == "item").collect();
        let href_of = |item: &Element| item.attr("href").map(|h| resolve(opf_path, h));
        let by_id =
            |id: &str| items.iter().find(|i| i.attr("id") == Some(id)).and_then(|i| href_of(i));
        let spine_element = all.iter().find(|e| e.local() == "spine");
        let spine = spine_element
            .map(|s| {
                s.children_named("itemref")
                    .filter_map(|r| r.attr("idref"))
                    .filter_map(by_id)
                    .collect()
            })
            .unwrap_or_default();
        let nav = items
            .iter()
            .find(|i| {
                i.attr("properties").is_some_and(|p| p.split_whitespace().any(|w| w == "nav"))
            })
            .and_then(|i| href_of(i));
        let ncx = spine_element.and_then(|s| s.attr("toc")).and_then(by_id).or_else(|| {
            items
                .iter()
                .find(|i| i.attr("media-type") == Some("application/x-dtbncx+xml"))
                .and_then(|i| href_of(i))
        });
        Package { meta, spine, nav, ncx }
    }
}

/// A contents entry: the chapter file it points into, and its label.
type Entry = (String, String);

/// The table of contents in reading order, from the navigation document
/// or else the NCX; empty when the book has neither.
fn contents(archive: &mut Archive<'_>, package: &Package) -> Result<Vec<Entry>, DecodeError> {
    if let Some(nav) = &package.nav
        && let Some(text) = archive.text(nav)?
    {
        let entries = html::nav_entries(&text);
        let entries: Vec<Entry> =
            entries.into_iter().map(|(href, label)| (resolve(nav, &href), label)).collect();
        if !entries.is_empty() {
            return Ok(entries);
        }
    }
    let Some(ncx) = &package.ncx else { return Ok(Vec::new()) };
    let Some(text) = archive.text(ncx)? else { return Ok(Vec::new()) };
    let Ok(root) = xml::parse(&text) else { return Ok(Vec::new()) };
    let entries =
        root.descendants().into_iter().filter(|e| e.local() == "navpoint").filter_map(|point| {
            let label = point.child("navlabel").and_then(|l| l.child_text("text"))?;
            let src = point.child("content").and_then(|c| c.attr("src"))?;
            Some((resolve(ncx, src), html::plain_text(&label)))
        });
    Ok(entries.collect())
}

/// Spine items grouped into articles: a chapter the contents name starts
/// an article with that name; one it does not continues the article
/// before it. Without contents, each chapter is an article.
fn articles(
    package: &Package,
    toc: &[Entry],
    chapters: &[(String, String)],
    fallback: &str,
) -> Segmented {
    let title = package.meta.title.clone().unwrap_or_else(|| fallback.to_string());
    let mut groups: Vec<(Option<String>, Vec<Piece>)> = Vec::new();
    for (href, text) in chapters {
        let label = toc.iter().find(|(target, _)| target == href).map(|(_, label)| label.clone());
        let pieces = html::fragment_pieces(text);
        match groups.last_mut() {
            Some((_, group)) if label.is_none() && !toc.is_empty() => group.extend(pieces),
            _ => groups.push((label, pieces)),
        }
    }
    let mut articles = Vec::new();
    for (n, (label, pieces)) in groups.into_iter().enumerate() {
        let kind = if label.is_none() && !toc.is_empty() {
            ArticleKind::FrontMatter
        } else {
            ArticleKind::Article
        };
        let meta =
            Meta { title: label, author: None, date: package.meta.date.clone(), source: None };
        let chapter_fallback = format!("{title} {}", n + 1);
        if let Some(mut article) = html::article_of(pieces, &meta, &chapter_fallback) {
            article.kind = kind;
            article.author = article.author.or_else(|| package.meta.author.clone());
            articles.push(article);
        }
    }
    Segmented { title, articles }
}

/// `href` (relative to the file `base`, maybe with a `#fragment` and
/// percent-escapes) as a path inside the archive. `..` never climbs out
/// of the archive's root: these names are only ever looked up in it.
pub fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    let mut parts: Vec<&str> =
        if href.starts_with('/') { Vec::new() } else { base.split('/').collect() };
    if !href.starts_with('/') {
        parts.pop();
    }
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_inside_the_archive() {
        assert_eq!(resolve("OEBPS/content.opf", "text/ch1.xhtml"), "OEBPS/text/ch1.xhtml");
        assert_eq!(
            resolve("OEBPS/nav/nav.xhtml", "../text/ch%201.xhtml#p3"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(resolve("content.opf", "ch.xhtml"), "ch.xhtml");
        // `..` stops at the archive's root; an absolute href is from it.
        assert_eq!(resolve("a/b.opf", "../../../../etc/passwd"), "etc/passwd");
        assert_eq!(resolve("a/b.opf", "/x/y.xhtml"), "x/y.xhtml");
        assert_eq!(resolve("a/b.opf", "%zz"), "a/%zz");
    }
}
