use chrono::NaiveDate;
use serde::Serialize;
use treaty_model::{Action, Treaty, TreatyId};

use crate::History;

/// A treaty's general entry into force, as computed from the ledger and as UNTC records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GeneralEntryIntoForce {
    /// Computed from the deposits in the ledger by the treaty's rule; `None` while the ledger
    /// holds fewer instruments than the threshold.
    pub computed: Option<NaiveDate>,
    /// The date UNTC records (the catalogue).
    pub recorded: NaiveDate,
}

impl GeneralEntryIntoForce {
    /// Do the computed and the recorded date agree? `None` when nothing was computed.
    #[must_use]
    pub fn agrees(&self) -> Option<bool> {
        self.computed.map(|c| c == self.recorded)
    }
}

/// Computes the general entry into force of `treaty` from `history`.
///
/// Each participant's earliest consent counts once, at its deposit date. The result can be
/// later than the recorded date when UNTC's rows omit a predecessor's instrument (ICCPR:
/// Czechoslovakia's ratification of 23 Dec 1975, the 35th, is only in an end note), which is
/// why per-State dates use the recorded general date and this one is a cross-check.
#[must_use]
pub fn general_entry_into_force(treaty: TreatyId, history: &History) -> GeneralEntryIntoForce {
    let t: &Treaty = treaty.treaty();
    let mut deposits: Vec<NaiveDate> = history
        .participants()
        .filter_map(|(_, records)| records.iter().filter(|r| r.fact.action.is_consent()).map(|r| r.fact.date).min())
        .collect();
    let not_before =
        t.entry_into_force_rule.not_before.and_then(|k| TreatyId::parse(k).ok()).map(|p| p.treaty().entry_into_force);
    GeneralEntryIntoForce {
        computed: t.entry_into_force_rule.general(&mut deposits, not_before),
        recorded: t.entry_into_force,
    }
}

/// Entry into force for a State whose consent is `action` on `date`.
///
/// A succession takes effect from the date of succession the event carries (UNTC end notes:
/// "with effect from 6 March 1992"), not from the notification. Another consent whose record
/// states when it takes effect (Trinidad and Tobago's re-accession to the ICCPR-OP1,
/// deposited on 26 May 1998 with effect from 26 August 1998) takes effect then; the rest
/// follow the treaty's rule against its recorded general date.
#[must_use]
pub fn for_state(treaty: &Treaty, action: Action, date: NaiveDate, effective_date: Option<NaiveDate>) -> NaiveDate {
    if action == Action::Succession {
        // A date of succession before the treaty itself entered into force cannot bring
        // that date forward.
        return effective_date.unwrap_or(date).max(treaty.entry_into_force);
    }
    if let Some(effective) = effective_date {
        return effective.max(treaty.entry_into_force);
    }
    treaty
        .entry_into_force_rule
        .for_state(date, Some(treaty.entry_into_force))
        .expect("the recorded general date is known")
}

#[cfg(test)]
mod tests {
    use super::*;
    use treaty_model::{Event, Fact, ParticipantId, Source, SourceKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(key: &str) -> TreatyId {
        TreatyId::parse(key).unwrap()
    }

    fn history(treaty: &str, deposits: &[(&str, NaiveDate)]) -> History {
        let events: Vec<Event> = deposits
            .iter()
            .map(|(code, date)| {
                Event::new(
                    Fact::new(t(treaty), ParticipantId::from_code(code).unwrap(), Action::Ratification, *date),
                    chrono::DateTime::UNIX_EPOCH,
                    Source::url(SourceKind::Other, "test"),
                    None,
                )
            })
            .collect();
        History::build(&events, None)
    }

    #[test]
    fn iccpr_general_entry_into_force_is_23_march_1976() {
        // Art. 49(1): three months after the 35th instrument; the 35th was Czechoslovakia's
        // of 23 Dec 1975. Here 34 earlier deposits and that one.
        let codes = [
            "CZE", "AUT", "BEL", "BRA", "CAN", "CHL", "COL", "CRI", "CYP", "DNK", "ECU", "EGY", "FIN", "FRA", "DEU",
            "GRC", "HUN", "IND", "IRN", "IRQ", "ITA", "JAM", "JOR", "KEN", "LBN", "LBY", "MDG", "MLI", "MUS", "MNG",
            "NOR", "SWE", "SYR", "TUN", "URY",
        ];
        let mut deposits: Vec<(&str, NaiveDate)> = codes[1..].iter().map(|c| (*c, d(1970, 1, 1))).collect();
        deposits.push((codes[0], d(1975, 12, 23)));
        let g = general_entry_into_force(t("iccpr"), &history("iccpr", &deposits));
        assert_eq!(g.computed, Some(d(1976, 3, 23)));
        assert_eq!(g.agrees(), Some(true));
        // With one fewer the threshold is not reached.
        let g = general_entry_into_force(t("iccpr"), &history("iccpr", &deposits[1..]));
        assert_eq!(g.computed, None);
    }

    #[test]
    fn op_icescr_general_entry_into_force_is_5_may_2013() {
        // The ten first deposits (UNTC IV-3-a); Uruguay's of 5 Feb 2013 was the 10th.
        let deposits = [
            ("ECU", d(2010, 6, 11)),
            ("MNG", d(2010, 7, 1)),
            ("ESP", d(2010, 9, 23)),
            ("SLV", d(2011, 9, 20)),
            ("ARG", d(2011, 10, 24)),
            ("BOL", d(2012, 1, 13)),
            ("BIH", d(2012, 1, 18)),
            ("SVK", d(2012, 3, 7)),
            ("PRT", d(2013, 1, 28)),
            ("URY", d(2013, 2, 5)),
        ];
        let g = general_entry_into_force(t("op-icescr"), &history("op-icescr", &deposits));
        assert_eq!(g.computed, Some(d(2013, 5, 5)));
    }

    #[test]
    fn a_later_state_follows_the_later_delay() {
        // South Sudan, CRC: deposit 23 Jan 2015 -> 22 Feb 2015 (art. 49(2), 30th day).
        assert_eq!(for_state(t("crc").treaty(), Action::Accession, d(2015, 1, 23), None), d(2015, 2, 22));
        // OP-CRC-SC, later States one month (art. 14(2)): Afghanistan 19 Sep 2002 -> 19 Oct 2002.
        assert_eq!(for_state(t("op-crc-sc").treaty(), Action::Accession, d(2002, 9, 19), None), d(2002, 10, 19));
    }

    #[test]
    fn an_early_deposit_takes_the_general_date() {
        // Andorra, OP-CRC-SC: deposit 30 Apr 2001, before the general date 18 Jan 2002.
        assert_eq!(for_state(t("op-crc-sc").treaty(), Action::Ratification, d(2001, 4, 30), None), d(2002, 1, 18));
    }

    #[test]
    fn a_succession_takes_effect_from_the_date_of_succession() {
        // Bosnia and Herzegovina, ICERD: notified 16 Jul 1993, in force from 6 Mar 1992.
        assert_eq!(
            for_state(t("icerd").treaty(), Action::Succession, d(1993, 7, 16), Some(d(1992, 3, 6))),
            d(1992, 3, 6)
        );
    }
}
