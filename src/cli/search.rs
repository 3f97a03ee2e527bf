//! `quire search QUERY [PATH...]`: ranked hits across the library, as text
//! or as the JSON contract documented in the README.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{Need, Outcome, SearchArgs, Term, load_or_sample};
use crate::config::Settings;
use crate::library::display_safe;
use crate::library::index::SearchIndex;
use crate::model::search::{Hit, Index, Query};

pub(super) fn run(
    args: &SearchArgs,
    settings: &Settings,
    term: &Term,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let matching = settings.matching();
    let paths = super::library::paths_or_library(&args.paths, settings, err);
    let (hits, outcome) = match (&settings.cache_dir, paths.is_empty()) {
        (Some(cache_dir), false) => indexed(args, &paths, settings, cache_dir, err),
        _ => {
            let (report, outcome) = load_or_sample(&paths, settings, Need::Text, err);
            let mut index = Index::new();
            for doc in report.library.documents {
                index.add(Arc::new(doc));
            }
            (index.search_with(&args.query, matching, args.limit as usize), outcome)
        }
    };
    if args.json {
        write_json(&hits, out)?;
    } else {
        write_text(&hits, term.color, out)?;
    }
    Ok(outcome)
}

/// Searches through the persistent index in the cache dir (see
/// [`SearchIndex`]), reporting what a plain load would report.
fn indexed(
    args: &SearchArgs,
    paths: &[PathBuf],
    settings: &Settings,
    cache_dir: &Path,
    err: &mut dyn Write,
) -> (Vec<Hit>, Outcome) {
    let Some(catalogue) = super::library::open_catalogue(settings) else {
        return (Vec::new(), Outcome::Failure);
    };
    let query = Query::parse_with(&args.query, settings.matching());
    let answer =
        SearchIndex::open(cache_dir).search(paths, &catalogue, &query, args.limit as usize);
    for (origin, warning) in &answer.warnings {
        let _ =
            writeln!(err, "quire: {}: warning: {}", display_safe(origin), display_safe(warning));
    }
    for failure in &answer.failures {
        super::print_failure(failure, err);
    }
    super::library::finish_catalogue(Some(&catalogue), err);
    if let Some(notice) = &answer.notice {
        let _ = writeln!(err, "quire: {notice}");
    }
    let outcome = if answer.failures.is_empty() { Outcome::Success } else { Outcome::Failure };
    (answer.hits, outcome)
}

/// `path:offset: Document › Article › Section`, then the snippet indented,
/// its matches in bold on a colour terminal.
fn write_text(hits: &[Hit], color: bool, out: &mut dyn Write) -> io::Result<()> {
    for hit in hits {
        let mut place = vec![hit.document_title.as_str(), hit.article_title.as_str()];
        place.extend(hit.section.as_deref());
        let place = display_safe(&place.join(" › "));
        writeln!(out, "{}:{}: {place}", display_safe(&hit.path), hit.offset)?;
        writeln!(out, "    {}", marked(hit, color))?;
    }
    Ok(())
}

fn marked(hit: &Hit, color: bool) -> String {
    let snippet = display_safe(&hit.snippet);
    if !color {
        return snippet;
    }
    let mut out = String::new();
    let mut ranges = hit.highlights.iter().peekable();
    for (i, c) in snippet.chars().enumerate() {
        if ranges.peek().is_some_and(|r| r.0 == i) {
            out.push_str("\x1b[1m");
        }
        out.push(c);
        if ranges.peek().is_some_and(|r| r.1 == i + 1) {
            out.push_str("\x1b[0m");
            ranges.next();
        }
    }
    out
}

/// The JSON contract. Field names are public API: change them only with
/// the README.
#[derive(Serialize)]
struct SearchJson {
    hits: Vec<HitJson>,
}

#[derive(Serialize)]
struct HitJson {
    path: String,
    document: String,
    article: String,
    section: Option<String>,
    snippet: String,
    score: f64,
    offset: usize,
}

fn write_json(hits: &[Hit], out: &mut dyn Write) -> io::Result<()> {
    let json = SearchJson {
        hits: hits
            .iter()
            .map(|h| HitJson {
                path: display_safe(&h.path),
                document: display_safe(&h.document_title),
                article: display_safe(&h.article_title),
                section: h.section.as_deref().map(display_safe),
                snippet: display_safe(&h.snippet),
                score: (f64::from(h.score) * 1000.0).round() / 1000.0,
                offset: h.offset,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit() -> Hit {
        Hit {
            doc: 0,
            article: 0,
            path: "a.md".into(),
            document_title: "Doc".into(),
            article_title: "Art".into(),
            section: Some("Sec".into()),
            offset: 7,
            snippet: "a canary sings".into(),
            highlights: vec![(2, 8)],
            score: 1.23456,
        }
    }

    #[test]
    fn text_names_the_place_and_marks_matches_only_in_colour() {
        let mut out = Vec::new();
        write_text(&[hit()], false, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a.md:7: Doc › Art › Sec\n    a canary sings\n"
        );
        assert_eq!(marked(&hit(), true), "a \x1b[1mcanary\x1b[0m sings");
    }

    #[test]
    fn json_rounds_scores_and_keeps_null_sections() {
        let mut h = hit();
        h.section = None;
        let mut out = Vec::new();
        write_json(&[h], &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["hits"][0]["score"], 1.235);
        assert!(v["hits"][0]["section"].is_null());
    }
}
