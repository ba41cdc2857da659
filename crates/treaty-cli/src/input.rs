//! One event as a person gives it on the command line, as the fields of an import record.

pub use treaty_pipeline::records::EventInput;

use crate::cli::EventFlags;

/// The flags of `treaty append` as the fields of a record.
pub fn from_flags(f: EventFlags) -> EventInput {
    EventInput {
        treaty: Some(f.treaty),
        participant: Some(f.participant),
        action: Some(f.action),
        date: Some(f.date),
        effective_date: f.effective_date,
        article: f.article,
        declaration: f.declaration,
        corrects: f.corrects,
        kind: f.kind,
        counterpart: f.counterpart,
        date_basis: f.date_basis,
        text: f.text,
        source_url: f.source_url,
        source_reference: f.source_reference,
        source_kind: f.source_kind,
        source_retrieved_at: f.source_retrieved_at,
        source_sha256: f.source_sha256,
        source_status_as_at: f.source_status_as_at,
        source_cell: f.source_cell,
        note: f.note,
    }
}
