//! Every rule of [`treaty_fold::Rule`], through the public API.
//!
//! One module per rule, named after its id (`rule/signature-first` is `signature_first`). Each
//! builds a small ledger of treaty actions, runs [`treaty_fold::validate`] and checks that exactly
//! the expected rule fires on the expected event (and that the message names who and when), and
//! that the valid version of the same story passes.
//!
//! Dates are UNTC's (status pages of 2026-02-03, `docs/TREATIES.md`) unless a comment says the
//! case is made up: a broken ledger usually needs a fact that never happened.

use chrono::{DateTime, NaiveDate, Utc};
use treaty_fold::{Rule, Snapshot, Violation, validate};
use treaty_model::{Action, DeclarationEffect, Event, EventId, Fact, ParticipantId, Source, SourceKind, TreatyId};

// ---------------------------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------------------------

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {text:?}: {e}"))
}

/// When the events of these tests were recorded: the day of the saved UNTC pages.
fn recorded() -> DateTime<Utc> {
    day("2026-02-03").and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

fn treaty(key: &str) -> TreatyId {
    TreatyId::parse(key).unwrap_or_else(|e| panic!("{e}"))
}

fn participant(name: &str) -> ParticipantId {
    ParticipantId::resolve(name).unwrap_or_else(|e| panic!("{e}"))
}

/// A depositary notification, cited by reference only (no URL).
fn notification(reference: &str) -> Source {
    Source {
        kind: SourceKind::DepositaryNotification,
        url: None,
        retrieved_at: None,
        sha256: None,
        status_as_at: None,
        reference: Some(reference.to_owned()),
        cell: None,
        section: None,
        row: None,
    }
}

/// An event being written: start from an action function (`ratification("op-icescr",
/// "Uruguay", "2013-02-05")`), add the fields the action needs, then [`Ledger::add`] it.
/// It is sourced to the treaty's UNTC status page and recorded on 2026-02-03 unless told
/// otherwise.
#[derive(Debug, Clone)]
struct Draft {
    fact: Fact,
    recorded_at: DateTime<Utc>,
    source: Source,
    note: Option<String>,
}

impl Draft {
    fn new(treaty_key: &str, who: &str, action: Action, date: &str) -> Self {
        let t = treaty(treaty_key);
        Draft {
            fact: Fact::new(t, participant(who), action, day(date)),
            recorded_at: recorded(),
            source: Source::url(SourceKind::UntcStatusPage, t.treaty().untc_url),
            note: None,
        }
    }

    fn effective(mut self, date: &str) -> Self {
        self.fact.effective_date = Some(day(date));
        self
    }

    fn article(mut self, article: &str) -> Self {
        self.fact.article = Some(article.to_owned());
        self
    }

    fn effect(mut self, effect: DeclarationEffect) -> Self {
        self.fact.declaration = Some(effect);
        self
    }

    fn corrects(mut self, target: EventId) -> Self {
        self.fact.corrects = Some(target);
        self
    }

    fn source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    fn recorded_at(mut self, at: DateTime<Utc>) -> Self {
        self.recorded_at = at;
        self
    }

    fn event(&self) -> Event {
        Event::new(self.fact.clone(), self.recorded_at, self.source.clone(), self.note.clone())
    }
}

fn signature(t: &str, who: &str, date: &str) -> Draft {
    Draft::new(t, who, Action::Signature, date)
}

fn withdrawal_of_signature(t: &str, who: &str, date: &str) -> Draft {
    Draft::new(t, who, Action::WithdrawalOfSignature, date)
}

fn ratification(t: &str, who: &str, date: &str) -> Draft {
    Draft::new(t, who, Action::Ratification, date)
}

fn accession(t: &str, who: &str, date: &str) -> Draft {
    Draft::new(t, who, Action::Accession, date)
}

fn formal_confirmation(t: &str, who: &str, date: &str) -> Draft {
    Draft::new(t, who, Action::FormalConfirmation, date)
}

/// A succession notified on `notified`, taking effect from `effective` (the date of succession).
fn succession(t: &str, who: &str, notified: &str, effective: &str) -> Draft {
    Draft::new(t, who, Action::Succession, notified).effective(effective)
}

/// A notice of denunciation received on `date`; it takes effect after the treaty's delay.
fn denunciation(t: &str, who: &str, date: &str) -> Draft {
    Draft::new(t, who, Action::Denunciation, date)
}

fn declaration(t: &str, who: &str, date: &str, article: &str, effect: DeclarationEffect) -> Draft {
    Draft::new(t, who, Action::Declaration, date).article(article).effect(effect)
}

fn declaration_withdrawal(t: &str, who: &str, date: &str, article: &str) -> Draft {
    Draft::new(t, who, Action::DeclarationWithdrawal, date).article(article)
}

fn retraction(t: &str, who: &str, date: &str, target: EventId) -> Draft {
    Draft::new(t, who, Action::Retraction, date).corrects(target)
}

/// A correction of `original` restating its fact with the date `date`.
fn correction(original: &Event, date: &str) -> Draft {
    let mut fact = (*original.fact).clone();
    fact.date = day(date);
    fact.corrects = Some(original.id);
    Draft { fact, recorded_at: recorded(), source: original.source.clone(), note: None }
}

/// Streams of events, one per treaty, each in the order its events were added.
#[derive(Debug, Default)]
struct Ledger {
    streams: Vec<(TreatyId, Vec<Event>)>,
}

impl Ledger {
    fn of(drafts: impl IntoIterator<Item = Draft>) -> Self {
        let mut ledger = Ledger::default();
        for d in drafts {
            ledger.add(d);
        }
        ledger
    }

    /// Appends the event to its treaty's stream and returns it.
    fn add(&mut self, draft: Draft) -> Event {
        let event = draft.event();
        let t = event.fact.treaty;
        match self.streams.iter_mut().find(|(k, _)| *k == t) {
            Some((_, events)) => events.push(event.clone()),
            None => self.streams.push((t, vec![event.clone()])),
        }
        event
    }

    fn violations(&self) -> Vec<Violation> {
        let streams: Vec<(TreatyId, Vec<&Event>)> =
            self.streams.iter().map(|(t, events)| (*t, events.iter().collect())).collect();
        validate(&streams)
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot::new(self.streams.iter().map(|(t, events)| (*t, events.iter())), None)
    }
}

fn describe(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| format!("  {} #{} {}: {}", v.treaty, v.index, v.rule, v.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that the ledger breaks exactly `expected`, as (treaty key, index of the event in
/// its stream, rule), in stream order; returns the violations.
#[track_caller]
fn assert_breaks(ledger: &Ledger, expected: &[(&str, usize, Rule)]) -> Vec<Violation> {
    let violations = ledger.violations();
    let found: Vec<(&str, usize, Rule)> = violations.iter().map(|v| (v.treaty.key(), v.index, v.rule)).collect();
    assert_eq!(found, expected, "violations:\n{}", describe(&violations));
    violations
}

/// Asserts that the ledger breaks exactly one rule, once, and returns that violation.
#[track_caller]
fn the_violation(ledger: &Ledger, treaty_key: &str, index: usize, rule: Rule) -> Violation {
    assert_breaks(ledger, &[(treaty_key, index, rule)]).remove(0)
}

#[track_caller]
fn assert_valid(ledger: &Ledger) {
    let violations = ledger.violations();
    assert!(violations.is_empty(), "expected no violation, found:\n{}", describe(&violations));
}

#[track_caller]
fn assert_mentions(v: &Violation, words: &[&str]) {
    for w in words {
        assert!(v.message.contains(w), "{} message does not mention {w:?}: {}", v.rule, v.message);
    }
}

// Participants' parent-treaty records, so that protocol tests meet their prerequisites.

fn ecuador_icescr() -> [Draft; 2] {
    [signature("icescr", "Ecuador", "1967-09-29"), ratification("icescr", "Ecuador", "1969-03-06")]
}

fn uruguay_icescr() -> [Draft; 2] {
    [signature("icescr", "Uruguay", "1967-02-21"), ratification("icescr", "Uruguay", "1970-04-01")]
}

fn portugal_icescr() -> [Draft; 2] {
    [signature("icescr", "Portugal", "1976-10-07"), ratification("icescr", "Portugal", "1978-07-31")]
}

fn japan_icescr() -> [Draft; 2] {
    [signature("icescr", "Japan", "1978-05-30"), ratification("icescr", "Japan", "1979-06-21")]
}

fn jamaica_iccpr() -> [Draft; 2] {
    [signature("iccpr", "Jamaica", "1966-12-19"), ratification("iccpr", "Jamaica", "1975-10-03")]
}

// ---------------------------------------------------------------------------------------------
// Every rule is covered
// ---------------------------------------------------------------------------------------------

/// Each rule's canonical broken ledger: (ledger, treaty key, index of the offending event).
/// The match is exhaustive, so a new rule cannot be added without an example.
fn broken_example(rule: Rule) -> (Ledger, &'static str, usize) {
    match rule {
        Rule::Source => source::broken(),
        Rule::SourceCell => source_cell::broken(),
        Rule::NotAfterRecorded => not_after_recorded::broken(),
        Rule::Opened => opened::broken(),
        Rule::ParticipantKind => participant_kind::broken(),
        Rule::Fields => fields::broken(),
        Rule::SignatureFirst => signature_first::broken(),
        Rule::AlreadySigned => already_signed::broken(),
        Rule::WithdrawalUnsigned => withdrawal_unsigned::broken(),
        Rule::AlreadyParty => already_party::broken(),
        Rule::Prerequisite => prerequisite::broken(),
        Rule::DenunciationClause => denunciation_clause::broken(),
        Rule::DenunciationParty => denunciation_party::broken(),
        Rule::SuccessionDate => succession_date::broken(),
        Rule::DeclarationArticle => declaration_article::broken(),
        Rule::DeclarationStanding => declaration_standing::broken(),
        Rule::DeclarationWithdrawal => declaration_withdrawal::broken(),
        Rule::CorrectionTarget => correction_target::broken(),
    }
}

#[test]
fn every_rule_has_an_example_that_breaks_it_and_no_other() {
    for rule in Rule::ALL {
        let (ledger, treaty_key, index) = broken_example(rule);
        let v = the_violation(&ledger, treaty_key, index, rule);
        assert!(v.message.len() > 20, "{rule}: the message explains: {:?}", v.message);
        assert_eq!(v.id, ledger.streams.iter().find(|(t, _)| t.key() == treaty_key).unwrap().1[index].id);
    }
}

#[test]
fn rule_ids_are_distinct_and_displayed() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    for r in Rule::ALL {
        assert_eq!(r.to_string(), r.id());
        assert!(r.id().starts_with("rule/"), "{}", r.id());
        assert!(r.statement().ends_with('.'), "{}", r.statement());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
}

// ---------------------------------------------------------------------------------------------
// One module per rule
// ---------------------------------------------------------------------------------------------

/// rule/source
mod source {
    use super::*;

    fn untraceable() -> Source {
        Source { url: None, ..notification("") }
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24").source(untraceable()));
        (ledger, "op-icescr", 0)
    }

    #[test]
    fn an_event_without_url_or_reference_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::Source);
        assert_mentions(&v, &["URL", "reference"]);
    }

    #[test]
    fn a_blank_url_is_no_url() {
        let mut ledger = Ledger::of(uruguay_icescr());
        let blank = Source { url: Some("  ".into()), ..untraceable() };
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24").source(blank));
        the_violation(&ledger, "op-icescr", 0, Rule::Source);
    }

    #[test]
    fn a_url_or_a_reference_is_enough() {
        let mut ledger = Ledger::of(uruguay_icescr());
        // The default source: the treaty's UNTC status page.
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        // A depositary notification cited by reference only (number made up).
        ledger.add(
            ratification("op-icescr", "Uruguay", "2013-02-05").source(notification("C.N.99.2013.TREATIES-IV.3.a")),
        );
        assert_valid(&ledger);
    }
}

/// rule/source (addresses) and the limits of rule/fields on the event's own text
mod source_address {
    use super::*;

    #[test]
    fn a_javascript_url_is_no_address() {
        let mut ledger = Ledger::of(uruguay_icescr());
        let script = Source { url: Some("javascript:alert(1)".into()), ..notification("") };
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24").source(script));
        let v = the_violation(&ledger, "op-icescr", 0, Rule::Source);
        assert_mentions(&v, &["javascript:alert(1)", "https://"]);
    }

    #[test]
    fn a_ten_megabyte_note_is_refused_with_its_limit() {
        let mut ledger = Ledger::of(uruguay_icescr());
        let mut draft = signature("op-icescr", "Uruguay", "2009-09-24");
        draft.note = Some("x".repeat(120_000));
        ledger.add(draft);
        let v = the_violation(&ledger, "op-icescr", 0, Rule::Fields);
        assert_mentions(&v, &["note", "4000"]);
    }
}

/// rule/source-cell
mod source_cell {
    use super::*;

    fn cell(text: &str) -> Source {
        Source { cell: Some(text.into()), ..Source::url(SourceKind::UntcStatusPage, "https://treaties.un.org/x") }
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // The cell says 20 November 2026 with an accession's `a`; the event says 2 November.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24").source(cell("20 Sep 2009")));
        (ledger, "op-icescr", 0)
    }

    #[test]
    fn a_cell_with_another_date_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::SourceCell);
        assert_mentions(&v, &["20 September 2009", "24 September 2009"]);
    }

    #[test]
    fn a_cell_with_another_actions_suffix_fails() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24").source(cell("24 Sep\t 2009")));
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05").source(cell(" \u{a0}5 Feb\t 2013 a")));
        let v = the_violation(&ledger, "op-icescr", 1, Rule::SourceCell);
        assert_mentions(&v, &["\"a\"", "ratification"]);
    }

    #[test]
    fn raw_cells_brackets_and_other_sources_pass() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24").source(cell("[24 Sep\t 2009 ]")));
        // An end note's sentence is not a date cell.
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05").source(cell("note 1: On 5 February 2013, ...")));
        assert_valid(&ledger);
    }
}

