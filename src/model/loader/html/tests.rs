//! HTML pipeline tests on pages written for them.

use super::*;
use crate::model::document::{Block, Inline};
use crate::model::text::article_text;

/// A blog page with site furniture all around one post.
const BLOG: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Tuning the Kettle | Steam Notes</title>
<meta property="og:title" content="Tuning the Kettle">
<meta name="author" content="Ada Quill">
<meta property="article:published_time" content="2023-11-02T08:30:00+01:00">
<link rel="canonical" href="https://steam.example/kettle">
<script>var tracking = "SCRIPTWORD";</script><style>.x{color:red}</style>
</head><body>
<header><a href="/">Steam Notes</a><nav><ul><li><a href="/a">Archive</a></li><li><a href="/b">About</a></li><li><a href="/c">Contact</a></li></ul></nav></header>
<div id="cookies"><p>We keep crumbs of data NAVWORD.</p><button>Accept</button></div>
<div class="wrap">
 <div class="post">
  <h1>Tuning the Kettle</h1>
  <p>By Ada Quill</p>
  <p>A kettle &amp; its whistle tell you more than a thermometer &mdash; if you listen. Water at
  a rolling boil sounds <em>different</em> from water that is merely simmering.</p>
  <h2>The whistle</h2>
  <p>The pitch rises as <a href="https://steam.example/pressure">pressure</a> builds, and
  <strong>falls</strong> just before the boil.</p>
  <pre><code class="language-python">def boil(water):
    while water.temp &lt; 100:
        water.heat()</code></pre>
  <ul><li>Fill to the line.</li><li>Close the lid.</li></ul>
  <blockquote><p>Listen before you look.</p></blockquote>
  <table><thead><tr><th>State</th><th>Sound</th></tr></thead>
  <tbody><tr><td>Simmer</td><td>Hiss</td></tr><tr><td>Boil</td><td>Roar</td></tr></tbody></table>
  <figure><img src="k.png" alt="A kettle on a stove"><figcaption>Our test kettle.</figcaption></figure>
  <div class="share"><a href="/s1">Share</a> <a href="/s2">Tweet</a> <a href="/s3">Mail</a></div>
 </div>
 <aside><h3>Popular</h3><ul><li><a href="/p1">Older post SIDEWORD</a></li><li><a href="/p2">Another</a></li><li><a href="/p3">Third</a></li></ul></aside>
</div>
<footer><p>Copyright FOOTWORD</p></footer>
</body></html>"#;

fn text_of_all(segmented: &Segmented) -> String {
    segmented.articles.iter().map(article_text).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_blog_post_keeps_its_reading_and_drops_the_site() {
    let page = parse_page(BLOG, "fallback");
    assert_eq!(page.title, "Tuning the Kettle");
    let [post] = page.articles.as_slice() else { panic!("{:?}", page.articles) };
    assert_eq!(post.title, "Tuning the Kettle");
    assert_eq!(post.author.as_deref(), Some("Ada Quill"));
    assert_eq!(post.date.as_deref(), Some("2023-11-02"));
    assert_eq!(post.source.as_deref(), Some("https://steam.example/kettle"));
    let text = article_text(post);
    for word in
        ["SCRIPTWORD", "NAVWORD", "SIDEWORD", "FOOTWORD", "Archive", "Tweet", "Accept", "color:red"]
    {
        assert!(!text.contains(word), "{word} leaked: {text}");
    }
    assert!(
        text.contains("A kettle & its whistle tell you more than a thermometer — if you listen.")
    );
    assert!(text.contains("while water.temp < 100:\n        water.heat()"), "{text}");
    assert!(text.contains("[image: A kettle on a stove]"));
    assert!(!text.contains("&amp;") && !text.contains("&mdash;"));
    assert!(!text.contains("By Ada Quill"), "the byline is metadata: {text}");
}

#[test]
fn structure_maps_to_blocks() {
    let page = parse_page(BLOG, "fallback");
    let post = &page.articles[0];
    assert_eq!(post.sections[1].heading.as_deref(), Some("The whistle"));
    let blocks: Vec<&Block> = post.blocks().collect();
    assert!(
        blocks.iter().any(|b| matches!(b, Block::Code { lang: Some(l), .. } if &**l == "python"))
    );
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, Block::List(l) if l.items.len() == 2 && l.start.is_none()))
    );
    assert!(blocks.iter().any(|b| matches!(b, Block::Quote { .. })));
    assert!(
        blocks.iter().any(|b| matches!(b, Block::Table(t) if t.has_header && t.rows.len() == 3))
    );
    let link = blocks.iter().find_map(|b| match b {
        Block::Paragraph(inlines) => inlines.iter().find_map(|i| match i {
            Inline::Link { url, .. } => Some(url.clone()),
            _ => None,
        }),
        _ => None,
    });
    assert_eq!(link.as_deref(), Some("https://steam.example/pressure"));
}

