//! Commands about quire itself: `config`, `completions`, `man`; and
//! starting the reader with logging set up.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, Subcommand};
use clap_complete::Shell;

use super::{Cli, GlobalArgs, Host, Outcome};
use crate::app::logging;
use crate::config::{DEFAULT_CONFIG, Origin, paths};
use crate::library::display_safe;

/// Shows where the config file is read from, the default config, or
/// checks a config file.
#[derive(Debug, Args)]
#[command(long_about = "Shows where the config file is read from, prints the default \
configuration, or checks a config file.\n\n\
The config file is the one given with --config, else the one in QUIRE_CONFIG, else \
config.toml in quire's configuration directory. A missing file at that default place \
means all defaults.\n\n\
Examples:\n  quire config path\n  quire config default > ~/.config/quire/config.toml\n  \
quire --config my.toml config check")]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ConfigAction {
    /// Prints the path of the config file in use (it may not exist).
    Path,
    /// Prints the default config: every option, documented.
    Default,
    /// Checks the config file; exits with 1 and the error if it is invalid.
    Check,
}

/// Prints a shell completion script.
#[derive(Debug, Args)]
#[command(long_about = "Prints a completion script for a shell to standard output.\n\n\
Examples:\n  quire completions bash > ~/.local/share/bash-completion/completions/quire\n  \
quire completions zsh > ~/.zfunc/_quire\n  \
quire completions fish > ~/.config/fish/completions/quire.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn config(
    args: &ConfigArgs,
    global: &GlobalArgs,
    host: &Host,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    match args.action {
        ConfigAction::Default => out.write_all(DEFAULT_CONFIG.as_bytes())?,
        ConfigAction::Path => {
            match paths::config_path(global.config.as_deref(), host.env, &host.dirs) {
                Some(c) => writeln!(out, "{}", display_safe(&c.path.display().to_string()))?,
                None => {
                    writeln!(err, "quire: no configuration directory on this system")?;
                    return Ok(Outcome::Failure);
                }
            }
        }
        ConfigAction::Check => return check(global, host, out, err),
    }
    Ok(Outcome::Success)
}

fn check(
    global: &GlobalArgs,
    host: &Host,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    match host.settings(global) {
        Err(e) => {
            writeln!(err, "quire: {e}")?;
            Ok(Outcome::Failure)
        }
        Ok(settings) => {
            let (path, origin) = match &settings.config_path {
                Some(c) => (display_safe(&c.path.display().to_string()), c.origin),
                None => (String::new(), Origin::Default),
            };
            let exists = settings.config_path.as_ref().is_some_and(|c| c.path.exists());
            if exists || origin != Origin::Default {
                writeln!(out, "{path}: ok")?;
            } else {
                writeln!(out, "{path}: not found; using the defaults")?;
            }
            Ok(Outcome::Success)
        }
    }
}

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> io::Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "quire", out);
    Ok(Outcome::Success)
}

/// The manual page, generated from the same definition as `--help`.
pub fn man(out: &mut dyn Write) -> io::Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Outcome::Success)
}

/// Starts logging, then the reader. A log file that cannot be opened is
/// reported now, while stderr is still visible, and the reader runs anyway.
pub fn tui(
    paths: Vec<PathBuf>,
    settings: &crate::config::Settings,
    host: &Host,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let level = (host.env)(logging::LEVEL_ENV);
    let level = logging::level(level.as_ref().and_then(|v| v.to_str()));
    let started = match (level, &settings.log_file) {
        (Err(e), _) => Err(e),
        (Ok(level), Some(file)) => logging::init(file, level),
        (Ok(_), None) => Ok(()),
    };
    if let Err(e) = started {
        writeln!(err, "quire: warning: no log: {}", display_safe(&e))?;
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        config = ?settings.config_path.as_ref().map(|c| &c.path),
        paths = paths.len(),
        "starting the reader"
    );
    match crate::app::run_tui(paths, settings) {
        Ok(()) => Ok(Outcome::Success),
        Err(e) => {
            tracing::error!(error = %e, "the reader failed");
            writeln!(err, "quire: {}", display_safe(&e.to_string()))?;
            Ok(Outcome::Failure)
        }
    }
}
