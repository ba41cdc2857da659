//! The committed log as the release builder takes it, shared by the release tests.

use std::path::Path;

use treaty_log::{Log, Stream};
use treaty_publish::{EntryInput, StreamInput};

/// Every stream of the repository's `events/`.
pub fn committed() -> Vec<Stream> {
    Log::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events")).read_all().unwrap()
}

/// The streams as `treaty_publish::build` takes them (what `treaty_pipeline::Ledger::publish_inputs`
/// does; the pipeline crate sits above this one, so its tests cannot call it).
pub fn inputs(streams: &[Stream]) -> Vec<StreamInput<'_>> {
    streams
        .iter()
        .map(|s| StreamInput {
            treaty: s.treaty,
            head: s.head,
            entries: s.entries.iter().map(|e| EntryInput { seq: e.seq, event: &e.event, hash: e.hash }).collect(),
        })
        .collect()
}
