//! `treaty`: keep the ledger of UN treaty actions, check it, and ask it questions.

mod cli;
mod cmd;
mod context;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// Exit codes (documented in `treaty --help` and the README).
pub mod exit {
    /// Done.
    pub const OK: u8 = 0;
    /// Refused: a rule, a duplicate, a stale head, or a log that does not verify.
    pub const REFUSED: u8 = 1;
    /// Error: bad arguments or input, or a file that cannot be read or written.
    pub const ERROR: u8 = 2;
}

/// An outcome that is the ledger saying no, not the program failing.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cmd::run(args) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::from(exit::OK);
            }
            if let Some(refused) = err.downcast_ref::<Refused>() {
                eprintln!("treaty: refused: {refused}");
                return ExitCode::from(exit::REFUSED);
            }
            eprintln!("treaty: error: {err:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
