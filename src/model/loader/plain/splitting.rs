//! Splitting a text's lines into units: blank lines end a chunk, and each
//! chunk is split by its shape into paragraphs, headings, lists, tables,
//! code and pull quotes (see [`super::units`] for what a unit is).

use std::borrow::Cow;

use super::dates::dated_byline;
use super::footnote;
use super::indented::laid_out;
use super::meta::{byline, date_line, source_line};
use super::shape::{Case, bullet, has_tab, heading_case};
use super::units::{Lines, Unit, UnitKind, paragraph, push_wrapped};
use super::{figures, inline};
use crate::model::document::{Align, Block, Inline, List, ListItem, Table};
use crate::model::scan::ascii;
use crate::model::shared::Source;

/// [`units_at`] for a text whose newlines are not yet found.
#[cfg(test)]
pub fn units(text: &str) -> Vec<Unit<'_>> {
    units_at(text, &crate::model::loader::newlines(text))
}

/// Splits text into units at blank lines (NBSP-only lines count as blank),
/// then splits each chunk by shape; `newlines` are where the text's
/// newlines are.
pub fn units_at<'a>(text: &'a str, newlines: &[usize]) -> Vec<Unit<'a>> {
    // About one unit per 150 bytes in eMags and digests; sized for a little
    // more, so that the vector is not copied as it grows.
    let mut out = Vec::with_capacity(text.len() / 128);
    let mut chunk: Vec<&str> = Vec::new();
    let mut marks: Vec<Mark> = Vec::new();
    // Most files hold no tab at all, which one search of the whole text
    // settles for every line.
    let tabs = memchr::memchr(b'\t', text.as_bytes()).is_some();
    let mut flush = |chunk: &mut Vec<&'a str>, out: &mut Vec<Unit<'a>>| {
        // Each line's list mark is read once: a list line is asked up to
        // three times, by the split into runs and by the list it joins.
        marks.clear();
        marks.extend(chunk.iter().map(|line| bullet(line)));
        if figures::is_figure(span_of(text, chunk), chunk) {
            out.push(code_unit(chunk));
            chunk.clear();
            return;
        }
        // A lone `*` line explaining an earlier `word*` is a paragraph of
        // its own, not a list item and not part of the text above it.
        let mut from = 0;
        for k in 0..chunk.len() {
            if marks[k].is_some_and(|(n, _)| n.is_none()) && footnote::is_footnote(text, chunk[k]) {
                marks[k] = None;
                if k > from {
                    chunk_units(&chunk[from..k], &marks[from..k], tabs, out);
                }
                from = k;
            }
        }
        chunk_units(&chunk[from..], &marks[from..], tabs, out);
        chunk.clear();
    };
    for line in lines(text, newlines) {
        if is_blank(line) {
            if !chunk.is_empty() {
                flush(&mut chunk, &mut out);
            }
        } else {
            chunk.push(line.trim_end());
        }
    }
    if !chunk.is_empty() {
        flush(&mut chunk, &mut out);
    }
    out
}

/// The stretch of `text` from the first of `lines` to the end of the last
/// (they are slices of it), found from where they sit in memory.
fn span_of<'a>(text: &'a str, lines: &[&str]) -> &'a str {
    let offset = |line: &str| (line.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else { return "" };
    text.get(offset(first)..offset(last) + last.len()).unwrap_or("")
}

/// The lines of a text as [`str::lines`] has them, from where its
/// newlines are.
fn lines<'a>(text: &'a str, newlines: &[usize]) -> impl Iterator<Item = &'a str> {
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    let mut from = 0;
    newlines.iter().copied().chain(last).map(move |end| {
        let line = &text[from..end];
        from = end + 1;
        // Only a line ended by a newline loses a CR ("\r\n").
        if end < text.len() { line.strip_suffix('\r').unwrap_or(line) } else { line }
    })
}

