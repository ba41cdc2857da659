//! One line of a stream: the canonical JSON of a recorded event and its chain hash.
//!
//! A line is a JSON object whose keys come in a fixed order and whose last key is `hash`:
//! `{"v":1,"seq":…,…,"prev":"<64 hex>","hash":"<64 hex>"}`. The hash is the SHA-256 of the
//! line's own bytes with the trailing `,"hash":"<64 hex>"}` (75 bytes) replaced by `}`, so
//! that another program can check it without a JSON library. See `docs/EVENT-FORMAT.md`.

use std::borrow::Cow;

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

/// The serialized shape; field order is the key order on disk. Written, it borrows the event
/// (`Cow::Borrowed`); read, it owns what it read (`Cow::Owned`, moved into the event).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    v: u32,
    seq: u64,
    id: EventId,
    treaty: TreatyId,
    participant: ParticipantId,
    action: Action,
    #[serde(deserialize_with = "fast::date", serialize_with = "fast::write_date")]
    date: NaiveDate,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "fast::opt_date",
        serialize_with = "fast::write_opt_date"
    )]
    effective_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    article: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    declaration: Option<DeclarationEffect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    corrects: Option<EventId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counterpart: Option<ParticipantId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_basis: Option<DateBasis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "fast::time", serialize_with = "fast::write_time")]
    recorded_at: DateTime<Utc>,
    source: Cow<'a, Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<Cow<'a, str>>,
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
    Some(Sha256::of_parts(&[&line[..cut], b"}"]))
}

/// The canonical line (without its newline) for `event` at `seq` after `prev`, and its hash.
///
/// # Panics
/// Never in practice: serializing these types to JSON cannot fail.
#[must_use]
pub fn encode(seq: u64, event: &Event, prev: Sha256) -> (String, Sha256) {
    let mut unhashed = Vec::with_capacity(1024);
    write_json(&mut unhashed, seq, event, prev, Sha256::ZERO);
    let hash = hash_of_line(&unhashed).expect("the serializer ends lines with hash");
    let cut = unhashed.len() - HASH_SUFFIX_LEN;
    unhashed.truncate(cut);
    let mut line = String::from_utf8(unhashed).expect("serde_json writes UTF-8");
    line.push_str(",\"hash\":\"");
    line.push_str(&hash.to_hex());
    line.push_str("\"}");
    (line, hash)
}

fn borrowed(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(Cow::Borrowed)
}

/// Writes the canonical JSON of a line into `out` (cleared first).
fn write_json(out: &mut Vec<u8>, seq: u64, event: &Event, prev: Sha256, hash: Sha256) {
    let f = &event.fact;
    let line = Line {
        v: VERSION,
        seq,
        id: event.id,
        treaty: f.treaty,
        participant: f.participant,
        action: f.action,
        date: f.date,
        effective_date: f.effective_date,
        article: borrowed(&f.article),
        declaration: f.declaration,
        corrects: f.corrects,
        kind: borrowed(&f.kind),
        counterpart: f.counterpart,
        date_basis: f.date_basis,
        text: borrowed(&f.text),
        recorded_at: event.recorded_at,
        source: Cow::Borrowed(&event.source),
        note: borrowed(&event.note),
        prev,
        hash,
    };
    out.clear();
    serde_json::to_writer(out, &line).expect("events serialize");
}

