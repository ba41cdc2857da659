//! Properties of the fold over random valid ledgers.
//!
//! A ledger is grown from random candidate events over a few participants (Ecuador, Uruguay,
//! Trinidad and Tobago, the European Union) and treaties (the ICESCR and the ICCPR with their
//! first protocols, and the CRPD, which the European Union may join): each candidate is
//! appended only if [`treaty_fold::validate`] still accepts the whole ledger, so every ledger
//! the properties see is valid. Candidates include
//! corrections, retractions and re-joining after a denunciation; withdrawals of signature are
//! left out, so that the only way a count can fall is a denunciation taking effect.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, Utc};
use proptest::prelude::*;
use treaty_fold::status::denunciation_effective;
use treaty_fold::{History, Snapshot, Violation, validate};
use treaty_model::{
    Action, DeclarationEffect, Event, Fact, ParticipantId, ProcedureKind, Source, SourceKind, TreatyId,
};

const TREATIES: [&str; 5] = ["icescr", "op-icescr", "iccpr", "iccpr-op1", "crpd"];
const PARTICIPANTS: [&str; 4] = ["ECU", "URY", "TTO", "EUU"];

/// Candidate dates fall on weekly slots from here (clamped to each treaty's opening, so the
/// opening day itself is common and same-day ties happen).
fn window_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2005, 1, 3).expect("valid date")
}

/// The last day a candidate may fall on: the day every event is recorded.
fn window_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 3).expect("valid date")
}

fn recorded() -> DateTime<Utc> {
    window_end().and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

fn treaty(i: usize) -> TreatyId {
    TreatyId::parse(TREATIES[i]).expect("catalogue key")
}

fn participant(i: usize) -> ParticipantId {
    ParticipantId::from_code(PARTICIPANTS[i]).expect("registry code")
}

/// When a candidate happens.
#[derive(Debug, Clone, Copy)]
enum When {
    /// This many days after the participant's latest action in any treaty (so that stories
    /// move forward: signature, ratification, protocol, denunciation, re-accession).
    After(u16),
    /// A weekly slot of the window, in no particular order.
    Slot(u16),
    /// The date of an event already in the ledger (to provoke same-day ties).
    SameDayAs(u16),
}

/// What a candidate does.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Sign(Action),
    Consent(Action),
    /// A succession whose date of succession is this many days before its notification.
    Succession(u16),
    /// A denunciation, with an effective date this many days after receipt if stated.
    Denunciation(Option<u16>),
    Declaration(u8),
    DeclarationWithdrawal(u8),
    /// Restates the fact of an event of the same stream at the candidate's date: one of the
    /// participant's events in effect, or (when `true`) any event of the stream.
    Correction(u16, bool),
    /// Retracts an event of the same stream, chosen as for a correction.
    Retraction(u16, bool),
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    treaty: usize,
    participant: usize,
    kind: Kind,
    when: When,
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        6 => (0u16..1500).prop_map(When::After),
        2 => any::<u16>().prop_map(When::Slot),
        1 => any::<u16>().prop_map(When::SameDayAs),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        4 => prop::sample::select(vec![Action::Signature, Action::SuccessionToSignature]).prop_map(Kind::Sign),
        5 => prop::sample::select(vec![
            Action::Ratification,
            Action::Accession,
            Action::Acceptance,
            Action::FormalConfirmation,
            Action::DefinitiveSignature,
        ])
        .prop_map(Kind::Consent),
        1 => (0u16..3000).prop_map(Kind::Succession),
        3 => prop::option::of(0u16..800).prop_map(Kind::Denunciation),
        2 => any::<u8>().prop_map(Kind::Declaration),
        1 => any::<u8>().prop_map(Kind::DeclarationWithdrawal),
        1 => (any::<u16>(), prop::bool::weighted(0.2)).prop_map(|(n, any)| Kind::Correction(n, any)),
        1 => (any::<u16>(), prop::bool::weighted(0.2)).prop_map(|(n, any)| Kind::Retraction(n, any)),
    ]
}

fn candidate() -> impl Strategy<Value = Candidate> {
    (0..TREATIES.len(), 0..PARTICIPANTS.len(), kind(), when()).prop_map(|(treaty, participant, kind, when)| Candidate {
        treaty,
        participant,
        kind,
        when,
    })
}

/// A candidate more likely to reach across participants: a correction or retraction naming
/// any event of its stream (which the fold must refuse to apply when it is another's).
fn intrusive_candidate() -> impl Strategy<Value = Candidate> {
    prop_oneof![
        2 => candidate(),
        1 => (candidate(), any::<u16>(), any::<bool>()).prop_map(|(c, n, correct)| Candidate {
            kind: if correct { Kind::Correction(n, true) } else { Kind::Retraction(n, true) },
            ..c
        }),
    ]
}

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec(candidate(), 8..80)
}

