//! Unattended runs of `treaty`: a pipeline spec (`pipelines/*.toml`) names treaties, a
//! source, an output and guards; [`run()`] fetches, parses, reconciles, appends, verifies,
//! folds and publishes, or refuses loudly and changes nothing.
//!
//! [`Ledger`], [`ingest`] and [`records`] are shared with the `treaty` commands that do single
//! stages.

pub mod ingest;
mod ledger;
pub mod records;
mod run;
pub mod spec;
mod verification;

pub use ledger::{Finding, Ledger, Touch};
pub use run::{NewEvent, Outcome, Report, RunError, RunOptions, SourceReport, Stage, run, write_report};
pub use spec::{Guards, SourceSpec, Spec, SpecError};
pub use verification::{StreamReport, Verification, verify};