/// Dates and times in the forms the log writes them, read and written without chrono's
/// general formatter (the hot path of reading a log); anything else goes through chrono, so
/// the values, and the canonical check, are what they would be without this.
mod fast {
    use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    fn digits<const N: usize>(b: &[u8]) -> Option<u32> {
        let mut v = 0u32;
        for &c in b.get(..N)? {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    }

    /// `YYYY-MM-DD`.
    pub(super) fn parse_date(b: &[u8]) -> Option<NaiveDate> {
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = i32::try_from(digits::<4>(b)?).ok()?;
        NaiveDate::from_ymd_opt(year, digits::<2>(&b[5..])?, digits::<2>(&b[8..])?)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub(super) fn parse_time(b: &[u8]) -> Option<DateTime<Utc>> {
        if b.len() != 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
            return None;
        }
        let date = parse_date(&b[..10])?;
        let time = NaiveTime::from_hms_opt(digits::<2>(&b[11..])?, digits::<2>(&b[14..])?, digits::<2>(&b[17..])?)?;
        Some(NaiveDateTime::new(date, time).and_utc())
    }

    /// A date read as chrono reads it (same visitor, same messages), faster in the usual form.
    struct FastDate(NaiveDate);

    impl<'de> Deserialize<'de> for FastDate {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl serde::de::Visitor<'_> for Visitor {
                type Value = NaiveDate;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a formatted date string")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NaiveDate, E> {
                    parse_date(v.as_bytes()).map_or_else(|| v.parse().map_err(E::custom), Ok)
                }
            }
            d.deserialize_str(Visitor).map(FastDate)
        }
    }

    pub(super) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        FastDate::deserialize(d).map(|f| f.0)
    }

    pub(super) fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<FastDate>::deserialize(d).map(|o| o.map(|f| f.0))
    }

    /// A UTC time read as chrono reads one (an RFC 3339 time with any offset).
    pub(super) fn time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateTime<Utc>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an RFC 3339 formatted date and time string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime<Utc>, E> {
                match parse_time(v.as_bytes()) {
                    Some(t) => Ok(t),
                    None => {
                        v.parse::<DateTime<chrono::FixedOffset>>().map(|t| t.with_timezone(&Utc)).map_err(E::custom)
                    }
                }
            }
        }
        d.deserialize_str(Visitor)
    }

    fn push2(out: &mut [u8], at: usize, v: u32) {
        out[at] = b'0' + (v / 10) as u8;
        out[at + 1] = b'0' + (v % 10) as u8;
    }

    fn date_bytes(d: NaiveDate, out: &mut [u8]) -> bool {
        let Ok(year) = u32::try_from(d.year()) else { return false };
        if year > 9999 {
            return false;
        }
        push2(out, 0, year / 100);
        push2(out, 2, year % 100);
        out[4] = b'-';
        push2(out, 5, d.month());
        out[7] = b'-';
        push2(out, 8, d.day());
        true
    }

    pub(super) fn write_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        let mut b = [0u8; 10];
        if date_bytes(*d, &mut b) {
            s.serialize_str(std::str::from_utf8(&b).expect("ASCII"))
        } else {
            serde::Serialize::serialize(d, s)
        }
    }

    // serde's `skip_serializing_if` calls this only with `Some`.
    #[allow(clippy::ref_option)]
    pub(super) fn write_opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => write_date(d, s),
            None => s.serialize_none(),
        }
    }

    pub(super) fn write_time<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        let mut b = [0u8; 20];
        if t.nanosecond() == 0 && date_bytes(t.date_naive(), &mut b) {
            b[10] = b'T';
            push2(&mut b, 11, t.hour());
            b[13] = b':';
            push2(&mut b, 14, t.minute());
            b[16] = b':';
            push2(&mut b, 17, t.second());
            b[19] = b'Z';
            s.serialize_str(std::str::from_utf8(&b).expect("ASCII"))
        } else {
            serde::Serialize::serialize(t, s)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

        #[test]
        fn the_fast_forms_are_chronos() {
            let dates = ["0001-01-01", "1966-12-16", "2000-02-29", "9999-12-31"];
            for text in dates {
                let d: NaiveDate = text.parse().unwrap();
                assert_eq!(parse_date(text.as_bytes()), Some(d));
                let mut b = [0u8; 10];
                assert!(date_bytes(d, &mut b));
                assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{}\"", std::str::from_utf8(&b).unwrap()));
            }
            assert_eq!(parse_date(b"2001-02-29"), None, "not a day");
            assert_eq!(parse_date(b"2001-2-28x"), None);
            for t in [
                Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap(),
            ] {
                let chrono_json = serde_json::to_string(&t).unwrap();
                let mut ser = serde_json::Serializer::new(Vec::new());
                write_time(&t, &mut ser).unwrap();
                assert_eq!(String::from_utf8(ser.into_inner()).unwrap(), chrono_json);
                assert_eq!(parse_time(chrono_json.trim_matches('"').as_bytes()), Some(t));
            }
        }
    }
}

