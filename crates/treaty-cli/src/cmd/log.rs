use std::path::Path;

use anyhow::Result;
use treaty_model::Action;

use crate::cli::LogArgs;
use crate::context::{parse_date, participants, treaties};
use crate::output;

pub const EXAMPLES: &str = "\
Events are listed per treaty in the order they were recorded. Filters combine: an event is
listed when it matches every filter given (and any value of a repeated one). --format csv
and json give the rows and columns of the release's events table (events.csv, events.json;
docs/DATA.md): provenance, in_effect and the line's hash included; --format table shows the
main columns.

Examples:
  treaty log
  treaty log --treaty op-icescr --action ratification --action accession
  treaty log --participant Uruguay --from 2010-01-01 --to 2013-12-31 --format csv
  treaty log --treaty iccpr-op1 --action denunciation --format json";

/// The columns `--format table` shows; csv and json give every column of the release's table.
const SHOWN: [&str; 11] = [
    "treaty",
    "seq",
    "date",
    "participant",
    "participant_name",
    "action",
    "effective_date",
    "article",
    "declaration",
    "corrects",
    "event_id",
];

pub fn run(dir: &Path, args: &LogArgs, allow_damaged: bool) -> Result<()> {
    let wanted_treaties = treaties(&args.treaty)?;
    let wanted_participants = participants(&args.participant)?;
    let wanted_actions = args.action.iter().map(|a| a.parse::<Action>()).collect::<Result<Vec<_>, _>>()?;
    let from = args.from.as_deref().map(parse_date).transpose()?;
    let to = args.to.as_deref().map(parse_date).transpose()?;
    let ledger = super::ledger_for_questions(dir, allow_damaged)?;
    let snapshot = ledger.snapshot(None);
    let mut inputs = ledger.publish_inputs();
    inputs.retain(|s| wanted_treaties.contains(&s.treaty));
    inputs.sort_by_key(|s| wanted_treaties.iter().position(|t| *t == s.treaty));
    let table = treaty_publish::tables::events_where(&inputs, &snapshot, |_, e| {
        let f = &e.event.fact;
        (wanted_participants.is_empty() || wanted_participants.contains(&f.participant))
            && (wanted_actions.is_empty() || wanted_actions.contains(&f.action))
            && from.is_none_or(|d| f.date >= d)
            && to.is_none_or(|d| f.date <= d)
    });
    output::release_table(args.format, &table, &SHOWN)
}
