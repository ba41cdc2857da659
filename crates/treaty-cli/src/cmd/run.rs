use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};
use treaty_pipeline::{Outcome, RunError, RunOptions, Spec};
use treaty_publish::PublishError;

use crate::cli::{LogFormat, RunArgs};
use crate::context::now;
use crate::{Exit, exit, output};

pub const EXAMPLES: &str = "\
A pipeline spec names its treaties, its source (the live UN Treaty Collection, or a directory of
saved pages), its output directory and its guards (see pipelines/*.toml). A run fetches the
pages, reads them, compares them with the log, appends what they add, verifies the log, and
publishes the release, then writes a run report (JSON, at the spec's `report` path) and prints
a summary. It changes nothing when nothing changed, and refuses — writing nothing — when a
guard trips: a page that no longer shows an action the log holds, more new events than
`max_new_events`, a page older than `max_source_age_days`.

Every path of the spec must stay inside the repository once symbolic links are followed; the
output must be a release (or absent, or empty), never the repository, the log or the specs; the
report may not be written into the log, over a spec or among the release's files (nor may
--report). Caps, refused with the spec's line beyond them: `retries` at most 10,
`timeout_seconds` 1 to 300, `max_fetch_seconds` (the whole fetch stage; default 900) 1 to 3600.
Publishing takes turns with `treaty build` under .<output>.lock, waiting at most 600 s (or
TREATY_PUBLISH_TIMEOUT seconds) before anything is written.

Exit codes (for schedulers):
  0  new events were appended and the release published
  1  refused by a guard: nothing was written
  2  error: bad spec, unreachable or unreadable source, a log that does not verify
  3  nothing to do: no file was touched
  4  another run of the same log is in progress, or another publisher held the output for
     longer than the wait: this one changed nothing

Examples:
  treaty run pipelines/op-icescr.toml
  treaty run pipelines/core-human-rights.toml --offline tests/fixtures/untc/2026-02-03 --dry-run
  treaty run pipelines/op-icescr.toml --log-format json --report /tmp/report.json";

fn init_logs(format: LogFormat) {
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).without_time().compact().try_init(),
    };
}

pub fn run(_dir: &Path, args: &RunArgs) -> Result<()> {
    init_logs(args.log_format);
    let spec = Spec::read(&args.spec)?;
    if let Some(path) = &args.report
        && let Some(why) = spec.report_conflict(path)
    {
        bail!("--report {}: {why}; nothing was done", path.display());
    }
    let options = RunOptions { offline: args.offline.clone(), dry_run: args.dry_run, now: now()? };
    let report = match treaty_pipeline::run(&spec, &options) {
        Ok(report) => report,
        Err(e @ (RunError::Busy(_) | RunError::Publish(PublishError::Busy { .. }))) => {
            eprintln!("treaty: {e}");
            return Err(Exit(exit::BUSY).into());
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(path) = &args.report {
        treaty_pipeline::write_report(path, &report)?;
    }
    output::lines([report.summary().trim_end().to_owned()])?;
    match report.outcome {
        Outcome::Changed => Ok(()),
        Outcome::NothingToDo => Err(Exit(exit::NOTHING_TO_DO).into()),
        Outcome::Refused => Err(Exit(exit::REFUSED).into()),
    }
}
