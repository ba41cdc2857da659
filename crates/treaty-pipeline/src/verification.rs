//! `treaty verify` of a whole log, a few streams at a time: each stream is read, checked
//! against the format and the rules, indexed and let go before the next ones are read, so a
//! log of any length is verified in the memory of its longest streams. The streams that
//! others' prerequisites read (the parent treaties) are verified first, and only their
//! standing histories are kept for the others.
//!
//! The problems found are those [`Ledger::problems`] finds on the whole log read at once, in
//! the same order and words (the test `verify_finds_what_the_ledger_finds` holds it to that).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use treaty_fold::{History, validate_stream};
use treaty_log::{Index, Log, LogError};
use treaty_model::{Event, Sha256, TreatyId};

use crate::Ledger;
use crate::ledger::{Problem, stray};

/// One stream as `treaty verify` found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamReport {
    /// The stream's file.
    pub path: PathBuf,
    /// Its readable events.
    pub events: usize,
    /// Its complete lines.
    pub lines: usize,
    /// The hash of its last complete line.
    pub head: Sha256,
    /// Does it end in an incomplete line?
    pub torn_tail: bool,
}

/// What [`verify`] found.
#[derive(Debug)]
pub struct Verification {
    /// Every problem, as [`Ledger::problems`] words and orders them; empty when the log
    /// verifies.
    pub problems: Vec<String>,
    /// Every treaty's stream, in catalogue order.
    pub streams: Vec<StreamReport>,
}

/// What one stream gave: its report, its problems, its index, and the history the streams of
/// treaties whose prerequisites name it are judged against.
struct Checked {
    treaty: TreatyId,
    report: StreamReport,
    problems: Vec<Problem>,
    index: Option<Index>,
    history: Option<History>,
}

/// Verifies the log in `dir` as [`Ledger::read`] and [`Ledger::problems`] would, and when it
/// verifies, indexes its streams (as [`Ledger::save_indexes`]).
///
/// # Errors
/// As [`Ledger::read`].
pub fn verify(dir: &Path) -> Result<Verification, LogError> {
    let log = crate::ledger::open_to_read(dir)?;
    let mut problems: Vec<Problem> =
        log.stray_files()?.iter().map(|p| (p.display().to_string(), 0, stray(p))).collect();
    let parents: BTreeSet<TreatyId> = TreatyId::all().flat_map(TreatyId::parents).collect();
    let mut histories: BTreeMap<TreatyId, History> = BTreeMap::new();
    let mut checked: Vec<Checked> = Vec::new();
    let mut waiting: Vec<TreatyId> = TreatyId::all().collect();
    while !waiting.is_empty() {
        // The treaties whose parents are all judged already.
        let (ready, later): (Vec<TreatyId>, Vec<TreatyId>) =
            waiting.iter().partition(|t| t.parents().all(|p| histories.contains_key(&p)));
        assert!(!ready.is_empty(), "the catalogue's prerequisites name no treaty in a cycle");
        let results = treaty_model::parallel::map(&ready, |t| check(&log, *t, &histories, parents.contains(t)));
        for result in results {
            let mut c = result?;
            if let Some(h) = c.history.take() {
                histories.insert(c.treaty, h);
            }
            checked.push(c);
        }
        waiting = later;
    }
    checked.sort_by_key(|c| c.treaty);
    for c in &mut checked {
        problems.append(&mut c.problems);
    }
    problems.sort();
    let problems: Vec<String> = problems.into_iter().map(|(_, _, text)| text).collect();
    if problems.is_empty() {
        for c in &mut checked {
            if let Some(index) = &mut c.index {
                index.save(log.dir(), &c.report.path);
            }
        }
    }
    Ok(Verification { problems, streams: checked.into_iter().map(|c| c.report).collect() })
}

fn check(
    log: &Log,
    treaty: TreatyId,
    histories: &BTreeMap<TreatyId, History>,
    is_parent: bool,
) -> Result<Checked, LogError> {
    let stream = log.read(treaty)?;
    let events: Vec<&Event> = stream.events().collect();
    let mut problems = Ledger::format_problems(&stream);
    problems.extend(validate_stream(treaty, &events, histories).iter().map(|v| Ledger::violation_problem(&stream, v)));
    let history = is_parent.then(|| History::build_standing(events.iter().copied()));
    let report = StreamReport {
        path: stream.path.clone(),
        events: stream.entries.len(),
        lines: stream.lines,
        head: stream.head,
        torn_tail: stream.torn_tail.is_some(),
    };
    let index = if problems.is_empty() { Index::of_stream(&stream) } else { None };
    // The stream's events are freed here, and the next stream read takes their memory.
    drop(events);
    drop(stream);
    Ok(Checked { treaty, report, problems, index, history })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_of_the_log() -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
            }
        }
        dir
    }

    #[test]
    fn verify_finds_what_the_ledger_finds() {
        let dir = copy_of_the_log();
        let clean = verify(dir.path()).unwrap();
        assert!(clean.problems.is_empty(), "{:?}", clean.problems);
        assert_eq!(clean.streams.len(), TreatyId::all().count());
        assert!(Index::path(dir.path(), TreatyId::parse("icescr").unwrap()).exists(), "a clean log is indexed");
        // Damage of every kind the two ways must word the same: a format problem (an edited
        // line), a rule broken in a parent treaty (its ratification removed, which the
        // optional protocol's events relied on), a torn tail, a stray file.
        let icescr = dir.path().join("icescr.ndjson");
        let text = std::fs::read_to_string(&icescr).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let ecu = lines.iter().position(|l| l.contains("\"participant\":\"ECU\"")).unwrap();
        let edited = lines[ecu].replacen("\"v\":1,", "\"v\": 1,", 1);
        lines[ecu] = &edited;
        std::fs::write(&icescr, lines.join("\n") + "\n").unwrap();
        let op = dir.path().join("op-icescr.ndjson");
        let mut bytes = std::fs::read(&op).unwrap();
        bytes.extend_from_slice(b"{\"v\":1,\"seq\"");
        std::fs::write(&op, bytes).unwrap();
        std::fs::write(dir.path().join("stray.ndjson"), "").unwrap();
        let found = verify(dir.path()).unwrap();
        let ledger = Ledger::read(dir.path()).unwrap();
        assert_eq!(found.problems, ledger.problems().unwrap());
        let has = |what: &str| found.problems.iter().any(|p| p.contains(what));
        assert!(has("log/canonical") && has("log/torn-tail") && has("log/stream-name"), "{:#?}", found.problems);
        assert!(
            has("op-icescr.ndjson") && has("[rule/"),
            "a rule broken for want of the parent's line: {:#?}",
            found.problems
        );
        for (report, stream) in found.streams.iter().zip(&ledger.streams) {
            assert_eq!(report.path, stream.path);
            assert_eq!(report.events, stream.entries.len());
            assert_eq!((report.lines, report.head), (stream.lines, stream.head));
            assert_eq!(report.torn_tail, stream.torn_tail.is_some());
        }
    }
}
