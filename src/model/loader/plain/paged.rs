//! Paginated text → segments. The page furniture ([`pages`]), the title
//! page and the contents ([`frontpage`]) are set aside as segments of
//! their own; the rest is written out again as flowing text, with each
//! paragraph a page break split joined up, and segmented from there.
//!
//! A document with numbered sections (a contents list, or section numbers
//! on its headings) is one article with those sections, as a report or a
//! specification is; anything else paginated goes through the ordinary
//! segmenter, which finds its articles.
//!
//! [`pages`]: super::pages
//! [`frontpage`]: super::frontpage

use std::collections::HashSet;

use super::frontpage::{self, Front, fold};
use super::pages::{Pages, is_blank};
use super::shape::{heading, title_shape};
use super::splitting::units_at;
use super::units::{Unit, UnitKind};
use super::{Segmented, build, figures, repair, start};
use crate::model::document::{Article, ArticleKind};
use crate::model::scan::ascii;
use crate::model::shared::Source;

/// Segments a paginated text.
pub fn segment(pages: &Pages, fallback_title: &str) -> Segmented {
    let front = frontpage::read(pages);
    // The body, front and furniture are texts of their own, rebuilt from
    // the pages: the model shares their bytes, not the file's.
    let body = Source::new(body_text(pages, &front));
    let newlines = crate::model::loader::newlines(body.text());
    let mut articles: Vec<Article> = Vec::new();
    let front_text = Source::new(front_text(pages, &front));
    let front_units =
        units_at(front_text.text(), &crate::model::loader::newlines(front_text.text()));
    if !front_units.is_empty() {
        articles.push(titled(build::furniture(ArticleKind::FrontMatter, front_units, &front_text)));
    }
    let units = units_at(body.text(), &newlines);
    let numbered =
        units.iter().filter(|u| u.lines.len() == 1 && numbered_heading(u.lines[0])).count() >= 2;
    // Without section numbers, the ordinary segmenter reads the text; a
    // contents list then only makes it one article if that segmenter
    // finds no more than one (an eMag with page numbers has several).
    let flowing = (!numbered).then(|| super::segment_flowing(&body, newlines, fallback_title));
    let title = match flowing {
        Some(flowing) if front.contents.is_none() || readable(&flowing.articles) >= 2 => {
            let mut inner = flowing.articles;
            if let Some(first) = inner.iter_mut().find(|a| a.kind.is_readable()) {
                first.author = first.author.take().or_else(|| front.author.clone());
                first.date = first.date.take().or_else(|| front.date.clone());
            }
            articles.extend(inner);
            front.title.clone().unwrap_or(flowing.title)
        }
        _ => {
            let article = one_article(units, &front, fallback_title, &body);
            let title = article.title.clone();
            articles.push(article);
            title
        }
    };
    let furniture = Source::new(furniture_text(pages));
    let units = units_at(furniture.text(), &crate::model::loader::newlines(furniture.text()));
    articles.push(titled(build::furniture(ArticleKind::Boilerplate, units, &furniture)));
    Segmented { title, articles }
}

/// A segment titled by its first line, with the layout's runs of spaces
/// made single ("Heron Notes          A. Lindqvist").
fn titled(mut segment: Article) -> Article {
    segment.title = segment.title.split_whitespace().collect::<Vec<_>>().join(" ");
    segment.refresh();
    segment
}

fn readable(articles: &[Article]) -> usize {
    articles.iter().filter(|a| a.kind.is_readable()).count()
}

/// A report or specification: one article, its sections the numbered (or
/// listed) headings. Without a title page, a title-shaped first line (with
/// any byline or dateline under it) gives the title.
fn one_article(
    mut units: Vec<Unit>,
    front: &Front,
    fallback_title: &str,
    source: &Source,
) -> Article {
    mark_headings(&mut units, &front.entries);
    repair::mend_page_breaks(&mut units);
    let (mut title, mut author, mut date) =
        (front.title.clone(), front.author.clone(), front.date.clone());
    let opening = units.first().is_some_and(|u| {
        u.is_line() && !numbered_heading(u.lines[0]) && title_shape(u.text()) && units.len() > 1
    });
    if title.is_none() && opening {
        let start = start::scan(&units, 0);
        let mut used = start.meta.clone();
        used.push(start.title_unit);
        title = Some(start.title);
        author = author.or(start.author);
        date = date.or(start.date);
        let mut k = 0;
        units.retain(|_| {
            k += 1;
            !used.contains(&(k - 1))
        });
    }
    let title = title.unwrap_or_else(|| fallback_title.to_string());
    let meta = (author, None, date);
    let mut article =
        build::article(title, ArticleKind::Article, units, meta, source, &mut String::new());
    number_levels(&mut article);
    article
}

