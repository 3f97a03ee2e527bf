//! Paginated plain text (reports, specifications printed to text), built
//! in code from one made-up document laid out in several house styles:
//! different running heads and feet, page numbers, page lengths, with and
//! without form feeds, contents with and without dot leaders. Whatever
//! the layout, the reader must see the same title, outline and text, with
//! no page furniture in it and the figures line for line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use quire::model::loader::load;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, Document};

const WIDTH: usize = 72;

/// How the pages are laid out.
#[derive(Debug, Clone, Copy)]
struct Style {
    page_len: usize,
    /// 0 `- N -`, 1 `Page N of M` column, 2 `[Page N]` column, 3 a bare
    /// centred `N`, 4 a `N` column after the short title.
    footer: usize,
    header: bool,
    form_feed: bool,
    leaders: bool,
    /// `1.  Purpose` (dotted) or `1  Purpose`.
    dotted: bool,
    /// With a contents page.
    contents: bool,
}

fn wrap(text: &str, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = " ".repeat(indent);
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > WIDTH - 4 && !line.trim().is_empty() {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
        }
        if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn centre(text: &str) -> String {
    format!("{}{text}", " ".repeat((WIDTH - text.chars().count()) / 2))
}

const PURPOSE: &str = "A relay queue moves small messages between stations that are not always \
    awake. The sender hands each message to the nearest relay, the relay keeps it until the \
    next hop asks for it, and the receiver confirms what it has stored so that nothing is \
    sent twice without need.";
const PURPOSE_2: &str = "This note describes the queue, its framing and its limits, and \
    gives one worked example of a short exchange between two stations.";
const DESIGN: &str = "Every relay keeps one queue for each station it serves. Messages \
    enter at the tail and leave at the head, and a station that falls silent keeps its \
    queue until the relay runs short of room.";
const QUEUES: &str = "The queue is a ring of fixed slots. A slot holds one message and a \
    small header that names the sender and the time the message arrived at this relay.";
const RETRIES: &str = "A relay retries a hop after a pause that doubles each time, up to \
    a limit that the station names when it first connects to the relay.";
const LIMITS: &str = "The limits below keep one busy station from starving the others \
    that share a relay, and they are checked on every message a relay accepts.";
const EXAMPLE: &str = "The trace below shows a station that wakes, asks for its messages \
    and confirms the two that it receives.";

fn heading(number: &str, title: &str, dotted: bool) -> String {
    if dotted { format!("{number}.  {title}") } else { format!("{number}  {title}") }
}

const SECTIONS: [(&str, &str); 6] = [
    ("1", "Purpose"),
    ("2", "Design"),
    ("2.1", "Queue Slots"),
    ("2.2", "Retry Rules"),
    ("3", "Limits"),
    ("4", "Worked Example"),
];

const BOX: [&str; 5] = [
    "      +---------+      hop       +---------+",
    "      | station |--------------->|  relay  |",
    "      +---------+                +---------+",
    "           ^          confirm         |",
    "           +--------------------------+",
];
const GRAMMAR: [&str; 3] = [
    "      pause     = first-pause *( \"x2\" )",
    "      limit     = 1*4DIGIT \"s\"",
    "      hop-state = \"waiting\" / \"sent\" / \"confirmed\"",
];
const TABLE: [&str; 4] = [
    "      Limit             Default   Range",
    "      queue slots       512       64 to 4096",
    "      message octets    1400      256 to 9000",
    "      pause ceiling     120 s     10 s to 600 s",
];
const TRACE: [&str; 4] = [
    "      S: WAKE     queue=7",
    "      R: SEND     slot=3   octets=220",
    "      R: SEND     slot=4   octets=96",
    "      S: CONFIRM  slot=4",
];

/// The document's lines after its title page and contents.
fn body(dotted: bool) -> Vec<String> {
    let mut out = Vec::new();
    let para = |out: &mut Vec<String>, text: &str| {
        out.extend(wrap(text, 3));
        out.push(String::new());
    };
    let head = |out: &mut Vec<String>, k: usize| {
        out.push(heading(SECTIONS[k].0, SECTIONS[k].1, dotted));
        out.push(String::new());
    };
    let figure = |out: &mut Vec<String>, lines: &[&str]| {
        out.extend(lines.iter().map(|l| l.to_string()));
        out.push(String::new());
    };
    head(&mut out, 0);
    para(&mut out, PURPOSE);
    para(&mut out, PURPOSE_2);
    head(&mut out, 1);
    para(&mut out, DESIGN);
    head(&mut out, 2);
    para(&mut out, QUEUES);
    figure(&mut out, &BOX);
    out.push(centre("Figure 1: One hop and its confirmation"));
    out.push(String::new());
    head(&mut out, 3);
    para(&mut out, RETRIES);
    figure(&mut out, &GRAMMAR);
    head(&mut out, 4);
    para(&mut out, LIMITS);
    figure(&mut out, &TABLE);
    head(&mut out, 5);
    para(&mut out, EXAMPLE);
    figure(&mut out, &TRACE);
    out
}

fn title_page() -> Vec<String> {
    let mut out = vec![String::new(); 4];
    out.push(centre("Relay Queue Protocol"));
    out.extend([String::new(), centre("by"), centre("Mirela Dobos and Tiago Sena")]);
    out.extend([String::new(), centre("3 March 2026"), String::new()]);
    out
}

fn contents(style: Style) -> Vec<String> {
    let mut out = vec!["Contents".to_string(), String::new()];
    for (k, (number, title)) in SECTIONS.iter().enumerate() {
        let indent = if number.contains('.') { 5 } else { 3 };
        let entry = format!("{}{}", " ".repeat(indent), heading(number, title, style.dotted));
        let page = 2 + k / 2;
        let fill = WIDTH - 4 - entry.len();
        let leader =
            if style.leaders { format!(" {}", ".".repeat(fill - 2)) } else { " ".repeat(fill) };
        out.push(format!("{entry}{leader} {page}"));
    }
    out.push(String::new());
    out
}

fn footer(style: Style, n: usize, total: usize) -> String {
    let spread = |left: &str, right: &str| {
        format!("{left}{}{right}", " ".repeat(WIDTH - left.len() - right.len()))
    };
    match style.footer {
        0 => centre(&format!("- {n} -")),
        1 => spread("Dobos & Sena", &format!("Page {n} of {total}")),
        2 => spread("Dobos & Sena      Informational", &format!("[Page {n}]")),
        3 => centre(&n.to_string()),
        _ => spread("Relay Notes", &n.to_string()),
    }
}

/// The whole file: a title page, the contents, the body, cut into pages of
/// `page_len` lines, each with its head and foot.
fn paginate(style: Style) -> String {
    let mut stream = if style.contents { contents(style) } else { Vec::new() };
    stream.extend(body(style.dotted));
    let pages: Vec<Vec<String>> = std::iter::once(title_page())
        .chain(stream.chunks(style.page_len).map(<[String]>::to_vec))
        .collect();
    let total = pages.len();
    let mut out = String::new();
    for (k, page) in pages.iter().enumerate() {
        let n = k + 1;
        if style.header && n > 1 {
            out += "RQP-02                  Relay Queue Protocol           3 March 2026\n\n";
        }
        for line in page {
            out += line;
            out += "\n";
        }
        // Pages are padded to a steady length, as printers do.
        for _ in page.len()..style.page_len {
            out += "\n";
        }
        out += &format!("\n{}\n", footer(style, n, total));
        if style.form_feed && n < total {
            out += "\u{c}";
        }
    }
    out
}

fn load_style(style: Style) -> Document {
    load("relay-notes.txt", paginate(style).as_bytes()).unwrap()
}

fn readable(doc: &Document) -> Vec<&Article> {
    doc.readable().collect()
}

fn headings(doc: &Document) -> Vec<String> {
    let only = readable(doc);
    only.iter()
        .flat_map(|a| a.sections.iter().filter_map(|s| s.heading.clone()))
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" ").replace(". ", " "))
        .collect()
}

