//! The document's own metadata: the Info dictionary, else XMP.
//!
//! Publishers' tools fill these in more reliably than any heuristic can read
//! a cover page, but they also leave junk: a title that is the source file's
//! name, or whitespace. Such values are dropped, never shown.

use lopdf::{Dictionary, Document, Object};

/// What the file says about itself; each field only when it says something.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Reads the Info dictionary, filling gaps from the XMP packet.
pub fn read(doc: &Document) -> PdfMeta {
    let mut meta = info(doc).unwrap_or_default();
    if meta.title.is_none() || meta.author.is_none() || meta.date.is_none() {
        let xmp = xmp(doc).unwrap_or_default();
        meta.title = meta.title.or(xmp.title);
        meta.author = meta.author.or(xmp.author);
        meta.date = meta.date.or(xmp.date);
    }
    meta
}

fn info(doc: &Document) -> Option<PdfMeta> {
    let dict = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(dict) => dict,
        _ => return None,
    };
    let text = |key: &[u8]| entry(dict, key);
    Some(PdfMeta {
        title: text(b"Title").filter(|t| !looks_like_file_name(t)),
        author: text(b"Author"),
        date: text(b"CreationDate").and_then(|d| date(&d)),
    })
}

fn entry(dict: &Dictionary, key: &[u8]) -> Option<String> {
    let value = lopdf::decode_text_string(dict.get(key).ok()?).ok()?;
    clean(&value)
}

/// Collapses whitespace and control characters; `None` when nothing is left.
fn clean(value: &str) -> Option<String> {
    let words: Vec<&str> = value.split(|c: char| c.is_whitespace() || c.is_control()).collect();
    let text = words.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// A title that is a file name ("Microsoft Word - draft3.docx",
/// "layout_final.indd"): a last word with a short alphanumeric extension
/// and no space in it. A sentence ending in "v2.0" is a near miss: its
/// extension is a digit.
fn looks_like_file_name(title: &str) -> bool {
    let last = title.rsplit(' ').next().unwrap_or(title);
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (2..=4).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
                && ext.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// A PDF date (`D:YYYYMMDDHHmmSS...`) or an ISO one (XMP) as `YYYY-MM-DD`;
/// a month or day left out is read as the first.
pub fn date(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .trim_start_matches("D:")
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .filter(char::is_ascii_digit)
        .take(8)
        .collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |range: std::ops::Range<usize>, default: u32| {
        digits.get(range).and_then(|s| s.parse::<u32>().ok()).unwrap_or(default)
    };
    let (year, month, day) = (part(0..4, 0), part(4..6, 1), part(6..8, 1));
    let valid =
        (1900..=2999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The XMP packet's title, first creator and creation date, read from its
/// elements' text: a few tags, not worth an XML parser.
fn xmp(doc: &Document) -> Option<PdfMeta> {
    let catalog = doc.catalog().ok()?;
    let id = catalog.get(b"Metadata").ok()?.as_reference().ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8_lossy(&content);
    Some(PdfMeta {
        title: first_text_in(&xml, "dc:title").filter(|t| !looks_like_file_name(t)),
        author: first_text_in(&xml, "dc:creator"),
        date: first_text_in(&xml, "xmp:CreateDate").and_then(|d| date(&d)),
    })
}

/// The first non-empty text inside `<tag>`, skipping nested elements such as
/// `rdf:Alt`/`rdf:li`, with the five XML entities decoded.
fn first_text_in(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let start = xml.find(&open)?;
    let end = xml[start..].find(&format!("</{tag}>")).map_or(xml.len(), |e| start + e);
    let inner = &xml[start..end];
    inner.split('<').skip(1).find_map(|piece| {
        let text = piece.split_once('>')?.1;
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        clean(&text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_and_iso_dates() {
        assert_eq!(date("D:20170515093000+01'00'").as_deref(), Some("2017-05-15"));
        assert_eq!(date("D:2019").as_deref(), Some("2019-01-01"));
        assert_eq!(date("2021-11-03T10:00:00Z").as_deref(), Some("2021-11-03"));
        assert_eq!(date("D:20171399"), None);
        assert_eq!(date("yesterday"), None);
    }

    #[test]
    fn file_names_are_not_titles() {
        assert!(looks_like_file_name("Microsoft Word - draft3.docx"));
        assert!(looks_like_file_name("layout_final.indd"));
        // Near misses: a version number, a sentence's full stop.
        assert!(!looks_like_file_name("Release notes for v2.0"));
        assert!(!looks_like_file_name("Scaling teams. A field guide"));
        assert!(!looks_like_file_name("Scaling DevOps"));
    }

    #[test]
    fn xmp_text_skips_nested_elements() {
        let xml = r#"<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Ops &amp; Teams</rdf:li></rdf:Alt></dc:title>"#;
        assert_eq!(first_text_in(xml, "dc:title").as_deref(), Some("Ops & Teams"));
        assert_eq!(first_text_in("<dc:creator/>", "dc:creator"), None);
    }
}
