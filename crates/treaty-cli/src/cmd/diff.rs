use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use treaty_fold::diff::{Change, changes};
use treaty_model::{ParticipantId, TreatyId};

use crate::cli::DiffArgs;
use crate::context::{now, parse_date, parse_time, participants, treaties};
use crate::output::{self, Table, cell};

pub const EXAMPLES: &str = "\
Two kinds of question:
  --from D1 --to D2              what happened: every change of status with a legal date after
                                 D1, up to and including D2 (the status on D1 compared with the
                                 status on D2), as the ledger knows it now;
  --known-from T1 --known-to T2  what the ledger learned: the status on one date (--to, default
                                 today) as recorded by T1 compared with as recorded by T2 (new
                                 events, corrections and retractions recorded in between).
The two combine. Changes: signed, signature_ended, became_party (detail: the consent action),
entered_into_force, denunciation_received, ceased_to_be_party, ceased_in_force,
procedure_accepted / procedure_ended (detail: the article), declaration_made /
declaration_changed / declaration_withdrawn, and corrected (detail: the field; before, after).
`date` is the legal date of the change where the status gives one. --format csv and json use
the release's names (treaty key, participant code, participant_name, ISO dates).

Examples:
  treaty diff --from 2019-12-31 --to 2020-12-31                  # everything that happened in 2020
  treaty diff --treaty op-icescr --from 2013-05-05 --to 2015-12-31
  treaty diff --participant Belarus --from 2021-12-31 --to 2023-12-31 --format json
  treaty diff --known-from 2026-11-22 --known-to 2026-11-30      # what the ledger learned";

#[derive(Serialize)]
struct Row {
    treaty: TreatyId,
    participant: ParticipantId,
    participant_name: &'static str,
    date: Option<chrono::NaiveDate>,
    change: &'static str,
    detail: String,
    before: Option<String>,
    after: Option<String>,
}

pub fn run(dir: &Path, args: &DiffArgs, allow_damaged: bool) -> Result<()> {
    let wanted_treaties = treaties(&args.treaty)?;
    let wanted_participants = participants(&args.participant)?;
    let to = match &args.to {
        Some(d) => parse_date(d).context("--to")?,
        None => now()?.date_naive(),
    };
    let from = args.from.as_deref().map(parse_date).transpose().context("--from")?.unwrap_or(to);
    if from > to {
        bail!("--from {from} is after --to {to}: give the earlier date first");
    }
    let known_to = args.known_to.as_deref().map(parse_time).transpose().context("--known-to")?;
    let known_from = args.known_from.as_deref().map(parse_time).transpose().context("--known-from")?.or(known_to);
    if let (Some(a), Some(b)) = (known_from, known_to)
        && a > b
    {
        bail!("--known-from {a} is after --known-to {b}: give the earlier time first");
    }
    let ledger = super::ledger_for_questions(dir, allow_damaged)?;
    let before = ledger.snapshot(known_from);
    let after = if known_from == known_to { None } else { Some(ledger.snapshot(known_to)) };
    let after = after.as_ref().unwrap_or(&before);

    let mut rows: Vec<Change> = Vec::new();
    for t in &wanted_treaties {
        let who: BTreeSet<ParticipantId> = if wanted_participants.is_empty() {
            before
                .history(*t)
                .participants()
                .map(|(p, _)| p)
                .chain(after.history(*t).participants().map(|(p, _)| p))
                .collect()
        } else {
            wanted_participants.iter().copied().collect()
        };
        let mut found: Vec<Change> =
            who.into_iter().flat_map(|p| changes(&before.status(*t, p, from), &after.status(*t, p, to))).collect();
        found.sort_by(|a, b| {
            (a.date.is_none(), a.date, a.participant.code(), a.rank(), &a.detail).cmp(&(
                b.date.is_none(),
                b.date,
                b.participant.code(),
                b.rank(),
                &b.detail,
            ))
        });
        rows.extend(found);
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|c| Row {
            treaty: c.treaty,
            participant: c.participant,
            participant_name: c.participant.name(),
            date: c.date,
            change: c.change,
            detail: c.detail,
            before: c.before,
            after: c.after,
        })
        .collect();
    let mut table =
        Table::new(vec!["treaty", "participant", "participant_name", "date", "change", "detail", "before", "after"]);
    for r in &rows {
        table.rows.push(vec![
            r.treaty.to_string(),
            r.participant.to_string(),
            r.participant_name.to_owned(),
            cell(r.date),
            r.change.to_owned(),
            r.detail.clone(),
            cell(r.before.as_deref()),
            cell(r.after.as_deref()),
        ]);
    }
    if rows.is_empty() && args.format == crate::cli::Format::Table {
        eprintln!("no change of status between the two");
    }
    output::print(args.format, &table, &rows)
}
