//! What a status page does not say but a person found, with its source, in `data/`:
//!
//! - `successions.tsv`: the date of succession of each successor State (UNTC's Historical
//!   Information, depositary notifications, official registers), from which its notifications
//!   of succession take effect;
//! - `corrections.tsv`: a fact the page states in a way that misleads (Trinidad and Tobago's
//!   re-accession to the ICCPR-OP1, deposited on 26 May 1998 and in effect from 26 August);
//! - `entry-dates.tsv`: the date of an entry the page gives no date or basis for (Portugal's
//!   declaration under arts. 10 and 11 of the OP-ICESCR, in a notifications table with a hidden
//!   heading).
//!
//! Each row carries its source; `reconcile` turns rows into facts with that source, never
//! the page's. The tables are embedded: a malformed row is a build defect that this module's
//! tests catch, so loading panics with the file and line.

use std::sync::LazyLock;

use chrono::NaiveDate;
use treaty_model::{Action, DateBasis, ParticipantId, Source, SourceKind, TreatyId};

use crate::sections::Section;

const SUCCESSIONS: &str = include_str!("../data/successions.tsv");
const CORRECTIONS: &str = include_str!("../data/corrections.tsv");
const ENTRY_DATES: &str = include_str!("../data/entry-dates.tsv");

/// A source found by a person: a URL, a citable reference and the words that state the fact.
fn source(url: &str, reference: &str, quotation: &str) -> Source {
    let kind = if url.starts_with("https://treaties.un.org/") { SourceKind::UntcRecord } else { SourceKind::Other };
    Source {
        kind,
        url: (!url.is_empty()).then(|| url.to_owned()),
        retrieved_at: None,
        sha256: None,
        status_as_at: None,
        reference: (!reference.is_empty()).then(|| reference.to_owned()),
        cell: (!quotation.is_empty()).then(|| quotation.to_owned()),
        section: None,
        row: None,
    }
}

fn rows(file: &'static str, data: &'static str, columns: usize) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    data.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()).map(move |(i, l)| {
        let f: Vec<&str> = l.split('\t').collect();
        assert!(f.len() == columns, "{file}:{}: expected {columns} fields, found {}", i + 1, f.len());
        (i + 1, f)
    })
}

fn date(file: &str, line: usize, text: &str) -> Option<NaiveDate> {
    (!text.is_empty()).then(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| panic!("{file}:{line}: bad date {text:?}"))
    })
}

fn participant(file: &str, line: usize, code: &str) -> ParticipantId {
    ParticipantId::from_code(code).unwrap_or_else(|_| panic!("{file}:{line}: unknown participant {code:?}"))
}

fn treaty(file: &str, line: usize, key: &str) -> TreatyId {
    TreatyId::parse(key).unwrap_or_else(|_| panic!("{file}:{line}: unknown treaty {key:?}"))
}

/// A successor State's date of succession, for all its successions or for one treaty.
#[derive(Debug, Clone)]
pub struct Succession {
    /// The successor State.
    pub participant: ParticipantId,
    /// `None`: every treaty; otherwise the treaty this row is for (it overrides the general row).
    pub treaty: Option<TreatyId>,
    /// The date of succession; `None` when no source was found (listed for review).
    pub date: Option<NaiveDate>,
    /// The predecessor State.
    pub predecessor: String,
    /// Where the date is stated.
    pub source: Source,
    /// Why there is no date, or a remark on the row.
    pub why: String,
}

static SUCCESSION_ROWS: LazyLock<Vec<Succession>> = LazyLock::new(|| {
    const FILE: &str = "data/successions.tsv";
    rows(FILE, SUCCESSIONS, 8)
        .map(|(n, f)| Succession {
            participant: participant(FILE, n, f[0]),
            treaty: (f[1] != "*").then(|| treaty(FILE, n, f[1])),
            date: date(FILE, n, f[2]),
            predecessor: f[3].to_owned(),
            source: source(f[4], f[5], f[6]),
            why: f[7].to_owned(),
        })
        .collect()
});

/// The row that gives `participant`'s date of succession for `treaty`: the treaty's own row,
/// or else the State's general row.
#[must_use]
pub fn succession(treaty: TreatyId, participant: ParticipantId) -> Option<&'static Succession> {
    let rows = &*SUCCESSION_ROWS;
    rows.iter()
        .find(|r| r.participant == participant && r.treaty == Some(treaty))
        .or_else(|| rows.iter().find(|r| r.participant == participant && r.treaty.is_none()))
}

