//! The tables of the release, built from the log's streams and their fold.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Utc};
use treaty_fold::{History, ParticipantStatus, Snapshot, status::participant_status};
use treaty_model::{
    Action, Event, EventId, ParticipantId, ParticipantKind, ProcedureKind, Sha256, Standing, TreatyId, UnStatus,
    population_of,
};

use crate::table::{CHUNK, Chunker, Column, ForeignKey, Kind::*, Published, Table, Value, col, req};

/// One recorded event with its place in its stream.
#[derive(Debug, Clone, Copy)]
pub struct EntryInput<'a> {
    /// Sequence number.
    pub seq: u64,
    /// The event.
    pub event: &'a Event,
    /// The line's hash.
    pub hash: Sha256,
}

/// One treaty's stream.
#[derive(Debug, Clone)]
pub struct StreamInput<'a> {
    /// The treaty.
    pub treaty: TreatyId,
    /// Its events in stream order.
    pub entries: Vec<EntryInput<'a>>,
    /// The hash of its last line.
    pub head: Sha256,
}

const TO_PARTICIPANTS: ForeignKey =
    ForeignKey { fields: &["participant"], table: "participants", reference_fields: &["code"] };
const TO_TREATIES: ForeignKey = ForeignKey { fields: &["treaty"], table: "treaties", reference_fields: &["key"] };

fn table(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    columns: Vec<Column>,
    primary_key: &'static [&'static str],
) -> Table {
    Table { name, title, description, columns, rows: Vec::new(), primary_key, foreign_keys: Vec::new(), json: true }
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// `events`: the log, flattened, with provenance.
#[must_use]
pub fn events(streams: &[StreamInput<'_>], snapshot: &Snapshot) -> Table {
    events_where(streams, snapshot, |_, _| true)
}

/// The `events` table of the entries `keep` keeps (`treaty log` lists them with the release's
/// columns).
#[must_use]
pub fn events_where(
    streams: &[StreamInput<'_>],
    snapshot: &Snapshot,
    keep: impl Fn(TreatyId, &EntryInput<'_>) -> bool,
) -> Table {
    let mut t = events_columns();
    for s in streams {
        let history = snapshot.history(s.treaty);
        for e in s.entries.iter().filter(|e| keep(s.treaty, e)) {
            t.push(event_row(s.treaty, e, history));
        }
    }
    t
}

/// The events table of the release, its rows made [`CHUNK`] at a time whenever a file writes
/// them (see [`Published`]). The same rows as [`events`].
#[must_use]
pub fn events_made<'a>(streams: &'a [StreamInput<'a>], snapshot: &'a Snapshot) -> Published<'a> {
    events_made_in(streams, snapshot, CHUNK)
}

/// [`events_made`] with chunks of `chunk` rows.
pub(crate) fn events_made_in<'a>(
    streams: &'a [StreamInput<'a>],
    snapshot: &'a Snapshot,
    chunk: usize,
) -> Published<'a> {
    let rows = streams.iter().map(|s| s.entries.len()).sum();
    Published::made(
        events_columns(),
        rows,
        Box::new(move |sink| {
            let mut chunks = Chunker::new(sink, chunk);
            for s in streams {
                let history = snapshot.history(s.treaty);
                for e in &s.entries {
                    if !chunks.push(event_row(s.treaty, e, history)) {
                        return;
                    }
                }
            }
            chunks.finish();
        }),
    )
}

fn events_columns() -> Table {
    let mut t = table(
        "events",
        "Treaty actions (the event log)",
        "One row per recorded event: a treaty action with its legal date, the time the ledger recorded it, and its source. Corrections and retractions are events too; `in_effect` says whether an event still counts.",
        vec![
            req(
                "event_id",
                Text,
                "Id derived from the fact (treaty, participant, action, dates, article, corrected event): the same fact always has the same id.",
            ),
            req("treaty", Code, "Treaty key (see the treaties table)."),
            req("seq", Integer, "Position of the event in its treaty's stream, from 1."),
            req(
                "participant",
                Code,
                "ISO 3166-1 alpha-3 code of the participant, or a declared code for one without (EUU: European Union).",
            ),
            req("participant_name", Text, "The participant's name as UNTC writes it today."),
            req(
                "action",
                Code,
                "signature, succession_to_signature, definitive_signature, ratification, accession, succession, acceptance, approval, formal_confirmation, withdrawal_of_signature, denunciation, declaration, declaration_withdrawal, retraction, reservation (an entry of \"Declarations and Reservations\"), reservation_withdrawal, objection or notification.",
            ),
            req(
                "kind",
                Code,
                "fact, correction (restates the fact of the event in `corrects`) or retraction (withdraws the event in `corrects`).",
            ),
            req(
                "date",
                Date,
                "Legal date of the action: signature, deposit of the instrument, receipt of the notification.",
            ),
            col(
                "effective_date",
                Date,
                "Date the action takes effect where the record states it: a succession's date of succession, a denunciation's effective date.",
            ),
            col("article", Code, "Article a declaration is made under."),
            col(
                "declaration",
                Code,
                "What a declaration does: opt_in (accepts a procedure), opt_out (excludes it) or statement.",
            ),
            col("corrects", Text, "The event a correction or retraction points to."),
            col(
                "terms_kind",
                Text,
                "What the record calls a reservation, withdrawal, objection or notification: reservation, declaration, interpretative declaration, understanding, derogation, ... (the text itself is in the reservations, objections and notifications tables).",
            ),
            col("counterpart", Code, "For an objection: the participant objected to."),
            col(
                "date_basis",
                Code,
                "How the date was established for the terms of participation: stated (the record dates the act), upon_consent (made upon ratification, accession or succession: that instrument's date), upon_signature.",
            ),
            req("in_effect", Boolean, "false when the event was later corrected or retracted."),
            req("recorded_at", Timestamp, "When the ledger recorded the event (UTC)."),
            req("source_kind", Code, "untc_status_page, depositary_notification, untc_record or other."),
            col("source_url", Text, "Where the source can be read."),
            col("source_reference", Text, "A citable reference, e.g. a depositary notification C.N.…"),
            col("source_retrieved_at", Timestamp, "When the source was fetched (UTC)."),
            col("source_sha256", Text, "SHA-256 of the fetched source's bytes."),
            col("source_status_as_at", Timestamp, "The UNTC page's own \"status as at\" time, in UTC."),
            col(
                "source_cell",
                Text,
                "The raw text of the page cell or end note the fact was read from (UNTC cells keep their tab and no-break spaces).",
            ),
            col(
                "source_section",
                Code,
                "For an entry below the UNTC participants table: reservations, objections, article_declarations, notifications or end_notes.",
            ),
            col(
                "source_row",
                Text,
                "Where in that section: 3.2 is its third entry's second dated part; note 14 is end note 14.",
            ),
            col("note", Text, "A free note."),
            req("hash", Text, "SHA-256 chain hash of the event's line in the log (docs/EVENT-FORMAT.md)."),
        ],
        &["event_id"],
    );
    t.foreign_keys = vec![TO_PARTICIPANTS, TO_TREATIES];
    t
}

