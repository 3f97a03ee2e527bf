//! Command-line arguments and subcommand dispatch.
//!
//! Every command writes to injected `out`/`err` streams and reports an
//! [`Outcome`], so `main` stays a few lines and tests need no process.
//! Problems are one line on stderr, `quire: <path>: <message>`, and the rest
//! of the work still happens: a collection with one bad file still prints.

mod cat;
mod export;
mod library;
mod loading;
mod outline;
mod search;
mod setup;

pub use export::{ExportArgs, FormatArg};
use loading::{Need, load_or_sample, load_reported, nth_readable, print_failure};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use library::{AddArgs, CacheAction, CacheArgs, LibraryArgs, RemoveArgs};
pub use setup::{CompletionsArgs, ConfigAction, ConfigArgs};

use crate::config::{Dirs, Env, Settings};
use crate::library::display_safe;

const AFTER_HELP: &str = "Exit status: 0 on success, 1 if any requested path failed to load \
(what did load is still printed), 2 on a usage error.\n\n\
Directories are walked recursively, in sorted order, for .txt, .md, .markdown, .epub, \
.html, .htm, .xhtml, .pdf, .rss and .atom files, and for .xml and .json files that are \
feeds (extensions in any case); hidden files and directories are skipped. Files named \
explicitly are read whatever their extension.";

/// quire: a terminal reader for curated tech eMags.
#[derive(Debug, Parser)]
#[command(
    name = "quire",
    version,
    long_about = "quire reads tech eMags, newsletter digests and blog archives (PDF, EPUB, \
web pages and HTML email, RSS/Atom/JSON feeds, plain text and Markdown), splits them into \
articles and sections, and shows them as clean reading text.\n\n\
With no subcommand quire opens the reader on the given files and folders (on a \
terminal; piped, it prints the reading text like `quire cat`). With no paths it opens \
the library (`quire add`, and `library` in the config file), or the embedded sample eMag. \
Files already read are taken from a cache of split documents (see `quire cache`).\n\n\
Settings are read from config.toml (see `quire config path` and `quire config \
default`); logs go to quire.log in the state directory.\n\n\
Examples:\n  quire                      # the library, or the sample eMag\n  \
quire ~/emags/             # every readable file under a directory\n  \
quire add ~/emags/         # remember a folder as the library\n  \
quire outline issue-42.txt\n  quire cat issue-42.txt --article 2 --width 72",
    after_help = AFTER_HELP,
    override_usage = "quire [OPTIONS] [PATH]...\n       quire [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories to read (default: the library, or the
    /// embedded sample eMag).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Read this config file instead of the default one [env: QUIRE_CONFIG].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Keep reading progress and highlights in DIR [env: QUIRE_DATA_DIR].
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Keep the cache of split documents in DIR [env: QUIRE_CACHE_DIR].
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Outline(OutlineArgs),
    Cat(CatArgs),
    Export(ExportArgs),
    Search(SearchArgs),
    Add(AddArgs),
    Remove(RemoveArgs),
    Library(LibraryArgs),
    Cache(CacheArgs),
    Config(ConfigArgs),
    Completions(CompletionsArgs),
    /// Prints the manual page (roff) to standard output.
    #[command(hide = true)]
    Man,
}

/// What a run may know of its surroundings: environment variables and the
/// platform's directories, passed in so tests control both.
pub struct Host<'a> {
    pub env: Env<'a>,
    pub dirs: Dirs,
}

impl Host<'_> {
    /// Reads the config and resolves the directories.
    pub fn settings(&self, global: &GlobalArgs) -> Result<Settings, crate::config::ConfigError> {
        let (config, data) = (global.config.as_deref(), global.data_dir.as_deref());
        let mut settings = Settings::resolve(config, data, self.env, self.dirs.clone())?;
        if let Some(dir) = &global.cache_dir {
            settings.cache_dir = Some(dir.clone());
        }
        Ok(settings)
    }
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
    /// Files or directories (default: the library, else the embedded
    /// sample eMag).
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

/// Searches the library and prints ranked hits.
#[derive(Debug, Args)]
#[command(
    long_about = "Searches every readable article (ads and boilerplate are not searched) \
and prints the best matches first, ranked by relevance (BM25; matches in titles and \
headings count more).\n\n\
Query language: words are ANDed; \"a quoted phrase\" must match as a phrase; -word or \
-\"a phrase\" excludes. A word with a capital letter matches that case exactly, an \
all-lowercase word any case. Accents never matter (resume finds résumé). CJK text is \
found by substring.\n\n\
Each hit prints as `path:offset: Document › Article › Section` and a snippet, where \
offset is the char offset of the match in the article's text. --json prints the \
machine-readable contract (see the README).\n\n\
Examples:\n  quire search canary ~/emags/\n  \
quire search '\"canary release\" -kubernetes' ~/emags/ --limit 5\n  \
quire search --json résumé notes.md | jq '.hits[0].offset'",
    after_help = AFTER_HELP
)]
pub struct SearchArgs {
    /// What to search for (quote it in the shell if it has spaces).
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,