/// rule/not-after-recorded
mod not_after_recorded {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: an accession dated the day after the ledger recorded it.
        let mut ledger = Ledger::of(japan_icescr());
        ledger.add(accession("op-icescr", "Japan", "2026-02-04"));
        (ledger, "op-icescr", 0)
    }

    #[test]
    fn an_action_dated_after_it_was_recorded_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::NotAfterRecorded);
        assert_mentions(&v, &["2026-02-04", "2026-02-03"]);
    }

    #[test]
    fn an_action_recorded_on_its_own_day_passes() {
        let mut ledger = Ledger::of(japan_icescr());
        ledger.add(accession("op-icescr", "Japan", "2026-02-03"));
        assert_valid(&ledger);
    }

    #[test]
    fn the_recorded_day_is_the_utc_day() {
        // Uruguay's deposit of 5 Feb 2013, recorded in the last second of 4 Feb (UTC).
        let late_on_the_4th = day("2013-02-04").and_hms_opt(23, 59, 59).unwrap().and_utc();
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05").recorded_at(late_on_the_4th));
        the_violation(&ledger, "op-icescr", 1, Rule::NotAfterRecorded);

        let first_second_of_the_5th = day("2013-02-05").and_hms_opt(0, 0, 0).unwrap().and_utc();
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05").recorded_at(first_second_of_the_5th));
        assert_valid(&ledger);
    }
}

