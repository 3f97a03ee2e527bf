//! `quire add`, `remove`, `library` and `cache`: the remembered library and
//! the catalogue of segmented documents; and the library and catalogue the
//! other commands load through when no PATH is given.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Outcome;
use crate::config::Settings;
use crate::library::remembered::Remembered;
use crate::library::{Catalogue, catalogue, discover, display_safe, index};

/// Adds files or folders to the remembered library.
#[derive(Debug, Args)]
#[command(long_about = "Remembers files and folders as the library, so `quire`, `quire \
outline`, `quire search` and `quire export --all` read them when no PATH is given. Paths \
are stored canonical (absolute, links resolved) in library.json in the data directory. \
The config file's `library` list is read too; it is never written.\n\n\
Examples:\n  quire add ~/emags/ ~/Downloads/issue-42.md\n  quire library")]
pub struct AddArgs {
    /// Files or directories to remember.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Forgets files or folders added with `quire add`.
#[derive(Debug, Args)]
#[command(long_about = "Forgets files and folders added with `quire add`, also ones \
already gone from disk. Entries of the config file's `library` list stay (edit the \
config to drop them). Nothing on disk is deleted.")]
pub struct RemoveArgs {
    /// Files or directories to forget.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Lists the library: what `quire` reads when no PATH is given.
#[derive(Debug, Args)]
#[command(long_about = "Lists the library: the config file's `library` entries and the \
ones added with `quire add`, each with where it comes from and how many files it \
holds, or `missing` if it is gone from disk.")]
pub struct LibraryArgs {
    /// Print JSON: {"entries": [{"path", "source", "exists", "files"}]}.
    #[arg(long)]
    pub json: bool,
}

/// Shows or clears the cache of segmented documents.
#[derive(Debug, Args)]
#[command(long_about = "quire keeps each file it has read, split into articles, in a \
cache, so the next start does not read and split an unchanged library again. The cache \
is disposable: `quire cache clear` empties it, and a damaged one is rebuilt by itself. \
Its directory is --cache-dir, else QUIRE_CACHE_DIR, else the platform's cache \
directory.")]
pub struct CacheArgs {
    #[command(subcommand)]
    pub action: CacheAction,
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum CacheAction {
    /// Prints the cache directory.
    Path,
    /// Removes every cached document and the search index.
    Clear,
}

pub(super) fn add(
    args: &AddArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    edit(settings, err, |remembered, err| {
        let mut outcome = Outcome::Success;
        for path in &args.paths {
            let shown = display_safe(&path.to_string_lossy());
            match remembered.add(path) {
                Ok(true) => writeln!(out, "added {shown}")?,
                Ok(false) => writeln!(out, "already in the library: {shown}")?,
                Err(e) => {
                    writeln!(err, "quire: {shown}: {}", crate::library::io_message(&e))?;
                    outcome = Outcome::Failure;
                }
            }
        }
        Ok(outcome)
    })
}

pub(super) fn remove(
    args: &RemoveArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    edit(settings, err, |remembered, err| {
        let mut outcome = Outcome::Success;
        for path in &args.paths {
            let shown = display_safe(&path.to_string_lossy());
            if remembered.remove(path) {
                writeln!(out, "removed {shown}")?;
            } else {
                writeln!(err, "quire: {shown}: not in the remembered library")?;
                outcome = Outcome::Failure;
            }
        }
        Ok(outcome)
    })
}

/// Loads `library.json`, applies `change` and saves it.
fn edit(
    settings: &Settings,
    err: &mut dyn Write,
    change: impl FnOnce(&mut Remembered, &mut dyn Write) -> io::Result<Outcome>,
) -> io::Result<Outcome> {
    let Some(data_dir) = &settings.data_dir else {
        writeln!(err, "quire: no data directory on this system (use --data-dir)")?;
        return Ok(Outcome::Failure);
    };
    let mut remembered = match Remembered::load(data_dir) {
        Ok(remembered) => remembered,
        Err(problem) => {
            writeln!(err, "quire: {}", display_safe(&problem))?;
            return Ok(Outcome::Failure);
        }
    };
    let outcome = change(&mut remembered, err)?;
    if let Err(problem) = remembered.save(data_dir) {
        writeln!(err, "quire: {}", display_safe(&problem))?;
        return Ok(Outcome::Failure);
    }
    Ok(outcome)
}

#[derive(Serialize)]
struct ListJson {
    entries: Vec<EntryJson>,
}

#[derive(Serialize)]
struct EntryJson {
    path: String,
    /// `config` or `added`.
    source: &'static str,
    exists: bool,
    files: usize,
}

pub(super) fn list(
    args: &LibraryArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let (paths, problem) = settings.effective_library();
    if let Some(problem) = problem {
        writeln!(err, "quire: {}", display_safe(&problem))?;
    }
    let configured = settings.library();
    let entries: Vec<EntryJson> = paths
        .iter()
        .map(|path| {
            let exists = path.exists();
            let files = if exists { discover(std::slice::from_ref(path)).len() } else { 0 };
            let source = if configured.contains(path) { "config" } else { "added" };
            EntryJson { path: display_safe(&path.to_string_lossy()), source, exists, files }
        })
        .collect();
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &ListJson { entries })?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    if entries.is_empty() {
        writeln!(out, "The library is empty: `quire add PATH` or `library` in the config.")?;
    }
    let total: usize = entries.iter().map(|e| e.files).sum();
    for entry in &entries {
        let count = match (entry.exists, entry.files) {
            (false, _) => "missing".to_string(),
            (true, 1) => "1 file".to_string(),
            (true, n) => format!("{n} files"),
        };
        writeln!(out, "{}  ({}, {count})", entry.path, entry.source)?;
    }
    if entries.len() > 1 {
        writeln!(out, "{} entries, {total} files", entries.len())?;
    }
    Ok(Outcome::Success)
}

pub(super) fn cache(
    args: &CacheArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(dir) = &settings.cache_dir else {
        writeln!(err, "quire: no cache directory on this system (use --cache-dir)")?;
        return Ok(Outcome::Failure);
    };
    match args.action {
        CacheAction::Path => writeln!(out, "{}", display_safe(&dir.to_string_lossy()))?,
        CacheAction::Clear => {
            if let Err(e) = catalogue::clear(dir).and_then(|()| index::clear(dir)) {
                let shown = display_safe(&dir.to_string_lossy());
                writeln!(err, "quire: {shown}: {}", crate::library::io_message(&e))?;
                return Ok(Outcome::Failure);
            }
        }
    }
    Ok(Outcome::Success)
}

/// The paths a command reads: the given ones, else the effective library
/// with entries gone from disk reported (one line each) and skipped.
pub(super) fn paths_or_library(
    given: &[PathBuf],
    settings: &Settings,
    err: &mut dyn Write,
) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    let (paths, problem) = settings.effective_library();
    if let Some(problem) = problem {
        let _ = writeln!(err, "quire: warning: {}", display_safe(&problem));
    }
    let (present, missing): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p.exists());
    for path in missing {
        let shown = display_safe(&path.to_string_lossy());
        let _ = writeln!(err, "quire: warning: {}", crate::strings::library_entry_missing(&shown));
    }
    present
}

/// The catalogue in the cache dir, when there is one.
pub(super) fn open_catalogue(settings: &Settings) -> Option<Catalogue> {
    settings.cache_dir.as_deref().map(Catalogue::open)
}

/// After a cached load: drops entries of files gone from disk and prints
/// the catalogue's one line of trouble, if any.
pub(super) fn finish_catalogue(catalogue: Option<&Catalogue>, err: &mut dyn Write) {
    if let Some(catalogue) = catalogue {
        catalogue.prune_if_due();
        catalogue.save();
        if let Some(notice) = catalogue.notice() {
            let _ = writeln!(err, "quire: {notice}");
        }
    }
}
