//! The plain-text segmenter: web-scraped digests, PDF-converted eMags,
//! single articles and blog archives without markup.
//!
//! The pipeline, each step in its own module:
//! 1. [`splitting`]: blank-line chunks → [`units`]: paragraphs, lists,
//!    tables, code, pull quotes; hard-wrapped lines are joined and
//!    hyphenation mended.
//! 2. [`repair`]: paragraphs split by page breaks are joined across the
//!    sidebars, pull quotes and ads the PDF dropped in between.
//! 3. [`furniture`]: runs of units that repeat (footers, sponsor blocks);
//!    [`navigation`]: recurring "read more" links, nav bars and pagers;
//!    [`contents`]: a contents list naming later titles.
//! 4. [`articles`]: article starts, scored on the signals around title lines;
//!    then sidebars ([`navigation`]) and separator lines ([`separators`]):
//!    what lies between boundaries, and the closing footer.
//! 5. [`build`]: sections and blocks per article.
//!
//! Paginated text (reports, specifications) first has its page furniture,
//! title page and contents set aside: [`pages`], [`frontpage`], [`paged`].
//! Figures (boxes, arrows, columns, grammar rules) stay line for line:
//! [`figures`].
//!
//! Line predicates shared by the passes: [`shape`] (headings, bullets,
//! titles, sales copy), [`meta`] (bylines, sources, datelines, bios) and
//! [`dates`] (dates and dated bylines).
//!
//! Nothing is dropped: ads, boilerplate, front and back matter become
//! segments of their own kind.

mod articles;
mod build;
mod contents;
mod dates;
mod figures;
mod footnote;
mod frontpage;
mod furniture;
mod indented;
mod inline;
/// Shared with the Markdown loader, whose bylines and datelines have the
/// same shapes.
pub(super) mod meta;
mod navigation;
mod paged;
mod pages;
mod repair;
mod separators;
mod shape;
mod splitting;
mod start;
mod units;

use super::Segmented;
use crate::model::document::{Article, ArticleKind};
use crate::model::shared::Source;
use start::Start;
use units::Unit;

/// What a unit turned out to be, beyond its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Content,
    /// Ads and boilerplate between articles (repeated runs), kept as
    /// segments of that kind. Boilerplate right before a title is evidence
    /// that an article starts there.
    Furniture(ArticleKind),
    /// Furniture the page layout dropped into the running text (running
    /// heads, page numbers, ads inside a split sentence): kept the same way,
    /// but it says nothing about where articles start.
    Insert(ArticleKind),
}

/// Splits plain text into articles and furniture segments; `newlines`
/// are where the text's newlines are (see [`super::newlines`]). The
/// model's paragraphs share the source's bytes where they are its lines.
pub fn segment(source: &Source, newlines: Vec<usize>, fallback_title: &str) -> Segmented {
    match pages::find(source.text(), &newlines) {
        Some(found) => paged::segment(&found, fallback_title),
        None => segment_flowing(source, newlines, fallback_title),
    }
}

/// [`segment`] for text that is not paginated, or whose page furniture
/// has been set aside (see [`paged`]). The newlines are dropped once the
/// units are found: a 100 MB file has 600,000 of them (5 MB), and held to
/// the end they sat beside the model at the peak of its load.
fn segment_flowing(source: &Source, newlines: Vec<usize>, fallback_title: &str) -> Segmented {
    let mut units = splitting::units_at(source.text(), &newlines);
    drop(newlines);
    repair::mend_page_breaks(&mut units);
    repair::classify_floated(&mut units);
    furniture::mark_repeated_runs(&mut units);
    furniture::mark_page_furniture(&mut units);
    furniture::mark_sponsor_blocks(&mut units);
    navigation::mark_link_lines(&mut units);
    let mut marked = navigation::mark_nav_lines(&mut units);
    let contents = contents::find(&units);
    let mut starts = articles::find_starts(&units, &contents);
    marked.extend(navigation::mark_sidebars(&mut units, &starts));
    separators::settle(&mut units, &mut starts, &contents, &marked);
    let articles = if starts.is_empty() {
        single_article(units, fallback_title, source)
    } else {
        several_articles(units, &starts, source)
    };
    let title = document_title(&articles, fallback_title);
    Segmented { title, articles }
}