/// Words of a text, lower case, punctuation trimmed.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn nearly_all_body_words_reach_the_text() {
    let body = "Quiet harbours keep their own calendars. The ferry leaves when the tide allows, \
        not when the timetable says, and everyone on the island has learned to read the water \
        before the clock. Fishermen mend nets on the quay while gulls argue over scraps.";
    let page = format!(
        "<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a><a href='/x'>X</a><a href='/y'>Y</a></nav>\
         <main><h1>Harbour</h1><p>{}</p><p>{}</p></main></body></html>",
        &body[..90],
        &body[90..]
    );
    let segmented = parse_page(&page, "f");
    let got = words(&text_of_all(&segmented));
    let want = words(body);
    let found = want.iter().filter(|w| got.contains(w)).count();
    assert!(found * 100 >= want.len() * 95, "{found}/{}", want.len());
    assert!(!got.contains(&"home".to_string()));
}

#[test]
fn several_articles_make_several_articles() {
    let page = "<html><head><title>Weekly Digest</title></head><body>\
        <article><h2>First light</h2><p class=by>By Mira Stone</p><time datetime='2024-05-01'>May 1</time>\
        <p>Dawn photographs need patience and a tripod, and more patience than that.</p></article>\
        <article><h2>Night trains</h2><a rel=author href='/u/t'>Tomas Berg</a>\
        <p>Sleeper carriages are coming back across the continent, slowly but surely, one route at a time.</p></article>\
        </body></html>";
    let segmented = parse_page(page, "f");
    assert_eq!(segmented.title, "Weekly Digest");
    let titles: Vec<&str> = segmented.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["First light", "Night trains"]);
    assert_eq!(segmented.articles[0].author.as_deref(), Some("Mira Stone"));
    assert_eq!(segmented.articles[0].date.as_deref(), Some("2024-05-01"));
    assert_eq!(segmented.articles[1].author.as_deref(), Some("Tomas Berg"));
}

#[test]
fn a_digest_of_headings_with_bylines_is_split() {
    let entry = |title: &str, by: &str| {
        format!(
            "<h2>{title}</h2><p><i>by {by}</i></p><p>Body of {title} with enough words to read well.</p>"
        )
    };
    let page = format!(
        "<html><body><div><p>This week in brief.</p>{}{}{}</div></body></html>",
        entry("Alpha", "Ann Lee"),
        entry("Beta", "Bo Ek"),
        entry("Gamma", "Cy Dao")
    );
    let segmented = parse_page(&page, "f");
    let titles: Vec<&str> = segmented.readable_titles();
    assert_eq!(titles, ["Alpha", "Beta", "Gamma"]);
    let authors: Vec<_> = segmented.articles.iter().filter_map(|a| a.author.as_deref()).collect();
    assert_eq!(authors, ["Ann Lee", "Bo Ek", "Cy Dao"]);
}

#[test]
fn headings_without_bylines_stay_sections() {
    // Near miss for the digest rule: headings followed by ordinary prose.
    let page = "<html><body><h1>Guide</h1><h2>One</h2><p>By the way, this is prose.</p>\
        <h2>Two</h2><p>More prose here.</p></body></html>";
    let segmented = parse_page(page, "f");
    assert_eq!(segmented.articles.len(), 1);
    assert_eq!(segmented.articles[0].title, "Guide");
    assert_eq!(segmented.articles[0].sections.len(), 2);
}

impl Segmented {
    fn readable_titles(&self) -> Vec<&str> {
        self.articles.iter().filter(|a| a.kind.is_readable()).map(|a| a.title.as_str()).collect()
    }
}

#[test]
fn link_lists_with_long_titles_and_paragraph_links_are_kept() {
    // Near misses for the link-heavy rule.
    let page = "<html><body><main><p>See <a href='/a'>this</a> and <a href='/b'>that</a> and <a href='/c'>more</a>.</p>\
        <ul><li><a href='/r1'>A long reference title about harbour tides and their calendars</a></li>\
        <li><a href='/r2'>Another long reference title about ferries and their timetables</a></li>\
        <li><a href='/r3'>A third long reference title about gulls and their arguments</a></li></ul></main></body></html>";
    let text = text_of_all(&parse_page(page, "f"));
    assert!(text.contains("See this and that and more."));
    assert!(text.contains("gulls and their arguments"));
}