/// The text without its furniture, title page and contents. Where a page
/// break fell inside a paragraph (the line before it does not end a
/// sentence and the line after it starts in lowercase) or inside a figure
/// (drawn lines on both sides), the two sides are joined; elsewhere a page
/// break is a paragraph break.
fn body_text(pages: &Pages, front: &Front) -> String {
    let set_aside = |i: usize| {
        front.title_page.contains(&i) || front.contents.as_ref().is_some_and(|r| r.contains(&i))
    };
    let mut out = String::with_capacity(pages.lines.iter().map(|l| l.len() + 1).sum());
    let mut prev: Option<&str> = None;
    let (mut gap, mut page_break) = (false, false);
    for (i, line) in pages.lines.iter().enumerate() {
        if pages.furniture[i] {
            (gap, page_break) = (true, true);
            continue;
        }
        if set_aside(i) || is_blank(line) {
            gap = true;
            continue;
        }
        if let Some(before) = prev
            && gap
            && !(page_break && joins(before, line))
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
        (gap, page_break) = (false, false);
    }
    out
}

/// Does a page break between these lines fall inside a paragraph or a
/// figure (drawn lines, or columns that line up, on both sides)?
fn joins(before: &str, after: &str) -> bool {
    let (b, a) = (ascii::trim(before), ascii::trim(after));
    let drawn = figures::drawn_line(b) && figures::drawn_line(a);
    let columns = figures::column_starts(before);
    let aligned = figures::column_starts(after).iter().any(|c| columns.contains(c));
    drawn || aligned || dangles(b) && a.starts_with(char::is_lowercase)
}

/// A line that stops mid-sentence: it ends in a letter, a digit, a comma
/// or a hyphen, and is not a numbered heading.
fn dangles(line: &str) -> bool {
    let last = line.chars().next_back().unwrap_or('.');
    let open =
        last.is_alphanumeric() || last == ',' || line.ends_with('-') && !line.ends_with(" -");
    open && !numbered_heading(line)
}

/// "3.2.  Framing", "3.1  Jobs per day", "12 Results", "A.2  Data": a
/// section number (digits and dots, opening with a digit, or with an
/// appendix letter and a dot before digits) and a space, then a line
/// shaped like a heading.
pub fn numbered_heading(line: &str) -> bool {
    let t = ascii::trim(line);
    let b = t.as_bytes();
    let lettered =
        b.len() > 2 && b[0].is_ascii_uppercase() && b[1] == b'.' && b[2].is_ascii_digit();
    let from = if lettered { 2 } else { 0 };
    let number = from + t[from..].bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if number == from || number > 12 || !b[from].is_ascii_digit() {
        return false;
    }
    let rest = &t[number..];
    let title = rest.trim_start();
    rest.len() > title.len()
        && title.starts_with(char::is_uppercase)
        && title.split_whitespace().nth(10).is_none()
        && heading(title).is_some_and(|h| h.opens_section())
}

/// Does the section number have levels ("3.1", "3.1.")?
fn nested_number(line: &str) -> bool {
    let t = ascii::trim(line);
    let number: &str = t.split(' ').next().unwrap_or("");
    number.trim_end_matches('.').contains('.')
}