fn event_row(treaty: TreatyId, e: &EntryInput<'_>, history: &History) -> Vec<Value> {
    let ev = e.event;
    let f = &ev.fact;
    let kind = if f.action == Action::Retraction {
        "retraction"
    } else if f.corrects.is_some() {
        "correction"
    } else {
        "fact"
    };
    vec![
        ev.id.to_hex().into(),
        treaty.key().into(),
        i64::try_from(e.seq).expect("seq fits").into(),
        f.participant.code().into(),
        f.participant.name().into(),
        f.action.as_str().into(),
        kind.into(),
        f.date.into(),
        f.effective_date.into(),
        f.article.clone().into(),
        f.declaration.map(|d| d.as_str()).into(),
        f.corrects.map(|c| c.to_hex()).into(),
        f.kind.clone().into(),
        f.counterpart.map(ParticipantId::code).into(),
        f.date_basis.map(|b| b.as_str()).into(),
        history.contains(ev.id).into(),
        ev.recorded_at.into(),
        ev.source.kind.as_str().into(),
        ev.source.url.clone().into(),
        ev.source.reference.clone().into(),
        ev.source.retrieved_at.into(),
        ev.source.sha256.map(|h| h.to_hex()).into(),
        ev.source.status_as_at.map(|t| t.with_timezone(&Utc)).into(),
        ev.source.cell.clone().into(),
        ev.source.section.clone().into(),
        ev.source.row.clone().into(),
        ev.note.clone().into(),
        e.hash.to_hex().into(),
    ]
}

/// What a reservation entry is called, for a sentence.
pub(crate) fn named(kind: Option<&str>) -> &str {
    match kind {
        None | Some("unspecified") => "reservation or declaration",
        Some(k) => k,
    }
}

/// "a reservation", "an interpretative declaration", "reservations and declarations".
pub(crate) fn with_article(noun: &str) -> String {
    if noun.starts_with("reservations") || noun.starts_with("declarations") {
        noun.to_owned()
    } else if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// The source columns every table of the terms of participation ends with.
fn source_columns() -> Vec<Column> {
    vec![
        req("source_kind", Code, "untc_status_page, depositary_notification, untc_record or other."),
        col("source_url", Text, "Where the source can be read."),
        col("source_reference", Text, "A citable reference."),
        col("source_sha256", Text, "SHA-256 of the fetched page's bytes."),
        col("source_status_as_at", Timestamp, "The UNTC page's own \"status as at\" time, in UTC."),
        col("source_section", Code, "reservations, objections, article_declarations, notifications or end_notes."),
        col(
            "source_row",
            Text,
            "The entry in that section (3.2: third entry, second dated part; note 14: end note 14).",
        ),
    ]
}

fn source_values(e: &Event) -> Vec<Value> {
    let s = &e.source;
    vec![
        s.kind.as_str().into(),
        s.url.clone().into(),
        s.reference.clone().into(),
        s.sha256.map(|h| h.to_hex()).into(),
        s.status_as_at.map(|t| t.with_timezone(&Utc)).into(),
        s.section.clone().into(),
        s.row.clone().into(),
    ]
}

/// The events of `action` in effect on `as_of`, in treaty, participant, date and id order.
fn in_effect<'a>(
    streams: &'a [StreamInput<'a>],
    snapshot: &'a Snapshot,
    action: Action,
    as_of: NaiveDate,
) -> Vec<(TreatyId, &'a Event)> {
    let mut out = Vec::new();
    for s in streams {
        let by_id: HashMap<EventId, &Event> = s.entries.iter().map(|e| (e.event.id, e.event)).collect();
        let history = snapshot.history(s.treaty);
        for (_, records) in history.participants() {
            let mut mine: Vec<&Event> = records
                .iter()
                .filter(|r| r.fact.action == action && r.fact.date <= as_of)
                .filter_map(|r| by_id.get(&r.id).copied())
                .collect();
            mine.sort_by_key(|e| (e.fact.date, e.id));
            out.extend(mine.into_iter().map(|e| (s.treaty, e)));
        }
    }
    out
}

const TO_COUNTERPARTS: ForeignKey =
    ForeignKey { fields: &["counterpart"], table: "participants", reference_fields: &["code"] };

/// What sets one table of the terms of participation apart from the others.
struct TermsTable {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    action: Action,
    /// What the participant column holds.
    who: &'static str,
    /// Columns between the participant's name and the date.
    middle: Vec<Column>,
    date: &'static str,
    /// Columns between the date basis and the text.
    after: Vec<Column>,
    text: &'static str,
    foreign_keys: Vec<ForeignKey>,
}

/// A table of `spec.action`'s events in effect: event, treaty, participant and its name, the
/// middle columns, date and date basis, the after columns, the text, then the source columns.
/// `values` gives the middle and after values of an event. Its rows are made as they are
/// written (hundreds of thousands at a million events, each with its text).
fn terms_table<'a>(
    spec: TermsTable,
    streams: &'a [StreamInput<'a>],
    snapshot: &'a Snapshot,
    as_of: NaiveDate,
    values: impl Fn(TreatyId, &Event) -> (Vec<Value>, Vec<Value>) + Send + Sync + 'a,
) -> Published<'a> {
    let mut columns = vec![
        req("event_id", Text, "The event that records it (see the events table)."),
        req("treaty", Code, "Treaty key."),
        req("participant", Code, spec.who),
        req("participant_name", Text, "Name as UNTC writes it today."),
    ];
    columns.extend(spec.middle);
    columns.push(req("date", Date, spec.date));
    columns.push(req(
        "date_basis",
        Code,
        "stated (the record dates it), upon_consent (made upon ratification, accession or succession: that instrument's date), upon_signature (the signature's date).",
    ));
    columns.extend(spec.after);
    columns.push(req("text", Text, spec.text));
    columns.extend(source_columns());
    let mut t = table(spec.name, spec.title, spec.description, columns, &["event_id"]);
    t.foreign_keys = spec.foreign_keys;
    let events = in_effect(streams, snapshot, spec.action, as_of);
    let row = move |treaty: TreatyId, e: &Event| {
        let f = &e.fact;
        let (middle, after) = values(treaty, e);
        let mut row: Vec<Value> =
            vec![e.id.to_hex().into(), treaty.key().into(), f.participant.code().into(), f.participant.name().into()];
        row.extend(middle);
        row.push(f.date.into());
        row.push(f.date_basis.map_or("stated", |b| b.as_str()).into());
        row.extend(after);
        row.push(f.text.clone().unwrap_or_default().into());
        row.extend(source_values(e));
        row
    };
    let rows = events.len();
    Published::made(
        t,
        rows,
        Box::new(move |sink| {
            let mut chunks = Chunker::new(sink, CHUNK);
            for &(treaty, e) in &events {
                if !chunks.push(row(treaty, e)) {
                    return;
                }
            }
            chunks.finish();
        }),
    )
}