#[test]
fn hostile_markup_is_neutralised() {
    let page = "<html><body><p>a&#27;[31mred&#x9b;2J b\u{1b}]0;x</p><script>alert(1)</script></body></html>";
    let text = text_of_all(&parse_page(page, "f"));
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    assert!(!text.contains("alert"));
}

#[test]
fn deep_nesting_neither_overflows_nor_loses_text() {
    let depth = 20_000;
    let page = format!(
        "<html><body>{}deep words{}<blockquote>{}quoted{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth),
        "<blockquote><ul><li>".repeat(300),
        "</li></ul></blockquote>".repeat(300)
    );
    let segmented = parse_page(&page, "f");
    let text = text_of_all(&segmented);
    assert!(text.contains("deep words") && text.contains("quoted"), "{text}");
    let inline = format!("<p>{}tiny{}</p>", "<b><i>".repeat(5_000), "</i></b>".repeat(5_000));
    assert!(text_of_all(&parse_page(&inline, "f")).contains("tiny"));
}

#[test]
fn a_bare_fragment_is_one_article_titled_by_its_heading() {
    let segmented = parse_page("<h2>Note</h2><p>Only a fragment.</p>", "Fallback Name");
    assert_eq!(segmented.title, "Note");
    assert_eq!(text_of_all(&segmented), "Only a fragment.");
    let untitled = parse_page("<p>No heading at all.</p>", "Fallback Name");
    assert_eq!(untitled.title, "Fallback Name");
}

#[test]
fn banners_go_but_code_with_a_copy_button_stays() {
    let page = "<html><body><div><p>We use cookies to count visits.</p><button>OK</button></div>\
        <main><h1>Shell tips</h1><p>Pipes connect small programs into larger tools that do real work.</p>\
        <div><button>Copy</button><pre>ls | wc -l</pre></div></main></body></html>";
    let text = text_of_all(&parse_page(page, "f"));
    assert!(!text.contains("cookies"), "{text}");
    assert!(text.contains("ls | wc -l"), "{text}");
}

#[test]
fn a_page_without_landmarks_steps_into_its_text() {
    // No article, no main: the reading is the block holding the paragraphs.
    let para =
        "<p>Lanterns were lit along the canal each evening by a keeper with a long pole.</p>";
    let page = format!(
        "<html><body><div id=top><span>Menu</span> <span>Search</span></div>\
         <div id=body><div id=inner>{}</div></div><div id=end><span>Legal words</span></div></body></html>",
        para.repeat(5)
    );
    let text = text_of_all(&parse_page(&page, "f"));
    assert!(
        text.starts_with("Lanterns") && !text.contains("Menu") && !text.contains("Legal"),
        "{text}"
    );
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Shuffled `<article>`s, whatever the separators between them,
        /// come out in page order.
        #[test]
        fn articles_follow_the_page_order(
            order in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(),
            separator in prop::sample::select(vec!["", "<hr>", "\n\n", "<div></div>"]),
        ) {
            let body: Vec<String> = order
                .iter()
                .map(|n| format!("<article><h2>Story {n}</h2><p>Story {n} has a body long enough to count as an article of its own, with a second clause for length.</p></article>"))
                .collect();
            let page = format!("<html><body>{}</body></html>", body.join(separator));
            let segmented = parse_page(&page, "f");
            let want: Vec<String> = order.iter().map(|n| format!("Story {n}")).collect();
            let got: Vec<String> = segmented.articles.iter().map(|a| a.title.clone()).collect();
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn email_layout_tables_are_read_as_text_and_data_tables_stay_tables() {
    let email = "<html><body><table width='100%'><tr><td><table><tr><td>\
        <h1>Monthly Letter</h1><p>Dear reader, the orchard flowered early this year.</p>\
        <p>We picked the first cherries in May.</p></td></tr></table></td></tr></table></body></html>";
    let segmented = parse_page(email, "f");
    assert_eq!(segmented.title, "Monthly Letter");
    let blocks: Vec<&Block> = segmented.articles[0].blocks().collect();
    assert!(blocks.iter().all(|b| matches!(b, Block::Paragraph(_))), "{blocks:?}");
    assert_eq!(blocks.len(), 2);
    // Near miss: a grid of words is data.
    let data = "<table><tr><th>Fruit</th><th>Month</th></tr><tr><td>Cherry</td><td><b>May</b></td></tr></table>";
    let segmented = parse_page(data, "f");
    assert!(
        matches!(segmented.articles[0].blocks().next(), Some(Block::Table(t)) if t.rows.len() == 2)
    );
}
