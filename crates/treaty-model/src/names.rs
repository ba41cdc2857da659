//! The participants' names in Spanish and French, for the page in those languages and its
//! search: `data/names.tsv`, the Debian iso-codes translations of the ISO names (through
//! pycountry; see `data/README.md`, "Names in Spanish and French").

use std::sync::LazyLock;

use crate::participant::ParticipantId;

const DATA: &str = include_str!("../data/names.tsv");

/// A participant's names in Spanish and French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalNames {
    /// The Spanish name.
    pub es: &'static str,
    /// The French name.
    pub fr: &'static str,
    /// Other Spanish names (official names, older forms).
    pub aliases_es: Vec<&'static str>,
    /// Other French names.
    pub aliases_fr: Vec<&'static str>,
}

/// Indexed like the registry (both files are sorted by code).
static NAMES: LazyLock<Vec<Option<LocalNames>>> = LazyLock::new(|| {
    let mut out: Vec<Option<LocalNames>> = ParticipantId::all().map(|_| None).collect();
    for (i, line) in DATA.lines().enumerate().skip(1) {
        let f: Vec<&'static str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "names.tsv:{}: 5 fields expected", i + 1);
        let p = ParticipantId::from_code(f[0]).unwrap_or_else(|_| panic!("names.tsv:{}: unknown code", i + 1));
        let list = |s: &'static str| s.split(';').filter(|n| !n.is_empty()).collect::<Vec<_>>();
        out[p.index()] = Some(LocalNames { es: f[1], fr: f[2], aliases_es: list(f[3]), aliases_fr: list(f[4]) });
    }
    out
});

impl ParticipantId {
    /// The participant's names in Spanish and French, if `names.tsv` has them (every
    /// participant of the registry has; a test checks it).
    #[must_use]
    pub fn names_in(self) -> Option<&'static LocalNames> {
        NAMES[self.index()].as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_participant_has_a_spanish_and_a_french_name() {
        for p in ParticipantId::all() {
            let n = p.names_in().unwrap_or_else(|| panic!("{p} has no names"));
            assert!(!n.es.is_empty() && !n.fr.is_empty(), "{p}");
        }
        let gbr = ParticipantId::from_code("GBR").unwrap().names_in().unwrap();
        assert_eq!((gbr.es, gbr.fr), ("Reino Unido", "Royaume-Uni"));
        let eu = ParticipantId::from_code("EUU").unwrap().names_in().unwrap();
        assert_eq!((eu.es, eu.fr), ("Unión Europea", "Union européenne"));
    }
}
