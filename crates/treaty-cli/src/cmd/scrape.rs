use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Serialize;
use treaty_log::Log;
use treaty_model::{EventId, TreatyId};
use treaty_pipeline::Ledger;
use treaty_pipeline::ingest::{self, IngestError};
use treaty_untc::fetch::{DEFAULT_BASE_URL, FetchConfig, Fetcher};
use treaty_untc::{Proposal, Reconciliation, Review};

use crate::Refused;
use crate::cli::{Format, ScrapeArgs};
use crate::context::{now, parse_time, treaties};
use crate::output::{self, Table, cell};

pub const EXAMPLES: &str = "\
Reads each treaty's UNTC status page, compares it with the log, and proposes the events the
log lacks: signatures, consents (ratification, accession, succession, ...), denunciations read
from the end notes, and dated declarations under articles. Each proposal carries its
provenance: URL, retrieval time, sha256 of the page, the page's \"status as at\", and the cell
or note it was read from. Without --apply nothing is written; with it, the proposals are
judged by the same rules as `treaty append` and appended all together, or not at all.

A page that fails to load or to parse (maintenance page, changed layout, wrong treaty, empty
table, counts that do not add up) stops the whole run before anything is written. A page that
no longer shows an action the log holds is refused as suspicious unless --allow-shrink. A date
that differs from the log is reported with both values; it becomes a correction with --correct.

Examples:
  treaty scrape --all --from-dir tests/fixtures/untc/2026-02-03
  treaty scrape --all --from-dir tests/fixtures/untc/2026-02-03 --apply
  treaty scrape --treaty op-icescr --live --cache-dir ~/.cache/treaty/untc
  treaty scrape --treaty op-icescr --live --format json";

#[derive(Serialize)]
struct Report<'a> {
    treaties: Vec<&'a Reconciliation>,
    refused_by_rules: &'a [Review],
    applied: bool,
}

pub fn run(dir: &Path, args: &ScrapeArgs) -> Result<()> {
    let now = now()?;
    let wanted = if args.all { TreatyId::all().collect() } else { treaties(&args.treaty)? };
    let retrieved_at = args.retrieved_at.as_deref().map(parse_time).transpose().context("--retrieved-at")?;

    // Every page is read before anything is judged or written: one bad page stops the run.
    let mut loaded = Vec::new();
    if let Some(from) = &args.from_dir {
        for t in &wanted {
            loaded.push(ingest::load_saved(from, *t, retrieved_at)?);
        }
    } else {
        let mut min_interval = Duration::from_millis(args.min_interval_ms);
        if args.base_url.trim_end_matches('/') == DEFAULT_BASE_URL {
            // Politeness towards the real site is not a setting.
            min_interval = min_interval.max(Duration::from_secs(1));
        }
        let config = FetchConfig {
            base_url: args.base_url.clone(),
            cache_dir: args.cache_dir.clone(),
            timeout: Duration::from_secs(args.timeout),
            retries: args.retries,
            backoff: Duration::from_millis(args.backoff_ms),
            min_interval,
            ..FetchConfig::default()
        };
        let mut fetcher = Fetcher::new(config)?;
        let bar = progress(wanted.len());
        for t in &wanted {
            bar.set_message(t.key());
            let result = ingest::load_live(&mut fetcher, &args.base_url, *t);
            bar.inc(1);
            loaded.push(result?);
        }
        bar.finish_and_clear();
    }

    let log = Log::new(dir);
    let lock = if args.apply { Some(log.lock()?) } else { None };
    let ledger = match &lock {
        Some(lock) => super::ledger_to_write(dir, lock)?,
        None => Ledger::read(dir)?,
    };
    let options = ingest::Options { correct: args.correct, allow_shrink: args.allow_shrink };
    let plan = match ingest::plan(&ledger, &loaded, options, now) {
        Ok(plan) => plan,
        Err(e @ (IngestError::Rules(_) | IngestError::Shrink(_))) => return Err(Refused(e.to_string()).into()),
        Err(e) => return Err(e.into()),
    };

    let total = plan.count();
    let mut summary = Vec::new();
    if let Some(lock) = &lock {
        match ingest::apply(&ledger, lock, &plan) {
            Ok(done) => {
                for out in done {
                    summary.push(format!("{}: appended {} event(s); head {}", out.path.display(), out.count, out.head));
                }
            }
            Err(error) => return Err(anyhow::Error::from(error).context("nothing was written")),
        }
    }
    // Where the log's side of each conflict came from, to show both sources.
    let log_sources: HashMap<EventId, String> = plan
        .results
        .iter()
        .flat_map(|r| r.conflicts.iter().map(move |c| (r.treaty, c.recorded)))
        .filter_map(|(t, id)| {
            let entry = ledger.stream(t).entries.iter().find(|e| e.event.id == id)?;
            let s = &entry.event.source;
            Some((id, s.url.clone().or_else(|| s.reference.clone()).unwrap_or_default()))
        })
        .collect();
    print(args, &plan.results, &plan.set_aside, total, &log_sources)?;
    if args.apply {
        summary.push(format!("applied: {total} event(s) appended"));
        output::lines(summary)?;
    }
    Ok(())
}