/// rule/opened
mod opened {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // OP-ICESCR was opened for signature on 24 Sep 2009; Ecuador signed that day.
        let mut ledger = Ledger::of(ecuador_icescr());
        ledger.add(signature("op-icescr", "Ecuador", "2009-09-23"));
        (ledger, "op-icescr", 0)
    }

    #[test]
    fn an_op_icescr_signature_before_24_september_2009_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::Opened);
        assert_mentions(&v, &["OP-ICESCR", "24 September 2009", "23 September 2009"]);
    }

    #[test]
    fn a_signature_on_the_opening_day_passes() {
        let mut ledger = Ledger::of(ecuador_icescr());
        ledger.add(signature("op-icescr", "Ecuador", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Ecuador", "2010-06-11"));
        assert_valid(&ledger);
    }

    #[test]
    fn the_icescr_opened_on_19_december_1966() {
        let ledger = Ledger::of([signature("icescr", "Uruguay", "1966-12-18")]);
        let v = the_violation(&ledger, "icescr", 0, Rule::Opened);
        assert_mentions(&v, &["ICESCR", "19 December 1966"]);
        assert_valid(&Ledger::of([signature("icescr", "Uruguay", "1966-12-19")]));
    }
}

/// rule/participant-kind
mod participant_kind {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: the European Union signing the ICESCR, open to States only.
        (Ledger::of([signature("icescr", "European Union", "2010-01-01")]), "icescr", 0)
    }

    #[test]
    fn an_organization_signing_the_icescr_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::ParticipantKind);
        assert_mentions(&v, &["European Union", "organization", "ICESCR"]);
    }

    #[test]
    fn the_european_union_ratifying_the_icescr_fails() {
        let ledger = Ledger::of([
            signature("icescr", "European Union", "2010-01-01"),
            ratification("icescr", "European Union", "2011-01-01"),
        ]);
        // Both of its actions are refused, and for that reason only.
        assert_breaks(&ledger, &[("icescr", 0, Rule::ParticipantKind), ("icescr", 1, Rule::ParticipantKind)]);
    }

    #[test]
    fn the_european_union_confirming_the_crpd_after_signature_passes() {
        // CRPD arts. 42-43: signed 30 Mar 2007, formal confirmation ("c") 23 Dec 2010.
        let ledger = Ledger::of([
            signature("crpd", "European Union", "2007-03-30"),
            formal_confirmation("crpd", "European Union", "2010-12-23"),
        ]);
        assert_valid(&ledger);
        // In force for the EU on the 30th day after (art. 45(2)): 22 Jan 2011.
        let snapshot = ledger.snapshot();
        let eu = participant("European Union");
        let before = snapshot.status(treaty("crpd"), eu, day("2011-01-21"));
        assert!(before.party && !before.in_force, "{before:?}");
        assert!(snapshot.status(treaty("crpd"), eu, day("2011-01-22")).in_force);
    }

    #[test]
    fn a_formal_confirmation_still_needs_a_signature() {
        let ledger = Ledger::of([formal_confirmation("crpd", "European Union", "2010-12-23")]);
        the_violation(&ledger, "crpd", 0, Rule::SignatureFirst);
    }
}

/// rule/fields
mod fields {
    use super::*;

    /// Portugal's OP-ICESCR signature and ratification, with a declaration under art. 10.
    fn portugal() -> Ledger {
        let mut ledger = Ledger::of(portugal_icescr());
        ledger.add(signature("op-icescr", "Portugal", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Portugal", "2013-01-28"));
        ledger.add(declaration("op-icescr", "Portugal", "2013-01-28", "10", DeclarationEffect::OptIn));
        ledger
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // The declaration's article put on the ratification itself.
        let mut ledger = Ledger::of(portugal_icescr());
        ledger.add(signature("op-icescr", "Portugal", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Portugal", "2013-01-28").article("10"));
        (ledger, "op-icescr", 1)
    }

    #[test]
    fn a_ratification_carrying_an_article_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::Fields);
        assert_mentions(&v, &["ratification", "article"]);
    }

    #[test]
    fn the_article_on_its_own_declaration_passes() {
        assert_valid(&portugal());
    }

    #[test]
    fn fields_of_other_actions_fail() {
        let cases = [
            ("a signature with an effective date", signature("icescr", "Cuba", "2008-02-28").effective("2008-03-28")),
            ("a reservation without its text", {
                let mut d = Draft::new("icescr", "Cuba", Action::Reservation, "2008-02-28");
                d.fact.kind = Some("reservation".into());
                d.fact.date_basis = Some(treaty_model::DateBasis::UponSignature);
                d
            }),
            ("an objection naming no counterpart", {
                let mut d = Draft::new("icescr", "Cuba", Action::Objection, "2008-02-28");
                d.fact.text = Some("Cuba objects.".into());
                d.fact.date_basis = Some(treaty_model::DateBasis::Stated);
                d
            }),
            ("a signature with a kind", {
                let mut d = signature("icescr", "Cuba", "2008-02-28");
                d.fact.kind = Some("reservation".into());
                d
            }),
            (
                "a signature with a declaration effect",
                signature("icescr", "Cuba", "2008-02-28").effect(DeclarationEffect::OptIn),
            ),
            (
                "a declaration withdrawal with an effect",
                declaration_withdrawal("op-icescr", "Portugal", "2014-01-01", "10").effect(DeclarationEffect::OptIn),
            ),
            ("a retraction naming nothing", Draft::new("op-icescr", "Portugal", Action::Retraction, "2014-01-01")),
        ];
        for (what, draft) in cases {
            let mut ledger = portugal();
            let t = draft.fact.treaty;
            // Cuba's cases stand alone: the ICESCR stream has Portugal's two events first.
            let index = ledger.streams.iter().find(|(k, _)| *k == t).map_or(0, |(_, e)| e.len());
            ledger.add(draft);
            let violations = ledger.violations();
            let rules: Vec<Rule> = violations.iter().map(|v| v.rule).collect();
            assert_eq!(rules, [Rule::Fields], "{what}:\n{}", describe(&violations));
            assert_eq!(violations[0].index, index, "{what}");
        }
    }
}

/// rule/signature-first
mod signature_first {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Uruguay's ratification of 5 Feb 2013 without its signature of 24 Sep 2009.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05"));
        (ledger, "op-icescr", 0)
    }

    #[test]
    fn ratification_without_signature_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::SignatureFirst);
        assert_mentions(&v, &["Uruguay", "OP-ICESCR", "5 February 2013", "accession"]);
    }

    #[test]
    fn ratification_after_signature_passes() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05"));
        assert_valid(&ledger);
    }

    #[test]
    fn accession_without_signature_passes() {
        // Germany acceded to the OP-ICESCR on 20 Apr 2023 without having signed it.
        let ledger = Ledger::of([
            signature("icescr", "Germany", "1968-10-09"),
            ratification("icescr", "Germany", "1973-12-17"),
            accession("op-icescr", "Germany", "2023-04-20"),
        ]);
        assert_valid(&ledger);
        let status = ledger.snapshot().status(treaty("op-icescr"), participant("Germany"), day("2023-04-20"));
        assert!(status.party && !status.signatory && status.signature.is_none(), "{status:?}");
    }

    #[test]
    fn a_withdrawn_signature_no_longer_counts() {
        // Made up: Uruguay withdraws its signature before ratifying.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2011-01-10"));
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05"));
        the_violation(&ledger, "op-icescr", 2, Rule::SignatureFirst);
    }

    #[test]
    fn a_signature_dated_after_the_ratification_does_not_count() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2013-02-06"));
        ledger.add(ratification("op-icescr", "Uruguay", "2013-02-05"));
        the_violation(&ledger, "op-icescr", 1, Rule::SignatureFirst);
    }
}

