//! tradeoff's entry point: parse the command line, run it, report errors, set the exit code.
//! Everything else lives in the library (`src/lib.rs`).

use clap::Parser;
use std::process::ExitCode;
use tradeoff::cli::{Cli, closed_pipe, error_text, run};

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) would kill the process mid-write without a word: with
    // SIGXFSZ caught, the write fails with "File too large" instead, is named, and what was
    // staged is removed.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    // Usage errors exit with 2 inside parse(), as clap does.
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // The reader has all it wanted (`| head`): nothing failed.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", error_text(&e));
            ExitCode::from(1)
        }
    }
}
