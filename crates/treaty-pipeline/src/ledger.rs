//! The log as the commands and the pipeline see it: every stream read and checked, and new
//! events judged against it before they are written.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use treaty_fold::{Rule, Snapshot, Violation, validate};
use treaty_log::{AppendOutcome, Index, Log, LogError, LogLock, Stream};
use treaty_model::{Event, EventId, ParticipantId, TreatyId};
use treaty_publish::{EntryInput, StreamInput};

/// A stray file, as a problem of the log.
/// A problem of the log: the file, the line (0 for the file itself), the text; sorted so,
/// problems are listed file by file and line by line.
pub(crate) type Problem = (String, usize, String);

/// The log in `dir`, ready to be read: it must be a log with at least one stream, and a
/// multi-stream write a crash interrupted is first finished or undone (under the log's lock),
/// so that no half of it is ever read.
pub(crate) fn open_to_read(dir: &Path) -> Result<Log, LogError> {
    let log = Log::new(dir);
    log.require(false)?;
    if log.journal_pending() {
        drop(log.lock()?);
    }
    Ok(log)
}

/// The line of `stream` that `v` is about (0 when it is about no recorded line).
fn line_of(stream: &Stream, v: &Violation) -> usize {
    stream.entries.get(v.index).map_or(0, |e| e.line)
}

/// `file:line` of `v` in `stream`.
fn location_in(stream: &Stream, v: &Violation) -> String {
    format!("{}:{}", stream.path.display(), line_of(stream, v))
}

pub(crate) fn stray(path: &Path) -> String {
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
    /// When the streams were read in part, from their indexes: the indexes of the streams
    /// lines were read from (those of the new events' treaties among them).
    indexes: Option<BTreeMap<TreatyId, Index>>,
}

/// Where an event is already recorded: its line, and when it was recorded.
pub type Recorded = (usize, DateTime<Utc>);

/// What a new event needs of the log to be judged: its treaty, its participant and the event
/// it corrects or retracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    /// The stream it goes to.
    pub treaty: TreatyId,
    /// Its participant.
    pub participant: ParticipantId,
    /// The event it corrects or retracts.
    pub corrects: Option<EventId>,
}

impl Touch {
    /// What `event` touches.
    #[must_use]
    pub fn of(event: &Event) -> Touch {
        Touch { treaty: event.fact.treaty, participant: event.fact.participant, corrects: event.fact.corrects }
    }
}

