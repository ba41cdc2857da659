use std::fmt;
use std::str::FromStr;

use crate::ModelError;

/// A treaty action, as the depositary records it.
///
/// A *correction* is not an action of its own: any event that carries `corrects` restates
/// the fact of the event it corrects (which may change its action, dates or article). A
/// [`Action::Retraction`] withdraws an earlier event that should never have been recorded.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Action {
    /// Signature subject to ratification, acceptance or approval.
    Signature,
    /// A successor State takes over its predecessor's signature (UNTC: `d` in the signature column).
    SuccessionToSignature,
    /// A signature that itself binds (UNTC suffix `s`).
    DefinitiveSignature,
    /// Ratification (UNTC: no suffix in the consent column).
    Ratification,
    /// Accession (UNTC suffix `a`); needs no prior signature.
    Accession,
    /// Succession (UNTC suffix `d`); takes effect from the date of succession.
    Succession,
    /// Acceptance (UNTC suffix `A`).
    Acceptance,
    /// Approval (UNTC suffix `AA`).
    Approval,
    /// Formal confirmation by an international organization (UNTC suffix `c`).
    FormalConfirmation,
    /// A signatory withdraws its signature.
    WithdrawalOfSignature,
    /// Notice of denunciation; the event's `effective_date` says when it takes effect.
    Denunciation,
    /// A declaration under an article of the treaty (accepting or excluding a procedure).
    Declaration,
    /// Withdrawal of an earlier declaration under the same article.
    DeclarationWithdrawal,
    /// Retraction of an earlier event of the same stream (named by `corrects`).
    Retraction,
    /// An entry of the depositary's "Declarations and Reservations": a reservation, a
    /// declaration, an interpretative declaration, an understanding (`kind` says which, as the
    /// text names it), with its `text`.
    Reservation,
    /// Withdrawal, in whole or in part, of a reservation or declaration (`kind` says what was
    /// withdrawn; `text` quotes the record).
    ReservationWithdrawal,
    /// An objection to another participant's reservation or declaration (`counterpart`).
    Objection,
    /// A notification the treaty provides for: a derogation (ICCPR art. 4(3)), the designation
    /// of a national preventive mechanism (OP-CAT art. 17), a territorial application, ...
    /// (`kind` and `article` say which).
    Notification,
}

impl Action {
    /// Every action, in the order the documentation lists them.
    pub const ALL: [Action; 18] = [
        Action::Signature,
        Action::SuccessionToSignature,
        Action::DefinitiveSignature,
        Action::Ratification,
        Action::Accession,
        Action::Succession,
        Action::Acceptance,
        Action::Approval,
        Action::FormalConfirmation,
        Action::WithdrawalOfSignature,
        Action::Denunciation,
        Action::Declaration,
        Action::DeclarationWithdrawal,
        Action::Retraction,
        Action::Reservation,
        Action::ReservationWithdrawal,
        Action::Objection,
        Action::Notification,
    ];

    const NAMES: &'static str = "signature, succession_to_signature, definitive_signature, \
ratification, accession, succession, acceptance, approval, formal_confirmation, \
withdrawal_of_signature, denunciation, declaration, declaration_withdrawal, retraction, \
reservation, reservation_withdrawal, objection, notification";

