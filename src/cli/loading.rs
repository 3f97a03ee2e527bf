//! Loading what a headless command reads: through the catalogue, or the
//! embedded sample when there is nothing to read, with every problem a
//! line on stderr.

use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, library};
use crate::config::Settings;
use crate::library::{Catalogue, LoadFailure, LoadReport, display_safe, load_paths_cached};
use crate::model::{Document, Library};

/// What a command needs of the documents it loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    /// Titles, bylines, headings and counts: cached documents may come
    /// without their blocks.
    Outline,
    Text,
}

/// Loads `paths` (already defaulted to the library, see
/// [`library::paths_or_library`]) through the catalogue, or the sample
/// when there are none, reporting failures and warnings on `err`.
pub(super) fn load_or_sample(
    paths: &[PathBuf],
    settings: &Settings,
    need: Need,
    err: &mut dyn Write,
) -> (LoadReport, Outcome) {
    if paths.is_empty() {
        let library = Library { documents: vec![sample()] };
        return (LoadReport { library, failures: Vec::new() }, Outcome::Success);
    }
    let mut catalogue = library::open_catalogue(settings);
    if need == Need::Outline {
        catalogue = catalogue.map(Catalogue::outlines);
    }
    let (report, outcome) = load_reported(paths, catalogue.as_ref(), err);
    library::finish_catalogue(catalogue.as_ref(), err);
    (report, outcome)
}

/// Loads through `catalogue` (if any) and reports problems on `err`.
pub(super) fn load_reported(
    paths: &[PathBuf],
    catalogue: Option<&Catalogue>,
    err: &mut dyn Write,
) -> (LoadReport, Outcome) {
    let report = load_paths_cached(paths, catalogue);
    let outcome = report_problems(&report, err);
    (report, outcome)
}

/// Prints one line per failure and per warning; failures fail the run.
pub(super) fn report_problems(report: &LoadReport, err: &mut dyn Write) -> Outcome {
    for doc in &report.library.documents {
        for warning in &doc.warnings {
            let _ = writeln!(
                err,
                "quire: {}: warning: {}",
                display_safe(&doc.origin),
                display_safe(warning)
            );
        }
    }
    for failure in &report.failures {
        print_failure(failure, err);
    }
    if report.failures.is_empty() { Outcome::Success } else { Outcome::Failure }
}

pub(super) fn print_failure(failure: &LoadFailure, err: &mut dyn Write) {
    let _ = writeln!(err, "quire: {}: {}", failure.path, display_safe(&failure.message));
}

/// The embedded sample eMag, shown when quire is run without paths.
fn sample() -> Document {
    crate::sample::sample_document()
}

/// The readable articles of a document, numbered from 1 as `outline` shows
/// them and `cat --article` selects them.
pub(super) fn nth_readable(doc: &Document, number: u32) -> Option<&crate::model::Article> {
    let index = usize::try_from(number).ok()?.checked_sub(1)?;
    doc.readable().nth(index)
}
