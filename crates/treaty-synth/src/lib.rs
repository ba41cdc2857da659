//! Synthetic event logs: the committed log's format and rules at any size, for measuring the
//! commands at 10,000 to 1,000,000 events (`benches/scale.sh`, docs/PERFORMANCE.md).
//!
//! Every stream gets the same number of events, spread over real States of the registry
//! (each a signature, a ratification, for some a declaration under an optional procedure,
//! then reservations, objections, notifications and withdrawals, with a correction now and
//! then), emitted round-robin across the States so that a participant's events are
//! scattered along the stream as in a log built up over years. The dates are chosen so that
//! every treaty rule holds: each treaty is signed some days after it opened and ratified 400
//! days later, so a State is always a signatory of, and party to, an optional protocol's
//! parent before it signs and ratifies the protocol. The output is deterministic: the same
//! size gives the same bytes.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use treaty_log::line;
use treaty_model::{
    Action, DateBasis, DeclarationEffect, Event, Fact, ParticipantId, ParticipantKind, ProcedureKind, Sha256, Source,
    SourceKind, TreatyId,
};

/// When the synthetic events were recorded: the first at this time, each next one a second
/// later along its stream.
#[must_use]
pub fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).single().expect("a valid time")
}

/// The latest legal date of a synthetic event.
fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("a valid date")
}

/// The States of the registry, in code order.
fn states() -> Vec<ParticipantId> {
    ParticipantId::all().filter(|p| p.participant().kind == ParticipantKind::State).collect()
}

/// What a log of `total` events looks like: how many States each stream has, and how many
/// events each of them gets.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The States acting on every treaty, in order.
    pub states: Vec<ParticipantId>,
    /// Events per stream, in catalogue order.
    pub per_stream: Vec<usize>,
}

impl Plan {
    /// The plan for `total` events (at least 3 per stream, so 54 in all).
    #[must_use]
    pub fn new(total: usize) -> Plan {
        let treaties = TreatyId::all().count();
        let total = total.max(3 * treaties);
        let per_stream: Vec<usize> =
            (0..treaties).map(|i| total / treaties + usize::from(i < total % treaties)).collect();
        // Three events at least for each State: its signature, its ratification and one more.
        let smallest = per_stream.iter().copied().min().unwrap_or(0);
        let all = states();
        let n = (smallest / 3).clamp(2, all.len());
        Plan { states: all[..n].to_vec(), per_stream }
    }

    /// The plan for `total` events among the first `states` States only (at least 2), so
    /// that a small log reaches the events a State's long record has (objections, corrections).
    #[must_use]
    pub fn with_states(total: usize, states: usize) -> Plan {
        let mut plan = Plan::new(total);
        let all = self::states();
        plan.states = all[..states.clamp(2, all.len())].to_vec();
        plan
    }
}

