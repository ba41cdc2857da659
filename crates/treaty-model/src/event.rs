use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::sha256::{hex, parse_hex};
use crate::{Action, DeclarationEffect, ModelError, ParticipantId, Sha256, Source, TreatyId};

/// The identity of an event: derived from its fact, never from its source or the time it
/// was recorded, so the same fact recorded twice has the same id.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId([u8; 16]);

impl EventId {
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
        f.write_str(&self.to_hex())
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
        }
    }

    /// The id of this fact: the first 16 bytes of the SHA-256 of its canonical text
    /// (see `docs/EVENT-FORMAT.md`, "Event id").
    #[must_use]
    pub fn id(&self) -> EventId {
        let opt = |d: Option<String>| d.unwrap_or_default();
        let text = format!(
            "treaty-event/1\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
            self.treaty.key(),
            self.participant.code(),
            self.action.as_str(),
            self.date,
            opt(self.effective_date.map(|d| d.to_string())),
            self.article.as_deref().unwrap_or(""),
            opt(self.declaration.map(|d| d.as_str().to_owned())),
            opt(self.corrects.map(|c| c.to_hex())),
        );
        let digest = Sha256::of(text.as_bytes());
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest.0[..16]);
        EventId(id)
    }

    /// Is this a correction (it restates the fact of the event it names)?
    #[must_use]
    pub fn is_correction(&self) -> bool {
        self.corrects.is_some() && self.action != Action::Retraction
    }
}

/// A recorded event: a fact, when the ledger learned it, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Derived from `fact`.
    pub id: EventId,
    /// What happened.
    pub fact: Fact,
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
        Event { id: fact.id(), fact, recorded_at, source, note }
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
    fn id_parses_back_and_rejects_bad_text() {
        let id = fact().id();
        assert_eq!(id.to_hex().parse::<EventId>().unwrap(), id);
        assert!("xyz".parse::<EventId>().is_err());
    }
}
