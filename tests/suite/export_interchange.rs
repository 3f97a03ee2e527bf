//! The Kindle and Readwise exports, read back by strict parsers written
//! from the formats as the README states them: every highlight and note
//! comes back exactly, with commas, quotes, newlines, `=` lines and
//! non-ASCII text; dates are the highlight's own; re-export is
//! byte-identical.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_support;

use export_support::interchange::{Clip, Row, parse_kindle, parse_readwise};
use export_support::*;
use proptest::prelude::*;
use quire::export::{self, Format, resolve};
use quire::model::highlight::Highlight;
use quire::model::{Article, ArticleKind, Document};

fn kindle(doc: &Document, highlights: &[Highlight]) -> String {
    export::export(doc, highlights, Format::Kindle, EXPORTED)
}

fn readwise(doc: &Document, highlights: &[Highlight]) -> String {
    export::export(doc, highlights, Format::Readwise, EXPORTED)
}

/// What the export was given, in its order: text, note, article author.
fn expected(doc: &Document, highlights: &[Highlight]) -> Vec<(String, Option<String>, i64)> {
    resolve(doc, highlights)
        .entries()
        .map(|e| {
            let note = e.highlight.note.clone().filter(|n| !n.trim().is_empty());
            (e.text.clone(), note, (e.highlight.created / 1000) as i64)
        })
        .collect()
}

/// Checks the Kindle clippings against the highlights: each highlight's
/// text and time, its note right after it at its last location.
fn check_kindle(doc: &Document, highlights: &[Highlight]) -> Result<Vec<Clip>, String> {
    let clips = parse_kindle(&kindle(doc, highlights))?;
    let mut k = 0;
    for (text, note, created) in expected(doc, highlights) {
        let clip = clips.get(k).ok_or("too few clippings")?;
        if clip.note || clip.text != text || clip.added != created {
            return Err(format!("{clip:?} is not {text:?} at {created}"));
        }
        k += 1;
        if let Some(note) = note {
            let n = clips.get(k).ok_or("note missing")?;
            let same = n.note && n.first == clip.last && n.heading == clip.heading;
            if !same || n.text != note || n.added != created {
                return Err(format!("{n:?} is not the note {note:?} of {clip:?}"));
            }
            k += 1;
        }
    }
    if k != clips.len() {
        return Err(format!("{} clippings, {k} expected", clips.len()));
    }
    Ok(clips)
}

fn check_readwise(doc: &Document, highlights: &[Highlight]) -> Result<Vec<Row>, String> {
    let rows = parse_readwise(&readwise(doc, highlights))?;
    let expected = expected(doc, highlights);
    if rows.len() != expected.len() {
        return Err(format!("{} rows, {} expected", rows.len(), expected.len()));
    }
    for (row, (text, _, _)) in rows.iter().zip(&expected) {
        if row.highlight != *text || row.title != doc.title {
            return Err(format!("{row:?} is not {text:?}"));
        }
    }
    Ok(rows)
}

#[test]
fn the_fixture_reads_back_from_both_formats() {
    let doc = fixture();
    let highlights = fixture_highlights(&doc);
    let clips = check_kindle(&doc, &highlights).unwrap();
    assert_eq!(clips[0].heading, "Rust Monthly: Issue #7 (Jane Doe)");
    let async_clip = clips.iter().find(|c| c.text == "Futures do nothing").unwrap();
    assert_eq!(async_clip.heading, "Rust Monthly: Issue #7", "no author, no parentheses");
    // Placed highlights in reading order; detached ones (last) where they were.
    let placed: Vec<usize> = clips.iter().take(6).map(|c| c.first).collect();
    assert!(placed.windows(2).all(|w| w[0] <= w[1]), "{placed:?}");
    assert!(clips[clips.len() - 4].text.starts_with("A sentence rewritten"), "{clips:?}");
    let rows = check_readwise(&doc, &highlights).unwrap();
    assert_eq!(rows[0].author, "Jane Doe");
    assert_eq!(rows[0].date, "2023-11-14 22:13:20");
    let noted = rows.iter().find(|r| r.note == "The key idea.").unwrap();
    assert!(noted.highlight.contains("\n\n"), "multi-line text kept: {noted:?}");
}

#[test]
fn hostile_text_and_notes_come_back_exactly() {
    let texts = [
        "Commas, \"quotes\", and 'apostrophes'",
        "first line\n==========\nlast line",
        "===========\n=\n==========",
        "Ünïcödé — 日本語のテキスト, emoji 🦀",
        "trailing CR\r\nand tabs\there",
        "  leading and trailing spaces  ",
    ];
    let sections = texts.iter().map(|t| section(None, vec![para(t)])).collect();
    let mut a = article("Hostile, \"Quoted\" Title", Some("Zoë O'Brien, Jr."), sections);
    a.source = Some("https://example.org/hostile?x=1,2".into());
    let doc = document("Issue: 日本 \"7\"", vec![a]);
    let a = &doc.articles[0];
    let highlights: Vec<Highlight> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let note = ["note, with \"quotes\"\n==========\nand a line", "é\r\n\n"][i % 2];
            highlight(&format!("h{i}"), a, t, "yellow", Some(note))
        })
        .collect();
    check_kindle(&doc, &highlights).unwrap();
    let rows = check_readwise(&doc, &highlights).unwrap();
    assert!(rows.iter().all(|r| r.url == "https://example.org/hostile?x=1,2"));
    assert!(rows.iter().all(|r| r.author == "Zoë O'Brien, Jr."));
    let notes: Vec<&str> = rows.iter().map(|r| r.note.as_str()).collect();
    assert_eq!(notes[0], "note, with \"quotes\"\n==========\nand a line");
    assert_eq!(notes[1], "é\r\n\n");
}

