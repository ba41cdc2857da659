//! What changed in a participant's status between two statuses of it: two legal dates (what
//! happened between them), or two recorded times on one date (what the ledger learned).

use chrono::NaiveDate;
use treaty_model::{ParticipantId, TreatyId};

use crate::status::ParticipantStatus;

/// One change of status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The treaty.
    pub treaty: TreatyId,
    /// The participant.
    pub participant: ParticipantId,
    /// What changed, one of [`Change::KINDS`].
    pub change: &'static str,
    /// The legal date of the change (the signature, the deposit, the entry into force, ...),
    /// where the status gives one.
    pub date: Option<NaiveDate>,
    /// What it is about: the consent action, the article of a procedure or declaration, the
    /// field that was corrected.
    pub detail: String,
    /// The value before, as text (for a corrected field or a declaration's effect).
    pub before: Option<String>,
    /// The value after.
    pub after: Option<String>,
}

impl Change {
    /// Every kind of change, in the order they are listed for one participant.
    pub const KINDS: [&'static str; 13] = [
        "signed",
        "signature_ended",
        "became_party",
        "entered_into_force",
        "denunciation_received",
        "ceased_to_be_party",
        "ceased_in_force",
        "procedure_accepted",
        "procedure_ended",
        "declaration_made",
        "declaration_changed",
        "declaration_withdrawn",
        "corrected",
    ];

    /// The rank of the kind, for ordering.
    #[must_use]
    pub fn rank(&self) -> usize {
        Self::KINDS.iter().position(|k| *k == self.change).unwrap_or(Self::KINDS.len())
    }
}

/// The changes from `before` to `after`, statuses of one participant in one treaty.
///
/// # Panics
/// When the two are not of the same treaty and participant (a caller's bug).
#[must_use]
pub fn changes(before: &ParticipantStatus, after: &ParticipantStatus) -> Vec<Change> {
    assert!(before.treaty == after.treaty && before.participant == after.participant, "statuses of one participant");
    let mut out = Vec::new();
    let mut push =
        |change: &'static str, date: Option<NaiveDate>, detail: String, b: Option<String>, a: Option<String>| {
            out.push(Change {
                treaty: after.treaty,
                participant: after.participant,
                change,
                date,
                detail,
                before: b,
                after: a,
            });
        };
    let (bm, am) = (before.membership.as_ref(), after.membership.as_ref());

    match (before.signatory, after.signatory) {
        (false, true) => push(
            "signed",
            after.signature,
            after.signature_action.map(|a| a.as_str().to_owned()).unwrap_or_default(),
            None,
            None,
        ),
        (true, false) => push("signature_ended", None, String::new(), None, None),
        _ => {}
    }
    // A new period of being bound (a first consent, or re-joining after a denunciation).
    let new_membership = after.memberships > before.memberships || (am.is_some() && bm.is_none());
    if after.party && (!before.party || new_membership) {
        push(
            "became_party",
            am.map(|m| m.date),
            am.map(|m| m.action.as_str().to_owned()).unwrap_or_default(),
            None,
            None,
        );
    }
    if after.in_force && (!before.in_force || new_membership) {
        push("entered_into_force", am.map(|m| m.entry_into_force), String::new(), None, None);
    }
    let (bd, ad) = (bm.and_then(|m| m.denunciation), am.and_then(|m| m.denunciation));
    if ad.is_some() && (bd.is_none() || new_membership) {
        push("denunciation_received", ad, String::new(), None, None);
    }
    if before.party && !after.party {
        push("ceased_to_be_party", am.and_then(|m| m.denunciation_effective), String::new(), None, None);
    }
    if before.in_force && !after.in_force && after.party {
        push("ceased_in_force", None, String::new(), None, None);
    }

    for p in &after.procedures {
        let was = before.procedures.iter().find(|q| q.article == p.article).is_some_and(|q| q.accepted);
        if p.accepted && !was {
            push("procedure_accepted", p.since, format!("art. {}", p.article), None, None);
        } else if !p.accepted && was {
            push("procedure_ended", None, format!("art. {}", p.article), None, None);
        }
    }

    for (article, (effect, date)) in &after.declarations {
        match before.declarations.get(article) {
            None => push("declaration_made", Some(*date), format!("art. {article}"), None, Some(effect.to_string())),
            Some((e, d)) if e != effect || d != date => push(
                "declaration_changed",
                Some(*date),
                format!("art. {article}"),
                Some(format!("{e} {d}")),
                Some(format!("{effect} {date}")),
            ),
            Some(_) => {}
        }
    }
    for (article, (effect, _)) in &before.declarations {
        if !after.declarations.contains_key(article) {
            push("declaration_withdrawn", None, format!("art. {article}"), Some(effect.to_string()), None);
        }
    }

    // The same period of being bound, with a fact told differently: a correction, seen when
    // comparing what the ledger knew at two times.
    if !new_membership {
        let text = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let mut corrected = |field: &str, b: Option<String>, a: Option<String>, date: Option<NaiveDate>| {
            if b.is_some() && a.is_some() && b != a {
                push("corrected", date, field.to_owned(), b, a);
            }
        };
        if before.signatory && after.signatory {
            corrected("signature_date", text(before.signature), text(after.signature), after.signature);
        }
        if let (Some(b), Some(a)) = (bm, am) {
            corrected(
                "consent_action",
                Some(b.action.as_str().to_owned()),
                Some(a.action.as_str().to_owned()),
                Some(a.date),
            );
            corrected("consent_date", text(Some(b.date)), text(Some(a.date)), Some(a.date));
            corrected(
                "entry_into_force",
                text(Some(b.entry_into_force)),
                text(Some(a.entry_into_force)),
                Some(a.entry_into_force),
            );
            corrected("denunciation_date", text(b.denunciation), text(a.denunciation), a.denunciation);
            corrected(
                "denunciation_effective",
                text(b.denunciation_effective),
                text(a.denunciation_effective),
                a.denunciation_effective,
            );
        }
    }
    out
}
