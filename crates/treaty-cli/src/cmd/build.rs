use std::path::Path;

use anyhow::{Context, Result};

use crate::Refused;
use crate::cli::BuildArgs;
use crate::context::parse_date;
use crate::output;
use treaty_pipeline::Ledger;

pub const EXAMPLES: &str = "\
Verifies the log (and refuses to publish if `treaty verify` would fail), folds it, and writes the
release: events, status, campaign, timeline, participants and treaties, each as CSV, Parquet
and JSON, described by datapackage.json (Frictionless Data Package v2), with SHA256SUMS,
CHANGELOG.md and CITATION.cff. The release is written beside the output directory and swapped
in at once: a build that fails or is killed leaves the previous release whole. The same log
gives byte-identical files. The version follows the Data Package recipe: new events raise the
minor version, corrections alone the patch, a change of the tables' layout the major.

Examples:
  treaty build
  treaty build --out /tmp/release --as-of 2015-12-31";

pub fn run(dir: &Path, args: &crate::cli::BuildArgs) -> Result<()> {
    let BuildArgs { out, as_of } = args;
    let as_of = as_of.as_deref().map(parse_date).transpose().context("--as-of")?;
    let ledger = Ledger::read(dir)?;
    let problems = ledger.problems()?;
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
    let built = treaty_publish::build(&streams, as_of, out)?;
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
