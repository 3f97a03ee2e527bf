//! `quire cat`: the reading text of a file, wrapped to a width.
//!
//! Output is plain text unless `Term::color` says the reader is a terminal
//! that wants colour; then headings are bold via plain SGR and nothing else.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{CatArgs, Outcome, Term, nth_readable, report_problems};
use crate::library::{display_safe, load_paths};
use crate::model::{Article, Document, Library};

const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

pub(super) fn run(
    args: &CatArgs,
    term: &Term,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let report = load_paths(std::slice::from_ref(&args.path));
    let outcome = report_problems(&report, err);
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

/// Header (title, byline, rule) then the wrapped body.
pub(super) fn write_article(
    article: &Article,
    color: bool,
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_styled(&display_safe(&article.title), color, out)?;
    if let Some(byline) = byline(article) {
        writeln!(out, "{byline}")?;
    }
    let title_width = UnicodeWidthStr::width(article.title.as_str());
    writeln!(out, "{}", "─".repeat(title_width.clamp(1, usize::from(width))))?;
    writeln!(out)?;
    write_body(article, color, width, out)
}

/// "Author · Source", either part optional.
fn byline(article: &Article) -> Option<String> {
    let parts: Vec<String> =
        [&article.author, &article.source].into_iter().flatten().map(|s| display_safe(s)).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn write_styled(text: &str, bold: bool, out: &mut dyn Write) -> io::Result<()> {
    if bold { writeln!(out, "{BOLD}{text}{RESET}") } else { writeln!(out, "{text}") }
}

fn write_body(article: &Article, _color: bool, _width: u16, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", crate::model::text::article_text(article))
}
