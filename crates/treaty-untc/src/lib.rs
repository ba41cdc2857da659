//! The UN Treaty Collection (UNTC) as a source of the ledger.
//!
//! - [`fetch`] downloads status pages politely (rustls, timeouts, retries with backoff, a size
//!   cap, one request a second, conditional requests with an on-disk cache).
//! - [`decode_html`] turns a page's bytes into text in the charset it declares (byte order
//!   mark, `Content-Type` header, `<meta>`, else UTF-8).
//! - [`parse()`] reads a saved or fetched status page into a [`Page`], refusing pages that lack
//!   the blocks a status page has, list a participant twice, nest deeper than [`MAX_DEPTH`] or
//!   make more than [`MAX_ELEMENTS`] elements.
//! - [`reconcile()`] compares a page with the folded log and proposes the events the log lacks.

pub mod curated;
pub mod fetch;
mod notes;
mod page;
mod parse;
mod reconcile;
mod sections;
mod terms;

pub use page::{Cell, Page, Row};
pub use sections::{Entry, Part, Section, SectionBlock};

use treaty_model::TreatyId;

/// The names a saved status page of `treaty` may have in a directory: the short names of the
/// saved set of 2026-02-03 (`icescr_op.html`), the treaty key (`op-icescr.html`) and the UNTC
/// number (`IV-3-a.html`).
#[must_use]
pub fn saved_file_names(treaty: TreatyId) -> Vec<String> {
    let legacy = match treaty.key() {
        "icerd" => "cerd",
        "icescr" => "icescr",
        "op-icescr" => "icescr_op",
        "iccpr" => "iccpr",
        "iccpr-op1" => "iccpr_op1",
        "iccpr-op2" => "iccpr_op2",
        "cedaw" => "cedaw",
        "op-cedaw" => "cedaw_op",
        "cat" => "cat",
        "op-cat" => "cat_op",
        "crc" => "crc",
        "op-crc-ac" => "crc_op_ac",
        "op-crc-sc" => "crc_op_sc",
        "op-crc-ic" => "crc_op_ic",
        "icmw" => "cmw",
        "crpd" => "crpd",
        "op-crpd" => "crpd_op",
        "cped" => "ced",
        other => other,
    };
    vec![format!("{legacy}.html"), format!("{}.html", treaty.key()), format!("{}.html", treaty.treaty().mtdsg)]
}
pub use parse::{MAX_DEPTH, MAX_ELEMENTS, META_PRESCAN_BYTES, ParseError, decode_html, parse, parse_for};
pub use reconcile::{Conflict, Proposal, Provenance, Reconciliation, Review, reconcile};
