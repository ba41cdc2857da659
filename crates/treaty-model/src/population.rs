//! The total population of each State by year (World Bank SP.POP.TOTL; `data/population.csv`,
//! see `data/README.md`), to say how many people the parties to a treaty are home to.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::ParticipantId;

const DATA: &str = include_str!("../data/population.csv");

/// Every State's figures, by year, ascending.
static FIGURES: LazyLock<HashMap<ParticipantId, Vec<(i32, u64)>>> = LazyLock::new(|| {
    let mut out: HashMap<ParticipantId, Vec<(i32, u64)>> = HashMap::new();
    for (i, line) in DATA.lines().enumerate().skip(1) {
        let n = i + 1;
        let f: Vec<&str> = line.split(',').collect();
        let [code, year, value] = f[..] else { panic!("population.csv:{n}: expected 3 fields") };
        let p = ParticipantId::from_code(code).unwrap_or_else(|_| panic!("population.csv:{n}: unknown code {code}"));
        let year = year.parse().unwrap_or_else(|_| panic!("population.csv:{n}: bad year"));
        let value = value.parse().unwrap_or_else(|_| panic!("population.csv:{n}: bad value"));
        out.entry(p).or_default().push((year, value));
    }
    out
});

/// A population figure and the year it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Population {
    /// The year of the figure (the year asked for, or the latest earlier one).
    pub year: i32,
    /// Total population.
    pub people: u64,
}

impl ParticipantId {
    /// The participant's total population in `year`, or in the latest earlier year with a
    /// figure; `None` for an organization and for the States the series lacks (Cook Islands,
    /// Niue, Holy See), or before its first figure.
    #[must_use]
    pub fn population(self, year: i32) -> Option<Population> {
        let figures = FIGURES.get(&self)?;
        figures.iter().rev().find(|(y, _)| *y <= year).map(|(y, v)| Population { year: *y, people: *v })
    }

    /// Every figure of the participant, by year (empty when the series has none).
    #[must_use]
    pub fn populations(self) -> &'static [(i32, u64)] {
        FIGURES.get(&self).map_or(&[], Vec::as_slice)
    }
}

/// A sum of populations: the people counted, and the participants whose figure is unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PopulationSum {
    /// People in the States with a figure.
    pub people: u64,
    /// States without a figure (organizations are not counted at all).
    pub unknown: Vec<ParticipantId>,
}

/// The population of `participants` in `year`: States only.
pub fn population_of(participants: impl IntoIterator<Item = ParticipantId>, year: i32) -> PopulationSum {
    let mut sum = PopulationSum::default();
    for p in participants {
        if p.participant().kind != crate::ParticipantKind::State {
            continue;
        }
        match p.population(year) {
            Some(pop) => sum.people += pop.people,
            None => sum.unknown.push(p),
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_by_year_with_the_latest_earlier_one_after_the_series_ends() {
        let ecu = ParticipantId::from_code("ECU").unwrap();
        let y2015 = ecu.population(2015).unwrap();
        assert_eq!(y2015.year, 2015);
        assert!(y2015.people > 15_000_000 && y2015.people < 18_000_000, "{y2015:?}");
        assert_eq!(ecu.population(2026).unwrap().year, 2024);
        assert!(ParticipantId::from_code("NIU").unwrap().population(2020).is_none());
        assert!(ParticipantId::from_code("EUU").unwrap().population(2020).is_none());
        let every_state_but_three = ParticipantId::all()
            .filter(|p| p.participant().kind == crate::ParticipantKind::State && p.population(2024).is_none())
            .map(ParticipantId::code)
            .collect::<Vec<_>>();
        assert_eq!(every_state_but_three, ["COK", "NIU", "VAT"]);
    }

    #[test]
    fn sums_count_states_and_name_the_unknown() {
        let codes = ["ECU", "URY", "NIU", "EUU"].map(|c| ParticipantId::from_code(c).unwrap());
        let sum = population_of(codes, 2020);
        assert_eq!(sum.unknown, vec![ParticipantId::from_code("NIU").unwrap()]);
        assert!(sum.people > 20_000_000);
    }
}
