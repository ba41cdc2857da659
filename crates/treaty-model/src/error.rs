use thiserror::Error;

/// Why a value could not become one of the model's validated types.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The text names no treaty of the catalogue.
    #[error(
        "unknown treaty {0:?}: use a key such as `icescr` or `op-icescr`, or a UNTC number such as `IV-3-a` (see `treaty status --help`)"
    )]
    UnknownTreaty(String),
    /// The text names no participant of the registry.
    #[error("unknown participant {0:?}: use an ISO 3166-1 alpha-3 code (e.g. `ECU`) or the UNTC name (e.g. `Ecuador`)")]
    UnknownParticipant(String),
    /// The text is not one of the actions of the vocabulary.
    #[error("unknown action {0:?}: expected one of {1}")]
    UnknownAction(String, &'static str),
    /// An event id must be 32 lowercase hexadecimal digits.
    #[error("invalid event id {0:?}: expected 32 lowercase hexadecimal digits")]
    InvalidEventId(String),
    /// A sha256 must be 64 lowercase hexadecimal digits.
    #[error("invalid sha256 {0:?}: expected 64 lowercase hexadecimal digits")]
    InvalidSha256(String),
    /// A declaration effect must be opt_in, opt_out or statement.
    #[error("unknown declaration effect {0:?}: expected opt_in, opt_out or statement")]
    UnknownDeclarationEffect(String),
    /// A date basis must be stated, upon_consent or upon_signature.
    #[error("unknown date basis {0:?}: expected stated, upon_consent or upon_signature")]
    UnknownDateBasis(String),
    /// A free-text field longer than the format allows.
    #[error("the {field} is {len} bytes long; at most {max} are allowed")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A source kind outside the vocabulary.
    #[error("unknown source kind {0:?}: expected one of {1}")]
    UnknownSourceKind(String, &'static str),
}
