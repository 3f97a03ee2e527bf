//! The highlight export: the Markdown format (snapshot), stability, reading
//! order, YAML and block-id safety, sections and percent, the JSON shape.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_support;

use export_support::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quire::export::{self, Format, resolve};
use quire::model::highlight::Highlight;
use quire::model::text::article_text;

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

#[test]
fn highlights_follow_edited_text_and_detach_when_it_is_gone() {
    let doc = fixture();
    let highlights = fixture_highlights(&doc);
    let mut edited = doc.clone();
    // A new opening paragraph shifts every offset; a rewritten section
    // loses its highlight. The blocks are edited without `refresh`, so the
    // article keeps the id its highlights were made with.
    edited.articles[0].sections[0]
        .blocks
        .insert(0, para("An editor's note opens the article now."));
    edited.articles[0].sections[2].blocks = vec![para("This part was rewritten completely.")];
    let resolved = resolve(&edited, &highlights);
    let placed: Vec<(&str, &str)> =
        resolved.placed.iter().map(|e| (e.highlight.id.as_str(), e.text.as_str())).collect();
    assert_eq!(
        placed,
        [
            ("h1", "without a garbage collector"),
            ("h2", "exactly one owner at a time.\n\nWhen the owner goes out of scope"),
            ("h4", "Futures do nothing"),
        ]
    );
    let detached: Vec<&str> = resolved.detached.iter().map(|e| e.highlight.id.as_str()).collect();
    // Detached ones keep their article, ordered by stored position.
    assert_eq!(detached, ["h8", "h3", "h9"]);
    assert_eq!(resolved.detached[1].text, "use a value without taking *ownership*");
}