/// The `k`-th event (0-based) of State number `j` on `treaty`, among `n` events of its own;
/// `previous` is its previous event there (a correction restates it).
fn event_of(treaty: TreatyId, states: &[ParticipantId], j: usize, k: usize, previous: Option<&Event>) -> Event {
    let t = treaty.treaty();
    let p = states[j];
    // Spread the States' signatures over two years after the treaty opened.
    let signed = t.opened_for_signature + Days::new(((j * 37) % 700) as u64 + 1);
    let ratified = signed + Days::new(400);
    let mut source = Source::url(SourceKind::UntcStatusPage, t.untc_url);
    source.retrieved_at = Some(Utc.with_ymd_and_hms(2026, 2, 3, 14, 16, 18).single().expect("a valid time"));
    source.sha256 = Some(Sha256::of(t.key.as_bytes()));
    let untc_cell = |d: NaiveDate| format!("{}\t {}", d.format("%-d %b"), d.format("%Y"));
    let opt_in = t.procedures.iter().find(|p| p.kind == ProcedureKind::OptIn);
    let fact = match k {
        0 => {
            source.cell = Some(untc_cell(signed));
            Fact::new(treaty, p, Action::Signature, signed)
        }
        1 => {
            source.cell = Some(untc_cell(ratified));
            Fact::new(treaty, p, Action::Ratification, ratified)
        }
        2 if opt_in.is_some() && j.is_multiple_of(3) => {
            let procedure = opt_in.expect("checked");
            source.section = Some("article_declarations".into());
            let mut f = Fact::new(treaty, p, Action::Declaration, ratified + Days::new(30));
            f.article = Some(procedure.article.to_owned());
            f.declaration = Some(DeclarationEffect::OptIn);
            f
        }
        _ if k % 50 == 49 && previous.is_some_and(|e| e.fact.action.is_terms() && e.fact.corrects.is_none()) => {
            // A correction restates the previous fact with its text put right.
            let target = previous.expect("checked");
            source.section = target.source.section.clone();
            source.row = target.source.row.clone();
            let mut f = (*target.fact).clone();
            f.corrects = Some(target.id);
            f.text = Some(format!("{} (corrected)", f.text.as_deref().unwrap_or_default()));
            f
        }
        _ => {
            let span = (last_date() - ratified).num_days().max(1) as usize;
            let date = ratified + Days::new(((k * 13) % span) as u64 + 1);
            let (action, kind, section) = match k % 4 {
                0 => (Action::Reservation, "reservation", "reservations"),
                1 => (Action::Objection, "objection", "objections"),
                2 => (Action::Notification, "notification", "notifications"),
                _ => (Action::ReservationWithdrawal, "reservation", "reservations"),
            };
            let mut f = Fact::new(treaty, p, action, date);
            f.kind = Some(kind.into());
            f.date_basis = Some(DateBasis::Stated);
            let name = p.participant().untc_name.as_str();
            f.text = Some(match action {
                Action::Objection => {
                    let other = states[(j + 1 + k % (states.len() - 1)) % states.len()];
                    f.counterpart = Some(other);
                    format!(
                        "The Government of {name} objects to reservation {k} made by {} to the {}, which it considers incompatible with the object and purpose of the treaty.",
                        other.participant().untc_name,
                        t.short_title
                    )
                }
                _ => format!(
                    "Entry {k} of {name} on the {}: synthetic {kind} text, of the length of a short entry of the depositary's record.",
                    t.short_title
                ),
            });
            source.section = Some(section.into());
            source.row = Some(format!("{}", j + 1));
            f
        }
    };
    let at = base_time();
    Event::new(fact, at, source, None)
}

/// One stream's events, in stream order, with `recorded_at` one second apart from
/// `base_time()`.
#[must_use]
pub fn stream_events(plan: &Plan, treaty: TreatyId, count: usize) -> Vec<Event> {
    let n = plan.states.len();
    // The first `count % n` States get one event more.
    let own = |j: usize| count / n + usize::from(j < count % n);
    let mut last: Vec<Option<Event>> = vec![None; n];
    let mut out = Vec::with_capacity(count);
    let rounds = own(0);
    for k in 0..rounds {
        for (j, previous) in last.iter_mut().enumerate() {
            if k >= own(j) {
                continue;
            }
            let mut e = event_of(treaty, &plan.states, j, k, previous.as_ref());
            e.recorded_at = base_time() + chrono::Duration::seconds(out.len() as i64);
            *previous = Some(e.clone());
            out.push(e);
        }
    }
    out
}

/// Writes a log of `total` events into `dir` (created; its streams must not exist yet) and
/// returns how many were written.
///
/// # Errors
/// When `dir` already holds a stream or a file cannot be written.
pub fn write_log(dir: &Path, total: usize) -> std::io::Result<usize> {
    write_plan(dir, &Plan::new(total))
}

/// Writes the log of `plan` into `dir`, as [`write_log`].
///
/// # Errors
/// As [`write_log`].
pub fn write_plan(dir: &Path, plan: &Plan) -> std::io::Result<usize> {
    fs::create_dir_all(dir)?;
    let mut written = 0;
    for (treaty, &count) in TreatyId::all().zip(&plan.per_stream) {
        let path = dir.join(format!("{}.ndjson", treaty.key()));
        let file = File::create_new(&path)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let mut head = Sha256::ZERO;
        for (i, event) in stream_events(plan, treaty, count).iter().enumerate() {
            let (text, hash) = line::encode(i as u64 + 1, event, head);
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
            head = hash;
        }
        out.into_inner().map_err(std::io::IntoInnerError::into_error)?.sync_all()?;
        written += count;
    }
    Ok(written)
}

/// `count` new events that a log of `total` events lacks, as records for `treaty import`
/// (NDJSON, one object a line): more entries of the States' records, on the streams in turn.
#[must_use]
pub fn import_records(total: usize, count: usize) -> String {
    let plan = Plan::new(total);
    let n = plan.states.len();
    let mut out = String::new();
    for i in 0..count {
        let treaty = TreatyId::all().nth(i % plan.per_stream.len()).expect("a treaty");
        let j = (i / plan.per_stream.len()) % n;
        // Past any index the log used for this State, so the fact is new.
        let k = 1_000_000 + i * 4;
        let e = event_of(treaty, &plan.states, j, k, None);
        out.push_str(&record_json(&e));
        out.push('\n');
    }
    out
}