/// Dates to look at beyond those of the ledger, as days from 1 Jan 1960 (to about 2070).
fn extra_dates() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0u32..40_000, 0..8)
}

/// One stream per treaty of [`TREATIES`], in that order.
#[derive(Debug, Clone)]
struct Ledger {
    streams: Vec<(TreatyId, Vec<Event>)>,
}

impl Ledger {
    fn new() -> Self {
        Ledger { streams: (0..TREATIES.len()).map(|i| (treaty(i), Vec::new())).collect() }
    }

    fn events(&self) -> impl Iterator<Item = &Event> {
        self.streams.iter().flat_map(|(_, events)| events)
    }

    fn with(&self, event: Event) -> Ledger {
        let mut next = self.clone();
        let stream = next.streams.iter_mut().find(|(t, _)| *t == event.fact.treaty).expect("a stream per treaty");
        stream.1.push(event);
        next
    }

    fn violations(&self) -> Vec<Violation> {
        let streams: Vec<(TreatyId, Vec<&Event>)> =
            self.streams.iter().map(|(t, events)| (*t, events.iter().collect())).collect();
        validate(&streams)
    }

    fn snapshot(&self, known_at: Option<DateTime<Utc>>) -> Snapshot {
        Snapshot::new(self.streams.iter().map(|(t, events)| (*t, events.iter())), known_at)
    }

    fn date(&self, when: When, t: TreatyId, p: ParticipantId) -> NaiveDate {
        match when {
            When::After(gap) => {
                let latest = self.events().filter(|e| e.fact.participant == p).map(|e| e.fact.date).max();
                let date = latest.unwrap_or(window_start()) + Days::new(u64::from(gap));
                date.max(t.treaty().opened_for_signature).min(window_end())
            }
            When::Slot(n) => {
                let weeks = (window_end() - window_start()).num_weeks();
                let slot = i64::from(n) % (weeks + 1);
                let date = window_start() + Days::new(u64::try_from(slot * 7).expect("non-negative"));
                date.max(t.treaty().opened_for_signature)
            }
            When::SameDayAs(n) => {
                let dates: Vec<NaiveDate> = self.events().map(|e| e.fact.date).collect();
                if dates.is_empty() { window_end() } else { dates[usize::from(n) % dates.len()] }
            }
        }
    }

    /// The event a candidate stands for, if it can stand for one (a declaration needs an
    /// article the treaty provides for; a correction, an event to correct).
    fn realise(&self, c: Candidate) -> Option<Event> {
        let t = treaty(c.treaty);
        let who = participant(c.participant);
        let date = self.date(c.when, t, who);
        let fact = |action| Fact::new(t, who, action, date);
        let stream = &self.streams[c.treaty].1;
        let in_effect = History::build(stream, None);
        let target = |n: u16, any: bool| -> Option<&Event> {
            let pool: Vec<&Event> =
                stream.iter().filter(|e| any || in_effect.records(who).iter().any(|r| r.id == e.id)).collect();
            pool.get(usize::from(n) % pool.len().max(1)).copied()
        };
        let declarable: Vec<_> = t.treaty().procedures.iter().filter(|p| p.kind != ProcedureKind::Automatic).collect();
        let fact = match c.kind {
            Kind::Sign(a) | Kind::Consent(a) => fact(a),
            Kind::Succession(back) => {
                let mut f = fact(Action::Succession);
                f.effective_date = date.checked_sub_days(Days::new(u64::from(back)));
                f
            }
            Kind::Denunciation(stated) => {
                let mut f = fact(Action::Denunciation);
                f.effective_date = stated.map(|n| date + Days::new(u64::from(n)));
                f
            }
            Kind::Declaration(n) | Kind::DeclarationWithdrawal(n) => {
                let procedure = declarable.get(usize::from(n) % declarable.len().max(1))?;
                let declares = matches!(c.kind, Kind::Declaration(_));
                let mut f = fact(if declares { Action::Declaration } else { Action::DeclarationWithdrawal });
                f.article = Some(procedure.article.to_owned());
                f.declaration = declares.then_some(match procedure.kind {
                    ProcedureKind::OptOut => DeclarationEffect::OptOut,
                    ProcedureKind::Statement => DeclarationEffect::Statement,
                    _ => DeclarationEffect::OptIn,
                });
                f
            }
            Kind::Correction(n, any) => {
                let target = target(n, any)?;
                let mut f = (*target.fact).clone();
                f.date = date;
                f.corrects = Some(target.id);
                f
            }
            Kind::Retraction(n, any) => {
                let target = target(n, any)?;
                let mut f = fact(Action::Retraction);
                f.corrects = Some(target.id);
                f
            }
        };
        let source = Source::url(SourceKind::UntcStatusPage, t.treaty().untc_url);
        Some(Event::new(fact, recorded(), source, None))
    }
}