#[test]
fn a_source_that_is_not_a_link_leaves_the_url_empty() {
    let mut doc = fixture();
    doc.articles[0].source = Some("Originally in Example Weekly, May 2024".into());
    let rows = check_readwise(&doc, &fixture_highlights(&doc)).unwrap();
    assert!(rows.iter().all(|r| r.url.is_empty()));
}

#[test]
fn re_export_is_byte_identical_whatever_the_order_or_clock() {
    let doc = fixture();
    let highlights = fixture_highlights(&doc);
    let mut shuffled = highlights.clone();
    shuffled.reverse();
    for format in [Format::Kindle, Format::Readwise] {
        let a = export::export(&doc, &highlights, format, EXPORTED);
        let b = export::export(&doc, &shuffled, format, EXPORTED + 86_400_000);
        assert_eq!(a.as_bytes(), b.as_bytes(), "{format:?}");
    }
}

#[test]
fn locations_follow_the_document_text() {
    let long = "word ".repeat(100);
    let first = article("One", None, vec![section(None, vec![para(&long)])]);
    let ad = Article::new("Ad".into(), ArticleKind::Ad, vec![section(None, vec![para(&long)])]);
    let doc = document(
        "Doc",
        vec![
            first,
            ad.clone(),
            article("Two", None, vec![section(None, vec![para("The end here.")])]),
        ],
    );
    let h = [
        highlight("a", &doc.articles[0], "word word", "yellow", None),
        highlight("b", &doc.articles[2], "end", "yellow", None),
    ];
    let clips = check_kindle(&doc, &h).unwrap();
    // 500 chars + 2, 500 + 2, then "The " : 1008 → location 7.
    assert_eq!((clips[0].first, clips[0].last), (1, 1));
    assert_eq!((clips[1].first, clips[1].last), (7, 7));
    let rows = check_readwise(&doc, &h).unwrap();
    assert_eq!((rows[0].location, rows[1].location), (1, 7));
}

#[test]
fn several_documents_share_one_file_with_one_bom_and_one_header() {
    let doc = fixture();
    let other = document(
        "Another Issue",
        vec![article("X", None, vec![section(None, vec![para("Some other words.")])])],
    );
    let h1 = fixture_highlights(&doc);
    let h2 = vec![highlight("o1", &other.articles[0], "other words", "yellow", None)];
    let resolved = vec![resolve(&doc, &h1), resolve(&other, &h2)];
    let kindle = export::render(&resolved, Format::Kindle, EXPORTED);
    assert_eq!(kindle.matches('\u{feff}').count(), 1);
    let clips = parse_kindle(&kindle).unwrap();
    assert_eq!(clips.last().unwrap().heading, "Another Issue");
    let rows = parse_readwise(&export::render(&resolved, Format::Readwise, EXPORTED)).unwrap();
    assert_eq!(rows.last().unwrap().title, "Another Issue");
    assert_eq!(rows.len(), h1.len() + 1);
}

#[test]
fn nothing_to_export_is_a_bom_or_a_header() {
    let doc = fixture();
    assert_eq!(kindle(&doc, &[]), "\u{feff}");
    assert_eq!(readwise(&doc, &[]), "Highlight,Title,Author,URL,Note,Location,Date\r\n");
}

/// Text that stresses both formats: separators, quotes, line breaks,
/// separator-like lines and non-ASCII.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 ]{1,12}",
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\n==========\n".to_string()),
        Just("===========".to_string()),
        Just("é日🦀".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
    ];
    proptest::collection::vec(piece, 1..12).prop_map(|p| format!("x{}y", p.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_text_round_trips(
        texts in proptest::collection::vec(hostile_text(), 1..4),
        notes in proptest::collection::vec(proptest::option::of(hostile_text()), 4),
        created in proptest::collection::vec(0u64..4_102_444_800_000, 4),
    ) {
        // Each text is made unique ('#' is outside the alphabet), so each
        // highlight anchors to its own paragraph and the rows come back in
        // the highlights' order: two equal texts would share one place and
        // their rows could come back either way round.
        let texts: Vec<String> = texts.iter().enumerate().map(|(i, t)| format!("#{i} {t}")).collect();
        let sections = texts.iter().map(|t| section(None, vec![para(t)])).collect();
        let doc = document("Random", vec![article("A", Some("Ann, \"A\""), sections)]);
        let highlights: Vec<Highlight> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut h = highlight(&format!("r{i}"), &doc.articles[0], t, "yellow", notes[i].as_deref());
                h.created = created[i];
                h
            })
            .collect();
        prop_assert!(check_kindle(&doc, &highlights).is_ok(), "{:?}", check_kindle(&doc, &highlights));
        let rows = check_readwise(&doc, &highlights);
        prop_assert!(rows.is_ok(), "{rows:?}");
        for (row, h) in rows.unwrap().iter().zip(&highlights) {
            prop_assert_eq!(&row.note, h.note.as_deref().unwrap_or(""));
        }
    }
}
