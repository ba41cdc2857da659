use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::sha256::{hex, hex_into, parse_hex};
use crate::{Action, DateBasis, DeclarationEffect, ModelError, ParticipantId, Sha256, Source, TreatyId};

/// Limits on the free-text fields of an event, in bytes of UTF-8. A record longer than these
/// is not data the ledger can review line by line in a pull request; it is refused with the
/// field and the limit (`rule/fields`).
pub mod limits {
    /// `text`: the longest entry on the saved pages is under 40 kB (one ICCPR derogation).
    pub const TEXT: usize = 100_000;
    /// `kind`.
    pub const KIND: usize = 100;
    /// `article`.
    pub const ARTICLE: usize = 40;
    /// An event's `note`.
    pub const NOTE: usize = 4_000;
    /// `source.url`.
    pub const URL: usize = 2_000;
    /// `source.reference`.
    pub const REFERENCE: usize = 500;
    /// `source.cell`: a UNTC cell, an end note's sentence, a quotation.
    pub const CELL: usize = 10_000;
}

/// The identity of an event: derived from its fact, never from its source or the time it
/// was recorded, so the same fact recorded twice has the same id.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId([u8; 16]);

impl EventId {
    /// The id's 16 bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The id of these 16 bytes.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        EventId(bytes)
    }

    /// Lowercase hexadecimal text (32 digits).
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

impl FromStr for EventId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_hex::<16>(s).map(EventId).ok_or_else(|| ModelError::InvalidEventId(s.to_owned()))
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 32];
        f.write_str(hex_into(&self.0, &mut buf))
    }
}

impl fmt::Debug for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventId({})", self.to_hex())
    }
}

crate::text_serde!(EventId);

/// What happened: the part of an event its id is derived from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The treaty acted upon.
    pub treaty: TreatyId,
    /// Who acted.
    pub participant: ParticipantId,
    /// The action.
    pub action: Action,
    /// The legal date of the action: the date of signature, of deposit of the instrument,
    /// of receipt of the notification.
    pub date: NaiveDate,
    /// When the action takes effect, where the record states it: a succession's date of
    /// succession, a denunciation's effective date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<NaiveDate>,
    /// The article a declaration is made under, e.g. `41`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// What a declaration does to the procedure of its article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<DeclarationEffect>,
    /// The earlier event this one corrects (restating its fact) or retracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<EventId>,
    /// What the record calls it: for a reservation, `reservation`, `declaration`,
    /// `interpretative declaration`, `understanding`, ...; for a notification, `derogation`,
    /// `national preventive mechanism`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The other participant: for an objection, the one objected to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<ParticipantId>,
    /// How `date` was established, where the record does not state it directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<DateBasis>,
    /// The text of a reservation, declaration, objection or notification, as the record
    /// gives it (paragraphs separated by a line feed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Fact {
    /// A fact with no effective date, article, declaration or correction.
    #[must_use]
    pub fn new(treaty: TreatyId, participant: ParticipantId, action: Action, date: NaiveDate) -> Self {
        Fact {
            treaty,
            participant,
            action,
            date,
            effective_date: None,
            article: None,
            declaration: None,
            corrects: None,
            kind: None,
            counterpart: None,
            date_basis: None,
            text: None,
        }
    }

    /// The id of this fact: the first 16 bytes of the SHA-256 of its canonical text
    /// (see `docs/EVENT-FORMAT.md`, "Event id"). Facts without the terms fields (`kind`,
    /// `counterpart`, `date_basis`, `text`) keep the nine-line text of the first format, so
    /// ids recorded before those fields existed do not change.
    #[must_use]
    pub fn id(&self) -> EventId {
        // Written byte by byte rather than with `write!`: every event of a log is checked
        // against its id when the log is read.
        let mut text = Vec::with_capacity(192);
        let line = |text: &mut Vec<u8>, s: &str| {
            text.extend_from_slice(s.as_bytes());
            text.push(b'\n');
        };
        line(&mut text, "treaty-event/1");
        line(&mut text, self.treaty.key());
        line(&mut text, self.participant.code());
        line(&mut text, self.action.as_str());
        push_date(&mut text, self.date);
        text.push(b'\n');
        if let Some(d) = self.effective_date {
            push_date(&mut text, d);
        }
        text.push(b'\n');
        line(&mut text, self.article.as_deref().unwrap_or(""));
        line(&mut text, self.declaration.map_or("", |d| d.as_str()));
        if let Some(c) = self.corrects {
            let mut buf = [0u8; 32];
            text.extend_from_slice(hex_into(c.as_bytes(), &mut buf).as_bytes());
        }
        text.push(b'\n');
        if self.has_terms_fields() {
            line(&mut text, self.kind.as_deref().unwrap_or(""));
            line(&mut text, self.counterpart.map_or("", ParticipantId::code));
            line(&mut text, self.date_basis.map_or("", |b| b.as_str()));
            if let Some(t) = self.text.as_deref() {
                let mut buf = [0u8; 64];
                text.extend_from_slice(hex_into(&Sha256::of(t.as_bytes()).0, &mut buf).as_bytes());
            }
            text.push(b'\n');
        }
        let digest = Sha256::of(&text);
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest.0[..16]);
        EventId(id)
    }

    /// Does the fact carry any of the fields added for the terms of participation?
    #[must_use]
    pub fn has_terms_fields(&self) -> bool {
        self.kind.is_some() || self.counterpart.is_some() || self.date_basis.is_some() || self.text.is_some()
    }

    /// Checks the free-text fields against [`limits`].
    ///
    /// # Errors
    /// [`ModelError::TooLong`] naming the first field over its limit.
    pub fn check_limits(&self) -> Result<(), ModelError> {
        let fields = [
            ("text", self.text.as_deref(), limits::TEXT),
            ("kind", self.kind.as_deref(), limits::KIND),
            ("article", self.article.as_deref(), limits::ARTICLE),
        ];
        for (field, value, max) in fields {
            if let Some(v) = value
                && v.len() > max
            {
                return Err(ModelError::TooLong { field, len: v.len(), max });
            }
        }
        Ok(())
    }

    /// Is this a correction (it restates the fact of the event it names)?
    #[must_use]
    pub fn is_correction(&self) -> bool {
        self.corrects.is_some() && self.action != Action::Retraction
    }
}

