//! One participant's status in one treaty on a date.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use treaty_model::{Action, DeclarationEffect, EventId, ParticipantId, ProcedureKind, Treaty, TreatyId};

use crate::Record;
use crate::entry_into_force::for_state;

/// A period of being bound: from a consent until a denunciation takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The consent action (ratification, accession, succession, ...).
    pub action: Action,
    /// Its legal date (deposit).
    pub date: NaiveDate,
    /// Entry into force for this participant.
    pub entry_into_force: NaiveDate,
    /// Date the denunciation was received, if the participant denounced.
    pub denunciation: Option<NaiveDate>,
    /// Date the denunciation takes effect.
    pub denunciation_effective: Option<NaiveDate>,
}

/// Whether a participant accepts a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureStatus {
    /// The article governing it.
    pub article: &'static str,
    /// What it is.
    pub name: &'static str,
    /// How a party comes to accept it: `automatic`, `opt_in` or `opt_out`.
    pub basis: &'static str,
    /// Accepted on the date.
    pub accepted: bool,
    /// Since when it has been accepted without a break (when accepted): the consent that
    /// made the participant a party, or the opting-in declaration, or the withdrawal of the
    /// opting-out declaration, whichever came last.
    pub since: Option<NaiveDate>,
    /// The events behind the answer: the consent, and the declaration or its withdrawal.
    pub events: Vec<EventId>,
}

/// A participant's status in a treaty on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantStatus {
    /// The treaty.
    pub treaty: TreatyId,
    /// The participant.
    pub participant: ParticipantId,
    /// The date the status is for.
    pub as_of: NaiveDate,
    /// Date of the signature in effect.
    pub signature: Option<NaiveDate>,
    /// `signature` or `succession_to_signature`.
    pub signature_action: Option<Action>,
    /// The latest period of being bound that had begun by the date.
    pub membership: Option<Membership>,
    /// How many periods of being bound had begun (more than one: the participant re-joined).
    pub memberships: usize,
    /// Counted among the signatories on the date (as UNTC counts them).
    pub signatory: bool,
    /// Bound by the treaty on the date (consented; no denunciation in effect).
    pub party: bool,
    /// Party, and the treaty in force for it on the date.
    pub in_force: bool,
    /// Declarations in effect under each article.
    pub declarations: BTreeMap<String, (DeclarationEffect, NaiveDate)>,
    /// The treaty's procedures and whether the participant accepts each (only a party does).
    pub procedures: Vec<ProcedureStatus>,
    /// The events behind this status, in date order.
    pub events: Vec<EventId>,
}

/// Orders facts that share a date: a denunciation received on the day a State re-acceded
/// (Guyana, ICCPR-OP1, 5 Jan 1999) closes the old period before the new one starts, and a
/// signature comes before the ratification it allows.
#[must_use]
pub fn tie_rank(action: Action) -> u8 {
    match action {
        Action::Signature | Action::SuccessionToSignature => 0,
        Action::WithdrawalOfSignature => 1,
        Action::Denunciation => 2,
        a if a.is_consent() => 3,
        Action::Declaration => 4,
        Action::DeclarationWithdrawal => 5,
        _ => 6,
    }
}

/// Denunciation takes effect on the date the record gives, or else after the treaty's delay.
#[must_use]
pub fn denunciation_effective(treaty: &Treaty, date: NaiveDate, effective: Option<NaiveDate>) -> Option<NaiveDate> {
    effective.or_else(|| treaty.denunciation.map(|d| d.delay.after(date)))
}

/// When a fact counts, for the fold and for the prerequisite of another treaty: a succession
/// from its date of succession, every other fact from its legal date.
#[must_use]
pub fn party_from(record: &Record) -> NaiveDate {
    if record.fact.action == Action::Succession {
        record.fact.effective_date.map_or(record.fact.date, |e| e.min(record.fact.date))
    } else {
        record.fact.date
    }
}

