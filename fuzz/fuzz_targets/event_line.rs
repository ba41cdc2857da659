//! `treaty_log::line::decode` on arbitrary bytes. A line that decodes must re-encode to the
//! same bytes and hash (`treaty_log::line::encode`).
//!
//! A mutated line almost never carries the SHA-256 of its own bytes, so decode would stop at
//! the hash check every time. The target therefore decodes each input twice: as given, and
//! with its `"hash"` value replaced by the hash of the mutated line (when it has a hash key
//! of the right length), which lets the fuzzer reach the parts of decode after the hash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treaty_log::line::{self, DecodeError};

/// Length of the `,"hash":"<64 hex>"}` suffix.
const HASH_SUFFIX_LEN: usize = 75;

fn check(bytes: &[u8]) -> Option<DecodeError> {
    match line::decode(bytes) {
        Ok(d) => {
            let (text, hash) = line::encode(d.seq, &d.event, d.prev);
            assert!(
                text.as_bytes() == bytes,
                "decode accepted a line that encodes differently:\n  in:  {:?}\n  out: {text:?}",
                String::from_utf8_lossy(bytes)
            );
            assert_eq!(hash, d.hash, "re-encoded hash differs");
            assert_eq!(line::hash_of_line(bytes), Some(d.hash), "hash_of_line disagrees with decode");
            None
        }
        Err(e) => Some(e),
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = line::hash_of_line(data);
    let first = check(data);
    // Give the line its own hash and decode again.
    if let Some(computed) = line::hash_of_line(data) {
        let cut = data.len() - HASH_SUFFIX_LEN;
        let mut rehashed = data[..cut].to_vec();
        rehashed.extend_from_slice(format!(",\"hash\":\"{computed}\"}}").as_bytes());
        if rehashed != data {
            let second = check(&rehashed);
            assert!(
                !matches!(second, Some(DecodeError::Hash { .. })),
                "a line carrying hash_of_line's own hash fails the hash check: {:?}",
                String::from_utf8_lossy(&rehashed)
            );
        } else {
            assert!(!matches!(first, Some(DecodeError::Hash { .. })));
        }
    }
});