/// Appends each candidate that keeps the ledger valid, one at a time.
fn valid_ledger(candidates: &[Candidate]) -> Ledger {
    let mut ledger = Ledger::new();
    for &c in candidates {
        if let Some(event) = ledger.realise(c) {
            let next = ledger.with(event);
            if next.violations().is_empty() {
                ledger = next;
            }
        }
    }
    ledger
}

/// Appends every candidate, valid or not.
fn raw_ledger(candidates: &[Candidate]) -> Ledger {
    let mut ledger = Ledger::new();
    for &c in candidates {
        if let Some(event) = ledger.realise(c) {
            ledger = ledger.with(event);
        }
    }
    ledger
}

/// When each denunciation in effect in the ledger takes effect, per treaty and participant.
fn denunciations(ledger: &Ledger) -> Vec<(TreatyId, ParticipantId, NaiveDate)> {
    let snapshot = ledger.snapshot(None);
    let mut out = Vec::new();
    for (t, _) in &ledger.streams {
        for (p, records) in snapshot.history(*t).participants() {
            for r in records.iter().filter(|r| r.fact.action == Action::Denunciation) {
                if let Some(e) = denunciation_effective(t.treaty(), r.fact.date, r.fact.effective_date) {
                    out.push((*t, p, e));
                }
            }
        }
    }
    out
}

/// The dates where something may change (every date the ledger states, the days either
/// side, each denunciation's effect, each treaty's opening and entry into force), and `extra`.
fn dates_to_check(ledger: &Ledger, extra: &[u32]) -> Vec<NaiveDate> {
    let mut dates = BTreeSet::new();
    let mut stated: Vec<NaiveDate> =
        ledger.events().flat_map(|e| [Some(e.fact.date), e.fact.effective_date]).flatten().collect();
    stated.extend(denunciations(ledger).into_iter().map(|(_, _, d)| d));
    stated.extend(
        ledger.streams.iter().flat_map(|(t, _)| [t.treaty().opened_for_signature, t.treaty().entry_into_force]),
    );
    for d in stated {
        dates.extend([d.pred_opt(), Some(d), d.succ_opt()].into_iter().flatten());
    }
    let base = NaiveDate::from_ymd_opt(1960, 1, 1).expect("valid date");
    dates.extend(extra.iter().map(|&n| base + Days::new(u64::from(n))));
    dates.into_iter().collect()
}

/// The properties below would hold vacuously over empty ledgers: check, on a fixed sample,
/// that the generator builds valid ledgers that exercise what they are about (denunciations,
/// re-joining, corrections, retractions, declarations, successions, protocols).
#[test]
fn generated_ledgers_are_valid_and_eventful() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let (
        mut events,
        mut denounced,
        mut rejoined,
        mut corrected,
        mut retracted,
        mut declared,
        mut succeeded,
        mut protocols,
    ) = (0, 0, 0, 0, 0, 0, 0, 0);
    for _ in 0..64 {
        let candidates = candidates().new_tree(&mut runner).expect("a value").current();
        let ledger = valid_ledger(&candidates);
        let violations = ledger.violations();
        assert!(violations.is_empty(), "{violations:?}");
        let all: Vec<&Event> = ledger.events().collect();
        events += all.len();
        let has = |pred: &dyn Fn(&Event) -> bool| usize::from(all.iter().any(|e| pred(e)));
        denounced += has(&|e| e.fact.action == Action::Denunciation);
        corrected += has(&|e| e.fact.is_correction());
        retracted += has(&|e| e.fact.action == Action::Retraction);
        declared += has(&|e| e.fact.action == Action::Declaration);
        succeeded += has(&|e| e.fact.action == Action::Succession);
        protocols += has(&|e| e.fact.action.is_consent() && matches!(e.fact.treaty.key(), "op-icescr" | "iccpr-op1"));
        let snapshot = ledger.snapshot(None);
        rejoined += usize::from(
            ledger.streams.iter().any(|(t, _)| snapshot.statuses(*t, NaiveDate::MAX).iter().any(|s| s.memberships > 1)),
        );
    }
    let stats = format!(
        "events {events}, with a denunciation {denounced}, re-joined {rejoined}, corrected {corrected}, \
         retracted {retracted}, declared {declared}, succeeded {succeeded}, protocol consent {protocols} (of 64)"
    );
    assert!(events >= 64 * 8, "{stats}");
    for n in [denounced, corrected, retracted, declared, succeeded, protocols] {
        assert!(n >= 5, "{stats}");
    }
    assert!(rejoined >= 1, "{stats}");
}

