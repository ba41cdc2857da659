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
}

impl Action {
    /// Every action, in the order the documentation lists them.
    pub const ALL: [Action; 14] = [
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
    ];

    const NAMES: &'static str = "signature, succession_to_signature, definitive_signature, \
ratification, accession, succession, acceptance, approval, formal_confirmation, \
withdrawal_of_signature, denunciation, declaration, declaration_withdrawal, retraction";

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
