//! One line of a stream: the canonical JSON of a recorded event and its chain hash.
//!
//! A line is a JSON object whose keys come in a fixed order and whose last key is `hash`:
//! `{"v":1,"seq":…,…,"prev":"<64 hex>","hash":"<64 hex>"}`. The hash is the SHA-256 of the
//! line's own bytes with the trailing `,"hash":"<64 hex>"}` (75 bytes) replaced by `}`, so
//! that another program can check it without a JSON library. See `docs/EVENT-FORMAT.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use treaty_model::{
    Action, DateBasis, DeclarationEffect, Event, EventId, Fact, ParticipantId, Sha256, Source, TreatyId,
};

/// The format version this crate writes and reads.
pub const VERSION: u32 = 1;

/// Length of the `,"hash":"<64 hex>"}` suffix every line ends with.
const HASH_SUFFIX_LEN: usize = 75;
const HASH_PREFIX: &[u8] = b",\"hash\":\"";

/// The serialized shape; field order is the key order on disk.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    v: u32,
    seq: u64,
    id: EventId,
    treaty: TreatyId,
    participant: ParticipantId,
    action: Action,
    date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    effective_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    declaration: Option<DeclarationEffect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    corrects: Option<EventId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counterpart: Option<ParticipantId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_basis: Option<DateBasis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    recorded_at: DateTime<Utc>,
    source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    prev: Sha256,
    hash: Sha256,
}

/// A line read back.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Sequence number.
    pub seq: u64,
    /// The recorded event (its `id` as written, which may differ from the derived one).
    pub event: Event,
    /// The previous line's hash as written.
    pub prev: Sha256,
    /// The line's hash as written.
    pub hash: Sha256,
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON of the event shape; the message says why.
    Shape(String),
    /// Another format version.
    Version(u32),
    /// Valid, but not written as the canonical serializer writes it.
    Canonical,
    /// The written hash is not the hash of the line.
    Hash {
        /// As written.
        written: Sha256,
        /// As computed.
        computed: Sha256,
    },
}

/// The SHA-256 of a line as the format defines it, computed from the raw bytes; `None` when
/// the line does not end with a `hash` key of the right length.
#[must_use]
pub fn hash_of_line(line: &[u8]) -> Option<Sha256> {
    let n = line.len();
    if n < HASH_SUFFIX_LEN + 1 || !line.ends_with(b"\"}") {
        return None;
    }
    let cut = n - HASH_SUFFIX_LEN;
    if &line[cut..cut + HASH_PREFIX.len()] != HASH_PREFIX {
        return None;
    }
    let mut body = Vec::with_capacity(cut + 1);
    body.extend_from_slice(&line[..cut]);
    body.push(b'}');
    Some(Sha256::of(&body))
}

/// The canonical line (without its newline) for `event` at `seq` after `prev`, and its hash.
///
/// # Panics
/// Never in practice: serializing these types to JSON cannot fail.
#[must_use]
pub fn encode(seq: u64, event: &Event, prev: Sha256) -> (String, Sha256) {
    let unhashed = to_json(seq, event, prev, Sha256::ZERO);
    let hash = hash_of_line(unhashed.as_bytes()).expect("the serializer ends lines with hash");
    let cut = unhashed.len() - HASH_SUFFIX_LEN;
    let line = format!("{},\"hash\":\"{}\"}}", &unhashed[..cut], hash);
    (line, hash)
}

fn to_json(seq: u64, event: &Event, prev: Sha256, hash: Sha256) -> String {
    let Fact {
        treaty,
        participant,
        action,
        date,
        effective_date,
        article,
        declaration,
        corrects,
        kind,
        counterpart,
        date_basis,
        text,
    } = event.fact.clone();
    let line = Line {
        v: VERSION,
        seq,
        id: event.id,
        treaty,
        participant,
        action,
        date,
        effective_date,
        article,
        declaration,
        corrects,
        kind,
        counterpart,
        date_basis,
        text,
        recorded_at: event.recorded_at,
        source: event.source.clone(),
        note: event.note.clone(),
        prev,
        hash,
    };
    serde_json::to_string(&line).expect("events serialize")
}

