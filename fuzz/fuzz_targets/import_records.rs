//! The readers of `treaty import` files (`treaty_pipeline::records`): arbitrary UTF-8 read as
//! NDJSON and as CSV by `read_records`, then `EventInput::into_event` on every record read.
//!
//! Nothing may panic; every record and error names the file; and an event the import accepts
//! must be one the log can hold: its line (`treaty_log::line::encode`) decodes back to the same
//! event.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treaty_log::line;
use treaty_model::Sha256;
use treaty_pipeline::records::{RecordFormat, parse_time, read_records};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let recorded_at = parse_time("2026-01-01T00:00:00Z").expect("a valid time");
    for format in [RecordFormat::Ndjson, RecordFormat::Csv] {
        let (records, errors) = read_records("fuzz.in", format, text);
        for e in &errors {
            assert!(e.starts_with("fuzz.in:"), "an error that does not name the file: {e}");
        }
        for record in records {
            assert!(record.location.starts_with("fuzz.in:"), "a record located at {}", record.location);
            let Ok(event) = record.input.into_event(recorded_at) else { continue };
            let (encoded, hash) = line::encode(1, &event, Sha256::ZERO);
            match line::decode(encoded.as_bytes()) {
                Ok(decoded) => {
                    assert_eq!(decoded.event, event, "the log reads back another event than the import made");
                    assert_eq!(decoded.hash, hash);
                }
                Err(e) => panic!("an imported event's line does not decode ({e:?}):\n{encoded}"),
            }
        }
    }
});
