//! Ranking, matching and landing, on documents built in code.

use std::sync::Arc;

use super::*;
use crate::model::document::{ArticleKind, Block, ContentId, Format, Inline, Section};
use crate::model::text::article_text;

fn section(heading: Option<&str>, text: &str) -> Section {
    Section {
        heading: heading.map(String::from),
        level: 2,
        blocks: vec![Block::Paragraph(Inline::text(text).into())],
    }
}

fn article(title: &str, sections: Vec<Section>) -> Article {
    Article::new(title.into(), ArticleKind::Article, sections)
}

fn doc(title: &str, articles: Vec<Article>) -> Arc<Document> {
    Arc::new(Document {
        id: ContentId::of(&[title.as_bytes()]),
        origin: format!("{title}.md"),
        title: title.into(),
        format: Format::Markdown,
        articles,
        warnings: vec![],
    })
}

const FILLER: &str = "Teams ship software in many ways and measure what happens afterwards. ";

fn library() -> Vec<Arc<Document>> {
    let passing = article(
        "Observability in Practice",
        vec![section(
            None,
            &format!("{}A canary is mentioned once here. {}", FILLER.repeat(3), FILLER.repeat(3)),
        )],
    );
    let titled = article(
        "Canary Releases",
        vec![
            section(None, &FILLER.repeat(6)),
            section(Some("Rolling out"), "Route a slice of traffic to the new version."),
        ],
    );
    let mut ad = article("Canary Cloud", vec![section(None, "Buy canary canary canary.")]);
    ad.kind = ArticleKind::Ad;
    let french = article("Le CV", vec![section(None, "Envoyez votre résumé au Café.")]);
    let cjk = article("日本語の記事", vec![section(None, "端末で文章を読むのは速い。文章、を")]);
    let go = article("Languages", vec![section(None, "We use Go at work; go figure, GO!")]);
    vec![doc("Issue One", vec![passing, titled, ad]), doc("Issue Two", vec![french, cjk, go])]
}

fn titles(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.article_title.as_str()).collect()
}

fn at(docs: &[Arc<Document>], hit: &Hit, len: usize) -> String {
    let text = article_text(&docs[hit.doc].articles[hit.article]);
    text.chars().skip(hit.offset).take(len).collect()
}

#[test]
fn a_title_match_beats_a_passing_mention_and_ads_are_not_indexed() {
    let docs = library();
    let hits = search(&docs, "canary", 10);
    assert_eq!(titles(&hits), ["Canary Releases", "Observability in Practice"]);
    assert!(hits[0].score > hits[1].score);
    assert_eq!(hits[0].offset, 0, "a title-only match lands at the start");
    assert_eq!(at(&docs, &hits[1], 6), "canary");
    assert_eq!(hits[1].section, None);
}

#[test]
fn a_heading_match_outranks_the_same_word_in_the_body() {
    let a = article("A", vec![section(None, "rolling"), section(None, &FILLER.repeat(2))]);
    let b = article("B", vec![section(Some("Rolling"), &FILLER.repeat(2))]);
    let docs = vec![doc("D", vec![a, b])];
    assert_eq!(titles(&search(&docs, "rolling", 10)), ["B", "A"]);
}

#[test]
fn words_are_anded_and_hits_land_on_the_exact_offset() {
    let docs = library();
    let hits = search(&docs, "slice traffic", 10);
    assert_eq!(titles(&hits), ["Canary Releases"]);
    assert_eq!(hits[0].section.as_deref(), Some("Rolling out"));
    assert_eq!(at(&docs, &hits[0], 5), "slice");
    let snippet: Vec<char> = hits[0].snippet.chars().collect();
    let marked: Vec<String> =
        hits[0].highlights.iter().map(|&(s, e)| snippet[s..e].iter().collect()).collect();
    assert_eq!(marked, ["slice", "traffic"]);
    assert!(search(&docs, "slice absentword", 10).is_empty());
}

#[test]
fn phrases_match_only_in_order() {
    let docs = library();
    let hits = search(&docs, "\"new version\"", 10);
    assert_eq!(titles(&hits), ["Canary Releases"]);
    assert_eq!(at(&docs, &hits[0], 11), "new version");
    assert!(search(&docs, "\"version new\"", 10).is_empty());
    assert_eq!(titles(&search(&docs, "\"canary releases\"", 10)), ["Canary Releases"]);
}

#[test]
fn exclusions_remove_articles() {
    let docs = library();
    assert_eq!(titles(&search(&docs, "canary -traffic", 10)), ["Observability in Practice"]);
    assert_eq!(titles(&search(&docs, "canary -\"new version\"", 10)).len(), 1);
    assert!(search(&docs, "-canary", 10).is_empty(), "exclusions alone select nothing");
}

