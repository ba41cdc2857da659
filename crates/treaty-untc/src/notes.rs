//! Facts an end note states in the depositary's fixed phrasing, read mechanically.
//!
//! Only sentences about the participant's own government are read, and only these forms:
//! - "On 8 November 2022, the Government of Belarus notified the Secretary-General of its
//!   denunciation of the Optional Protocol with effect from 8 February 2023" (denunciation,
//!   with its effective date when stated);
//! - "The Government of Guyana had initially acceded to the Optional Protocol on 10 May 1993",
//!   "On 26 August 1998, the Government of Trinidad and Tobago re-acceded …", "On that same
//!   date, the Government of Guyana re-acceded …" (accessions told in a note).
//!
//! Anything else is left to a person: a date is never guessed.

use chrono::NaiveDate;
use treaty_model::ParticipantId;

/// A fact read from a note, with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoteFact {
    /// Notice of denunciation received on `date`, taking effect on `effective` when stated.
    Denunciation { date: NaiveDate, effective: Option<NaiveDate>, sentence: String },
    /// An accession on `date`.
    Accession { date: NaiveDate, sentence: String },
    /// Withdrawal on `date` of a reservation or declaration (`what`: `reservation`,
    /// `declaration`, `interpretative declaration`), naming `articles` when the sentence does.
    Withdrawal { date: NaiveDate, what: String, articles: Vec<String>, partial: bool, sentence: String },
}

/// The ways the depositary opens a sentence with the date of what it reports.
const OPENINGS: [&str; 14] = [
    "On ",
    "Subsequently, on ",
    "Subsequently on ",
    "Further, on ",
    "Further on ",
    "In a communication received on ",
    "In a communication received in ",
    "In a notification received on ",
    "In a notification received by the Secretary-General on ",
    "By a communication received on ",
    "By a notification received on ",
    "Further, by a notification received on ",
    "Subsequently, in a communication received on ",
    "Subsequently, by a notification received on ",
];

/// The date a sentence opens with ("On 24 June 1992, …", "In a communication received on
/// 7 September 1990, …") and the rest after the comma that closes the opening.
fn opening(sentence: &str) -> Option<(NaiveDate, &str)> {
    let prefix = OPENINGS.iter().find(|p| sentence.starts_with(**p))?;
    let (at, date) = dates(sentence).into_iter().next()?;
    if at != prefix.len() {
        return None;
    }
    // The date is three words; the subject follows, after an optional comma.
    let after: usize = sentence[at..].split(' ').take(3).map(|w| w.len() + 1).sum::<usize>() + at;
    let rest = sentence.get(after.min(sentence.len())..).unwrap_or("");
    // "On 12 April 1994 and 24 August 1998, respectively, …": two acts, two dates.
    if rest.starts_with("and ") || rest.contains("respectively") {
        return None;
    }
    Some((date, rest.trim_start_matches([',', ' '])))
}

