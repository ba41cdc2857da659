use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::Refused;
use crate::cli::BuildArgs;
use crate::context::parse_date;
use crate::output;
use treaty_log::Log;
use treaty_pipeline::Ledger;
use treaty_publish::PublishLock;

pub const EXAMPLES: &str = "\
Verifies the log (and refuses to publish if `treaty verify` would fail), folds it, and writes the
release: events, status, campaign, timeline, participants and treaties, each as CSV, Parquet
and JSON, described by datapackage.json (Frictionless Data Package v2), with SHA256SUMS,
CHANGELOG.md and CITATION.cff. The release is written beside the output directory and swapped
in at once: a build that fails or is killed leaves the previous release whole. The same log
gives byte-identical files. The version follows the Data Package recipe: new events raise the
minor version, corrections alone the patch, a change of the tables' layout the major.

A release replaces only a release: --out must be absent, an empty directory, or a directory
that holds a release of this ledger (its datapackage.json); anything else (the log, the
repository, a directory of other files) is refused and left as it was. Publishers take turns:
a build waits for another `treaty build` or `treaty run` publishing to the same directory (they
hold .<out>.lock beside it) for at most 600 s, or TREATY_PUBLISH_TIMEOUT seconds, then reads
the log and publishes; it removes what builds killed midway left beside the output
(.<out>.tmp-<pid>).

Examples:
  treaty build
  treaty build --out /tmp/release --as-of 2015-12-31";

/// The log, read under the publishing lock; a log with problems is read again under the log's
/// lock (an append may have been half-written at the moment of reading) before refusing.
fn read_log(dir: &Path) -> Result<(Ledger, Vec<String>)> {
    let ledger = Ledger::read(dir)?;
    let problems = ledger.problems()?;
    if problems.is_empty() {
        return Ok((ledger, problems));
    }
    let lock = Log::new(dir).lock()?;
    let ledger = Ledger::read(dir)?;
    drop(lock);
    let problems = ledger.problems()?;
    Ok((ledger, problems))
}

pub fn run(dir: &Path, args: &crate::cli::BuildArgs) -> Result<()> {
    let BuildArgs { out, as_of } = args;
    let as_of = as_of.as_deref().map(parse_date).transpose().context("--as-of")?;
    treaty_publish::check_output(out)?;
    if let (Ok(log), Ok(release)) = (std::fs::canonicalize(dir), std::fs::canonicalize(out))
        && log.starts_with(&release)
    {
        bail!(
            "{}: it holds the log {}, and a release may only replace a directory that holds a release or nothing; nothing was published",
            out.display(),
            dir.display()
        );
    }
    let lock = PublishLock::acquire(out, |lock| {
        eprintln!(
            "treaty: waiting for another publisher of {} (it holds {}; at most {} s)",
            out.display(),
            lock.display(),
            std::env::var(treaty_publish::PUBLISH_TIMEOUT_VAR)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(treaty_publish::PUBLISH_TIMEOUT.as_secs())
        );
    })?;
    let (ledger, problems) = read_log(dir)?;
    if !problems.is_empty() {
        output::lines(problems.iter().cloned())?;
        return Err(Refused(format!(
            "the log does not verify ({} problem(s), listed above): nothing was published, and {} is as it was",
            problems.len(),
            out.display()
        ))
        .into());
    }
    let streams = ledger.publish_inputs();
    let built = treaty_publish::build_locked(&streams, as_of, &lock)?;
    drop(lock);
    drop(streams);
    super::leave(ledger);
    let total: u64 = built.files.iter().map(|(_, b, _)| b).sum();
    let change = match &built.previous {
        None => "a first release".to_owned(),
        Some(p) if *p == built.version => format!("version {p} unchanged: no new events"),
        Some(p) => format!("from {p}: {} new event(s)", built.new_events),
    };
    output::lines([format!(
        "built release {} in {} ({change}): {} files, {total} bytes",
        built.version,
        built.dir.display(),
        built.files.len()
    )])
}