    /// The action's name in the log and the published tables.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Signature => "signature",
            Action::SuccessionToSignature => "succession_to_signature",
            Action::DefinitiveSignature => "definitive_signature",
            Action::Ratification => "ratification",
            Action::Accession => "accession",
            Action::Succession => "succession",
            Action::Acceptance => "acceptance",
            Action::Approval => "approval",
            Action::FormalConfirmation => "formal_confirmation",
            Action::WithdrawalOfSignature => "withdrawal_of_signature",
            Action::Denunciation => "denunciation",
            Action::Declaration => "declaration",
            Action::DeclarationWithdrawal => "declaration_withdrawal",
            Action::Retraction => "retraction",
            Action::Reservation => "reservation",
            Action::ReservationWithdrawal => "reservation_withdrawal",
            Action::Objection => "objection",
            Action::Notification => "notification",
        }
    }

    /// Signs the treaty without binding the State (a plain or succeeded signature).
    #[must_use]
    pub fn is_signature(self) -> bool {
        matches!(self, Action::Signature | Action::SuccessionToSignature)
    }

    /// Expresses consent to be bound: after it the participant is a party.
    #[must_use]
    pub fn is_consent(self) -> bool {
        matches!(
            self,
            Action::DefinitiveSignature
                | Action::Ratification
                | Action::Accession
                | Action::Succession
                | Action::Acceptance
                | Action::Approval
                | Action::FormalConfirmation
        )
    }

    /// Records the terms on which a participant is bound or its statements about others'
    /// terms: these carry the record's `text`.
    #[must_use]
    pub fn is_terms(self) -> bool {
        matches!(self, Action::Reservation | Action::ReservationWithdrawal | Action::Objection | Action::Notification)
    }

    /// Can a fact of this action change a participant's status (its signature, its being
    /// bound, its declarations under articles)? Everything but the terms of participation
    /// ([`Action::is_terms`]) and retractions, which only take an earlier fact away.
    #[must_use]
    pub fn changes_status(self) -> bool {
        !self.is_terms() && self != Action::Retraction
    }

    /// Consent that, by the law of treaties, follows a signature (VCLT arts. 14, 16):
    /// ratification, acceptance, approval and formal confirmation. Accession, succession
    /// and definitive signature need none.
    #[must_use]
    pub fn needs_prior_signature(self) -> bool {
        matches!(self, Action::Ratification | Action::Acceptance | Action::Approval | Action::FormalConfirmation)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == wanted)
            .ok_or_else(|| ModelError::UnknownAction(s.to_owned(), Action::NAMES))
    }
}

crate::text_serde!(Action);

/// What a declaration under an article does to the procedure that article governs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum DeclarationEffect {
    /// Accepts an opt-in procedure (e.g. ICCPR art. 41, ICERD art. 14).
    OptIn,
    /// Excludes an opt-out procedure (e.g. CAT art. 28, OP-CEDAW art. 10).
    OptOut,
    /// A statement the treaty asks for that neither accepts nor excludes a procedure
    /// (e.g. OP-CRC-AC art. 3(2) minimum age, OP-CAT art. 24 postponement).
    Statement,
}

impl DeclarationEffect {
    /// The effect's name in the log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            DeclarationEffect::OptIn => "opt_in",
            DeclarationEffect::OptOut => "opt_out",
            DeclarationEffect::Statement => "statement",
        }
    }
}

impl fmt::Display for DeclarationEffect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeclarationEffect {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "opt_in" => Ok(DeclarationEffect::OptIn),
            "opt_out" => Ok(DeclarationEffect::OptOut),
            "statement" => Ok(DeclarationEffect::Statement),
            _ => Err(ModelError::UnknownDeclarationEffect(s.to_owned())),
        }
    }
}

crate::text_serde!(DeclarationEffect);

/// How an event's date was established, where the record does not simply state it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum DateBasis {
    /// The record states the date of this act.
    Stated,
    /// Made upon ratification, accession, succession (or another consent): the date of that
    /// instrument, as the record says ("Unless otherwise indicated, ... made upon ratification").
    UponConsent,
    /// Made upon signature: the date of signature.
    UponSignature,
}

impl DateBasis {
    /// The basis's name in the log and the published tables.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Stated => "stated",
            DateBasis::UponConsent => "upon_consent",
            DateBasis::UponSignature => "upon_signature",
        }
    }
}

impl fmt::Display for DateBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DateBasis {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "stated" => Ok(DateBasis::Stated),
            "upon_consent" => Ok(DateBasis::UponConsent),
            "upon_signature" => Ok(DateBasis::UponSignature),
            _ => Err(ModelError::UnknownDateBasis(s.to_owned())),
        }
    }
}

crate::text_serde!(DateBasis);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_name() {
        for a in Action::ALL {
            assert_eq!(a.as_str().parse::<Action>().unwrap(), a);
        }
        assert_eq!("Formal confirmation".parse::<Action>().unwrap(), Action::FormalConfirmation);
    }

    #[test]
    fn unknown_action_lists_the_vocabulary() {
        let err = "ratifcation".parse::<Action>().unwrap_err().to_string();
        assert!(err.contains("\"ratifcation\""), "{err}");
        assert!(err.contains("accession"), "{err}");
    }

    #[test]
    fn accession_needs_no_signature_but_ratification_does() {
        assert!(Action::Ratification.needs_prior_signature());
        assert!(!Action::Accession.needs_prior_signature());
        assert!(Action::Accession.is_consent());
        assert!(!Action::Signature.is_consent());
    }
}
