//! The loader against real eMags: every file in `../shared/corpus/expected`
//! must come out as its expected outline, under the matching rules of
//! `../shared/corpus/README.md`. `QUIRE_SHOW=1 cargo test --test corpus --
//! --nocapture` prints every outline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use quire::model::loader::load;
use quire::model::text::article_text;
use quire::model::{Article, Document};
use serde_json::Value;

const CORPUS: &str = "../shared/corpus";

/// Lowercase letters and digits only, as the corpus rules say.
fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Either contains the other, after normalising.
fn matches(produced: &str, expected: &str) -> bool {
    let (p, e) = (norm(produced), norm(expected));
    !p.is_empty() && !e.is_empty() && (p.contains(&e) || e.contains(&p))
}

fn outline(doc: &Document) -> String {
    let mut out = format!("{} [{}]\n", doc.title, doc.articles.len());
    for a in &doc.articles {
        out += &format!(
            "  {:?} {:?} by {:?} from {:?} ({} words)\n",
            a.kind, a.title, a.author, a.source, a.words
        );
        for s in &a.sections {
            if let Some(h) = &s.heading {
                out += &format!("      {} {h}\n", "#".repeat(s.level as usize));
            }
        }
    }
    out
}

fn expected_files() -> Option<Vec<PathBuf>> {
    let dir = Path::new(CORPUS).join("expected");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).ok()?.map(|e| e.unwrap().path()).collect();
    files.sort();
    Some(files)
}

fn check(expected: &Value, doc: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let readable: Vec<&Article> = doc.readable().collect();
    let want = expected["articles"].as_array().unwrap();
    if readable.len() != want.len() {
        problems.push(format!("{} articles, expected {}", readable.len(), want.len()));
    }
    for (i, (got, want)) in readable.iter().zip(want).enumerate() {
        match want["title"].as_str() {
            Some(title) if !matches(&got.title, title) => problems.push(format!(
                "article {}: title {:?}, expected {title:?}",
                i + 1,
                got.title
            )),
            None if norm(&got.title).len() < 3 => problems.push(format!(
                "article {}: no sensible derived title: {:?}",
                i + 1,
                got.title
            )),
            _ => {}
        }
        for field in ["author", "source"] {
            let Some(value) = want.get(field).and_then(Value::as_str) else { continue };
            let got_value = if field == "author" { &got.author } else { &got.source };
            if !got_value.as_deref().is_some_and(|g| matches(g, value)) {
                problems
                    .push(format!("article {}: {field} {got_value:?}, expected {value:?}", i + 1));
            }
        }
    }
    if let Some(sections) = expected["sections"].as_object() {
        for (key, headings) in sections {
            let article = if key == "*" {
                readable.first().copied()
            } else {
                readable.iter().copied().find(|a| matches(&a.title, key))
            };
            let Some(article) = article else {
                problems.push(format!("no article {key:?} for sections"));
                continue;
            };
            let got: Vec<&str> =
                article.sections.iter().filter_map(|s| s.heading.as_deref()).collect();
            let mut rest = got.iter();
            for heading in headings.as_array().unwrap().iter().map(|h| h.as_str().unwrap()) {
                if !rest.any(|g| matches(g, heading)) {
                    problems.push(format!("{key:?}: heading {heading:?} missing or out of order"));
                    break;
                }
            }
        }
    }
    for absent in expected["absent_from_article_text"].as_array().into_iter().flatten() {
        let absent = absent.as_str().unwrap().to_lowercase();
        for a in &readable {
            if article_text(a).to_lowercase().contains(&absent)
                || a.title.to_lowercase().contains(&absent)
            {
                problems.push(format!("{absent:?} appears in article {:?}", a.title));
            }
        }
    }
    problems
}

#[test]
fn corpus_files_segment_as_expected() {
    let Some(files) = expected_files() else {
        eprintln!("skipping: {CORPUS}/expected not found (the shared corpus sits beside the repo)");
        return;
    };
    let mut failures = String::new();
    for file in &files {
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let source = Path::new(CORPUS).join(expected["file"].as_str().unwrap());
        let bytes = std::fs::read(&source).unwrap();
        let doc = load(&source.to_string_lossy(), &bytes).unwrap();
        if std::env::var_os("QUIRE_SHOW").is_some() {
            println!("{}", outline(&doc));
        }
        let problems = check(&expected, &doc);
        if !problems.is_empty() {
            failures += &format!(
                "\n{}:\n  - {}\n{}",
                source.display(),
                problems.join("\n  - "),
                outline(&doc)
            );
        }
    }
    assert!(failures.is_empty(), "corpus mismatches:{failures}");
}
