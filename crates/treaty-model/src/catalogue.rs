//! The 18 core UN human rights instruments and their rules.
//!
//! Sources: the treaty texts (articles named on each rule) and the UNTC status pages of
//! 2026-02-03 (`tests/fixtures/untc/2026-02-03/`), as summarised with references in
//! `docs/TREATIES.md`. Where a value rests on a page, the page's own text is quoted there.

use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::treaty::{
    Delay, DenunciationRule, EntryIntoForceRule, Prerequisite, Procedure, ProcedureKind as K, Standing, Treaty,
};

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("invalid date in the catalogue"),
    }
}

const fn eif(article: &'static str, instruments: usize, delay: Delay) -> EntryIntoForceRule {
    EntryIntoForceRule { article, instruments, general_delay: delay, later_delay: delay, not_before: None }
}

const fn denounce(article: &'static str, delay: Delay) -> Option<DenunciationRule> {
    Some(DenunciationRule { article, delay })
}

const fn proc(article: &'static str, name: &'static str, kind: K) -> Procedure {
    Procedure { article, name, kind }
}

const ONE_YEAR: Delay = Delay::Months(12);
const SIGNED: Standing = Standing::SignedOrParty;
const PARTY: Standing = Standing::Party;

macro_rules! untc {
    ($mtdsg:literal) => {
        concat!("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=", $mtdsg, "&chapter=4&clang=_en")
    };
}

