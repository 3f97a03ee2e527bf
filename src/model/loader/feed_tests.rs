//! Feed parsing on feeds written for these tests.

use super::*;
use crate::model::text::article_text;

#[test]
fn rss_dates_and_iso_dates_become_days() {
    assert_eq!(date("Tue, 05 Mar 2024 10:00:00 GMT"), "2024-03-05");
    assert_eq!(date("5 March 2024"), "2024-03-05");
    assert_eq!(date("Sun, 1 Dec 24 08:00 +0100"), "2024-12-01");
    assert_eq!(date("2023-07-09T22:10:00-07:00"), "2023-07-09");
    // Near misses: kept as written rather than guessed.
    assert_eq!(date("sometime in spring"), "sometime in spring");
    assert_eq!(date("Tue, 5 Mär 2024"), "Tue, 5 Mär 2024");
}

fn titles(segmented: &Segmented) -> Vec<&str> {
    segmented.articles.iter().map(|a| a.title.as_str()).collect()
}

#[test]
fn rss_one_point_zero_items_sit_beside_the_channel() {
    let rdf = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/' \
        xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>Old Style</title></channel>\
        <item><title>First</title><link>https://o.example/1</link><dc:creator>Kim Ro</dc:creator>\
        <dc:date>2022-02-02</dc:date><description>One.</description></item>\
        <item><title>Second</title><description>Two.</description></item></rdf:RDF>";
    let (segmented, warnings) = parse_xml(rdf, "f").unwrap();
    assert!(warnings.is_empty());
    assert_eq!(segmented.title, "Old Style");
    assert_eq!(titles(&segmented), ["First", "Second"]);
    let first = &segmented.articles[0];
    assert_eq!(first.author.as_deref(), Some("Kim Ro"));
    assert_eq!(first.date.as_deref(), Some("2022-02-02"));
    assert_eq!(article_text(first), "One.\n\nhttps://o.example/1");
}

#[test]
fn items_without_title_or_body_are_still_listed() {
    let rss = "<rss><channel><title>Sparse</title><item><description>Only a body.</description></item>\
        <item><title>Only a title</title></item><item><guid isPermaLink='false'>tag:x</guid></item></channel></rss>";
    let (segmented, _) = parse_xml(rss, "f").unwrap();
    assert_eq!(titles(&segmented), ["Sparse #1", "Only a title", "Sparse #3"]);
    assert_eq!(article_text(&segmented.articles[0]), "Only a body.");
    // A guid that is not a permalink is not taken as the item's address.
    assert_eq!(segmented.articles[2].source, None);
}

#[test]
fn content_beats_summary_and_html_is_read_not_shown() {
    let atom = "<feed xmlns='http://www.w3.org/2005/Atom'><title type='html'>A &amp;amp; B</title>\
        <entry><title>E</title><summary>Short.</summary><content type='html'>&lt;h2&gt;Part&lt;/h2&gt;&lt;p&gt;Long &amp;amp; full.&lt;/p&gt;</content></entry>\
        <entry><title>T</title><content type='text'>Plain &lt;b&gt; stays text</content></entry></feed>";
    let (segmented, _) = parse_xml(atom, "f").unwrap();
    assert_eq!(segmented.title, "A & B");
    let first = &segmented.articles[0];
    assert_eq!(first.sections[0].heading.as_deref(), Some("Part"));
    assert_eq!(article_text(first), "Part\n\nLong & full.");
    assert_eq!(article_text(&segmented.articles[1]), "Plain <b> stays text");
}

#[test]
fn json_feed_versions_and_authors() {
    let v1 = r#"{"version": "https://jsonfeed.org/version/1", "title": "J", "author": {"name": "Old Author"},
        "items": [{"id": "a", "title": "A", "summary": "Just a summary.", "external_url": "https://j.example/a"}]}"#;
    let segmented = parse_json(v1, "f").unwrap();
    let a = &segmented.articles[0];
    assert_eq!(a.author.as_deref(), Some("Old Author"));
    assert_eq!(article_text(a), "Just a summary.\n\nhttps://j.example/a");
    assert!(parse_json("{\"items\": [", "f").is_err());
}

#[test]
fn not_a_feed_is_an_error() {
    assert!(parse_xml("<config><item/></config>", "f").is_err());
    assert!(parse_xml("<rss><channel><title>x</wrong>", "f").is_err());
}
