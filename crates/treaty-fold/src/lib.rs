//! The rules of each treaty and the fold of its events into status.
//!
//! - [`History`] applies a stream's events in order (a correction replaces the event it
//!   names, a retraction removes it) and keeps each participant's effective facts.
//! - [`status`](status::participant_status) folds one participant's facts into its status
//!   on a date: signature, consent, entry into force for that State, denunciation, accepted
//!   procedures.
//! - [`Snapshot`] does that for every treaty on two time axes: the legal date (`as_of`) and
//!   what the ledger knew (`known_at`).
//! - [`diff::changes`] lists what changed between two statuses of a participant.
//! - [`validate`] checks every event against the treaty's rules ([`Rule`]).
//!
//! The fold is pure: the same events give the same snapshot.

pub mod diff;
mod entry_into_force;
mod history;
mod rules;
mod snapshot;
pub mod status;

pub use entry_into_force::{GeneralEntryIntoForce, general_entry_into_force};
pub use history::{History, Record};
pub use rules::{Rule, Violation, validate, validate_stream};
pub use snapshot::{Snapshot, TreatySummary};
pub use status::{Membership, ParticipantStatus, ProcedureStatus};
