//! `quire cat`: the reading text of a file, wrapped to a width.
//!
//! Output is plain text unless `Term::color` says the reader is a terminal
//! that wants colour; then headings are bold via plain SGR and nothing else.

use std::io::{self, Write};

use super::{CatArgs, Outcome, Term, load_reported, nth_readable};
use crate::library::{Catalogue, display_safe};
use crate::model::layout::{Layout, Line, Role, layout_article};
use crate::model::{Article, ArticleKind, Block, Document, Inline, Library, Section};

const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

pub(super) fn run(
    args: &CatArgs,
    term: &Term,
    catalogue: Option<&Catalogue>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let (report, outcome) = load_reported(std::slice::from_ref(&args.path), catalogue, err);
    let width = args.width.unwrap_or(term.width);
    let Some(number) = args.article else {
        write_library(&report.library, term, width, out)?;
        return Ok(outcome);
    };
    match select(&report.library.documents, number) {
        Ok(Some(article)) => {
            write_article(article, term.color, width, out)?;
            Ok(outcome)
        }
        // Nothing loaded: the failure is already reported.
        Ok(None) => Ok(outcome),
        Err(message) => {
            let path = display_safe(&args.path.to_string_lossy());
            writeln!(err, "quire: {path}: {message}")?;
            Ok(Outcome::Failure)
        }
    }
}

/// The Nth readable article of the only document loaded.
fn select(documents: &[Document], number: u32) -> Result<Option<&Article>, String> {
    let doc = match documents {
        [] => return Ok(None),
        [doc] => doc,
        many => {
            return Err(format!(
                "--article needs a single file, but this path holds {} documents",
                many.len()
            ));
        }
    };
    nth_readable(doc, number).map(Some).ok_or_else(|| {
        let count = doc.readable().count();
        let noun = if count == 1 { "article" } else { "articles" };
        format!("no article {number} (the file has {count} {noun})")
    })
}

/// Every readable article of every document. With several documents each
/// starts with a banner naming it, so the reader knows where they are.
pub(super) fn write_library(
    library: &Library,
    term: &Term,
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    let banners = library.documents.len() > 1;
    let mut first = true;
    for doc in &library.documents {
        if banners {
            separate(&mut first, out)?;
            write_banner(doc, term.color, width, out)?;
        }
        for article in doc.readable() {
            separate(&mut first, out)?;
            write_article(article, term.color, width, out)?;
        }
    }
    Ok(())
}

