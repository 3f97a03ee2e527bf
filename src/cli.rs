//! Command-line arguments and subcommand dispatch.
//!
//! Every command writes to injected `out`/`err` streams and reports an
//! [`Outcome`], so `main` stays a few lines and tests need no process.
//! Problems are one line on stderr, `quire: <path>: <message>`, and the rest
//! of the work still happens: a collection with one bad file still prints.

mod cat;
mod outline;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::library::{LoadFailure, LoadReport, display_safe, load_paths};
use crate::model::{Document, Library};

const AFTER_HELP: &str = "Exit status: 0 on success, 1 if any requested path failed to load \
(what did load is still printed), 2 on a usage error.\n\n\
Directories are walked recursively for .txt, .md and .markdown files (any case), in sorted \
order; hidden files and directories are skipped. Files named explicitly are read whatever \
their extension.";

/// quire: a terminal reader for curated tech eMags.
#[derive(Debug, Parser)]
#[command(
    name = "quire",
    version,
    long_about = "quire reads tech eMags, newsletter digests and blog archives saved as \
plain text or Markdown, splits them into articles and sections, and shows them as \
clean reading text.\n\n\
With no subcommand quire opens the reader on the given files and directories (press ? \
in it for the keys); with no paths at all, on the embedded sample eMag. When input or \
output is not a terminal it prints the reading text instead, like `quire cat`.\n\n\
Examples:\n  quire                      # the embedded sample eMag\n  \
quire ~/emags/             # every .txt/.md file under a directory\n  \
quire outline issue-42.txt\n  quire cat issue-42.txt --article 2 --width 72",
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories to read (default: the embedded sample eMag).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Where reading progress and bookmarks are kept (default:
    /// $QUIRE_DATA_DIR, else the platform's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Outline(OutlineArgs),
    Cat(CatArgs),
}

/// Lists documents, their articles and the articles' section headings.
#[derive(Debug, Args)]
#[command(
    long_about = "Lists each document (title and path), its articles and their section \
headings.\n\n\
Articles are numbered from 1 in each document, counting only readable segments \
(articles and editor's letters); `quire cat PATH --article N` uses the same numbers. \
Ads, boilerplate, front and back matter are listed, unnumbered and marked by their \
kind, only with --all.\n\n\
--json prints the machine-readable contract (see the README): every segment, \
ads included, each with its `kind`; headings-less lead-in sections are omitted.\n\n\
Examples:\n  quire outline issue-42.txt\n  quire outline --all ~/emags/\n  \
quire outline --json ~/emags/ | jq '.documents[].title'",
    after_help = AFTER_HELP
)]
pub struct OutlineArgs {
    /// Files or directories (default: the embedded sample eMag).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print JSON instead of text (always lists every segment).
    #[arg(long)]
    pub json: bool,

    /// Also list ads, boilerplate, front and back matter.
    #[arg(long)]
    pub all: bool,
}

/// Prints the reading text of a file, wrapped to a width.
#[derive(Debug, Args)]
#[command(
    long_about = "Prints the rendered reading text of a file: every article, or only the \
Nth with --article N, where N is the article's number in `quire outline` (readable \
articles counted from 1; ads and boilerplate are not counted and not printed).\n\n\
Each article starts with a header: its title, author and source, and a rule. Text is \
wrapped to --width columns; the default is the terminal width capped at 80, or 80 \
when output is not a terminal. Headings are bold only on a terminal and when NO_COLOR \
is unset; otherwise the output holds no escape codes at all.\n\n\
Examples:\n  quire cat issue-42.txt\n  quire cat issue-42.txt --article 3 --width 60 | less",
    after_help = AFTER_HELP
)]
pub struct CatArgs {
    /// The file (or directory) to print.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// Print only the Nth article, numbered as in `quire outline`.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub article: Option<u32>,

    /// Wrap the text to N columns.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(10..=1000))]
    pub width: Option<u16>,
}

