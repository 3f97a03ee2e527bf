//! `quire export`: the highlights of documents as Markdown, JSON, Kindle
//! clippings or Readwise CSV, to stdout
//! or to files. The formatting is [`crate::export`]; this file reads the
//! highlights and the clock and writes the files.
//!
//! Until the store lands, highlights come from a JSON file named with the
//! hidden `--highlights` option (the shape of [`MapSource`]); without it
//! every document exports with no highlights. Wiring the store in means
//! replacing [`source`] only.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{AFTER_HELP, Outcome, load_reported};
use crate::export::{self, Format, HighlightSource, MapSource, file_stem, resolve};
use crate::library::{Catalogue, display_safe};
use crate::model::Document;
use crate::model::highlight::{Highlight, Millis};
use crate::store::{RealIo, Store, StoreOptions, SystemClock};

/// Exports highlights and notes to Markdown, JSON, Kindle clippings or Readwise CSV.
#[derive(Debug, Args)]
#[command(
    long_about = "Exports the highlights and notes of documents as Markdown that note apps \
(Obsidian, Logseq, ...) take as-is, as JSON, as a Kindle \"My Clippings.txt\" \
(--format kindle) or as a Readwise CSV (--format readwise). The formats are described in \
the README under \"Export format\".\n\n\
Output goes to stdout unless --output is given. --output DIR (an existing directory, or a \
path ending in /) writes one file per document, named from its title; --output FILE \
writes a single document, or all of them in the json, kindle and readwise formats. \
Re-exporting the same highlights gives the same bytes apart from the `exported` time \
(kindle and readwise have none), so files can be overwritten safely.\n\n\
Without PATHs the library is loaded (`quire add`, and `library` in the config); --all \
exports only the documents that have highlights.\n\n\
Examples:\n  quire export issue-42.md > issue-42-highlights.md\n  \
quire export --all ~/emags/ --output ~/vault/Highlights/\n  \
quire export issue-42.md --format json | jq '.documents[0].highlights[].text'\n  \
quire export --all ~/emags/ --format kindle --output 'My Clippings.txt'",
    after_help = AFTER_HELP
)]
pub struct ExportArgs {
    /// Files or directories holding the documents to export (default: the
    /// library).
    #[arg(value_name = "PATH", required_unless_present = "all")]
    pub paths: Vec<PathBuf>,

    /// Export every document that has highlights (from the PATHs, or from
    /// library when no PATH is given).
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
    pub format: FormatArg,

    /// Write to FILE (one document) or into DIR (one file per document).
    #[arg(long, short, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,

    /// Read highlights from a JSON file `{"<document id>": [highlight, ...]}`
    /// instead of the store (for testing).
    #[arg(long, value_name = "FILE", hide = true)]
    pub highlights: Option<PathBuf>,

    /// The export time in Unix milliseconds instead of the clock (for
    /// testing).
    #[arg(long, value_name = "MILLIS", hide = true)]
    pub now: Option<Millis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Markdown,
    Json,
    /// Kindle's `My Clippings.txt`.
    Kindle,
    /// Readwise's CSV import.
    Readwise,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Kindle => Format::Kindle,
            FormatArg::Readwise => Format::Readwise,
        }
    }
}

