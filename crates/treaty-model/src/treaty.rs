use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ModelError;
use crate::catalogue::CATALOGUE;

/// A treaty of the catalogue. Holding one means the treaty exists.
///
/// It orders by the UNTC chapter number (MTDSG), the order of the catalogue.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TreatyId(u8);

impl TreatyId {
    /// Every treaty of the catalogue, in MTDSG order.
    pub fn all() -> impl Iterator<Item = TreatyId> {
        (0..CATALOGUE.len()).map(|i| TreatyId(u8::try_from(i).expect("catalogue is small")))
    }

    /// Looks a treaty up by key (`op-icescr`), short title (`OP-ICESCR`) or UNTC number
    /// (`IV-3-a`), ignoring case.
    ///
    /// # Errors
    /// [`ModelError::UnknownTreaty`] when nothing matches.
    pub fn parse(text: &str) -> Result<Self, ModelError> {
        let wanted = text.trim();
        TreatyId::all()
            .find(|id| {
                let t = id.treaty();
                t.key.eq_ignore_ascii_case(wanted)
                    || t.short_title.eq_ignore_ascii_case(wanted)
                    || t.mtdsg.eq_ignore_ascii_case(wanted)
            })
            .ok_or_else(|| ModelError::UnknownTreaty(text.to_owned()))
    }

    /// The treaty's entry in the catalogue.
    #[must_use]
    pub fn treaty(self) -> &'static Treaty {
        &CATALOGUE[usize::from(self.0)]
    }

    /// The key used in file names and the log (`op-icescr`).
    #[must_use]
    pub fn key(self) -> &'static str {
        self.treaty().key
    }

    /// The treaties that the signature or consent prerequisites of this one name (an
    /// optional protocol's parent, or parents), in the prerequisites' order.
    pub fn parents(self) -> impl Iterator<Item = TreatyId> {
        let t = self.treaty();
        [t.signature_requires, t.consent_requires]
            .into_iter()
            .flatten()
            .flat_map(|p| p.any_of.iter().filter_map(|(key, _)| TreatyId::parse(key).ok()))
    }
}

impl fmt::Display for TreatyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl fmt::Debug for TreatyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TreatyId({})", self.key())
    }
}

impl FromStr for TreatyId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TreatyId::parse(s)
    }
}

impl Serialize for TreatyId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for TreatyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        // The log names treaties by key only; other spellings are for people.
        TreatyId::all()
            .find(|id| id.key() == s)
            .ok_or_else(|| serde::de::Error::custom(ModelError::UnknownTreaty(s.into_owned())))
    }
}

/// One treaty's rules, as the treaty text and the UNTC record state them.
#[derive(Debug)]
pub struct Treaty {
    /// Key used in the log and file names, e.g. `op-icescr`.
    pub key: &'static str,
    /// OHCHR acronym, e.g. `OP-ICESCR`.
    pub short_title: &'static str,
    /// UNTC chapter number (MTDSG), e.g. `IV-3-a`.
    pub mtdsg: &'static str,
    /// Full title as UNTC gives it.
    pub title: &'static str,
    /// Date of adoption.
    pub adopted: NaiveDate,
    /// First day on which the treaty could be signed (for ICMW, its adoption).
    pub opened_for_signature: NaiveDate,
    /// General entry into force as UNTC records it.
    pub entry_into_force: NaiveDate,
    /// How the general and the per-State entry into force follow from deposits.
    pub entry_into_force_rule: EntryIntoForceRule,
    /// Who may sign, when the treaty restricts signature to parties or signatories of
    /// another treaty (optional protocols).
    pub signature_requires: Option<Prerequisite>,
    /// Who may ratify or accede, when restricted to parties of another treaty.
    pub consent_requires: Option<Prerequisite>,
    /// The denunciation clause; `None` when the treaty has none (ICESCR, ICCPR, ...).
    pub denunciation: Option<DenunciationRule>,
    /// Procedures a party accepts automatically, by opting in, or unless it opts out.
    pub procedures: &'static [Procedure],
    /// Open to regional integration organizations (CRPD, OP-CRPD).
    pub open_to_organizations: bool,
    /// The UNTC status page of the treaty.
    pub untc_url: &'static str,
}