/// rule/already-signed
mod already_signed {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: a second signature by Uruguay.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(signature("op-icescr", "Uruguay", "2010-03-01"));
        (ledger, "op-icescr", 1)
    }

    #[test]
    fn signing_twice_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::AlreadySigned);
        assert_mentions(&v, &["Uruguay", "OP-ICESCR", "24 September 2009"]);
    }

    #[test]
    fn signing_again_after_withdrawing_passes() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2010-01-04"));
        ledger.add(signature("op-icescr", "Uruguay", "2010-03-01"));
        assert_valid(&ledger);
        let status = ledger.snapshot().status(treaty("op-icescr"), participant("Uruguay"), day("2010-03-01"));
        assert_eq!(status.signature, Some(day("2010-03-01")));
    }

    #[test]
    fn an_earlier_signature_recorded_second_fails_too() {
        // Recording order is not date order: the signature of 24 Sep 2009 recorded after one
        // of 1 Mar 2010 still makes two signatures, with no withdrawal between them.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2010-03-01"));
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        let v = the_violation(&ledger, "op-icescr", 1, Rule::AlreadySigned);
        assert_mentions(&v, &["Uruguay", "1 March 2010"]);
    }

    #[test]
    fn an_earlier_signature_withdrawn_before_the_later_one_is_no_second_signature() {
        // The withdrawal is refused where it stands (nothing to withdraw yet on its date, as
        // recorded), but once in the stream it separates the two signatures.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2010-03-01"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2010-01-04"));
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        assert_breaks(&ledger, &[("op-icescr", 1, Rule::WithdrawalUnsigned)]);
        // A withdrawal on the later signature's own day withdraws that one, not the earlier.
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2010-03-01"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2010-03-01"));
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        the_violation(&ledger, "op-icescr", 2, Rule::AlreadySigned);
    }
}

/// rule/withdrawal-unsigned
mod withdrawal_unsigned {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        (Ledger::of([withdrawal_of_signature("op-icescr", "Uruguay", "2010-01-04")]), "op-icescr", 0)
    }

    #[test]
    fn withdrawing_a_signature_never_made_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::WithdrawalUnsigned);
        assert_mentions(&v, &["Uruguay", "OP-ICESCR", "4 January 2010"]);
    }

    #[test]
    fn withdrawing_a_signature_in_effect_passes() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2010-01-04"));
        assert_valid(&ledger);
        let snapshot = ledger.snapshot();
        assert!(snapshot.status(treaty("op-icescr"), participant("Uruguay"), day("2010-01-03")).signatory);
        assert!(!snapshot.status(treaty("op-icescr"), participant("Uruguay"), day("2010-01-04")).signatory);
    }

    #[test]
    fn withdrawing_twice_fails() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2010-01-04"));
        ledger.add(withdrawal_of_signature("op-icescr", "Uruguay", "2010-02-01"));
        the_violation(&ledger, "op-icescr", 2, Rule::WithdrawalUnsigned);
    }
}

