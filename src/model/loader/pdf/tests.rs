//! PDFs written in code (see `tests/support/pdf_writer.rs`), read back.

use super::pdf_writer::{Page, Pdf, raw_pdf};
use super::*;
use crate::model::text::article_text;

fn load(pdf: &Pdf) -> Result<Document, PdfError> {
    let text = extract(&pdf.to_bytes())?;
    Ok(to_document("issue.pdf", &text).expect("extracted text always decodes"))
}

fn reading_text(doc: &Document) -> String {
    doc.readable().map(article_text).collect::<Vec<_>>().join("\n")
}

#[test]
fn one_page_reads_back_line_for_line() {
    let lines =
        ["Quiet Deploys", "", "Deploys should be boring, and ours now are.", "Here is how."];
    let text = extract(&Pdf::from_pages(vec![Page::of_lines(&lines)]).to_bytes()).unwrap();
    assert_eq!(
        text.pages,
        ["Quiet Deploys\n\nDeploys should be boring, and ours now are.\nHere is how.\n"]
    );
    assert!(text.warnings.is_empty());
}

#[test]
fn text_from_another_reader_splits_at_form_feeds() {
    let text = PdfText::from_text("one\n\x0ctwo\n\x0c", PdfMeta::default());
    assert_eq!(text.pages, ["one\n", "two\n"]);
    let text = PdfText::from_text("one\x0c\x0cthree", PdfMeta::default());
    assert_eq!(text.pages, ["one", "", "three"]);
}

#[test]
fn pages_are_separated_by_form_feeds() {
    let pdf = Pdf::from_text("first page\x0csecond page\x0cthird page", 40);
    let text = extract(&pdf.to_bytes()).unwrap();
    assert_eq!(text.pages.len(), 3);
    assert_eq!(text.text(), "first page\n\x0csecond page\n\x0cthird page\n");
}

/// An article over four pages, each with a running head and a page number
/// at its foot; its paragraphs run on across the page breaks.
fn paginated_article() -> Pdf {
    let body = "Every team we met kept a notebook of the incidents they had lived through, \
                and every notebook told the same story about alarms that nobody owned and \
                dashboards that nobody read. We asked them what changed when they started \
                to write down the owner of each alarm next to the alarm itself. The answers \
                surprised us more than once, and they are the subject of this piece.";
    let words: Vec<&str> = body.split(' ').collect();
    let mut lines = Vec::new();
    for round in 0..6 {
        lines.push(String::new());
        let mut line = String::new();
        for word in &words {
            if line.len() + word.len() > 70 {
                lines.push(std::mem::take(&mut line));
            }
            line = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        }
        lines.push(format!("{line} (part {round})"));
    }
    let pages = lines.chunks(12).enumerate().map(|(i, chunk)| {
        let mut page = vec!["Pager Duty Quarterly · Winter Issue".to_string(), String::new()];
        if i == 0 {
            page.extend([
                "Who Owns The Alarm?".to_string(),
                String::new(),
                "by Ines Kovac".to_string(),
            ]);
        }
        page.extend(chunk.iter().cloned());
        page.resize(50, String::new());
        page.push(format!("{}", i + 1));
        page
    });
    let pages: Vec<Page> = pages.map(|lines| Page::of_lines(&lines)).collect();
    assert!(pages.len() >= 4);
    Pdf::from_pages(pages)
}

#[test]
fn running_heads_and_page_numbers_are_not_read_as_text() {
    let doc = load(&paginated_article()).unwrap();
    let text = reading_text(&doc);
    assert!(text.contains("subject of this piece. (part 5)"), "{text}");
    assert!(!text.contains("Winter Issue"), "{text}");
    for number in ["\n2\n", "\n3\n", " 3 "] {
        assert!(!text.contains(number), "page number {number:?} in {text}");
    }
    assert_eq!(doc.format, Format::Pdf);
}

#[test]
fn words_hyphenated_across_lines_are_mended() {
    let lines = [
        "Breaking Up",
        "",
        "We spent a year taking apart the mono-",
        "lithic billing service, one endpoint at a time, until the last",
        "caller had moved to the new ledger and the old code could go.",
    ];
    let doc = load(&Pdf::from_pages(vec![Page::of_lines(&lines)])).unwrap();
    let text = reading_text(&doc);
    assert!(text.contains("the monolithic billing service"), "{text}");
}

