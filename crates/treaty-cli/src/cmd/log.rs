use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use treaty_model::{Action, DeclarationEffect, EventId, ParticipantId, Source, TreatyId};

use crate::cli::LogArgs;
use crate::context::{parse_date, participants, treaties};
use crate::output::{self, Table, cell};

pub const EXAMPLES: &str = "\
Events are listed per treaty in the order they were recorded. Filters combine: an event is
listed when it matches every filter given (and any value of a repeated one).

Examples:
  treaty log
  treaty log --treaty op-icescr --action ratification --action accession
  treaty log --participant Uruguay --from 2010-01-01 --to 2013-12-31 --format csv
  treaty log --treaty iccpr-op1 --action denunciation --format json";

#[derive(Serialize)]
struct Row<'a> {
    treaty: TreatyId,
    seq: u64,
    id: EventId,
    participant: ParticipantId,
    participant_name: &'static str,
    action: Action,
    date: NaiveDate,
    effective_date: Option<NaiveDate>,
    article: Option<&'a str>,
    declaration: Option<DeclarationEffect>,
    corrects: Option<EventId>,
    recorded_at: DateTime<Utc>,
    source: &'a Source,
    note: Option<&'a str>,
}

pub fn run(dir: &Path, args: &LogArgs, allow_damaged: bool) -> Result<()> {
    let wanted_treaties = treaties(&args.treaty)?;
    let wanted_participants = participants(&args.participant)?;
    let wanted_actions = args.action.iter().map(|a| a.parse::<Action>()).collect::<Result<Vec<_>, _>>()?;
    let from = args.from.as_deref().map(parse_date).transpose()?;
    let to = args.to.as_deref().map(parse_date).transpose()?;
    let ledger = super::ledger_for_questions(dir, allow_damaged)?;

    let mut rows = Vec::new();
    for t in wanted_treaties {
        for e in &ledger.stream(t).entries {
            let f = &e.event.fact;
            let keep = (wanted_participants.is_empty() || wanted_participants.contains(&f.participant))
                && (wanted_actions.is_empty() || wanted_actions.contains(&f.action))
                && from.is_none_or(|d| f.date >= d)
                && to.is_none_or(|d| f.date <= d);
            if keep {
                rows.push(Row {
                    treaty: t,
                    seq: e.seq,
                    id: e.event.id,
                    participant: f.participant,
                    participant_name: f.participant.name(),
                    action: f.action,
                    date: f.date,
                    effective_date: f.effective_date,
                    article: f.article.as_deref(),
                    declaration: f.declaration,
                    corrects: f.corrects,
                    recorded_at: e.event.recorded_at,
                    source: &e.event.source,
                    note: e.event.note.as_deref(),
                });
            }
        }
    }
    let mut table = Table::new(vec![
        "treaty",
        "seq",
        "date",
        "participant",
        "name",
        "action",
        "effective_date",
        "article",
        "declaration",
        "corrects",
        "id",
        "recorded_at",
        "source_url",
        "source_reference",
        "note",
    ]);
    for r in &rows {
        table.rows.push(vec![
            r.treaty.to_string(),
            r.seq.to_string(),
            r.date.to_string(),
            r.participant.to_string(),
            r.participant_name.to_owned(),
            r.action.to_string(),
            cell(r.effective_date),
            cell(r.article),
            cell(r.declaration),
            cell(r.corrects),
            r.id.to_string(),
            r.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            cell(r.source.url.as_deref()),
            cell(r.source.reference.as_deref()),
            cell(r.note),
        ]);
    }
    if args.format == crate::cli::Format::Table {
        // People read the first columns; the full record is in --format json or csv.
        for row in &mut table.rows {
            row.truncate(11);
        }
        table.header.truncate(11);
    }
    output::print(args.format, &table, &rows)
}
