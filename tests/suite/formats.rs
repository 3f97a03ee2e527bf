//! EPUB, feeds and HTML through the public loader, search and export.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_support;
use crate::formats_support;

use std::io::{Cursor, Write};
use std::sync::Arc;

use formats_support::{ATOM, JSON_FEED, RSS, Toc, chapter, emag, epub};
use quire::export::{self, Format as ExportFormat};
use quire::model::loader::{self, DecodeError};
use quire::model::search::search;
use quire::model::text::article_text;
use quire::model::{Document, Format};

fn readable_titles(doc: &Document) -> Vec<&str> {
    doc.readable().map(|a| a.title.as_str()).collect()
}

fn all_text(doc: &Document) -> String {
    doc.articles.iter().map(article_text).collect::<Vec<_>>().join("\n")
}

#[test]
fn an_epub_gives_its_metadata_and_articles_in_order() {
    for toc in [Toc::Nav, Toc::Ncx] {
        let doc = loader::load("spring.epub", &emag(toc)).unwrap();
        assert_eq!(doc.format, Format::Epub);
        assert_eq!(doc.title, "Field Notes Quarterly");
        assert_eq!(readable_titles(&doc), ["Rivers of Glass", "Salt Roads", "Letters"]);
        let rivers = doc.readable().next().unwrap();
        assert_eq!(rivers.author.as_deref(), Some("Lena Marsh"));
        assert_eq!(rivers.date.as_deref(), Some("2024-03-01"));
        assert_eq!(rivers.sections[1].heading.as_deref(), Some("Meltwater"));
        // A chapter the contents skip continues the article before it.
        let salt = article_text(doc.readable().nth(1).unwrap());
        assert!(salt.contains("second half of the salt story"), "{salt}");
        // The cover is kept, as front matter.
        assert!(all_text(&doc).contains("Spring issue cover page."));
        assert!(!all_text(&doc).contains('<'));
    }
}

#[test]
fn an_epub_without_contents_has_one_article_per_chapter() {
    let doc = loader::load("plain.epub", &emag(Toc::None)).unwrap();
    assert_eq!(doc.articles.len(), 5);
    assert_eq!(doc.articles[1].title, "Rivers of Glass");
    // Without extension, the content still says EPUB.
    assert_eq!(loader::load("download", &emag(Toc::Nav)).unwrap().format, Format::Epub);
}

#[test]
fn feeds_give_one_article_per_item_in_order() {
    let rss = loader::load("tinker.rss", RSS.as_bytes()).unwrap();
    assert_eq!(rss.format, Format::Feed);
    assert_eq!(rss.title, "Tinker Weekly");
    assert_eq!(readable_titles(&rss), ["Soldering without tears", "Oscilloscopes on a budget"]);
    let first = &rss.articles[0];
    assert_eq!(first.author.as_deref(), Some("Ravi Patel"));
    assert_eq!(first.date.as_deref(), Some("2024-03-05"));
    assert_eq!(first.source.as_deref(), Some("https://tinker.example/solder"));
    assert!(
        article_text(first).contains("Flux is your friend: clean joints start with a clean tip.")
    );
    // A summary-only item shows its summary and its link.
    let second = article_text(&rss.articles[1]);
    assert_eq!(second, "A short summary & nothing more.\n\nhttps://tinker.example/scopes");

    let atom = loader::load("garden.xml", ATOM.as_bytes()).unwrap();
    assert_eq!(atom.title, "Garden Log");
    assert_eq!(readable_titles(&atom), ["Pruning roses", "Compost basics"]);
    assert_eq!(atom.articles[0].author.as_deref(), Some("Iris Fenn"));
    assert_eq!(atom.articles[1].author.as_deref(), Some("Owen Hale"));
    assert_eq!(atom.articles[1].date.as_deref(), Some("2024-02-17"));
    assert_eq!(article_text(&atom.articles[0]), "Cut above an outward-facing bud & angle the cut.");
    assert_eq!(article_text(&atom.articles[1]), "Greens and browns, turned weekly.");

    let json = loader::load("sky.json", JSON_FEED.as_bytes()).unwrap();
    assert_eq!(readable_titles(&json), ["Moon phases", "Finding Mars"]);
    assert_eq!(json.articles[0].author.as_deref(), Some("Vega Lund"));
    assert_eq!(json.articles[0].date.as_deref(), Some("2024-01-02"));
    assert_eq!(article_text(&json.articles[1]), "Look for the red dot.\n\nIt does not twinkle.");
}

#[test]
fn shuffled_feed_items_keep_the_feed_order() {
    let item = |n: usize| {
        format!("<item><title>Item {n}</title><description>Body {n}.</description></item>")
    };
    for order in [[2, 0, 1], [1, 2, 0], [0, 1, 2]] {
        let items: String = order.iter().map(|&n| item(n)).collect();
        let feed = format!("<rss version='2.0'><channel><title>T</title>{items}</channel></rss>");
        let doc = loader::load("t.rss", feed.as_bytes()).unwrap();
        let want: Vec<String> = order.iter().map(|n| format!("Item {n}")).collect();
        assert_eq!(readable_titles(&doc), want);
    }
}