/// Turns the one-line units that are section headings into headings: a
/// line the contents list names, or (without a contents list, or for a
/// sub-section the list leaves out) a numbered heading. A caption or title
/// next to a figure, and a lone line of columns (a figure's row cut off by
/// a page), are text, not headings.
fn mark_headings(units: &mut [Unit], entries: &[String]) {
    let entries: HashSet<&str> = entries.iter().map(String::as_str).collect();
    for i in 0..units.len() {
        let unit = &units[i];
        let one_line =
            unit.lines.len() == 1 && matches!(unit.kind, UnitKind::Para | UnitKind::List);
        if !one_line {
            continue;
        }
        let line = unit.lines[0];
        let listed = !entries.is_empty() && entries.contains(fold(line).as_str());
        let numbered = numbered_heading(line) && (entries.is_empty() || nested_number(line));
        if listed || numbered {
            units[i] = Unit::heading_line(ascii::trim(line));
        } else if figure_label(units, i) || !figures::column_starts(line).is_empty() {
            units[i].kind = UnitKind::Lines;
        }
    }
}

/// A one-line caption right under a figure ("Figure 2: Frame layout"), or
/// a line right above one (its title): text that goes with the figure.
fn figure_label(units: &[Unit], i: usize) -> bool {
    let figure = |k: usize| units.get(k).is_some_and(|u| u.kind == UnitKind::Code);
    let line = units[i].lines[0];
    (i > 0 && figure(i - 1) && caption(line)) || figure(i + 1) && !numbered_heading(line)
}

/// Numbered sections nest by their numbers: "3.1" is a level under "3".
/// Headings are given with single spaces ("3.1.  Framing" → "3.1.
/// Framing"): the gaps were the page's layout.
fn number_levels(article: &mut Article) {
    for section in &mut article.sections {
        let Some(heading) = section.heading.as_mut() else { continue };
        if numbered_heading(heading) {
            let number = heading.split(' ').next().unwrap_or("").trim_end_matches('.');
            let depth = number.matches('.').count();
            section.level = (2 + depth).min(4) as u8;
        }
        *heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    article.refresh();
}

/// "Figure 2: Frame layout", "Table 1. Queue time": a word, a number, a
/// colon or full stop, then text.
fn caption(line: &str) -> bool {
    let mut words = ascii::trim(line).split_whitespace();
    let (Some(label), Some(number)) = (words.next(), words.next()) else { return false };
    let number = number.trim_end_matches([':', '.']);
    label.chars().all(char::is_alphabetic)
        && label.starts_with(char::is_uppercase)
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_alphanumeric())
        && words.next().is_some()
}

/// The title page and the contents, as text for a front-matter segment.
fn front_text(pages: &Pages, front: &Front) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let ranges = std::iter::once(front.title_page.clone()).chain(front.contents.clone());
    for range in ranges {
        kept.extend(range.filter(|&i| !pages.furniture[i]).map(|i| pages.lines[i]));
        kept.push("");
    }
    kept.join("\n")
}

/// The page furniture, a line a paragraph, for its own segment.
fn furniture_text(pages: &Pages) -> String {
    let lines = pages.lines.iter().zip(&pages.furniture).filter(|(_, f)| **f);
    lines.map(|(l, _)| ascii::trim(l)).collect::<Vec<_>>().join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings_and_near_misses() {
        assert!(numbered_heading("3.2.  Framing"));
        assert!(numbered_heading("3.1  Jobs per day"));
        assert!(numbered_heading("12 Results"));
        assert!(numbered_heading("A.2.  Raw Data"));
        assert!(!numbered_heading("A. Lindqvist"));
        assert!(!numbered_heading("U.S. Markets Rally"));
        assert!(!numbered_heading("2025 was a year of change."));
        assert!(!numbered_heading("3.5 percent of the jobs failed, and"));
        assert!(!numbered_heading("Framing"));
    }

    #[test]
    fn captions() {
        assert!(caption("Figure 2: Frame layout, in octets"));
        assert!(caption("Table 1. Queue time by month"));
        assert!(!caption("Frame Types"));
    }

    #[test]
    fn page_breaks_join_split_sentences_only() {
        assert!(joins("   that an", "   implementation may leave"));
        assert!(!joins("   ends here.", "   next sentence"));
        assert!(!joins("3.  Framing", "   after the greetings"));
        assert!(joins("   |  a  |", "   |  b  |"));
        assert!(joins("   S: WAKE     queue=7", "   R: SEND     slot=3   octets=220"));
        assert!(!joins("   Term:  a meaning.", "   Other:  another."));
    }
}
