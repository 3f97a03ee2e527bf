//! The highlight export: the Markdown format (snapshot), stability, reading
//! order, YAML and block-id safety, exact escaping (property test, parsed
//! back with pulldown-cmark), the JSON shape, and the `quire export` CLI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::process::{Command, Output};

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use quire::export::{self, Format, resolve};
use quire::model::anchor::{Anchor, TextPosition, TextQuote, anchor_for};
use quire::model::highlight::Highlight;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, ContentId, Document, Inline, Section};

const EXPORTED: u64 = 1_714_564_800_000; // 2024-05-01T12:00:00Z

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::text(text)])
}

fn section(heading: Option<&str>, blocks: Vec<Block>) -> Section {
    Section { heading: heading.map(str::to_string), level: 2, blocks }
}

fn article(title: &str, author: Option<&str>, sections: Vec<Section>) -> Article {
    let mut article = Article::new(title.into(), ArticleKind::Article, sections);
    article.author = author.map(str::to_string);
    article
}

fn document(title: &str, articles: Vec<Article>) -> Document {
    Document {
        id: ContentId::of(&[title.as_bytes()]),
        origin: "emags/issue-7.md".into(),
        title: title.into(),
        format: quire::model::Format::Markdown,
        articles,
        warnings: Vec::new(),
    }
}

fn fixture() -> Document {
    let first = article(
        "Ownership, Explained",
        Some("Jane Doe"),
        vec![
            section(None, vec![para("Rust manages memory without a garbage collector.")]),
            section(
                Some("Moves"),
                vec![
                    para("Every value has exactly one owner at a time."),
                    para("When the owner goes out of scope, the value is dropped."),
                ],
            ),
            section(
                Some("Borrowing"),
                vec![para("References let you use a value without taking *ownership* of it.")],
            ),
        ],
    );
    let ad = Article::new(
        "Buy our conference tickets".into(),
        ArticleKind::Ad,
        vec![section(None, vec![para("Early bird prices end soon.")])],
    );
    let second = article(
        "Async in Practice",
        None,
        vec![section(None, vec![para("Futures do nothing unless they are polled.")])],
    );
    document("Rust Monthly: Issue #7", vec![first, ad, second])
}

/// A highlight on the first occurrence of `needle` in `article`.
fn highlight(
    id: &str,
    article: &Article,
    needle: &str,
    colour: &str,
    note: Option<&str>,
) -> Highlight {
    let text = article_text(article);
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    let start = text[..byte].chars().count();
    let end = start + needle.chars().count();
    Highlight {
        id: id.into(),
        article_id: article.id.to_string(),
        anchor: anchor_for(&text, start, end),
        colour: colour.into(),
        note: note.map(str::to_string),
        created: 1_700_000_000_000,
        updated: 1_700_000_000_000,
    }
}

fn detached(id: &str, article_id: &str, exact: &str) -> Highlight {
    Highlight {
        id: id.into(),
        article_id: article_id.into(),
        anchor: Anchor {
            quote: TextQuote { exact: exact.into(), prefix: String::new(), suffix: String::new() },
            position: TextPosition { start: 5, end: 5 + exact.chars().count() },
        },
        colour: "red".into(),
        note: Some("I wonder where this went.".into()),
        created: 1_700_000_000_000,
        updated: 1_700_000_000_000,
    }
}

/// Out of reading order on purpose.
fn fixture_highlights(doc: &Document) -> Vec<Highlight> {
    let (first, second) = (&doc.articles[0], &doc.articles[2]);
    vec![
        highlight("h4", second, "Futures do nothing", "yellow", None),
        highlight(
            "h3",
            first,
            "use a value without taking *ownership*",
            "Light Green",
            Some("Compare with C++ references.\n\nSee also: [[Borrowing]]."),
        ),
        detached("h9", "0123456789abcdef", "A paragraph the editors removed."),
        highlight("h1", first, "without a garbage collector", "yellow", None),
        highlight(
            "h2",
            first,
            "exactly one owner at a time.\n\nWhen the owner goes out of scope",
            "blue",
            Some("The key idea."),
        ),
        detached("h8", &first.id.to_string(), "A sentence rewritten beyond recognition."),
    ]
}