/// Article numbers a sentence names after "article(s)": `article 20`, `articles 28 (1) and
/// 30 (2)`, `article 9 (2)` (paragraphs are not articles).
pub(crate) fn articles_named(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    let mut push = |n: &mut String| {
        if !n.is_empty() && !out.contains(n) {
            out.push(n.clone());
        }
        n.clear();
    };
    for (i, _) in lower.match_indices("article") {
        let rest = lower[i + "article".len()..].trim_start_matches('s');
        let mut depth = 0i32;
        let mut number = String::new();
        let mut word = String::new();
        for c in rest.chars() {
            if c == '[' || c == ']' {
                continue;
            } else if c == '(' {
                depth += 1;
            } else if c == ')' {
                depth -= 1;
            } else if depth > 0 {
                continue;
            } else if c.is_ascii_digit() {
                number.push(c);
            } else if c.is_alphabetic() {
                push(&mut number);
                word.push(c);
            } else if c == ' ' || c == ',' {
                push(&mut number);
                // "and", "or" join a list of articles; any other word ends it.
                if !word.is_empty() && word != "and" && word != "or" {
                    break;
                }
                word.clear();
            } else {
                break;
            }
        }
        push(&mut number);
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Dates written `8 November 2022` in `text`, with their byte offsets.
fn dates(text: &str) -> Vec<(usize, NaiveDate)> {
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .collect();
    let mut out = Vec::new();
    for win in words.windows(3) {
        let (at, day) = win[0];
        let month = win[1].1;
        let year = win[2].1.trim_end_matches(|c: char| !c.is_ascii_digit());
        let Some(m) = MONTHS.iter().position(|name| *name == month) else { continue };
        let (Ok(d), Ok(y)) = (day.parse::<u32>(), year.parse::<i32>()) else { continue };
        if let Some(date) = NaiveDate::from_ymd_opt(y, u32::try_from(m).expect("12 months") + 1, d) {
            out.push((at, date));
        }
    }
    out
}

/// Sentences: split after a full stop followed by a space and a capital letter.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len().saturating_sub(2) {
        if bytes[i] == b'.' && bytes[i + 1] == b' ' && bytes[i + 2].is_ascii_uppercase() {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    out.push(text[start..].trim());
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// Withdrawals of reservations and declarations a note states about `participant_name`'s
/// government, in the depositary's fixed phrasing ("On 24 June 1992, the Government of
/// Bulgaria notified the Secretary-General of its decision to withdraw the reservation to
/// article 29 (1) …"), and the sentences that speak of such a withdrawal in any other words
/// (for a person to read).
pub(crate) fn withdrawals(
    note: &str,
    participant: ParticipantId,
    participant_name: &str,
) -> (Vec<NoteFact>, Vec<String>) {
    let mut facts = Vec::new();
    let mut other = Vec::new();
    for paragraph in note.split('\n') {
        for sentence in sentences(paragraph) {
            let lower = sentence.to_lowercase();
            let about_terms = lower.contains("reservation") || lower.contains("declaration");
            let named = lower.contains(&participant_name.to_lowercase())
                || ParticipantId::mentioned_in(sentence).iter().any(|(_, p)| *p == participant);
            if !lower.contains("withdr") || !about_terms || !named {
                continue;
            }
            let fixed = opening(sentence).and_then(|(date, rest)| {
                let rest = rest.to_lowercase();
                // "the Government of [the] X notified|informed the Secretary-General …": X must
                // be this participant, by any of its names.
                // The subject is the Government ("the Government of Bulgaria") or the State
                // itself ("Poland informed the Secretary-General …").
                let subject = rest.strip_prefix("the government of ").unwrap_or(&rest);
                let verb_at = ["notified the secretary-general", "informed the secretary-general"]
                    .iter()
                    .filter_map(|v| subject.find(v).map(|i| (i, v.len())))
                    .min()?;
                let government = subject[..verb_at.0].trim().trim_start_matches("the ");
                // A name, not a clause: "the Secretary-General received from the Government of
                // X …" is someone else's report.
                if government.split(' ').count() > 8
                    || government.contains("secretary")
                    || government.contains("receiv")
                {
                    return None;
                }
                if ParticipantId::resolve(government).ok() != Some(participant)
                    && !ParticipantId::mentioned_in(government).iter().any(|(_, p)| *p == participant)
                {
                    return None;
                }
                let after = &subject[verb_at.0 + verb_at.1..];
                // The withdrawal is what the Secretary-General was told, in the next words.
                let w = after.find("withdr").filter(|w| *w < 60)?;
                let object = &after[w..];
                let what = ["interpretative declaration", "reservation", "declaration"]
                    .iter()
                    .filter_map(|k| object.find(k).map(|i| (i, *k)))
                    .min()
                    .filter(|(i, _)| *i < 60)?
                    .1;
                Some(NoteFact::Withdrawal {
                    date,
                    what: what.to_owned(),
                    articles: articles_named(object),
                    // "of a partial withdrawal of", "to partially withdraw", "withdraw
                    // partially": around the verb (counted in characters, not bytes).
                    partial: after[..w].contains("partial")
                        || object.chars().take(26).collect::<String>().contains("partial")
                        || object.contains("in part"),
                    sentence: sentence.to_owned(),
                })
            });
            match fixed {
                Some(f) => facts.push(f),
                None => other.push(sentence.to_owned()),
            }
        }
    }
    (facts, other)
}

/// The facts a note states about `participant_name`'s own actions on this treaty.
///
/// Only the note's first paragraph is read: it is the depositary's own account; what follows
/// quotes other States' communications, which retell the same events in their own words.
pub(crate) fn read(note: &str, participant_name: &str) -> Vec<NoteFact> {
    let note = note.split('\n').next().unwrap_or("");
    let government = format!("the government of {}", participant_name.to_lowercase());
    let mut out = Vec::new();
    let mut last_on_date: Option<NaiveDate> = None;
    for sentence in sentences(note) {
        let lower = sentence.to_lowercase();
        let found = dates(sentence);
        // "On 5 January 1999, …": the date the sentence opens with.
        let leading = found.first().filter(|(at, _)| *at == 3 && sentence.starts_with("On ")).map(|(_, d)| *d);
        let same_date = lower.starts_with("on that same date") || lower.starts_with("on the same date");
        let opening = leading.or(if same_date { last_on_date } else { None });
        if leading.is_some() {
            last_on_date = leading;
        }
        // The government must be the sentence's subject: "On …, the Government of X notified",
        // "The Government of X acceded". A note that reports what someone else received from
        // it ("the Secretary-General received from the Government of X …") is not read.
        let subject = match (opening, lower.find(',')) {
            (Some(_), Some(comma)) if comma < 40 => lower[comma + 1..].trim_start(),
            (Some(_), _) => lower.splitn(5, ' ').nth(4).unwrap_or(""),
            (None, _) => lower.as_str(),
        };
        if !subject.starts_with(&government) {
            continue;
        }
        if lower.contains("denounc") || lower.contains("denunciation") {
            let Some(date) = opening else { continue };
            let effective =
                lower.find("with effect from").and_then(|at| found.iter().find(|(pos, _)| *pos > at).map(|(_, d)| *d));
            out.push(NoteFact::Denunciation { date, effective, sentence: sentence.to_owned() });
        } else if lower.contains("acceded") {
            // "… acceded to the Optional Protocol on 14 November 1980": the date after "on".
            let date = opening.or_else(|| {
                lower.find("acceded").and_then(|at| found.iter().find(|(pos, _)| *pos > at).map(|(_, d)| *d))
            });
            if let Some(date) = date {
                out.push(NoteFact::Accession { date, sentence: sentence.to_owned() });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    // The notes of UNTC IV-5 (ICCPR-OP1), 3 February 2026, abridged where marked.
    const TRINIDAD: &str = "The Government of Trinidad and Tobago acceded to the Optional Protocol on 14 November 1980. On 26 May 1998 the Government of Trinidad and Tobago informed the Secretary-General of its decision to denounce the Optional Protocol with effect from 26 August 1998. On 26 August 1998, the Government of Trinidad and Tobago re-acceded to the Optional Protocol with a reservation. On 27 March 2000, the Government of Trinidad and Tobago notified the Secretary-General that it had decided to denounce the Optional Protocol for the second time with effect from 27 June 2000. The Secretary-General received communications from the following States on the dates indicated hereinafter: Netherlands (6 August 1999): […]";
    const GUYANA: &str = "The Government of Guyana had initially acceded to the Optional Protocol on 10 May 1993 (See, C.N.182.1993 .TREATIES-2 of 27 August 1993). On 5 January 1999, the Government of Guyana notified the Secretary-General that it had decided to denounce the said Optional Protocol with effect from 5 April 1999. On that same date, the Government of Guyana re-acceded to the Optional Protocol with a reservation. Subsequently, the Secretary-General received the following communications from the following States on the dates indicated hereinafter: Finland (17 March 2000): […]";

    #[test]
    fn trinidad_and_tobago_left_rejoined_and_left_again() {
        let facts = read(TRINIDAD, "Trinidad and Tobago");
        let summary: Vec<(char, NaiveDate, Option<NaiveDate>)> = facts
            .iter()
            .map(|f| match f {
                NoteFact::Denunciation { date, effective, .. } => ('D', *date, *effective),
                NoteFact::Accession { date, .. } => ('A', *date, None),
                NoteFact::Withdrawal { .. } => ('W', NaiveDate::MIN, None),
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ('A', d("1980-11-14"), None),
                ('D', d("1998-05-26"), Some(d("1998-08-26"))),
                ('A', d("1998-08-26"), None),
                ('D', d("2000-03-27"), Some(d("2000-06-27"))),
            ]
        );
    }

    #[test]
    fn withdrawals_in_the_fixed_phrasing_are_read_and_others_listed() {
        let note = "On 24 June 1992 and 25 June 1999, respectively, the Government of Bulgaria notified the Secretary-General of its decision to withdraw the reservations to article 30 (1) and 20, made upon signature and confirmed upon ratification. In a communication received on 30 May 1990, the Government of Guatemala notified the Secretary-General that it has decided to withdraw the reservations made by virtue of the provisions of articles 28 (1) and 30 (2), made upon accession to the Convention.";
        let gtm = ParticipantId::from_code("GTM").unwrap();
        let (facts, other) = withdrawals(note, gtm, "Guatemala");
        match &facts[..] {
            [NoteFact::Withdrawal { date, what, articles, partial: false, .. }] => {
                assert_eq!(*date, d("1990-05-30"));
                assert_eq!(what, "reservation");
                assert_eq!(articles, &["28".to_owned(), "30".to_owned()]);
            }
            other => panic!("{other:?}"),
        }
        assert!(other.is_empty());
        // Two dates for two withdrawals in one sentence: not the fixed phrasing.
        let (facts, other) = withdrawals(note, ParticipantId::from_code("BGR").unwrap(), "Bulgaria");
        assert!(facts.is_empty());
        assert_eq!(other.len(), 1);
    }

    #[test]
    fn other_fixed_forms_of_withdrawal_are_read() {
        let deu = ParticipantId::from_code("DEU").unwrap();
        let (facts, _) = withdrawals(
            "On 10 December 2001, the Government of the Federal Republic of Germany informed the Secretary-General that it had decided to withdraw its reservation to article 7 (b) made upon ratification.",
            deu,
            "Germany",
        );
        assert!(
            matches!(&facts[..], [NoteFact::Withdrawal { articles, partial: false, .. }] if articles == &["7".to_owned()])
        );
        let mex = ParticipantId::from_code("MEX").unwrap();
        let (facts, _) = withdrawals(
            "On 15 March 2002, the Government of Mexico notified the Secretary-General of a partial withdrawal of its reservation to article 25 (b) made upon accession.",
            mex,
            "Mexico",
        );
        assert!(matches!(&facts[..], [NoteFact::Withdrawal { partial: true, .. }]), "{facts:?}");
    }

    #[test]
    fn articles_are_numbers_after_article_not_paragraphs() {
        assert_eq!(articles_named("the reservation to article 29 (1) of the Convention"), ["29"]);
        assert_eq!(articles_named("articles 28 (1) and 30 (2), made upon accession"), ["28", "30"]);
        assert_eq!(
            articles_named("reservations to articles 3, 4, 6, 12, 13 and 16."),
            ["3", "4", "6", "12", "13", "16"]
        );
    }

    #[test]
    fn on_that_same_date_takes_the_date_before() {
        let facts = read(GUYANA, "Guyana");
        assert_eq!(facts.len(), 3, "{facts:?}");
        assert!(matches!(facts[2], NoteFact::Accession { date, .. } if date == d("1999-01-05")));
    }

    #[test]
    fn a_denunciation_without_an_effective_date_keeps_none() {
        let facts = read(
            "On 23 October 1997, the Government of Jamaica notified the Secretary-General of its denunciation of the Protocol.",
            "Jamaica",
        );
        assert!(matches!(facts[..], [NoteFact::Denunciation { effective: None, .. }]));
    }

    #[test]
    fn sentences_about_other_governments_or_other_treaties_are_not_read() {
        // CEDAW note 44: New Zealand denounced an ILO convention, not CEDAW, and the sentence
        // does not have the depositary's form.
        let nz = "On 13 January 1989, the Secretary-General received from the Government of New Zealand, a communication notifying him that it denounced the Convention concerning the employment of women on underground work in mines of all kinds (ILO Convention No. 45) on 23 June 1987.";
        assert!(read(nz, "New Zealand").is_empty());
        assert!(read(TRINIDAD, "Netherlands").is_empty());
    }
}
