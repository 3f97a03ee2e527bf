//! Newsletters and blog archives as plain text, written for these tests:
//! separators of several glyphs, bylines in either order, dates in several
//! forms, contents lists numbered, bulleted or absent, a non-English
//! letter, and the near-misses that must stay one article. Property tests
//! shuffle the articles, change the glyph and the byline order: the
//! outline follows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use quire::model::loader::load;
use quire::model::text::article_text;
use quire::model::{Article, ArticleKind, Block, Document};

fn doc(name: &str, text: &str) -> Document {
    load(name, text.as_bytes()).unwrap()
}

fn readable(doc: &Document) -> Vec<&Article> {
    doc.readable().collect()
}

fn titles(doc: &Document) -> Vec<String> {
    doc.readable().map(|a| a.title.clone()).collect()
}

fn all_text(doc: &Document) -> String {
    doc.readable().map(article_text).collect::<Vec<_>>().join("\n")
}

/// One piece of a made-up newsletter.
struct Piece {
    title: &'static str,
    entry: &'static str,
    author: &'static str,
    day: (u32, u32),
    body: &'static str,
}

const PIECES: [Piece; 4] = [
    Piece {
        title: "Why Our Pager Went Quiet",
        entry: "Why our pager went quiet",
        author: "Ines Duarte",
        day: (3, 2),
        body: "We stopped paging on disk usage in spring. Nothing broke, and the on-call rota finally slept through a whole week.\n\nThe trick was to page on what users feel and ticket the rest. Disk alerts still open tickets during the day.",
    },
    Piece {
        title: "Kettle: A Tiny Load Generator",
        entry: "Kettle",
        author: "Owen Price",
        day: (7, 2),
        body: "Kettle sends a steady trickle of requests and reports the tail latency every ten seconds. It fits in one binary.\n\nHow we use it\n\nWe run it beside every canary for an hour, and compare its numbers with the ones from the previous release.",
    },
    Piece {
        title: "The Backlog That Ate March",
        entry: "The backlog that ate March",
        author: "Sana Qureshi",
        day: (12, 3),
        body: "A queue of retries grew for three weeks before anybody looked at it. By then it held more work than a normal month.\n\nDraining it took two evenings and a rate limit. Watching its length now takes one graph.",
    },
    Piece {
        title: "Notes From the Storage Offsite",
        entry: "Notes from the storage offsite",
        author: "Bram de Wit",
        day: (21, 3),
        body: "Twelve of us spent two days in a room with a whiteboard and a broken projector. We left with four decisions.\n\nThe biggest one is to stop writing our own compaction code and to adopt the one the database already has.",
    },
];

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

const GLYPHS: [&str; 5] = ["—— ✦ ——", "~~~~~~~~~~~~~~~~", "* * *", "----------", "═══════════"];

/// How a piece's date is written, by `form`.
fn written((day, month): (u32, u32), form: usize) -> String {
    let name = MONTHS[month as usize - 1];
    match form % 4 {
        0 => format!("2025-{month:02}-{day:02}"),
        1 => format!("{day} {} 2025", &name[..3]),
        2 => format!("{name} {day}, 2025"),
        _ => format!("{day:02}.{month:02}.2025"),
    }
}

fn iso((day, month): (u32, u32)) -> String {
    format!("2025-{month:02}-{day:02}")
}

/// How the contents list is written.
#[derive(Debug, Clone, Copy)]
enum Listing {
    Numbered,
    Bulleted,
    Absent,
}

/// A newsletter of the pieces in `order`, each under a separator line.
fn newsletter(
    order: &[usize],
    glyph: &str,
    date_first: bool,
    form: usize,
    list: Listing,
) -> String {
    let mut out = String::from("THE SLOW BUILD\nA letter about running small systems well\n\n");
    match list {
        Listing::Numbered => out += "This week:\n",
        Listing::Bulleted => out += "Inside\n\n",
        Listing::Absent => {}
    }
    for (n, &k) in order.iter().enumerate() {
        match list {
            Listing::Numbered => out += &format!("{}. {}\n", n + 1, PIECES[k].entry),
            Listing::Bulleted => out += &format!("  • {}\n", PIECES[k].entry),
            Listing::Absent => {}
        }
    }
    for &k in order {
        let p = &PIECES[k];
        let date = written(p.day, form);
        let byline = if date_first {
            format!("{date} | {}", p.author)
        } else {
            format!("{} | {date}", p.author)
        };
        out += &format!("\n{glyph}\n\n{}\n{byline}\n\n{}\n", p.title, p.body);
    }
    out += &format!(
        "\n{glyph}\n\nThanks for reading. You get this because you signed up at slowbuild.example.\nUnsubscribe any time at slowbuild.example/stop\n"
    );
    out
}

