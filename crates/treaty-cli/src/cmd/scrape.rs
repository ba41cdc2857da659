use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use treaty_log::Log;
use treaty_model::{Action, Event, Sha256, TreatyId};
use treaty_untc::fetch::{DEFAULT_BASE_URL, FetchConfig, Fetcher, status_page_url};
use treaty_untc::{Page, Proposal, Provenance, Reconciliation, Review, parse_for, reconcile, saved_file_names};

use crate::Refused;
use crate::cli::{Format, ScrapeArgs};
use crate::context::{now, parse_time, treaties};
use crate::ledger::Ledger;
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

/// A page read, with where it came from.
struct Loaded {
    page: Page,
    provenance: Provenance,
}

fn load_saved(dir: &Path, treaty: TreatyId, retrieved_at: Option<chrono::DateTime<chrono::Utc>>) -> Result<Loaded> {
    let names = saved_file_names(treaty);
    let path =
        names.iter().map(|n| dir.join(n)).find(|p| p.exists()).with_context(|| {
            format!("{}: no saved page for {treaty} (looked for {})", dir.display(), names.join(", "))
        })?;
    let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
    let html = String::from_utf8(bytes.clone()).with_context(|| format!("{}: not UTF-8", path.display()))?;
    let page = parse_for(&html, treaty).with_context(|| path.display().to_string())?;
    let provenance = Provenance {
        url: treaty.treaty().untc_url.to_owned(),
        // A saved page was retrieved at or after the time it states.
        retrieved_at: Some(retrieved_at.unwrap_or_else(|| page.status_as_at.with_timezone(&chrono::Utc))),
        sha256: Sha256::of(&bytes),
    };
    Ok(Loaded { page, provenance })
}

