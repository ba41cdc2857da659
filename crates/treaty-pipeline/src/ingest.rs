//! From UNTC pages to appended events: load (saved or live), reconcile with the log, judge
//! the proposals by the rules, append them all or none.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use thiserror::Error;
use treaty_log::{AppendOutcome, LogError, LogLock, Tip};
use treaty_model::{Action, Event, EventId, Sha256, Source, TreatyId};
use treaty_untc::fetch::{FetchError, Fetcher, status_page_url};
use treaty_untc::{
    Page, ParseError, Provenance, Reconciliation, Review, Section, decode_html, parse_for, reconcile, saved_file_names,
};

use crate::Ledger;

/// Why pages could not be ingested. Nothing was written.
#[derive(Debug, Error)]
pub enum IngestError {
    /// No saved page for a treaty in the directory.
    #[error("{dir}: no saved page for {treaty} (looked for {names})")]
    Missing {
        /// The directory.
        dir: PathBuf,
        /// The treaty.
        treaty: TreatyId,
        /// The names looked for.
        names: String,
    },
    /// A saved page could not be read.
    #[error("{path}: {message}")]
    Saved {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A page could not be fetched.
    #[error("fetching the page of {treaty}: {cause}")]
    Fetch {
        /// The treaty.
        treaty: TreatyId,
        /// The cause (in the message, so not also a `source`: error chains would say it twice).
        cause: FetchError,
    },
    /// A page is not a status page that can be read.
    #[error("{what}: {cause}")]
    Parse {
        /// The file or URL.
        what: String,
        /// The cause (in the message).
        cause: ParseError,
    },
    /// The pages no longer show actions the log holds.
    #[error("{} action(s) in the log are missing from the pages; nothing was written (a page that shrinks is suspicious: check it, then allow it if it is right):\n  {}", .0.len(), .0.join("\n  "))]
    Shrink(Vec<String>),
    /// Proposed events break the rules.
    #[error("{} proposed event(s) break the rules; nothing was written:\n  {}", .0.len(), .0.join("\n  "))]
    Rules(Vec<String>),
    /// The log could not be read or written.
    #[error(transparent)]
    Log(#[from] LogError),
}

/// A page read, with where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The page.
    pub page: Page,
    /// Its provenance.
    pub provenance: Provenance,
    /// Served from the cache after the site said it had not changed.
    pub not_modified: bool,
}

/// Reads the saved page of `treaty` from `dir`. Its retrieval time is `retrieved_at`, or
/// else the page's own "status as at" time (a saved page was retrieved at or after it).
///
/// # Errors
/// See [`IngestError`].
pub fn load_saved(dir: &Path, treaty: TreatyId, retrieved_at: Option<DateTime<Utc>>) -> Result<Loaded, IngestError> {
    let names = saved_file_names(treaty);
    let path = names.iter().map(|n| dir.join(n)).find(|p| p.exists()).ok_or_else(|| IngestError::Missing {
        dir: dir.to_owned(),
        treaty,
        names: names.join(", "),
    })?;
    let bytes = std::fs::read(&path).map_err(|e| IngestError::Saved { path: path.clone(), message: e.to_string() })?;
    // A file has no Content-Type header: UTF-8, unless the page's own <meta> names a charset.
    let what = || path.display().to_string();
    let html = decode_html(&bytes, None).map_err(|cause| IngestError::Parse { what: what(), cause })?;
    let page = parse_for(&html, treaty).map_err(|cause| IngestError::Parse { what: what(), cause })?;
    let provenance = Provenance {
        url: treaty.treaty().untc_url.to_owned(),
        retrieved_at: Some(retrieved_at.unwrap_or_else(|| page.status_as_at.with_timezone(&Utc))),
        sha256: Sha256::of(&bytes),
    };
    Ok(Loaded { page, provenance, not_modified: false })
}

/// Fetches and reads the page of `treaty` from `base`.
///
/// # Errors
/// See [`IngestError`].
pub fn load_live(fetcher: &mut Fetcher, base: &str, treaty: TreatyId) -> Result<Loaded, IngestError> {
    let url = status_page_url(base, treaty);
    let fetched = fetcher.fetch(&url).map_err(|cause| IngestError::Fetch { treaty, cause })?;
    // In the charset the server's Content-Type names, else the page's <meta>, else UTF-8; bytes
    // that are not valid in it refuse the page (never replacement characters in a name).
    let html = decode_html(&fetched.bytes, fetched.content_type.as_deref())
        .map_err(|cause| IngestError::Parse { what: url.clone(), cause })?;
    let page = parse_for(&html, treaty).map_err(|cause| IngestError::Parse { what: url.clone(), cause })?;
    // The provenance names the record's official address, also when the bytes came through a
    // mirror or a test server.
    let provenance = Provenance {
        url: treaty.treaty().untc_url.to_owned(),
        retrieved_at: Some(fetched.retrieved_at),
        sha256: fetched.sha256,
    };
    Ok(Loaded { page, provenance, not_modified: fetched.not_modified })
}

/// What a set of pages would add to the log.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Each page against the log.
    pub results: Vec<Reconciliation>,
    /// The events to append, per treaty in order.
    pub additions: BTreeMap<TreatyId, Vec<Event>>,
    /// Declarations the rules refused, set aside for a person.
    pub set_aside: Vec<Review>,
}