/// rule/already-party
mod already_party {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: a second ratification by Ecuador while it is a party.
        let mut ledger = Ledger::of(ecuador_icescr());
        ledger.add(signature("op-icescr", "Ecuador", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Ecuador", "2010-06-11"));
        ledger.add(ratification("op-icescr", "Ecuador", "2011-01-10"));
        (ledger, "op-icescr", 2)
    }

    #[test]
    fn a_second_ratification_while_party_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::AlreadyParty);
        assert_mentions(&v, &["Ecuador", "OP-ICESCR", "ratification", "11 June 2010"]);
    }

    /// Guyana, ICCPR-OP1 (UNTC IV-5, end notes): accession 10 May 1993; on 5 Jan 1999 it
    /// denounced the Protocol with effect from 5 Apr 1999 and, the same day, re-acceded with
    /// a reservation. (Guyana's ICCPR dates: signed 22 Aug 1968, ratified 15 Feb 1977.)
    fn guyana() -> Ledger {
        Ledger::of([
            signature("iccpr", "Guyana", "1968-08-22"),
            ratification("iccpr", "Guyana", "1977-02-15"),
            accession("iccpr-op1", "Guyana", "1993-05-10"),
            denunciation("iccpr-op1", "Guyana", "1999-01-05"),
            accession("iccpr-op1", "Guyana", "1999-01-05"),
        ])
    }

    #[test]
    fn re_acceding_on_the_day_of_a_denunciation_passes() {
        let ledger = guyana();
        assert_valid(&ledger);

        let snapshot = ledger.snapshot();
        let status = |date: &str| snapshot.status(treaty("iccpr-op1"), participant("GUY"), day(date));
        // Bound throughout: the first period until 5 Apr 1999, the second from 5 Jan 1999,
        // in force for it three months later (art. 9(2)).
        for date in ["1999-01-05", "1999-04-04", "1999-04-05", "2026-01-01"] {
            let s = status(date);
            assert!(s.party && s.in_force, "{date}: {s:?}");
        }
        let second = status("1999-04-05");
        assert_eq!(second.memberships, 2);
        let m = second.membership.expect("a period of being bound");
        assert_eq!((m.action, m.date, m.entry_into_force), (Action::Accession, day("1999-01-05"), day("1999-04-05")));
    }

    /// Trinidad and Tobago, ICCPR-OP1 (UNTC IV-5, end note 1): accession 14 Nov 1980;
    /// denunciation received 26 May 1998 with effect from 26 Aug 1998; re-accession on
    /// 26 Aug 1998 with a reservation; denounced again on 27 Mar 2000 with effect from
    /// 27 Jun 2000.
    #[test]
    fn trinidad_and_tobago_leaves_rejoins_and_leaves_again() {
        let ledger = Ledger::of([
            accession("iccpr", "Trinidad and Tobago", "1978-12-21"),
            accession("iccpr-op1", "Trinidad and Tobago", "1980-11-14"),
            denunciation("iccpr-op1", "Trinidad and Tobago", "1998-05-26"),
            accession("iccpr-op1", "Trinidad and Tobago", "1998-08-26"),
            denunciation("iccpr-op1", "Trinidad and Tobago", "2000-03-27"),
        ]);
        assert_valid(&ledger);
        let snapshot = ledger.snapshot();
        let status = |date: &str| snapshot.status(treaty("iccpr-op1"), participant("TTO"), day(date));
        for date in ["1998-05-26", "1998-08-25", "1998-08-26", "2000-06-26"] {
            assert!(status(date).party, "{date}");
        }
        // The re-accession is in force three months after its deposit, but the State was bound
        // by its first accession until the day before.
        assert_eq!(status("1998-09-01").membership.unwrap().entry_into_force, day("1998-11-26"));
        // The second denunciation takes effect three months after receipt (art. 12(1)).
        let gone = status("2000-06-27");
        assert!(!gone.party && !gone.in_force, "{gone:?}");
        assert_eq!(gone.membership.unwrap().denunciation_effective, Some(day("2000-06-27")));
    }

    #[test]
    fn re_acceding_without_a_denunciation_fails() {
        let ledger = Ledger::of([
            accession("iccpr", "Trinidad and Tobago", "1978-12-21"),
            accession("iccpr-op1", "Trinidad and Tobago", "1980-11-14"),
            accession("iccpr-op1", "Trinidad and Tobago", "1998-05-26"),
        ]);
        let v = the_violation(&ledger, "iccpr-op1", 1, Rule::AlreadyParty);
        assert_mentions(&v, &["Trinidad and Tobago", "14 November 1980"]);
    }

    #[test]
    fn an_earlier_consent_recorded_second_fails() {
        // Germany's accession of 20 Apr 2023, then one dated 2020 recorded after it (made up).
        let ledger = Ledger::of([
            signature("icescr", "Germany", "1968-10-09"),
            ratification("icescr", "Germany", "1973-12-17"),
            accession("op-icescr", "Germany", "2023-04-20"),
            accession("op-icescr", "Germany", "2020-01-06"),
        ]);
        let v = the_violation(&ledger, "op-icescr", 1, Rule::AlreadyParty);
        assert_mentions(&v, &["Germany", "20 April 2023"]);
    }
}

/// rule/prerequisite
mod prerequisite {
    use super::*;

    /// Uruguay on the OP-ICESCR with its ICESCR ratification on `icescr_ratified`.
    fn uruguay(icescr_ratified: &str) -> Ledger {
        Ledger::of([
            signature("icescr", "Uruguay", "1967-02-21"),
            ratification("icescr", "Uruguay", icescr_ratified),
            signature("op-icescr", "Uruguay", "2009-09-24"),
            ratification("op-icescr", "Uruguay", "2013-02-05"),
        ])
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: Uruguay's ICESCR ratification dated after its OP-ICESCR ratification.
        (uruguay("2013-06-03"), "op-icescr", 1)
    }

    #[test]
    fn op_icescr_ratification_by_a_state_not_party_to_the_icescr_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::Prerequisite);
        assert_mentions(&v, &["party to the ICESCR", "17(2)", "Uruguay", "5 February 2013"]);
    }

    #[test]
    fn the_same_ratification_passes_when_the_icescr_ratification_is_earlier() {
        assert_valid(&uruguay("1970-04-01"));
    }

    #[test]
    fn ratification_on_the_day_of_the_parent_ratification_passes() {
        assert_valid(&uruguay("2013-02-05"));
    }

    #[test]
    fn an_icescr_signatory_may_sign_but_not_ratify_the_protocol() {
        // Cuba signed the ICESCR on 28 Feb 2008 and has not ratified it; art. 17(1) lets it
        // sign the Protocol, art. 17(2) does not let it ratify (the Protocol actions are made up).
        let ledger = Ledger::of([
            signature("icescr", "Cuba", "2008-02-28"),
            signature("op-icescr", "Cuba", "2009-09-24"),
            ratification("op-icescr", "Cuba", "2012-01-09"),
        ]);
        let v = the_violation(&ledger, "op-icescr", 1, Rule::Prerequisite);
        assert_mentions(&v, &["Cuba", "9 January 2012"]);
    }

    #[test]
    fn signing_the_protocol_without_any_standing_in_the_icescr_fails() {
        let ledger = Ledger::of([signature("op-icescr", "Malaysia", "2009-09-24")]);
        let v = the_violation(&ledger, "op-icescr", 0, Rule::Prerequisite);
        assert_mentions(&v, &["a signatory of or party to the ICESCR", "17(1)", "Malaysia", "24 September 2009"]);
    }

    #[test]
    fn accession_needs_the_parent_too() {
        let ledger = Ledger::of([accession("op-icescr", "Malaysia", "2020-01-06")]);
        the_violation(&ledger, "op-icescr", 0, Rule::Prerequisite);
    }

    #[test]
    fn a_state_whose_denunciation_of_the_parent_took_effect_is_no_longer_a_party() {
        // Made up: Uruguay denounces the CRPD (effect one year later, art. 48) and then
        // accedes to the OP-CRPD, open only to parties of the Convention (art. 11).
        let ledger = Ledger::of([
            signature("crpd", "Uruguay", "2007-04-03"),
            ratification("crpd", "Uruguay", "2009-02-11"),
            denunciation("crpd", "Uruguay", "2010-01-04"),
            accession("op-crpd", "Uruguay", "2011-10-28"),
        ]);
        let v = the_violation(&ledger, "op-crpd", 0, Rule::Prerequisite);
        assert_mentions(&v, &["party to the CRPD", "Uruguay", "28 October 2011"]);

        // While the denunciation has not yet taken effect, it is still a party.
        let ledger = Ledger::of([
            signature("crpd", "Uruguay", "2007-04-03"),
            ratification("crpd", "Uruguay", "2009-02-11"),
            denunciation("crpd", "Uruguay", "2010-01-04"),
            accession("op-crpd", "Uruguay", "2011-01-03"),
        ]);
        assert_valid(&ledger);
    }

    #[test]
    fn a_succession_counts_from_the_date_of_succession() {
        // Made up: a protocol accession dated between a succession's date of succession and
        // its notification. The successor was a party from the date of succession.
        let ledger = Ledger::of([
            succession("iccpr", "Bosnia and Herzegovina", "1993-09-01", "1992-03-06"),
            accession("iccpr-op1", "Bosnia and Herzegovina", "1993-06-01"),
        ]);
        assert_valid(&ledger);
        // Before the date of succession it was not.
        let ledger = Ledger::of([
            succession("iccpr", "Bosnia and Herzegovina", "1993-09-01", "1992-03-06"),
            accession("iccpr-op1", "Bosnia and Herzegovina", "1992-03-05"),
        ]);
        the_violation(&ledger, "iccpr-op1", 0, Rule::Prerequisite);
    }
}

