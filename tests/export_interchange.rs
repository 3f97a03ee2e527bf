//! The Kindle and Readwise exports, read back by strict parsers written
//! from the formats as the README states them: every highlight and note
//! comes back exactly, with commas, quotes, newlines, `=` lines and
//! non-ASCII text; dates are the highlight's own; re-export is
//! byte-identical.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod export_support;

use export_support::*;
use proptest::prelude::*;
use quire::export::{self, Format, resolve};
use quire::model::highlight::Highlight;
use quire::model::{Article, ArticleKind, Document};

/// One Kindle clipping as the file states it.
#[derive(Debug, Clone, PartialEq)]
struct Clip {
    heading: String,
    note: bool,
    first: usize,
    last: usize,
    /// Unix seconds, read back from the `Added on` text.
    added: i64,
    text: String,
}

const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days since 1970-01-01 of a civil date (Hinnant's `days_from_civil`, the
/// inverse of what the export uses, so the two check each other).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn number(s: &str) -> Result<i64, String> {
    let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
    ok.then(|| s.parse().unwrap()).ok_or_else(|| format!("not a number: {s:?}"))
}

/// `Wednesday, December 2, 2026 3:04:05 PM` → Unix seconds, checking the
/// weekday against the date.
fn added_on(s: &str) -> Result<i64, String> {
    let (weekday, rest) = s.split_once(", ").ok_or("no weekday")?;
    let (month, rest) = rest.split_once(' ').ok_or("no month")?;
    let (day, rest) = rest.split_once(", ").ok_or("no day")?;
    let (year, rest) = rest.split_once(' ').ok_or("no year")?;
    let (clock, half) = rest.split_once(' ').ok_or("no AM/PM")?;
    let parts: Vec<&str> = clock.split(':').collect();
    let [h, m, sec] = parts[..] else { return Err(format!("bad time {clock:?}")) };
    if m.len() != 2 || sec.len() != 2 || year.len() != 4 {
        return Err(format!("bad widths in {s:?}"));
    }
    let month = MONTHS.iter().position(|&x| x == month).ok_or("bad month")? as i64 + 1;
    let days = days_from_civil(year.parse().unwrap(), month, number(day)?);
    let expected_weekday = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
    if weekday != expected_weekday {
        return Err(format!("{weekday} is not {expected_weekday}"));
    }
    let h12 = number(h)?;
    if !(1..=12).contains(&h12) {
        return Err(format!("hour {h12}"));
    }
    let hour = match half {
        "AM" => h12 % 12,
        "PM" => h12 % 12 + 12,
        _ => return Err(format!("bad half {half:?}")),
    };
    let (m, sec): (i64, i64) = (m.parse().unwrap(), sec.parse().unwrap());
    if m > 59 || sec > 59 {
        return Err("minutes or seconds out of range".into());
    }
    Ok(days * 86_400 + hour * 3600 + m * 60 + sec)
}

/// A strict reader of `My Clippings.txt`: BOM, CRLF only, the two header
/// lines, a blank line, text lines, ten `=`; a text line of more than ten
/// `=` loses one.
fn parse_kindle(out: &str) -> Result<Vec<Clip>, String> {
    let body = out.strip_prefix('\u{feff}').ok_or("no byte-order mark")?;
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let body = body.strip_suffix("\r\n").ok_or("no final CRLF")?;
    let lines: Vec<&str> = body.split("\r\n").collect();
    if let Some(bad) = lines.iter().find(|l| l.contains('\n')) {
        return Err(format!("a bare LF in {bad:?}"));
    }
    let mut clips = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let heading = lines[i].to_string();
        let meta = lines.get(i + 1).ok_or("no meta line")?;
        if lines.get(i + 2) != Some(&"") {
            return Err(format!("no blank line after {meta:?}"));
        }
        let (kind, when) = meta.split_once(" | Added on ").ok_or("no Added on")?;
        let (note, first, last) = if let Some(loc) = kind.strip_prefix("- Your Note on Location ") {
            let n = number(loc)? as usize;
            (true, n, n)
        } else {
            let loc = kind.strip_prefix("- Your Highlight on Location ").ok_or("bad meta")?;
            let (a, b) = loc.split_once('-').ok_or("no range")?;
            (false, number(a)? as usize, number(b)? as usize)
        };
        if first > last {
            return Err(format!("location {first}-{last}"));
        }
        let mut text = Vec::new();
        i += 3;
        loop {
            let line = *lines.get(i).ok_or("no separator")?;
            i += 1;
            if line == "==========" {
                break;
            }
            let stuffed = line.len() > 10 && line.bytes().all(|b| b == b'=');
            text.push(if stuffed { &line[1..] } else { line });
        }
        clips.push(Clip {
            heading,
            note,
            first,
            last,
            added: added_on(when)?,
            text: text.join("\n"),
        });
    }
    Ok(clips)
}

/// A strict RFC 4180 reader: CRLF after every record, quotes only around
/// whole fields, `""` for a quote inside one.
fn parse_csv(out: &str) -> Result<Vec<Vec<String>>, String> {
    let chars: Vec<char> = out.chars().collect();
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '"' {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("unterminated quote".into()),
                    Some('"') if chars.get(i + 1) == Some(&'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        field.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&c) = chars.get(i).filter(|c| !matches!(c, ',' | '\r' | '\n')) {
                if c == '"' {
                    return Err(format!("a quote inside unquoted {field:?}"));
                }
                field.push(c);
                i += 1;
            }
        }
        match (chars.get(i), chars.get(i + 1)) {
            (Some(','), _) => i += 1,
            (Some('\r'), Some('\n')) => {
                i += 2;
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                continue;
            }
            other => return Err(format!("after {field:?}: {other:?}")),
        }
        row.push(std::mem::take(&mut field));
    }
    if !row.is_empty() || !field.is_empty() {
        return Err("no final CRLF".into());
    }
    Ok(rows)
}

/// A Readwise row, checked field by field.
#[derive(Debug, PartialEq)]
struct Row {
    highlight: String,
    title: String,
    author: String,
    url: String,
    note: String,
    location: usize,
    date: String,
}

fn parse_readwise(out: &str) -> Result<Vec<Row>, String> {
    let rows = parse_csv(out)?;
    let (header, rows) = rows.split_first().ok_or("no header")?;
    if header.join(",") != "Highlight,Title,Author,URL,Note,Location,Date" {
        return Err(format!("header {header:?}"));
    }
    rows.iter()
        .map(|r| {
            let [h, t, a, u, n, l, d] = &r[..] else { return Err(format!("{} fields", r.len())) };
            let shape = d.len() == 19
                && d.char_indices().all(|(k, c)| match k {
                    4 | 7 => c == '-',
                    10 => c == ' ',
                    13 | 16 => c == ':',
                    _ => c.is_ascii_digit(),
                });
            if !shape {
                return Err(format!("date {d:?}"));
            }
            Ok(Row {
                highlight: h.clone(),
                title: t.clone(),
                author: a.clone(),
                url: u.clone(),
                note: n.clone(),
                location: number(l)? as usize,
                date: d.clone(),
            })
        })
        .collect()
}

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
