//! `quire outline`: documents → articles → section headings, as text or as
//! the JSON contract documented in the README.

use std::io::{self, Write};

use serde::Serialize;

use super::{Need, Outcome, OutlineArgs, load_or_sample};
use crate::config::Settings;
use crate::library::{LoadFailure, display_safe};
use crate::model::{Article, ArticleKind, ContentId, Document, Library};

pub(super) fn run(
    args: &OutlineArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let paths = super::library::paths_or_library(&args.paths, settings, err);
    let (report, outcome) = load_or_sample(&paths, settings, Need::Outline, err);
    if args.json {
        write_json(&report.library, &report.failures, out)?;
    } else {
        write_text(&report.library, args.all, out)?;
    }
    // The process ends right after: freeing thousands of outlines one
    // by one would cost more than printing them.
    std::mem::forget(report);
    Ok(outcome)
}

/// The text outline. Readable articles are numbered per document; with
/// `all`, the other segments appear unnumbered, marked by their kind.
pub(super) fn write_text(library: &Library, all: bool, out: &mut dyn Write) -> io::Result<()> {
    for (index, doc) in library.documents.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_document(doc, all, out)?;
    }
    Ok(())
}

fn write_document(doc: &Document, all: bool, out: &mut dyn Write) -> io::Result<()> {
    let count = doc.readable().count();
    let noun = if count == 1 { "article" } else { "articles" };
    writeln!(out, "{} ({}) · {count} {noun}", display_safe(&doc.title), display_safe(&doc.origin))?;
    let mut number = 0usize;
    for article in &doc.articles {
        if article.kind.is_readable() {
            number += 1;
            write_number(number, 3, out)?;
            out.write_all(b". ")?;
        } else if all {
            out.write_all(b"   - ")?;
        } else {
            continue;
        }
        write_article(article, out)?;
    }
    Ok(())
}

