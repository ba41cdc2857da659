//! The fast path of reading a line: a reader of the canonical form only.
//!
//! It accepts exactly the bytes the canonical writer produces (the keys in order, no spaces,
//! serde_json's escapes, the dates and times in the forms `fast` writes) and reads them
//! without a JSON parser or a second serialization. Whatever it does not recognise, it
//! leaves to the general reader (`None`), which says what is wrong with the line, or reads a
//! canonical line this one does not cover (a time with a fraction, a year past 9999). So an
//! answer from here is always the general reader's answer; only quicker. The tests in
//! `line.rs` (`strict_tests`) and the fuzz target `event_line` (a line read must be written
//! back the same) hold it to that.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use treaty_model::{
    Action, DateBasis, DeclarationEffect, Event, EventId, Fact, ParticipantId, Sha256, Source, SourceKind, TreatyId,
};

use super::{Decoded, VERSION, fast};

/// The line read, when it is in the canonical form this reader covers; `None` otherwise.
pub(super) fn read(line: &[u8]) -> Option<Decoded> {
    let text = std::str::from_utf8(line).ok()?;
    let mut c = Cursor { text, at: 0 };
    c.lit("{\"v\":")?;
    if c.uint()? != u64::from(VERSION) {
        return None;
    }
    c.lit(",\"seq\":")?;
    let seq = c.uint()?;
    c.lit(",\"id\":\"")?;
    let id: EventId = c.token()?.parse().ok()?;
    c.lit(",\"treaty\":\"")?;
    let treaty = treaty_of(c.token()?)?;
    c.lit(",\"participant\":\"")?;
    let participant = ParticipantId::from_code(c.token()?).ok()?;
    c.lit(",\"action\":\"")?;
    let action = action_of(c.token()?)?;
    c.lit(",\"date\":\"")?;
    let date = date_of(c.token()?)?;
    let effective_date = c.opt(",\"effective_date\":\"", |c| c.token().and_then(date_of))?;
    let article = c.opt(",\"article\":\"", |c| c.string())?;
    let declaration = c.opt(",\"declaration\":\"", |c| c.token().and_then(declaration_of))?;
    let corrects = c.opt(",\"corrects\":\"", |c| c.token().and_then(|t| t.parse().ok()))?;
    let kind = c.opt(",\"kind\":\"", |c| c.string())?;
    let counterpart = c.opt(",\"counterpart\":\"", |c| c.token().and_then(|t| ParticipantId::from_code(t).ok()))?;
    let date_basis = c.opt(",\"date_basis\":\"", |c| c.token().and_then(date_basis_of))?;
    let text_field = c.opt(",\"text\":\"", |c| c.string())?;
    c.lit(",\"recorded_at\":\"")?;
    let recorded_at = time_of(c.token()?)?;
    c.lit(",\"source\":{\"kind\":\"")?;
    let source_kind = source_kind_of(c.token()?)?;
    let url = c.opt(",\"url\":\"", |c| c.string())?;
    let retrieved_at = c.opt(",\"retrieved_at\":\"", |c| c.token().and_then(time_of))?;
    let sha256 = c.opt(",\"sha256\":\"", |c| c.token().and_then(|t| t.parse::<Sha256>().ok()))?;
    let status_as_at = c.opt(",\"status_as_at\":\"", |c| c.token().and_then(offset_time_of))?;
    let reference = c.opt(",\"reference\":\"", |c| c.string())?;
    let cell = c.opt(",\"cell\":\"", |c| c.string())?;
    let section = c.opt(",\"section\":\"", |c| c.string())?;
    let row = c.opt(",\"row\":\"", |c| c.string())?;
    c.lit("}")?;
    let note = c.opt(",\"note\":\"", |c| c.string())?;
    c.lit(",\"prev\":\"")?;
    let prev: Sha256 = c.token()?.parse().ok()?;
    c.lit(",\"hash\":\"")?;
    let hash: Sha256 = c.token()?.parse().ok()?;
    c.lit("}")?;
    if c.at != text.len() {
        return None;
    }
    let event = Event {
        id,
        fact: std::sync::Arc::new(Fact {
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
            text: text_field,
        }),
        recorded_at,
        source: Source { kind: source_kind, url, retrieved_at, sha256, status_as_at, reference, cell, section, row },
        note,
    };
    Some(Decoded { seq, event, prev, hash })
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.at..]
    }

    /// Exactly `s` next.
    fn lit(&mut self, s: &str) -> Option<()> {
        self.key(s).then_some(())
    }

    /// Is `s` next? Taken if so.
    fn key(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s.as_bytes());
        if found {
            self.at += s.len();
        }
        found
    }

    /// An optional key and its value: `Some(None)` when the key is not next, `None` when its
    /// value is not one `value` can read.
    fn opt<T>(&mut self, key: &str, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.key(key) { value(self).map(Some) } else { Some(None) }
    }

    /// An unsigned integer as serde_json writes one: digits, no leading zero.
    fn uint(&mut self) -> Option<u64> {
        let rest = self.rest();
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > 19 || (n > 1 && rest[0] == b'0') {
            return None;
        }
        self.at += n;
        rest[..n].iter().try_fold(0u64, |v, d| v.checked_mul(10)?.checked_add(u64::from(d - b'0')))
    }

    /// A string without escapes up to its closing quote (taken): an id, a code, a date.
    fn token(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let n = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[n] != b'"' || rest[..n].iter().any(|b| *b < 0x20) {
            return None;
        }
        let token = &self.text[self.at..self.at + n];
        self.at += n + 1;
        Some(token)
    }

    /// A string's value up to its closing quote (taken), with the escapes serde_json writes
    /// and no others: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` (lowercase) for
    /// the other control characters. A raw control character is not canonical either.
    fn string(&mut self) -> Option<String> {
        // Most strings have no escape: their first run is the whole, one allocation of its size.
        let mut out = String::new();
        loop {
            let rest = self.rest();
            let n = memchr::memchr2(b'"', b'\\', rest)?;
            if rest[..n].iter().any(|b| *b < 0x20) {
                return None;
            }
            out.push_str(&self.text[self.at..self.at + n]);
            self.at += n + 1;
            if rest[n] == b'"' {
                return Some(out);
            }
            let (c, len) = match rest.get(n + 1)? {
                b'"' => ('"', 1),
                b'\\' => ('\\', 1),
                b'b' => ('\u{8}', 1),
                b'f' => ('\u{c}', 1),
                b'n' => ('\n', 1),
                b'r' => ('\r', 1),
                b't' => ('\t', 1),
                b'u' => {
                    let hex = rest.get(n + 2..n + 6)?;
                    let v = (nibble(hex[2])? << 4) | nibble(hex[3])?;
                    if &hex[..2] != b"00" || v >= 0x20 || matches!(v, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d) {
                        return None;
                    }
                    (char::from(v), 5)
                }
                _ => return None,
            };
            out.push(c);
            self.at += len;
        }
    }
}

