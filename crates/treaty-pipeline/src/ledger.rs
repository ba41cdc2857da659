//! The log as the commands and the pipeline see it: every stream read and checked, and new
//! events judged against it before they are written.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use treaty_fold::{Rule, Snapshot, Violation, validate};
use treaty_log::{Log, LogError, LogLock, Stream};
use treaty_model::{Event, TreatyId};
use treaty_publish::{EntryInput, StreamInput};

/// A stray file, as a problem of the log.
fn stray(path: &Path) -> String {
    format!(
        "{}: [{}] not the stream of any treaty: streams are named <treaty key>.ndjson",
        path.display(),
        treaty_log::LogRule::StreamName
    )
}

/// Every stream of a log, read and checked.
#[derive(Debug)]
pub struct Ledger {
    /// The log.
    pub log: Log,
    /// Its streams, in catalogue order.
    pub streams: Vec<Stream>,
}

/// A broken rule found while judging new events.
#[derive(Debug)]
pub struct Finding {
    /// `(treaty, index)` into the additions when it is about a new event.
    pub added: Option<(TreatyId, usize)>,
    /// `file:line` when it is about a recorded event the additions would invalidate.
    pub location: Option<String>,
    /// The rule broken.
    pub violation: Violation,
}

impl Ledger {
    /// Reads every stream of the log in `dir`, to answer questions from it: the directory must
    /// be a log with at least one stream. A multi-stream write that a crash interrupted is
    /// first finished or undone (under the log's lock), so that no half of it is ever read.
    ///
    /// # Errors
    /// [`LogError::NoLog`] when `dir` is not a log, and when a stream cannot be read.
    pub fn read(dir: &Path) -> Result<Ledger, LogError> {
        let log = Log::new(dir);
        log.require(false)?;
        if log.journal_pending() {
            drop(log.lock()?);
        }
        let streams = log.read_all()?;
        Ok(Ledger { log, streams })
    }

    /// Reads every stream of the log in `dir` to add to it, under `lock`: an empty
    /// directory is a new log.
    ///
    /// # Errors
    /// [`LogError::NoLog`] when `dir` holds files but no stream, and when a stream cannot be read.
    pub fn read_to_write(dir: &Path, _lock: &LogLock) -> Result<Ledger, LogError> {
        let log = Log::new(dir);
        log.require(true)?;
        let streams = log.read_all()?;
        Ok(Ledger { log, streams })
    }

    /// What makes the log's files unreadable as a log, each as `FILE:LINE: [RULE] MESSAGE`:
    /// stray files and format problems (not the treaty rules, which [`Ledger::problems`] adds).
    ///
    /// # Errors
    /// When the log directory cannot be listed.
    pub fn damage(&self) -> Result<Vec<String>, LogError> {
        let mut out: Vec<String> = self.log.stray_files()?.into_iter().map(|path| stray(&path)).collect();
        out.extend(self.streams.iter().flat_map(|s| s.problems.iter().map(ToString::to_string)));
        Ok(out)
    }

    /// A treaty's stream.
    #[must_use]
    pub fn stream(&self, treaty: TreatyId) -> &Stream {
        self.streams.iter().find(|s| s.treaty == treaty).expect("every treaty has a stream")
    }

    /// The streams as the release builder takes them.
    #[must_use]
    pub fn publish_inputs(&self) -> Vec<StreamInput<'_>> {
        self.streams
            .iter()
            .map(|s| StreamInput {
                treaty: s.treaty,
                head: s.head,
                entries: s.entries.iter().map(|e| EntryInput { seq: e.seq, event: &e.event, hash: e.hash }).collect(),
            })
            .collect()
    }

    /// Every treaty's history as known at `known_at`.
    #[must_use]
    pub fn snapshot(&self, known_at: Option<DateTime<Utc>>) -> Snapshot {
        Snapshot::new(self.streams.iter().map(|s| (s.treaty, s.events())), known_at)
    }

    /// Every problem of the log, each as `FILE:LINE: [RULE] MESSAGE`, in file and line order:
    /// stray files, format problems and rule violations.
    ///
    /// # Errors
    /// When the log directory cannot be listed.
    pub fn problems(&self) -> Result<Vec<String>, LogError> {
        let mut problems: Vec<(String, usize, String)> = Vec::new();
        for path in self.log.stray_files()? {
            problems.push((path.display().to_string(), 0, stray(&path)));
        }
        for s in &self.streams {
            for p in &s.problems {
                problems.push((p.path.display().to_string(), p.line, p.to_string()));
            }
        }
        for v in self.violations() {
            let s = self.stream(v.treaty);
            let line = s.entries.get(v.index).map_or(0, |e| e.line);
            problems.push((
                s.path.display().to_string(),
                line,
                format!("{}: [{}] {}", self.location(&v), v.rule, v.message),
            ));
        }
        problems.sort();
        Ok(problems.into_iter().map(|(_, _, text)| text).collect())
    }

    /// Rule violations of the recorded events.
    #[must_use]
    pub fn violations(&self) -> Vec<Violation> {
        validate(&self.event_lists(&BTreeMap::new()))
    }

    /// `file:line` of a violation of a recorded event.
    #[must_use]
    pub fn location(&self, v: &Violation) -> String {
        let s = self.stream(v.treaty);
        let line = s.entries.get(v.index).map_or(0, |e| e.line);
        format!("{}:{line}", s.path.display())
    }

    fn event_lists<'a>(&'a self, additions: &'a BTreeMap<TreatyId, Vec<Event>>) -> Vec<(TreatyId, Vec<&'a Event>)> {
        self.streams
            .iter()
            .map(|s| {
                let mut events: Vec<&Event> = s.events().collect();
                events.extend(additions.get(&s.treaty).into_iter().flatten());
                (s.treaty, events)
            })
            .collect()
    }

    /// Judges `additions` (per treaty, in the order they would be appended) against the
    /// log: the rules they break, and the recorded events they would put in breach (an
    /// optional protocol's event whose prerequisite a change to the parent removes).
    #[must_use]
    pub fn judge(&self, additions: &BTreeMap<TreatyId, Vec<Event>>) -> Vec<Finding> {
        let candidate = validate(&self.event_lists(additions));
        let recorded_len = |t: TreatyId| self.stream(t).entries.len();
        let mut findings = Vec::new();
        let mut about_recorded = Vec::new();
        for v in candidate {
            let n = recorded_len(v.treaty);
            if v.index >= n {
                findings.push(Finding { added: Some((v.treaty, v.index - n)), location: None, violation: v });
            } else {
                about_recorded.push(v);
            }
        }
        if !about_recorded.is_empty() {
            // Only breaches the additions cause count; the log's own are `treaty verify`'s.
            let before: HashSet<(TreatyId, usize, Rule)> =
                self.violations().into_iter().map(|v| (v.treaty, v.index, v.rule)).collect();
            for v in about_recorded {
                if !before.contains(&(v.treaty, v.index, v.rule)) {
                    findings.push(Finding { added: None, location: Some(self.location(&v)), violation: v });
                }
            }
        }
        findings
    }

    /// The latest `recorded_at` of a stream, so that a new event never goes back in time
    /// (a maintainer's clock can be behind).
    #[must_use]
    pub fn recorded_at(&self, treaty: TreatyId, now: DateTime<Utc>) -> DateTime<Utc> {
        self.stream(treaty).last_recorded_at().map_or(now, |last| last.max(now))
    }
}