#[test]
fn diacritics_are_ignored_both_ways() {
    let docs = library();
    for q in ["resume", "résumé", "cafe", "café", "Cafe"] {
        assert_eq!(titles(&search(&docs, q, 10)), ["Le CV"], "{q}");
    }
    let hit = &search(&docs, "resume", 10)[0];
    assert_eq!(at(&docs, hit, 6), "résumé");
}

#[test]
fn smart_case_uppercase_words_match_exactly() {
    let docs = library();
    let text = article_text(&docs[1].articles[2]);
    let hit = &search(&docs, "Go", 10)[0];
    assert_eq!(hit.offset, text.find("Go at").unwrap());
    let hit = &search(&docs, "GO", 10)[0];
    assert_eq!(hit.offset, text.find("GO!").unwrap());
    assert!(search(&docs, "CAFE", 10).is_empty(), "the text has Café, not CAFÉ");
    assert!(search(&docs, "gO", 10).is_empty());
    assert_eq!(search(&docs, "go", 10).len(), 1);
}

#[test]
fn cjk_is_found_by_substring() {
    let docs = library();
    let hits = search(&docs, "文章を読む", 10);
    assert_eq!(titles(&hits), ["日本語の記事"]);
    assert_eq!(at(&docs, &hits[0], 5), "文章を読む");
    assert_eq!(search(&docs, "記事", 10).len(), 1, "title");
    assert!(search(&docs, "章を読", 10).len() == 1);
    assert!(search(&docs, "文章を読む速", 10).is_empty());
}

#[test]
fn snippets_collapse_whitespace_and_mark_matches() {
    let text = "Line one\n\nand   the canary sings.";
    let (snippet, marks) = hits::snippet(text, 20, &Query::parse("canary"));
    assert_eq!(snippet, "Line one and the canary sings.");
    let got: String = snippet.chars().skip(marks[0].0).take(marks[0].1 - marks[0].0).collect();
    assert_eq!(got, "canary");
    let long = format!("{}canary{}", "word ".repeat(40), " tail".repeat(60));
    let (snippet, marks) = hits::snippet(&long, 200, &Query::parse("canary"));
    assert!(snippet.starts_with("…word") && snippet.ends_with('…'), "{snippet}");
    assert_eq!(snippet.chars().skip(marks[0].0).take(6).collect::<String>(), "canary");
}

#[test]
fn a_hit_deep_in_one_huge_block_gets_a_short_snippet() {
    let text = format!("{}needle{}", "hay ".repeat(100_000), " hay".repeat(1000));
    let docs = vec![doc("Big", vec![article("Huge", vec![section(None, &text)])])];
    let hit = &search(&docs, "needle", 10)[0];
    assert_eq!(hit.offset, 400_000);
    assert!(hit.snippet.chars().count() < 220, "{}", hit.snippet);
    let (s, e) = hit.highlights[0];
    assert_eq!(hit.snippet.chars().skip(s).take(e - s).collect::<String>(), "needle");
}

#[test]
fn the_index_grows_document_by_document() {
    let docs = library();
    let mut index = Index::new();
    index.add(docs[0].clone());
    assert!(index.search("résumé", 10).is_empty());
    assert_eq!(index.search("canary", 10).len(), 2);
    index.add(docs[1].clone());
    let hit = &index.search("résumé", 10)[0];
    assert_eq!((hit.doc, hit.article, hit.path.as_str()), (1, 0, "Issue Two.md"));
    assert_eq!(index.documents(), 2);
    assert_eq!(index.articles(), 5, "the ad is not indexed");
    assert!(index.heap_bytes() > 0);
    assert!(index.search("", 10).is_empty() && index.search("canary", 0).is_empty());
}

proptest::proptest! {
    /// The ASCII-run fold and the windowed find give what the plain
    /// char-by-char fold and `match_indices` give, on mixed scripts.
    #[test]
    fn fast_fold_and_find_match_the_plain_ones(
        text in "[a-zA-Z .İÄäßΣσ\u{1F600}\n]{0,200}",
        needle in "[a-zäσ]{1,3}",
    ) {
        let plain: String = text.chars().map(fold_char).collect();
        let folded = fold(&text);
        proptest::prop_assert_eq!(&folded, &plain);
        let mut chars = 0;
        let mut last = 0;
        let expected: Vec<usize> = plain.match_indices(needle.as_str()).map(|(at, _)| {
            chars += plain[last..at].chars().count();
            last = at;
            chars
        }).take(find::MATCH_LIMIT).collect();
        let (found, _) = find::FindScan::all(Arc::new(text), &needle);
        proptest::prop_assert_eq!(found.iter().map(|m| m.0).collect::<Vec<_>>(), expected);
    }
}