/// A file without recognisable article starts is one article. Its title is
/// its first line if that is shaped like a title, else the file name, else
/// (for generic names like "untitled-3") its first sentence.
fn single_article(units: Vec<Unit>, fallback_title: &str, source: &Source) -> Vec<Article> {
    if units.is_empty() {
        return Vec::new();
    }
    let first = units.iter().position(|u| u.role == Role::Content);
    let titled = first.filter(|&i| {
        let u = &units[i];
        u.is_line() && u.is_heading() && units.len() > i + 1
    });
    let (title, start) = match titled {
        Some(i) => {
            let start = start::scan(&units, i);
            (start.title.clone(), Some(start))
        }
        None => (untitled(&units, fallback_title), None),
    };
    let mut out = Vec::new();
    let meta = start.as_ref().map(meta_of).unwrap_or_default();
    let skip: Vec<usize> = start.map(|s| consumed(&s)).unwrap_or_default();
    let kept = units.into_iter().enumerate().filter(|(i, _)| !skip.contains(i)).map(|(_, u)| u);
    push_with_furniture(&mut out, kept.collect(), source, |content| {
        build::article(title, ArticleKind::Article, content, meta, source, &mut String::new())
    });
    out
}

/// An article's author, source and date; dates that read as a day are
/// given as `YYYY-MM-DD`, whatever way the file wrote them.
fn meta_of(start: &Start) -> (Option<String>, Option<String>, Option<String>) {
    let date = start.date.as_ref().map(|d| dates::iso(d).unwrap_or_else(|| d.clone()));
    (start.author.clone(), start.source.clone(), date)
}

/// Units a start used up: its title and metadata lines.
fn consumed(start: &Start) -> Vec<usize> {
    let mut used = start.meta.clone();
    used.push(start.title_unit);
    used
}

/// Names that say nothing about the content.
fn generic_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    [
        "", "untitled", "document", "doc", "export", "file", "text", "new", "note", "notes",
        "output", "page", "article", "index", "readme", "draft", "scan", "copy",
    ]
    .contains(&stem)
        || lower.chars().all(|c| c.is_ascii_hexdigit() || c == ' ')
}

fn untitled(units: &[Unit], fallback_title: &str) -> String {
    if !generic_name(fallback_title) {
        return fallback_title.to_string();
    }
    let Some(text) = units.iter().find(|u| u.is_prose()).map(|u| inline::strip(u.text())) else {
        return fallback_title.to_string();
    };
    let end = text.find(['.', '!', '?']).map_or(text.len(), |at| at + 1);
    let sentence = &text[..end];
    if sentence.split_whitespace().count() <= 14 {
        return sentence.trim_end_matches('.').to_string();
    }
    let words: Vec<&str> = sentence.split_whitespace().take(10).collect();
    format!("{}…", words.join(" "))
}

fn several_articles(units: Vec<Unit>, starts: &[Start], source: &Source) -> Vec<Article> {
    let mut spans = Spans::new(units, starts);
    let mut out = Vec::new();
    let mut scratch = String::new();
    push_front_matter(&mut out, spans.front(), source);
    for (k, start) in starts.iter().enumerate() {
        let mut span = spans.take(k);
        let back = if k + 1 == starts.len() { split_back_matter(&mut span) } else { Vec::new() };
        let meta = meta_of(start);
        push_with_furniture(&mut out, span, source, |content| {
            build::article(
                start.title.clone(),
                articles::kind_of(start),
                content,
                meta,
                source,
                &mut scratch,
            )
        });
        if !back.is_empty() {
            out.push(build::furniture(ArticleKind::BackMatter, back, source));
        }
    }
    out
}

/// The units before the first start, then each start's units without the
/// title and metadata it used up, taken one span at a time as its article
/// is built. Taken all at once, the spans were a second copy of every unit
/// beside the first (a fifth of a 100 MB file's size at the peak of its
/// load); one at a time, each span reuses the room the last one freed.
struct Spans<'a, 's> {
    slots: Vec<Option<Unit<'a>>>,
    starts: &'s [Start],
}

impl<'a, 's> Spans<'a, 's> {
    fn new(units: Vec<Unit<'a>>, starts: &'s [Start]) -> Self {
        Spans { slots: units.into_iter().map(Some).collect(), starts }
    }

    /// The units before the first start; taken first.
    fn front(&mut self) -> Vec<Unit<'a>> {
        let first = self.starts.first().map_or(self.slots.len(), |s| s.first);
        take(&mut self.slots[..first])
    }

    /// Start `k`'s span; taken in order, after [`Spans::front`].
    fn take(&mut self, k: usize) -> Vec<Unit<'a>> {
        let start = &self.starts[k];
        // Cleared start by start: a start's metadata before its first unit
        // stays in the span before it, as it always has.
        for used in consumed(start) {
            self.slots[used] = None;
        }
        let end = self.starts.get(k + 1).map_or(self.slots.len(), |next| next.first);
        take(&mut self.slots[start.first..end])
    }
}