/// The outline must name the pieces in `order`, with authors and ISO dates,
/// and hide the separators and the footer.
fn check_outline(text: &str, order: &[usize]) {
    let d = doc("the-slow-build-12.txt", text);
    let got = readable(&d);
    let want: Vec<&str> = order.iter().map(|&k| PIECES[k].title).collect();
    assert_eq!(titles(&d), want, "{text}");
    for (a, &k) in got.iter().zip(order) {
        assert_eq!(a.author.as_deref(), Some(PIECES[k].author));
        assert_eq!(a.date.as_deref(), Some(iso(PIECES[k].day).as_str()));
    }
    let text = all_text(&d);
    assert!(!text.contains("Unsubscribe any time"), "the footer is back matter");
    assert!(!text.contains("~~~") && !text.contains("═") && !text.contains("✦"));
    assert!(d.articles.iter().any(|a| a.kind == ArticleKind::BackMatter));
}

#[test]
fn newsletters_in_several_surface_forms() {
    let order = [0, 1, 2, 3];
    check_outline(&newsletter(&order, GLYPHS[0], false, 1, Listing::Bulleted), &order);
    check_outline(&newsletter(&order, GLYPHS[1], true, 0, Listing::Numbered), &order);
    check_outline(&newsletter(&order, GLYPHS[2], false, 2, Listing::Absent), &order);
    check_outline(&newsletter(&order, GLYPHS[3], true, 3, Listing::Bulleted), &order);
    check_outline(&newsletter(&[2, 0], GLYPHS[4], false, 3, Listing::Numbered), &[2, 0]);
}

#[test]
fn plain_subheadings_stay_sections_of_their_piece() {
    let d = doc("x.txt", &newsletter(&[0, 1, 2], GLYPHS[0], false, 1, Listing::Numbered));
    let kettle = readable(&d).into_iter().find(|a| a.title.starts_with("Kettle")).unwrap();
    let headings: Vec<&str> = kettle.sections.iter().filter_map(|s| s.heading.as_deref()).collect();
    assert_eq!(headings, ["How we use it"]);
}

#[test]
fn a_sponsor_block_the_contents_list_does_not_name_is_an_ad() {
    let text = newsletter(&[0, 1, 2], GLYPHS[1], false, 2, Listing::Numbered).replacen(
        "\n~~~~~~~~~~~~~~~~\n\nThe Backlog",
        "\n~~~~~~~~~~~~~~~~\n\nOUR PARTNER THIS WEEK\n\nQuarry Metrics stores a year of your metrics for the price of a month. Start a free trial today.\n\n~~~~~~~~~~~~~~~~\n\nThe Backlog",
        1,
    );
    let d = doc("x.txt", &text);
    assert_eq!(titles(&d).len(), 3, "{:?}", titles(&d));
    assert!(!all_text(&d).contains("Quarry Metrics"));
    assert!(d.articles.iter().any(|a| a.kind == ArticleKind::Ad && a.title.contains("PARTNER")));
}

const SPANISH: &str = "\
BOLETÍN DEL TALLER
Número 9

En este número:
- Cómo medimos la latencia
- Un año sin servidores propios

— ❦ —

Cómo medimos la latencia
Lucía Gómez · 04.03.2025

Durante un mes medimos cada petición en tres puntos distintos y comparamos los resultados con calma.

Lo que aprendimos es sencillo: la media no sirve, y los percentiles altos cuentan casi toda la historia.

— ❦ —

Un año sin servidores propios
Mateo Ibáñez · 18.03.2025

Hace un año apagamos la última máquina de la oficina y nadie la ha echado de menos desde entonces.

El coste bajó un poco y las guardias bajaron mucho, que era lo que de verdad nos importaba.

— ❦ —

Gracias por leernos. Para darte de baja, responde a este correo.
";

#[test]
fn a_spanish_newsletter_with_numeric_dates() {
    let d = doc("boletin-9.txt", SPANISH);
    let got = readable(&d);
    assert_eq!(titles(&d), ["Cómo medimos la latencia", "Un año sin servidores propios"]);
    assert_eq!(got[0].author.as_deref(), Some("Lucía Gómez"));
    assert_eq!(got[1].date.as_deref(), Some("2025-03-18"));
    assert!(!all_text(&d).contains("❦"));
    assert!(!all_text(&d).contains("darte de baja"));
}

const ARCHIVE: &str = "\
Sorrel Labs Blog

Start | Posts | Topics | Contact

