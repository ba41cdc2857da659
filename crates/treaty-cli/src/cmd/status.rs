use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use treaty_fold::{ParticipantStatus, ProcedureStatus};
use treaty_model::{Action, DeclarationEffect, ParticipantId, TreatyId};

use crate::cli::StatusArgs;
use crate::context::{participants, time_axes, treaties};
use crate::output::{self, Table, cell};

pub const EXAMPLES: &str = "\
A participant is a signatory while its signature is in effect, a party from its consent
(ratification, accession, succession, ...) until a denunciation takes effect, and the treaty
is in force for it from the date the treaty's article gives (a succession: from the date of
succession). Procedures: opt-in ones are accepted by declaration, opt-out ones unless
excluded, and only by a party.

Examples:
  treaty status --participant Ecuador
  treaty status --treaty op-icescr --as-of 2015-12-31
  treaty status --treaty iccpr-op1 --participant BLR --as-of 2020-01-01 --format json
  treaty status --known-at 2026-02-03T12:00:00Z --format csv";

#[derive(Serialize)]
struct Declaration {
    article: String,
    effect: DeclarationEffect,
    date: NaiveDate,
}

#[derive(Serialize)]
struct Row {
    treaty: TreatyId,
    participant: ParticipantId,
    participant_name: &'static str,
    as_of: NaiveDate,
    known_at: Option<DateTime<Utc>>,
    signature: Option<NaiveDate>,
    signature_action: Option<Action>,
    consent_action: Option<Action>,
    consent_date: Option<NaiveDate>,
    entry_into_force: Option<NaiveDate>,
    denunciation: Option<NaiveDate>,
    denunciation_effective: Option<NaiveDate>,
    memberships: usize,
    signatory: bool,
    party: bool,
    in_force: bool,
    procedures: Vec<ProcedureStatus>,
    declarations: Vec<Declaration>,
}

impl Row {
    fn new(s: ParticipantStatus, known_at: Option<DateTime<Utc>>) -> Self {
        let m = s.membership.as_ref();
        Row {
            treaty: s.treaty,
            participant: s.participant,
            participant_name: s.participant.name(),
            as_of: s.as_of,
            known_at,
            signature: s.signature,
            signature_action: s.signature_action,
            consent_action: m.map(|m| m.action),
            consent_date: m.map(|m| m.date),
            entry_into_force: m.map(|m| m.entry_into_force),
            denunciation: m.and_then(|m| m.denunciation),
            denunciation_effective: m.and_then(|m| m.denunciation_effective),
            memberships: s.memberships,
            signatory: s.signatory,
            party: s.party,
            in_force: s.in_force,
            procedures: s.procedures,
            declarations: s
                .declarations
                .into_iter()
                .map(|(article, (effect, date))| Declaration { article, effect, date })
                .collect(),
        }
    }
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

pub fn run(dir: &Path, args: &StatusArgs, allow_damaged: bool) -> Result<()> {
    let wanted_treaties = treaties(&args.treaty)?;
    let wanted_participants = participants(&args.participant)?;
    let (as_of, known_at) = time_axes(&args.time)?;
    let ledger = super::ledger_for_questions(dir, allow_damaged)?;
    let snapshot = ledger.snapshot(known_at);

    let mut rows = Vec::new();
    for t in wanted_treaties {
        if wanted_participants.is_empty() {
            rows.extend(snapshot.statuses(t, as_of).into_iter().map(|s| Row::new(s, known_at)));
        } else {
            for p in &wanted_participants {
                rows.push(Row::new(snapshot.status(t, *p, as_of), known_at));
            }
        }
    }
    let mut table = Table::new(vec![
        "treaty",
        "participant",
        "name",
        "signature",
        "consent",
        "consent_date",
        "in_force_from",
        "denunciation",
        "effective",
        "signatory",
        "party",
        "in_force",
        "procedures_accepted",
    ]);
    for r in &rows {
        let accepted: Vec<&str> = r.procedures.iter().filter(|p| p.accepted).map(|p| p.article).collect();
        table.rows.push(vec![
            r.treaty.to_string(),
            r.participant.to_string(),
            r.participant_name.to_owned(),
            cell(r.signature),
            cell(r.consent_action),
            cell(r.consent_date),
            cell(r.entry_into_force),
            cell(r.denunciation),
            cell(r.denunciation_effective),
            yes(r.signatory),
            yes(r.party),
            yes(r.in_force),
            accepted.iter().map(|a| format!("art. {a}")).collect::<Vec<_>>().join("; "),
        ]);
    }
    output::print(args.format, &table, &rows)
}