fn load_live(fetcher: &mut Fetcher, base: &str, treaty: TreatyId) -> Result<Loaded> {
    let url = status_page_url(base, treaty);
    let fetched = fetcher.fetch(&url).with_context(|| format!("fetching the page of {treaty}"))?;
    let html = String::from_utf8_lossy(&fetched.bytes);
    let page = parse_for(&html, treaty).with_context(|| url.clone())?;
    // The provenance names the record's official address, also when the bytes came through a
    // mirror or a test server (--base-url).
    let provenance = Provenance {
        url: treaty.treaty().untc_url.to_owned(),
        retrieved_at: Some(fetched.retrieved_at),
        sha256: fetched.sha256,
    };
    Ok(Loaded { page, provenance })
}

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
            loaded.push(load_saved(from, *t, retrieved_at)?);
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
            let result = load_live(&mut fetcher, &args.base_url, *t);
            bar.inc(1);
            loaded.push(result?);
        }
        bar.finish_and_clear();
    }

    let log = Log::new(dir);
    let lock = if args.apply { Some(log.lock()?) } else { None };
    let ledger = Ledger::read(dir)?;
    let snapshot = ledger.snapshot(None);
    let mut results: Vec<Reconciliation> =
        loaded.iter().map(|l| reconcile(&l.page, snapshot.history(l.page.treaty), &l.provenance)).collect();

    let shrink: Vec<String> = results
        .iter()
        .flat_map(|r| r.shrink.iter().map(move |s| format!("{}: {}: {}", r.treaty, s.name, s.message)))
        .collect();
    if !shrink.is_empty() && !args.allow_shrink {
        return Err(Refused(format!(
            "{} action(s) in the log are missing from the pages; nothing was written (a page that shrinks is suspicious: check it, then use --allow-shrink if it is right):\n  {}",
            shrink.len(),
            shrink.join("\n  ")
        ))
        .into());
    }

    // Judge what would be appended; a declaration the rules refuse is set aside for a person,
    // anything else refused stops the run.
    let mut refused_by_rules = Vec::new();
    let additions = loop {
        let additions = events(&results, args.correct, &ledger, now);
        let findings = ledger.judge(&additions);
        if findings.is_empty() {
            break additions;
        }
        let mut set_aside = false;
        let mut fatal = Vec::new();
        for f in findings {
            let Some((t, i)) = f.added else {
                fatal.push(format!(
                    "{}: [{}] {}",
                    f.location.unwrap_or_default(),
                    f.violation.rule,
                    f.violation.message
                ));
                continue;
            };
            let event = &additions[&t][i];
            if event.fact.action == Action::Declaration {
                let r = results.iter_mut().find(|r| r.treaty == t).expect("additions come from results");
                r.proposals.retain(|p| p.fact.id() != event.id);
                refused_by_rules.push(Review {
                    participant: Some(event.fact.participant),
                    name: event.fact.participant.name().to_owned(),
                    message: format!(
                        "{t}: declaration under article {} of {} not proposed: [{}] {}",
                        event.fact.article.as_deref().unwrap_or("?"),
                        event.fact.date,
                        f.violation.rule,
                        f.violation.message
                    ),
                });
                set_aside = true;
            } else {
                fatal.push(format!(
                    "{t}: {} {} of {}: [{}] {}",
                    event.fact.participant.name(),
                    event.fact.action,
                    event.fact.date,
                    f.violation.rule,
                    f.violation.message
                ));
            }
        }
        if !fatal.is_empty() {
            return Err(Refused(format!(
                "{} proposed event(s) break the rules; nothing was written:\n  {}",
                fatal.len(),
                fatal.join("\n  ")
            ))
            .into());
        }
        if !set_aside {
            bail!("the rules refused proposals that could not be set aside");
        }
    };

    let total: usize = additions.values().map(Vec::len).sum();
    let mut summary = Vec::new();
    if let (true, Some(lock)) = (args.apply, &lock) {
        for (treaty, events) in &additions {
            let head = ledger.stream(*treaty).head;
            let out = log.append(lock, *treaty, head, events).with_context(|| {
                if summary.is_empty() {
                    "nothing was written".to_owned()
                } else {
                    format!("already written: {}", summary.join("; "))
                }
            })?;
            summary.push(format!("{}: appended {} event(s); head {}", out.path.display(), out.count, out.head));
        }
    }
    // Where the log's side of each conflict came from, to show both sources.
    let log_sources: std::collections::HashMap<treaty_model::EventId, String> = results
        .iter()
        .flat_map(|r| r.conflicts.iter().map(move |c| (r.treaty, c.recorded)))
        .filter_map(|(t, id)| {
            let entry = ledger.stream(t).entries.iter().find(|e| e.event.id == id)?;
            let s = &entry.event.source;
            Some((id, s.url.clone().or_else(|| s.reference.clone()).unwrap_or_default()))
        })
        .collect();
    print(args, &results, &refused_by_rules, total, &log_sources)?;
    if !summary.is_empty() || args.apply {
        summary.push(format!("applied: {total} event(s) appended"));
        output::lines(summary)?;
    }
    Ok(())
}

/// The events the proposals (and, with `--correct`, the corrections) would append, per treaty
/// in proposal order.
fn events(
    results: &[Reconciliation],
    correct: bool,
    ledger: &Ledger,
    now: chrono::DateTime<chrono::Utc>,
) -> BTreeMap<TreatyId, Vec<Event>> {
    let mut out: BTreeMap<TreatyId, Vec<Event>> = BTreeMap::new();
    for r in results {
        let recorded_at = ledger.recorded_at(r.treaty, now);
        let corrections = r.conflicts.iter().filter(|_| correct).map(|c| &c.correction);
        for p in r.proposals.iter().chain(corrections) {
            out.entry(r.treaty).or_default().push(Event::new(p.fact.clone(), recorded_at, p.source.clone(), None));
        }
    }
    out.retain(|_, v| !v.is_empty());
    out
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
    log_sources: &std::collections::HashMap<treaty_model::EventId, String>,
) -> Result<()> {
    if args.format == Format::Json {
        let report = Report { treaties: results.iter().collect(), refused_by_rules: refused, applied: args.apply };
        return output::print(Format::Json, &Table::new(vec![]), &report);
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
