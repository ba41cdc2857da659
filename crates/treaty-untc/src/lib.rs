//! The UN Treaty Collection (UNTC) as a source of the ledger.
//!
//! - [`fetch`] downloads status pages politely (rustls, timeouts, retries with backoff, a size
//!   cap, one request a second, conditional requests with an on-disk cache).
//! - [`parse()`] reads a saved or fetched status page into a [`Page`], refusing pages that lack
//!   the blocks a status page has.
//! - [`reconcile()`] compares a page with the folded log and proposes the events the log lacks.

pub mod fetch;
mod notes;
mod page;
mod parse;
mod reconcile;

pub use page::{ArticleDeclaration, Cell, Page, Row};
pub use parse::{ParseError, parse, parse_for};
pub use reconcile::{Conflict, Proposal, Provenance, Reconciliation, Review, reconcile};
