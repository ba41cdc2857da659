use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use treaty_log::{Log, Tip};
use treaty_model::{Event, EventId, TreatyId};

use crate::Refused;
use crate::cli::{ImportArgs, ImportFormat};
use crate::context::now;
use crate::output;
use treaty_pipeline::Touch;
use treaty_pipeline::records::{RecordFormat, read_records};

pub const EXAMPLES: &str = "\
Each record has the fields of `treaty append`, in snake_case: treaty, participant, action,
date, effective_date, article, declaration, corrects, kind, counterpart, date_basis, text,
source_url, source_reference, source_kind, source_retrieved_at, source_sha256,
source_status_as_at, source_cell, note. A CSV may have CRLF line ends.
Records are judged in file order (a signature before the ratification it allows), all of
them against the log; if any record is malformed, breaks a rule or is already recorded, the
whole file is refused and nothing is written.

Examples:
  treaty import new-events.csv
  treaty import --dry-run new-events.ndjson
  treaty import --skip-existing scraped.ndjson

An NDJSON line:
  {\"treaty\":\"op-icescr\",\"participant\":\"URY\",\"action\":\"ratification\",\"date\":\"2013-02-05\",
   \"source_url\":\"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en\"}";

pub fn run(dir: &Path, args: ImportArgs) -> Result<()> {
    let now = now()?;
    let format = match args.format {
        Some(f) => f,
        None => match args.file.extension().and_then(|e| e.to_str()) {
            Some("csv") => ImportFormat::Csv,
            Some("ndjson" | "jsonl" | "json") => ImportFormat::Ndjson,
            _ => bail!(
                "{}: cannot tell the format from the name; pass --format ndjson or --format csv",
                args.file.display()
            ),
        },
    };
    let mut text = String::new();
    if args.file == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).context("standard input")?;
    } else {
        text = std::fs::read_to_string(&args.file).with_context(|| format!("{}", args.file.display()))?;
    }
    let format = match format {
        ImportFormat::Csv => RecordFormat::Csv,
        ImportFormat::Ndjson => RecordFormat::Ndjson,
    };
    let (records, mut errors) = read_records(&args.file.display().to_string(), format, &text);

    let log = Log::new(dir);
    let lock = log.lock()?;
    let mut events: Vec<(String, Event)> = Vec::new();
    for r in records {
        match r.input.into_event(now) {
            Ok(e) => events.push((r.location, e)),
            Err(e) => errors.push(format!("{}: {e:#}", r.location)),
        }
    }
    if !errors.is_empty() {
        // A damaged log is said first, as it is for a file without malformed records (from the
        // indexes when they vouch for every stream).
        super::ledger_to_add(dir, &lock, &[])?;
        bail!("{} malformed record(s); nothing was imported:\n  {}", errors.len(), errors.join("\n  "));
    }
    let touched: Vec<Touch> = events.iter().map(|(_, e)| Touch::of(e)).collect();
    let ledger = super::ledger_to_add(dir, &lock, &touched)?;

    // Duplicates: of the log, and within the file.
    let recorded = ledger.recorded(&events.iter().map(|(_, e)| e).collect::<Vec<_>>())?;
    let mut seen: HashMap<EventId, String> = HashMap::new();
    let mut kept = Vec::new();
    let mut skipped = 0usize;
    let mut duplicates = Vec::new();
    for ((location, mut event), existing) in events.into_iter().zip(recorded) {
        let stream = ledger.stream(event.fact.treaty);
        if let Some((line, _)) = existing {
            if args.skip_existing {
                skipped += 1;
                continue;
            }
            duplicates.push(format!(
                "{location}: already recorded as event {} at {}:{line}",
                event.id,
                stream.path.display(),
            ));
            continue;
        }
        if let Some(first) = seen.insert(event.id, location.clone()) {
            duplicates.push(format!("{location}: the same fact as {first}"));
            continue;
        }
        event.recorded_at = ledger.recorded_at(event.fact.treaty, now);
        kept.push((location, event));
    }
    if !duplicates.is_empty() {
        return Err(Refused(format!(
            "{} duplicate record(s); nothing was imported (--skip-existing leaves out facts already recorded):\n  {}",
            duplicates.len(),
            duplicates.join("\n  ")
        ))
        .into());
    }

    let mut additions: BTreeMap<TreatyId, Vec<Event>> = BTreeMap::new();
    let mut locations: BTreeMap<TreatyId, Vec<String>> = BTreeMap::new();
    for (location, event) in kept {
        locations.entry(event.fact.treaty).or_default().push(location);
        additions.entry(event.fact.treaty).or_default().push(event);
    }
    let findings: Vec<_> = ledger
        .judge(&additions)
        .into_iter()
        .map(|f| {
            let loc = match (f.added, f.location) {
                (Some((t, i)), _) => locations[&t][i].clone(),
                (None, Some(l)) => l,
                (None, None) => String::new(),
            };
            (loc, f.violation.rule.id().to_owned(), f.violation.message)
        })
        .collect();
    if !findings.is_empty() {
        return Err(Refused(format!(
            "{} rule violation(s); nothing was imported:{}",
            findings.len(),
            super::findings_text(&findings)
        ))
        .into());
    }
    for treaty in additions.keys() {
        let stream = ledger.stream(*treaty);
        if let Some(line) = stream.torn_tail {
            return Err(Refused(format!(
                "{}:{line}: the stream ends in an incomplete line; run `treaty verify --repair` first; nothing was imported",
                stream.path.display()
            ))
            .into());
        }
    }
    let total: usize = additions.values().map(Vec::len).sum();
    if args.dry_run {
        return output::lines([format!(
            "would import {total} event(s) into {} stream(s) ({skipped} already recorded); nothing written (--dry-run)",
            additions.len()
        )]);
    }
    // All streams or none: a journal lets the next command undo a write a crash interrupted.
    let batches: Vec<(TreatyId, Tip, Vec<Event>)> =
        additions.into_iter().map(|(t, events)| (t, ledger.stream(t).tip(), events)).collect();
    let written = log.append_all(&lock, &batches).context("nothing was imported")?;
    let appended: Vec<Vec<Event>> = batches.into_iter().map(|(_, _, events)| events).collect();
    ledger.index_appended(&written, &appended);
    let mut report: Vec<String> = written
        .iter()
        .map(|out| {
            format!(
                "{}: appended {} event(s), lines {}-{}; head {}",
                out.path.display(),
                out.count,
                out.first_seq,
                out.first_seq + out.count as u64 - 1,
                out.head
            )
        })
        .collect();
    report.push(format!("imported {total} event(s); {skipped} already recorded"));
    output::lines(report)
}
