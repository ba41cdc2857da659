//! `treaty import`'s readers (`treaty_pipeline::records`): arbitrary text read as NDJSON and as
//! CSV, and every record that reads checked into an event. None of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treaty_pipeline::records::{RecordFormat, parse_time, read_records};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let now = parse_time("2026-01-01T00:00:00Z").expect("a valid time");
    for format in [RecordFormat::Ndjson, RecordFormat::Csv] {
        let (records, _errors) = read_records("fuzz", format, text);
        for r in records {
            let _ = r.input.into_event(now);
        }
    }
});