/// Only whitespace, Unicode's included; decided on the first byte for the
/// usual line that starts with a letter.
fn is_blank(line: &str) -> bool {
    match line.bytes().find(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => line.trim().is_empty(),
    }
}

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// A line's list mark and item text, as [`bullet`] reads them.
type Mark<'a> = Option<(Option<u64>, &'a str)>;

/// Splits one chunk by shape; `marks` are its lines' list marks, and
/// `tabs` is false when no line holds a tab.
fn chunk_units<'a>(lines: &[&'a str], marks: &[Mark<'a>], tabs: bool, out: &mut Vec<Unit<'a>>) {
    let tab_row = |k: usize| tabs && inner_tab(lines[k]);
    if lines.len() >= 2 && (code_share(lines) * 2 >= lines.len() || laid_out(lines)) {
        out.push(code_unit(lines));
        return;
    }
    let n = lines.len();
    let mut i = 0;
    while i < n {
        if marks[i].is_some() {
            let run = run_len(i, n, |k| {
                marks[k].is_some() || !tab_row(k) && is_continuation(lines[k], lines[i])
            });
            out.push(list_unit(&lines[i..i + run], &marks[i..i + run]));
            i += run;
            continue;
        }
        let rows = run_len(i, n, tab_row);
        if rows >= 2 {
            out.push(table_unit(&lines[i..i + rows]));
            i += rows;
            continue;
        }
        let prose = run_len(i, n, |k| marks[k].is_none() && !tab_row(k));
        prose_units(&lines[i..i + prose], out);
        i += prose;
    }
}

/// A tab between a line's words (a table's column break), not in its
/// indent; most lines hold no tab at all, which one search settles.
fn inner_tab(line: &str) -> bool {
    has_tab(line) && has_tab(ascii::trim(line))
}

/// Length of the run of lines from `from` (at least that one) up to `to`
/// whose index matches `pred`.
fn run_len(from: usize, to: usize, pred: impl Fn(usize) -> bool) -> usize {
    1 + (from + 1..to).take_while(|&k| pred(k)).count()
}

/// A wrapped list item's next line, not a list line itself: indented past
/// the bullet, or starting lowercase after an item that has not ended.
fn is_continuation(line: &str, first: &str) -> bool {
    indent(line) > indent(first) + 1 || ascii::trim_start(line).starts_with(char::is_lowercase)
}

fn code_like(line: &str) -> bool {
    let t = ascii::trim(line);
    t.ends_with([';', '{', '}', '(', '[', ','])
        && !t.ends_with("...,")
        && t.split_whitespace().count() < 12
        && (t.contains(['(', '=', '{', '}', ';', '[']))
        || t.ends_with("=>")
        || t.ends_with("->")
        || t.starts_with(['}', ')', ']'])
        || t.starts_with("//")
        || t.starts_with("#include")
        || t.starts_with("$ ")
        || (t.ends_with(')') && t.contains('(') && !t.contains(' '))
        // The '=' byte first: one vector search turns most lines away
        // before the substring search for " = " is set up.
        || (memchr::memchr(b'=', t.as_bytes()).is_some()
            && t.contains(" = ")
            && !t.contains(". ")
            && t.split_whitespace().count() <= 8)
}

fn code_share(lines: &[&str]) -> usize {
    lines.iter().filter(|l| code_like(l)).count()
}

fn code_unit<'a>(lines: &[&'a str]) -> Unit<'a> {
    let base = lines.iter().map(|l| indent(l)).min().unwrap_or(0);
    let text: Vec<String> =
        lines.iter().map(|l| l.chars().skip(base.min(indent(l))).collect::<String>()).collect();
    let text = text.join("\n");
    Unit::new(
        UnitKind::Code,
        Lines::trimmed(lines),
        Cow::Owned(text.clone()),
        Some(Block::Code { lang: None, text }),
    )
}