thread_local! {
    static CANONICAL: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

mod strict;

/// Reads one line (without its newline).
///
/// # Errors
/// A [`DecodeError`] saying which part of the format the line breaks.
pub fn decode(line: &[u8]) -> Result<Decoded, DecodeError> {
    decode_hashed(line, hash_of_line(line))
}

/// [`decode`], given the line's hash as [`hash_of_line`] computes it.
pub(crate) fn decode_hashed(line: &[u8], computed: Option<Sha256>) -> Result<Decoded, DecodeError> {
    let decoded = match strict::read(line) {
        Some(decoded) => decoded,
        None => decode_general(line)?,
    };
    let computed = computed.expect("a canonical line ends with its hash");
    if computed != decoded.hash {
        return Err(DecodeError::Hash { written: decoded.hash, computed });
    }
    Ok(decoded)
}

/// Reads a line with serde_json and checks it is canonical by writing it again: slower than
/// [`strict::read`], but it reads every line the format allows and says what is wrong with
/// the others.
fn decode_general(line: &[u8]) -> Result<Decoded, DecodeError> {
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
    let owned = |s: Option<Cow<'_, str>>| s.map(Cow::into_owned);
    let event = Event {
        id: parsed.id,
        fact: std::sync::Arc::new(Fact {
            treaty: parsed.treaty,
            participant: parsed.participant,
            action: parsed.action,
            date: parsed.date,
            effective_date: parsed.effective_date,
            article: owned(parsed.article),
            declaration: parsed.declaration,
            corrects: parsed.corrects,
            kind: owned(parsed.kind),
            counterpart: parsed.counterpart,
            date_basis: parsed.date_basis,
            text: owned(parsed.text),
        }),
        recorded_at: parsed.recorded_at,
        source: parsed.source.into_owned(),
        note: owned(parsed.note),
    };
    // Written again as `treaty append` writes it, into a buffer kept between lines.
    let canonical = CANONICAL.with_borrow_mut(|buf| {
        write_json(buf, parsed.seq, &event, parsed.prev, parsed.hash);
        buf.as_slice() == line
    });
    if !canonical {
        return Err(DecodeError::Canonical);
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

    pub(super) fn event() -> Event {
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
        let f = std::sync::Arc::make_mut(&mut e.fact);
        f.action = Action::Objection;
        f.counterpart = Some(ParticipantId::from_code("PAK").unwrap());
        f.kind = Some("objection".into());
        f.date_basis = Some(DateBasis::Stated);
        f.text = Some("The Government of Ecuador objects\nto the reservations.".into());
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

#[cfg(test)]
mod strict_tests {
    use super::*;

    /// Every line of the committed log, which the strict reader must read itself.
    fn committed_lines() -> Vec<Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
        let mut lines = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                let bytes = std::fs::read(&path).unwrap();
                lines.extend(bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(<[u8]>::to_vec));
            }
        }
        assert!(lines.len() > 1000, "the committed log has thousands of lines");
        lines
    }

    fn same(a: &Decoded, b: &Decoded) -> bool {
        a.seq == b.seq && a.event == b.event && a.prev == b.prev && a.hash == b.hash
    }

    /// The strict reader's answer, when it gives one, is the general reader's.
    fn agree(line: &[u8]) -> bool {
        match strict::read(line) {
            Some(fast) => {
                let general = decode_general(line).unwrap_or_else(|e| {
                    panic!("strict read a line the general reader refuses ({e:?}): {}", String::from_utf8_lossy(line))
                });
                assert!(same(&fast, &general), "strict and general differ on {}", String::from_utf8_lossy(line));
                true
            }
            None => false,
        }
    }

    #[test]
    fn strict_reads_every_committed_line_as_the_general_reader_does() {
        for line in committed_lines() {
            assert!(
                agree(&line),
                "the strict reader left a canonical line to the general one: {}",
                String::from_utf8_lossy(&line)
            );
        }
    }

    #[test]
    fn strict_agrees_with_the_general_reader_on_altered_lines() {
        // Every line of a sample, with each byte position changed in a few ways and a few
        // escapes put in its strings: strict either declines or agrees.
        let lines = committed_lines();
        let sample: Vec<&Vec<u8>> = lines.iter().step_by(97).collect();
        let replacements: &[&[u8]] = &[
            b" ", b"\\", b"\"", b"0", b"\\u0041", b"\\u001f", b"\\u001F", b"\\n", b"\\/", b"\t", b"}", b"null", b"\xc3",
        ];
        let mut read = 0;
        for line in sample {
            for at in (0..line.len()).step_by(7) {
                for r in replacements {
                    let mut changed = line[..at].to_vec();
                    changed.extend_from_slice(r);
                    changed.extend_from_slice(&line[at + 1..]);
                    read += usize::from(agree(&changed));
                    let mut inserted = line[..at].to_vec();
                    inserted.extend_from_slice(r);
                    inserted.extend_from_slice(&line[at..]);
                    read += usize::from(agree(&inserted));
                }
            }
        }
        assert!(read > 0, "some altered lines are still canonical (a changed letter in a text)");
    }

    #[test]
    fn strict_takes_the_escapes_serde_writes_and_leaves_the_rest() {
        let mut e = super::tests::event();
        let f = std::sync::Arc::make_mut(&mut e.fact);
        f.action = Action::Reservation;
        f.text = Some("tab\there \"quoted\" back\\slash \u{1} \u{1f} \u{7f} é\nline".into());
        e.id = e.fact.id();
        let (line, _) = encode(3, &e, Sha256::ZERO);
        assert!(line.contains("\\u0001") && line.contains("\\t"), "{line}");
        assert!(agree(line.as_bytes()), "a canonical line with escapes is read strictly");
        // A fraction of a second is canonical but not a form the strict reader takes.
        e.recorded_at += chrono::Duration::milliseconds(250);
        let (line, _) = encode(3, &e, Sha256::ZERO);
        assert!(strict::read(line.as_bytes()).is_none());
        assert!(decode(line.as_bytes()).is_ok(), "the general reader reads it");
    }
}
