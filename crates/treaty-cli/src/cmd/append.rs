use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use treaty_log::Log;
use treaty_model::Sha256;

use crate::Refused;
use crate::cli::AppendArgs;
use crate::context::now;
use crate::input::from_flags;
use crate::output;

pub const EXAMPLES: &str = "\
The event is checked against the treaty's rules and the whole log (an optional protocol's
prerequisites are read from its parent's stream) and refused, with the rule, if it breaks one;
a fact already recorded is refused as a duplicate. Appends take the log's lock, so concurrent
appends take turns; the line is flushed to disk before the command returns.

Examples:
  # Ecuador ratified the OP-ICESCR on 11 June 2010 (UNTC status page):
  treaty append --treaty op-icescr --participant ECU --action ratification --date 2010-06-11 \\
    --source-url 'https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en' \\
    --source-cell '11 Jun 2010'

  # A declaration under article 10 (inter-State communications):
  treaty append --treaty op-icescr --participant ECU --action declaration --article 10 \\
    --declaration opt_in --date 2013-04-12 --source-reference C.N.212.2013.TREATIES-IV.3.a

  # Correct the date of an earlier event (the correction restates the whole fact):
  treaty append --treaty op-icescr --participant ECU --action ratification --date 2010-06-11 \\
    --corrects 0123456789abcdef0123456789abcdef --source-url https://...";

pub fn run(dir: &Path, args: AppendArgs) -> Result<()> {
    let now = now()?;
    let log = Log::new(dir);
    let input = from_flags(args.event);
    // Check the input before waiting for the lock.
    let mut event = input.into_event(now)?;
    let expect_head: Option<Sha256> =
        args.expect_head.as_deref().map(str::parse).transpose().context("--expect-head")?;

    // Everything from here on is judged against the log as it is under the lock, and
    // appended against that head.
    let lock = log.lock()?;
    let ledger = super::ledger_to_add(dir, &lock, &[treaty_pipeline::Touch::of(&event)])?;
    let treaty = event.fact.treaty;
    let stream = ledger.stream(treaty);
    if let Some(line) = stream.torn_tail {
        return Err(Refused(format!(
            "{}:{line}: the stream ends in an incomplete line; run `treaty verify --repair` first",
            stream.path.display()
        ))
        .into());
    }
    if let Some((line, recorded_at)) = ledger.recorded(&[&event])?[0] {
        return Err(Refused(format!(
            "duplicate: this fact is already recorded as event {} at {}:{line} (recorded {})",
            event.id,
            stream.path.display(),
            recorded_at.to_rfc3339()
        ))
        .into());
    }
    if let Some(expected) = expect_head
        && expected != stream.head
    {
        return Err(Refused(format!(
            "{}: the stream's head is {}, not {expected}: it changed since you read it",
            stream.path.display(),
            stream.head
        ))
        .into());
    }
    event.recorded_at = ledger.recorded_at(treaty, now);

    let additions = BTreeMap::from([(treaty, vec![event.clone()])]);
    let findings: Vec<_> = ledger
        .judge(&additions)
        .into_iter()
        .map(|f| {
            let loc = f.location.unwrap_or_else(|| "the new event".to_owned());
            (loc, f.violation.rule.id().to_owned(), f.violation.message)
        })
        .collect();
    if !findings.is_empty() {
        return Err(Refused(format!(
            "the event breaks {} rule(s); nothing was written:{}",
            findings.len(),
            super::findings_text(&findings)
        ))
        .into());
    }
    // "0123… (Ecuador ratification OP-ICESCR on 2010-06-11)"
    let what = format!(
        "{} ({} {} {} on {})",
        event.id,
        event.fact.participant.name(),
        event.fact.action,
        treaty.treaty().short_title,
        event.fact.date
    );
    if args.dry_run {
        return output::lines([format!(
            "would append {what} to {}; nothing written (--dry-run)",
            stream.path.display()
        )]);
    }
    let events = vec![event];
    let out = log.append_after(&lock, treaty, stream.tip(), &events)?;
    ledger.index_appended(std::slice::from_ref(&out), std::slice::from_ref(&events));
    output::lines([format!("appended {what} to {}:{}; head {}", out.path.display(), out.first_seq, out.head)])
}
