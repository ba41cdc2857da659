//! What a UNTC status page states, as read by [`crate::parse`].

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use treaty_model::{Action, ParticipantId, TreatyId};

use crate::sections::{Section, SectionBlock};

/// A parsed status page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The treaty the page is about (from its chapter and item number).
    pub treaty: TreatyId,
    /// Chapter and item number as the page gives them, e.g. `IV-3-a`.
    pub mtdsg: String,
    /// The title as the page gives it.
    pub title: String,
    /// "STATUS AS AT", New York time with its offset.
    pub status_as_at: DateTime<FixedOffset>,
    /// Place and date of adoption (for ICERD, of opening for signature).
    pub place_and_date: String,
    /// The entry-into-force text, e.g. `5 May 2013, in accordance with article 18(1).`
    pub entry_into_force: String,
    /// The registration text, e.g. `5 May 2013, No. 14531`.
    pub registration: String,
    /// "Signatories : N" from the status line.
    pub signatories: usize,
    /// "Parties : M" from the status line.
    pub parties: usize,
    /// The participants table's column headers, as written.
    pub signature_header: String,
    /// The consent column's header, e.g. `Accession(a), Ratification`.
    pub consent_header: String,
    /// One row per participant.
    pub rows: Vec<Row>,
    /// The sections below the participants table that the page has.
    pub sections: Vec<SectionBlock>,
    /// End notes by number.
    pub notes: BTreeMap<u32, String>,
}

/// A row of the participants table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The name as written (footnote numbers removed).
    pub name: String,
    /// The participant it names.
    pub participant: ParticipantId,
    /// Footnote numbers after the name.
    pub footnotes: Vec<u32>,
    /// The signature cell.
    pub signature: Option<Cell>,
    /// The consent cell (ratification, accession, ...).
    pub consent: Option<Cell>,
}

/// A non-empty date cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The cell's text as the page has it (tab and no-break spaces kept).
    pub raw: String,
    /// The date.
    pub date: NaiveDate,
    /// The action its suffix stands for, read through the column's legend.
    pub action: Action,
    /// In square brackets: no longer in effect (explained in an end note).
    pub bracketed: bool,
}

impl Page {
    /// The section, when the page has it.
    #[must_use]
    pub fn section(&self, section: Section) -> Option<&SectionBlock> {
        self.sections.iter().find(|s| s.section == section)
    }

    /// The row of a participant.
    #[must_use]
    pub fn row(&self, participant: ParticipantId) -> Option<&Row> {
        self.rows.iter().find(|r| r.participant == participant)
    }

    /// Counts derived from the rows the way UNTC counts them: unbracketed signature dates
    /// and unbracketed consent dates.
    #[must_use]
    pub fn counted(&self) -> (usize, usize) {
        let unbracketed = |c: &Option<Cell>| c.as_ref().is_some_and(|c| !c.bracketed);
        (
            self.rows.iter().filter(|r| unbracketed(&r.signature)).count(),
            self.rows.iter().filter(|r| unbracketed(&r.consent)).count(),
        )
    }
}