/// A fact the page states misleadingly, and what a source shows instead.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The treaty.
    pub treaty: TreatyId,
    /// Who.
    pub participant: ParticipantId,
    /// The action, as the page states it.
    pub action: Action,
    /// The date the page gives.
    pub page_date: NaiveDate,
    /// The legal date.
    pub date: NaiveDate,
    /// When it took effect, where that differs from what the treaty's rule gives.
    pub effective_date: Option<NaiveDate>,
    /// Where the corrected fact is stated.
    pub source: Source,
}

static CORRECTION_ROWS: LazyLock<Vec<Correction>> = LazyLock::new(|| {
    const FILE: &str = "data/corrections.tsv";
    rows(FILE, CORRECTIONS, 9)
        .map(|(n, f)| Correction {
            treaty: treaty(FILE, n, f[0]),
            participant: participant(FILE, n, f[1]),
            action: f[2].parse().unwrap_or_else(|_| panic!("{FILE}:{n}: unknown action {:?}", f[2])),
            page_date: date(FILE, n, f[3]).unwrap_or_else(|| panic!("{FILE}:{n}: page_date is required")),
            date: date(FILE, n, f[4]).unwrap_or_else(|| panic!("{FILE}:{n}: date is required")),
            effective_date: date(FILE, n, f[5]),
            source: source(f[6], f[7], f[8]),
        })
        .collect()
});

/// The correction of the page's `action` of `page_date`, if a person recorded one.
#[must_use]
pub fn correction(
    treaty: TreatyId,
    participant: ParticipantId,
    action: Action,
    page_date: NaiveDate,
) -> Option<&'static Correction> {
    CORRECTION_ROWS
        .iter()
        .find(|c| c.treaty == treaty && c.participant == participant && c.action == action && c.page_date == page_date)
}

/// The date of an entry that the page leaves undated and without a basis.
#[derive(Debug, Clone)]
pub struct EntryDate {
    /// The date.
    pub date: NaiveDate,
    /// How it relates to the entry.
    pub basis: DateBasis,
    /// Where it is stated.
    pub source: Source,
}

static ENTRY_DATE_ROWS: LazyLock<Vec<(TreatyId, ParticipantId, String, EntryDate)>> = LazyLock::new(|| {
    const FILE: &str = "data/entry-dates.tsv";
    rows(FILE, ENTRY_DATES, 8)
        .map(|(n, f)| {
            let entry = EntryDate {
                date: date(FILE, n, f[3]).unwrap_or_else(|| panic!("{FILE}:{n}: date is required")),
                basis: f[4].parse().unwrap_or_else(|_| panic!("{FILE}:{n}: bad date basis {:?}", f[4])),
                source: source(f[5], f[6], f[7]),
            };
            assert!(Section::ALL.iter().any(|s| s.as_str() == f[2]), "{FILE}:{n}: unknown section {:?}", f[2]);
            (treaty(FILE, n, f[0]), participant(FILE, n, f[1]), f[2].to_owned(), entry)
        })
        .collect()
});

/// The date a person found for `participant`'s undated entry in `section`.
#[must_use]
pub fn entry_date(treaty: TreatyId, participant: ParticipantId, section: Section) -> Option<&'static EntryDate> {
    ENTRY_DATE_ROWS
        .iter()
        .find(|(t, p, s, _)| *t == treaty && *p == participant && s == section.as_str())
        .map(|(_, _, _, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_loads_and_every_dated_row_has_a_source() {
        assert!(!SUCCESSION_ROWS.is_empty());
        for r in SUCCESSION_ROWS.iter() {
            if r.date.is_some() {
                assert!(r.source.is_traceable() && r.source.cell.is_some(), "{r:?}");
            } else {
                assert!(!r.why.is_empty(), "an undated succession says why: {r:?}");
            }
        }
        assert!(CORRECTION_ROWS.iter().all(|c| c.source.is_traceable()));
        assert!(ENTRY_DATE_ROWS.iter().all(|(_, _, _, e)| e.source.is_traceable()));
    }

    #[test]
    fn bosnia_and_herzegovina_succeeded_on_6_march_1992() {
        let bih = ParticipantId::from_code("BIH").unwrap();
        let row = succession(TreatyId::parse("icerd").unwrap(), bih).unwrap();
        assert_eq!(row.date, NaiveDate::from_ymd_opt(1992, 3, 6));
    }
}
