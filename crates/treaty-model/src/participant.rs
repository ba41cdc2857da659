//! The participant registry: every State and organization that can act on a treaty.
//!
//! Built from `data/participants.tsv` (ISO 3166-1 codes from pycountry's copy of the Debian
//! iso-codes data; UNTC names from the saved status pages; see `data/README.md`).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ModelError;

const DATA: &str = include_str!("../data/participants.tsv");

/// A participant of the registry. Holding one means the participant exists.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParticipantId(u16);

/// Whether the participant is a State or an international organization.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParticipantKind {
    /// A State.
    State,
    /// A regional integration organization (the European Union).
    Organization,
}

/// The participant's standing at the United Nations.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnStatus {
    /// A member State.
    Member,
    /// A non-member observer State (Holy See, State of Palestine).
    Observer,
    /// A State that is neither (Cook Islands, Niue).
    NonMember,
    /// An organization.
    Organization,
}

/// A name the participant bore before, with the dates it applied where a source gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormerName {
    /// The name.
    pub name: String,
    /// First day it applied, when known.
    pub from: Option<NaiveDate>,
    /// Last day it applied, when known.
    pub to: Option<NaiveDate>,
}

/// One participant's codes and names.
#[derive(Debug)]
pub struct Participant {
    /// ISO 3166-1 alpha-3, or a declared code for a participant without one (`EUU`).
    pub code: String,
    /// ISO 3166-1 alpha-2.
    pub alpha2: Option<String>,
    /// ISO 3166-1 numeric.
    pub numeric: Option<String>,
    /// UN M49 area code.
    pub m49: Option<String>,
    /// The name UNTC uses today.
    pub untc_name: String,
    /// State or organization.
    pub kind: ParticipantKind,
    /// Standing at the UN.
    pub un_status: UnStatus,
    /// Other names without dates (ISO names, common names).
    pub aliases: Vec<String>,
    /// Earlier names.
    pub former_names: Vec<FormerName>,
}

struct Registry {
    participants: Vec<Participant>,
    /// Normalised name or code -> index.
    by_name: HashMap<String, u16>,
    /// Index by three-letter code (`AAA` = 0 ... `ZZZ`), `NONE` where no participant has it:
    /// the log names a participant on every line.
    by_code: Vec<u16>,
}

const NONE: u16 = u16::MAX;

/// The slot of a code of three capital letters in `Registry::by_code`.
fn code_slot(code: &str) -> Option<usize> {
    match code.as_bytes() {
        &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => {
            Some((usize::from(a - b'A') * 26 + usize::from(b - b'A')) * 26 + usize::from(c - b'A'))
        }
        _ => None,
    }
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| parse_registry(DATA));

/// The names a text can mention a participant by (UNTC name, aliases, former names; not codes),
/// normalised once: [`ParticipantId::mentioned_in`] runs on every sentence `treaty scrape` reads.
static MENTIONABLE: LazyLock<Vec<(String, ParticipantId)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (i, p) in REGISTRY.participants.iter().enumerate() {
        let id = ParticipantId(u16::try_from(i).expect("fewer than 65536 participants"));
        let names = std::iter::once(&p.untc_name).chain(p.aliases.iter()).chain(p.former_names.iter().map(|f| &f.name));
        out.extend(names.map(|n| normalise(n)).filter(|n| n.len() >= 4).map(|n| (n, id)));
    }
    out
});

/// Case, spacing and apostrophe variants of a name compare equal.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

fn opt(field: &str) -> Option<String> {
    (!field.is_empty()).then(|| field.to_owned())
}

