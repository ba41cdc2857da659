//! A page against the folded log: the events the log lacks, the dates that disagree, and the
//! actions the log holds that the page no longer shows.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use treaty_fold::status::tie_rank;
use treaty_fold::{History, Record};
use treaty_model::{Action, DeclarationEffect, EventId, Fact, ParticipantId, Sha256, Source, SourceKind, TreatyId};

use crate::Page;
use crate::notes::{self, NoteFact};

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

/// Something a person must look at: the page says it, but not in a form read mechanically.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// Who, when known.
    pub participant: Option<ParticipantId>,
    /// The name as on the page.
    pub name: String,
    /// What to look at.
    pub message: String,
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
/// log lacks.
#[must_use]
pub fn reconcile(page: &Page, history: &History, provenance: &Provenance) -> Reconciliation {
    let source = |cell: String| Source {
        kind: SourceKind::UntcStatusPage,
        url: Some(provenance.url.clone()),
        retrieved_at: provenance.retrieved_at,
        sha256: Some(provenance.sha256),
        status_as_at: Some(page.status_as_at),
        reference: None,
        cell: Some(cell),
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
                out.reviews.push(Review {
                    participant: Some(p),
                    name: row.name.clone(),
                    message: format!(
                        "the {} of {} is in brackets (no longer in effect), but no end note ({}) states a denunciation in the depositary's usual words: record the denunciation by hand with its date and source",
                        cell.action,
                        long(cell.date),
                        row.footnotes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                });
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
                };
                facts.push((fact, format!("note {n}: {sentence}"), why));
            }
        }
        facts.sort_by_key(|(f, _, _)| (f.date, tie_rank(f.action)));
        facts.dedup_by(|a, b| a.0 == b.0);
        for (fact, cell, why) in facts {
            place(&mut out, fact, records, source(cell), why);
        }
    }

    // Never shrink: an action the log holds that the page no longer shows is suspicious.
    for (p, records) in history.participants() {
        let (signature_shown, consent_shown) = on_page.get(&p).copied().unwrap_or_default();
        for r in records {
            let missing =
                (r.fact.action.is_signature() && !signature_shown) || (r.fact.action.is_consent() && !consent_shown);
            if missing {
                out.shrink.push(Review {
                    participant: Some(p),
                    name: p.name().to_owned(),
                    message: format!(
                        "the log holds a {} of {} (event {}) that the page no longer shows",
                        r.fact.action,
                        long(r.fact.date),
                        r.id
                    ),
                });
            }
        }
    }

    // UNTC's row gives a succession's notification date; the date of succession, from which
    // it takes effect, is in its "Historical Information", not on the page. Say so once.
    let undated: Vec<&str> = out
        .proposals
        .iter()
        .filter(|p| p.fact.action == Action::Succession && p.fact.effective_date.is_none())
        .map(|p| p.fact.participant.name())
        .collect();
    if !undated.is_empty() {
        out.reviews.push(Review {
            participant: None,
            name: format!("{} succession(s)", undated.len()),
            message: format!(
                "the page gives the notification date but not the date of succession of {}; entry into force is counted from the notification until a correction states the date of succession (with its source)",
                undated.join(", ")
            ),
        });
    }

    declarations(page, history, &source, &mut out);
    out.proposals.sort_by_key(|p| (p.fact.date, tie_rank(p.fact.action), p.fact.participant));
    out
}

/// Adds `fact` as a proposal unless the log has it, or as a conflict when the log states the
/// same action with another date.
fn place(out: &mut Reconciliation, fact: Fact, records: &[Record], source: Source, why: String) {
    let id = fact.id();
    if records.iter().any(|r| r.id == id || r.fact == fact) {
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
        let mut correction = fact.clone();
        correction.corrects = Some(only.id);
        out.conflicts.push(Conflict {
            participant: fact.participant,
            recorded: only.id,
            log: only.fact.clone(),
            correction: Proposal {
                fact: correction,
                source,
                why: format!("{why}; the log has {} of {}", only.fact.action, long(only.fact.date)),
            },
        });
        return;
    }
    out.proposals.push(Proposal { fact, source, why });
}

fn declarations(page: &Page, history: &History, source: &impl Fn(String) -> Source, out: &mut Reconciliation) {
    let t = page.treaty.treaty();
    for d in &page.article_declarations {
        let Some(p) = d.participant else {
            out.reviews.push(Review {
                participant: None,
                name: d.name.clone(),
                message: "a declaration under an article by a participant the registry does not know".into(),
            });
            continue;
        };
        let excerpt: String = d.text.chars().take(200).collect();
        let articles: Vec<String> = if d.articles.is_empty() {
            // A section about a single procedure need not name its article in every entry.
            let opt_in: Vec<&str> = t
                .procedures
                .iter()
                .filter(|p| p.kind == treaty_model::ProcedureKind::OptIn)
                .map(|p| p.article)
                .collect();
            if let [only] = opt_in[..] { vec![only.to_owned()] } else { Vec::new() }
        } else {
            d.articles.clone()
        };
        let lower = d.text.to_lowercase();
        let review = |message: String| Review { participant: Some(p), name: d.name.clone(), message };
        if lower.contains("withdr") || lower.contains("for a period") || lower.contains("until") {
            out.reviews.push(review(format!("a declaration under an article that is withdrawn, limited in time or conditional: read it and record it by hand ({excerpt}…)")));
            continue;
        }
        let mut dates = d.dates.clone();
        dates.dedup();
        let [date] = dates[..] else {
            out.reviews.push(review(format!(
                "a declaration under article(s) {} with {} date(s) in its text: record it by hand with the date of the instrument that made it ({excerpt}…)",
                if articles.is_empty() { "?".to_owned() } else { articles.join(", ") },
                dates.len()
            )));
            continue;
        };
        if articles.is_empty() {
            out.reviews.push(review(format!(
                "a declaration of {} naming no article of an opt-in procedure ({excerpt}…)",
                long(date)
            )));
            continue;
        }
        for article in articles {
            let mut fact = Fact::new(page.treaty, p, Action::Declaration, date);
            fact.article = Some(article.clone());
            fact.declaration = Some(DeclarationEffect::OptIn);
            let id = fact.id();
            if history.records(p).iter().any(|r| r.id == id) {
                continue;
            }
            out.proposals.push(Proposal {
                fact,
                source: source(format!("declarations under article {article}: {excerpt}")),
                why: format!("declaration recognizing the procedure of article {article}"),
            });
        }
    }
}
