//! `treaty`: keep the ledger of UN treaty actions, check it, and ask it questions.

mod cli;
mod cmd;
mod context;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system's allocator: `treaty build` of a million events makes and
/// frees tens of millions of small strings, and takes a quarter less time with it
/// (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes (documented in `treaty --help` and the README).
pub mod exit {
    /// Done.
    pub const OK: u8 = 0;
    /// Refused: a rule, a duplicate, a stale head, or a log that does not verify.
    pub const REFUSED: u8 = 1;
    /// Error: bad arguments or input, or a file that cannot be read or written.
    pub const ERROR: u8 = 2;
    /// `treaty run`: nothing to do (the sources and the log are unchanged).
    pub const NOTHING_TO_DO: u8 = 3;
    /// `treaty run`: another run of the same log is in progress.
    pub const BUSY: u8 = 4;
}

/// A command that has said what it had to say and ends with this exit code.
#[derive(Debug)]
pub struct Exit(pub u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}

impl std::error::Error for Exit {}

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
            if let Some(Exit(code)) = err.downcast_ref::<Exit>() {
                return ExitCode::from(*code);
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