/// The article's line after its marker, then its section headings.
fn write_article(article: &Article, out: &mut dyn Write) -> io::Result<()> {
    write_article_line(article, out)?;
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            let depth = usize::from(section.level.saturating_sub(2)).min(6);
            out.write_all(&INDENT[..6 + 2 * depth])?;
            write_safe(heading, out)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Enough spaces for the deepest heading's indent.
const INDENT: &[u8; 18] = b"                  ";

/// `Title — Author (source) [kind] · W words · M min`, and the newline.
/// Written piece by piece: an outline of a large library is tens of
/// thousands of these lines.
fn write_article_line(article: &Article, out: &mut dyn Write) -> io::Result<()> {
    write_safe(&article.title, out)?;
    if let Some(author) = &article.author {
        out.write_all(" — ".as_bytes())?;
        write_safe(author, out)?;
    }
    if let Some(source) = &article.source {
        out.write_all(b" (")?;
        write_safe(source, out)?;
        out.write_all(b")")?;
    }
    out.write_all(b" [")?;
    out.write_all(article.kind.as_str().as_bytes())?;
    out.write_all("] · ".as_bytes())?;
    write_number(article.words, 0, out)?;
    out.write_all(if article.words == 1 { b" word" } else { b" words" })?;
    out.write_all(" · ".as_bytes())?;
    write_number(article.reading_minutes(), 0, out)?;
    out.write_all(b" min\n")
}

/// `n` in decimal, right-aligned in `width` columns (at most 20), without
/// the formatting machinery: it showed in profiles of large outlines.
fn write_number(n: usize, width: usize, out: &mut dyn Write) -> io::Result<()> {
    let mut digits = [b' '; 20];
    let (mut at, mut rest) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.write_all(&digits[at.min(digits.len().saturating_sub(width))..])
}

/// [`display_safe`] straight to `out`.
fn write_safe(text: &str, out: &mut dyn Write) -> io::Result<()> {
    let safe = text.bytes().all(|b| b >= 0x20 && b != 0x7f && b != 0xc2);
    if safe { out.write_all(text.as_bytes()) } else { out.write_all(display_safe(text).as_bytes()) }
}

/// The JSON contract. Field names and nesting are public API: change them
/// only with the README.
#[derive(Serialize)]
struct OutlineJson {
    documents: Vec<DocumentJson>,
    errors: Vec<ErrorJson>,
}

#[derive(Serialize)]
struct DocumentJson {
    path: String,
    id: ContentId,
    title: String,
    articles: Vec<ArticleJson>,
}

#[derive(Serialize)]
struct ArticleJson {
    id: ContentId,
    title: String,
    author: Option<String>,
    source: Option<String>,
    /// As the file writes it ("4 Mar 2025", "2025-03-04"); null when none.
    date: Option<String>,
    kind: ArticleKind,
    words: usize,
    sections: Vec<SectionJson>,
}

#[derive(Serialize)]
struct SectionJson {
    heading: String,
    level: u8,
}

#[derive(Serialize)]
struct ErrorJson {
    path: String,
    message: String,
}

pub(super) fn write_json(
    library: &Library,
    failures: &[LoadFailure],
    out: &mut dyn Write,
) -> io::Result<()> {
    let json = OutlineJson {
        documents: library.documents.iter().map(document_json).collect(),
        errors: failures
            .iter()
            .map(|f| ErrorJson { path: display_safe(&f.path), message: display_safe(&f.message) })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}

fn document_json(doc: &Document) -> DocumentJson {
    DocumentJson {
        path: display_safe(&doc.origin),
        id: doc.id,
        title: display_safe(&doc.title),
        articles: doc.articles.iter().map(article_json).collect(),
    }
}

fn article_json(article: &Article) -> ArticleJson {
    ArticleJson {
        id: article.id,
        title: display_safe(&article.title),
        author: article.author.as_deref().map(display_safe),
        source: article.source.as_deref().map(display_safe),
        date: article.date.as_deref().map(display_safe),
        kind: article.kind,
        words: article.words,
        sections: article
            .sections
            .iter()
            .filter_map(|s| {
                let heading = display_safe(s.heading.as_deref()?);
                Some(SectionJson { heading, level: s.level })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Format, Inline, Section};

    fn segment(title: &str, kind: ArticleKind, headings: &[(&str, u8)]) -> Article {
        let mut sections = vec![Section {
            heading: None,
            level: 2,
            blocks: vec![Block::Paragraph(Inline::text("one two three").into())],
        }];
        sections.extend(headings.iter().map(|(h, level)| Section {
            heading: Some((*h).into()),
            level: *level,
            blocks: Vec::new(),
        }));
        Article::new(title.into(), kind, sections)
    }

    fn library() -> Library {
        let mut letter = segment("Editor's letter", ArticleKind::Letter, &[]);
        letter.author = Some("Ed".into());
        let mut article = segment("Deep dive", ArticleKind::Article, &[("Why", 2), ("How", 3)]);
        article.source = Some("Blog".into());
        article.date = Some("4 Mar 2025".into());
        let ad = segment("Sponsor", ArticleKind::Ad, &[]);
        let doc = Document {
            id: ContentId(7),
            origin: "dir/issue.txt".into(),
            title: "Issue 1".into(),
            format: Format::Text,
            articles: vec![letter, ad, article],
            warnings: Vec::new(),
        };
        Library { documents: vec![doc] }
    }

    fn text(all: bool) -> String {
        let mut out = Vec::new();
        write_text(&library(), all, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn readable_articles_are_numbered_and_ads_need_all() {
        let expected = "\
Issue 1 (dir/issue.txt) · 2 articles
  1. Editor's letter — Ed [letter] · 3 words · 1 min
  2. Deep dive (Blog) [article] · 5 words · 1 min
      Why
        How
";
        assert_eq!(text(false), expected);
        let all = text(true);
        assert!(all.contains("\n   - Sponsor [ad] · 3 words · 1 min\n  2. Deep dive"), "{all}");
    }

    #[test]
    fn json_lists_every_segment_with_null_bylines() {
        let mut out = Vec::new();
        write_json(&library(), &[], &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let articles = value["documents"][0]["articles"].as_array().unwrap();
        let kinds: Vec<&str> = articles.iter().map(|a| a["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["letter", "ad", "article"]);
        assert!(articles[1]["author"].is_null() && articles[1]["source"].is_null());
        assert!(articles[0]["date"].is_null());
        assert_eq!(articles[2]["date"], "4 Mar 2025");
        assert_eq!(
            articles[2]["sections"],
            serde_json::json!([
                {"heading": "Why", "level": 2},
                {"heading": "How", "level": 3}
            ])
        );
        assert_eq!(value["documents"][0]["id"], "0000000000000007");
    }

    #[test]
    fn numbers_are_written_right_aligned_and_never_cut() {
        let written = |n: usize, width: usize| {
            let mut out = Vec::new();
            write_number(n, width, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(written(0, 0), "0");
        assert_eq!(written(7, 3), "  7");
        assert_eq!(written(42, 3), " 42");
        assert_eq!(written(1234, 3), "1234");
        assert_eq!(written(usize::MAX, 0), usize::MAX.to_string());
    }
}