fn progress(len: usize) -> indicatif::ProgressBar {
    if len > 1 && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(len as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("fetching {pos}/{len} {bar:30} {msg}").expect("valid template"),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn from_text(p: &Proposal) -> String {
    let text = p.source.cell.as_deref().unwrap_or("");
    let folded: String = text.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    folded.chars().take(90).collect()
}

fn print(
    args: &ScrapeArgs,
    results: &[Reconciliation],
    refused: &[Review],
    total: usize,
    log_sources: &HashMap<EventId, String>,
) -> Result<()> {
    if args.format == Format::Json {
        let report = Report { treaties: results.iter().collect(), refused_by_rules: refused, applied: args.apply };
        return output::print(Format::Json, &Table::new(Vec::<String>::new()), &report);
    }
    let mut table = Table::new(vec![
        "treaty",
        "participant",
        "name",
        "action",
        "date",
        "effective_date",
        "article",
        "corrects",
        "read from",
    ]);
    for r in results {
        let corrections = r.conflicts.iter().filter(|_| args.correct).map(|c| &c.correction);
        for p in r.proposals.iter().chain(corrections) {
            table.rows.push(vec![
                r.treaty.to_string(),
                p.fact.participant.to_string(),
                p.fact.participant.name().to_owned(),
                p.fact.action.to_string(),
                p.fact.date.to_string(),
                cell(p.fact.effective_date),
                cell(p.fact.article.as_deref()),
                cell(p.fact.corrects),
                from_text(p),
            ]);
        }
    }
    let mut lines = Vec::new();
    for r in results {
        for c in &r.conflicts {
            lines.push(format!(
                "conflict: {} {}: the log has {} of {} (event {}, source {}); the page has {} of {} ({}){}",
                r.treaty,
                c.participant.name(),
                c.log.action,
                c.log.date,
                c.recorded,
                log_sources.get(&c.recorded).map_or("?", String::as_str),
                c.correction.fact.action,
                c.correction.fact.date,
                c.correction.source.url.as_deref().unwrap_or(""),
                if args.correct { "; a correction is proposed" } else { "; use --correct to propose a correction" }
            ));
        }
        for s in &r.shrink {
            lines.push(format!("shrink (allowed): {}: {}: {}", r.treaty, s.name, s.message));
        }
        for v in &r.reviews {
            lines.push(format!("review: {}: {}: {}", r.treaty, v.name, v.message));
        }
    }
    lines.extend(refused.iter().map(|v| format!("review: {}: {}", v.name, v.message)));
    let pages = results.len();
    let verb = if args.apply { "appended" } else { "proposed (nothing written; --apply appends them)" };
    if total == 0 {
        lines.push(format!("{pages} page(s) read: the log already has everything they state; nothing to do"));
    } else {
        output::print(Format::Table, &table, &())?;
        lines.push(format!("{pages} page(s) read: {total} event(s) {verb}"));
    }
    // Reviews and conflicts are messages for a person: standard error.
    for l in &lines {
        eprintln!("{l}");
    }
    Ok(())
}