fn parse_date(field: &str, line: usize) -> Option<NaiveDate> {
    (!field.is_empty()).then(|| {
        NaiveDate::parse_from_str(field, "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("participants.tsv:{line}: bad date {field:?}"))
    })
}

/// The embedded table is part of the program: a malformed row is a build defect, caught by
/// this crate's tests, so it panics with the line rather than returning an error.
fn parse_registry(data: &str) -> Registry {
    let mut participants = Vec::new();
    for (i, line) in data.lines().enumerate().skip(1) {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() == 9, "participants.tsv:{n}: expected 9 fields, found {}", f.len());
        let kind = match f[5] {
            "state" => ParticipantKind::State,
            "organization" => ParticipantKind::Organization,
            other => panic!("participants.tsv:{n}: unknown kind {other:?}"),
        };
        let un_status = match f[6] {
            "member" => UnStatus::Member,
            "observer" => UnStatus::Observer,
            "non_member" => UnStatus::NonMember,
            "organization" => UnStatus::Organization,
            other => panic!("participants.tsv:{n}: unknown un_status {other:?}"),
        };
        let split = |s: &str| -> Vec<String> {
            s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
        };
        let former_names = split(f[8])
            .into_iter()
            .map(|entry| {
                let parts: Vec<&str> = entry.split('|').collect();
                assert!(parts.len() == 3, "participants.tsv:{n}: former name {entry:?} is not NAME|FROM|TO");
                FormerName { name: parts[0].to_owned(), from: parse_date(parts[1], n), to: parse_date(parts[2], n) }
            })
            .collect();
        participants.push(Participant {
            code: f[0].to_owned(),
            alpha2: opt(f[1]),
            numeric: opt(f[2]),
            m49: opt(f[3]),
            untc_name: f[4].to_owned(),
            kind,
            un_status,
            aliases: split(f[7]),
            former_names,
        });
    }
    participants.sort_by(|a, b| a.code.cmp(&b.code));
    let mut by_name: HashMap<String, u16> = HashMap::new();
    for (i, p) in participants.iter().enumerate() {
        let idx = u16::try_from(i).expect("fewer than 65536 participants");
        let names = std::iter::once(&p.code)
            .chain(p.alpha2.iter())
            .chain(std::iter::once(&p.untc_name))
            .chain(p.aliases.iter())
            .chain(p.former_names.iter().map(|f| &f.name));
        for name in names {
            let key = normalise(name);
            if let Some(&other) = by_name.get(&key) {
                assert!(
                    other == idx,
                    "participants.tsv: name {name:?} belongs to both {} and {}",
                    participants[usize::from(other)].code,
                    p.code
                );
            }
            by_name.insert(key, idx);
        }
    }
    let mut by_code = vec![NONE; 26 * 26 * 26];
    for (i, p) in participants.iter().enumerate() {
        if let Some(slot) = code_slot(&p.code) {
            by_code[slot] = u16::try_from(i).expect("fewer than 65536 participants");
        }
    }
    Registry { participants, by_name, by_code }
}

impl ParticipantId {
    /// Every participant, ordered by code.
    pub fn all() -> impl Iterator<Item = ParticipantId> {
        (0..REGISTRY.participants.len())
            .map(|i| ParticipantId(u16::try_from(i).expect("fewer than 65536 participants")))
    }

    /// Looks a participant up by its exact code (ISO alpha-3 or declared code), as the log
    /// writes it.
    ///
    /// # Errors
    /// [`ModelError::UnknownParticipant`] when no participant has that code.
    pub fn from_code(code: &str) -> Result<Self, ModelError> {
        if let Some(slot) = code_slot(code)
            && REGISTRY.by_code[slot] != NONE
        {
            return Ok(ParticipantId(REGISTRY.by_code[slot]));
        }
        REGISTRY
            .participants
            .binary_search_by(|p| p.code.as_str().cmp(code))
            .map(|i| ParticipantId(u16::try_from(i).expect("small")))
            .map_err(|_| ModelError::UnknownParticipant(code.to_owned()))
    }

    /// Looks a participant up by code (alpha-3 or alpha-2), UNTC name, alias or former
    /// name, ignoring case and spacing.
    ///
    /// # Errors
    /// [`ModelError::UnknownParticipant`] when nothing matches.
    pub fn resolve(text: &str) -> Result<Self, ModelError> {
        REGISTRY
            .by_name
            .get(&normalise(text))
            .map(|&i| ParticipantId(i))
            .ok_or_else(|| ModelError::UnknownParticipant(text.to_owned()))
    }

