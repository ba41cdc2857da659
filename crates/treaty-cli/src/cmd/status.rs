use std::path::Path;

use anyhow::Result;

use crate::cli::StatusArgs;
use crate::context::{participants, time_axes, treaties};
use crate::output;

pub const EXAMPLES: &str = "\
A participant is a signatory while its signature is in effect, a party from its consent
(ratification, accession, succession, ...) until a denunciation takes effect, and the treaty
is in force for it from the date the treaty's article gives (a succession: from the date of
succession). Procedures: opt-in ones are accepted by declaration, opt-out ones unless
excluded, and only by a party.

--format csv and json give the rows and columns of the release's status table (status.csv,
status.json; docs/DATA.md), for the treaties and participants asked; --format table shows
the main columns. A participant asked for that has not acted on a treaty gets a row too.

Examples:
  treaty status --participant Ecuador
  treaty status --treaty op-icescr --as-of 2015-12-31
  treaty status --treaty iccpr-op1 --participant BLR --as-of 2020-01-01 --format json
  treaty status --known-at 2026-02-03T12:00:00Z --format csv";

/// The columns `--format table` shows; csv and json give every column of the release's table.
const SHOWN: [&str; 13] = [
    "treaty",
    "participant",
    "participant_name",
    "signature_date",
    "consent_action",
    "consent_date",
    "entry_into_force",
    "denunciation_date",
    "denunciation_effective",
    "signatory",
    "party",
    "in_force",
    "procedures_accepted",
];

pub fn run(dir: &Path, args: &StatusArgs, allow_damaged: bool) -> Result<()> {
    let wanted_treaties = treaties(&args.treaty)?;
    let wanted_participants = participants(&args.participant)?;
    let (as_of, known_at) = time_axes(&args.time)?;
    let ledger = super::ledger_for_questions_of(dir, allow_damaged, &wanted_treaties)?;
    let snapshot = ledger.snapshot(known_at);
    let mut inputs = ledger.publish_inputs();
    inputs.retain(|s| wanted_treaties.contains(&s.treaty));
    // Ordered as the treaties were asked for.
    inputs.sort_by_key(|s| wanted_treaties.iter().position(|t| *t == s.treaty));
    let table = treaty_publish::tables::status_of(&inputs, &snapshot, as_of, &wanted_participants);
    output::release_table(args.format, &table, &SHOWN)
}