/// The units left in `slots`, in a vector sized to fit.
fn take<'a>(slots: &mut [Option<Unit<'a>>]) -> Vec<Unit<'a>> {
    let mut span = Vec::with_capacity(slots.iter().flatten().count());
    span.extend(slots.iter_mut().filter_map(Option::take));
    span
}

/// Builds an article from the content units and emits the furniture found
/// inside its span right after it, one segment per run.
fn push_with_furniture(
    out: &mut Vec<Article>,
    span: Vec<Unit>,
    source: &Source,
    make: impl FnOnce(Vec<Unit>) -> Article,
) {
    let mut content = Vec::with_capacity(span.len());
    let mut runs: Vec<(ArticleKind, Vec<Unit>)> = Vec::new();
    let mut last_was_furniture = false;
    for unit in span {
        match unit.role {
            Role::Content => {
                content.push(unit);
                last_was_furniture = false;
            }
            Role::Furniture(kind) | Role::Insert(kind) => {
                match runs.last_mut() {
                    Some((k, run)) if last_was_furniture && *k == kind => run.push(unit),
                    _ => runs.push((kind, vec![unit])),
                }
                last_was_furniture = true;
            }
        }
    }
    // Even an article with no body is listed: its title was in the file.
    out.push(make(content));
    out.extend(runs.into_iter().map(|(kind, run)| build::furniture(kind, run, source)));
}

/// The front of an eMag (cover, contents) is front matter; a sponsor's
/// page in it, from the heading above its first call to action to the end
/// of the front, is an ad.
fn push_front_matter(out: &mut Vec<Article>, mut front: Vec<Unit>, source: &Source) {
    let call = front.iter().position(|u| {
        u.text().split_whitespace().nth(12).is_none() && shape::ad_score(u.text()) >= 2
    });
    let ad = call.map(|at| {
        let lead = (at.saturating_sub(3)..at)
            .rev()
            .find(|&k| front[k].is_line() && front[k].heading_case().is_some());
        front.split_off(lead.unwrap_or(at))
    });
    if !front.is_empty() {
        out.push(build::furniture(ArticleKind::FrontMatter, front, source));
    }
    if let Some(ad) = ad.filter(|a| !a.is_empty()) {
        out.push(build::furniture(ArticleKind::Ad, ad, source));
    }
}

/// Cuts the back pages ("Previous issues", …) off the last article.
fn split_back_matter<'a>(span: &mut Vec<Unit<'a>>) -> Vec<Unit<'a>> {
    let at = span
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, u)| u.is_line() && shape::back_matter_heading(u.text()))
        .map(|(i, _)| i);
    at.map(|i| span.split_off(i)).unwrap_or_default()
}

/// The cover title of an eMag, else the only article's title, else the
/// file's.
fn document_title(articles: &[Article], fallback_title: &str) -> String {
    let readable: Vec<&Article> = articles.iter().filter(|a| a.kind.is_readable()).collect();
    if let Some(front) = articles.first().filter(|a| a.kind == ArticleKind::FrontMatter)
        && shape::heading_case(&front.title).is_some()
    {
        return front.title.clone();
    }
    match readable.as_slice() {
        [only] => only.title.clone(),
        _ => fallback_title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_hold_what_each_start_left_and_no_spare_room() {
        let text = "Intro.\n\nFirst Title\n\nBy Ann Lee\n\nBody one.\n\nBody two.\n\nSecond Title\n\nBody three.\n";
        let units = splitting::units(text);
        let start =
            |first, meta: Vec<usize>| Start { first, title_unit: first, meta, ..Start::default() };
        // The second start's metadata lies in the first's span: it stays there.
        let starts = [start(1, vec![2]), start(5, vec![4])];
        let mut taken = Spans::new(units, &starts);
        let front = taken.front();
        let spans = [taken.take(0), taken.take(1)];
        let texts = |span: &[Unit]| span.iter().map(|u| u.text().to_string()).collect::<Vec<_>>();
        assert_eq!(texts(&front), ["Intro."]);
        assert_eq!(
            spans.iter().map(|s| texts(s)).collect::<Vec<_>>(),
            [vec!["Body one.", "Body two."], vec!["Body three."]]
        );
        for span in spans.iter().chain([&front]) {
            assert_eq!(span.capacity(), span.len());
        }
    }
}