/// Reads one line (without its newline).
///
/// # Errors
/// A [`DecodeError`] saying which part of the format the line breaks.
pub fn decode(line: &[u8]) -> Result<Decoded, DecodeError> {
    let parsed: Line = match serde_json::from_slice(line) {
        Ok(parsed) => parsed,
        Err(e) => {
            // A line of a later format version may have keys this one does not know: say so
            // rather than calling it malformed.
            #[derive(Deserialize)]
            struct Version {
                v: u32,
            }
            return Err(match serde_json::from_slice::<Version>(line) {
                Ok(Version { v }) if v != VERSION => DecodeError::Version(v),
                _ => DecodeError::Shape(shape_message(&e)),
            });
        }
    };
    if parsed.v != VERSION {
        return Err(DecodeError::Version(parsed.v));
    }
    let event = Event {
        id: parsed.id,
        fact: Fact {
            treaty: parsed.treaty,
            participant: parsed.participant,
            action: parsed.action,
            date: parsed.date,
            effective_date: parsed.effective_date,
            article: parsed.article,
            declaration: parsed.declaration,
            corrects: parsed.corrects,
            kind: parsed.kind,
            counterpart: parsed.counterpart,
            date_basis: parsed.date_basis,
            text: parsed.text,
        },
        recorded_at: parsed.recorded_at,
        source: parsed.source,
        note: parsed.note,
    };
    let canonical = to_json(parsed.seq, &event, parsed.prev, parsed.hash);
    if canonical.as_bytes() != line {
        return Err(DecodeError::Canonical);
    }
    let computed = hash_of_line(line).expect("a canonical line ends with its hash");
    if computed != parsed.hash {
        return Err(DecodeError::Hash { written: parsed.hash, computed });
    }
    Ok(Decoded { seq: parsed.seq, event, prev: parsed.prev, hash: parsed.hash })
}

/// serde_json's messages end with "at line 1 column N"; on a single line only the column helps.
fn shape_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    format!("{text} (column {})", e.column())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use treaty_model::SourceKind;

    fn event() -> Event {
        let fact = Fact::new(
            TreatyId::parse("op-icescr").unwrap(),
            ParticipantId::from_code("ECU").unwrap(),
            Action::Ratification,
            NaiveDate::from_ymd_opt(2010, 6, 11).unwrap(),
        );
        Event::new(
            fact,
            Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap(),
            Source::url(SourceKind::UntcStatusPage, "https://treaties.un.org/x"),
            Some("note with \"quotes\" and ü".into()),
        )
    }

    #[test]
    fn encode_then_decode_gives_the_event_back() {
        let (line, hash) = encode(1, &event(), Sha256::ZERO);
        assert!(line.starts_with("{\"v\":1,\"seq\":1,\"id\":\""), "{line}");
        let d = decode(line.as_bytes()).unwrap();
        assert_eq!(d.event, event());
        assert_eq!(d.hash, hash);
        assert_eq!(hash_of_line(line.as_bytes()), Some(hash));
    }

    #[test]
    fn terms_fields_and_source_position_round_trip() {
        let mut e = event();
        e.fact.action = Action::Objection;
        e.fact.counterpart = Some(ParticipantId::from_code("PAK").unwrap());
        e.fact.kind = Some("objection".into());
        e.fact.date_basis = Some(DateBasis::Stated);
        e.fact.text = Some("The Government of Ecuador objects\nto the reservations.".into());
        e.source.section = Some("objections".into());
        e.source.row = Some("3.2".into());
        e.id = e.fact.id();
        let (line, _) = encode(7, &e, Sha256::ZERO);
        assert!(line.contains("\"counterpart\":\"PAK\""), "{line}");
        assert_eq!(decode(line.as_bytes()).unwrap().event, e);
    }

    #[test]
    fn a_changed_byte_breaks_the_hash() {
        let (line, _) = encode(1, &event(), Sha256::ZERO);
        let tampered = line.replace("2010-06-11", "2010-06-12");
        assert!(matches!(decode(tampered.as_bytes()), Err(DecodeError::Hash { .. })));
    }

    #[test]
    fn reordered_keys_are_not_canonical() {
        let (line, _) = encode(1, &event(), Sha256::ZERO);
        let spaced = line.replacen("\"v\":1,", "\"v\": 1,", 1);
        assert_eq!(decode(spaced.as_bytes()).unwrap_err(), DecodeError::Canonical);
    }

    #[test]
    fn a_later_format_version_is_named_as_such() {
        let (line, _) = encode(1, &event(), Sha256::ZERO);
        let v2 = line.replacen("{\"v\":1,", "{\"v\":2,\"new_key\":true,", 1);
        assert_eq!(decode(v2.as_bytes()).unwrap_err(), DecodeError::Version(2));
    }

    #[test]
    fn unknown_participant_is_a_shape_error_naming_it() {
        let (line, _) = encode(1, &event(), Sha256::ZERO);
        let bad = line.replace("\"ECU\"", "\"XXX\"");
        match decode(bad.as_bytes()) {
            Err(DecodeError::Shape(m)) => assert!(m.contains("XXX"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
