//! One unattended run: fetch → parse → reconcile → append → verify → fold → publish → report.
//!
//! It does nothing when nothing changed, publishes exactly what changed when something did,
//! and refuses — publishing nothing — when a guard trips.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use thiserror::Error;
use tracing::{info, warn};
use treaty_log::{Log, LogError};
use treaty_model::TreatyId;
use treaty_publish::PublishError;
use treaty_untc::fetch::{FetchConfig, Fetcher};

use crate::Ledger;
use crate::ingest::{self, IngestError, Loaded, Options};
use crate::spec::{SourceSpec, Spec};

/// How a run ended, when it ended normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// New events were appended and the release published (or would be, in a dry run).
    Changed,
    /// The sources say nothing the log lacks and the release is current: no file touched.
    NothingToDo,
    /// A guard stopped the run: nothing was written.
    Refused,
}

/// A run that could not be carried out. Nothing was published.
#[derive(Debug, Error)]
pub enum RunError {
    /// Another run of the same log is in progress.
    #[error("another run is in progress (it holds {}); this one stops without changing anything", .0.display())]
    Busy(PathBuf),
    /// Pages could not be read or judged.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// The log could not be read or written.
    #[error(transparent)]
    Log(#[from] LogError),
    /// The release could not be written.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The log does not verify.
    #[error("the log does not verify ({} problem(s)); run `treaty verify`:\n  {}", .0.len(), .0.join("\n  "))]
    Unverified(Vec<String>),
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// A source page as the run used it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    /// The treaty.
    pub treaty: TreatyId,
    /// The official page.
    pub url: String,
    /// SHA-256 of the bytes read.
    pub sha256: String,
    /// The page's "status as at".
    pub status_as_at: DateTime<FixedOffset>,
    /// When it was fetched or, for a saved page, its own time.
    pub retrieved_at: Option<DateTime<Utc>>,
    /// The site said it had not changed (conditional request).
    pub not_modified: bool,
}

/// A new event, in words.
#[derive(Debug, Clone, Serialize)]
pub struct NewEvent {
    /// The treaty.
    pub treaty: TreatyId,
    /// The event id.
    pub event_id: String,
    /// "Albania acceded to the OP-ICESCR on 19 February 2025".
    pub sentence: String,
}

/// The time one stage took.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// fetch, reconcile, append, verify, publish.
    pub stage: &'static str,
    /// Seconds, to the millisecond.
    pub seconds: f64,
}

/// What a run did: written as JSON and summarised for people.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The pipeline's name.
    pub pipeline: String,
    /// Its spec file.
    pub spec: PathBuf,
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// Nothing was written.
    pub dry_run: bool,
    /// How it ended.
    pub outcome: Outcome,
    /// In a sentence.
    pub message: String,
    /// Each source page.
    pub sources: Vec<SourceReport>,
    /// The events appended (or that would be).
    pub new_events: Vec<NewEvent>,
    /// Things the pages state that need a person.
    pub reviews: Vec<String>,
    /// The release's version after the run.
    pub version: Option<String>,
    /// Its version before.
    pub previous_version: Option<String>,
    /// Time per stage.
    pub stages: Vec<Stage>,
}

impl Report {
    /// A few lines for people.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut out = format!("{}: {}\n", self.pipeline, self.message);
        for e in &self.new_events {
            out.push_str(&format!("  - {}.\n", e.sentence));
        }
        for s in &self.sources {
            out.push_str(&format!(
                "  source {}: {} sha256 {} status as at {}{}\n",
                s.treaty,
                s.url,
                s.sha256,
                s.status_as_at.to_rfc3339(),
                if s.not_modified { " (not modified)" } else { "" }
            ));
        }
        if !self.reviews.is_empty() {
            out.push_str(&format!("  {} item(s) for a person to review (see the JSON report)\n", self.reviews.len()));
        }
        let stages: Vec<String> = self.stages.iter().map(|s| format!("{} {:.2}s", s.stage, s.seconds)).collect();
        out.push_str(&format!("  stages: {}\n", stages.join(", ")));
        out
    }
}

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Read saved pages from here instead of the spec's source.
    pub offline: Option<PathBuf>,
    /// Write nothing.
    pub dry_run: bool,
    /// "Now", for the age of sources and the time events are recorded.
    pub now: DateTime<Utc>,
}