#[test]
fn legacy_helpers_keep_char_offsets() {
    assert_eq!(fold("İx").chars().count(), 2);
    assert_eq!(find::FindScan::all(Arc::new("äb äb".into()), "äb").0, [(0, 2), (3, 5)]);
    let d = library();
    let (text, starts) = text_with_sections(&d[0].articles[1]);
    assert_eq!(text, article_text(&d[0].articles[1]));
    assert_eq!(starts.len(), 2);
}

fn options_library() -> Index {
    let mut index = Index::new();
    let marked = article(
        "Résumé tips",
        vec![section(Some("Your résumé"), "Write a résumé, not a CV. Go learn Go.")],
    );
    let plain = article("Plain", vec![section(None, "Resume the download; resume it later.")]);
    let lower = article("Lower", vec![section(None, "go go go, said the naïve coach")]);
    index.add(doc("Options", vec![marked, plain, lower]));
    index
}

const SENSITIVE: Matching = Matching { fold_diacritics: false, smart_case: true };
const NO_SMART_CASE: Matching = Matching { fold_diacritics: true, smart_case: false };

#[test]
fn diacritics_fold_by_default_and_not_when_sensitive() {
    let index = options_library();
    let folded = titles(&index.search("resume", 10)).len();
    assert_eq!(folded, 2);
    assert_eq!(titles(&index.search_with("resume", SENSITIVE, 10)), ["Plain"]);
    assert_eq!(titles(&index.search_with("résumé", SENSITIVE, 10)), ["Résumé tips"]);
    assert_eq!(titles(&index.search_with("Résumé", SENSITIVE, 10)), ["Résumé tips"]);
    assert!(index.search_with("Resume", SENSITIVE, 10).iter().all(|h| h.article_title == "Plain"));
    assert!(index.search_with("naive", SENSITIVE, 10).is_empty());
    assert_eq!(titles(&index.search_with("\"naïve coach\"", SENSITIVE, 10)), ["Lower"]);
    assert!(index.search_with("\"naive coach\"", SENSITIVE, 10).is_empty());
}

#[test]
fn sensitive_hits_land_and_highlight_on_exact_forms_only() {
    let index = options_library();
    let hits = index.search_with("resume", SENSITIVE, 10);
    assert_eq!(hits[0].offset, 0, "lands on `Resume`, the first unmarked form");
    let text = "Résumé and resume";
    let query = Query::parse_with("resume", SENSITIVE);
    assert_eq!(match_ranges(text, 0, &query), [(11, 17)]);
    let query = Query::parse_with("résumé", SENSITIVE);
    assert_eq!(match_ranges(text, 0, &query), [(0, 6)]);
    assert_eq!(match_ranges(text, 0, &Query::parse("resume")).len(), 2);
}

#[test]
fn smart_case_off_ignores_capitals_in_the_query() {
    let index = options_library();
    assert_eq!(titles(&index.search("Go", 10)), ["Résumé tips"]);
    let hits = index.search_with("Go", NO_SMART_CASE, 10);
    let mut found = titles(&hits);
    found.sort_unstable();
    assert_eq!(found, ["Lower", "Résumé tips"]);
    let query = Query::parse_with("Go", NO_SMART_CASE);
    assert_eq!(match_ranges("go Go GO", 0, &query).len(), 3);
    assert_eq!(match_ranges("go Go GO", 0, &Query::parse("Go")), [(3, 5)]);
}

/// Indexed a part at a time or whole, a document is the same index: the
/// same hits, scores and landing offsets.
#[test]
fn a_document_added_in_parts_is_indexed_as_if_whole() {
    let docs = library();
    let mut whole = Index::new();
    let mut parts = Index::new();
    for doc in docs {
        whole.add(doc.clone());
        let mut from = 0;
        while let Some(next) = parts.add_part(&doc, from, 1) {
            assert!(next > from);
            from = next;
        }
    }
    assert_eq!((parts.documents(), parts.articles()), (whole.documents(), whole.articles()));
    assert!(!whole.search("canary", 20).is_empty());
    for query in ["canary", "the", "\"release notes\"", "kernel OR cache"] {
        assert_eq!(
            format!("{:?}", parts.search(query, 20)),
            format!("{:?}", whole.search(query, 20))
        );
    }
}