fn folded_text(doc: &Document) -> String {
    let text: Vec<String> = readable(doc).iter().map(|a| article_text(a)).collect();
    text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_lines(doc: &Document, figure: &[&str]) -> bool {
    readable(doc).iter().any(|a| {
        let text = article_text(a);
        let mut lines = text.lines().map(str::trim);
        figure.iter().all(|want| lines.any(|l| l == want.trim()))
    })
}

const BASE: Style = Style {
    page_len: 30,
    footer: 1,
    header: true,
    form_feed: true,
    leaders: true,
    dotted: true,
    contents: true,
};

#[test]
fn a_paginated_spec_is_one_article_with_numbered_sections() {
    let doc = load_style(BASE);
    assert_eq!(doc.title, "Relay Queue Protocol");
    let only = readable(&doc);
    assert_eq!(only.len(), 1, "{:?}", only.iter().map(|a| &a.title).collect::<Vec<_>>());
    let article = only[0];
    assert_eq!(article.author.as_deref(), Some("Mirela Dobos and Tiago Sena"));
    assert_eq!(article.date.as_deref(), Some("3 March 2026"));
    let want: Vec<String> = SECTIONS.iter().map(|(n, t)| format!("{n} {t}")).collect();
    assert_eq!(headings(&doc), want);
    let levels: Vec<u8> =
        article.sections.iter().filter(|s| s.heading.is_some()).map(|s| s.level).collect();
    assert_eq!(levels, [2, 2, 3, 3, 2, 2]);
    assert!(doc.articles.iter().any(|a| a.kind == ArticleKind::FrontMatter));
    assert!(doc.articles.iter().any(|a| a.kind == ArticleKind::Boilerplate));
}

#[test]
fn furniture_and_contents_leave_the_text() {
    for footer in 0..5 {
        let doc = load_style(Style { footer, ..BASE });
        let text = folded_text(&doc);
        for furniture in ["Page 2 of", "[Page", "RQP-02", "Dobos & Sena", "....", "Relay Notes"] {
            assert!(!text.contains(furniture), "footer {footer}: {furniture:?} in the text");
        }
        assert!(text.contains(&PURPOSE.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
}

#[test]
fn figures_stay_line_for_line() {
    let doc = load_style(Style { page_len: 80, ..BASE });
    for figure in [&BOX[..], &GRAMMAR, &TABLE, &TRACE] {
        assert!(has_lines(&doc, figure), "{figure:?} not line for line");
    }
    let code = readable(&doc)[0].blocks().filter(|b| matches!(b, Block::Code { .. })).count();
    assert_eq!(code, 4);
}

#[test]
fn a_page_break_inside_a_paragraph_is_mended() {
    for page_len in 14..40 {
        let doc = load_style(Style { page_len, ..BASE });
        let paragraphs: Vec<String> = readable(&doc)[0]
            .blocks()
            .filter_map(|b| match b {
                Block::Paragraph(_) => Some(quire::model::text::block_text(b)),
                _ => None,
            })
            .collect();
        for whole in [PURPOSE, DESIGN, QUEUES, LIMITS] {
            let whole = whole.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(paragraphs.contains(&whole), "page length {page_len}: {whole:?} split");
        }
    }
}

/// Prose pages with plain headings and no section numbers: the ordinary
/// segmenter reads them, once the furniture is gone.
#[test]
fn unnumbered_pages_lose_their_furniture_and_keep_their_paragraphs() {
    let mut stream = Vec::new();
    for (title, text) in [("Why Relays", PURPOSE), ("How Queues Fill", DESIGN), ("Slots", QUEUES)] {
        stream.extend([title.to_string(), String::new()]);
        stream.extend(wrap(text, 0));
        stream.push(String::new());
        stream.extend(wrap(LIMITS, 0));
        stream.push(String::new());
    }
    let mut text = String::new();
    for (k, page) in stream.chunks(9).enumerate() {
        text += "Field Notes\n\n";
        text += &page.join("\n");
        text += &format!("\n\n{}\n", centre(&format!("[{}]", k + 1)));
    }
    let doc = load("notes.txt", text.as_bytes()).unwrap();
    let folded = folded_text(&doc);
    assert!(!folded.contains("Field Notes"), "{folded}");
    assert!(!folded.contains("[2]"));
    assert!(folded.contains(&DESIGN.split_whitespace().collect::<Vec<_>>().join(" ")));
    assert!(doc.articles.iter().any(|a| a.kind == ArticleKind::Boilerplate));
}

/// Pages of different lengths (as a converter leaves them, unpadded), a
/// bare page number centred under each, and no title page: the first line
/// is the title and the byline under it names the authors.
#[test]
fn unpadded_pages_with_centred_numbers_and_a_plain_title() {
    let mut text = String::from("Relay Queue Protocol\n\nBy Mirela Dobos\n\n");
    let lines = body(false);
    let (mut from, mut n) = (0, 0);
    for len in [23usize, 31, 17, 28].into_iter().cycle() {
        let to = (from + len).min(lines.len());
        n += 1;
        text += &lines[from..to].join("\n");
        text += &format!("\n\n{}\n\u{c}", centre(&n.to_string()));
        from = to;
        if from == lines.len() {
            break;
        }
    }
    assert!(n >= 3, "{n} pages");
    let doc = load("untitled.txt", text.as_bytes()).unwrap();
    assert_eq!(doc.title, "Relay Queue Protocol");
    let only = readable(&doc);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].author.as_deref(), Some("Mirela Dobos"));
    let want: Vec<String> = SECTIONS.iter().map(|(n, t)| format!("{n} {t}")).collect();
    assert_eq!(headings(&doc), want);
    let folded = folded_text(&doc);
    let reference = load_style(Style { dotted: false, contents: false, ..BASE });
    assert_eq!(folded, folded_text(&reference), "page numbers left in, or text lost");
    assert!(folded.contains(&QUEUES.split_whitespace().collect::<Vec<_>>().join(" ")));
}

#[test]
fn a_numbered_list_in_an_ordinary_article_is_not_paginated() {
    let text = "Packing for a Field Trip\n\nBring what the weather needs.\n\n\
        1. A coat that sheds rain\n2. Boots with a good grip\n3. A flask of something warm\n\n\
        The rest can stay at home, and the bag stays light.\n\n\
        Step 1\n\nCheck the forecast the night before and again in the morning.\n\n\
        Step 2\n\nPack the bag by the door so that nothing is left behind.\n\n\
        Step 3\n\nLeave early, since the roads fill up after eight in the morning.\n";
    let doc = load("trip.txt", text.as_bytes()).unwrap();
    assert!(doc.articles.iter().all(|a| a.kind != ArticleKind::Boilerplate));
    let article = readable(&doc)[0];
    assert!(article.blocks().any(|b| matches!(b, Block::List(_))));
    assert!(article_text(article).contains("Step 2"));
}

#[test]
fn two_spaces_after_full_stops_are_not_a_figure() {
    let text = "Quiet Hours\n\n   The relay sleeps at night.  It wakes when a station calls,\n   \
        answers, and sleeps again.  Nothing is lost while it sleeps,\n   because the \
        stations keep what they could not send.\n";
    let doc = load("quiet.txt", text.as_bytes()).unwrap();
    let article = readable(&doc)[0];
    assert!(article.blocks().all(|b| !matches!(b, Block::Code { .. })));
}

/// Twenty thousand pages of one line each: every step stays linear (a
/// quadratic one would not finish).
#[test]
fn many_pages_load_in_linear_time() {
    let mut text = String::from("   Contents\n\n");
    for k in 1..=3000 {
        text += &format!("   {k}  Part {k} ........ {k}\n");
    }
    for n in 1..=20_000 {
        text += &format!(
            "Running Head\n\n{n}  Part {n}\n\nThe part says a little.\n\n\n{}\n",
            centre(&format!("- {n} -"))
        );
    }
    let doc = load("many.txt", text.as_bytes()).unwrap();
    assert!(doc.articles.iter().any(|a| a.kind == ArticleKind::Boilerplate));
}

fn style() -> impl Strategy<Value = Style> {
    let flags = (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>());
    (16usize..60, 0usize..5, flags).prop_map(
        |(page_len, footer, (header, form_feed, leaders, dotted, contents))| Style {
            page_len,
            footer,
            header,
            form_feed,
            leaders,
            dotted,
            contents,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Re-paginating the same text, or changing its furniture, leaves the
    /// title, outline and text as they were.
    #[test]
    fn the_layout_does_not_change_what_is_read(style in style()) {
        let reference = load_style(Style { dotted: style.dotted, contents: style.contents, ..BASE });
        let doc = load_style(style);
        prop_assert_eq!(&doc.title, &reference.title);
        prop_assert_eq!(headings(&doc), headings(&reference));
        prop_assert_eq!(folded_text(&doc), folded_text(&reference));
        prop_assert_eq!(readable(&doc).len(), 1);
    }
}
