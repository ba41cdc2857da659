use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use treaty_model::{Event, ParticipantId, TreatyId, population_of};

use crate::entry_into_force::general_entry_into_force;
use crate::status::participant_status;
use crate::{History, ParticipantStatus};

/// Every treaty's history as the ledger knew it at `known_at` (or now).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    histories: BTreeMap<TreatyId, History>,
    known_at: Option<DateTime<Utc>>,
}

/// Counts for one treaty on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreatySummary {
    /// The treaty's key.
    pub treaty: TreatyId,
    /// The date counted.
    pub as_of: NaiveDate,
    /// The ledger as recorded by this time; `None` for everything it holds.
    pub known_at: Option<DateTime<Utc>>,
    /// Participants whose signature is in effect (UNTC's "Signatories").
    pub signatories: usize,
    /// Participants bound by the treaty (UNTC's "Parties").
    pub parties: usize,
    /// States bound by the treaty: `parties` without the European Union, an organization.
    pub parties_states: usize,
    /// Parties for which the treaty is in force.
    pub in_force: usize,
    /// General entry into force computed from the ledger's deposits, once reached by `as_of`.
    pub entry_into_force: Option<NaiveDate>,
    /// General entry into force as UNTC records it.
    pub entry_into_force_recorded: NaiveDate,
    /// `agrees`, `differs`, or `not_reached` (the ledger holds too few deposits).
    pub entry_into_force_check: &'static str,
    /// The total population of the States among the parties (World Bank SP.POP.TOTL for the
    /// year of `as_of`, or the latest earlier year with a figure); organizations are not counted.
    pub population_parties: u64,
    /// Parties among the States whose population the series lacks (not in
    /// `population_parties`).
    pub population_unknown: Vec<ParticipantId>,
}

impl Snapshot {
    /// Builds the histories of the given streams (each in stream order).
    pub fn new<'a, I, E>(streams: I, known_at: Option<DateTime<Utc>>) -> Self
    where
        I: IntoIterator<Item = (TreatyId, E)>,
        E: IntoIterator<Item = &'a Event>,
    {
        let histories = streams.into_iter().map(|(t, events)| (t, History::build(events, known_at))).collect();
        Snapshot { histories, known_at }
    }

    /// A treaty's history (empty when the treaty has no stream).
    #[must_use]
    pub fn history(&self, treaty: TreatyId) -> &History {
        static EMPTY: std::sync::LazyLock<History> = std::sync::LazyLock::new(History::default);
        self.histories.get(&treaty).unwrap_or(&EMPTY)
    }

    /// One participant's status.
    #[must_use]
    pub fn status(&self, treaty: TreatyId, participant: ParticipantId, as_of: NaiveDate) -> ParticipantStatus {
        participant_status(treaty, participant, self.history(treaty).records(participant), as_of)
    }

    /// The status of every participant with a fact in the treaty's stream, in code order.
    #[must_use]
    pub fn statuses(&self, treaty: TreatyId, as_of: NaiveDate) -> Vec<ParticipantStatus> {
        self.history(treaty)
            .participants()
            .map(|(p, records)| participant_status(treaty, p, records, as_of))
            .filter(|s| !s.events.is_empty())
            .collect()
    }

    /// Counts for a treaty on a date.
    #[must_use]
    pub fn summary(&self, treaty: TreatyId, as_of: NaiveDate) -> TreatySummary {
        let statuses = self.statuses(treaty, as_of);
        let general = general_entry_into_force(treaty, self.history(treaty));
        let check = match general.agrees() {
            None => "not_reached",
            Some(true) => "agrees",
            Some(false) => "differs",
        };
        let population = population_of(statuses.iter().filter(|s| s.party).map(|s| s.participant), as_of.year());
        TreatySummary {
            treaty,
            as_of,
            known_at: self.known_at,
            signatories: statuses.iter().filter(|s| s.signatory).count(),
            parties: statuses.iter().filter(|s| s.party).count(),
            parties_states: statuses
                .iter()
                .filter(|s| s.party && s.participant.participant().kind == treaty_model::ParticipantKind::State)
                .count(),
            in_force: statuses.iter().filter(|s| s.in_force).count(),
            entry_into_force: general.computed.filter(|d| *d <= as_of),
            entry_into_force_recorded: general.recorded,
            entry_into_force_check: check,
            population_parties: population.people,
            population_unknown: population.unknown,
        }
    }
}