/// In MTDSG order; `TreatyId` indexes into it.
pub(crate) static CATALOGUE: LazyLock<Vec<Treaty>> = LazyLock::new(|| {
    vec![
        Treaty {
            key: "icerd",
            short_title: "ICERD",
            mtdsg: "IV-2",
            title: "International Convention on the Elimination of All Forms of Racial Discrimination",
            adopted: date(1965, 12, 21),
            // UNTS 660 No. 9464: "Opened for signature at New York on 7 March 1966".
            opened_for_signature: date(1966, 3, 7),
            entry_into_force: date(1969, 1, 4),
            // Art. 19: 27th instrument -> 30th day after; later States 30th day after their own.
            entry_into_force_rule: eif("19", 27, Delay::Days(30)),
            signature_requires: None,
            consent_requires: None,
            // Art. 21: one year after receipt of the notification.
            denunciation: denounce("21", ONE_YEAR),
            procedures: const { &[proc("14", "individual communications", K::OptIn)] },
            open_to_organizations: false,
            untc_url: untc!("IV-2"),
        },
        Treaty {
            key: "icescr",
            short_title: "ICESCR",
            mtdsg: "IV-3",
            title: "International Covenant on Economic, Social and Cultural Rights",
            adopted: date(1966, 12, 16),
            opened_for_signature: date(1966, 12, 19),
            entry_into_force: date(1976, 1, 3),
            // Art. 27: 35th instrument -> three months after; later States three months.
            entry_into_force_rule: eif("27", 35, Delay::Months(3)),
            signature_requires: None,
            consent_requires: None,
            // The Covenant has no denunciation clause (CESCR; Nowak, CAT commentary art. 31).
            denunciation: None,
            procedures: const { &[] },
            open_to_organizations: false,
            untc_url: untc!("IV-3"),
        },
        Treaty {
            key: "op-icescr",
            short_title: "OP-ICESCR",
            mtdsg: "IV-3-a",
            title: "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
            adopted: date(2008, 12, 10),
            opened_for_signature: date(2009, 9, 24),
            entry_into_force: date(2013, 5, 5),
            // Art. 18: 10th instrument -> three months; later States three months.
            entry_into_force_rule: eif("18", 10, Delay::Months(3)),
            // Art. 17(1): open for signature by States that have signed, ratified or acceded to the Covenant.
            signature_requires: Some(Prerequisite { article: "17(1)", any_of: &[("icescr", SIGNED)] }),
            // Art. 17(2), (3): ratification or accession by States that ratified or acceded to the Covenant.
            consent_requires: Some(Prerequisite { article: "17(2)", any_of: &[("icescr", PARTY)] }),
            // Art. 20(1): six months after receipt.
            denunciation: denounce("20", Delay::Months(6)),
            procedures: const {
                &[
                    proc("2", "individual communications", K::Automatic),
                    proc("10", "inter-State communications", K::OptIn),
                    proc("11", "inquiry procedure", K::OptIn),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-3-a"),
        },
        Treaty {
            key: "iccpr",
            short_title: "ICCPR",
            mtdsg: "IV-4",
            title: "International Covenant on Civil and Political Rights",
            adopted: date(1966, 12, 16),
            opened_for_signature: date(1966, 12, 19),
            entry_into_force: date(1976, 3, 23),
            // Art. 49: 35th instrument -> three months; later States three months.
            entry_into_force_rule: eif("49", 35, Delay::Months(3)),
            signature_requires: None,
            consent_requires: None,
            // No denunciation clause (HRC General Comment 26; DPRK's 1997 notice had no effect).
            denunciation: None,
            procedures: const { &[proc("41", "inter-State communications", K::OptIn)] },
            open_to_organizations: false,
            untc_url: untc!("IV-4"),
        },
        Treaty {
            key: "iccpr-op1",
            short_title: "ICCPR-OP1",
            mtdsg: "IV-5",
            title: "Optional Protocol to the International Covenant on Civil and Political Rights",
            adopted: date(1966, 12, 16),
            opened_for_signature: date(1966, 12, 19),
            entry_into_force: date(1976, 3, 23),
            // Art. 9(1): 10th instrument -> three months, but not before the Covenant.
            entry_into_force_rule: EntryIntoForceRule { not_before: Some("iccpr"), ..eif("9", 10, Delay::Months(3)) },
            // Art. 8(1): signature by States that have signed the Covenant.
            signature_requires: Some(Prerequisite { article: "8(1)", any_of: &[("iccpr", SIGNED)] }),
            // Art. 8(2), (3): ratification or accession by States party to the Covenant.
            consent_requires: Some(Prerequisite { article: "8(2)", any_of: &[("iccpr", PARTY)] }),
            // Art. 12(1): three months after receipt.
            denunciation: denounce("12", Delay::Months(3)),
            procedures: const { &[proc("1", "individual communications", K::Automatic)] },
            open_to_organizations: false,
            untc_url: untc!("IV-5"),
        },
        Treaty {
            key: "cedaw",
            short_title: "CEDAW",
            mtdsg: "IV-8",
            title: "Convention on the Elimination of All Forms of Discrimination against Women",
            adopted: date(1979, 12, 18),
            opened_for_signature: date(1980, 3, 1),
            entry_into_force: date(1981, 9, 3),
            // Art. 27: 20th instrument -> 30th day; later States 30th day.
            entry_into_force_rule: eif("27", 20, Delay::Days(30)),
            signature_requires: None,
            consent_requires: None,
            denunciation: None,
            procedures: const { &[] },
            open_to_organizations: false,
            untc_url: untc!("IV-8"),
        },
        Treaty {
            key: "op-cedaw",
            short_title: "OP-CEDAW",
            mtdsg: "IV-8-b",
            title: "Optional Protocol to the Convention on the Elimination of All Forms of Discrimination against Women",
            adopted: date(1999, 10, 6),
            opened_for_signature: date(1999, 12, 10),
            entry_into_force: date(2000, 12, 22),
            // Art. 16: 10th instrument -> three months; later States three months.
            entry_into_force_rule: eif("16", 10, Delay::Months(3)),
            // Art. 15(1): signature by States that have signed, ratified or acceded to the Convention.
            signature_requires: Some(Prerequisite { article: "15(1)", any_of: &[("cedaw", SIGNED)] }),
            // Art. 15(2), (3): ratification or accession by States party to the Convention.
            consent_requires: Some(Prerequisite { article: "15(2)", any_of: &[("cedaw", PARTY)] }),
            // Art. 19(1): six months after receipt.
            denunciation: denounce("19", Delay::Months(6)),
            procedures: const {
                &[
                    proc("2", "individual communications", K::Automatic),
                    // Art. 10: at signature, ratification or accession a State may declare that it
                    // does not recognise the inquiry procedure of arts. 8 and 9.
                    proc("10", "inquiry procedure", K::OptOut),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-8-b"),
        },
        Treaty {
            key: "cat",
            short_title: "CAT",
            mtdsg: "IV-9",
            title: "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
            adopted: date(1984, 12, 10),
            opened_for_signature: date(1985, 2, 4),
            entry_into_force: date(1987, 6, 26),
            // Art. 27: 20th instrument -> 30th day; later States 30th day.
            entry_into_force_rule: eif("27", 20, Delay::Days(30)),
            signature_requires: None,
            consent_requires: None,
            // Art. 31(1): one year after receipt.
            denunciation: denounce("31", ONE_YEAR),
            procedures: const {
                &[
                    proc("21", "inter-State communications", K::OptIn),
                    proc("22", "individual communications", K::OptIn),
                    // Art. 28: a State may declare that it does not recognise art. 20 (inquiry).
                    proc("28", "inquiry procedure", K::OptOut),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-9"),
        },
        Treaty {
            key: "op-cat",
            short_title: "OP-CAT",
            mtdsg: "IV-9-b",
            title: "Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
            adopted: date(2002, 12, 18),
            opened_for_signature: date(2003, 2, 4),
            entry_into_force: date(2006, 6, 22),
            // Art. 28: 20th instrument -> 30th day; later States 30th day.
            entry_into_force_rule: eif("28", 20, Delay::Days(30)),
            // Art. 27(1): signature by States that have signed the Convention.
            signature_requires: Some(Prerequisite { article: "27(1)", any_of: &[("cat", SIGNED)] }),
            // Art. 27(2), (4): ratification or accession by States party to the Convention.
            consent_requires: Some(Prerequisite { article: "27(2)", any_of: &[("cat", PARTY)] }),
            // Art. 33(1): one year after receipt.
            denunciation: denounce("33", ONE_YEAR),
            procedures: const {
                &[
                    proc("11", "visits by the Subcommittee on Prevention", K::Automatic),
                    // Art. 24: postponement of Part III or Part IV, declared at ratification.
                    proc("24", "postponement of obligations", K::Statement),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-9-b"),
        },
        Treaty {
            key: "crc",
            short_title: "CRC",
            mtdsg: "IV-11",
            title: "Convention on the Rights of the Child",
            adopted: date(1989, 11, 20),
            opened_for_signature: date(1990, 1, 26),
            entry_into_force: date(1990, 9, 2),
            // Art. 49: 20th instrument -> 30th day; later States 30th day.
            entry_into_force_rule: eif("49", 20, Delay::Days(30)),
            signature_requires: None,
            consent_requires: None,
            // Art. 52: one year after receipt.
            denunciation: denounce("52", ONE_YEAR),
            procedures: const { &[] },
            open_to_organizations: false,
            untc_url: untc!("IV-11"),
        },
        Treaty {
            key: "op-crc-ac",
            short_title: "OP-CRC-AC",
            mtdsg: "IV-11-b",
            title: "Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict",
            adopted: date(2000, 5, 25),
            opened_for_signature: date(2000, 6, 5),
            entry_into_force: date(2002, 2, 12),
            // Art. 10: 10th instrument -> three months; later States one month after their own.
            entry_into_force_rule: EntryIntoForceRule {
                later_delay: Delay::Months(1),
                ..eif("10", 10, Delay::Months(3))
            },
            // Art. 9(1): signature by States party to or signatory of the Convention.
            signature_requires: Some(Prerequisite { article: "9(1)", any_of: &[("crc", SIGNED)] }),
            // Art. 9(2): ratification and accession are open to any State.
            consent_requires: None,
            // Art. 11(1): one year after receipt (not before an armed conflict ends).
            denunciation: denounce("11", ONE_YEAR),
            procedures: const {
                &[
                    // Art. 3(2): binding declaration of the minimum age of voluntary recruitment.
                    proc("3", "minimum age of voluntary recruitment", K::Statement),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-11-b"),
        },
        Treaty {
            key: "op-crc-sc",
            short_title: "OP-CRC-SC",
            mtdsg: "IV-11-c",
            title: "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography",
            adopted: date(2000, 5, 25),
            opened_for_signature: date(2000, 6, 5),
            entry_into_force: date(2002, 1, 18),
            // Art. 14: 10th instrument -> three months; later States one month after their own.
            entry_into_force_rule: EntryIntoForceRule {
                later_delay: Delay::Months(1),
                ..eif("14", 10, Delay::Months(3))
            },
            // Art. 13(1): signature by States party to or signatory of the Convention.
            signature_requires: Some(Prerequisite { article: "13(1)", any_of: &[("crc", SIGNED)] }),
            // Art. 13(2): ratification and accession are open to any State.
            consent_requires: None,
            // Art. 15(1): one year after receipt.
            denunciation: denounce("15", ONE_YEAR),
            procedures: const { &[] },
            open_to_organizations: false,
            untc_url: untc!("IV-11-c"),
        },
        Treaty {
            key: "op-crc-ic",
            short_title: "OP-CRC-IC",
            mtdsg: "IV-11-d",
            title: "Optional Protocol to the Convention on the Rights of the Child on a communications procedure",
            adopted: date(2011, 12, 19),
            opened_for_signature: date(2012, 2, 28),
            entry_into_force: date(2014, 4, 14),
            // Art. 19: 10th instrument -> three months; later States three months.
            entry_into_force_rule: eif("19", 10, Delay::Months(3)),
            // Art. 18(1): signature by States that have signed, ratified or acceded to the
            // Convention or either of its first two Optional Protocols.
            signature_requires: Some(Prerequisite {
                article: "18(1)",
                any_of: &[("crc", SIGNED), ("op-crc-ac", SIGNED), ("op-crc-sc", SIGNED)],
            }),
            // Art. 18(2), (3): ratification or accession by States party to any of them.
            consent_requires: Some(Prerequisite {
                article: "18(2)",
                any_of: &[("crc", PARTY), ("op-crc-ac", PARTY), ("op-crc-sc", PARTY)],
            }),
            // Art. 22(1): one year after receipt.
            denunciation: denounce("22", ONE_YEAR),
            procedures: const {
                &[
                    proc("5", "individual communications", K::Automatic),
                    proc("12", "inter-State communications", K::OptIn),
                    // Art. 13(7): a State may declare that it does not recognise the inquiry procedure.
                    proc("13", "inquiry procedure", K::OptOut),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-11-d"),
        },
        Treaty {
            key: "iccpr-op2",
            short_title: "ICCPR-OP2",
            mtdsg: "IV-12",
            title: "Second Optional Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of the death penalty",
            adopted: date(1989, 12, 15),
            opened_for_signature: date(1989, 12, 15),
            entry_into_force: date(1991, 7, 11),
            // Art. 8: 10th instrument -> three months; later States three months.
            entry_into_force_rule: eif("8", 10, Delay::Months(3)),
            // Art. 7(1): signature by States that have signed the Covenant.
            signature_requires: Some(Prerequisite { article: "7(1)", any_of: &[("iccpr", SIGNED)] }),
            // Art. 7(2), (3): ratification or accession by States party to the Covenant.
            consent_requires: Some(Prerequisite { article: "7(2)", any_of: &[("iccpr", PARTY)] }),
            // No denunciation clause.
            denunciation: None,
            procedures: const {
                &[
                    // Arts. 4 and 5: the Covenant's art. 41 and the first Protocol's procedure extend
                    // to this Protocol unless the State makes a statement to the contrary.
                    proc("4", "inter-State communications (ICCPR art. 41)", K::OptOut),
                    proc("5", "individual communications (first Optional Protocol)", K::OptOut),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-12"),
        },
        Treaty {
            key: "icmw",
            short_title: "ICMW",
            mtdsg: "IV-13",
            title: "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
            adopted: date(1990, 12, 18),
            // Art. 86: open for signature from its adoption; UNTC gives no separate date.
            opened_for_signature: date(1990, 12, 18),
            entry_into_force: date(2003, 7, 1),
            // Art. 87: 20th instrument -> first day of the month following three months.
            entry_into_force_rule: eif("87", 20, Delay::FirstDayOfMonthAfterMonths(3)),
            signature_requires: None,
            consent_requires: None,
            // Art. 89: first day of the month following twelve months after receipt (and not
            // before five years after the Convention entered into force for that State).
            denunciation: denounce("89", Delay::FirstDayOfMonthAfterMonths(12)),
            procedures: const {
                &[proc("76", "inter-State communications", K::OptIn), proc("77", "individual communications", K::OptIn)]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-13"),
        },
        Treaty {
            key: "crpd",
            short_title: "CRPD",
            mtdsg: "IV-15",
            title: "Convention on the Rights of Persons with Disabilities",
            adopted: date(2006, 12, 13),
            opened_for_signature: date(2007, 3, 30),
            entry_into_force: date(2008, 5, 3),
            // Art. 45: 20th instrument -> 30th day; later States and organizations 30th day.
            entry_into_force_rule: eif("45", 20, Delay::Days(30)),
            signature_requires: None,
            consent_requires: None,
            // Art. 48: one year after receipt.
            denunciation: denounce("48", ONE_YEAR),
            procedures: const { &[] },
            // Arts. 42, 43: open to regional integration organizations (the EU, formal confirmation).
            open_to_organizations: true,
            untc_url: untc!("IV-15"),
        },
        Treaty {
            key: "op-crpd",
            short_title: "OP-CRPD",
            mtdsg: "IV-15-a",
            title: "Optional Protocol to the Convention on the Rights of Persons with Disabilities",
            adopted: date(2006, 12, 13),
            opened_for_signature: date(2007, 3, 30),
            entry_into_force: date(2008, 5, 3),
            // Art. 13: 10th instrument -> 30th day, subject to the Convention's entry into force.
            entry_into_force_rule: EntryIntoForceRule { not_before: Some("crpd"), ..eif("13", 10, Delay::Days(30)) },
            // Art. 10: signature by signatory States and organizations of the Convention.
            signature_requires: Some(Prerequisite { article: "10", any_of: &[("crpd", SIGNED)] }),
            // Art. 11: ratification by those that ratified, confirmed or acceded to the Convention.
            consent_requires: Some(Prerequisite { article: "11", any_of: &[("crpd", PARTY)] }),
            // Art. 16: one year after receipt.
            denunciation: denounce("16", ONE_YEAR),
            procedures: const {
                &[
                    proc("1", "individual communications", K::Automatic),
                    // Art. 8: a State may declare that it does not recognise the inquiry of arts. 6 and 7.
                    proc("8", "inquiry procedure", K::OptOut),
                ]
            },
            open_to_organizations: true,
            untc_url: untc!("IV-15-a"),
        },
        Treaty {
            key: "cped",
            short_title: "CPED",
            mtdsg: "IV-16",
            title: "International Convention for the Protection of All Persons from Enforced Disappearance",
            adopted: date(2006, 12, 20),
            opened_for_signature: date(2007, 2, 6),
            entry_into_force: date(2010, 12, 23),
            // Art. 39: 20th instrument -> 30th day; later States 30th day.
            entry_into_force_rule: eif("39", 20, Delay::Days(30)),
            signature_requires: None,
            consent_requires: None,
            // No denunciation clause.
            denunciation: None,
            procedures: const {
                &[
                    proc("30", "urgent action", K::Automatic),
                    proc("31", "individual communications", K::OptIn),
                    proc("32", "inter-State communications", K::OptIn),
                ]
            },
            open_to_organizations: false,
            untc_url: untc!("IV-16"),
        },
    ]
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TreatyId;

    #[test]
    fn catalogue_holds_the_18_core_instruments_with_unique_keys() {
        assert_eq!(CATALOGUE.len(), 18);
        let mut keys: Vec<_> = CATALOGUE.iter().map(|t| t.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 18);
    }

    #[test]
    fn prerequisites_name_treaties_of_the_catalogue() {
        for t in CATALOGUE.iter() {
            for p in t.signature_requires.iter().chain(&t.consent_requires) {
                for (key, _) in p.any_of {
                    assert!(TreatyId::parse(key).is_ok(), "{}: {key}", t.key);
                }
            }
            if let Some(nb) = t.entry_into_force_rule.not_before {
                assert!(TreatyId::parse(nb).is_ok());
            }
            assert!(t.adopted <= t.opened_for_signature, "{}", t.key);
            assert!(t.opened_for_signature < t.entry_into_force, "{}", t.key);
        }
    }
}