    /// Files or directories (default: the library, else the embedded
    /// sample eMag).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    /// Print at most N hits.
    #[arg(long, value_name = "N", default_value_t = 20,
        value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
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
        // Asked only of a terminal: without one, crossterm falls back to
        // running `tput`, a process spawned for a width nobody uses.
        let width = match tty.then(crossterm::terminal::size) {
            Some(Ok((cols, _))) if cols > 0 => cols.min(DEFAULT_WIDTH),
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
pub fn run(
    cli: Cli,
    term: &Term,
    host: &Host,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let result = match cli.command {
        None => run_default(&cli.paths, &cli.global, term, host, out, err),
        Some(Command::Outline(args)) => match host.settings(&cli.global) {
            Ok(settings) => outline::run(&args, &settings, out, err),
            Err(e) => writeln!(err, "quire: {e}").map(|()| Outcome::Failure),
        },
        Some(Command::Cat(args)) => {
            // `cat` needs no settings but the cache dir: a config it
            // cannot read means no cache, not a failed command.
            let catalogue =
                host.settings(&cli.global).ok().and_then(|s| library::open_catalogue(&s));
            let result = cat::run(&args, term, catalogue.as_ref(), out, err);
            library::finish_catalogue(catalogue.as_ref(), err);
            result
        }
        Some(Command::Export(args)) => match host.settings(&cli.global) {
            Ok(settings) => {
                let library = library::paths_or_library(&args.paths, &settings, err);
                let catalogue = library::open_catalogue(&settings);
                let result = export::run(
                    &args,
                    &library,
                    (settings.data_dir.as_deref(), settings.config.store.options()),
                    catalogue.as_ref(),
                    out,
                    err,
                );
                library::finish_catalogue(catalogue.as_ref(), err);
                result
            }
            Err(e) => writeln!(err, "quire: {e}").map(|()| Outcome::Failure),
        },
        Some(Command::Search(args)) => match host.settings(&cli.global) {
            Ok(settings) => search::run(&args, &settings, term, out, err),
            Err(e) => writeln!(err, "quire: {e}").map(|()| Outcome::Failure),
        },
        Some(Command::Add(args)) => {
            with_settings(host, &cli.global, err, |s, err| library::add(&args, s, out, err))
        }
        Some(Command::Remove(args)) => {
            with_settings(host, &cli.global, err, |s, err| library::remove(&args, s, out, err))
        }
        Some(Command::Library(args)) => {
            with_settings(host, &cli.global, err, |s, err| library::list(&args, s, out, err))
        }
        Some(Command::Cache(args)) => {
            with_settings(host, &cli.global, err, |s, err| library::cache(&args, s, out, err))
        }
        Some(Command::Config(args)) => setup::config(&args, &cli.global, host, out, err),
        Some(Command::Completions(args)) => setup::completions(&args, out),
        Some(Command::Man) => setup::man(out),
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

/// `quire [PATH...]`: the reader on a terminal, else the reading text
/// like `cat`. Without paths, the configured library. The config is read
/// first: a bad one fails the run before the terminal is touched.
pub fn run_default(
    paths: &[PathBuf],
    global: &GlobalArgs,
    term: &Term,
    host: &Host,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let settings = match host.settings(global) {
        Ok(settings) => settings,
        Err(e) => {
            writeln!(err, "quire: {e}")?;
            return Ok(Outcome::Failure);
        }
    };
    let paths = library::paths_or_library(paths, &settings, err);
    if term.interactive {
        return setup::tui(paths, &settings, host, err);
    }
    let (report, outcome) = load_or_sample(&paths, &settings, Need::Text, err);
    let width = term.width.min(settings.config.reading_width);
    cat::write_library(&report.library, term, width, out)?;
    Ok(outcome)
}

/// Reads the config, then runs `command` with it; a bad config is one
/// line and a failure.
fn with_settings(
    host: &Host,
    global: &GlobalArgs,
    err: &mut dyn Write,
    command: impl FnOnce(&Settings, &mut dyn Write) -> io::Result<Outcome>,
) -> io::Result<Outcome> {
    match host.settings(global) {
        Ok(settings) => command(&settings, err),
        Err(e) => writeln!(err, "quire: {e}").map(|()| Outcome::Failure),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_help_names_every_extension_a_walk_reads() {
        for ext in crate::library::WALKED_EXTENSIONS {
            assert!(super::AFTER_HELP.contains(&format!(".{ext}")), "--help misses .{ext}");
        }
    }
}
