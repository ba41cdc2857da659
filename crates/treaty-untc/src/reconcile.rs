//! A page against the folded log: the events the log lacks, the dates that disagree, and the
//! actions the log holds that the page no longer shows.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use treaty_fold::status::tie_rank;
use treaty_fold::{History, Record};
use treaty_model::{Action, EventId, Fact, ParticipantId, Sha256, Source, SourceKind, TreatyId};

use crate::notes::{self, NoteFact};
use crate::sections::Section;
use crate::terms::{self, Instruments, same_fact};
use crate::{Page, curated};

/// Where a page came from.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// The page's URL.
    pub url: String,
    /// When it was fetched.
    pub retrieved_at: Option<DateTime<Utc>>,
    /// SHA-256 of its bytes.
    pub sha256: Sha256,
}

/// An event the log lacks, with its source.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// What happened.
    pub fact: Fact,
    /// Where the page says it.
    pub source: Source,
    /// Why it is proposed, for the reader of the proposal.
    pub why: String,
}

/// A fact the page and the log state differently.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    /// Who.
    pub participant: ParticipantId,
    /// The log's event.
    pub recorded: EventId,
    /// The log's fact.
    pub log: Fact,
    /// The page's version, as a correction of the log's event.
    pub correction: Proposal,
}

impl Conflict {
    /// The page's `fact` as a correction of the log's `record`.
    fn correcting(record: &Record, fact: Fact, source: Source, why: String) -> Self {
        let participant = fact.participant;
        let mut correction = fact;
        correction.corrects = Some(record.id);
        Conflict {
            participant,
            recorded: record.id,
            log: (*record.fact).clone(),
            correction: Proposal { fact: correction, source, why },
        }
    }
}

/// Something a person must look at: the page says it, but not in a form read mechanically.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// Who, when known.
    pub participant: Option<ParticipantId>,
    /// The name as on the page.
    pub name: String,
    /// What to look at.
    pub message: String,
    /// The section of the page the entry stands in, when it is one of them.
    pub section: Option<Section>,
    /// The entry's number in its section.
    pub row: Option<u32>,
}

impl Review {
    /// A review line about a participant's row or the page as a whole.
    #[must_use]
    pub fn new(participant: Option<ParticipantId>, name: String, message: String) -> Self {
        Review { participant, name, message, section: None, row: None }
    }
}