fn separate(first: &mut bool, out: &mut dyn Write) -> io::Result<()> {
    if !std::mem::take(first) {
        writeln!(out)?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_banner(doc: &Document, color: bool, width: u16, out: &mut dyn Write) -> io::Result<()> {
    let title = display_safe(&doc.title);
    write_styled(&title, color, out)?;
    writeln!(out, "{}", display_safe(&doc.origin))?;
    writeln!(out, "{}", "═".repeat(usize::from(width)))
}

/// Header (title, byline, rule) then the wrapped body and its link list.
pub(super) fn write_article(
    article: &Article,
    color: bool,
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    let title = wrap_plain(&article.title, width);
    for line in &title.lines {
        write_styled(&line_text(line), color, out)?;
    }
    if let Some(byline) = byline(article) {
        for line in &wrap_plain(&byline, width).lines {
            writeln!(out, "{}", line_text(line))?;
        }
    }
    writeln!(out, "{}", "─".repeat(usize::from(width)))?;
    let body = layout_article(article, width);
    if !body.lines.is_empty() {
        writeln!(out)?;
    }
    write_lines(&body, color, out)?;
    write_links(&body, out)
}

/// "Author · Source", either part optional.
fn byline(article: &Article) -> Option<String> {
    let parts: Vec<&str> =
        [&article.author, &article.source].into_iter().flatten().map(String::as_str).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Wraps a one-off string (a title, a byline) with the same rules as the
/// body, by laying it out as a one-paragraph article.
fn wrap_plain(text: &str, width: u16) -> Layout {
    let paragraph = Block::Paragraph(Inline::text(text).into());
    let section = Section { heading: None, level: 2, blocks: vec![paragraph] };
    let article = Article::new(String::new(), ArticleKind::Article, vec![section]);
    layout_article(&article, width)
}

fn write_styled(text: &str, bold: bool, out: &mut dyn Write) -> io::Result<()> {
    if bold { writeln!(out, "{BOLD}{text}{RESET}") } else { writeln!(out, "{text}") }
}

fn line_text(line: &Line) -> String {
    line.spans.iter().map(|span| display_safe(&span.text)).collect()
}

/// The body lines; with colour, heading spans are bold and nothing else is
/// styled, so the text reads the same in a pager or a file.
fn write_lines(layout: &Layout, color: bool, out: &mut dyn Write) -> io::Result<()> {
    for line in &layout.lines {
        let mut text = String::new();
        for span in &line.spans {
            let safe = display_safe(&span.text);
            if color && matches!(span.style.role, Role::Heading(_)) {
                text.push_str(BOLD);
                text.push_str(&safe);
                text.push_str(RESET);
            } else {
                text.push_str(&safe);
            }
        }
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// The targets of the `[n]` markers in the text, since plain text cannot
/// carry links.
fn write_links(layout: &Layout, out: &mut dyn Write) -> io::Result<()> {
    if layout.links().is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    for (index, url) in layout.links().iter().enumerate() {
        writeln!(out, "[{}] {}", index + 1, display_safe(url))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::str_width;

    fn article() -> Article {
        let para = |text: &str| Block::Paragraph(Inline::text(text).into());
        let intro = Section { heading: None, level: 2, blocks: vec![para("Lead-in words.")] };
        let body = Section {
            heading: Some("A heading".into()),
            level: 2,
            blocks: vec![Block::Paragraph(
                vec![
                    Inline::text(
                        "Words that go on long enough to need wrapping at forty columns, ",
                    ),
                    Inline::Link {
                        text: vec![Inline::text("a link")],
                        url: "https://example.com".into(),
                    },
                    Inline::text("."),
                ]
                .into(),
            )],
        };
        let mut article = Article::new(
            "A title long enough to wrap at forty columns of width".into(),
            ArticleKind::Article,
            vec![intro, body],
        );
        article.author = Some("Ada Lovelace".into());
        article.source = Some("Example Weekly".into());
        article
    }

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        write_article(&article(), color, 40, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_output_is_wrapped_and_has_no_escapes() {
        let text = render(false);
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.lines().all(|l| str_width(l) <= 40), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "A title long enough to wrap at forty");
        assert_eq!(lines[1], "columns of width");
        assert_eq!(lines[2], "Ada Lovelace · Example Weekly");
        assert_eq!(lines[3], "─".repeat(40));
        assert!(text.contains("A heading") && text.contains("a link"), "{text}");
        assert!(text.ends_with("[1] https://example.com\n"), "{text}");
    }

    #[test]
    fn colour_makes_title_and_headings_bold_and_nothing_else() {
        let text = render(true);
        assert!(text.starts_with("\u{1b}[1mA title"), "{text}");
        assert!(text.contains("\u{1b}[1mA heading\u{1b}[0m"), "{text}");
        let stripped = text.replace(BOLD, "").replace(RESET, "");
        assert_eq!(stripped, render(false));
    }

    #[test]
    fn article_numbers_count_readable_articles_only() {
        let mut ad = article();
        ad.kind = ArticleKind::Ad;
        ad.title = "Buy now".into();
        let doc = Document {
            id: crate::model::ContentId(1),
            origin: "x.txt".into(),
            title: "X".into(),
            format: crate::model::Format::Text,
            articles: vec![ad, article()],
            warnings: Vec::new(),
        };
        let docs = [doc];
        let first = select(&docs, 1).unwrap().map(|a| a.kind);
        assert_eq!(first, Some(ArticleKind::Article));
        assert_eq!(select(&docs, 2).unwrap_err(), "no article 2 (the file has 1 article)");
        assert!(matches!(select(&[], 1), Ok(None)));
    }
}
