use std::path::Path;

use anyhow::{Context, Result};
use treaty_model::TreatyId;
use treaty_publish::map::TreatyMap;

use crate::cli::MapArgs;
use crate::context::{now, parse_date};
use crate::output;

pub const EXAMPLES: &str = "\
Draws a world map (SVG) of a treaty's status on a date. For the OP-ICESCR, the campaign's four
categories: Ratified the OP-ICESCR, Signed the OP-ICESCR, Party to the ICESCR, Not a party to
the ICESCR; for any other treaty: party, signatory, neither. Every State is drawn, as its
Natural Earth 1:110m shape or, when too small for that scale, as a dot; each carries a tooltip
(<title>) with its name, category and dates. The European Union, an organization, is named in a
note. Equal Earth projection; a palette that stays readable under colour blindness.

Examples:
  treaty map --treaty op-icescr -o map.svg
  treaty map --treaty op-icescr --as-of 2015-12-31 -o op-icescr-2015.svg
  treaty map --treaty crpd -o crpd.svg";

pub fn run(dir: &Path, args: &MapArgs, allow_damaged: bool) -> Result<()> {
    let treaty = TreatyId::parse(&args.treaty)?;
    let as_of = match &args.as_of {
        Some(d) => parse_date(d).context("--as-of")?,
        None => now()?.date_naive(),
    };
    let ledger = super::ledger_for_questions(dir, allow_damaged)?;
    let snapshot = ledger.snapshot(None);
    // The date UNTC was last read for this treaty, shown beside the date mapped.
    let source_as_at =
        ledger.stream(treaty).entries.iter().filter_map(|e| e.event.source.status_as_at).max().map(|a| a.date_naive());
    let map = TreatyMap::new(&snapshot, treaty, as_of).with_source_as_at(source_as_at);
    let svg = map.svg(true);
    std::fs::write(&args.output, &svg).with_context(|| format!("cannot write {}", args.output.display()))?;
    let counts: Vec<String> =
        map.categories.iter().enumerate().map(|(i, c)| format!("{}: {}", c.label, map.count(i))).collect();
    output::lines([format!(
        "wrote {} ({} on {}, {} States; {})",
        args.output.display(),
        treaty.treaty().short_title,
        as_of,
        map.states.len(),
        counts.join(", ")
    )])
}