/// Folds one participant's facts in effect into its status on `as_of`.
#[must_use]
pub fn participant_status(
    treaty: TreatyId,
    participant: ParticipantId,
    records: &[Record],
    as_of: NaiveDate,
) -> ParticipantStatus {
    let t = treaty.treaty();
    // A succession counts from its date of succession, though notified later: on 1 June 1992
    // Bosnia and Herzegovina was bound by ICERD (from 6 March 1992; notified 16 July 1993).
    let mut sorted: Vec<&Record> = records.iter().filter(|r| party_from(r) <= as_of).collect();
    sorted.sort_by_key(|r| (party_from(r), tie_rank(r.fact.action)));

    let mut signature: Option<(NaiveDate, Action)> = None;
    let mut memberships: Vec<Membership> = Vec::new();
    // The consent event of each membership, and the last declaration event or withdrawal per
    // article (the procedures table names the events behind each answer).
    let mut consents: Vec<EventId> = Vec::new();
    let mut declared: BTreeMap<String, (Option<DeclarationEffect>, NaiveDate, EventId)> = BTreeMap::new();
    let mut declarations: BTreeMap<String, (DeclarationEffect, NaiveDate)> = BTreeMap::new();
    for r in &sorted {
        let f = &r.fact;
        match f.action {
            Action::Signature | Action::SuccessionToSignature => signature = Some((f.date, f.action)),
            Action::WithdrawalOfSignature => signature = None,
            Action::Denunciation => {
                if let Some(m) = memberships.last_mut().filter(|m| m.denunciation.is_none()) {
                    m.denunciation = Some(f.date);
                    m.denunciation_effective = denunciation_effective(t, f.date, f.effective_date);
                }
            }
            // A consent while bound (and not denouncing) adds nothing; the rules refuse it.
            a if a.is_consent() && memberships.last().is_none_or(|m| m.denunciation.is_some()) => {
                memberships.push(Membership {
                    action: a,
                    date: f.date,
                    entry_into_force: for_state(t, a, f.date, f.effective_date),
                    denunciation: None,
                    denunciation_effective: None,
                });
                consents.push(r.id);
            }
            Action::Declaration => {
                if let (Some(article), Some(effect)) = (&f.article, f.declaration) {
                    declarations.insert(article.clone(), (effect, f.date));
                    declared.insert(article.clone(), (Some(effect), f.date, r.id));
                }
            }
            Action::DeclarationWithdrawal => {
                if let Some(article) = &f.article {
                    declarations.remove(article);
                    declared.insert(article.clone(), (None, f.date, r.id));
                }
            }
            _ => {}
        }
    }

    // Bound by any period whose denunciation has not yet taken effect (periods can overlap
    // for the three months a denunciation takes, as with Guyana in 1999).
    let bound = |m: &Membership| m.denunciation_effective.is_none_or(|e| e > as_of);
    let party = memberships.iter().any(bound);
    let in_force = memberships.iter().any(|m| bound(m) && m.entry_into_force <= as_of);
    // UNTC brackets the signature too once a denunciation has taken effect (ICCPR-OP1,
    // Jamaica), and no longer counts it.
    let left = !party && memberships.last().is_some_and(|m| !bound(m));
    let signatory = signature.is_some() && !left;
    // The membership that makes the participant a party now (the latest one still binding).
    let current = memberships.iter().zip(&consents).rev().find(|(m, _)| bound(m));
    let procedures = t
        .procedures
        .iter()
        .filter(|p| p.kind != ProcedureKind::Statement)
        .map(|p| {
            let last = declared.get(p.article);
            let effect = declarations.get(p.article).map(|(e, _)| *e);
            let accepted = party
                && match p.kind {
                    ProcedureKind::Automatic => true,
                    ProcedureKind::OptIn => effect == Some(DeclarationEffect::OptIn),
                    ProcedureKind::OptOut => effect != Some(DeclarationEffect::OptOut),
                    ProcedureKind::Statement => false,
                };
            let mut events: Vec<EventId> = current.map(|(_, id)| *id).into_iter().collect();
            events.extend(last.map(|(_, _, id)| *id));
            let since = accepted.then(|| {
                let joined = current.map_or(as_of, |(m, _)| m.date);
                // A declaration (or withdrawal) before the consent took effect with it.
                last.map_or(joined, |(_, d, _)| joined.max(*d))
            });
            let basis = match p.kind {
                ProcedureKind::Automatic => "automatic",
                ProcedureKind::OptIn => "opt_in",
                ProcedureKind::OptOut => "opt_out",
                ProcedureKind::Statement => "statement",
            };
            ProcedureStatus { article: p.article, name: p.name, basis, accepted, since, events }
        })
        .collect();
    ParticipantStatus {
        treaty,
        participant,
        as_of,
        signature: signature.map(|s| s.0),
        signature_action: signature.map(|s| s.1),
        memberships: memberships.len(),
        membership: memberships.pop(),
        signatory,
        party,
        in_force,
        declarations,
        procedures,
        events: sorted.iter().map(|r| r.id).collect(),
    }
}
