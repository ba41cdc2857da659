use std::path::Path;

use anyhow::Result;

use crate::cli::{Format, SummaryArgs};
use crate::context::{time_axes, treaties};
use crate::output::{self, Table, cell};

pub const EXAMPLES: &str = "\
Counts as UNTC counts them: signatories are participants whose signature is in effect,
parties those bound on the date. `entry_into_force` is computed from the deposits in the log
by the treaty's article, once reached; `entry_into_force_recorded` is the date UNTC gives, and
`entry_into_force_check` says whether they agree (they can differ where UNTC's rows leave out a
predecessor State's instrument, which is only in an end note). `population_parties` is the
total population of the States among the parties (World Bank SP.POP.TOTL, the year of the
date counted or the latest before it); `population_unknown` lists the parties it lacks.

Examples:
  treaty summary --treaty op-icescr
  treaty summary --treaty op-icescr --as-of 2015-12-31 --format json
  treaty summary --treaty icescr --known-at 2026-02-03
  treaty summary";

pub fn run(dir: &Path, args: &SummaryArgs, allow_damaged: bool) -> Result<()> {
    let wanted = treaties(&args.treaty)?;
    let (as_of, known_at) = time_axes(&args.time)?;
    let ledger = super::ledger_for_questions_of(dir, allow_damaged, &wanted)?;
    let snapshot = ledger.snapshot(known_at);
    let summaries: Vec<_> = wanted.iter().map(|t| snapshot.summary(*t, as_of)).collect();

    let mut table = Table::new(vec![
        "treaty",
        "as_of",
        "signatories",
        "parties",
        "parties_states",
        "in_force",
        "entry_into_force",
        "recorded",
        "check",
        "population_parties",
    ]);
    for s in &summaries {
        table.rows.push(vec![
            s.treaty.to_string(),
            s.as_of.to_string(),
            s.signatories.to_string(),
            s.parties.to_string(),
            s.parties_states.to_string(),
            s.in_force.to_string(),
            cell(s.entry_into_force),
            s.entry_into_force_recorded.to_string(),
            s.entry_into_force_check.to_owned(),
            s.population_parties.to_string(),
        ]);
    }
    if args.format == Format::Json && summaries.len() == 1 {
        return output::print(args.format, &table, &summaries[0]);
    }
    output::print(args.format, &table, &summaries)
}