[Packing a release in one minute](https://sorrel.example/p/packing)

Packing a release in one minute

Jo Park | 2024-11-02

We used to spend an afternoon on every release. Now a script does it while the kettle boils, and it has not missed a file yet.

[Read more »](https://sorrel.example/p/packing)

[Three ways to lose a log line](https://sorrel.example/p/log-lines)

Three ways to lose a log line

Femi Ade | 2024-10-19

Buffers, rotations and a misplaced filter each ate some of our logs this year. Here is how we noticed, and what we changed.

[Read more »](https://sorrel.example/p/log-lines)

[A quieter build server](https://sorrel.example/p/quiet)

A quieter build server

Jo Park | 2024-09-30

The build server used to shout about every warning in every repository. Now it mentions only what changed since yesterday.

[Read more »](https://sorrel.example/p/quiet)

« Previous page   ·   Next page »

Popular
  Three ways to lose a log line
  Packing a release in one minute
  Why we left the monorepo

Sorrel Labs · hello@sorrel.example · Subscribe to the feed
";

#[test]
fn a_blog_archive_with_links_pagers_and_a_sidebar() {
    let d = doc("sorrel-page-1.txt", ARCHIVE);
    let got = readable(&d);
    assert_eq!(
        titles(&d),
        [
            "Packing a release in one minute",
            "Three ways to lose a log line",
            "A quieter build server"
        ]
    );
    assert_eq!(got[1].author.as_deref(), Some("Femi Ade"));
    assert_eq!(got[2].date.as_deref(), Some("2024-09-30"));
    let text = all_text(&d);
    for hidden in ["Read more", "Next page", "Why we left the monorepo", "Subscribe to the feed"] {
        assert!(!text.contains(hidden), "{hidden:?} in {text}");
    }
    assert!(text.contains("it has not missed a file yet"));
    // Set aside, never dropped.
    let everything: String = d.articles.iter().map(article_text).collect();
    assert!(everything.contains("Why we left the monorepo"));
}

#[test]
fn an_essay_with_a_rule_in_it_is_one_article() {
    let essay = "On Slow Mornings\n\nThe first coffee is for thinking. The second is for the inbox, which can wait.\n\n* * *\n\nA Second Thought\n\nBy noon the inbox has grown, and nothing in it was urgent after all.\n";
    let d = doc("essay.txt", essay);
    assert_eq!(titles(&d), ["On Slow Mornings"]);
    let twice = essay.replace("By noon", "-----\n\nThird Part\n\nBy noon");
    assert_eq!(titles(&doc("essay.txt", &twice)).len(), 1);
}

#[test]
fn a_body_list_that_mentions_later_headings_is_not_contents() {
    let text = "Fixing Our Deploys\n\nWe changed three things this quarter:\n- we measured rollout time\n- we cut the pager noise\n- we wrote down the steps\n\n----------\n\nRollout Time\n\nIt was forty minutes and is now twelve, mostly by running checks in parallel.\n\n----------\n\nPager Noise\n\nHalf of the pages were for things nobody could act on at night.\n";
    let d = doc("deploys.txt", text);
    assert_eq!(titles(&d), ["Fixing Our Deploys"]);
    assert!(all_text(&d).contains("mostly by running checks in parallel"));
}

#[test]
fn an_indented_plan_stays_line_for_line() {
    let text = "Reading Plans\nAna Ruiz / May 2, 2025\n\nRead it from the inside out.\n\n    Limit  (rows=10)\n      ->  Sort  (rows=10)\n            ->  Scan on events  (rows=90000)\n\nThe scan is where the time goes.\n";
    let d = doc("plans.txt", text);
    let a = readable(&d)[0];
    let code = a.blocks().find_map(|b| match b {
        Block::Code { text, .. } => Some(text.clone()),
        _ => None,
    });
    let code = code.expect("the plan is kept as a block of lines");
    assert!(code.lines().any(|l| l.trim() == "->  Sort  (rows=10)"), "{code}");
    assert_eq!(code.lines().count(), 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Shuffling the pieces (and the contents list with them), changing the
    /// glyph, the byline order and the date form: the outline follows.
    #[test]
    fn the_outline_follows_the_pieces(
        order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
        take in 2usize..=4,
        glyph in 0usize..GLYPHS.len(),
        date_first in any::<bool>(),
        form in 0usize..4,
        list in prop_oneof![Just(Listing::Numbered), Just(Listing::Bulleted), Just(Listing::Absent)],
    ) {
        let order = &order[..take];
        check_outline(&newsletter(order, GLYPHS[glyph], date_first, form, list), order);
    }
}

/// Thousands of pieces and separators load, each piece an article (the
/// passes over separators and starts stay linear; not timed, just run).
#[test]
fn thousands_of_pieces_load() {
    let mut text = String::from("BIG LETTER\n\n");
    for n in 0..3000 {
        text += &format!(
            "* * *\n\nPiece Number {n} Here\nJo Park · 2025-01-02\n\nText of piece {n}.\n\n"
        );
    }
    text += "* * *\n\nBye. Unsubscribe at x.example\n";
    let d = doc("big.txt", &text);
    assert_eq!(d.readable().count(), 3000);
    assert_eq!(d.readable().last().unwrap().title, "Piece Number 2999 Here");
}