/// The outcome of comparing one page with the log.
#[derive(Debug, Clone, Serialize)]
pub struct Reconciliation {
    /// The treaty.
    pub treaty: TreatyId,
    /// The page's "status as at".
    pub status_as_at: DateTime<FixedOffset>,
    /// Events to append, in the order they should be appended.
    pub proposals: Vec<Proposal>,
    /// Dates that differ between page and log.
    pub conflicts: Vec<Conflict>,
    /// Actions the log holds that the page no longer shows (without brackets).
    pub shrink: Vec<Review>,
    /// Things the page states that need a person.
    pub reviews: Vec<Review>,
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Compares `page` with the treaty's `history` (the log as it stands) and proposes what the
/// log lacks. `source_of` gives the source of a recorded event: only what this page should
/// show counts when the page does not show it (a shrink).
#[must_use]
pub fn reconcile(
    page: &Page,
    history: &History,
    provenance: &Provenance,
    source_of: &dyn Fn(EventId) -> Option<Source>,
) -> Reconciliation {
    let source = |cell: String| Source {
        kind: SourceKind::UntcStatusPage,
        url: Some(provenance.url.clone()),
        retrieved_at: provenance.retrieved_at,
        sha256: Some(provenance.sha256),
        status_as_at: Some(page.status_as_at),
        reference: None,
        cell: Some(cell),
        section: None,
        row: None,
    };
    let mut out = Reconciliation {
        treaty: page.treaty,
        status_as_at: page.status_as_at,
        proposals: Vec::new(),
        conflicts: Vec::new(),
        shrink: Vec::new(),
        reviews: Vec::new(),
    };
    let mut on_page: BTreeMap<ParticipantId, (bool, bool)> = BTreeMap::new();
    let mut instruments: BTreeMap<ParticipantId, Instruments> = BTreeMap::new();
    let mut undated_successions: Vec<String> = Vec::new();

    for row in &page.rows {
        let p = row.participant;
        let records = history.records(p);
        let mut facts: Vec<(Fact, String, String)> = Vec::new();
        let seen = on_page.entry(p).or_default();
        if let Some(cell) = &row.signature {
            seen.0 = true;
            let why = format!("{} column: {}", page.signature_header, cell.action);
            facts.push((Fact::new(page.treaty, p, cell.action, cell.date), cell.raw.clone(), why));
        }
        // End notes tell what the cells cannot: denunciations and the accessions of a State
        // that left and re-joined.
        let mut from_notes = Vec::new();
        for n in &row.footnotes {
            if let Some(text) = page.notes.get(n) {
                from_notes.extend(notes::read(text, &row.name).into_iter().map(|f| (*n, f)));
            }
        }
        let tells_denunciation = from_notes.iter().any(|(_, f)| matches!(f, NoteFact::Denunciation { .. }));
        if let Some(cell) = &row.consent {
            seen.1 = true;
            let why = format!("{} column: {}", page.consent_header, cell.action);
            facts.push((Fact::new(page.treaty, p, cell.action, cell.date), cell.raw.clone(), why));
            if cell.bracketed && !tells_denunciation {
                out.reviews.push(Review::new(
                    Some(p),
                    row.name.clone(),
                    format!(
                        "the {} of {} is in brackets (no longer in effect), but no end note ({}) states a denunciation in the depositary's usual words: record the denunciation by hand with its date and source",
                        cell.action,
                        long(cell.date),
                        row.footnotes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        if tells_denunciation {
            for (n, f) in from_notes {
                let (fact, sentence, why) = match f {
                    NoteFact::Denunciation { date, effective, sentence } => {
                        let mut fact = Fact::new(page.treaty, p, Action::Denunciation, date);
                        fact.effective_date = effective;
                        (fact, sentence, format!("end note {n}: denunciation"))
                    }
                    NoteFact::Accession { date, sentence } => (
                        Fact::new(page.treaty, p, Action::Accession, date),
                        sentence,
                        format!("end note {n}: accession"),
                    ),
                    // Read with the terms of participation (`terms`), not here.
                    NoteFact::Withdrawal { .. } => continue,
                };
                facts.push((fact, format!("note {n}: {sentence}"), why));
            }
        }
        facts.sort_by_key(|(f, _, _)| (f.date, tie_rank(f.action)));
        facts.dedup_by(|a, b| a.0 == b.0);
        for (fact, cell, why) in facts {
            let (fact, original, src) = curate(fact, source(cell));
            if fact.action == Action::Succession && fact.effective_date.is_none() {
                let why = curated::succession(page.treaty, p)
                    .map_or_else(|| "no row in data/successions.tsv".to_owned(), |r| r.why.clone());
                undated_successions.push(format!("{} ({why})", p.name()));
            }
            let i = instruments.entry(p).or_default();
            if fact.action.is_signature() {
                i.signature = Some(fact.date);
            } else if fact.action.is_consent() {
                i.consent = Some(i.consent.map_or(fact.date, |c| c.max(fact.date)));
            }
            place(&mut out, fact, original.as_ref(), records, src, why);
        }
    }

    // Never shrink: an action the log holds that the page no longer shows is suspicious, if
    // the page should show it: a fact read from this treaty's page, shown by an earlier page
    // (its "status as at" no later than this one's) or dated on or before this page's "status
    // as at". A maintainer's entry from a depositary notification, or one dated after the page,
    // is not the page's to show.
    let page_day = page.status_as_at.date_naive();
    let due = |r: &Record| {
        source_of(r.id).is_some_and(|s| {
            s.kind == SourceKind::UntcStatusPage
                && s.url.as_deref() == Some(provenance.url.as_str())
                && (s.status_as_at.is_some_and(|at| at <= page.status_as_at) || r.fact.date <= page_day)
        })
    };
    for (p, records) in history.participants() {
        let (signature_shown, consent_shown) = on_page.get(&p).copied().unwrap_or_default();
        for r in records {
            let missing =
                (r.fact.action.is_signature() && !signature_shown) || (r.fact.action.is_consent() && !consent_shown);
            if missing && due(r) {
                out.shrink.push(Review::new(
                    Some(p),
                    p.name().to_owned(),
                    format!(
                        "the log holds a {} of {} (event {}) that the page no longer shows",
                        r.fact.action,
                        long(r.fact.date),
                        r.id
                    ),
                ));
            }
        }
    }

    // UNTC's row gives a succession's notification date; the date of succession, from which
    // it takes effect, comes from data/successions.tsv with its source. Say once which lack one.
    if !undated_successions.is_empty() {
        out.reviews.push(Review::new(
            None,
            format!("{} succession(s)", undated_successions.len()),
            format!(
                "no sourced date of succession for {}; entry into force is counted from the notification until a correction states the date of succession (with its source)",
                undated_successions.join("; ")
            ),
        ));
    }

    terms::read(page, history, &source(String::new()), &instruments, &mut out);
    out.proposals.sort_by_key(|p| (p.fact.date, tie_rank(p.fact.action), p.fact.participant));
    out
}

/// The page's fact as a person's source corrects it: a succession with its date of
/// succession, a fact of `data/corrections.tsv`. Returns the fact, the page's own fact when it
/// was corrected, and the source to record.
fn curate(fact: Fact, page_source: Source) -> (Fact, Option<Fact>, Source) {
    if let Some(c) = curated::correction(fact.treaty, fact.participant, fact.action, fact.date) {
        let mut corrected = fact.clone();
        corrected.date = c.date;
        corrected.effective_date = c.effective_date;
        return (corrected, Some(fact), c.source.clone());
    }
    if fact.action == Action::Succession
        && fact.effective_date.is_none()
        && let Some(row) = curated::succession(fact.treaty, fact.participant)
        && let Some(date) = row.date
    {
        let mut corrected = fact.clone();
        corrected.effective_date = Some(date);
        return (corrected, Some(fact), row.source.clone());
    }
    (fact, None, page_source)
}

/// Adds `fact` as a proposal unless the log has it, or as a conflict when the log states the
/// same action with another date, or states `original` (the page's fact before a person's
/// source corrected it).
fn place(
    out: &mut Reconciliation,
    fact: Fact,
    original: Option<&Fact>,
    records: &[Record],
    source: Source,
    why: String,
) {
    let id = fact.id();
    if records.iter().any(|r| r.id == id || same_fact(&r.fact, &fact)) {
        return;
    }
    // The log states the page's fact that a person's source corrects: correct it.
    if let Some(original) = original
        && let Some(r) = records.iter().find(|r| same_fact(&r.fact, original))
    {
        let why = format!("{why}; corrected from a source beside the page: {}", describe(&fact));
        out.conflicts.push(Conflict::correcting(r, fact, source, why));
        return;
    }
    // The same slot with another date: a signature against the signature; a consent against
    // the only consent when the page and the log each have one.
    let same_kind = |r: &&Record| {
        (fact.action.is_signature() && r.fact.action.is_signature())
            || (fact.action.is_consent() && r.fact.action.is_consent())
    };
    let candidates: Vec<&Record> = records.iter().filter(same_kind).collect();
    if let [only] = candidates[..]
        && fact.action != Action::Denunciation
        && records.iter().all(|r| r.fact.action != Action::Denunciation)
    {
        let why = format!("{why}; the log has {} of {}", only.fact.action, long(only.fact.date));
        out.conflicts.push(Conflict::correcting(only, fact, source, why));
        return;
    }
    out.proposals.push(Proposal { fact, source, why });
}

fn describe(fact: &Fact) -> String {
    match fact.effective_date {
        Some(e) => format!("{} of {}, in effect from {}", fact.action, long(fact.date), long(e)),
        None => format!("{} of {}", fact.action, long(fact.date)),
    }
}
