//! The groupings and codes researchers group and merge by: UN M49 regions, the UN regional
//! groups, Correlates of War and Gleditsch-Ward codes (`data/groupings.tsv`, made by
//! `data/groupings.py` from the `countrycode` package and the UN's list of regional groups;
//! see `data/README.md`, "Groupings and codes"). A code the sources lack is `None`, for a
//! documented reason; the European Union, an organization, has none.

use std::sync::LazyLock;

use crate::participant::ParticipantId;

const DATA: &str = include_str!("../data/groupings.tsv");

/// A participant's groupings and codes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Groupings {
    /// UN M49 region code, three digits ("002" Africa).
    pub m49_region_code: Option<&'static str>,
    /// UN M49 region ("Africa", "Americas", "Asia", "Europe", "Oceania").
    pub m49_region: Option<&'static str>,
    /// UN M49 sub-region code, three digits.
    pub m49_subregion_code: Option<&'static str>,
    /// UN M49 sub-region ("Sub-Saharan Africa", "Western Europe", ...).
    pub m49_subregion: Option<&'static str>,
    /// UN M49 intermediate region code, where M49 has one (parts of Africa and the Americas).
    pub m49_intermediate_code: Option<&'static str>,
    /// UN M49 intermediate region ("Eastern Africa", "Caribbean", ...).
    pub m49_intermediate: Option<&'static str>,
    /// UN regional group of Member States, for electoral purposes ("African", "Asia-Pacific",
    /// "Eastern European", "Latin American and Caribbean", "Western European and others").
    pub un_regional_group: Option<&'static str>,
    /// Correlates of War state number.
    pub cow_code: Option<u16>,
    /// Gleditsch-Ward state number.
    pub gw_code: Option<u16>,
}

static GROUPINGS: LazyLock<Vec<Groupings>> = LazyLock::new(|| {
    let mut out: Vec<Groupings> = ParticipantId::all().map(|_| Groupings::default()).collect();
    for (i, line) in DATA.lines().enumerate().skip(1) {
        let f: Vec<&'static str> = line.split('\t').collect();
        assert_eq!(f.len(), 10, "groupings.tsv:{}: 10 fields expected", i + 1);
        let p = ParticipantId::from_code(f[0]).unwrap_or_else(|_| panic!("groupings.tsv:{}: unknown code", i + 1));
        let text = |s: &'static str| (!s.is_empty()).then_some(s);
        let number = |s: &'static str| {
            (!s.is_empty()).then(|| s.parse().unwrap_or_else(|_| panic!("groupings.tsv:{}: bad number {s:?}", i + 1)))
        };
        out[p.index()] = Groupings {
            m49_region_code: text(f[1]),
            m49_region: text(f[2]),
            m49_subregion_code: text(f[3]),
            m49_subregion: text(f[4]),
            m49_intermediate_code: text(f[5]),
            m49_intermediate: text(f[6]),
            un_regional_group: text(f[7]),
            cow_code: number(f[8]),
            gw_code: number(f[9]),
        };
    }
    out
});

impl ParticipantId {
    /// The participant's groupings and codes.
    #[must_use]
    pub fn groupings(self) -> &'static Groupings {
        &GROUPINGS[self.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participant::{ParticipantKind, UnStatus};

    /// The codes `data/groupings.py` documents as missing, and why (see `NO_CODE` there).
    const NO_COW: [&str; 4] = ["COK", "NIU", "PSE", "SRB"];

    #[test]
    fn every_state_has_its_region_and_every_member_its_group() {
        for p in ParticipantId::all() {
            let g = p.groupings();
            match p.participant().kind {
                ParticipantKind::Organization => assert_eq!(*g, Groupings::default(), "{p}"),
                ParticipantKind::State => {
                    assert!(g.m49_region_code.is_some_and(|c| c.len() == 3), "{p}");
                    assert!(g.m49_region.is_some() && g.m49_subregion.is_some(), "{p}");
                    assert_eq!(g.un_regional_group.is_some(), p.participant().un_status == UnStatus::Member, "{p}");
                    assert_eq!(g.cow_code.is_none(), NO_COW.contains(&p.code()), "{p}");
                }
            }
        }
        let count =
            |group: &str| ParticipantId::all().filter(|p| p.groupings().un_regional_group == Some(group)).count();
        assert_eq!(
            [
                count("African"),
                count("Asia-Pacific"),
                count("Eastern European"),
                count("Latin American and Caribbean"),
                count("Western European and others")
            ],
            [54, 54, 23, 33, 29]
        );
        let deu = ParticipantId::from_code("DEU").unwrap().groupings();
        assert_eq!((deu.cow_code, deu.gw_code, deu.m49_region_code), (Some(255), Some(260), Some("150")));
        let afg = ParticipantId::from_code("AFG").unwrap().groupings();
        assert_eq!(afg.m49_subregion_code, Some("034"));
    }
}