/// rule/denunciation-clause
mod denunciation_clause {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: a notice of denunciation of the ICESCR, which has no denunciation clause.
        let ledger = Ledger::of([
            accession("icescr", "Democratic People's Republic of Korea", "1981-09-14"),
            denunciation("icescr", "Democratic People's Republic of Korea", "1997-08-25"),
        ]);
        (ledger, "icescr", 1)
    }

    #[test]
    fn denouncing_the_icescr_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::DenunciationClause);
        assert_mentions(&v, &["ICESCR", "no denunciation clause"]);
    }

    #[test]
    fn the_dprk_notice_of_withdrawal_from_the_iccpr_has_no_effect() {
        // DPRK acceded 14 Sep 1981 and notified its withdrawal on 25 Aug 1997; the Covenant has
        // no denunciation clause (HRC General Comment 26), so the DPRK is still a party.
        let ledger = Ledger::of([accession("iccpr", "PRK", "1981-09-14"), denunciation("iccpr", "PRK", "1997-08-25")]);
        the_violation(&ledger, "iccpr", 1, Rule::DenunciationClause);
        let status = ledger.snapshot().status(treaty("iccpr"), participant("PRK"), day("2026-02-03"));
        assert!(status.party && status.in_force, "{status:?}");
    }

    #[test]
    fn denouncing_a_treaty_with_a_clause_passes() {
        let mut ledger = Ledger::of(jamaica_iccpr());
        ledger.add(signature("iccpr-op1", "Jamaica", "1966-12-19"));
        ledger.add(ratification("iccpr-op1", "Jamaica", "1975-10-03"));
        ledger.add(denunciation("iccpr-op1", "Jamaica", "1997-10-23"));
        assert_valid(&ledger);
    }
}

/// rule/denunciation-party
mod denunciation_party {
    use super::*;

    /// Jamaica, ICCPR-OP1: signed 19 Dec 1966, ratified 3 Oct 1975, denounced 23 Oct 1997
    /// (effect 23 Jan 1998, art. 12(1)).
    fn jamaica() -> Ledger {
        let mut ledger = Ledger::of(jamaica_iccpr());
        ledger.add(signature("iccpr-op1", "Jamaica", "1966-12-19"));
        ledger.add(ratification("iccpr-op1", "Jamaica", "1975-10-03"));
        ledger.add(denunciation("iccpr-op1", "Jamaica", "1997-10-23"));
        ledger
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: a State that never joined the Protocol denounces it.
        (Ledger::of([denunciation("iccpr-op1", "United States of America", "1997-10-23")]), "iccpr-op1", 0)
    }

    #[test]
    fn a_denunciation_of_iccpr_op1_by_a_non_party_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::DenunciationParty);
        assert_mentions(&v, &["United States of America", "ICCPR-OP1", "23 October 1997"]);
    }

    #[test]
    fn a_denunciation_of_iccpr_op1_by_a_party_passes() {
        let ledger = jamaica();
        assert_valid(&ledger);
        let snapshot = ledger.snapshot();
        let status = |date: &str| snapshot.status(treaty("iccpr-op1"), participant("Jamaica"), day(date));
        assert!(status("1998-01-22").party);
        let after = status("1998-01-23");
        assert!(!after.party && !after.in_force, "{after:?}");
        // UNTC brackets Jamaica's signature too once the denunciation took effect.
        assert!(!after.signatory, "{after:?}");
        assert_eq!(after.membership.unwrap().denunciation_effective, Some(day("1998-01-23")));
    }

    #[test]
    fn denouncing_twice_fails() {
        let mut ledger = jamaica();
        ledger.add(denunciation("iccpr-op1", "Jamaica", "1997-11-03"));
        let v = the_violation(&ledger, "iccpr-op1", 3, Rule::DenunciationParty);
        assert_mentions(&v, &["Jamaica", "3 November 1997"]);
    }

    #[test]
    fn a_signatory_that_is_not_a_party_cannot_denounce() {
        let mut ledger = Ledger::of(jamaica_iccpr());
        ledger.add(signature("iccpr-op1", "Jamaica", "1966-12-19"));
        ledger.add(denunciation("iccpr-op1", "Jamaica", "1997-10-23"));
        the_violation(&ledger, "iccpr-op1", 1, Rule::DenunciationParty);
    }

    #[test]
    fn a_denunciation_taking_effect_before_its_receipt_fails() {
        let mut ledger = Ledger::of(jamaica_iccpr());
        ledger.add(signature("iccpr-op1", "Jamaica", "1966-12-19"));
        ledger.add(ratification("iccpr-op1", "Jamaica", "1975-10-03"));
        ledger.add(denunciation("iccpr-op1", "Jamaica", "1997-10-23").effective("1997-10-22"));
        let v = the_violation(&ledger, "iccpr-op1", 2, Rule::DenunciationParty);
        assert_mentions(&v, &["22 October 1997", "23 October 1997"]);
    }

    #[test]
    fn a_stated_effective_date_is_used() {
        // Belarus, ICCPR-OP1: accession 30 Sep 1992; denunciation received 8 Nov 2022, with
        // effect from 8 Feb 2023 as the depositary notification states.
        let ledger = Ledger::of([
            signature("iccpr", "Belarus", "1968-03-19"),
            ratification("iccpr", "Belarus", "1973-11-12"),
            accession("iccpr-op1", "Belarus", "1992-09-30"),
            denunciation("iccpr-op1", "Belarus", "2022-11-08").effective("2023-02-08"),
        ]);
        assert_valid(&ledger);
        let snapshot = ledger.snapshot();
        assert!(snapshot.status(treaty("iccpr-op1"), participant("Belarus"), day("2023-02-07")).party);
        assert!(!snapshot.status(treaty("iccpr-op1"), participant("Belarus"), day("2023-02-08")).party);
    }
}

