use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use treaty_model::{Action, Event, EventId, Fact, ParticipantId};

/// A fact in effect: not retracted, not replaced by a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The event that states it (the correction, when it was corrected).
    pub id: EventId,
    /// The fact, shared with its event.
    pub fact: Arc<Fact>,
}

/// One treaty's effective facts, per participant, after corrections and retractions.
#[derive(Debug, Clone, Default)]
pub struct History {
    participants: BTreeMap<ParticipantId, Vec<Record>>,
    /// The same participants' facts that bear on their status (all but reservations,
    /// objections and notifications): the rules judge each event against these, which stay
    /// few however long a participant's record of reservations grows.
    standing: BTreeMap<ParticipantId, Vec<Record>>,
    /// Effective event id -> its participant.
    index: HashMap<EventId, ParticipantId>,
    /// Keep only the standing facts (see [`History::standing_only`]).
    standing_only: bool,
}

/// Why an event could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// `corrects` names no event in effect.
    UnknownTarget(EventId),
    /// `corrects` names an event about another participant.
    OtherParticipant(EventId, ParticipantId),
}

impl History {
    /// Applies the events in stream order, keeping those recorded by `known_at` (all when
    /// `None`). Events that cannot be applied are skipped; [`crate::validate`] reports them.
    pub fn build<'a>(events: impl IntoIterator<Item = &'a Event>, known_at: Option<DateTime<Utc>>) -> Self {
        let mut h = History::default();
        for e in events {
            if known_at.is_some_and(|k| e.recorded_at > k) {
                // recorded_at never decreases along a stream (log/recorded-order), so the
                // rest is later still.
                break;
            }
            let _ = h.apply(e.id, &e.fact);
        }
        h
    }

    /// An empty history that keeps, of the facts applied to it, only those that bear on
    /// status (and the ids of all facts in effect): what the rules read, without a copy of every
    /// reservation's text. Its [`History::records`] are its [`History::standing`] facts.
    #[must_use]
    pub fn standing_only() -> Self {
        History { standing_only: true, ..History::default() }
    }

    /// [`History::build`] into a [`History::standing_only`] history, of every event.
    pub fn build_standing<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut h = History::standing_only();
        for e in events {
            let _ = h.apply(e.id, &e.fact);
        }
        h
    }

    /// Where a correction or retraction points, if it can apply.
    ///
    /// # Errors
    /// When the target is not in effect or is about another participant.
    pub fn target(&self, fact: &Fact) -> Result<Option<EventId>, ApplyError> {
        let Some(target) = fact.corrects else { return Ok(None) };
        match self.index.get(&target) {
            None => Err(ApplyError::UnknownTarget(target)),
            Some(&p) if p != fact.participant => Err(ApplyError::OtherParticipant(target, p)),
            Some(_) => Ok(Some(target)),
        }
    }

    /// Applies one event.
    ///
    /// # Errors
    /// When it corrects or retracts an event that is not in effect.
    pub fn apply(&mut self, id: EventId, fact: &Arc<Fact>) -> Result<(), ApplyError> {
        let target = self.target(fact)?;
        let standing = self.standing.entry(fact.participant).or_default();
        if let Some(target) = target {
            standing.retain(|r| r.id != target);
            self.index.remove(&target);
        }
        if fact.action.changes_status() {
            standing.push(Record { id, fact: Arc::clone(fact) });
        }
        if !self.standing_only {
            let records = self.participants.entry(fact.participant).or_default();
            if let Some(target) = target {
                records.retain(|r| r.id != target);
            }
            if fact.action != Action::Retraction {
                records.push(Record { id, fact: Arc::clone(fact) });
            }
        }
        if fact.action != Action::Retraction {
            self.index.insert(id, fact.participant);
        }
        Ok(())
    }

    /// A participant's facts in effect, in the order they were recorded.
    #[must_use]
    pub fn records(&self, participant: ParticipantId) -> &[Record] {
        if self.standing_only {
            return self.standing(participant);
        }
        self.participants.get(&participant).map_or(&[], Vec::as_slice)
    }

    /// A participant's facts in effect that bear on its status (no reservations, objections
    /// or notifications), in the order they were recorded: [`crate::participant_status`] of
    /// these is the status of [`History::records`] in all but its `events`.
    #[must_use]
    pub fn standing(&self, participant: ParticipantId) -> &[Record] {
        self.standing.get(&participant).map_or(&[], Vec::as_slice)
    }

    /// Participants with at least one fact in effect, in code order.
    pub fn participants(&self) -> impl Iterator<Item = (ParticipantId, &[Record])> {
        self.participants.iter().filter(|(_, r)| !r.is_empty()).map(|(p, r)| (*p, r.as_slice()))
    }

    /// Is this event in effect?
    #[must_use]
    pub fn contains(&self, id: EventId) -> bool {
        self.index.contains_key(&id)
    }
}