fn markdown(doc: &Document, highlights: &[Highlight], exported: u64) -> String {
    export::export(doc, highlights, Format::Markdown, exported)
}

#[test]
fn full_export_snapshot() {
    let doc = fixture();
    insta::assert_snapshot!(markdown(&doc, &fixture_highlights(&doc), EXPORTED));
}

fn without_exported(text: &str) -> String {
    text.lines().filter(|l| !l.starts_with("exported: ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn re_export_is_byte_identical_apart_from_the_time() {
    let doc = fixture();
    let highlights = fixture_highlights(&doc);
    let mut shuffled = highlights.clone();
    shuffled.reverse();
    let a = markdown(&doc, &highlights, EXPORTED);
    let b = markdown(&doc, &shuffled, EXPORTED + 86_400_000);
    assert_ne!(a, b);
    assert_eq!(without_exported(&a), without_exported(&b));
    assert_eq!(a, markdown(&doc, &shuffled, EXPORTED));
    let json = |h: &[Highlight], t| export::export(&doc, h, Format::Json, t);
    assert_eq!(json(&highlights, EXPORTED), json(&shuffled, EXPORTED));
}

#[test]
fn highlights_come_in_reading_order_and_detached_last() {
    let doc = fixture();
    let md = markdown(&doc, &fixture_highlights(&doc), EXPORTED);
    let ids: Vec<&str> =
        md.lines().filter_map(|l| l.rsplit_once(" ^quire-").map(|(_, id)| id)).collect();
    assert_eq!(ids, ["h1", "h2", "h3", "h4", "h8", "h9"]);
    let detached_at = md.find("\n## Detached highlights\n").unwrap();
    assert!(md.find("^quire-h4").unwrap() < detached_at);
    assert!(md.find("^quire-h8").unwrap() > detached_at);
}

#[test]
fn front_matter_is_safe_yaml_for_hostile_titles() {
    let title = "Rust: \"The Good Parts\" #7 - [draft]\n---\nkey: value \\ end";
    let mut doc = fixture();
    doc.title = title.into();
    doc.origin = "- emags/odd: name.md".into();
    doc.articles[0].author = Some("O'Brien: \"Ed\" # one".into());
    let md = markdown(&doc, &fixture_highlights(&doc), EXPORTED);
    let front: Vec<&str> = md.lines().skip(1).take_while(|l| *l != "---").collect();
    let keys: Vec<&str> = front.iter().map(|l| l.split_once(": ").unwrap().0).collect();
    assert_eq!(keys, ["title", "author", "source", "quire_id", "exported", "highlights", "tags"]);
    let value = |key: &str| -> serde_json::Value {
        let line = front.iter().find(|l| l.starts_with(&format!("{key}: "))).unwrap();
        serde_json::from_str(&line[key.len() + 2..]).unwrap()
    };
    assert_eq!(value("title"), title);
    assert_eq!(value("source"), "- emags/odd: name.md");
    assert_eq!(value("author")[0], "O'Brien: \"Ed\" # one");
    assert_eq!(value("quire_id"), doc.id.to_string());
    assert_eq!(value("exported"), "2024-05-01T12:00:00Z");
    assert_eq!(value("highlights"), 6);
    assert_eq!(
        value("tags"),
        serde_json::json!([
            "quire",
            "highlight/blue",
            "highlight/light-green",
            "highlight/red",
            "highlight/yellow"
        ])
    );
    // The heading is one line, and parses back to the title's words.
    let heading = heading_text(&md);
    assert_eq!(heading, title.split_whitespace().collect::<Vec<_>>().join(" "));
}

fn heading_text(md: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => return text,
            Event::Text(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    text
}

#[test]
fn block_ids_follow_obsidian_rules_and_are_unique() {
    let doc = fixture();
    let a = &doc.articles[0];
    let highlights = vec![
        highlight("id with spaces/ü", a, "Rust manages", "yellow", None),
        highlight("id_with_underscore", a, "memory", "yellow", None),
        highlight("id.with.underscore", a, "garbage", "yellow", None),
        highlight("dup", a, "Every value", "yellow", None),
        highlight("dup", a, "exactly one", "yellow", None),
    ];
    let md = markdown(&doc, &highlights, EXPORTED);
    let ids: Vec<&str> = md.lines().filter_map(|l| l.rsplit_once(" ^").map(|(_, id)| id)).collect();
    assert_eq!(ids.len(), 5);
    for id in &ids {
        assert!(id.starts_with("quire-"), "{id}");
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{id}");
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(ids.contains(&"quire-dup") && ids.contains(&"quire-dup-2"), "{ids:?}");
}

#[test]
fn json_export_has_the_documented_shape() {
    let doc = fixture();
    let json: serde_json::Value = serde_json::from_str(&export::export(
        &doc,
        &fixture_highlights(&doc),
        Format::Json,
        EXPORTED,
    ))
    .unwrap();
    assert_eq!(json["format"], "quire-highlights");
    assert_eq!(json["version"], 1);
    assert_eq!(json["exported"], "2024-05-01T12:00:00Z");
    let d = &json["documents"][0];
    assert_eq!(d["id"], doc.id.to_string());
    assert_eq!(d["title"], "Rust Monthly: Issue #7");
    assert_eq!(d["authors"], serde_json::json!(["Jane Doe"]));
    let articles: Vec<&str> =
        d["articles"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(articles, ["Ownership, Explained", "Async in Practice"]);
    let hs = d["highlights"].as_array().unwrap();
    let ids: Vec<&str> = hs.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["h1", "h2", "h3", "h4", "h8", "h9"]);
    let h2 = &hs[1];
    assert_eq!(h2["text"], "exactly one owner at a time.\n\nWhen the owner goes out of scope");
    assert_eq!(h2["article"], "Ownership, Explained");
    assert_eq!(h2["section"], "Moves");
    assert_eq!(h2["note"], "The key idea.");
    assert_eq!(h2["colour"], "blue");
    assert_eq!(h2["tag"], "highlight/blue");
    assert_eq!(h2["block_id"], "quire-h2");
    assert_eq!(h2["detached"], false);
    let text = article_text(&doc.articles[0]);
    let start = h2["start"].as_u64().unwrap() as usize;
    let end = h2["end"].as_u64().unwrap() as usize;
    let slice: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(h2["text"], slice);
    assert_eq!(h2["percent"], (start * 100 / text.chars().count()) as u64);
    let h9 = &hs[5];
    assert_eq!(h9["detached"], true);
    assert_eq!(h9["article"], serde_json::Value::Null);
    assert_eq!(h9["start"], serde_json::Value::Null);
    assert_eq!(h9["text"], "A paragraph the editors removed.");
    assert_eq!(hs[4]["article"], "Ownership, Explained");
}

#[test]
fn sections_and_percent_follow_the_article_text() {
    let doc = fixture();
    let resolved_highlights = fixture_highlights(&doc);
    let resolved = resolve(&doc, &resolved_highlights);
    let places: Vec<(&str, Option<&str>, u8)> = resolved
        .placed
        .iter()
        .map(|e| {
            let p = e.place.unwrap();
            (e.highlight.id.as_str(), p.heading, p.percent)
        })
        .collect();
    let text = article_text(&doc.articles[0]);
    let len = text.chars().count();
    let pct = |needle: &str| (text[..text.find(needle).unwrap()].chars().count() * 100 / len) as u8;
    assert_eq!(
        places,
        [
            ("h1", None, pct("without a garbage")),
            ("h2", Some("Moves"), pct("exactly one owner")),
            ("h3", Some("Borrowing"), pct("use a value")),
            ("h4", None, 0),
        ]
    );
    assert_eq!(resolved.detached.len(), 2);
}

// ---- Exact escaping, checked by parsing the export back ----

/// Every pulldown-cmark extension except smart punctuation, which rewrites
/// quotes and dashes by design.
fn options() -> Options {
    Options::all() - Options::ENABLE_SMART_PUNCTUATION
}

#[derive(Debug, PartialEq)]
enum Kind {
    Quote,
    Para,
    Heading,
    Meta,
}

/// The top-level blocks and their text: Text events, hard breaks as `\n`,
/// paragraphs inside a blockquote separated by `\n\n`. Any other event
/// (emphasis, code, links, HTML, lists, nested quotes, rules, ...) means the
/// escaping let markup through, and is an error.
fn blocks(md: &str, opts: Options) -> Result<Vec<(Kind, String)>, String> {
    let mut out: Vec<(Kind, String)> = Vec::new();
    let mut depth = 0usize;
    let mut paras = 0;
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Start(tag) if depth == 0 => {
                let kind = match tag {
                    Tag::BlockQuote(None) => Kind::Quote,
                    Tag::Paragraph => Kind::Para,
                    Tag::Heading { .. } => Kind::Heading,
                    Tag::MetadataBlock(_) => Kind::Meta,
                    other => return Err(format!("unexpected block {other:?}")),
                };
                out.push((kind, String::new()));
                paras = 0;
                depth += 1;
            }
            Event::Start(Tag::Paragraph)
                if depth == 1 && out.last().is_some_and(|b| b.0 == Kind::Quote) =>
            {
                if paras > 0 {
                    out.last_mut().unwrap().1.push_str("\n\n");
                }
                paras += 1;
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => out.last_mut().unwrap().1.push_str(&t),
            Event::HardBreak => out.last_mut().unwrap().1.push('\n'),
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    Ok(out)
}

/// The quote and the note (empty if none) of the one highlight in `md`.
fn quote_and_note(md: &str, opts: Options) -> Result<(String, String), String> {
    // Plain CommonMark has no front matter: parse the body alone.
    let body = if opts.contains(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        md
    } else {
        md.split_once("\n---\n").ok_or("no front matter")?.1
    };
    let blocks = blocks(body, opts)?;
    let q = blocks.iter().position(|b| b.0 == Kind::Quote).ok_or("no blockquote")?;
    let rest = &blocks[q + 1..];
    if rest.is_empty() || rest.iter().any(|b| b.0 != Kind::Para) {
        return Err(format!("expected note and location paragraphs, got {rest:?}"));
    }
    let note: Vec<&str> = rest[..rest.len() - 1].iter().map(|b| b.1.as_str()).collect();
    Ok((blocks[q].1.clone(), note.join("\n\n")))
}

/// What CommonMark can say: everything but U+0000.
fn representable(text: &str) -> String {
    text.replace('\0', "\u{fffd}")
}

fn one_highlight(text: &str, note: &str, title: &str) -> String {
    let mut doc = document(title, vec![article("A", None, vec![section(None, vec![para(text)])])]);
    doc.title = title.into();
    let a = &doc.articles[0];
    let full = article_text(a);
    let h = Highlight {
        id: "p1".into(),
        article_id: a.id.to_string(),
        anchor: anchor_for(&full, 0, full.chars().count()),
        colour: "yellow".into(),
        note: Some(note.into()),
        created: 0,
        updated: 0,
    };
    markdown(&doc, &[h], EXPORTED)
}

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        3 => prop::sample::select(vec!['\n', ' ', '\t', '#', '*', '_', '`', '\\', '-', '=', '1', '.', '>', '<', '[', ']', '|', '&', '!', '~', '$', '^', '%', ':', '+', ')']),
        1 => prop::sample::select(vec!['\r', '\0', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{2028}', '\u{3000}', '\u{feff}', '\u{200b}', 'é', '日', '🦀']),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any highlighted text and note parse back to themselves, with plain
    /// CommonMark and with every extension (but smart punctuation).
    #[test]
    fn escaped_text_parses_back_exactly(text in tricky_string(), note in tricky_string()) {
        let md = one_highlight(&text, &note, "T");
        let want_note = if note.trim().is_empty() { String::new() } else { representable(&note) };
        for opts in [Options::empty(), options()] {
            let (quote, got_note) = quote_and_note(&md, opts)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{md}")))?;
            prop_assert_eq!(&quote, &representable(&text), "{}", md);
            prop_assert_eq!(&got_note, &want_note, "{}", md);
        }
    }

    /// Titles become one-line headings that read back as their words.
    #[test]
    fn titles_parse_back_as_headings(title in tricky_string()) {
        let md = one_highlight("x", "", &title);
        let words = representable(&title).split_whitespace().collect::<Vec<_>>().join(" ");
        let blocks = blocks(&md, options()).map_err(|e| TestCaseError::fail(format!("{e}\n{md}")))?;
        let heading = blocks.iter().find(|b| b.0 == Kind::Heading).map(|b| b.1.clone());
        prop_assert_eq!(heading.unwrap_or_default(), words, "{}", md);
    }
}

#[test]
fn known_hard_cases_parse_back_exactly() {
    let cases = [
        "  indented code",
        "trailing spaces  ",
        "1. not a list",
        "2) nor this",
        "- item\n+ item\n* item",
        "# heading\n## again",
        "> quote",
        "Title\n===",
        "Title\n---",
        "***",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "<div>html</div>",
        "<https://example.com>",
        "&amp; &#65; &copy",
        "`code` ``more``",
        "[link](url) ![img](src) [[wiki]] [^1]",
        "~~strike~~ ~sub~ ^sup^ $x^2$ ==mark== %%comment%%",
        "line\\\nbreak\\",
        "a\n\n\nb\n",
        "\n\nleading",
        "tabs\tin\tcells",
        ": definition",
        "#tag and ^block-id",
        "日本語のテキスト 🦀",
    ];
    for text in cases {
        let md = one_highlight(text, text, "T");
        for opts in [Options::empty(), options()] {
            let (quote, note) = quote_and_note(&md, opts).unwrap_or_else(|e| panic!("{e}\n{md}"));
            assert_eq!(quote, text, "{md}");
            assert_eq!(note, text, "{md}");
        }
    }
}

// ---- `quire export` through the built binary ----

const ISSUE: &str = "---\ntitle: \"Issue 7: Ownership\"\n---\n\n\
# Moves and borrows\n\nBy Jane Doe\n\n\
Every value has exactly one owner at a time.\n\n\
## Borrowing\n\nReferences let you use a value without taking ownership of it.\n\n\
# Async in practice\n\nFutures do nothing unless they are polled.\n";

const OTHER: &str = "# Other issue\n\nNothing highlighted here, but it is loaded.\n";

fn quire<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_quire")).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Two files and a highlights file for the first, as the store would hold.
struct Setup {
    dir: tempfile::TempDir,
    issue: std::path::PathBuf,
    other: std::path::PathBuf,
    highlights: std::path::PathBuf,
    hs: Vec<Highlight>,
    doc: Document,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("issue.md");
    let other = dir.path().join("other.md");
    fs::write(&issue, ISSUE).unwrap();
    fs::write(&other, OTHER).unwrap();
    let doc = quire::model::loader::load("issue.md", ISSUE.as_bytes()).unwrap();
    let first = doc.articles.iter().find(|a| a.title == "Moves and borrows").unwrap();
    let second = doc.articles.iter().find(|a| a.title == "Async in practice").unwrap();
    let hs = vec![
        highlight("b", second, "Futures do nothing", "yellow", None),
        highlight("a", first, "use a value without taking ownership", "blue", Some("Note *this*.")),
    ];
    let map: HashMap<String, Vec<Highlight>> = HashMap::from([(doc.id.to_string(), hs.clone())]);
    let highlights = dir.path().join("highlights.json");
    fs::write(&highlights, serde_json::to_string(&map).unwrap()).unwrap();
    Setup { dir, issue, other, highlights, hs, doc }
}

#[test]
fn cli_exports_one_document_to_stdout() {
    let s = setup();
    let hl = s.highlights.as_os_str();
    let out = quire([
        OsStr::new("export"),
        s.issue.as_os_str(),
        OsStr::new("--highlights"),
        hl,
        OsStr::new("--now"),
        OsStr::new("0"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    let loaded = quire::model::loader::load(&s.issue.to_string_lossy(), ISSUE.as_bytes()).unwrap();
    let want = markdown(&loaded, &s.hs, 0);
    assert_eq!(md, want);
    assert!(md.contains("exported: \"1970-01-01T00:00:00Z\""), "{md}");
    assert!(md.contains("\n# Issue 7: Ownership\n"), "{md}");
    assert!(md.contains("\n## Moves and borrows\n\nby Jane Doe\n\n### Borrowing\n"), "{md}");
    assert!(md.contains("\nNote \\*this\\*.\n"), "{md}");
    assert!(md.find("^quire-a").unwrap() < md.find("^quire-b").unwrap(), "{md}");
}

#[test]
fn cli_exports_json_and_all_filters_to_highlighted_documents() {
    let s = setup();
    let hl = s.highlights.as_os_str();
    let args = |extra: &[&str]| {
        let mut v: Vec<&OsStr> =
            vec![OsStr::new("export"), s.issue.as_os_str(), s.other.as_os_str()];
        v.extend([OsStr::new("--highlights"), hl]);
        v.extend(extra.iter().map(OsStr::new));
        quire(v)
    };
    let out = args(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
    let out = args(&["--format", "json", "--all"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], s.doc.id.to_string());
    let texts: Vec<&str> = docs[0]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["use a value without taking ownership", "Futures do nothing"]);
}

#[test]
fn cli_writes_one_file_per_document_into_a_directory() {
    let s = setup();
    let dir = s.dir.path().join("vault/");
    let out = quire([
        OsStr::new("export"),
        s.issue.as_os_str(),
        s.other.as_os_str(),
        OsStr::new("--highlights"),
        s.highlights.as_os_str(),
        OsStr::new("--output"),
        dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Issue 7 Ownership.md", "Other issue.md"]);
    let issue = fs::read_to_string(dir.join("Issue 7 Ownership.md")).unwrap();
    assert!(issue.contains("highlights: 2\n") && issue.contains("^quire-a\n"), "{issue}");
    let other = fs::read_to_string(dir.join("Other issue.md")).unwrap();
    assert!(other.contains("highlights: 0\n"), "{other}");
}

#[test]
fn cli_output_file_takes_one_document() {
    let s = setup();
    let file = s.dir.path().join("out.md");
    let run = |paths: &[&OsStr]| {
        let mut v: Vec<&OsStr> = vec![OsStr::new("export")];
        v.extend(paths);
        v.extend([
            OsStr::new("--highlights"),
            s.highlights.as_os_str(),
            OsStr::new("-o"),
            file.as_os_str(),
        ]);
        quire(v)
    };
    let out = run(&[s.issue.as_os_str(), s.other.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--output needs a directory"), "{}", stderr(&out));
    assert!(!file.exists());
    let out = run(&[s.issue.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(&file).unwrap().contains("^quire-b\n"));
}

#[test]
fn cli_reports_bad_highlight_files_and_missing_paths() {
    let s = setup();
    fs::write(&s.highlights, "{not json").unwrap();
    let out = quire([
        OsStr::new("export"),
        s.issue.as_os_str(),
        OsStr::new("--highlights"),
        s.highlights.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("quire: "), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let out = quire(["export"]);
    assert_eq!(out.status.code(), Some(2));
}
