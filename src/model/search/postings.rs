//! Posting lists: per term, one byte vector of varint-coded entries.
//!
//! Entry per article, in article order:
//! `article delta, (positions << 1) | has_more, [heading positions, title
//! count,] position bytes` followed by the positions (the bracketed counts
//! only when `has_more`: most entries have neither, and skipping the two
//! zero bytes makes the index about a tenth smaller), each `position delta, (offset delta << 1) |
//! in_heading`. Ranking reads only the headers and skips the positions by
//! their byte count; phrases and landing offsets decode the positions of
//! the few articles that need them. Varints keep the index well under the
//! size of the text (most deltas fit in one byte).

#[derive(Debug, Clone, Default)]
pub struct Postings {
    pub bytes: Vec<u8>,
    /// Articles the term occurs in.
    pub df: u32,
    /// The last article appended, for the next delta.
    last: u32,
}

/// The decoded header of one article's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub article: u32,
    /// Occurrences in the text (headings included).
    pub npos: u32,
    /// Of those, occurrences in section headings.
    pub head: u32,
    /// Occurrences in the article title (not part of the text).
    pub title: u32,
    /// Byte offset of the positions in `bytes`.
    pub at: u32,
    /// Byte length of the coded positions.
    pub coded: u32,
}

/// One occurrence in an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Token number in the article's text.
    pub pos: u32,
    /// Char offset in the article's canonical text.
    pub offset: u32,
    pub heading: bool,
}

impl Postings {
    /// Appends one article (ids must grow). `positions` is already coded.
    pub fn push(&mut self, article: u32, counts: (u32, u32, u32), positions: &[u8]) {
        let delta = if self.df == 0 { article } else { article - self.last };
        put(&mut self.bytes, delta);
        let more = counts.1 > 0 || counts.2 > 0;
        put(&mut self.bytes, counts.0.saturating_mul(2) | u32::from(more));
        if more {
            put(&mut self.bytes, counts.1);
            put(&mut self.bytes, counts.2);
        }
        put(&mut self.bytes, u32::try_from(positions.len()).unwrap_or(u32::MAX));
        self.bytes.extend_from_slice(positions);
        self.df += 1;
        self.last = article;
    }

    /// Appends another list whose articles are numbered from `base` on
    /// here (ids must grow): only its first entry's article is coded
    /// again, as a delta from this list's last; the rest of its bytes are
    /// deltas within it and are copied as they are.
    pub fn append(&mut self, other: &Postings, base: u32) {
        if other.df == 0 {
            return;
        }
        let mut at = 0;
        let article = get(&other.bytes, &mut at).saturating_add(base);
        let delta = if self.df == 0 { article } else { article.saturating_sub(self.last) };
        put(&mut self.bytes, delta);
        self.bytes.extend_from_slice(other.bytes.get(at..).unwrap_or_default());
        self.df += other.df;
        self.last = other.last.saturating_add(base);
    }

    /// A list read back with its counts stored beside it (and checked by
    /// the same hash as its bytes), so that reading it takes no pass.
    pub fn from_parts(bytes: Vec<u8>, df: u32, last: u32) -> Postings {
        Postings { bytes, df, last }
    }

    /// The coded positions of an entry, to copy into another list as they
    /// are (they are relative to the article, not to the list).
    pub fn coded_positions(&self, entry: &Entry) -> &[u8] {
        coded_in(&self.bytes, entry)
    }

    /// Empties the list, keeping its allocation.
    pub fn clear(&mut self) {
        self.bytes.clear();
        (self.df, self.last) = (0, 0);
    }

    pub fn entries(&self) -> Entries<'_> {
        entries_of(&self.bytes)
    }

    pub fn positions(&self, entry: &Entry) -> Positions<'_> {
        Positions { bytes: &self.bytes, at: entry.at as usize, left: entry.npos, pos: 0, offset: 0 }
    }

    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

/// The entries of a list's bytes, borrowed: the persistent index reads
/// lists it only copies from.
pub fn entries_of(bytes: &[u8]) -> Entries<'_> {
    Entries { bytes, at: 0, article: 0, first: true }
}

/// An entry's coded positions in its list's bytes.
pub fn coded_in<'a>(bytes: &'a [u8], entry: &Entry) -> &'a [u8] {
    let start = entry.at as usize;
    let end = start.saturating_add(entry.coded as usize).min(bytes.len());
    bytes.get(start..end).unwrap_or_default()
}

/// Codes one position into `out`, given the previous one in the article.
pub fn put_position(out: &mut Vec<u8>, prev: (u32, u32), p: Position) {
    put(out, p.pos - prev.0);
    put(out, ((p.offset - prev.1) << 1) | u32::from(p.heading));
}

