//! The vocabulary of `treaty`: treaties, participants, actions, events and their sources.
//!
//! Everything a higher crate handles is a validated value: once you hold a [`TreatyId`],
//! a [`ParticipantId`] or an [`EventId`], it names something that exists.
//!
//! ```
//! use treaty_model::{Action, Fact, ParticipantId, TreatyId};
//! use chrono::NaiveDate;
//!
//! let treaty = TreatyId::parse("op-icescr").unwrap();
//! assert_eq!(treaty.treaty().mtdsg, "IV-3-a");
//! let uruguay = ParticipantId::resolve("Uruguay").unwrap();
//! assert_eq!(uruguay.code(), "URY");
//! let fact = Fact::new(treaty, uruguay, Action::Ratification, NaiveDate::from_ymd_opt(2013, 2, 5).unwrap());
//! // The id is derived from the fact alone, so the same fact recorded twice is detected.
//! assert_eq!(fact.id(), fact.clone().id());
//! ```

/// Serializes a type as its `Display` text and deserializes it with `FromStr`, so that the
/// log, the published tables and the command line spell values the same way.
#[macro_export]
#[doc(hidden)]
macro_rules! text_serde {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize<'de>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

mod action;
mod catalogue;
mod error;
mod event;
mod groupings;
mod names;
pub mod parallel;
mod participant;
mod population;
mod sha256;
mod source;
mod treaty;

pub use action::{Action, DateBasis, DeclarationEffect};
pub use error::ModelError;
pub use event::{Event, EventId, Fact, limits};
pub use groupings::Groupings;
pub use names::LocalNames;
pub use participant::{FormerName, Participant, ParticipantId, ParticipantKind, UnStatus};
pub use population::{Population, PopulationSum, population_of};
pub use sha256::{Hasher as Sha256Hasher, Sha256};
pub use source::{Source, SourceKind};
pub use treaty::{
    Delay, DenunciationRule, EntryIntoForceRule, Prerequisite, Procedure, ProcedureKind, Standing, Treaty, TreatyId,
};