struct Timer {
    stages: Vec<Stage>,
    start: Instant,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let seconds = (self.start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
        info!(stage, seconds, "stage done");
        self.stages.push(Stage { stage, seconds });
        self.start = Instant::now();
    }
}

/// Holds the run lock of a log while it lives.
struct RunLock {
    _file: File,
}

fn run_lock(events: &Path) -> Result<RunLock, RunError> {
    std::fs::create_dir_all(events).map_err(|source| RunError::Io { path: events.to_owned(), source })?;
    let path = events.join(".run.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| RunError::Io { path: path.clone(), source })?;
    match file.try_lock() {
        Ok(()) => Ok(RunLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(RunError::Busy(path)),
        Err(std::fs::TryLockError::Error(source)) => Err(RunError::Io { path, source }),
    }
}

fn load(spec: &Spec, options: &RunOptions) -> Result<Vec<Loaded>, RunError> {
    let mut loaded = Vec::new();
    let directory = options.offline.clone().or(match &spec.source {
        SourceSpec::Directory(d) => Some(d.clone()),
        SourceSpec::Live { .. } => None,
    });
    if let Some(dir) = directory {
        for t in &spec.treaties {
            info!(treaty = %t, dir = %dir.display(), "reading saved page");
            loaded.push(ingest::load_saved(&dir, *t, None)?);
        }
        return Ok(loaded);
    }
    let SourceSpec::Live { base_url, cache, timeout, retries } = &spec.source else { unreachable!("handled above") };
    let config = FetchConfig {
        base_url: base_url.clone(),
        cache_dir: cache.clone(),
        timeout: *timeout,
        retries: *retries,
        ..FetchConfig::default()
    };
    let mut fetcher = Fetcher::new(config).map_err(|cause| IngestError::Fetch { treaty: spec.treaties[0], cause })?;
    for t in &spec.treaties {
        info!(treaty = %t, "fetching page");
        loaded.push(ingest::load_live(&mut fetcher, base_url, *t)?);
    }
    Ok(loaded)
}

/// The heads of each stream that the release in `output` was built from.
fn published_heads(output: &Path) -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(output.join("datapackage.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let mut heads: Vec<(String, String)> = json["treaty:streams"]
        .as_object()?
        .iter()
        .filter(|(_, v)| v["events"].as_u64().unwrap_or(0) > 0)
        .map(|(k, v)| (k.clone(), v["head"].as_str().unwrap_or_default().to_owned()))
        .collect();
    heads.sort();
    Some(heads)
}

fn current_heads(ledger: &Ledger) -> Vec<(String, String)> {
    let mut heads: Vec<(String, String)> = ledger
        .streams
        .iter()
        .filter(|s| !s.entries.is_empty())
        .map(|s| (s.treaty.key().to_owned(), s.head.to_hex()))
        .collect();
    heads.sort();
    heads
}

fn version_of(output: &Path) -> Option<String> {
    let text = std::fs::read_to_string(output.join("datapackage.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_owned)
}

/// Runs the pipeline `spec`.
///
/// # Errors
/// [`RunError`] when the run cannot be carried out; a guard that trips is an [`Outcome::Refused`]
/// report, not an error. Either way nothing is published.
pub fn run(spec: &Spec, options: &RunOptions) -> Result<Report, RunError> {
    let _lock = run_lock(&spec.events)?;
    let mut timer = Timer { stages: Vec::new(), start: Instant::now() };
    let mut report = Report {
        pipeline: spec.name.clone(),
        spec: spec.path.clone(),
        started_at: options.now,
        dry_run: options.dry_run,
        outcome: Outcome::NothingToDo,
        message: String::new(),
        sources: Vec::new(),
        new_events: Vec::new(),
        reviews: Vec::new(),
        version: version_of(&spec.output),
        previous_version: version_of(&spec.output),
        stages: Vec::new(),
    };
    let refuse = |mut report: Report, timer: Timer, message: String| {
        warn!(%message, "refused");
        report.outcome = Outcome::Refused;
        report.message = format!("refused: {message}; nothing was written");
        report.stages = timer.stages;
        Ok(report)
    };

    let loaded = load(spec, options)?;
    timer.lap("fetch");
    report.sources = loaded
        .iter()
        .map(|l| SourceReport {
            treaty: l.page.treaty,
            url: l.provenance.url.clone(),
            sha256: l.provenance.sha256.to_hex(),
            status_as_at: l.page.status_as_at,
            retrieved_at: l.provenance.retrieved_at,
            not_modified: l.not_modified,
        })
        .collect();
    let max_age = chrono::TimeDelta::days(i64::from(spec.guards.max_source_age_days));
    let stale: Vec<String> = loaded
        .iter()
        .filter(|l| options.now - l.page.status_as_at.with_timezone(&Utc) > max_age)
        .map(|l| format!("{} (status as at {})", l.page.treaty, l.page.status_as_at.to_rfc3339()))
        .collect();
    if !stale.is_empty() {
        return refuse(
            report,
            timer,
            format!("source pages older than {} days: {}", spec.guards.max_source_age_days, stale.join(", ")),
        );
    }

    let ledger = Ledger::read(&spec.events)?;
    let problems = ledger.problems()?;
    if !problems.is_empty() {
        return Err(RunError::Unverified(problems));
    }
    let plan = match ingest::plan(
        &ledger,
        &loaded,
        Options { correct: false, allow_shrink: spec.guards.allow_shrink },
        options.now,
    ) {
        Ok(plan) => plan,
        Err(IngestError::Shrink(lines)) => {
            return refuse(
                report,
                timer,
                format!("the pages no longer show {} action(s) the log holds: {}", lines.len(), lines.join("; ")),
            );
        }
        Err(IngestError::Rules(lines)) => {
            return refuse(
                report,
                timer,
                format!("{} proposed event(s) break the rules: {}", lines.len(), lines.join("; ")),
            );
        }
        Err(e) => return Err(e.into()),
    };
    timer.lap("reconcile");
    report.reviews = plan
        .results
        .iter()
        .flat_map(|r| {
            let conflicts = r.conflicts.iter().map(move |c| {
                format!(
                    "{}: {}: the log has {} of {}, the page {} of {}",
                    r.treaty,
                    c.participant.name(),
                    c.log.action,
                    c.log.date,
                    c.correction.fact.action,
                    c.correction.fact.date
                )
            });
            conflicts.chain(r.reviews.iter().map(move |v| format!("{}: {}: {}", r.treaty, v.name, v.message)))
        })
        .chain(plan.set_aside.iter().map(|v| format!("{}: {}", v.name, v.message)))
        .collect();
    report.new_events = plan
        .additions
        .iter()
        .flat_map(|(t, events)| {
            events.iter().map(|e| NewEvent {
                treaty: *t,
                event_id: e.id.to_hex(),
                sentence: treaty_publish::tables::sentence(e),
            })
        })
        .collect();
    let count = plan.count();
    if count > spec.guards.max_new_events {
        return refuse(
            report,
            timer,
            format!(
                "{count} new events, more than the {} one run may append: review them with `treaty scrape`, then raise the guard or apply them by hand",
                spec.guards.max_new_events
            ),
        );
    }
    let release_current = published_heads(&spec.output) == Some(current_heads(&ledger));
    if count == 0 && release_current {
        report.message = "nothing to do: the sources state nothing the log lacks, and the release is current".into();
        report.stages = timer.stages;
        return Ok(report);
    }
    report.outcome = Outcome::Changed;
    if options.dry_run {
        report.message = format!("would append {count} event(s) and publish a new release (dry run: nothing written)");
        report.stages = timer.stages;
        return Ok(report);
    }

    let log = Log::new(&spec.events);
    let lock = log.lock()?;
    if count > 0 {
        ingest::apply(&ledger, &lock, &plan).map_err(|failure| RunError::Log(failure.error))?;
    }
    drop(lock);
    timer.lap("append");
    let ledger = Ledger::read(&spec.events)?;
    let problems = ledger.problems()?;
    if !problems.is_empty() {
        return Err(RunError::Unverified(problems));
    }
    timer.lap("verify");
    let streams = ledger.publish_inputs();
    let built = treaty_publish::build(&streams, None, &spec.output)?;
    timer.lap("publish");
    report.version = Some(built.version.clone());
    report.message = format!(
        "{count} new event(s); published release {} in {}",
        built.version,
        spec.output.strip_prefix(&spec.root).unwrap_or(&spec.output).display()
    );
    report.stages = timer.stages;
    write_report(&spec.report, &report)?;
    Ok(report)
}

/// Writes `report` as JSON to `path` (temp file and rename).
///
/// # Errors
/// When the file cannot be written.
pub fn write_report(path: &Path, report: &Report) -> Result<(), RunError> {
    let io = |source| RunError::Io { path: path.to_owned(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_string_pretty(report).expect("json") + "\n").map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}
