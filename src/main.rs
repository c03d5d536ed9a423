//! tradeoff's entry point: parse the command line, run it, report errors, set the exit code.
//! Everything else lives in the library (`src/lib.rs`).

use clap::Parser;
use std::process::ExitCode;
use tradeoff::cli::{Cli, error_text, run};

fn main() -> ExitCode {
    // Usage errors exit with 2 inside parse(), as clap does.
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", error_text(&e));
            ExitCode::from(1)
        }
    }
}