/// A modest number of cases keeps the suite to about a second in debug. A failure prints its
/// minimal input; make it a named test in `tests/rules.rs` rather than a regressions file.
fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// (a) The fold never panics, on valid ledgers and on anything at all, at any date and
    /// whatever the ledger knew.
    #[test]
    fn the_fold_never_panics(candidates in candidates(), extra in extra_dates()) {
        for ledger in [valid_ledger(&candidates), raw_ledger(&candidates)] {
            let _ = ledger.violations();
            let mut dates = dates_to_check(&ledger, &extra);
            dates.extend([NaiveDate::MIN, NaiveDate::MAX]);
            let known = [None, Some(recorded()), Some(DateTime::<Utc>::UNIX_EPOCH)];
            for known_at in known {
                let snapshot = ledger.snapshot(known_at);
                for (t, _) in &ledger.streams {
                    for &date in &dates {
                        let summary = snapshot.summary(*t, date);
                        let statuses = snapshot.statuses(*t, date);
                        prop_assert!(summary.parties <= statuses.len());
                        prop_assert!(summary.in_force <= summary.parties);
                    }
                }
            }
        }
    }

    /// (b) Counts as of a date never fall between d1 < d2 unless a denunciation took effect
    /// in (d1, d2]; nor does any one participant stop being a signatory, a party, or bound
    /// and in force. (Checked for every pair of dates for the counts; for each participant,
    /// between consecutive dates, which implies every pair.)
    #[test]
    fn counts_fall_only_when_a_denunciation_takes_effect(candidates in candidates(), extra in extra_dates()) {
        let ledger = valid_ledger(&candidates);
        let snapshot = ledger.snapshot(None);
        let dates = dates_to_check(&ledger, &extra);
        let denounced = denunciations(&ledger);
        let took_effect = |t: TreatyId, p: Option<ParticipantId>, d1: NaiveDate, d2: NaiveDate| {
            denounced.iter().any(|&(dt, dp, e)| dt == t && p.is_none_or(|p| p == dp) && d1 < e && e <= d2)
        };
        for (t, _) in &ledger.streams {
            let t = *t;
            let rows: Vec<_> = dates.iter().map(|&d| (d, snapshot.summary(t, d), snapshot.statuses(t, d))).collect();
            for (i, (d1, a, statuses1)) in rows.iter().enumerate() {
                for (d2, b, _) in &rows[i + 1..] {
                    if b.parties < a.parties || b.in_force < a.in_force || b.signatories < a.signatories {
                        prop_assert!(
                            took_effect(t, None, *d1, *d2),
                            "{}: counts fell from {} to {} with no denunciation taking effect: {:?} -> {:?}", t, d1, d2, a, b
                        );
                    }
                }
                let Some((d2, _, statuses2)) = rows.get(i + 1) else { continue };
                for s1 in statuses1 {
                    // A participant with facts by d1 has them by d2.
                    let s2 = statuses2.iter().find(|s| s.participant == s1.participant);
                    prop_assert!(s2.is_some(), "{} {} vanished after {}", t, s1.participant, d1);
                    let s2 = s2.expect("checked");
                    let fell = (s1.party && !s2.party) || (s1.in_force && !s2.in_force) || (s1.signatory && !s2.signatory);
                    if fell {
                        prop_assert!(
                            took_effect(t, Some(s1.participant), *d1, *d2),
                            "{} {}: status fell from {} to {}: {:?} -> {:?}", t, s1.participant, d1, d2, s1, s2
                        );
                    }
                }
            }
        }
    }

    /// (c) Adding an event about one participant, valid or not, never changes another
    /// participant's status row, in any treaty, on any date; nor the verdict on another
    /// participant's events.
    #[test]
    fn an_event_about_one_participant_leaves_the_others_alone(
        candidates in candidates(),
        added in intrusive_candidate(),
        extra in extra_dates(),
    ) {
        let ledger = valid_ledger(&candidates);
        let Some(event) = ledger.realise(added) else { return Ok(()) };
        let who = event.fact.participant;
        let after = ledger.with(event);

        let (before_snapshot, after_snapshot) = (ledger.snapshot(None), after.snapshot(None));
        let dates = dates_to_check(&after, &extra);
        for (t, _) in &after.streams {
            for other in (0..PARTICIPANTS.len()).map(participant).filter(|&p| p != who) {
                prop_assert_eq!(
                    before_snapshot.history(*t).records(other),
                    after_snapshot.history(*t).records(other),
                    "{} {}", t, other
                );
                for &date in &dates {
                    prop_assert_eq!(
                        before_snapshot.status(*t, other, date),
                        after_snapshot.status(*t, other, date),
                        "{} {} on {}", t, other, date
                    );
                }
            }
        }

        // The ledger was valid; whatever the new event breaks is about its participant.
        for v in after.violations() {
            let stream = &after.streams.iter().find(|(t, _)| *t == v.treaty).expect("stream").1;
            prop_assert_eq!(stream[v.index].fact.participant, who, "{} on another participant's event: {}", v.rule, v.message);
        }
    }
}