#[test]
fn info_metadata_names_the_document_and_its_byline() {
    let lines =
        ["A short note on caching layers, written for the team wiki.", "It has no title line."];
    let pdf = Pdf::from_pages(vec![Page::of_lines(&lines)])
        .with_info("Title", "Caching, Carefully")
        .with_info("Author", "Marta Öberg")
        .with_info("CreationDate", "D:20240302101500Z");
    let doc = load(&pdf).unwrap();
    assert_eq!(doc.title, "Caching, Carefully");
    let article = doc.readable().next().unwrap();
    assert_eq!(article.author.as_deref(), Some("Marta Öberg"));
    assert_eq!(article.date.as_deref(), Some("2024-03-02"));
}

const XMP: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Pipelines &amp; People</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Noor Haddad</rdf:li></rdf:Seq></dc:creator>
<xmp:CreateDate>2023-11-07T08:00:00Z</xmp:CreateDate>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;

#[test]
fn xmp_metadata_fills_what_the_info_dictionary_lacks() {
    let lines = ["A note on build pipelines and the people who keep them running."];
    let mut pdf = Pdf::from_pages(vec![Page::of_lines(&lines)]);
    pdf.xmp = Some(XMP.to_string());
    let doc = load(&pdf).unwrap();
    assert_eq!(doc.title, "Pipelines & People");
    let article = doc.readable().next().unwrap();
    assert_eq!(article.author.as_deref(), Some("Noor Haddad"));
    assert_eq!(article.date.as_deref(), Some("2023-11-07"));
    // The Info dictionary, where it says something, comes first.
    let doc = load(&pdf.with_info("Title", "Pipelines, Revised")).unwrap();
    assert_eq!(doc.title, "Pipelines, Revised");
}

#[test]
fn a_file_name_in_the_title_field_is_ignored() {
    let lines = ["Notes from the Rollout", "", "The rollout went well, mostly."];
    let pdf = Pdf::from_pages(vec![Page::of_lines(&lines)]).with_info("Title", "rollout_v3.indd");
    let doc = load(&pdf).unwrap();
    assert_ne!(doc.title, "rollout_v3.indd");
}

#[test]
fn pages_without_text_say_so() {
    let scanned = Pdf::from_pages(vec![Page { image: true, ..Page::default() }; 3]);
    assert_eq!(extract(&scanned.to_bytes()), Err(PdfError::NoTextLayer));
    let empty = Pdf::from_pages(vec![Page::default()]);
    assert_eq!(extract(&empty.to_bytes()), Err(PdfError::NoTextLayer));
    assert_eq!(PdfError::NoTextLayer.to_string(), "no text layer (scanned PDF?)");
}

#[test]
fn a_scanned_page_among_text_pages_is_fine() {
    let mut pdf = Pdf::from_text("text on the first page", 40);
    pdf.pages.push(Page { image: true, ..Page::default() });
    let text = extract(&pdf.to_bytes()).unwrap();
    assert_eq!(text.pages.len(), 2);
}

#[test]
fn encrypted_files_say_so() {
    let mut pdf = Pdf::from_text("secret", 40);
    pdf.encrypted = true;
    assert_eq!(extract(&pdf.to_bytes()), Err(PdfError::Encrypted));
}

#[test]
fn truncated_and_garbage_files_are_damaged() {
    let bytes = Pdf::from_text("some text\nover two lines", 40).to_bytes();
    for cut in [bytes.len() / 2, 20, 9] {
        let result = extract(&bytes[..cut]);
        assert!(
            matches!(result, Err(PdfError::Damaged | PdfError::NoTextLayer)),
            "cut at {cut}: {result:?}"
        );
    }
    let garbage: Vec<u8> =
        b"%PDF-1.7\n".iter().copied().chain((0..3000u32).map(|i| (i * 7919 % 251) as u8)).collect();
    assert_eq!(extract(&garbage), Err(PdfError::Damaged));
    assert_eq!(extract(b"%PDF-"), Err(PdfError::Damaged));
}