impl Treaty {
    /// One of the nine core treaties (OHCHR's "core international human rights instruments"),
    /// as opposed to an optional protocol to one of them.
    #[must_use]
    pub fn is_core(&self) -> bool {
        !(self.key.starts_with("op-") || self.key.contains("-op"))
    }

    /// The procedure governed by `article`, if the treaty has one.
    #[must_use]
    pub fn procedure(&self, article: &str) -> Option<&'static Procedure> {
        self.procedures.iter().find(|p| p.article == article)
    }

    /// The treaty's id.
    #[must_use]
    pub fn id(&self) -> TreatyId {
        TreatyId::parse(self.key).expect("catalogue keys parse")
    }
}

/// A period counted from a date, in the words treaties use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delay {
    /// "on the thirtieth day after": the date plus that many days.
    Days(u32),
    /// "three months after": the same day number that many months later
    /// (clamped to the month's last day).
    Months(u32),
    /// "the first day of the month following a period of N months after" (ICMW art. 87).
    FirstDayOfMonthAfterMonths(u32),
}

impl Delay {
    /// The date `self` after `from`.
    #[must_use]
    pub fn after(self, from: NaiveDate) -> NaiveDate {
        match self {
            Delay::Days(n) => from + Days::new(u64::from(n)),
            Delay::Months(n) => from + Months::new(n),
            Delay::FirstDayOfMonthAfterMonths(n) => {
                let end = from + Months::new(n);
                let first = end.with_day(1).expect("day 1 exists");
                first + Months::new(1)
            }
        }
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delay::Days(n) => write!(f, "{n} days"),
            Delay::Months(n) => write!(f, "{n} months"),
            Delay::FirstDayOfMonthAfterMonths(n) => {
                write!(f, "first day of the month after {n} months")
            }
        }
    }
}

/// How a treaty enters into force, generally and for each later State.
#[derive(Debug, Clone, Copy)]
pub struct EntryIntoForceRule {
    /// The article that states the rule, e.g. `18`.
    pub article: &'static str,
    /// The instrument whose deposit starts the general delay (e.g. the 10th).
    pub instruments: usize,
    /// Delay from that deposit to the general entry into force.
    pub general_delay: Delay,
    /// Delay from a later State's own deposit.
    pub later_delay: Delay,
    /// The treaty cannot enter into force before this one does (ICCPR-OP1 art. 9, OP-CRPD art. 13).
    pub not_before: Option<&'static str>,
}

impl EntryIntoForceRule {
    /// General entry into force, given the deposit date of each consent in any order.
    /// `None` while fewer instruments than the threshold have been deposited.
    #[must_use]
    pub fn general(&self, deposits: &mut [NaiveDate], not_before: Option<NaiveDate>) -> Option<NaiveDate> {
        if deposits.len() < self.instruments {
            return None;
        }
        // Only the threshold-th smallest matters: select it in linear time.
        let (_, nth, _) = deposits.select_nth_unstable(self.instruments - 1);
        let date = self.general_delay.after(*nth);
        Some(not_before.map_or(date, |nb| date.max(nb)))
    }

    /// Entry into force for one State that deposited on `deposit`, given the general date.
    ///
    /// A deposit before the general entry into force takes the general date; a later one
    /// takes the later-State delay. `None` while the general date is not reached.
    #[must_use]
    pub fn for_state(&self, deposit: NaiveDate, general: Option<NaiveDate>) -> Option<NaiveDate> {
        let general = general?;
        Some(general.max(self.later_delay.after(deposit)))
    }
}