/// Facts about the output stream, detected once in `main` and passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Bold headings via ANSI SGR.
    pub color: bool,
    /// Default wrap width.
    pub width: u16,
    /// Both ends are a terminal: `quire [PATH...]` opens the reader. Piped,
    /// it prints the reading text instead, like `cat`.
    pub interactive: bool,
}

/// Used when the terminal size is unknown, and the cap on terminal width:
/// longer lines read badly.
pub const DEFAULT_WIDTH: u16 = 80;

impl Term {
    /// Colour only on a terminal that has not opted out via `NO_COLOR`
    /// (any non-empty value) or `TERM=dumb`.
    pub fn detect() -> Term {
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let width = match crossterm::terminal::size() {
            Ok((cols, _)) if tty && cols > 0 => cols.min(DEFAULT_WIDTH),
            _ => DEFAULT_WIDTH,
        };
        let interactive = tty && io::stdin().is_terminal();
        Term { color: tty && !no_color && !dumb, width, interactive }
    }
}

/// How a run ended, short of usage errors (clap exits with 2 for those).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failure => ExitCode::FAILURE,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli, term: &Term, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let result = match cli.command {
        None => run_default(&cli.paths, cli.data_dir, term, out, err),
        Some(Command::Outline(args)) => outline::run(&args, out, err),
        Some(Command::Cat(args)) => cat::run(&args, term, out, err),
    };
    let result = result.and_then(|outcome| out.flush().map(|()| outcome));
    match result {
        Ok(outcome) => outcome,
        // The reader closed the pipe (`quire cat x | head`): nothing is wrong.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Success,
        Err(e) => {
            let _ = writeln!(err, "quire: stdout: {}", display_safe(&e.to_string()));
            Outcome::Failure
        }
    }
}

/// `quire [PATH...]`: for now prints the reading text like `cat`; the
/// reading TUI replaces this function.
pub fn run_default(
    paths: &[PathBuf],
    data_dir: Option<PathBuf>,
    term: &Term,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    if term.interactive {
        let options = crate::app::TuiOptions {
            data_dir: crate::store::data_dir(data_dir, |k| std::env::var(k).ok()),
            reopen_last: false,
            clock: Box::new(crate::store::SystemClock),
        };
        return match crate::app::run_tui(paths.to_vec(), options) {
            Ok(()) => Ok(Outcome::Success),
            Err(e) => {
                writeln!(err, "quire: {}", display_safe(&e.to_string()))?;
                Ok(Outcome::Failure)
            }
        };
    }
    let (report, outcome) = load_or_sample(paths, err);
    cat::write_library(&report.library, term, term.width, out)?;
    Ok(outcome)
}

/// Loads the given paths, or the sample when there are none, reporting
/// failures and warnings on `err`.
fn load_or_sample(paths: &[PathBuf], err: &mut dyn Write) -> (LoadReport, Outcome) {
    if paths.is_empty() {
        let library = Library { documents: vec![sample()] };
        return (LoadReport { library, failures: Vec::new() }, Outcome::Success);
    }
    let report = load_paths(paths);
    let outcome = report_problems(&report, err);
    (report, outcome)
}

/// Prints one line per failure and per warning; failures fail the run.
fn report_problems(report: &LoadReport, err: &mut dyn Write) -> Outcome {
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

fn print_failure(failure: &LoadFailure, err: &mut dyn Write) {
    let _ = writeln!(err, "quire: {}: {}", failure.path, display_safe(&failure.message));
}

/// The embedded sample eMag, shown when quire is run without paths.
fn sample() -> Document {
    crate::sample::sample_document()
}

/// The readable articles of a document, numbered from 1 as `outline` shows
/// them and `cat --article` selects them.
fn nth_readable(doc: &Document, number: u32) -> Option<&crate::model::Article> {
    let index = usize::try_from(number).ok()?.checked_sub(1)?;
    doc.readable().nth(index)
}