/// A lowercase hexadecimal digit's value.
fn nibble(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

fn treaty_of(key: &str) -> Option<TreatyId> {
    TreatyId::all().find(|t| t.key() == key)
}

fn action_of(name: &str) -> Option<Action> {
    Action::ALL.into_iter().find(|a| a.as_str() == name)
}

fn declaration_of(name: &str) -> Option<DeclarationEffect> {
    [DeclarationEffect::OptIn, DeclarationEffect::OptOut, DeclarationEffect::Statement]
        .into_iter()
        .find(|d| d.as_str() == name)
}

fn date_basis_of(name: &str) -> Option<DateBasis> {
    [DateBasis::Stated, DateBasis::UponConsent, DateBasis::UponSignature].into_iter().find(|d| d.as_str() == name)
}

fn source_kind_of(name: &str) -> Option<SourceKind> {
    [SourceKind::UntcStatusPage, SourceKind::DepositaryNotification, SourceKind::UntcRecord, SourceKind::Other]
        .into_iter()
        .find(|k| k.as_str() == name)
}

/// A date in the form the writer gives every date from year 0 to 9999.
fn date_of(text: &str) -> Option<NaiveDate> {
    fast::parse_date(text.as_bytes())
}

/// A UTC time in the form the writer gives every time in whole seconds.
fn time_of(text: &str) -> Option<DateTime<Utc>> {
    fast::parse_time(text.as_bytes())
}

/// A time with its offset (a page's own "status as at", a few per stream): read by chrono,
/// and taken only if chrono writes it back the same.
fn offset_time_of(text: &str) -> Option<DateTime<FixedOffset>> {
    let t: DateTime<FixedOffset> = text.parse().ok()?;
    let written = serde_json::to_string(&t).ok()?;
    (written.len() == text.len() + 2 && &written[1..=text.len()] == text).then_some(t)
}
