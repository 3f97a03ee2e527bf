//! Entry point: parse, dispatch, map the outcome to an exit code. Logic lives
//! in [`quire::cli`].

use std::io::{self, BufWriter};
use std::process::ExitCode;

use clap::Parser;
use quire::cli::{Cli, Term, run};

fn main() -> ExitCode {
    // Usage errors exit with 2 here, inside clap; `--help` exits with 0.
    let cli = Cli::parse();
    let term = Term::detect();
    let mut out = BufWriter::new(io::stdout().lock());
    run(cli, &term, &mut out, &mut io::stderr().lock()).exit_code()
}
