//! The markup formats (HTML, EPUB, feeds) from bytes to a [`Document`].

use super::decode::DecodeError;
use super::html::charset::decode_markup;
use super::{Segmented, epub, feed, html, title_from_origin};
use crate::model::document::{ContentId, Document, Format};

/// Loads a file already known to be HTML, EPUB or a feed.
pub fn load(origin: &str, bytes: &[u8], format: Format) -> Result<Document, DecodeError> {
    let fallback = title_from_origin(origin);
    let (id, segmented, mut warnings) = match format {
        Format::Epub => {
            let book = epub::load(bytes, &fallback)?;
            let parts: Vec<&[u8]> = book.text_parts.iter().map(|t| t.as_bytes()).collect();
            (ContentId::of(&parts), book.segmented, book.warnings)
        }
        Format::Feed => {
            let decoded = decode_markup(bytes)?;
            let (segmented, mut warnings) = if decoded.text.trim_start().starts_with('{') {
                (feed::parse_json(&decoded.text, &fallback)?, Vec::new())
            } else {
                feed::parse_xml(&decoded.text, &fallback)?
            };
            warnings.extend(decoded.warnings);
            (ContentId::of(&[decoded.text.as_bytes()]), segmented, warnings)
        }
        _ => {
            let decoded = decode_markup(bytes)?;
            let segmented = html::parse_page(&decoded.text, &fallback);
            (ContentId::of(&[decoded.text.as_bytes()]), segmented, decoded.warnings)
        }
    };
    let Segmented { title, articles } = segmented;
    if articles.is_empty() {
        warnings.push("no readable text found".to_string());
    }
    Ok(Document { id, origin: origin.to_string(), title, format, articles, warnings })
}