    /// The participants a running text names, by UNTC name, alias or former name (not by
    /// code), each with the byte offset of its first mention, in order of mention. Whole
    /// words only, and a name inside a longer one counts as the longer one: "Guinea" in
    /// "Papua New Guinea" names Papua New Guinea alone.
    #[must_use]
    pub fn mentioned_in(text: &str) -> Vec<(usize, ParticipantId)> {
        let hay = normalise(text);
        let bytes = hay.as_bytes();
        // A byte that continues a word: letters and digits, including non-ASCII letters.
        let wordy = |i: usize| bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80;
        let mut spans: Vec<(usize, usize, ParticipantId)> = Vec::new();
        for (needle, id) in MENTIONABLE.iter() {
            let id = *id;
            {
                let mut from = 0;
                while let Some(at) = hay[from..].find(needle.as_str()) {
                    let start = from + at;
                    let end = start + needle.len();
                    if (start == 0 || !wordy(start - 1)) && (end >= bytes.len() || !wordy(end)) {
                        spans.push((start, end, id));
                    }
                    from = start + 1;
                    while !hay.is_char_boundary(from) {
                        from += 1;
                    }
                }
            }
        }
        // Keep the spans no other span contains, then the first mention of each participant.
        let kept: Vec<(usize, usize, ParticipantId)> = spans
            .iter()
            .filter(|(s, e, _)| !spans.iter().any(|(s2, e2, _)| s2 <= s && e <= e2 && (e2 - s2) > (e - s)))
            .copied()
            .collect();
        let mut out: Vec<(usize, ParticipantId)> = Vec::new();
        let mut sorted = kept;
        sorted.sort_by_key(|(s, _, _)| *s);
        for (s, _, id) in sorted {
            if !out.iter().any(|(_, o)| *o == id) {
                out.push((s, id));
            }
        }
        out
    }

    /// Its position in the registry (in code order).
    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The participant's record.
    #[must_use]
    pub fn participant(self) -> &'static Participant {
        &REGISTRY.participants[usize::from(self.0)]
    }

    /// The code the log uses.
    #[must_use]
    pub fn code(self) -> &'static str {
        &self.participant().code
    }

    /// The name UNTC uses today.
    #[must_use]
    pub fn name(self) -> &'static str {
        &self.participant().untc_name
    }
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParticipantId({})", self.code())
    }
}

impl FromStr for ParticipantId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ParticipantId::resolve(s)
    }
}

impl Serialize for ParticipantId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for ParticipantId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ParticipantId::from_code(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod mention_tests {
    use super::*;

    #[test]
    fn mentions_are_whole_names_and_the_longest_wins() {
        let found = ParticipantId::mentioned_in(
            "With regard to the reservations made by Papua New Guinea and by Niger upon accession:",
        );
        let codes: Vec<&str> = found.iter().map(|(_, p)| p.code()).collect();
        assert_eq!(codes, ["PNG", "NER"]);
        assert!(ParticipantId::mentioned_in("Nigerian law").is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_found_by_its_slot_as_by_search() {
        for p in ParticipantId::all() {
            assert_eq!(ParticipantId::from_code(p.code()).unwrap(), p);
        }
        for code in ["XXX", "AAA", "ZZZ", "ecu", "EC", "ECUA", "", "\u{c9}CU"] {
            assert!(ParticipantId::from_code(code).is_err(), "{code}");
        }
    }

    #[test]
    fn registry_covers_un_members_and_observers() {
        let members = ParticipantId::all().filter(|p| p.participant().un_status == UnStatus::Member).count();
        assert_eq!(members, 193);
        for observer in ["VAT", "PSE"] {
            let p = ParticipantId::from_code(observer).unwrap();
            assert_eq!(p.participant().un_status, UnStatus::Observer);
        }
    }

    #[test]
    fn names_codes_and_former_names_resolve_to_the_same_participant() {
        let swz = ParticipantId::from_code("SWZ").unwrap();
        assert_eq!(ParticipantId::resolve("Eswatini").unwrap(), swz);
        assert_eq!(ParticipantId::resolve("swaziland").unwrap(), swz);
        assert_eq!(ParticipantId::resolve("SZ").unwrap(), swz);
        let tur = ParticipantId::from_code("TUR").unwrap();
        assert_eq!(ParticipantId::resolve("Turkey").unwrap(), tur);
        assert_eq!(ParticipantId::resolve("Türkiye").unwrap(), tur);
        assert_eq!(
            ParticipantId::resolve("The former Yugoslav Republic of Macedonia").unwrap(),
            ParticipantId::from_code("MKD").unwrap()
        );
        assert_eq!(ParticipantId::resolve("Cote d\u{2019}Ivoire").ok(), ParticipantId::resolve("Côte d'Ivoire").ok());
    }

    #[test]
    fn the_european_union_has_a_declared_code() {
        let eu = ParticipantId::resolve("European Union").unwrap();
        assert_eq!(eu.code(), "EUU");
        assert_eq!(eu.participant().kind, ParticipantKind::Organization);
        assert!(eu.participant().alpha2.is_none());
    }

    #[test]
    fn unknown_names_are_refused_with_the_name() {
        let err = ParticipantId::resolve("Atlantis").unwrap_err().to_string();
        assert!(err.contains("Atlantis"), "{err}");
        assert!(ParticipantId::from_code("ecu").is_err(), "codes in the log are exact");
    }
}