pub struct Entries<'a> {
    bytes: &'a [u8],
    at: usize,
    article: u32,
    first: bool,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    #[inline]
    fn next(&mut self) -> Option<Entry> {
        if self.at >= self.bytes.len() {
            return None;
        }
        let delta = get(self.bytes, &mut self.at);
        self.article = if self.first { delta } else { self.article.saturating_add(delta) };
        self.first = false;
        let packed = get(self.bytes, &mut self.at);
        let npos = packed >> 1;
        let (head, title) = if packed & 1 == 1 {
            (get(self.bytes, &mut self.at), get(self.bytes, &mut self.at))
        } else {
            (0, 0)
        };
        let coded = get(self.bytes, &mut self.at);
        let at = u32::try_from(self.at).unwrap_or(u32::MAX);
        self.at = self.at.saturating_add(coded as usize);
        Some(Entry { article: self.article, npos, head, title, at, coded })
    }
}

pub struct Positions<'a> {
    bytes: &'a [u8],
    at: usize,
    left: u32,
    pos: u32,
    offset: u32,
}

impl Iterator for Positions<'_> {
    type Item = Position;

    fn next(&mut self) -> Option<Position> {
        if self.left == 0 || self.at >= self.bytes.len() {
            return None;
        }
        self.left -= 1;
        self.pos = self.pos.saturating_add(get(self.bytes, &mut self.at));
        let coded = get(self.bytes, &mut self.at);
        self.offset = self.offset.saturating_add(coded >> 1);
        Some(Position { pos: self.pos, offset: self.offset, heading: coded & 1 == 1 })
    }
}

fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint; a truncated one reads as what is there (never panics).
/// Most are one byte (deltas, counts), so that case is tried first, inline:
/// ranking a common word reads every entry header of its list.
#[inline]
fn get(bytes: &[u8], at: &mut usize) -> u32 {
    match bytes.get(*at) {
        Some(&b) if b < 0x80 => {
            *at += 1;
            u32::from(b)
        }
        _ => get_long(bytes, at),
    }
}

#[cold]
fn get_long(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        if shift < 32 {
            v |= u32::from(b & 0x7f) << shift;
        }
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_positions_round_trip() {
        let mut p = Postings::default();
        let mut buf = Vec::new();
        let a = Position { pos: 3, offset: 20, heading: true };
        let b = Position { pos: 300, offset: 70_000, heading: false };
        put_position(&mut buf, (0, 0), a);
        put_position(&mut buf, (a.pos, a.offset), b);
        p.push(5, (2, 1, 0), &buf);
        p.push(900, (0, 0, 4), &[]);
        let entries: Vec<Entry> = p.entries().collect();
        assert_eq!(entries.len(), 2);
        assert_eq!((entries[0].article, entries[0].npos, entries[0].head), (5, 2, 1));
        assert_eq!((entries[1].article, entries[1].title), (900, 4));
        assert_eq!(p.positions(&entries[0]).collect::<Vec<_>>(), [a, b]);
        assert_eq!(p.positions(&entries[1]).count(), 0);
        assert_eq!(p.df, 2);
    }

    #[test]
    fn an_appended_list_reads_as_one_pushed_whole() {
        let entries = [(3u32, 1u32), (140, 2), (141, 1), (400, 3)];
        let coded = |n: u32| vec![1u8; n as usize];
        let mut whole = Postings::default();
        entries.iter().for_each(|&(a, n)| whole.push(a, (n, 0, 0), &coded(n)));
        // The first two as one list; the rest numbered from 0 in another,
        // appended from base 130: one-byte deltas there, two-byte ids here.
        let (mut first, mut second) = (Postings::default(), Postings::default());
        entries[..2].iter().for_each(|&(a, n)| first.push(a, (n, 0, 0), &coded(n)));
        entries[2..].iter().for_each(|&(a, n)| second.push(a - 130, (n, 0, 0), &coded(n)));
        first.append(&second, 130);
        assert_eq!((first.bytes, first.df), (whole.bytes.clone(), whole.df));
        // Onto an empty list, and an empty list appended: nothing moves.
        let mut empty = Postings::default();
        empty.append(&whole, 0);
        empty.append(&Postings::default(), 9);
        assert_eq!((empty.bytes, empty.df, empty.last), (whole.bytes, whole.df, 400));
    }

    #[test]
    fn truncated_bytes_do_not_panic() {
        let mut at = 0;
        assert_eq!(get(&[0xff, 0xff], &mut at), 0x3fff);
        assert_eq!(get(&[], &mut 0), 0);
        let mut big = Vec::new();
        put(&mut big, u32::MAX);
        assert_eq!(get(&big, &mut 0), u32::MAX);
    }
}