impl Plan {
    /// How many events would be appended.
    #[must_use]
    pub fn count(&self) -> usize {
        self.additions.values().map(Vec::len).sum()
    }

    /// Actions the log holds that the pages no longer show, as lines.
    #[must_use]
    pub fn shrink(&self) -> Vec<String> {
        shrink_lines(&self.results)
    }
}

fn events(
    results: &[Reconciliation],
    correct: bool,
    ledger: &Ledger,
    now: DateTime<Utc>,
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

fn shrink_lines(results: &[Reconciliation]) -> Vec<String> {
    results
        .iter()
        .flat_map(|r| r.shrink.iter().map(move |s| format!("{}: {}: {}", r.treaty, s.name, s.message)))
        .collect()
}

/// How a plan treats what the pages say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Propose corrections where a page's date differs from the log's.
    pub correct: bool,
    /// Accept pages that no longer show an action the log holds.
    pub allow_shrink: bool,
}

/// Reconciles `loaded` pages with `ledger` and judges what they would add. A declaration the
/// rules refuse is set aside for a person; any other refused event stops the plan.
///
/// # Errors
/// [`IngestError::Shrink`] when pages no longer show what the log holds (unless allowed), then
/// [`IngestError::Rules`] with every refused event.
pub fn plan(ledger: &Ledger, loaded: &[Loaded], options: Options, now: DateTime<Utc>) -> Result<Plan, IngestError> {
    let snapshot = ledger.snapshot(None);
    let mut results: Vec<Reconciliation> = loaded
        .iter()
        .map(|l| {
            let stream = ledger.stream(l.page.treaty);
            let sources: HashMap<EventId, &Source> =
                stream.entries.iter().map(|e| (e.event.id, &e.event.source)).collect();
            let source_of = |id: EventId| sources.get(&id).map(|s| (*s).clone());
            reconcile(&l.page, snapshot.history(l.page.treaty), &l.provenance, &source_of)
        })
        .collect();
    let correct = options.correct;
    let shrink = shrink_lines(&results);
    if !shrink.is_empty() && !options.allow_shrink {
        return Err(IngestError::Shrink(shrink));
    }
    let mut set_aside = Vec::new();
    loop {
        let additions = events(&results, correct, ledger, now);
        let findings = ledger.judge(&additions);
        if findings.is_empty() {
            return Ok(Plan { results, additions, set_aside });
        }
        let mut fatal = Vec::new();
        let mut progressed = false;
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
            let what = format!("{t}: {} {} of {}", event.fact.participant.name(), event.fact.action, event.fact.date);
            // A declaration or another statement of terms that breaks a rule is set aside for
            // a person; the participation itself (signatures, consents) must hold.
            if event.fact.action == Action::Declaration
                || event.fact.action == Action::DeclarationWithdrawal
                || event.fact.action.is_terms()
            {
                let r = results.iter_mut().find(|r| r.treaty == t).expect("additions come from results");
                r.proposals.retain(|p| p.fact.id() != event.id);
                set_aside.push(Review {
                    participant: Some(event.fact.participant),
                    name: event.fact.participant.name().to_owned(),
                    message: format!(
                        "{t}: {}{} of {} not proposed: [{}] {}",
                        event.fact.action,
                        event.fact.article.as_deref().map(|a| format!(" under article {a}")).unwrap_or_default(),
                        event.fact.date,
                        f.violation.rule,
                        f.violation.message
                    ),
                    section: event.source.section.as_deref().and_then(Section::parse),
                    row: event.source.row.as_deref().and_then(|r| r.split('.').next()?.parse().ok()),
                });
                progressed = true;
            } else {
                fatal.push(format!("{what}: [{}] {}", f.violation.rule, f.violation.message));
            }
        }
        if !fatal.is_empty() || !progressed {
            return Err(IngestError::Rules(fatal));
        }
    }
}

/// Appends the plan's events under `lock`, stream by stream, each against the head the plan
/// was judged on.
///
/// # Errors
/// When a stream moved on or cannot be written; then nothing is written (all streams or none).
pub fn apply(ledger: &Ledger, lock: &LogLock, plan: &Plan) -> Result<Vec<AppendOutcome>, LogError> {
    // All streams or none, under a journal (`Log::append_all`).
    let batches: Vec<(TreatyId, Tip, Vec<Event>)> =
        plan.additions.iter().map(|(t, events)| (*t, ledger.stream(*t).tip(), events.clone())).collect();
    ledger.log.append_all(lock, &batches)
}