/// rule/succession-date
mod succession_date {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: a date of succession after the notification.
        (Ledger::of([succession("icerd", "Bosnia and Herzegovina", "1993-07-16", "1993-08-01")]), "icerd", 0)
    }

    #[test]
    fn a_succession_taking_effect_after_its_notification_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::SuccessionDate);
        assert_mentions(&v, &["1 August 1993", "16 July 1993"]);
    }

    #[test]
    fn a_retroactive_succession_passes() {
        // Bosnia and Herzegovina, ICERD: notified 16 Jul 1993, with effect from 6 Mar 1992.
        let ledger = Ledger::of([succession("icerd", "Bosnia and Herzegovina", "1993-07-16", "1992-03-06")]);
        assert_valid(&ledger);
        let status = ledger.snapshot().status(treaty("icerd"), participant("BIH"), day("1993-07-16"));
        assert_eq!(status.membership.unwrap().entry_into_force, day("1992-03-06"));
    }

    #[test]
    fn a_succession_on_the_day_of_its_notification_passes() {
        assert_valid(&Ledger::of([succession("icerd", "Bosnia and Herzegovina", "1993-07-16", "1993-07-16")]));
    }
}

/// rule/declaration-article
mod declaration_article {
    use super::*;

    /// Portugal, OP-ICESCR: signed 24 Sep 2009, ratified 28 Jan 2013.
    fn portugal() -> Ledger {
        let mut ledger = Ledger::of(portugal_icescr());
        ledger.add(signature("op-icescr", "Portugal", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Portugal", "2013-01-28"));
        ledger
    }

    fn portugal_declaring(article: &str, effect: DeclarationEffect) -> Ledger {
        let mut ledger = portugal();
        ledger.add(declaration("op-icescr", "Portugal", "2013-01-28", article, effect));
        ledger
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // The OP-ICESCR provides for declarations under arts. 10 and 11, not 12.
        (portugal_declaring("12", DeclarationEffect::OptIn), "op-icescr", 2)
    }

    #[test]
    fn an_op_icescr_declaration_under_article_12_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::DeclarationArticle);
        assert_mentions(&v, &["article 12", "OP-ICESCR", "10, 11"]);
    }

    #[test]
    fn an_op_icescr_art_10_opt_in_by_a_party_passes() {
        let ledger = portugal_declaring("10", DeclarationEffect::OptIn);
        assert_valid(&ledger);
        // The inter-State procedure is accepted once Portugal is a party.
        let status = ledger.snapshot().status(treaty("op-icescr"), participant("Portugal"), day("2013-05-05"));
        let accepted: Vec<&str> = status.procedures.iter().filter(|p| p.accepted).map(|p| p.article).collect();
        assert_eq!(accepted, ["2", "10"]);
    }

    #[test]
    fn an_op_icescr_art_10_opt_out_fails() {
        let ledger = portugal_declaring("10", DeclarationEffect::OptOut);
        let v = the_violation(&ledger, "op-icescr", 2, Rule::DeclarationArticle);
        assert_mentions(&v, &["article 10", "opt_in", "opt_out"]);
    }

    #[test]
    fn an_opt_out_article_takes_only_opt_out() {
        // OP-CEDAW art. 10: a State may declare that it does not recognise the inquiry
        // procedure; Bangladesh did so on ratifying, 6 Sep 2000.
        let ledger = Ledger::of([
            accession("cedaw", "Bangladesh", "1984-11-06"),
            signature("op-cedaw", "Bangladesh", "2000-09-06"),
            ratification("op-cedaw", "Bangladesh", "2000-09-06"),
            declaration("op-cedaw", "Bangladesh", "2000-09-06", "10", DeclarationEffect::OptOut),
        ]);
        assert_valid(&ledger);
        let ledger = Ledger::of([
            accession("cedaw", "Bangladesh", "1984-11-06"),
            signature("op-cedaw", "Bangladesh", "2000-09-06"),
            ratification("op-cedaw", "Bangladesh", "2000-09-06"),
            declaration("op-cedaw", "Bangladesh", "2000-09-06", "10", DeclarationEffect::OptIn),
        ]);
        the_violation(&ledger, "op-cedaw", 2, Rule::DeclarationArticle);
    }

    #[test]
    fn an_automatic_procedure_takes_no_declaration() {
        // Art. 2 (individual communications) binds every party.
        let ledger = portugal_declaring("2", DeclarationEffect::OptIn);
        the_violation(&ledger, "op-icescr", 2, Rule::DeclarationArticle);
    }

    #[test]
    fn a_declaration_without_an_article_fails() {
        let mut ledger = portugal();
        let mut draft = declaration("op-icescr", "Portugal", "2013-01-28", "10", DeclarationEffect::OptIn);
        draft.fact.article = None;
        ledger.add(draft);
        let v = the_violation(&ledger, "op-icescr", 2, Rule::DeclarationArticle);
        assert_mentions(&v, &["names its article"]);
    }
}

/// rule/declaration-standing
mod declaration_standing {
    use super::*;

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: Japan, a party to the ICESCR but not a signatory of the Protocol, declares.
        let mut ledger = Ledger::of(japan_icescr());
        ledger.add(declaration("op-icescr", "Japan", "2015-03-02", "10", DeclarationEffect::OptIn));
        (ledger, "op-icescr", 0)
    }

    #[test]
    fn a_declaration_by_a_non_signatory_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::DeclarationStanding);
        assert_mentions(&v, &["Japan", "OP-ICESCR", "2 March 2015"]);
    }

    #[test]
    fn a_declaration_by_a_signatory_passes() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(declaration("op-icescr", "Uruguay", "2010-01-04", "10", DeclarationEffect::OptIn));
        assert_valid(&ledger);
        // A signatory accepts no procedure: only a party does.
        let status = ledger.snapshot().status(treaty("op-icescr"), participant("Uruguay"), day("2010-01-04"));
        assert!(status.declarations.contains_key("10"));
        assert!(status.procedures.iter().all(|p| !p.accepted), "{:?}", status.procedures);
    }

    #[test]
    fn a_declaration_before_the_signature_fails() {
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-24"));
        ledger.add(declaration("op-icescr", "Uruguay", "2009-09-24", "10", DeclarationEffect::OptIn));
        assert_valid(&ledger);
        let mut ledger = Ledger::of(uruguay_icescr());
        ledger.add(signature("op-icescr", "Uruguay", "2009-09-25"));
        ledger.add(declaration("op-icescr", "Uruguay", "2009-09-24", "10", DeclarationEffect::OptIn));
        the_violation(&ledger, "op-icescr", 1, Rule::DeclarationStanding);
    }
}

/// rule/declaration-withdrawal
mod declaration_withdrawal {
    use super::*;

    fn portugal() -> Ledger {
        let mut ledger = Ledger::of(portugal_icescr());
        ledger.add(signature("op-icescr", "Portugal", "2009-09-24"));
        ledger.add(ratification("op-icescr", "Portugal", "2013-01-28"));
        ledger
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // Made up: Portugal withdraws an art. 11 declaration it never made.
        let mut ledger = portugal();
        ledger.add(declaration_withdrawal("op-icescr", "Portugal", "2020-01-06", "11"));
        (ledger, "op-icescr", 2)
    }

