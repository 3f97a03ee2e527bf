//! Scored articles → hits a person can read: where to land, which
//! section, and a one-line snippet with the query terms marked.

use unicode_width::UnicodeWidthChar;

use super::Hit;
use super::clauses::{ClauseMatch, Occurrences};
use super::matcher::match_ranges;
use super::query::Query;
use super::rank::Scored;
use super::source::Source;
use crate::model::document::{Article, Document};
use crate::model::text::{BLOCK_SEP, block_text};

/// Columns of context shown before the match (less, to start at a word).
const BEFORE: usize = 36;
/// Chars of snippet from the match on; the UI cuts it to the screen.
const AFTER: usize = 160;

/// The hit for a scored article of `doc`, the document the index numbers
/// `meta.doc` (the caller fetches it: the persistent index keeps no
/// documents).
pub fn hit(index: &dyn Source, query: &Query, s: &Scored, doc: &Document) -> Option<Hit> {
    let meta = index.article(s.article)?;
    let article = doc.articles.get(meta.article as usize)?;
    let offset = landing(index, s);
    let (section, part, start) = locate(article, offset);
    let (snippet, highlights) = snippet_in(&part, start, offset, query);
    Some(Hit {
        doc: meta.doc as usize,
        article: meta.article as usize,
        path: doc.origin.clone(),
        document_title: doc.title.clone(),
        article_title: article.title.clone(),
        section: article.sections.get(section).and_then(|s| s.heading.clone()),
        offset,
        snippet,
        highlights,
        score: s.score,
    })
}

/// Where the reader should land: an occurrence of the rarest clause that
/// has one in the text, the one closest to the other clauses' occurrences
/// (so a two-word query lands where both words are), earliest on ties.
/// A match in the title alone lands at the start.
fn landing(index: &dyn Source, s: &Scored) -> usize {
    let occurrences: Vec<Vec<u32>> = s.matches.iter().map(|m| offsets(index, m)).collect();
    let anchor = occurrences
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.is_empty())
        .min_by_key(|(_, o)| (o.len(), o.first()))
        .map(|(i, _)| i);
    let Some(anchor) = anchor else { return 0 };
    let cost = |at: u32| -> u64 {
        occurrences
            .iter()
            .enumerate()
            .filter(|(i, o)| *i != anchor && !o.is_empty())
            .map(|(_, o)| nearest(o, at))
            .sum()
    };
    occurrences[anchor].iter().copied().min_by_key(|&at| (cost(at), at)).unwrap_or(0) as usize
}

/// Offsets of a clause's occurrences: every one for a word, the first for
/// a phrase (enough to land on, and phrases are rare).
fn offsets(index: &dyn Source, m: &ClauseMatch) -> Vec<u32> {
    match m.at {
        Occurrences::Every { term, entry } => index
            .postings(term)
            .map(|p| p.positions(&entry).map(|p| p.offset).collect())
            .unwrap_or_default(),
        Occurrences::First(first) => first.into_iter().collect(),
    }
}

/// Distance from `at` to the nearest of the sorted `offsets`.
fn nearest(offsets: &[u32], at: u32) -> u64 {
    let i = offsets.partition_point(|&o| o < at);
    let after = offsets.get(i).map(|&o| o - at);
    let before = i.checked_sub(1).and_then(|j| offsets.get(j)).map(|&o| at - o);
    u64::from(after.into_iter().chain(before).min().unwrap_or(0))
}

/// The section holding `offset`, and the heading or block text holding it
/// with its start offset: a snippet comes from one block, and finding it
/// stops there instead of building the whole article's text.
fn locate(article: &Article, offset: usize) -> (usize, String, usize) {
    let mut at = 0;
    let mut last = (0, String::new(), 0);
    for (i, section) in article.sections.iter().enumerate() {
        let heading = section.heading.iter().cloned();
        for part in heading.chain(section.blocks.iter().map(block_text)) {
            if part.is_empty() {
                continue;
            }
            if at > 0 {
                at += BLOCK_SEP.len();
            }
            let len = part.chars().count();
            if offset < at + len {
                return (i, part, at);
            }
            last = (i, part, at);
            at += len;
        }
    }
    last
}

/// A one-line excerpt of `text` around `offset`, whitespace runs
/// collapsed, with the char ranges of query matches inside it.
pub fn snippet(text: &str, offset: usize, query: &Query) -> (String, Vec<(usize, usize)>) {
    snippet_in(text, 0, offset, query)
}

/// As [`snippet`], for a `text` that starts at char `base` of the article.
/// Works in byte positions around the match, so a huge block costs no more
/// than the walk to the match.
fn snippet_in(
    text: &str,
    base: usize,
    offset: usize,
    query: &Query,
) -> (String, Vec<(usize, usize)>) {
    let rel = offset.saturating_sub(base);
    let at = text.char_indices().nth(rel).map_or(text.len(), |(b, _)| b);
    let mut start = at;
    let mut lead = 0usize;
    let mut width = 0;
    for c in text[..at].chars().rev() {
        width += c.width().unwrap_or(0);
        if width > BEFORE {
            break;
        }
        start -= c.len_utf8();
        lead += 1;
    }
    // Start at a word rather than inside one.
    if text[..start].chars().next_back().is_some_and(char::is_alphanumeric)
        && let Some((b, c)) = text[start..at].char_indices().find(|(_, c)| c.is_whitespace())
    {
        lead = lead.saturating_sub(text[start..start + b].chars().count() + 1);
        start += b + c.len_utf8();
    }
    let end = text[at..].char_indices().nth(AFTER).map_or(text.len(), |(b, _)| at + b);
    let window = &text[start..end];
    let first = base + rel - lead;
    let ranges = match_ranges(window, first, query);
    let mut out = String::new();
    // map[i]: position in `out` of window char `i`.
    let mut map = Vec::with_capacity(window.len() + 1);
    let mut n = 0;
    if start > 0 {
        out.push('…');
        n += 1;
    }
    let mut space = false;
    for c in window.chars() {
        map.push(n);
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                n += 1;
            }
            space = true;
        } else {
            out.push(c);
            n += 1;
            space = false;
        }
    }
    map.push(n);
    if end < text.len() {
        out.push('…');
    }
    let pos = |o: usize| o.checked_sub(first).and_then(|i| map.get(i)).copied().unwrap_or(n);
    let highlights = ranges.into_iter().map(|(s, e)| (pos(s), pos(e))).collect();
    (out, highlights)
}
