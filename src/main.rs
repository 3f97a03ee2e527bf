//! Entry point: parse, dispatch, map the outcome to an exit code. Logic lives
//! in [`quire::cli`].

use std::io::{self, BufWriter};
use std::process::ExitCode;

use clap::Parser;
use quire::cli::{Cli, Host, Term, run};
use quire::config::Dirs;

fn main() -> ExitCode {
    // Before the first big allocation: see `quire::library::pages`.
    quire::library::pages::small_pages_only();
    // Usage errors exit with 2 here, inside clap; `--help` exits with 0.
    let cli = Cli::parse();
    let term = Term::detect();
    let env = |name: &str| std::env::var_os(name);
    let host = Host { env: &env, dirs: Dirs::platform() };
    let mut out = BufWriter::new(io::stdout().lock());
    run(cli, &term, &host, &mut out, &mut io::stderr().lock()).exit_code()
}