/// `reservations`: one row per entry (or dated part of an entry) of UNTC's "Declarations and
/// Reservations".
#[must_use]
pub fn reservations<'a>(streams: &'a [StreamInput<'a>], snapshot: &'a Snapshot, as_of: NaiveDate) -> Published<'a> {
    // Each participant's withdrawals in each treaty, in the order `in_effect` gives them.
    let mut withdrawals: HashMap<(TreatyId, ParticipantId), Vec<&Event>> = HashMap::new();
    for (t, w) in in_effect(streams, snapshot, Action::ReservationWithdrawal, as_of) {
        withdrawals.entry((t, w.fact.participant)).or_default().push(w);
    }
    let spec = TermsTable {
        name: "reservations",
        title: "Reservations and declarations",
        description: "One row per entry of the depositary's \"Declarations and Reservations\" (an entry with several dated parts gives a row per part), in effect on the release's as-of date, with its date, how that date was established, later withdrawals, its text and where it was read.",
        action: Action::Reservation,
        who: "The reserving or declaring participant.",
        middle: vec![req(
            "kind",
            Text,
            "What the record calls it: reservation, declaration, interpretative declaration, understanding, reservations and declarations (one entry holding both), another name the entry's heading gives, or unspecified.",
        )],
        date: "When it was made: the date the record states, or the date of the instrument it was made upon (see date_basis).",
        after: vec![
            col(
                "withdrawn_on",
                Date,
                "Date of a later withdrawal by the same participant, reported by the depositary in its fixed phrasing, that withdraws its reservations or declarations without naming articles or a part (partial withdrawals are in withdrawal_event_ids only).",
            ),
            col(
                "withdrawal_event_ids",
                Text,
                "The participant's later withdrawal events in this treaty, whole or partial, separated by \"; \" (see the events table).",
            ),
        ],
        text: "The entry's text as UNTC gives it; a heading first, then \":\", when the entry has one; paragraphs separated by line feeds.",
        foreign_keys: vec![TO_PARTICIPANTS, TO_TREATIES],
    };
    terms_table(spec, streams, snapshot, as_of, move |treaty, e| {
        let f = &e.fact;
        let later: Vec<&Event> = withdrawals
            .get(&(treaty, f.participant))
            .into_iter()
            .flatten()
            .filter(|w| w.fact.date >= f.date)
            .copied()
            .collect();
        // A withdrawal "of the reservations made upon accession": whole, naming no article.
        let whole = |w: &Event| {
            let kind = w.fact.kind.as_deref().unwrap_or("");
            let text = w.fact.text.as_deref().unwrap_or("").to_lowercase();
            !kind.starts_with("partial") && !text.contains("article") && !text.contains("paragraph")
        };
        let withdrawn_on = later.iter().find(|w| whole(w)).map(|w| w.fact.date);
        let ids: Vec<String> = later.iter().map(|w| w.id.to_hex()).collect();
        (
            vec![f.kind.clone().unwrap_or_else(|| "unspecified".into()).into()],
            vec![withdrawn_on.into(), (!ids.is_empty()).then(|| ids.join("; ")).into()],
        )
    })
}

/// `objections`: one row per objection (or dated part of an entry of "Objections").
#[must_use]
pub fn objections<'a>(streams: &'a [StreamInput<'a>], snapshot: &'a Snapshot, as_of: NaiveDate) -> Published<'a> {
    let spec = TermsTable {
        name: "objections",
        title: "Objections to reservations and declarations",
        description: "One row per objection the depositary records, in effect on the release's as-of date: who objected, to whom, when, and the text.",
        action: Action::Objection,
        who: "The objecting participant.",
        middle: vec![
            req("counterpart", Code, "The participant whose reservation or declaration is objected to."),
            req("counterpart_name", Text, "Its name as UNTC writes it today."),
        ],
        date: "Date of the objection as the record states it (or of the instrument it was made upon, see date_basis).",
        after: Vec::new(),
        text: "The objection's text, its heading (\"With regard to the reservations made by ...\") first.",
        foreign_keys: vec![TO_PARTICIPANTS, TO_TREATIES, TO_COUNTERPARTS],
    };
    terms_table(spec, streams, snapshot, as_of, |_, e| {
        let c = e.fact.counterpart;
        (vec![c.map(ParticipantId::code).into(), c.map(ParticipantId::name).into()], Vec::new())
    })
}

/// `notifications`: derogations under ICCPR art. 4(3), territorial applications and the other
/// notifications.
#[must_use]
pub fn notifications<'a>(streams: &'a [StreamInput<'a>], snapshot: &'a Snapshot, as_of: NaiveDate) -> Published<'a> {
    let spec = TermsTable {
        name: "notifications",
        title: "Notifications: derogations, territorial applications and others",
        description: "One row per dated notification the depositary records (derogations under ICCPR art. 4(3), territorial applications, national preventive mechanisms under OP-CAT art. 17, ...), in effect on the release's as-of date.",
        action: Action::Notification,
        who: "The notifying participant.",
        middle: vec![
            req("kind", Text, "derogation (ICCPR art. 4(3)), territorial application, or notification."),
            col(
                "article",
                Code,
                "The article the notification is made under, where the section names it (4 for ICCPR derogations, 17 for OP-CAT national preventive mechanisms).",
            ),
        ],
        date: "Date of receipt as the record states it (or of the instrument it was made upon, see date_basis).",
        after: Vec::new(),
        text: "The notification's text as UNTC gives it (UNTC abridges some derogations); for a territorial application, the territories.",
        foreign_keys: vec![TO_PARTICIPANTS, TO_TREATIES],
    };
    terms_table(spec, streams, snapshot, as_of, |_, e| {
        let f = &e.fact;
        (vec![f.kind.clone().unwrap_or_else(|| "notification".into()).into(), f.article.clone().into()], Vec::new())
    })
}