    #[test]
    fn withdrawing_a_declaration_never_made_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::DeclarationWithdrawal);
        assert_mentions(&v, &["Portugal", "article 11", "6 January 2020"]);
    }

    #[test]
    fn withdrawing_a_declaration_in_effect_passes() {
        let mut ledger = portugal();
        ledger.add(declaration("op-icescr", "Portugal", "2013-01-28", "11", DeclarationEffect::OptIn));
        ledger.add(declaration_withdrawal("op-icescr", "Portugal", "2020-01-06", "11"));
        assert_valid(&ledger);
        let snapshot = ledger.snapshot();
        let inquiry = |date: &str| {
            let s = snapshot.status(treaty("op-icescr"), participant("Portugal"), day(date));
            s.procedures.iter().find(|p| p.article == "11").unwrap().accepted
        };
        assert!(inquiry("2020-01-05"));
        assert!(!inquiry("2020-01-06"));
    }

    #[test]
    fn withdrawing_under_another_article_fails() {
        let mut ledger = portugal();
        ledger.add(declaration("op-icescr", "Portugal", "2013-01-28", "10", DeclarationEffect::OptIn));
        ledger.add(declaration_withdrawal("op-icescr", "Portugal", "2020-01-06", "11"));
        the_violation(&ledger, "op-icescr", 3, Rule::DeclarationWithdrawal);
    }

    #[test]
    fn withdrawing_twice_fails() {
        let mut ledger = portugal();
        ledger.add(declaration("op-icescr", "Portugal", "2013-01-28", "11", DeclarationEffect::OptIn));
        ledger.add(declaration_withdrawal("op-icescr", "Portugal", "2020-01-06", "11"));
        ledger.add(declaration_withdrawal("op-icescr", "Portugal", "2021-01-04", "11"));
        the_violation(&ledger, "op-icescr", 4, Rule::DeclarationWithdrawal);
    }
}

/// rule/correction-target, and what a valid correction or retraction does to the fold.
mod correction_target {
    use super::*;

    /// Ecuador's OP-ICESCR actions, with the ratification first recorded as 21 June 2010
    /// (a typo for 11 June). Returns the ledger and the mistaken event.
    fn ecuador_with_a_typo() -> (Ledger, Event) {
        let mut ledger = Ledger::of(ecuador_icescr());
        ledger.add(signature("op-icescr", "Ecuador", "2009-09-24"));
        let typo = ledger.add(ratification("op-icescr", "Ecuador", "2010-06-21"));
        (ledger, typo)
    }

    pub(super) fn broken() -> (Ledger, &'static str, usize) {
        // A correction of an event the stream never held: the typo was never recorded.
        let mut ledger = Ledger::of(ecuador_icescr());
        ledger.add(signature("op-icescr", "Ecuador", "2009-09-24"));
        let never_recorded = ratification("op-icescr", "Ecuador", "2010-06-21").event();
        ledger.add(correction(&never_recorded, "2010-06-11"));
        (ledger, "op-icescr", 1)
    }

    #[test]
    fn a_correction_naming_an_unknown_id_fails() {
        let (ledger, t, i) = broken();
        let v = the_violation(&ledger, t, i, Rule::CorrectionTarget);
        let target = ratification("op-icescr", "Ecuador", "2010-06-21").event().id;
        assert_mentions(&v, &[&target.to_hex(), "no earlier event"]);
    }

    #[test]
    fn a_correction_restating_the_date_passes_and_the_fold_uses_it() {
        let (mut ledger, typo) = ecuador_with_a_typo();
        let fixed = ledger.add(correction(&typo, "2010-06-11"));
        assert_valid(&ledger);

        let snapshot = ledger.snapshot();
        let ecuador = participant("Ecuador");
        let history = snapshot.history(treaty("op-icescr"));
        assert!(!history.contains(typo.id) && history.contains(fixed.id));
        assert_eq!(history.records(ecuador).len(), 2, "the signature and the corrected ratification");

        let status = |date: &str| snapshot.status(treaty("op-icescr"), ecuador, day(date));
        assert!(!status("2010-06-10").party);
        let on_the_11th = status("2010-06-11");
        assert!(on_the_11th.party, "{on_the_11th:?}");
        assert_eq!(on_the_11th.membership.as_ref().unwrap().date, day("2010-06-11"));
        assert_eq!(on_the_11th.memberships, 1);
        assert!(on_the_11th.events.contains(&fixed.id) && !on_the_11th.events.contains(&typo.id));
        assert_eq!(snapshot.summary(treaty("op-icescr"), day("2010-06-15")).parties, 1);
    }

    #[test]
    fn a_correction_is_judged_in_place_of_the_fact_it_corrects() {
        // Without the correction's target set aside, this would be a second ratification.
        let (mut ledger, typo) = ecuador_with_a_typo();
        ledger.add(correction(&typo, "2010-06-11"));
        assert_valid(&ledger);
        // But the restated fact must itself keep the rules: a date after the ledger recorded
        // it fails.
        let (mut ledger, typo) = ecuador_with_a_typo();
        ledger.add(correction(&typo, "2026-02-04"));
        the_violation(&ledger, "op-icescr", 2, Rule::NotAfterRecorded);
    }

    #[test]
    fn a_retraction_of_the_participants_own_event_passes() {
        let (mut ledger, typo) = ecuador_with_a_typo();
        ledger.add(retraction("op-icescr", "Ecuador", "2010-06-21", typo.id));
        assert_valid(&ledger);
        let status = ledger.snapshot().status(treaty("op-icescr"), participant("Ecuador"), day("2026-02-03"));
        assert!(status.signatory && !status.party, "{status:?}");
    }

    #[test]
    fn a_retraction_of_another_participants_event_fails() {
        let (mut ledger, typo) = ecuador_with_a_typo();
        ledger.add(retraction("op-icescr", "Uruguay", "2010-06-21", typo.id));
        let v = the_violation(&ledger, "op-icescr", 2, Rule::CorrectionTarget);
        assert_mentions(&v, &["Ecuador", "Uruguay", &typo.id.to_hex()]);
        // And the fold leaves Ecuador's ratification alone.
        let status = ledger.snapshot().status(treaty("op-icescr"), participant("Ecuador"), day("2026-02-03"));
        assert!(status.party);
    }

    #[test]
    fn correcting_a_retracted_event_fails() {
        let (mut ledger, typo) = ecuador_with_a_typo();
        ledger.add(retraction("op-icescr", "Ecuador", "2010-06-21", typo.id));
        ledger.add(correction(&typo, "2010-06-11"));
        the_violation(&ledger, "op-icescr", 3, Rule::CorrectionTarget);
    }

    #[test]
    fn an_event_of_another_stream_is_no_target() {
        let (mut ledger, typo) = ecuador_with_a_typo();
        // Made up: a retraction in the ICESCR stream naming the OP-ICESCR ratification.
        ledger.add(retraction("icescr", "Ecuador", "2010-06-21", typo.id));
        the_violation(&ledger, "icescr", 2, Rule::CorrectionTarget);
    }
}