/// The same article as Markdown, for comparing with the other formats.
fn markdown_twin() -> Document {
    let md = "# Soldering without tears\n\nFlux is your *friend*: clean joints start with a clean tip.\n\n- Tin the tip.\n- Heat the pad.\n";
    loader::load("twin.md", md.as_bytes()).unwrap()
}

#[test]
fn search_and_highlight_export_work_as_they_do_for_text() {
    let twin = markdown_twin();
    let rss = loader::load("tinker.rss", RSS.as_bytes()).unwrap();
    assert_eq!(article_text(&rss.articles[0]), article_text(&twin.articles[0]));
    let book = epub(
        "Bench",
        "Press",
        "2024-01-01",
        &[chapter(
            "s.xhtml",
            Some("Soldering without tears"),
            "<h1>Soldering without tears</h1><p>Flux is your <em>friend</em>: clean joints start with a clean tip.</p><ul><li>Tin the tip.</li><li>Heat the pad.</li></ul>",
        )],
        Toc::Nav,
    );
    let book = loader::load("bench.epub", &book).unwrap();
    assert_eq!(article_text(&book.articles[0]), article_text(&twin.articles[0]));
    let docs: Vec<Arc<Document>> = [twin, rss, book].into_iter().map(Arc::new).collect();
    let hits = search(&docs, "clean joints", 10);
    let mut found: Vec<(usize, usize)> = hits.iter().map(|h| (h.doc, h.offset)).collect();
    found.sort();
    let offset = found[0].1;
    assert_eq!(found, [(0, offset), (1, offset), (2, offset)]);
    let snippets: Vec<&str> = hits.iter().map(|h| h.snippet.as_str()).collect();
    assert!(snippets.windows(2).all(|w| w[0] == w[1]), "{snippets:?}");
    for doc in &docs {
        let article = &doc.articles[0];
        let mark =
            export_support::highlight("h1", article, "clean tip", "yellow", Some("remember"));
        let md = export::export(
            doc,
            std::slice::from_ref(&mark),
            ExportFormat::Markdown,
            export_support::EXPORTED,
        );
        assert!(md.contains("clean tip") && md.contains("remember"), "{md}");
        let json = export::export(doc, &[mark], ExportFormat::Json, export_support::EXPORTED);
        assert!(json.contains("\"clean tip\""), "{json}");
    }
}

#[test]
fn a_web_page_loads_by_content_whatever_its_name() {
    let page = "<!DOCTYPE html><html><head><title>Kiln Diary</title><meta name=author content='Noor Aziz'></head>\
        <body><nav><a href=/>Home</a><a href=/a>All</a><a href=/b>Tags</a></nav><main><h1>Kiln Diary</h1>\
        <p>Bisque firing comes first, then the glaze firing, hotter and slower.</p></main></body></html>";
    for name in ["kiln.html", "kiln.txt", "kiln"] {
        let doc = loader::load(name, page.as_bytes()).unwrap();
        assert_eq!(doc.format, Format::Html, "{name}");
        assert_eq!(doc.title, "Kiln Diary");
        assert_eq!(doc.articles[0].author.as_deref(), Some("Noor Aziz"));
        assert_eq!(
            all_text(&doc),
            "Bisque firing comes first, then the glaze firing, hotter and slower."
        );
    }
}

fn error_of(name: &str, bytes: &[u8]) -> String {
    match loader::load(name, bytes) {
        Err(err) => err.to_string(),
        Ok(doc) => panic!("{name} loaded: {:?}", doc.articles.len()),
    }
}