fn table_unit<'a>(lines: &[&'a str]) -> Unit<'a> {
    let rows: Vec<Vec<Vec<Inline>>> = lines
        .iter()
        .map(|l| l.trim().split('\t').map(|cell| inline::parse(cell.trim())).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let text = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    let table = Table { align: vec![Align::Left; columns], rows, has_header: true };
    Unit::new(
        UnitKind::Table,
        Lines::trimmed(lines),
        Cow::Owned(text),
        Some(Block::Table(Box::new(table))),
    )
}

/// Bulleted or numbered lines → a list, nested by bullet indentation.
fn list_unit<'a>(lines: &[&'a str], marks: &[Mark<'a>]) -> Unit<'a> {
    let mut items: Vec<(usize, Option<u64>, String)> = Vec::new();
    for (line, mark) in lines.iter().zip(marks) {
        match *mark {
            Some((number, text)) => items.push((indent(line), number, text.trim().to_string())),
            None => {
                if let Some(last) = items.last_mut() {
                    push_wrapped(&mut last.2, line.trim());
                }
            }
        }
    }
    let text = items.iter().map(|i| i.2.as_str()).collect::<Vec<_>>().join("\n");
    let list = build_list(&items, 1);
    Unit::new(UnitKind::List, Lines::trimmed(lines), Cow::Owned(text), Some(Block::List(list)))
}

/// Lists nest at most this deep; deeper items join the deepest level, so
/// hostile indentation cannot build (and later recurse into) deep trees.
const MAX_LIST_DEPTH: usize = 8;

fn build_list(items: &[(usize, Option<u64>, String)], depth: usize) -> List {
    let base = items.first().map(|i| i.0).unwrap_or(0);
    let mut list = List { start: items.first().and_then(|i| i.1), items: Vec::new() };
    let mut i = 0;
    while i < items.len() {
        let (_, _, text) = &items[i];
        let deeper = |it: &&(usize, Option<u64>, String)| it.0 > base + 1;
        let nested = if depth < MAX_LIST_DEPTH {
            items[i + 1..].iter().take_while(deeper).count()
        } else {
            0
        };
        // The item's text is a string of its own already.
        let mut blocks = vec![paragraph(Cow::Borrowed(text), &Source::none())];
        if nested > 0 {
            blocks.push(Block::List(build_list(&items[i + 1..i + 1 + nested], depth + 1)));
        }
        list.items.push(ListItem { task: None, blocks });
        i += 1 + nested;
    }
    list
}

/// Lines that stand alone even without a blank line around them: a title
/// repeated on the next line (blog exports), bylines (with a date too),
/// datelines, sources.
fn standalone(lines: &[&str], i: usize) -> bool {
    let line = ascii::trim(lines[i]);
    (i > 0 && ascii::trim(lines[i - 1]) == line)
        || (i + 1 < lines.len() && ascii::trim(lines[i + 1]) == line)
        || byline(line).is_some()
        || date_line(line).is_some()
        || source_line(line).is_some()
        || dated_byline(line).is_some()
}

/// Splits prose lines at standalone lines, then shapes each stretch.
/// Iterative, since hostile input may hold a million standalone lines.
fn prose_units<'a>(lines: &[&'a str], out: &mut Vec<Unit<'a>>) {
    if lines.len() == 1 {
        return prose_stretch(lines, out);
    }
    let mut from = 0;
    for at in 0..lines.len() {
        if standalone(lines, at) {
            if at > from {
                prose_stretch(&lines[from..at], out);
            }
            out.push(Unit::line(ascii::trim(lines[at])));
            from = at + 1;
        }
    }
    if from < lines.len() {
        prose_stretch(&lines[from..], out);
    }
}