/// `procedures`: for every participant of every treaty with procedures, whether it accepts
/// each one on the as-of date, on what basis, since when, and the events behind the answer.
#[must_use]
pub fn procedures(streams: &[StreamInput<'_>], snapshot: &Snapshot, as_of: NaiveDate) -> Table {
    let mut t = table(
        "procedures",
        "Procedures each participant accepts",
        "One row per treaty, participant that has acted on it, and procedure of the treaty (communications, inquiries, inter-State complaints): accepted or not on the release's as-of date, whether by being a party (automatic), by a declaration accepting it (opt_in) or for want of one excluding it (opt_out), since when, and the events behind it.",
        vec![
            req("treaty", Code, "Treaty key."),
            req("participant", Code, "Participant code."),
            req("participant_name", Text, "Name as UNTC writes it today."),
            req("article", Code, "The article under which the procedure is accepted or excluded."),
            req("procedure", Text, "What the procedure is."),
            req(
                "basis",
                Code,
                "automatic (every party), opt_in (a party that declares it accepts), opt_out (every party that has not declared it does not).",
            ),
            req("accepted", Boolean, "Accepted on the as-of date (only a party accepts a procedure)."),
            col(
                "since",
                Date,
                "When accepted: the date since which without a break (the consent, the accepting declaration, or the withdrawal of an excluding one, whichever came last).",
            ),
            col(
                "event_ids",
                Text,
                "The events behind the answer, separated by \"; \": the consent that makes the participant a party, and the last declaration under the article or its withdrawal.",
            ),
            col(
                "declaration_text",
                Text,
                "The text of that declaration (or withdrawal) as the record gives it, where the ledger holds it.",
            ),
        ],
        &["treaty", "participant", "article"],
    );
    t.foreign_keys = vec![TO_PARTICIPANTS, TO_TREATIES];
    for s in streams {
        let treaty = s.treaty;
        let by_id: HashMap<EventId, &Event> = s.entries.iter().map(|e| (e.event.id, e.event)).collect();
        for st in snapshot.statuses(treaty, as_of) {
            for p in &st.procedures {
                let ids: Vec<String> = p.events.iter().map(EventId::to_hex).collect();
                let declared = p
                    .events
                    .iter()
                    .filter_map(|id| by_id.get(id))
                    .find(|e| matches!(e.fact.action, Action::Declaration | Action::DeclarationWithdrawal))
                    .and_then(|e| e.fact.text.clone());
                t.push(vec![
                    treaty.key().into(),
                    st.participant.code().into(),
                    st.participant.name().into(),
                    p.article.into(),
                    p.name.into(),
                    p.basis.into(),
                    p.accepted.into(),
                    p.since.into(),
                    (!ids.is_empty()).then(|| ids.join("; ")).into(),
                    declared.into(),
                ]);
            }
        }
    }
    t
}

/// The raw UNTC cell behind the event `id`, if it came from a page.
fn cell_of(by_id: &HashMap<EventId, &Event>, id: Option<EventId>) -> Value {
    id.and_then(|id| by_id.get(&id)).and_then(|e| e.source.cell.clone()).into()
}

/// `status`: one row per treaty and participant with a fact in its stream, as of `as_of`.
#[must_use]
pub fn status(streams: &[StreamInput<'_>], snapshot: &Snapshot, as_of: NaiveDate) -> Table {
    status_of(streams, snapshot, as_of, &[])
}

/// The `status` table: of every participant that has acted on a treaty of `streams` when
/// `participants` is empty, else of those participants, whether or not they have acted
/// (`treaty status` answers with the release's columns).
#[must_use]
pub fn status_of(
    streams: &[StreamInput<'_>],
    snapshot: &Snapshot,
    as_of: NaiveDate,
    participants: &[ParticipantId],
) -> Table {
    let mut t = table(
        "status",
        "Status of each participant in each treaty",
        "One row per treaty and participant that has acted on it, on the release's as-of date: signature, consent, entry into force for that participant by the treaty's own article, denunciation, accepted procedures.",
        vec![
            req("treaty", Code, "Treaty key."),
            req("participant", Code, "Participant code (ISO 3166-1 alpha-3, or EUU)."),
            req("participant_name", Text, "Name as UNTC writes it today."),
            col("signature_date", Date, "Date of the signature in effect."),
            col(
                "signature_action",
                Code,
                "signature, or succession_to_signature (a successor took over its predecessor's signature).",
            ),
            col(
                "consent_action",
                Code,
                "How the participant became bound, for its latest period of being bound: ratification, accession, succession, acceptance, approval, formal_confirmation, definitive_signature.",
            ),
            col(
                "consent_date",
                Date,
                "Legal date of that consent (deposit of the instrument; for a succession, its notification).",
            ),
            col(
                "entry_into_force",
                Date,
                "Date the treaty entered into force for the participant, by the treaty's article (a deposit before the general entry into force takes the general date; a succession, its date of succession where recorded).",
            ),
            col("denunciation_date", Date, "Date a notice of denunciation was received."),
            col("denunciation_effective", Date, "Date the denunciation takes effect."),
            req(
                "memberships",
                Integer,
                "How many periods of being bound have begun (2 or more: the participant left and re-joined).",
            ),
            req("signatory", Boolean, "Counted among the signatories on the as-of date, as UNTC counts them."),
            req("party", Boolean, "Bound by the treaty on the as-of date."),
            req("in_force", Boolean, "Party, and the treaty in force for it on the as-of date."),
            col(
                "procedures_accepted",
                Text,
                "Articles of the procedures the participant accepts, separated by \"; \" (opt-in procedures by declaration, opt-out ones unless excluded, automatic ones with being a party).",
            ),
            col(
                "declarations",
                Text,
                "Declarations in effect under articles: \"article effect date\", separated by \"; \".",
            ),
            col("untc_signature_cell", Text, "The raw UNTC cell the signature was read from."),
            col("untc_consent_cell", Text, "The raw UNTC cell the consent was read from."),
        ],
        &["treaty", "participant"],
    );
    t.foreign_keys = vec![TO_PARTICIPANTS, TO_TREATIES];
    for s in streams {
        let by_id: HashMap<EventId, &Event> = s.entries.iter().map(|e| (e.event.id, e.event)).collect();
        let history = snapshot.history(s.treaty);
        let statuses = if participants.is_empty() {
            snapshot.statuses(s.treaty, as_of)
        } else {
            participants.iter().map(|p| snapshot.status(s.treaty, *p, as_of)).collect()
        };
        for st in statuses {
            let records = history.records(st.participant);
            let find = |pred: &dyn Fn(&treaty_fold::Record) -> bool| records.iter().find(|r| pred(r)).map(|r| r.id);
            let signature_id = st.signature.and_then(|d| find(&|r| r.fact.action.is_signature() && r.fact.date == d));
            let m = st.membership.as_ref();
            let consent_id = m.and_then(|m| find(&|r| r.fact.action == m.action && r.fact.date == m.date));
            let accepted: Vec<&str> = st.procedures.iter().filter(|p| p.accepted).map(|p| p.article).collect();
            let declarations: Vec<String> = st.declarations.iter().map(|(a, (e, d))| format!("{a} {e} {d}")).collect();
            t.push(vec![
                s.treaty.key().into(),
                st.participant.code().into(),
                st.participant.name().into(),
                st.signature.into(),
                st.signature_action.map(Action::as_str).into(),
                m.map(|m| m.action.as_str()).into(),
                m.map(|m| m.date).into(),
                m.map(|m| m.entry_into_force).into(),
                m.and_then(|m| m.denunciation).into(),
                m.and_then(|m| m.denunciation_effective).into(),
                st.memberships.into(),
                st.signatory.into(),
                st.party.into(),
                st.in_force.into(),
                (!accepted.is_empty()).then(|| accepted.join("; ")).into(),
                (!declarations.is_empty()).then(|| declarations.join("; ")).into(),
                cell_of(&by_id, signature_id),
                cell_of(&by_id, consent_id),
            ]);
        }
    }
    t
}

/// The four categories of the OP-ICESCR campaign map, highest first.
pub const CAMPAIGN_CATEGORIES: [&str; 4] =
    ["Ratified the OP-ICESCR", "Signed the OP-ICESCR", "Party to the ICESCR", "Not a party to the ICESCR"];

/// The campaign category of a State from its status in the Covenant and the Protocol
/// (TREATIES.md §4): a party to the Protocol — by ratification or accession — is "Ratified";
/// a signatory, "Signed"; else a party to the Covenant, "Party"; else "Not a party".
#[must_use]
pub fn campaign_category(icescr: &ParticipantStatus, op: &ParticipantStatus) -> &'static str {
    if op.party {
        CAMPAIGN_CATEGORIES[0]
    } else if op.signatory {
        CAMPAIGN_CATEGORIES[1]
    } else if icescr.party {
        CAMPAIGN_CATEGORIES[2]
    } else {
        CAMPAIGN_CATEGORIES[3]
    }
}

/// `campaign`: one row per State for the OP-ICESCR campaign map.
#[must_use]
pub fn campaign(snapshot: &Snapshot, as_of: NaiveDate) -> Table {
    let mut t = table(
        "campaign",
        "Has your country ratified the OP-ICESCR?",
        "One row per State (every UN member and observer State, and the other States in the registry) with its category on the campaign map of the Optional Protocol to the ICESCR, and the dates behind it.",
        vec![
            req("participant", Code, "ISO 3166-1 alpha-3 code."),
            req("participant_name", Text, "Name as UNTC writes it."),
            col("iso_alpha2", Code, "ISO 3166-1 alpha-2 code."),
            col("m49", Code, "UN M49 area code."),
            req(
                "category",
                Code,
                "Ratified the OP-ICESCR (a party to the Protocol, by ratification or accession), Signed the OP-ICESCR, Party to the ICESCR, or Not a party to the ICESCR.",
            ),
            req(
                "category_rank",
                Integer,
                "4 Ratified, 3 Signed, 2 Party to the ICESCR, 1 Not a party: for sorting and colouring.",
            ),
            col("icescr_signature_date", Date, "Signature of the ICESCR in effect."),
            col("icescr_consent_action", Code, "How the State became party to the ICESCR."),
            col("icescr_consent_date", Date, "When."),
            req("icescr_party", Boolean, "Party to the ICESCR."),
            col("op_icescr_signature_date", Date, "Signature of the OP-ICESCR in effect."),
            col(
                "op_icescr_consent_action",
                Code,
                "How the State became party to the OP-ICESCR (ratification or accession).",
            ),
            col("op_icescr_consent_date", Date, "When."),
            col(
                "op_icescr_entry_into_force",
                Date,
                "When the Protocol entered into force for the State (three months after, art. 18(2)).",
            ),
            req("op_icescr_party", Boolean, "Party to the OP-ICESCR."),
        ],
        &["participant"],
    );
    t.foreign_keys = vec![TO_PARTICIPANTS];
    let icescr = TreatyId::parse("icescr").expect("catalogue");
    let op = TreatyId::parse("op-icescr").expect("catalogue");
    for p in ParticipantId::all().filter(|p| p.participant().kind == ParticipantKind::State) {
        let a = snapshot.status(icescr, p, as_of);
        let b = snapshot.status(op, p, as_of);
        let category = campaign_category(&a, &b);
        let rank = 4 - CAMPAIGN_CATEGORIES.iter().position(|c| *c == category).expect("a category");
        let info = p.participant();
        t.push(vec![
            p.code().into(),
            p.name().into(),
            info.alpha2.clone().into(),
            info.m49.clone().into(),
            category.into(),
            rank.into(),
            a.signature.into(),
            a.membership.as_ref().map(|m| m.action.as_str()).into(),
            a.membership.as_ref().map(|m| m.date).into(),
            a.party.into(),
            b.signature.into(),
            b.membership.as_ref().map(|m| m.action.as_str()).into(),
            b.membership.as_ref().map(|m| m.date).into(),
            b.membership.as_ref().map(|m| m.entry_into_force).into(),
            b.party.into(),
        ]);
    }
    t
}

/// `timeline`: each treaty's counts on every date they change, up to `until`.
///
/// A participant's status changes only on its own dates (its events, their effective dates,
/// entry into force for it), so each participant is folded on those dates alone and the
/// changes are summed: linear in the events, not in days × participants.
#[must_use]
pub fn timeline(snapshot: &Snapshot, until: NaiveDate) -> Table {
    let mut t = table(
        "timeline",
        "Signatories, parties and States bound over time",
        "One row per treaty and date on which at least one of its counts changed: the counts from that date on.",
        vec![
            req("treaty", Code, "Treaty key."),
            req("date", Date, "The date of the change."),
            req("signatories", Integer, "Signatures in effect, as UNTC counts them."),
            req("parties", Integer, "Participants bound (States and the European Union)."),
            req("parties_states", Integer, "States bound: `parties` without the European Union, an organization."),
            req("in_force", Integer, "Parties for which the treaty is in force."),
            req(
                "population_parties",
                Integer,
                "Total population of the States among the parties on that date (World Bank SP.POP.TOTL for that year, or the latest earlier year with a figure; the Cook Islands, Niue and the Holy See have none and are not counted, nor is the European Union).",
            ),
        ],
        &["treaty", "date"],
    );
    t.foreign_keys = vec![TO_TREATIES];
    for treaty in TreatyId::all() {
        let mut deltas: BTreeMap<NaiveDate, [i64; 3]> = BTreeMap::new();
        // Who becomes or stops being a party on each date, for the population of the parties.
        let mut joins: BTreeMap<NaiveDate, Vec<(ParticipantId, bool)>> = BTreeMap::new();
        let history = snapshot.history(treaty);
        for (p, _) in history.participants() {
            // Reservations, objections and notifications change no status: their dates are
            // not dates of change.
            let records = history.standing(p);
            let dates = change_dates(treaty, p, records);
            let mut before = [false; 3];
            for d in dates.into_iter().filter(|d| *d <= until) {
                let s = participant_status(treaty, p, records, d);
                let now = [s.signatory, s.party, s.in_force];
                if now != before {
                    let e = deltas.entry(d).or_default();
                    for k in 0..3 {
                        e[k] += i64::from(now[k]) - i64::from(before[k]);
                    }
                    if now[1] != before[1] {
                        joins.entry(d).or_default().push((p, now[1]));
                    }
                    before = now;
                }
            }
        }
        let mut running = [0i64; 3];
        let mut parties: BTreeSet<ParticipantId> = BTreeSet::new();
        for (date, d) in deltas {
            for (p, joined) in joins.remove(&date).unwrap_or_default() {
                if joined {
                    parties.insert(p);
                } else {
                    parties.remove(&p);
                }
            }
            if d == [0; 3] {
                continue;
            }
            for k in 0..3 {
                running[k] += d[k];
            }
            let people = population_of(parties.iter().copied(), date.year()).people;
            let states = parties.iter().filter(|p| p.participant().kind == ParticipantKind::State).count();
            t.push(vec![
                treaty.key().into(),
                date.into(),
                running[0].into(),
                running[1].into(),
                states.into(),
                running[2].into(),
                i64::try_from(people).unwrap_or(i64::MAX).into(),
            ]);
        }
    }
    t
}

/// `panel`: one row per participant, treaty and year, from the year the treaty opened for
/// signature to the release's year, with the status on 31 December (on the release's date for
/// its own year) and the participant's codes and groupings, for country-year analyses. The
/// European Union has rows only for the treaties open to organizations.
#[must_use]
pub fn panel(snapshot: &Snapshot, until: NaiveDate) -> Published<'_> {
    let mut t = table(
        "panel",
        "Country-year panel",
        "One row per participant, treaty and year, from the year the treaty opened for signature to the release's year: the status on 31 December of that year (for the release's own year, on the release's as-of date, datapackage.json `treaty:as_of`), with the participant's codes and groupings. The European Union, an organization, has rows only for the treaties open to it (CRPD, OP-CRPD). Written as CSV and Parquet only (no JSON: at over 120,000 rows, a JSON array is no way to read it).",
        vec![
            req("participant", Code, "ISO 3166-1 alpha-3 code (EUU: European Union)."),
            req("treaty", Code, "Treaty key."),
            req("year", Integer, "The year."),
            req("kind", Code, "state or organization."),
            col("iso_alpha2", Code, "ISO 3166-1 alpha-2."),
            col("m49_region", Text, "UN M49 region."),
            col("m49_subregion", Text, "UN M49 sub-region."),
            col("un_regional_group", Code, "UN regional group of Member States (see participants)."),
            col("cow_code", Code, "Correlates of War state number, as text (see participants)."),
            col("gw_code", Code, "Gleditsch-Ward state number, as text (see participants)."),
            req("core_treaty", Boolean, "The treaty is one of the nine core treaties (not an optional protocol)."),
            req("signatory", Boolean, "Counted among the signatories on the date, as UNTC counts them."),
            req("party", Boolean, "Bound by the treaty on the date."),
            req("in_force", Boolean, "Party, and the treaty in force for it on the date."),
            col(
                "consent_action",
                Code,
                "How it became bound (ratification, accession, succession, ...), while a party.",
            ),
            col("consent_date", Date, "The date of that consent."),
            col(
                "procedures_accepted",
                Text,
                "Articles of the procedures it accepts on the date, separated by \"; \" (e.g. \"2; 11\").",
            ),
        ],
        &["participant", "treaty", "year"],
    );
    t.foreign_keys = vec![TO_PARTICIPANTS, TO_TREATIES];
    t.json = false;
    let open_to = |p: ParticipantId, treaty: TreatyId| {
        p.participant().kind != ParticipantKind::Organization || treaty.treaty().open_to_organizations
    };
    let years =
        |treaty: TreatyId| usize::try_from(until.year() - treaty.treaty().opened_for_signature.year() + 1).unwrap_or(0);
    let rows = ParticipantId::all().flat_map(|p| TreatyId::all().filter(move |&tr| open_to(p, tr))).map(years).sum();
    // Made as written (see Published): the same rows, each time, in the same order.
    Published::made(
        t,
        rows,
        Box::new(move |sink| {
            let records: HashMap<(TreatyId, ParticipantId), &[treaty_fold::Record]> = TreatyId::all()
                .flat_map(|tr| snapshot.history(tr).participants().map(move |(p, r)| ((tr, p), r)))
                .collect();
            let mut chunks = Chunker::new(sink, CHUNK);
            for p in ParticipantId::all() {
                let info = p.participant();
                let g = p.groupings();
                let kind = match info.kind {
                    ParticipantKind::State => "state",
                    ParticipantKind::Organization => "organization",
                };
                for treaty in TreatyId::all().filter(|&tr| open_to(p, tr)) {
                    let tr = treaty.treaty();
                    // The status is folded again only in a year in which it can change.
                    let changes = records.get(&(treaty, p)).map(|r| change_dates(treaty, p, r)).unwrap_or_default();
                    let mut s = snapshot.status(treaty, p, tr.opened_for_signature);
                    let mut folded = tr.opened_for_signature;
                    for year in tr.opened_for_signature.year()..=until.year() {
                        let date = NaiveDate::from_ymd_opt(year, 12, 31).expect("a date").min(until);
                        if year == tr.opened_for_signature.year() || changes.range(folded..=date).next().is_some() {
                            s = snapshot.status(treaty, p, date);
                            folded = date.succ_opt().expect("a date");
                        }
                        let consent = s.membership.as_ref().filter(|_| s.party);
                        let accepted: Vec<&str> =
                            s.procedures.iter().filter(|x| x.accepted).map(|x| x.article).collect();
                        let row = vec![
                            p.code().into(),
                            treaty.key().into(),
                            i64::from(year).into(),
                            kind.into(),
                            info.alpha2.clone().into(),
                            g.m49_region.into(),
                            g.m49_subregion.into(),
                            g.un_regional_group.into(),
                            g.cow_code.map(|c| c.to_string()).into(),
                            g.gw_code.map(|c| c.to_string()).into(),
                            tr.is_core().into(),
                            s.signatory.into(),
                            s.party.into(),
                            s.in_force.into(),
                            consent.map(|m| m.action.as_str()).into(),
                            consent.map(|m| m.date).into(),
                            (!accepted.is_empty()).then(|| accepted.join("; ")).into(),
                        ];
                        if !chunks.push(row) {
                            return;
                        }
                    }
                }
            }
            chunks.finish();
        }),
    )
}

/// `population`: each State's total population by year, the figures the release weights by.
#[must_use]
pub fn population() -> Table {
    let mut t = table(
        "population",
        "Population by State and year",
        "One row per State and year with a figure: World Bank, World Development Indicators, series SP.POP.TOTL (Population, total), as repackaged by the datasets/population project (crates/treaty-model/data/README.md). The Cook Islands, Niue and the Holy See have no figure and no row; the European Union, an organization, has none. Where a year has no figure yet, the release's sums use the latest earlier one.",
        vec![
            req("participant", Code, "ISO 3166-1 alpha-3 code."),
            req("year", Integer, "The year."),
            req("population", Integer, "Total population (midyear estimate)."),
        ],
        &["participant", "year"],
    );
    t.foreign_keys = vec![TO_PARTICIPANTS];
    for p in ParticipantId::all() {
        for (year, people) in p.populations() {
            t.push(vec![p.code().into(), i64::from(*year).into(), i64::try_from(*people).unwrap_or(i64::MAX).into()]);
        }
    }
    t
}

/// The dates on which a participant's status in a treaty can change: its facts' dates and
/// effective dates, the entries into force and the denunciations' effects. Between two of them
/// its status stays the same.
fn change_dates(treaty: TreatyId, p: ParticipantId, records: &[treaty_fold::Record]) -> BTreeSet<NaiveDate> {
    let mut dates: BTreeSet<NaiveDate> = BTreeSet::new();
    for r in records {
        dates.insert(r.fact.date);
        dates.extend(r.fact.effective_date);
    }
    // Entry into force and denunciations' effects happen on dates of their own.
    let last = participant_status(treaty, p, records, NaiveDate::MAX);
    if let Some(m) = &last.membership {
        dates.insert(m.entry_into_force);
        dates.extend(m.denunciation_effective);
    }
    for r in records.iter().filter(|r| r.fact.action.is_consent()) {
        let s = participant_status(treaty, p, records, r.fact.date);
        if let Some(m) = &s.membership {
            dates.insert(m.entry_into_force);
        }
    }
    for r in records.iter().filter(|r| r.fact.action == Action::Denunciation) {
        let s = participant_status(treaty, p, records, r.fact.date);
        dates.extend(s.membership.and_then(|m| m.denunciation_effective));
    }
    dates
}

/// `participants`: the registry.
#[must_use]
pub fn participants() -> Table {
    let mut t = table(
        "participants",
        "Participants",
        "Every State and organization of the registry: codes, names and groupings. ISO 3166-1 codes from pycountry's copy of the Debian iso-codes data; names as UNTC writes them, and in Spanish and French from the iso-codes translations; UN M49 regions, Correlates of War and Gleditsch-Ward codes from the countrycode package; UN regional groups from the UN's list of regional groups of Member States (crates/treaty-model/data/README.md).",
        vec![
            req(
                "code",
                Code,
                "ISO 3166-1 alpha-3, or a declared code for a participant without one (EUU: European Union). The key other tables use.",
            ),
            col("iso_alpha2", Code, "ISO 3166-1 alpha-2."),
            col("iso_numeric", Code, "ISO 3166-1 numeric (text, to keep leading zeros)."),
            col("m49", Code, "UN M49 area code (text, to keep leading zeros)."),
            req("name", Text, "Name as UNTC writes it today."),
            req("kind", Code, "state or organization."),
            req("un_status", Code, "member, observer, non_member or organization."),
            col("aliases", Text, "Other names without dates, separated by \"; \"."),
            col("former_names", Text, "Earlier names, \"name (from … until …)\" where dated, separated by \"; \"."),
            col("name_es", Text, "Name in Spanish (iso-codes translation)."),
            col("name_fr", Text, "Name in French (iso-codes translation)."),
            col(
                "m49_region_code",
                Code,
                "UN M49 region code, three digits (text: \"002\" Africa, \"019\" Americas, \"142\" Asia, \"150\" Europe, \"009\" Oceania). Empty for an organization.",
            ),
            col("m49_region", Text, "UN M49 region."),
            col("m49_subregion_code", Code, "UN M49 sub-region code, three digits (text)."),
            col(
                "m49_subregion",
                Text,
                "UN M49 sub-region, e.g. Sub-Saharan Africa, Latin America and the Caribbean, Western Europe.",
            ),
            col("m49_intermediate_code", Code, "UN M49 intermediate region code, where M49 has one (text)."),
            col("m49_intermediate", Text, "UN M49 intermediate region, e.g. Eastern Africa, Caribbean."),
            col(
                "un_regional_group",
                Code,
                "UN regional group of Member States, for electoral purposes: African, Asia-Pacific, Eastern European, Latin American and Caribbean, Western European and others (Türkiye and the United States counted there, as the UN counts them for elections). Empty for a State that is not a UN member and for an organization.",
            ),
            col(
                "cow_code",
                Code,
                "Correlates of War state number, as text (frictionless reads a Parquet integer column with gaps as floats; cast it to merge with COW data, e.g. pandas `.astype(\"Int64\")`). Empty where COW has none: Cook Islands, Niue, State of Palestine; Serbia (COW codes Yugoslavia, 345); the European Union.",
            ),
            col(
                "gw_code",
                Code,
                "Gleditsch-Ward state number, as text (see cow_code). Empty for microstates outside Gleditsch and Ward's list, the States it does not code, and the European Union.",
            ),
        ],
        &["code"],
    );
    for p in ParticipantId::all() {
        let i = p.participant();
        let g = p.groupings();
        let former: Vec<String> = i
            .former_names
            .iter()
            .map(|f| match (f.from, f.to) {
                (None, None) => f.name.clone(),
                (from, to) => format!(
                    "{} ({}{})",
                    f.name,
                    from.map(|d| format!("from {d} ")).unwrap_or_default(),
                    to.map(|d| format!("until {d}")).unwrap_or_default()
                )
                .replace(" )", ")"),
            })
            .collect();
        let un_status = match i.un_status {
            UnStatus::Member => "member",
            UnStatus::Observer => "observer",
            UnStatus::NonMember => "non_member",
            UnStatus::Organization => "organization",
        };
        t.push(vec![
            p.code().into(),
            i.alpha2.clone().into(),
            i.numeric.clone().into(),
            i.m49.clone().into(),
            i.untc_name.clone().into(),
            match i.kind {
                ParticipantKind::State => "state",
                ParticipantKind::Organization => "organization",
            }
            .into(),
            un_status.into(),
            (!i.aliases.is_empty()).then(|| i.aliases.join("; ")).into(),
            (!former.is_empty()).then(|| former.join("; ")).into(),
            p.names_in().map(|n| n.es).into(),
            p.names_in().map(|n| n.fr).into(),
            g.m49_region_code.into(),
            g.m49_region.into(),
            g.m49_subregion_code.into(),
            g.m49_subregion.into(),
            g.m49_intermediate_code.into(),
            g.m49_intermediate.into(),
            g.un_regional_group.into(),
            g.cow_code.map(|c| c.to_string()).into(),
            g.gw_code.map(|c| c.to_string()).into(),
        ]);
    }
    t
}

/// `treaties`: the catalogue, with each stream's size and head.
#[must_use]
pub fn treaties(streams: &[StreamInput<'_>]) -> Table {
    let mut t = table(
        "treaties",
        "Treaties",
        "The 18 core UN human rights instruments and the rules the ledger applies to them (docs/TREATIES.md), with each one's event stream.",
        vec![
            req("key", Code, "Treaty key, used by the other tables."),
            req("short_title", Text, "OHCHR acronym."),
            req("mtdsg", Code, "UNTC chapter and number."),
            req("title", Text, "Full title."),
            req(
                "core",
                Boolean,
                "One of the nine core treaties (true), or an optional protocol to one of them (false).",
            ),
            req("adopted", Date, "Date of adoption."),
            req("opened_for_signature", Date, "Date it was opened for signature."),
            req("entry_into_force", Date, "General entry into force, as UNTC records it."),
            req("entry_into_force_article", Text, "The article on entry into force."),
            req("entry_into_force_instruments", Integer, "Instruments needed for the general entry into force."),
            req("entry_into_force_delay", Text, "Delay after the last of those instruments."),
            req("later_state_delay", Text, "Delay after a later State's own instrument."),
            col(
                "signature_prerequisite",
                Text,
                "Who may sign, for an optional protocol (article: standing in the parent treaty).",
            ),
            col("consent_prerequisite", Text, "Who may ratify or accede, for an optional protocol."),
            col("denunciation_article", Text, "The denunciation clause; empty when the treaty has none."),
            col("denunciation_delay", Text, "Delay from receipt of a denunciation to its effect."),
            col("procedures", Text, "Procedures: \"article name (kind)\", separated by \"; \"."),
            req("untc_url", Text, "The UNTC status page."),
            req("events", Integer, "Events in the treaty's stream in this release."),
            req("head", Text, "Hash of the last line of the treaty's stream in this release (64 zeros when empty)."),
        ],
        &["key"],
    );
    let prerequisite = |p: Option<treaty_model::Prerequisite>| -> Value {
        p.map(|p| {
            let alternatives: Vec<String> = p
                .any_of
                .iter()
                .map(|(k, s)| match s {
                    Standing::Party => format!("party to {k}"),
                    Standing::SignedOrParty => format!("signatory of or party to {k}"),
                })
                .collect();
            format!("art. {}: {}", p.article, alternatives.join(" or "))
        })
        .into()
    };
    for id in TreatyId::all() {
        let tr = id.treaty();
        let stream = streams.iter().find(|s| s.treaty == id);
        let rule = tr.entry_into_force_rule;
        let procedures: Vec<String> = tr
            .procedures
            .iter()
            .map(|p| {
                let kind = match p.kind {
                    ProcedureKind::Automatic => "automatic",
                    ProcedureKind::OptIn => "opt-in",
                    ProcedureKind::OptOut => "opt-out",
                    ProcedureKind::Statement => "statement",
                };
                format!("art. {} {} ({kind})", p.article, p.name)
            })
            .collect();
        t.push(vec![
            tr.key.into(),
            tr.short_title.into(),
            tr.mtdsg.into(),
            tr.title.into(),
            tr.is_core().into(),
            tr.adopted.into(),
            tr.opened_for_signature.into(),
            tr.entry_into_force.into(),
            rule.article.into(),
            rule.instruments.into(),
            rule.general_delay.to_string().into(),
            rule.later_delay.to_string().into(),
            prerequisite(tr.signature_requires),
            prerequisite(tr.consent_requires),
            tr.denunciation.map(|d| d.article).into(),
            tr.denunciation.map(|d| d.delay.to_string()).into(),
            (!procedures.is_empty()).then(|| procedures.join("; ")).into(),
            tr.untc_url.into(),
            stream.map_or(0, |s| s.entries.len()).into(),
            stream.map_or(Sha256::ZERO, |s| s.head).to_hex().into(),
        ]);
    }
    t
}

/// "Albania acceded to the OP-ICESCR on 19 February 2025": one event in a sentence a
/// campaigner can read.
#[must_use]
pub fn sentence(e: &Event) -> String {
    let f = &e.fact;
    let who = f.participant.name();
    let what = f.treaty.treaty().short_title;
    let on = long(f.date);
    let effect = f.effective_date.map(|d| format!(", with effect from {}", long(d))).unwrap_or_default();
    let body = match f.action {
        Action::Signature => format!("{who} signed the {what} on {on}"),
        Action::SuccessionToSignature => format!("{who} succeeded to the signature of the {what} on {on}"),
        Action::DefinitiveSignature => format!("{who} signed the {what}, binding itself, on {on}"),
        Action::Ratification => format!("{who} ratified the {what} on {on}"),
        Action::Accession => format!("{who} acceded to the {what} on {on}"),
        Action::Succession => format!("{who} succeeded to the {what} on {on}{effect}"),
        Action::Acceptance => format!("{who} accepted the {what} on {on}"),
        Action::Approval => format!("{who} approved the {what} on {on}"),
        Action::FormalConfirmation => format!("{who} formally confirmed the {what} on {on}"),
        Action::WithdrawalOfSignature => format!("{who} withdrew its signature of the {what} on {on}"),
        Action::Denunciation => format!("{who} denounced the {what} on {on}{effect}"),
        Action::Declaration => {
            let article = f.article.as_deref().unwrap_or("?");
            let verb = match f.declaration {
                Some(treaty_model::DeclarationEffect::OptOut) => "declared that it does not accept",
                Some(treaty_model::DeclarationEffect::Statement) => "made the declaration provided for in",
                _ => "accepted",
            };
            format!("{who} {verb} the procedure of article {article} of the {what} on {on}")
        }
        Action::DeclarationWithdrawal => {
            format!(
                "{who} withdrew its declaration under article {} of the {what} on {on}",
                f.article.as_deref().unwrap_or("?")
            )
        }
        Action::Retraction => format!("An earlier record about {who} and the {what} was retracted"),
        Action::Reservation => format!("{who} made {} to the {what} ({on})", with_article(named(f.kind.as_deref()))),
        Action::ReservationWithdrawal => {
            format!("{who} withdrew {} to the {what} on {on}", with_article(named(f.kind.as_deref())))
        }
        Action::Objection => format!(
            "{who} objected to a reservation or declaration of {} to the {what} on {on}",
            f.counterpart.map_or("another participant", treaty_model::ParticipantId::name)
        ),
        Action::Notification => {
            format!("{who} made a notification ({}) under the {what} on {on}", f.kind.as_deref().unwrap_or("other"))
        }
    };
    if f.corrects.is_some() && f.action != Action::Retraction { format!("Corrected: {body}") } else { body }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;
    use crate::{csv_file, json_file, parquet_file};

    /// The committed log's events table as its three files, its rows written a chunk at a time.
    fn files(p: &Published<'_>) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let (mut csv_out, mut json_out, mut pq_out) = (Vec::new(), Vec::new(), Vec::new());
        let mut csv = csv_file::Csv::new(&p.table, &mut csv_out).expect("csv");
        let mut json = json_file::JsonArray::new(&p.table, &mut json_out).expect("json");
        let mut pq = parquet_file::Parquet::new(&p.table, &mut pq_out, &[]).expect("parquet");
        p.for_each_chunk(|rows| {
            csv.rows(rows).expect("csv");
            json.rows(rows).expect("json");
            pq.rows(rows).expect("parquet");
            Ok::<(), ()>(())
        })
        .expect("rows");
        csv.finish().expect("csv");
        json.finish().expect("json");
        pq.finish().expect("parquet");
        (csv_out, json_out, pq_out)
    }

    fn parquet_rows(bytes: Vec<u8>) -> Vec<String> {
        let mut file = tempfile::tempfile().expect("a temporary file");
        std::io::Write::write_all(&mut file, &bytes).expect("written");
        let reader = SerializedFileReader::new(file).expect("a parquet file");
        reader.get_row_iter(None).expect("rows").map(|r| r.expect("a row").to_string()).collect()
    }

    #[test]
    fn the_events_made_a_chunk_at_a_time_are_the_events_table_and_its_files() {
        let streams = treaty_log::Log::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events"))
            .read_all()
            .expect("the committed log");
        let inputs: Vec<StreamInput<'_>> = streams
            .iter()
            .map(|s| StreamInput {
                treaty: s.treaty,
                head: s.head,
                entries: s.entries.iter().map(|e| EntryInput { seq: e.seq, event: &e.event, hash: e.hash }).collect(),
            })
            .collect();
        let snapshot = Snapshot::new(inputs.iter().map(|s| (s.treaty, s.entries.iter().map(|e| e.event))), None);
        let whole = events(&inputs, &snapshot);
        assert!(whole.rows.len() > 5_000, "the committed log");
        let held = Published::held(whole.clone());
        let (csv, json, pq) = files(&held);
        assert_eq!(files(&events_made(&inputs, &snapshot)), (csv.clone(), json.clone(), pq.clone()), "one chunk");
        for chunk in [7, 1_000, 1_024] {
            let made = events_made_in(&inputs, &snapshot, chunk);
            assert_eq!(made.rows, whole.rows.len());
            let (mut rows, mut sizes) = (Vec::new(), Vec::new());
            made.for_each_chunk(|c| {
                sizes.push(c.len());
                rows.extend_from_slice(c);
                Ok::<(), ()>(())
            })
            .expect("rows");
            assert_eq!(rows, whole.rows, "chunks of {chunk}");
            assert!(sizes.len() > 1 && sizes[..sizes.len() - 1].iter().all(|&n| n == chunk), "{sizes:?}");
            let (c, j, p) = files(&made);
            assert_eq!((c, j), (csv.clone(), json.clone()), "CSV and JSON in chunks of {chunk}");
            assert_eq!(p, pq, "Parquet in chunks of {chunk}: one record batch, the same bytes");
        }
        // In the small batches of a growing table, the same bytes too (the release relies on it).
        let mut small = Vec::new();
        let mut w = parquet_file::Parquet::new(&held.table, &mut small, &[])
            .expect("parquet")
            .with_batch_text(parquet_file::SMALL_BATCH_TEXT_BYTES);
        held.for_each_chunk(|rows| w.rows(rows)).expect("rows");
        assert!(w.batches() > 1, "written in {} batches", w.batches());
        w.finish().expect("parquet");
        assert!(small == pq, "the committed events in batches of 1 MiB of text: the same Parquet bytes");
        // Record batches of 64 KiB of text (each of whole thousands of rows): the same rows.
        let mut batched = Vec::new();
        let mut w =
            parquet_file::Parquet::new(&held.table, &mut batched, &[]).expect("parquet").with_batch_text(1 << 16);
        held.for_each_chunk(|rows| w.rows(rows)).expect("rows");
        assert!(w.batches() > 3, "written in many batches: {}", w.batches());
        w.finish().expect("parquet");
        assert_eq!(parquet_rows(batched), parquet_rows(pq), "the same rows");
    }
}