/// The treaties whose rules read `treaty`'s events or are read by them: the treaty, the
/// parents its prerequisites name, the treaties whose prerequisites name it, and those
/// treaties' other parents (an event there is judged against all of them).
fn related(treaty: TreatyId) -> BTreeSet<TreatyId> {
    let mut out = BTreeSet::from([treaty]);
    out.extend(treaty.parents());
    for child in TreatyId::all().filter(|c| c.parents().any(|p| p == treaty)) {
        out.insert(child);
        out.extend(child.parents());
    }
    out
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
        Ledger::read_for(dir, &TreatyId::all().collect::<Vec<_>>())
    }

    /// Reads the streams of `treaties` to answer questions about them, as [`Ledger::read`]
    /// does; each other stream is read too unless its index says that it verified and has not
    /// changed since (then it is an empty, partial stream: it holds no answer, and no damage).
    ///
    /// # Errors
    /// As [`Ledger::read`].
    pub fn read_for(dir: &Path, treaties: &[TreatyId]) -> Result<Ledger, LogError> {
        let log = open_to_read(dir)?;
        let all: Vec<TreatyId> = TreatyId::all().collect();
        let streams = treaty_model::parallel::map(&all, |t| {
            let path = log.path(*t);
            if !treaties.contains(t)
                && let Some((tip, last)) = Index::tip_of(log.dir(), *t, &path)
            {
                return Ok(Stream::partial(*t, path, Vec::new(), tip, last));
            }
            log.read(*t)
        });
        Ok(Ledger { log, streams: streams.into_iter().collect::<Result<_, _>>()?, indexes: None })
    }

    /// Reads what judging new events (`touched`) needs, under `lock`, to add them: from the
    /// streams' indexes when every stream has one that still describes it (then the log is
    /// known to verify, and only the lines the rules read for the touched participants are
    /// read and checked), or else every stream whole, as [`Ledger::read_to_write`]. The
    /// answer to [`Ledger::judge`] is the same either way.
    ///
    /// # Errors
    /// As [`Ledger::read_to_write`].
    pub fn read_to_add(dir: &Path, lock: &LogLock, touched: &[Touch]) -> Result<Ledger, LogError> {
        let log = Log::new(dir);
        log.require(true)?;
        if log.stray_files()?.is_empty() {
            if let Some((streams, indexes)) = read_from_indexes(&log, touched) {
                return Ok(Ledger { log, streams, indexes: Some(indexes) });
            }
            // No index describes the log (a fresh clone, a stream changed by hand or by git):
            // verified a few streams at a time, a log that verifies is indexed, and read from
            // its indexes, in a third of the memory of reading it whole. A log that does not
            // verify, or an index that cannot be written, leaves it to the whole log, which
            // refuses what it must as before.
            if log.require(false).is_ok()
                && !log.journal_pending()
                && crate::verify(dir).is_ok_and(|v| v.problems.is_empty())
                && let Some((streams, indexes)) = read_from_indexes(&log, touched)
            {
                return Ok(Ledger { log, streams, indexes: Some(indexes) });
            }
        }
        Ledger::read_to_write(dir, lock)
    }

    /// Were the streams read in part, from their indexes (so the log verified when they were
    /// made, and has not been written since)?
    #[must_use]
    pub fn is_partial(&self) -> bool {
        self.indexes.is_some()
    }

    /// Writes the index of every stream of a log read whole that verifies, for the next
    /// append. A cache: nothing is reported when it cannot be written.
    pub fn save_indexes(&self) {
        if self.is_partial() {
            return;
        }
        treaty_model::parallel::map(&self.streams, |s| {
            if let Some(mut index) = Index::of_stream(s) {
                index.save(self.log.dir(), &s.path);
            }
        });
    }

    /// Brings the indexes of the streams `written` to (`batches`: what was appended, in
    /// the same order) up to date, after a successful append to a log that verified.
    pub fn index_appended(&self, written: &[AppendOutcome], batches: &[Vec<Event>]) {
        for (out, events) in written.iter().zip(batches) {
            let Some(treaty) = events.first().map(|e| e.fact.treaty) else { continue };
            let base = match &self.indexes {
                Some(indexes) => indexes.get(&treaty).cloned(),
                None => Index::of_stream(self.stream(treaty)),
            };
            if let Some(mut index) = base {
                index.extend(events, &out.lens, out.tip);
                index.save(self.log.dir(), &out.path);
            }
        }
    }

    /// Where each of `events` is already recorded in its stream, if it is: its line and when it
    /// was recorded. (The id is derived from the fact, participant included, so only the
    /// participant's own lines can hold it.)
    ///
    /// # Errors
    /// When a line the index names cannot be read back.
    pub fn recorded(&self, events: &[&Event]) -> Result<Vec<Option<Recorded>>, LogError> {
        if let Some(indexes) = &self.indexes {
            return events
                .iter()
                .map(|e| {
                    let index = &indexes[&e.fact.treaty];
                    let Some(l) = index.lines_of(e.fact.participant).iter().find(|l| l.id == e.id) else {
                        return Ok(None);
                    };
                    let path = self.log.path(e.fact.treaty);
                    let entry = index.read_lines(&path, std::slice::from_ref(l)).and_then(|v| v.into_iter().next());
                    let entry = entry.ok_or_else(|| LogError::Io {
                        path: path.clone(),
                        source: std::io::Error::other(format!("line {} changed while it was being read", l.line)),
                    })?;
                    Ok(Some((entry.line, entry.event.recorded_at)))
                })
                .collect();
        }
        let treaties: BTreeSet<TreatyId> = events.iter().map(|e| e.fact.treaty).collect();
        let mut ids: HashMap<(TreatyId, EventId), (usize, DateTime<Utc>)> = HashMap::new();
        for t in treaties {
            for e in &self.stream(t).entries {
                ids.entry((t, e.event.id)).or_insert((e.line, e.event.recorded_at));
            }
        }
        Ok(events.iter().map(|e| ids.get(&(e.fact.treaty, e.id)).copied()).collect())
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
        Ok(Ledger { log, streams, indexes: None })
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
        let mut problems: Vec<Problem> = Vec::new();
        for path in self.log.stray_files()? {
            problems.push((path.display().to_string(), 0, stray(&path)));
        }
        for s in &self.streams {
            problems.extend(Ledger::format_problems(s));
        }
        for v in self.violations() {
            problems.push(Ledger::violation_problem(self.stream(v.treaty), &v));
        }
        problems.sort();
        Ok(problems.into_iter().map(|(_, _, text)| text).collect())
    }

    /// The log-format problems of `stream`.
    pub(crate) fn format_problems(stream: &Stream) -> Vec<Problem> {
        stream.problems.iter().map(|p| (p.path.display().to_string(), p.line, p.to_string())).collect()
    }

    /// `v`, a rule broken by an event of `stream`, as a problem of the log.
    pub(crate) fn violation_problem(stream: &Stream, v: &Violation) -> Problem {
        let text = format!("{}: [{}] {}", location_in(stream, v), v.rule, v.message);
        (stream.path.display().to_string(), line_of(stream, v), text)
    }

    /// Rule violations of the recorded events.
    #[must_use]
    pub fn violations(&self) -> Vec<Violation> {
        validate(&self.event_lists(&BTreeMap::new()))
    }

    /// `file:line` of a violation of a recorded event.
    #[must_use]
    pub fn location(&self, v: &Violation) -> String {
        location_in(self.stream(v.treaty), v)
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

/// The streams as an append to `touched` needs them, from the indexes: `None` when a stream
/// has no fresh index, an event corrects one the index does not hold for its participant, or
/// a line does not read back as the index says (the caller then reads the whole log).
fn read_from_indexes(log: &Log, touched: &[Touch]) -> Option<(Vec<Stream>, BTreeMap<TreatyId, Index>)> {
    // Per stream: the participants whose lines the rules read, and events to read besides.
    let mut wanted: BTreeMap<TreatyId, (BTreeSet<ParticipantId>, HashSet<EventId>)> = BTreeMap::new();
    for touch in touched {
        for t in related(touch.treaty) {
            wanted.entry(t).or_default().0.insert(touch.participant);
        }
        if let Some(target) = touch.corrects {
            wanted.entry(touch.treaty).or_default().1.insert(target);
        }
    }
    // The streams read from are loaded whole; of the others only the header is read, to know
    // that they are still as they were when the log verified.
    let all: Vec<TreatyId> = TreatyId::all().collect();
    let loaded = treaty_model::parallel::map(&all, |t| {
        let path = log.path(*t);
        let Some((participants, extra)) = wanted.get(t) else {
            let (tip, last) = Index::tip_of(log.dir(), *t, &path)?;
            return Some((Stream::partial(*t, path, Vec::new(), tip, last), None));
        };
        let index = Index::load(log.dir(), *t, &path)?;
        let mut lines = Vec::new();
        for p in participants {
            lines.extend(index.lines_of(*p).iter().filter(|l| l.judged() || extra.contains(&l.id)).copied());
        }
        lines.sort_by_key(|l| l.line);
        let entries = index.read_lines(&path, &lines)?;
        Some((Stream::partial(*t, path, entries, index.tip, index.last_recorded), Some(index)))
    });
    let mut streams = Vec::new();
    let mut indexes = BTreeMap::new();
    for (stream, index) in loaded.into_iter().collect::<Option<Vec<_>>>()? {
        if let Some(index) = index {
            indexes.insert(stream.treaty, index);
        }
        streams.push(stream);
    }
    for touch in touched {
        // Judged against its target, which must be the participant's own to be valid; any other
        // case (another's event, none) is for the whole log to answer.
        if let Some(target) = touch.corrects
            && !indexes[&touch.treaty].lines_of(touch.participant).iter().any(|l| l.id == target)
        {
            return None;
        }
    }
    Some((streams, indexes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use treaty_model::{Action, Fact, Source, SourceKind};

    fn event(treaty: &str, code: &str, action: Action, year: i32) -> Event {
        let fact = Fact::new(
            TreatyId::parse(treaty).unwrap(),
            ParticipantId::from_code(code).unwrap(),
            action,
            NaiveDate::from_ymd_opt(year, 1, 10).unwrap(),
        );
        Event::new(
            fact,
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            Source::url(SourceKind::UntcStatusPage, "https://example.org/p"),
            None,
        )
    }

    #[test]
    fn the_indexes_are_used_only_while_every_stream_is_as_they_describe_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let lock = log.lock().unwrap();
        let icescr = TreatyId::parse("icescr").unwrap();
        let op = TreatyId::parse("op-icescr").unwrap();
        log.append(&lock, icescr, treaty_model::Sha256::ZERO, &[event("icescr", "ECU", Action::Signature, 1967)])
            .unwrap();
        let touch = [Touch::of(&event("op-icescr", "ECU", Action::Signature, 2010))];
        // No index yet: the log is verified, which indexes it, and read from the indexes.
        let index = dir.path().join(".index/icescr.idx");
        assert!(!index.exists());
        assert!(Ledger::read_to_add(dir.path(), &lock, &touch).unwrap().is_partial(), "indexed by verifying");
        assert!(index.is_file());
        // A log that cannot be indexed (a file where the index goes) is read whole.
        let moved = dir.path().join("index-elsewhere");
        std::fs::rename(dir.path().join(".index"), &moved).unwrap();
        std::fs::write(dir.path().join(".index"), "not a directory\n").unwrap();
        assert!(!Ledger::read_to_add(dir.path(), &lock, &touch).unwrap().is_partial(), "no index can be written");
        std::fs::remove_file(dir.path().join(".index")).unwrap();
        std::fs::rename(&moved, dir.path().join(".index")).unwrap();
        let whole = Ledger::read_to_write(dir.path(), &lock).unwrap();
        let partial = Ledger::read_to_add(dir.path(), &lock, &touch).unwrap();
        assert!(partial.is_partial());
        assert_eq!(partial.stream(icescr).entries.len(), 1, "the parent's lines of the participant");
        assert_eq!(partial.stream(icescr).head, whole.stream(icescr).head);

        // An append the index is told of keeps it fresh; one it is not told of makes it stale.
        let new = vec![event("op-icescr", "ECU", Action::Signature, 2010)];
        let out = log.append_after(&lock, op, partial.stream(op).tip(), &new).unwrap();
        partial.index_appended(std::slice::from_ref(&out), std::slice::from_ref(&new));
        let again = Ledger::read_to_add(dir.path(), &lock, &touch).unwrap();
        assert!(again.is_partial());
        assert_eq!(again.stream(op).entries.len(), 1);
        assert_eq!(again.recorded(&[&new[0]]).unwrap()[0].map(|(line, _)| line), Some(1));
        // An append it is not told of makes the index stale: the log is verified and indexed
        // again, and the new line is in the new index.
        let stale = std::fs::read(dir.path().join(".index/icescr.idx")).unwrap();
        let head = log.read(icescr).unwrap().head;
        log.append(&lock, icescr, head, &[event("icescr", "URY", Action::Signature, 1967)]).unwrap();
        let after = Ledger::read_to_add(dir.path(), &lock, &touch).unwrap();
        assert!(after.is_partial());
        assert_ne!(std::fs::read(dir.path().join(".index/icescr.idx")).unwrap(), stale, "indexed anew");
        assert_eq!(after.stream(icescr).head, log.read(icescr).unwrap().head);
        // A log that does not verify is read whole, and its damage found there.
        let path = log.path(op);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{not json\n");
        std::fs::write(&path, text).unwrap();
        let damaged = Ledger::read_to_add(dir.path(), &lock, &touch).unwrap();
        assert!(!damaged.is_partial());
        assert!(!damaged.damage().unwrap().is_empty());
    }
}
