//! One module per subcommand, each with its examples and a `run` function.

pub mod append;
pub mod build;
pub mod import;
pub mod log;
pub mod map;
pub mod run;
pub mod scrape;
pub mod status;
pub mod summary;
pub mod verify;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    let dir = cli.events;
    match cli.command {
        Command::Append(args) => append::run(&dir, *args),
        Command::Import(args) => import::run(&dir, args),
        Command::Verify(args) => verify::run(&dir, &args),
        Command::Log(args) => log::run(&dir, &args),
        Command::Status(args) => status::run(&dir, &args),
        Command::Summary(args) => summary::run(&dir, &args),
        Command::Scrape(args) => scrape::run(&dir, &args),
        Command::Build(args) => build::run(&dir, &args),
        Command::Map(args) => map::run(&dir, &args),
        Command::Run(args) => run::run(&dir, &args),
    }
}

/// Lists findings as refusal text, one per line.
fn findings_text(findings: &[(String, String, String)]) -> String {
    findings.iter().map(|(loc, rule, msg)| format!("\n  {loc}: [{rule}] {msg}")).collect()
}
