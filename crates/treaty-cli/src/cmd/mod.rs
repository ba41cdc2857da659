//! One module per subcommand, each with its examples and a `run` function.

pub mod append;
pub mod build;
pub mod diff;
pub mod import;
pub mod log;
pub mod map;
pub mod query;
pub mod run;
pub mod scrape;
pub mod status;
pub mod summary;
pub mod verify;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    let dir = cli.events;
    let damaged = cli.allow_damaged;
    match cli.command {
        Command::Append(args) => append::run(&dir, *args),
        Command::Import(args) => import::run(&dir, args),
        Command::Verify(args) => verify::run(&dir, &args),
        Command::Log(args) => log::run(&dir, &args, damaged),
        Command::Status(args) => status::run(&dir, &args, damaged),
        Command::Summary(args) => summary::run(&dir, &args, damaged),
        Command::Scrape(args) => scrape::run(&dir, &args),
        Command::Build(args) => build::run(&dir, &args),
        Command::Diff(args) => diff::run(&dir, &args, damaged),
        Command::Map(args) => map::run(&dir, &args, damaged),
        Command::Query(args) => query::run(&args),
        Command::Run(args) => run::run(&dir, &args),
    }
}

/// The log, read to answer a question: refused when it does not verify in form (a damaged
/// line, a broken chain, a stray file), unless `allow_damaged`; its problems go to standard
/// error either way.
fn ledger_for_questions(dir: &std::path::Path, allow_damaged: bool) -> Result<treaty_pipeline::Ledger> {
    ledger_for_questions_of(dir, allow_damaged, &treaty_model::TreatyId::all().collect::<Vec<_>>())
}

/// As [`ledger_for_questions`], for questions about `treaties` only: the other streams are
/// read only when their index cannot vouch for them (see `Ledger::read_for`).
fn ledger_for_questions_of(
    dir: &std::path::Path,
    allow_damaged: bool,
    treaties: &[treaty_model::TreatyId],
) -> Result<treaty_pipeline::Ledger> {
    let ledger = treaty_pipeline::Ledger::read_for(dir, treaties)?;
    let damage = ledger.damage()?;
    if damage.is_empty() {
        return Ok(ledger);
    }
    for d in &damage {
        eprintln!("treaty: {d}");
    }
    if allow_damaged {
        eprintln!("treaty: answering from a log with {} problem(s) (--allow-damaged)", damage.len());
        return Ok(ledger);
    }
    Err(crate::Refused(format!(
        "the log does not verify ({} problem(s), above); an answer from it could be wrong: run `treaty verify`, repair the log, or pass --allow-damaged to answer from what can be read",
        damage.len()
    ))
    .into())
}

/// The log read under `lock` to be added to: refused unless it verifies (format and rules),
/// so that a damaged chain is never extended and a damaged line's fact never recorded twice.
fn ledger_to_write(dir: &std::path::Path, lock: &treaty_log::LogLock) -> Result<treaty_pipeline::Ledger> {
    let ledger = treaty_pipeline::Ledger::read_to_write(dir, lock)?;
    refuse_problems(&ledger)?;
    Ok(ledger)
}

/// As [`ledger_to_write`], for adding events that touch `touched`: read from the streams'
/// indexes when each is fresh (a fresh index says the log verified and has not changed
/// since), else read whole, verified, and indexed for the next time.
fn ledger_to_add(
    dir: &std::path::Path,
    lock: &treaty_log::LogLock,
    touched: &[treaty_pipeline::Touch],
) -> Result<treaty_pipeline::Ledger> {
    let ledger = treaty_pipeline::Ledger::read_to_add(dir, lock, touched)?;
    if !ledger.is_partial() {
        refuse_problems(&ledger)?;
        ledger.save_indexes();
    }
    Ok(ledger)
}

fn refuse_problems(ledger: &treaty_pipeline::Ledger) -> Result<()> {
    let problems = ledger.problems()?;
    if !problems.is_empty() {
        let shown: Vec<&String> = problems.iter().take(20).collect();
        return Err(crate::Refused(format!(
            "the log does not verify ({} problem(s)); nothing was written. Repair it first (`treaty verify` lists them; `treaty verify --repair` removes a torn last line):\n  {}{}",
            problems.len(),
            shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n  "),
            if problems.len() > shown.len() { "\n  …" } else { "" }
        ))
        .into());
    }
    Ok(())
}

/// Lists findings as refusal text, one per line.
fn findings_text(findings: &[(String, String, String)]) -> String {
    findings.iter().map(|(loc, rule, msg)| format!("\n  {loc}: [{rule}] {msg}")).collect()
}

/// Lets the ledger go without freeing it, when the command is about to end: freeing a large
/// log's events one allocation at a time takes longer (0.7 s at a million events) than the
/// system takes to reclaim the whole process. The ledger holds no lock and no unwritten data.
pub(crate) fn leave(ledger: treaty_pipeline::Ledger) {
    std::mem::forget(ledger);
}
