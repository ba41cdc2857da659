//! The append-only event log: one NDJSON stream per treaty under `events/`, each line a
//! recorded event chained to the one before by SHA-256.
//!
//! The format is specified in `docs/EVENT-FORMAT.md`; [`line`] implements it. [`Log`] reads
//! streams (reporting every problem with its line), appends under a lock against an expected
//! head, writes durably, and repairs a torn last line.

mod error;
mod index;
pub mod line;
mod log;
mod problem;
mod stream;

pub use error::LogError;
pub use index::{Index, IndexedLine};
pub use log::{AppendOutcome, LOCK_TIMEOUT, LOCK_TIMEOUT_VAR, Log, LogLock, Recovery, Repair};
pub use problem::{LogRule, Problem};
pub use stream::{Entry, Stream, Tip};