#[test]
fn pdf_headers_are_found_after_a_little_junk() {
    assert!(is_pdf(b"%PDF-1.4\n"));
    assert!(is_pdf(b"\r\n\x00\xff %PDF-1.7"));
    // Near misses: a text that mentions the header, a cut-off header.
    assert!(!is_pdf(b"Every PDF starts with %PDF-1.x, then a comment."));
    assert!(!is_pdf(b"%PDF"));
    let late = [vec![b' '; 2000], b"%PDF-1.4".to_vec()].concat();
    assert!(!is_pdf(&late));
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const FONT: &str = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";

#[test]
fn a_page_tree_whose_parents_loop_is_still_read() {
    // The page has no size and its parent is its own parent: finding the
    // size by walking up would never end.
    let objects = [
        CATALOG,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>",
        "<< /Length LEN >>\nstream\nBT /F1 12 Tf 72 700 Td (Still here.) Tj ET\nendstream",
    ];
    let resources = format!("<< {FONT} >>");
    let bytes = raw_pdf(&[objects[0], objects[1], objects[2], objects[3], &resources]);
    let text = extract(&bytes).unwrap();
    assert_eq!(text.text().trim(), "Still here.");
}

/// A page drawing form 6, which draws `/X` again with `form_resources`;
/// form 7 holds text and draws nothing.
fn form_pdf(form_resources: &str) -> Vec<u8> {
    let resources = format!("<< {FONT} /XObject << /X 6 0 R >> >>");
    let form = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] {form_resources} /Length LEN >>\n\
         stream\nBT /F1 12 Tf 72 600 Td (Inner) Tj ET /X Do\nendstream"
    );
    let leaf = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << {FONT} >> /Length LEN >>\n\
         stream\nBT /F1 12 Tf 72 500 Td (Deepest) Tj ET\nendstream"
    );
    raw_pdf(&[
        CATALOG,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 600 800] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>",
        "<< /Length LEN >>\nstream\nBT /F1 12 Tf 72 700 Td (Outer) Tj ET /X Do\nendstream",
        &resources,
        &form,
        &leaf,
    ])
}

#[test]
fn forms_that_draw_themselves_are_refused_not_followed() {
    // Through its own resources, and through the page's.
    for form_resources in ["/Resources 5 0 R", ""] {
        let result = extract(&form_pdf(form_resources));
        let expected = PdfError::ReaderFailed(crate::strings::PDF_FORM_LOOP.into());
        assert_eq!(result, Err(expected), "{form_resources:?}");
    }
}

#[test]
fn a_name_reused_for_another_form_is_no_loop() {
    // Near miss: inside form 6, `/X` names form 7, not form 6.
    let bytes = form_pdf(&format!("/Resources << {FONT} /XObject << /X 7 0 R >> >>"));
    let text = extract(&bytes).unwrap().text();
    for word in ["Outer", "Inner", "Deepest"] {
        assert!(text.contains(word), "{word} in {text:?}");
    }
}

#[test]
fn text_set_sideways_reads_as_lines() {
    // Two lines turned a quarter turn: the baseline runs up the page, the
    // second line sits to the right of the first.
    let content = "BT /F1 12 Tf 0 1 -1 0 100 100 Tm (Turned sideways) Tj ET \
                   BT /F1 12 Tf 0 1 -1 0 114 100 Tm (second line) Tj ET";
    let stream = format!("<< /Length LEN >>\nstream\n{content}\nendstream");
    let resources = format!("<< {FONT} >>");
    let bytes = raw_pdf(&[
        CATALOG,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 600 800] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>",
        &stream,
        &resources,
    ]);
    let text = extract(&bytes).unwrap().text();
    assert_eq!(text, "Turned sideways\nsecond line\n");
}

#[test]
fn a_word_hyphenated_across_a_page_break_is_mended() {
    let mut first: Vec<String> = vec!["Breaking Up".into(), String::new()];
    first.extend(
        (0..20).map(|i| format!("Line {i} of a long paragraph about the billing system that")),
    );
    first.push("we spent a year taking apart, the mono-".into());
    let second =
        ["lithic billing service, one endpoint at a time, until the last", "caller had moved."];
    let pdf = Pdf::from_pages(vec![Page::of_lines(&first), Page::of_lines(&second)]);
    let text = reading_text(&load(&pdf).unwrap());
    assert!(text.contains("the monolithic billing service"), "{text}");
}

#[test]
fn a_two_column_page_painted_line_by_line_reads_column_by_column() {
    use super::pdf_writer::Run;
    let mut page = Page::default();
    let run = |x: f64, y: f64, text: String| Run { x, y, size: 10.0, text };
    page.runs.push(run(50.0, 740.0, "Two Columns, One Story".into()));
    for i in 0..10 {
        let y = 716.0 - i as f64 * 12.0;
        page.runs.push(run(50.0, y, format!("left column sentence number {i} goes on")));
        page.runs.push(run(320.0, y, format!("right column sentence number {i} goes on")));
    }
    let text = extract(&Pdf::from_pages(vec![page]).to_bytes()).unwrap().text();
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "Two Columns, One Story");
    assert_eq!(lines[10], "left column sentence number 9 goes on");
    assert_eq!(lines[11], "right column sentence number 0 goes on");
}
