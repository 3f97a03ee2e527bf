//! Diacritic-sensitive lookups without a second index: marked tokens are
//! also filed under their marked keys, so a word with marks is an exact
//! lookup, and a word without marks is its folded list minus the marked
//! forms of it (every marked occurrence is in exactly one of those).

use std::borrow::Cow;

use super::postings::{Entry, Postings, put_position};
use super::query::{Marks, Term};
use super::source::Source;

/// A term's posting list as the term means it. The id is that of the
/// stored list, `None` when the list had to be filtered (its positions are
/// then only in the returned copy).
pub fn lookup<'a>(source: &'a dyn Source, term: &Term) -> Option<(Option<u32>, Cow<'a, Postings>)> {
    let (id, postings) = source.term(&term.index_key())?;
    let variants = match term.marks {
        Marks::None => Some(source.variants(id)).filter(|v| !v.is_empty()),
        Marks::Any | Marks::Exact(_) => None,
    };
    match variants {
        Some(variants) => Some((None, Cow::Owned(without(source, postings, variants)))),
        None => Some((Some(id), Cow::Borrowed(postings))),
    }
}

/// `base` without the occurrences listed under any of `variants`.
fn without(source: &dyn Source, base: &Postings, variants: &[u32]) -> Postings {
    let lists: Vec<(&Postings, Vec<Entry>)> = variants
        .iter()
        .filter_map(|&v| source.postings(v))
        .map(|p| (p, p.entries().collect()))
        .collect();
    let mut out = Postings::default();
    let (mut coded, mut skip) = (Vec::new(), Vec::new());
    for e in base.entries() {
        skip.clear();
        let mut title = e.title;
        for (p, entries) in &lists {
            let i = entries.partition_point(|v| v.article < e.article);
            if let Some(v) = entries.get(i).filter(|v| v.article == e.article) {
                title = title.saturating_sub(v.title);
                skip.extend(p.positions(v).map(|p| p.pos));
            }
        }
        skip.sort_unstable();
        coded.clear();
        let (mut npos, mut head, mut prev) = (0, 0, (0, 0));
        for p in base.positions(&e).filter(|p| skip.binary_search(&p.pos).is_err()) {
            put_position(&mut coded, prev, p);
            prev = (p.pos, p.offset);
            npos += 1;
            head += u32::from(p.heading);
        }
        if npos + title > 0 {
            out.push(e.article, (npos, head, title), &coded);
        }
    }
    out
}
