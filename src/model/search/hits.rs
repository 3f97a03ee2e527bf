//! Scored articles → hits a person can read: where to land, which
//! section, and a one-line snippet with the query terms marked.

use unicode_width::UnicodeWidthChar;

use super::index::Index;
use super::matcher::match_ranges;
use super::query::Query;
use super::rank::{ClauseMatch, Scored};
use super::{Hit, text_with_sections};

/// Columns of context shown before the match (less, to start at a word).
const BEFORE: usize = 36;
/// Chars of snippet from the match on; the UI cuts it to the screen.
const AFTER: usize = 160;

pub fn hit(index: &Index, query: &Query, s: &Scored) -> Option<Hit> {
    let meta = index.articles.get(s.article as usize)?;
    let doc = index.docs.get(meta.doc as usize)?;
    let article = doc.articles.get(meta.article as usize)?;
    let offset = landing(index, s);
    let (text, starts) = text_with_sections(article);
    let section = starts.partition_point(|&st| st <= offset).checked_sub(1);
    let (snippet, highlights) = snippet(&text, offset, query);
    Some(Hit {
        doc: meta.doc as usize,
        article: meta.article as usize,
        path: doc.origin.clone(),
        document_title: doc.title.clone(),
        article_title: article.title.clone(),
        section: section.and_then(|i| article.sections.get(i)).and_then(|s| s.heading.clone()),
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
fn landing(index: &Index, s: &Scored) -> usize {
    let occurrences: Vec<Vec<u32>> = s.matches.iter().map(|m| offsets(index, m)).collect();
    let anchor = s
        .matches
        .iter()
        .enumerate()
        .filter(|(i, _)| !occurrences[*i].is_empty())
        .min_by_key(|(i, m)| (occurrences[*i].len(), m.first))
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
fn offsets(index: &Index, m: &ClauseMatch) -> Vec<u32> {
    match m.entry.and_then(|(term, e)| Some((index.postings.get(term as usize)?, e))) {
        Some((postings, e)) => postings.positions(&e).map(|p| p.offset).collect(),
        None => m.first.into_iter().collect(),
    }
}

/// Distance from `at` to the nearest of the sorted `offsets`.
fn nearest(offsets: &[u32], at: u32) -> u64 {
    let i = offsets.partition_point(|&o| o < at);
    let after = offsets.get(i).map(|&o| o - at);
    let before = i.checked_sub(1).and_then(|j| offsets.get(j)).map(|&o| at - o);
    u64::from(after.into_iter().chain(before).min().unwrap_or(0))
}

/// A one-line excerpt around `offset`, whitespace runs collapsed, with the
/// char ranges of query matches inside it.
pub fn snippet(text: &str, offset: usize, query: &Query) -> (String, Vec<(usize, usize)>) {
    let chars: Vec<char> = text.chars().collect();
    let offset = offset.min(chars.len());
    let mut start = offset;
    let mut width = 0;
    while let Some(&c) = start.checked_sub(1).and_then(|i| chars.get(i)) {
        width += c.width().unwrap_or(0);
        if width > BEFORE {
            break;
        }
        start -= 1;
    }
    if start > 0
        && chars[start - 1].is_alphanumeric()
        && let Some(space) = chars[start..offset].iter().position(|c| c.is_whitespace())
    {
        start += space + 1;
    }
    let end = (offset + AFTER).min(chars.len());
    let window: String = chars[start..end].iter().collect();
    let ranges = match_ranges(&window, start, query);
    let mut out = String::new();
    // map[i]: position in `out` of window char `start + i`.
    let mut map = Vec::with_capacity(end - start + 1);
    let mut n = 0;
    if start > 0 {
        out.push('…');
        n += 1;
    }
    let mut space = false;
    for &c in &chars[start..end] {
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
    if end < chars.len() {
        out.push('…');
    }
    let at = |o: usize| map.get(o - start).copied().unwrap_or(n);
    let highlights = ranges.into_iter().map(|(s, e)| (at(s), at(e))).collect();
    (out, highlights)
}