/// Where the output goes.
enum Target<'p> {
    Stdout,
    File(&'p Path),
    Dir(&'p Path),
}

pub(super) fn run(
    args: &ExportArgs,
    library: &[PathBuf],
    store: (Option<&Path>, StoreOptions),
    catalogue: Option<&Catalogue>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let paths = if args.paths.is_empty() { library } else { &args.paths };
    if paths.is_empty() {
        writeln!(err, "quire: nothing to export: give PATHs or `quire add` them to the library")?;
        return Ok(Outcome::Failure);
    }
    let (report, outcome) = load_reported(paths, catalogue, err);
    let source = match source(args, store, err) {
        Ok(source) => source,
        Err(message) => {
            writeln!(err, "quire: {message}")?;
            return Ok(Outcome::Failure);
        }
    };
    let docs: Vec<(&Document, Vec<Highlight>)> = report
        .library
        .documents
        .iter()
        .map(|doc| (doc, source.highlights(&doc.id.to_string())))
        .filter(|(_, highlights)| !args.all || !highlights.is_empty())
        .collect();
    if docs.is_empty() {
        if outcome == Outcome::Success {
            writeln!(err, "quire: nothing to export")?;
        }
        return Ok(outcome);
    }
    let exported = args.now.unwrap_or_else(now);
    let format = Format::from(args.format);
    let written = match target(args.output.as_deref()) {
        Target::Stdout => write_stdout(&docs, format, exported, out),
        Target::File(path) => write_file(path, &docs, format, exported),
        Target::Dir(dir) => write_dir(dir, &docs, format, exported),
    };
    match written {
        Ok(()) => Ok(outcome),
        Err(message) => {
            writeln!(err, "quire: {}", display_safe(&message))?;
            Ok(Outcome::Failure)
        }
    }
}

/// The highlights to export: the bookmark store under the data dir
/// (`--data-dir`, `QUIRE_DATA_DIR`, else the platform's data dir), or, for
/// tests, a `--highlights` JSON file. Notices from opening the store (a
/// corrupt file set aside, a newer schema) go to stderr.
fn source(
    args: &ExportArgs,
    (data_dir, options): (Option<&Path>, StoreOptions),
    err: &mut dyn Write,
) -> Result<Box<dyn HighlightSource>, String> {
    if let Some(path) = &args.highlights {
        let shown = display_safe(&path.to_string_lossy());
        let json = fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let map = MapSource::from_json(&json).map_err(|e| format!("{shown}: {e}"))?;
        return Ok(Box::new(map));
    }
    let Some(dir) = data_dir else {
        return Ok(Box::new(MapSource::default()));
    };
    let (store, notices) =
        Store::open_with_options(dir, Box::new(SystemClock), Box::new(RealIo), options)
            .map_err(|e| display_safe(&e.to_string()))?;
    for notice in notices {
        let _ = writeln!(err, "quire: {}", display_safe(&notice.to_string()));
    }
    Ok(Box::new(StoreSource(store)))
}

/// Highlights as the store holds them.
struct StoreSource(Store);

impl HighlightSource for StoreSource {
    fn highlights(&self, doc_id: &str) -> Vec<Highlight> {
        self.0.document(doc_id).highlights
    }
}

fn now() -> Millis {
    crate::store::Clock::now(&SystemClock)
}

fn target(output: Option<&Path>) -> Target<'_> {
    let Some(path) = output else {
        return Target::Stdout;
    };
    let trailing = path.as_os_str().to_string_lossy().ends_with(std::path::is_separator);
    if trailing || path.is_dir() { Target::Dir(path) } else { Target::File(path) }
}

/// All the documents in one output (see [`export::render`]).
fn render_all(docs: &[(&Document, Vec<Highlight>)], format: Format, exported: Millis) -> String {
    let resolved: Vec<_> = docs.iter().map(|(doc, h)| resolve(doc, h)).collect();
    export::render(&resolved, format, exported)
}

fn write_stdout(
    docs: &[(&Document, Vec<Highlight>)],
    format: Format,
    exported: Millis,
    out: &mut dyn Write,
) -> Result<(), String> {
    out.write_all(render_all(docs, format, exported).as_bytes()).map_err(|e| format!("stdout: {e}"))
}

fn write_file(
    path: &Path,
    docs: &[(&Document, Vec<Highlight>)],
    format: Format,
    exported: Millis,
) -> Result<(), String> {
    let shown = path.to_string_lossy();
    if docs.len() > 1 && !format.holds_many() {
        return Err(format!(
            "{shown}: {} documents to export: --output needs a directory (end it with /)",
            docs.len()
        ));
    }
    fs::write(path, render_all(docs, format, exported)).map_err(|e| format!("{shown}: {e}"))
}

/// One file per document, named from its title. A title already used in
/// this run gets the document id appended, so no export overwrites another.
fn write_dir(
    dir: &Path,
    docs: &[(&Document, Vec<Highlight>)],
    format: Format,
    exported: Millis,
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.to_string_lossy()))?;
    let mut used = std::collections::HashSet::new();
    for (doc, highlights) in docs {
        let stem = file_stem(doc);
        let mut name = format!("{stem}.{}", format.extension());
        if !used.insert(name.to_lowercase()) {
            name = format!("{stem} {}.{}", doc.id, format.extension());
            used.insert(name.to_lowercase());
        }
        let path = dir.join(&name);
        let text = export::export(doc, highlights, format, exported);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.to_string_lossy()))?;
    }
    Ok(())
}