/// The `treaty append` flags of a new event (the `nth`, from 0) for a log of `total` events:
/// a reservation of the OP-ICESCR, whose rules read the ICESCR's stream too.
#[must_use]
pub fn append_args(total: usize, nth: usize) -> Vec<String> {
    let plan = Plan::new(total);
    let treaty = TreatyId::parse("op-icescr").expect("a treaty");
    let e = event_of(treaty, &plan.states, nth % plan.states.len(), 2_000_000 + nth * 4, None);
    let f = &e.fact;
    let mut args = vec![
        ("--treaty", f.treaty.key().to_owned()),
        ("--participant", f.participant.code().to_owned()),
        ("--action", f.action.as_str().to_owned()),
        ("--date", f.date.to_string()),
        ("--kind", f.kind.clone().unwrap_or_default()),
        ("--date-basis", f.date_basis.map(DateBasis::as_str).unwrap_or_default().to_owned()),
        ("--text", f.text.clone().unwrap_or_default()),
        ("--source-url", e.source.url.clone().unwrap_or_default()),
    ];
    if let Some(c) = f.counterpart {
        args.push(("--counterpart", c.code().to_owned()));
    }
    args.into_iter().flat_map(|(k, v)| [k.to_owned(), v]).collect()
}

fn record_json(e: &Event) -> String {
    let f = &e.fact;
    let mut o = serde_json::Map::new();
    let mut put = |k: &str, v: String| {
        o.insert(k.to_owned(), serde_json::Value::String(v));
    };
    put("treaty", f.treaty.key().to_owned());
    put("participant", f.participant.code().to_owned());
    put("action", f.action.as_str().to_owned());
    put("date", f.date.to_string());
    if let Some(k) = &f.kind {
        put("kind", k.clone());
    }
    if let Some(c) = f.counterpart {
        put("counterpart", c.code().to_owned());
    }
    if let Some(b) = f.date_basis {
        put("date_basis", b.as_str().to_owned());
    }
    if let Some(t) = &f.text {
        put("text", t.clone());
    }
    if let Some(u) = &e.source.url {
        put("source_url", u.clone());
    }
    serde_json::Value::Object(o).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use treaty_log::Log;

    #[test]
    fn a_synthetic_log_keeps_every_rule_and_is_the_same_each_time() {
        let dir = tempfile::tempdir().unwrap();
        // Three States: about 55 events each in each stream, as many as a long record has.
        let plan = Plan::with_states(3_000, 3);
        let n = write_plan(&dir.path().join("a"), &plan).unwrap();
        write_plan(&dir.path().join("b"), &plan).unwrap();
        assert_eq!(n, 3_000);
        let streams = Log::new(dir.path().join("a")).read_all().unwrap();
        let problems: Vec<_> = streams.iter().flat_map(|s| s.problems.iter().map(ToString::to_string)).collect();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(streams.iter().map(|s| s.entries.len()).sum::<usize>(), 3_000);
        let lists: Vec<_> = streams.iter().map(|s| (s.treaty, s.events().collect::<Vec<_>>())).collect();
        let violations = treaty_fold::validate(&lists);
        assert!(violations.is_empty(), "{:?}", &violations[..violations.len().min(5)]);
        // Every kind of event the generator makes is there, corrections included.
        let actions: std::collections::BTreeSet<Action> =
            lists.iter().flat_map(|(_, e)| e.iter().map(|e| e.fact.action)).collect();
        assert_eq!(actions.len(), 7, "{actions:?}");
        assert!(lists.iter().any(|(_, e)| e.iter().any(|e| e.fact.corrects.is_some())));
        for t in TreatyId::all() {
            let path = |d: &str| dir.path().join(d).join(format!("{}.ndjson", t.key()));
            assert_eq!(fs::read(path("a")).unwrap(), fs::read(path("b")).unwrap());
        }
    }

    #[test]
    fn the_new_events_are_new_and_keep_the_rules() {
        let records = import_records(3_000, 40);
        assert_eq!(records.lines().count(), 40);
        let args = append_args(3_000, 0);
        assert!(args.windows(2).any(|w| w[0] == "--treaty" && w[1] == "op-icescr"), "{args:?}");
    }
}