/// What a participant must be in another treaty, as of the action's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Has signed, ratified or acceded to it (a signature that is still in effect, or party).
    SignedOrParty,
    /// Is a party to it (has consented, and no denunciation has taken effect).
    Party,
}

/// A condition on who may perform an action: at least one of the listed standings holds.
#[derive(Debug, Clone, Copy)]
pub struct Prerequisite {
    /// The article that states it, e.g. `17(1)`.
    pub article: &'static str,
    /// Alternatives: (treaty key, standing required in it).
    pub any_of: &'static [(&'static str, Standing)],
}

/// A treaty's denunciation clause.
#[derive(Debug, Clone, Copy)]
pub struct DenunciationRule {
    /// The article, e.g. `12`.
    pub article: &'static str,
    /// Delay from receipt of the notification to its effect.
    pub delay: Delay,
}

/// How a party comes to accept a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcedureKind {
    /// Every party accepts it.
    Automatic,
    /// Accepted only by a declaration under the article.
    OptIn,
    /// Accepted by every party except those that declare otherwise.
    OptOut,
    /// A statement the treaty asks for; no procedure is accepted or excluded.
    Statement,
}

/// A procedure (or a declaration the treaty provides for) and the article governing it.
#[derive(Debug, Clone, Copy)]
pub struct Procedure {
    /// The article under which declarations are made, e.g. `41`.
    pub article: &'static str,
    /// What the procedure is, in a few words.
    pub name: &'static str,
    /// How it is accepted.
    pub kind: ProcedureKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn nine_core_treaties_and_nine_protocols() {
        let core: Vec<&str> = crate::TreatyId::all().filter(|t| t.treaty().is_core()).map(|t| t.key()).collect();
        assert_eq!(core, ["icerd", "icescr", "iccpr", "cedaw", "cat", "crc", "icmw", "crpd", "cped"]);
    }

    #[test]
    fn thirty_days_after_is_a_count_of_days() {
        // TREATIES.md: South Sudan deposited the CRC on 23 Jan 2015, in force 22 Feb 2015.
        assert_eq!(Delay::Days(30).after(d(2015, 1, 23)), d(2015, 2, 22));
        // ICERD, Afghanistan: 6 Jul 1983 -> 5 Aug 1983.
        assert_eq!(Delay::Days(30).after(d(1983, 7, 6)), d(1983, 8, 5));
    }

    #[test]
    fn months_after_keeps_the_day_number() {
        // ICCPR: 35th instrument 23 Dec 1975 -> 23 Mar 1976.
        assert_eq!(Delay::Months(3).after(d(1975, 12, 23)), d(1976, 3, 23));
        // OP-CRC-SC, Afghanistan: 19 Sep 2002 -> 19 Oct 2002.
        assert_eq!(Delay::Months(1).after(d(2002, 9, 19)), d(2002, 10, 19));
        // A day number the target month lacks falls on its last day.
        assert_eq!(Delay::Months(3).after(d(2009, 11, 30)), d(2010, 2, 28));
    }

    #[test]
    fn icmw_enters_into_force_on_a_first_of_the_month() {
        // ICMW art. 87: 20th instrument (Guatemala, 14 Mar 2003) -> 1 Jul 2003.
        assert_eq!(Delay::FirstDayOfMonthAfterMonths(3).after(d(2003, 3, 14)), d(2003, 7, 1));
        assert_eq!(Delay::FirstDayOfMonthAfterMonths(3).after(d(2003, 3, 1)), d(2003, 7, 1));
    }

    #[test]
    fn parse_accepts_key_short_title_and_mtdsg() {
        let id = TreatyId::parse("op-icescr").unwrap();
        assert_eq!(TreatyId::parse("OP-ICESCR").unwrap(), id);
        assert_eq!(TreatyId::parse("iv-3-a").unwrap(), id);
        assert!(TreatyId::parse("op-icescr2").is_err());
    }
}
