//! One unattended run: fetch → parse → reconcile → append → verify → fold → publish → report.
//!
//! It does nothing when nothing changed, publishes exactly what changed when something did,
//! and refuses — publishing nothing — when a guard trips.
//!
//! Locks, always taken in this order: the run lock (`events/.run.lock`, one run of a log at a
//! time: a second stops at once), the publishing lock of the output (`.<output>.lock`, shared
//! with `treaty build`: waited for, before anything is written), the log's lock
//! (`events/.lock`, shared with `treaty append` and `treaty import`: waited for while the log
//! is re-read, appended to and read for publishing).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use thiserror::Error;
use tracing::{info, warn};
use treaty_log::{Log, LogError};
use treaty_model::TreatyId;
use treaty_publish::{PublishError, PublishLock};
use treaty_untc::fetch::{FetchConfig, Fetcher};

use crate::Ledger;
use crate::ingest::{self, IngestError, Loaded, Options, Plan};
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
    /// The release could not be written (or another publisher held it for longer than the
    /// wait: [`PublishError::Busy`], before anything was written).
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The fetch stage ran out of the time the spec allows it (`max_fetch_seconds`).
    #[error("fetching stopped: the run may spend at most {} s fetching (max_fetch_seconds in the spec); {detail}; nothing was written", .limit.as_secs())]
    FetchBudget {
        /// The spec's limit.
        limit: Duration,
        /// What was not fetched, or the failure the time left allowed no retry of.
        detail: String,
    },
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
    let SourceSpec::Live { base_url, cache, timeout, retries, max_fetch } = &spec.source else {
        unreachable!("handled above")
    };
    // One fetcher per page, each given at most what is left of the run's fetch time (its
    // `total_timeout` covers its requests, retries and waits), so that the stage as a whole
    // ends within `max_fetch_seconds`; the pacing between pages is kept here.
    let defaults = FetchConfig::default();
    let start = Instant::now();
    let mut last_request: Option<Instant> = None;
    for (i, t) in spec.treaties.iter().enumerate() {
        if let Some(last) = last_request {
            let next = last + defaults.min_interval;
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
        }
        let left = max_fetch.saturating_sub(start.elapsed());
        if left < Duration::from_secs(1) {
            let missing: Vec<String> = spec.treaties[i..].iter().map(ToString::to_string).collect();
            return Err(RunError::FetchBudget {
                limit: *max_fetch,
                detail: format!("no time was left for the page(s) of {}", missing.join(", ")),
            });
        }
        let cut = left < defaults.total_timeout;
        let config = FetchConfig {
            base_url: base_url.clone(),
            cache_dir: cache.clone(),
            timeout: (*timeout).min(left),
            connect_timeout: defaults.connect_timeout.min(left),
            total_timeout: defaults.total_timeout.min(left),
            retries: *retries,
            ..defaults.clone()
        };
        let mut fetcher = Fetcher::new(config).map_err(|cause| IngestError::Fetch { treaty: *t, cause })?;
        info!(treaty = %t, "fetching page");
        let result = ingest::load_live(&mut fetcher, base_url, *t);
        last_request = Some(Instant::now());
        match result {
            Ok(page) => loaded.push(page),
            Err(e @ IngestError::Fetch { .. }) if cut => {
                return Err(RunError::FetchBudget {
                    limit: *max_fetch,
                    detail: format!("the page of {t} had only the {:.1} s left, and failed: {e}", left.as_secs_f64()),
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(loaded)
}

/// Reads the log and refuses one that does not verify. A problem may be an append in
/// progress (a line half-written at the moment of reading): the log is then read again under
/// its lock, which waits for the appender, before refusing.
fn read_verified(events: &Path) -> Result<Ledger, RunError> {
    let ledger = Ledger::read(events)?;
    if ledger.problems()?.is_empty() {
        return Ok(ledger);
    }
    let lock = Log::new(events).lock()?;
    let ledger = Ledger::read(events)?;
    drop(lock);
    let problems = ledger.problems()?;
    if problems.is_empty() { Ok(ledger) } else { Err(RunError::Unverified(problems)) }
}

/// The plan of what the pages add to `ledger`, or why a guard refuses it.
fn make_plan(
    spec: &Spec,
    ledger: &Ledger,
    loaded: &[Loaded],
    now: DateTime<Utc>,
) -> Result<Result<Plan, String>, RunError> {
    let plan =
        match ingest::plan(ledger, loaded, Options { correct: false, allow_shrink: spec.guards.allow_shrink }, now) {
            Ok(plan) => plan,
            Err(IngestError::Shrink(lines)) => {
                return Ok(Err(format!(
                    "the pages no longer show {} action(s) the log holds: {}",
                    lines.len(),
                    lines.join("; ")
                )));
            }
            Err(IngestError::Rules(lines)) => {
                return Ok(Err(format!("{} proposed event(s) break the rules: {}", lines.len(), lines.join("; "))));
            }
            Err(e) => return Err(e.into()),
        };
    let count = plan.count();
    if count > spec.guards.max_new_events {
        return Ok(Err(format!(
            "{count} new events, more than the {} one run may append: review them with `treaty scrape`, then raise the guard or apply them by hand",
            spec.guards.max_new_events
        )));
    }
    Ok(Ok(plan))
}

/// The report's account of a plan: what needs a person, and the new events.
fn describe(report: &mut Report, plan: &Plan) {
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
    // A release replaces only a release: refuse another output before anything is done.
    treaty_publish::check_output(&spec.output)?;
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

    let ledger = read_verified(&spec.events)?;
    let plan = match make_plan(spec, &ledger, &loaded, options.now)? {
        Ok(plan) => plan,
        Err(message) => return refuse(report, timer, message),
    };
    timer.lap("reconcile");
    describe(&mut report, &plan);
    let count = plan.count();
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

    // Publishers take turns: wait for a `treaty build` (or another output's run) publishing
    // here, before anything is written.
    let output = spec.output.clone();
    let publishing = PublishLock::acquire(&spec.output, |lock| {
        info!(lock = %lock.display(), output = %output.display(), "waiting for another publisher");
    })?;
    let log = Log::new(&spec.events);
    let lock = log.lock()?;
    // The log may have grown since it was planned against (`treaty append`): plan again
    // against what it holds now, under its lock.
    let now_ledger = Ledger::read(&spec.events)?;
    let (ledger, plan) = if current_heads(&now_ledger) == current_heads(&ledger) {
        (ledger, plan)
    } else {
        info!("the log changed since it was read: planning again");
        let problems = now_ledger.problems()?;
        if !problems.is_empty() {
            return Err(RunError::Unverified(problems));
        }
        match make_plan(spec, &now_ledger, &loaded, options.now)? {
            Ok(plan) => {
                describe(&mut report, &plan);
                (now_ledger, plan)
            }
            Err(message) => return refuse(report, timer, message),
        }
    };
    let count = plan.count();
    if count == 0 && published_heads(&spec.output) == Some(current_heads(&ledger)) {
        report.outcome = Outcome::NothingToDo;
        report.message = "nothing to do: the sources state nothing the log lacks, and the release is current".into();
        report.stages = timer.stages;
        return Ok(report);
    }
    if count > 0 {
        ingest::apply(&ledger, &lock, &plan).map_err(RunError::Log)?;
    }
    timer.lap("append");
    let ledger = Ledger::read(&spec.events)?;
    drop(lock);
    let problems = ledger.problems()?;
    if !problems.is_empty() {
        return Err(RunError::Unverified(problems));
    }
    timer.lap("verify");
    let streams = ledger.publish_inputs();
    let built = treaty_publish::build_locked(&streams, None, &publishing)?;
    drop(publishing);
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
    use std::io::Write as _;
    let io = |source| RunError::Io { path: path.to_owned(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = path.with_extension("json.tmp");
    // A new file, never through whatever is at the temporary name (a symbolic link, say).
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
        _ => {}
    }
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io)?;
    file.write_all((serde_json::to_string_pretty(report).expect("json") + "\n").as_bytes()).map_err(io)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}