/// An EPUB whose package entry unpacks to `mib` MiB of spaces.
fn bomb(mib: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", deflated).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(b"<container><rootfiles><rootfile full-path='big.opf'/></rootfiles></container>")
        .unwrap();
    zip.start_file("big.opf", deflated).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..mib {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_stops_at_the_budget() {
    let bytes = bomb(8);
    assert!(bytes.len() < 100_000, "the bomb is small: {}", bytes.len());
    let limits = loader::epub::Limits { entries: 100, unpacked_bytes: 2 << 20 };
    let message = match loader::epub::load_within(&bytes, "b", limits) {
        Err(err) => err.to_string(),
        Ok(_) => panic!("the bomb loaded"),
    };
    assert_eq!(message, "broken EPUB: unpacks to more than 2 MiB (a zip bomb?)");
    let few = loader::epub::Limits { entries: 2, unpacked_bytes: 2 << 20 };
    let message = loader::epub::load_within(&bytes, "b", few).err().map(|e| e.to_string());
    assert_eq!(message.as_deref(), Some("broken EPUB: 3 entries (more than 2)"));
}

#[test]
fn hostile_and_broken_files_get_one_clear_line() {
    let good = emag(Toc::Nav);
    let truncated = error_of("cut.epub", &good[..good.len() / 2]);
    assert!(truncated.starts_with("broken EPUB: not a readable zip archive"), "{truncated}");
    assert!(!truncated.contains('\n'));
    let not_zip = error_of("fake.epub", b"just some text pretending");
    assert!(not_zip.starts_with("broken EPUB"), "{not_zip}");
    let broken_feed = error_of("b.rss", b"<rss><channel><title>x</wrong></channel></rss>");
    assert!(broken_feed.starts_with("broken feed XML"), "{broken_feed}");
    assert!(!broken_feed.contains('\n'));
    // A feed cut short keeps what was read, and says so.
    let cut =
        loader::load("c.rss", b"<rss><channel><item><title>Whole</title></item><item><title>Cut")
            .unwrap();
    assert_eq!(readable_titles(&cut), ["Whole", "Cut"]);
    assert!(cut.warnings.iter().any(|w| w.starts_with("broken feed XML")), "{:?}", cut.warnings);
    let bad_json =
        error_of("b.json", br#"{"version": "https://jsonfeed.org/version/1", "items": [}"#);
    assert!(bad_json.starts_with("broken JSON feed"), "{bad_json}");
    assert!(matches!(loader::load("x.json", b"[1, 2]"), Err(DecodeError::Unreadable { .. })));
}

#[test]
fn zip_names_that_climb_out_are_only_names() {
    let chapters =
        [chapter("../../../../etc/passwd", Some("Escape"), "<p>Inside the archive only.</p>")];
    let doc = loader::load("trav.epub", &epub("T", "C", "2024", &chapters, Toc::Nav)).unwrap();
    // The spine entry resolves inside the archive (to a name that is not
    // there, since `..` stops at the root) and nothing outside is read.
    assert!(!all_text(&doc).contains("root:"));
    assert!(
        doc.warnings.iter().any(|w| w.contains("missing")) || all_text(&doc).contains("Inside")
    );
}

#[test]
fn entity_expansion_is_refused_quietly() {
    let bomb = "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY a 'aaaaaaaaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>\
        <!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'>]><rss><channel><title>Bomb</title><item><title>&c;&c;</title>\
        <description>Real words.</description></item></channel></rss>";
    let doc = loader::load("bomb.rss", bomb.as_bytes()).unwrap();
    assert!(!all_text(&doc).contains("aaaa"));
    assert!(all_text(&doc).contains("Real words."));
}

#[test]
fn escape_sequences_in_feeds_and_books_never_reach_the_text() {
    let feed = "<rss><channel><title>t\u{1b}[2J</title><item><title>i&#27;[31m</title>\
        <description>&lt;p&gt;x&amp;#27;]0;owned&amp;#7;y&lt;/p&gt;</description></item></channel></rss>";
    let doc = loader::load("e.rss", feed.as_bytes()).unwrap();
    let everything = format!("{}{}{}", doc.title, doc.articles[0].title, all_text(&doc));
    assert!(!everything.chars().any(|c| c.is_control() && c != '\n'), "{everything:?}");
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The share (in percent) of `body`'s words found in `doc`'s text.
fn coverage(doc: &Document, body: &str) -> usize {
    let got = words(&all_text(doc));
    let want = words(body);
    want.iter().filter(|w| got.contains(w)).count() * 100 / want.len().max(1)
}

#[test]
fn nearly_all_body_words_reach_books_and_feeds() {
    let body = "Bridges over tidal rivers must flex with the water; engineers leave joints that open \
        and close twice a day, and painters follow the steel from one end to the other every year.";
    let (one, two) = body.split_at(body.find(';').unwrap() + 1);
    let html = format!("<h1>Bridges</h1><p>{one}</p><div><p><em>{}</em></p></div>", two.trim());
    let book = epub("B", "C", "2024", &[chapter("b.xhtml", Some("Bridges"), &html)], Toc::Nav);
    let book = loader::load("b.epub", &book).unwrap();
    assert!(coverage(&book, body) >= 95, "{}", all_text(&book));
    let feed = format!(
        "<rss><channel><title>F</title><item><title>Bridges</title><description>{}</description></item></channel></rss>",
        html.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    );
    let feed = loader::load("f.rss", feed.as_bytes()).unwrap();
    assert!(coverage(&feed, body) >= 95, "{}", all_text(&feed));
    assert!(!all_text(&feed).contains("&lt;") && !all_text(&feed).contains("<em>"));
}

mod never_panics {
    use proptest::prelude::*;
    use quire::model::Format;
    use quire::model::loader::load_as;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the bytes, each markup reader gives a document or one error.
        #[test]
        fn on_any_markup(text in "(<[a-z/!?]{0,3}[a-z]{0,6}[ =\"'a-z]{0,8}>|&[a-z#0-9]{0,5};?|[a-z \\n]{0,8}|\\{|\\}|\"items\":\\[){0,60}") {
            for format in [Format::Html, Format::Feed, Format::Epub] {
                let _ = load_as("x", text.as_bytes(), format);
            }
        }

        #[test]
        fn on_damaged_books(cut in 0usize..4000, flip in 0usize..4000) {
            let mut book = super::emag(super::Toc::Nav);
            let at = flip % book.len();
            book[at] ^= 0x5a;
            book.truncate(book.len() - cut % book.len());
            let _ = load_as("x.epub", &book, Format::Epub);
        }
    }
}