/// `date` as chrono's `Display` writes it (`YYYY-MM-DD` from year 0 to 9999).
fn push_date(out: &mut Vec<u8>, date: NaiveDate) {
    use chrono::Datelike as _;
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            let mut buf = *b"0000-00-00";
            for (at, value, width) in [(0, year, 4), (5, date.month(), 2), (8, date.day(), 2)] {
                let mut v = value;
                for i in (at..at + width).rev() {
                    buf[i] = b'0' + (v % 10) as u8;
                    v /= 10;
                }
            }
            out.extend_from_slice(&buf);
        }
        _ => out.extend_from_slice(date.to_string().as_bytes()),
    }
}

/// A recorded event: a fact, when the ledger learned it, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Derived from `fact`.
    pub id: EventId,
    /// What happened. Shared, not copied, by the fold's records of it (`treaty_fold::Record`):
    /// a million events' facts are a third of a gigabyte.
    pub fact: Arc<Fact>,
    /// When the ledger recorded it (UTC, whole seconds).
    pub recorded_at: DateTime<Utc>,
    /// Where it came from.
    pub source: Source,
    /// A free note for readers.
    pub note: Option<String>,
}

impl Event {
    /// An event whose id is derived from its fact.
    #[must_use]
    pub fn new(fact: Fact, recorded_at: DateTime<Utc>, source: Source, note: Option<String>) -> Self {
        Event { id: fact.id(), fact: Arc::new(fact), recorded_at, source, note }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact() -> Fact {
        Fact::new(
            TreatyId::parse("op-icescr").unwrap(),
            ParticipantId::from_code("URY").unwrap(),
            Action::Ratification,
            NaiveDate::from_ymd_opt(2013, 2, 5).unwrap(),
        )
    }

    #[test]
    fn id_depends_on_the_fact_only() {
        let a = fact();
        let mut b = fact();
        b.date = NaiveDate::from_ymd_opt(2013, 2, 6).unwrap();
        assert_ne!(a.id(), b.id());
        let mut c = fact();
        c.article = Some(String::new());
        // An empty article and no article are the same canonical text: forbid the empty one
        // at the edges instead (the rules do). Here we only pin the derivation.
        assert_eq!(a.id(), c.id());
        assert_eq!(a.id().to_hex().len(), 32);
    }

    #[test]
    fn terms_fields_extend_the_id_text_only_when_present() {
        let plain = fact();
        // Pinned: the id of a fact without terms fields is the first format's.
        assert_eq!(plain.id().to_hex(), "d99b641d923a14dc4945e6c08fb0da3c");
        let mut with_text = fact();
        with_text.action = Action::Reservation;
        with_text.kind = Some("reservation".into());
        with_text.text = Some("Uruguay reserves ...".into());
        let mut other_text = with_text.clone();
        other_text.text = Some("Uruguay declares ...".into());
        assert_ne!(with_text.id(), other_text.id());
        let mut based = with_text.clone();
        based.date_basis = Some(DateBasis::UponConsent);
        assert_ne!(with_text.id(), based.id());
    }

    #[test]
    fn limits_name_the_field() {
        let mut f = fact();
        f.text = Some("x".repeat(limits::TEXT + 1));
        let err = f.check_limits().unwrap_err().to_string();
        assert!(err.contains("text") && err.contains("100000"), "{err}");
    }

    #[test]
    fn dates_in_the_id_text_are_chronos() {
        for (y, m, d) in [(0, 1, 1), (7, 3, 9), (1966, 12, 16), (9999, 12, 31), (10000, 1, 1), (-1, 6, 30)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = Vec::new();
            push_date(&mut out, date);
            assert_eq!(String::from_utf8(out).unwrap(), date.to_string());
        }
    }

    #[test]
    fn id_parses_back_and_rejects_bad_text() {
        let id = fact().id();
        assert_eq!(id.to_hex().parse::<EventId>().unwrap(), id);
        assert!("xyz".parse::<EventId>().is_err());
    }
}