fn prose_stretch<'a>(lines: &[&'a str], out: &mut Vec<Unit<'a>>) {
    if lines.iter().all(|l| ascii::trim_start(l).starts_with('>')) {
        let text = lines.iter().map(|l| l.trim_start()[1..].trim()).collect::<Vec<_>>().join(" ");
        out.push(Unit::prose(UnitKind::Quote, Lines::trimmed(lines), text));
        return;
    }
    if lines.len() >= 4 && lines.iter().all(|l| short_line(l)) {
        let text = lines.iter().map(|l| ascii::trim(l)).collect::<Vec<_>>().join(" ");
        let sentence = text.split_whitespace().any(|w| w.starts_with(char::is_lowercase));
        let kind = if sentence { UnitKind::PullQuote } else { UnitKind::Lines };
        out.push(Unit::prose(kind, Lines::trimmed(lines), text));
        return;
    }
    let mut rest = lines;
    if rest.len() >= 2 && splits_off_heading(rest[0], rest[1]) {
        out.push(Unit::line(ascii::trim(rest[0])));
        rest = &rest[1..];
    }
    if rest.len() == 1 || rest.iter().map(|l| l.len()).max().unwrap_or(0) > 200 {
        // Unwrapped text (web scrapes): every line is a paragraph.
        out.extend(rest.iter().map(|line| Unit::line(ascii::trim(line))));
        return;
    }
    let mut text = String::with_capacity(rest.iter().map(|l| l.len() + 1).sum());
    for line in rest {
        push_wrapped(&mut text, ascii::trim(line));
    }
    out.push(Unit::prose(UnitKind::Para, Lines::trimmed(rest), text));
}

fn short_line(line: &str) -> bool {
    let t = ascii::trim(line);
    t.split_whitespace().count() <= 3 && t.chars().count() <= 24
}

/// "The Brokerage Bull Case: A Numbers Game" directly above its paragraph.
fn splits_off_heading(first: &str, second: &str) -> bool {
    let second = second.trim();
    let case = heading_case(first);
    let strong = matches!(case, Some(Case::Title | Case::AllCaps));
    let sentence = case == Some(Case::Sentence)
        && first.split_whitespace().count() <= 8
        && second.len() > 2 * first.trim().len();
    let longer = second.chars().count() > 40 && second.len() * 2 > first.trim().len() * 3;
    (strong || sentence)
        && longer
        && second.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<UnitKind> {
        units(text).iter().map(|u| u.kind).collect()
    }

    #[test]
    fn lines_split_as_the_standard_library_splits_them() {
        for text in ["", "\n", "a", "a\n", "a\n\nb", "a\r\nb\r\n", "\n\nx\r", "é\n—\n"] {
            let newlines = crate::model::loader::newlines(text);
            assert_eq!(
                lines(text, &newlines).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn chunks_by_shape() {
        let text =
            "Title Line\n\n- one\n- two\n  more two\n\nA\tB\n1\t2\n\nfoo(bar);\n}\n\n  • x\n";
        use UnitKind::*;
        assert_eq!(kinds(text), vec![Para, List, Table, Code, List]);
        let list = &units(text)[1];
        assert_eq!(list.text(), "one\ntwo more two");
    }

    #[test]
    fn one_word_lines_become_a_pull_quote() {
        let u = units("Engage your\nsecurity,\nlegal, asset\nmanagement and\nteams.");
        assert_eq!(u[0].kind, UnitKind::PullQuote);
        assert_eq!(u[0].text(), "Engage your security, legal, asset management and teams.");
        assert_eq!(units("Mozilla\nPayPal\nSpotify\nOracle")[0].kind, UnitKind::Lines);
    }

    #[test]
    fn heading_directly_above_a_paragraph_is_split_off() {
        let long =
            "The ABR of 1.54 derived from 24 ratings paints the firm as a darling of brokers.";
        let text = format!("The Bull Case: A Numbers Game\n{long}");
        let u = units(&text);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text(), "The Bull Case: A Numbers Game");
    }

    #[test]
    fn nested_lists_follow_indentation() {
        let u = units("- a\n    - b\n- c");
        let Some(Block::List(list)) = u[0].block() else { panic!("not a list") };
        assert_eq!(list.items.len(), 2);
        assert!(matches!(list.items[0].blocks.get(1), Some(Block::List(_))));
    }
}
