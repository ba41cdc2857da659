//! The rules every event must keep, checked in stream order against what came before it.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use treaty_model::{
    Action, DeclarationEffect, Event, EventId, Fact, ParticipantKind, ProcedureKind, Standing, TreatyId,
};

use crate::History;
use crate::history::ApplyError;
use crate::status::{participant_status, party_from};

/// A rule of the treaties that an event can break. Each has an id (printed in messages,
/// listed in `docs/RULES.md`) and a one-line statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Every event names a source a reader can find: a URL or a reference.
    Source,
    /// When the source names the UNTC cell the fact was read from, the cell's date and suffix
    /// agree with the event's date and action.
    SourceCell,
    /// The legal date cannot be later than the day the event was recorded.
    NotAfterRecorded,
    /// Nothing happens to a treaty before it was opened for signature.
    Opened,
    /// Only a treaty open to organizations takes an organization's action.
    ParticipantKind,
    /// Fields that belong to other actions are absent (article, declaration, effective date, corrects).
    Fields,
    /// Ratification, acceptance, approval and formal confirmation follow a signature in effect.
    SignatureFirst,
    /// A signatory does not sign again.
    AlreadySigned,
    /// A signature can be withdrawn only while it is in effect.
    WithdrawalUnsigned,
    /// No second consent while the participant is bound.
    AlreadyParty,
    /// Optional protocols: signature and consent need the standing in the parent treaty their
    /// article requires, on the action's date.
    Prerequisite,
    /// Denunciation only where the treaty has a denunciation clause.
    DenunciationClause,
    /// Only a party denounces, and its denunciation takes effect on or after its date.
    DenunciationParty,
    /// A succession's date of succession is not after its notification.
    SuccessionDate,
    /// A declaration names an article under which the treaty provides for one, with the
    /// effect that article allows.
    DeclarationArticle,
    /// Only a signatory or party declares.
    DeclarationStanding,
    /// Only a declaration in effect is withdrawn.
    DeclarationWithdrawal,
    /// A correction or retraction points to an event in effect in the same stream, about the
    /// same participant.
    CorrectionTarget,
}

impl Rule {
    /// Every rule, in documentation order.
    pub const ALL: [Rule; 18] = [
        Rule::Source,
        Rule::SourceCell,
        Rule::NotAfterRecorded,
        Rule::Opened,
        Rule::ParticipantKind,
        Rule::Fields,
        Rule::SignatureFirst,
        Rule::AlreadySigned,
        Rule::WithdrawalUnsigned,
        Rule::AlreadyParty,
        Rule::Prerequisite,
        Rule::DenunciationClause,
        Rule::DenunciationParty,
        Rule::SuccessionDate,
        Rule::DeclarationArticle,
        Rule::DeclarationStanding,
        Rule::DeclarationWithdrawal,
        Rule::CorrectionTarget,
    ];

    /// The rule's id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Rule::Source => "rule/source",
            Rule::SourceCell => "rule/source-cell",
            Rule::NotAfterRecorded => "rule/not-after-recorded",
            Rule::Opened => "rule/opened",
            Rule::ParticipantKind => "rule/participant-kind",
            Rule::Fields => "rule/fields",
            Rule::SignatureFirst => "rule/signature-first",
            Rule::AlreadySigned => "rule/already-signed",
            Rule::WithdrawalUnsigned => "rule/withdrawal-unsigned",
            Rule::AlreadyParty => "rule/already-party",
            Rule::Prerequisite => "rule/prerequisite",
            Rule::DenunciationClause => "rule/denunciation-clause",
            Rule::DenunciationParty => "rule/denunciation-party",
            Rule::SuccessionDate => "rule/succession-date",
            Rule::DeclarationArticle => "rule/declaration-article",
            Rule::DeclarationStanding => "rule/declaration-standing",
            Rule::DeclarationWithdrawal => "rule/declaration-withdrawal",
            Rule::CorrectionTarget => "rule/correction-target",
        }
    }

    /// The rule in one sentence.
    #[must_use]
    pub fn statement(self) -> &'static str {
        match self {
            Rule::Source => "Every event names a source a reader can find: an http(s) URL or a reference.",
            Rule::SourceCell => {
                "A UNTC cell named as the source states the event's date, and the suffix of its action."
            }
            Rule::NotAfterRecorded => "The legal date cannot be later than the day the event was recorded.",
            Rule::Opened => "Nothing happens to a treaty before it was opened for signature.",
            Rule::ParticipantKind => "An organization acts only on a treaty open to organizations (CRPD, OP-CRPD).",
            Rule::Fields => {
                "An event carries only the fields of its action: article and declaration for declarations, effective date for successions and denunciations, corrects for corrections and retractions."
            }
            Rule::SignatureFirst => {
                "Ratification, acceptance, approval and formal confirmation follow a signature in effect; accession and succession need none."
            }
            Rule::AlreadySigned => "A signatory does not sign again.",
            Rule::WithdrawalUnsigned => "A signature can be withdrawn only while it is in effect.",
            Rule::AlreadyParty => {
                "No second consent while the participant is bound (after a denunciation it may re-join)."
            }
            Rule::Prerequisite => {
                "An optional protocol's signature and consent need the standing in its parent treaty that its article requires, on the action's date (e.g. OP-ICESCR art. 17: ratification only by a party to the ICESCR)."
            }
            Rule::DenunciationClause => {
                "A treaty without a denunciation clause cannot be denounced (ICESCR, ICCPR, ICCPR-OP2, CEDAW, CPED)."
            }
            Rule::DenunciationParty => {
                "Only a party denounces, and the denunciation takes effect on or after the date it was received."
            }
            Rule::SuccessionDate => "A succession takes effect on or before the date it was notified.",
            Rule::DeclarationArticle => {
                "A declaration names an article under which the treaty provides for one, with the effect that article allows (opt_in, opt_out or statement)."
            }
            Rule::DeclarationStanding => "Only a signatory or a party makes a declaration.",
            Rule::DeclarationWithdrawal => "Only a declaration in effect is withdrawn.",
            Rule::CorrectionTarget => {
                "A correction or retraction points to an earlier event in effect in the same stream, about the same participant."
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An event that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The stream.
    pub treaty: TreatyId,
    /// Position of the event in the events given for the stream (0-based).
    pub index: usize,
    /// The event.
    pub id: EventId,
    /// The rule.
    pub rule: Rule,
    /// What is wrong, in plain words.
    pub message: String,
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Checks every stream. `streams` holds each treaty's events in stream order; prerequisites
/// are checked against the parent treaty's whole stream as of the action's legal date.
#[must_use]
pub fn validate(streams: &[(TreatyId, Vec<&Event>)]) -> Vec<Violation> {
    // The whole histories of the treaties whose standing a prerequisite reads (the parents),
    // with only what the rules read of them.
    let parents: Vec<&(TreatyId, Vec<&Event>)> =
        streams.iter().filter(|(t, _)| streams.iter().any(|(c, _)| c.parents().any(|p| p == *t))).collect();
    let histories: BTreeMap<TreatyId, History> = parents
        .iter()
        .map(|(t, _)| *t)
        .zip(treaty_model::parallel::map(&parents, |(_, events)| History::build_standing(events.iter().copied())))
        .collect();
    // Each stream is judged on its own (against its parents' whole histories): on every core.
    treaty_model::parallel::map(streams, |(t, events)| validate_stream(*t, events, &histories))
        .into_iter()
        .flatten()
        .collect()
}

/// Checks one stream against the rules, with `histories` holding the other treaties'
/// streams for prerequisites.
#[must_use]
pub fn validate_stream(treaty: TreatyId, events: &[&Event], histories: &BTreeMap<TreatyId, History>) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut history = History::standing_only();
    for (index, event) in events.iter().enumerate() {
        let mut report = |rule: Rule, message: String| {
            out.push(Violation { treaty, index, id: event.id, rule, message });
        };
        check(treaty, event, &history, histories, &mut report);
        let _ = history.apply(event.id, &event.fact);
    }
    out
}

fn check(
    treaty: TreatyId,
    event: &Event,
    history: &History,
    parents: &BTreeMap<TreatyId, History>,
    report: &mut impl FnMut(Rule, String),
) {
    let t = treaty.treaty();
    let f = &event.fact;
    let who = f.participant.name();

    if !event.source.is_traceable() {
        report(Rule::Source, "the source has neither a URL nor a reference: say where the fact can be read".into());
    }
    if let Some(url) = event.source.url.as_deref().filter(|u| !u.trim().is_empty())
        && !is_web_address(url)
    {
        report(Rule::Source, format!("the source URL {url:?} is not an http:// or https:// address a reader can open"));
    }
    if let Some(cell) = event.source.cell.as_deref()
        && let Some(message) = cell_disagrees(f, cell)
    {
        report(Rule::SourceCell, message);
    }
    if let Err(e) = event_limits(event) {
        report(Rule::Fields, e);
    }
    let recorded_day = event.recorded_at.date_naive();
    if f.date > recorded_day {
        report(
            Rule::NotAfterRecorded,
            format!(
                "the date {} is after the day the event was recorded ({recorded_day}): a future action cannot be a fact",
                f.date
            ),
        );
    }
    if f.action != Action::Retraction && f.date < t.opened_for_signature {
        report(
            Rule::Opened,
            format!(
                "the {} was opened for signature on {}; a {} dated {} is before it",
                t.short_title,
                long(t.opened_for_signature),
                f.action,
                long(f.date)
            ),
        );
    }
    if f.participant.participant().kind == ParticipantKind::Organization && !t.open_to_organizations {
        report(
            Rule::ParticipantKind,
            format!("{who} is an organization and the {} is open to States only", t.short_title),
        );
    }
    check_fields(f, report);

    // A correction is judged as the fact it restates, in place of the fact it corrects.
    // Only the facts that bear on status matter below (a reservation changes no status).
    let mut records: Vec<_> = history.standing(f.participant).to_vec();
    match history.target(f) {
        Ok(Some(target)) => records.retain(|r| r.id != target),
        Ok(None) => {}
        Err(ApplyError::UnknownTarget(target)) => {
            report(
                Rule::CorrectionTarget,
                format!(
                    "it corrects or retracts event {target}, but no earlier event in effect in this stream has that id (it may be in another stream, already retracted or corrected, or not recorded)"
                ),
            );
        }
        Err(ApplyError::OtherParticipant(target, p)) => report(
            Rule::CorrectionTarget,
            format!("it corrects or retracts event {target}, which is about {}, not {who}", p.name()),
        ),
    }
    if f.action == Action::Retraction {
        return;
    }
    let before = participant_status(treaty, f.participant, &records, f.date);

    match f.action {
        Action::Signature | Action::SuccessionToSignature => {
            if before.signature.is_some() {
                report(
                    Rule::AlreadySigned,
                    format!(
                        "{who} already signed the {} on {}",
                        t.short_title,
                        long(before.signature.unwrap_or(f.date))
                    ),
                );
            } else if let Some(later) = records
                .iter()
                .filter(|r| r.fact.action.is_signature() && r.fact.date > f.date)
                .min_by_key(|r| r.fact.date)
            {
                // As for consents below: a signature dated before one already recorded (events
                // are not recorded in date order) must be withdrawn before that one is made, or
                // the two overlap. A withdrawal on the later signature's own date sorts after it
                // (`tie_rank`), hence `<`. (tests/rules.rs, mod already_signed.)
                let withdrawn_between = records.iter().any(|r| {
                    r.fact.action == Action::WithdrawalOfSignature
                        && r.fact.date >= f.date
                        && r.fact.date < later.fact.date
                });
                if !withdrawn_between {
                    report(
                        Rule::AlreadySigned,
                        format!(
                            "{who} already has a {} of the {} dated {} and no withdrawal between the two",
                            later.fact.action,
                            t.short_title,
                            long(later.fact.date)
                        ),
                    );
                }
            }
            if let Some(p) = t.signature_requires {
                check_prerequisite(f, p, parents, "sign", report);
            }
        }
        Action::WithdrawalOfSignature if before.signature.is_none() => {
            report(
                Rule::WithdrawalUnsigned,
                format!("{who} has no signature of the {} in effect on {}", t.short_title, long(f.date)),
            );
        }
        a if a.is_consent() => {
            if a.needs_prior_signature() && before.signature.is_none() {
                report(
                    Rule::SignatureFirst,
                    format!(
                        "{who} has not signed the {} by {}, so it cannot deposit an instrument of {a}: record the signature first, or record an accession if it acceded",
                        t.short_title,
                        long(f.date)
                    ),
                );
            }
            if let Some(m) = &before.membership
                && m.denunciation.is_none()
            {
                report(
                    Rule::AlreadyParty,
                    format!("{who} is already bound by the {}: {} of {}", t.short_title, m.action, long(m.date)),
                );
            } else if let Some(later) = records
                .iter()
                .filter(|r| r.fact.action.is_consent() && r.fact.date > f.date)
                .min_by_key(|r| r.fact.date)
            {
                // A consent before one already recorded must be followed by a denunciation
                // before that one, or the two overlap.
                let denounced_between = records.iter().any(|r| {
                    r.fact.action == Action::Denunciation && r.fact.date >= f.date && r.fact.date <= later.fact.date
                });
                if !denounced_between {
                    report(
                        Rule::AlreadyParty,
                        format!(
                            "{who} already has a {} of the {} dated {} and no denunciation between the two",
                            later.fact.action,
                            t.short_title,
                            long(later.fact.date)
                        ),
                    );
                }
            }
            if a == Action::Succession
                && let Some(e) = f.effective_date
                && e > f.date
            {
                report(
                    Rule::SuccessionDate,
                    format!("the date of succession {} is after the notification of {}", long(e), long(f.date)),
                );
            }
            if let Some(p) = t.consent_requires {
                check_prerequisite(f, p, parents, "ratify or accede to", report);
            }
        }
        Action::Denunciation => {
            if t.denunciation.is_none() {
                report(
                    Rule::DenunciationClause,
                    format!("the {} has no denunciation clause, so it cannot be denounced", t.short_title),
                );
            } else if !before.party || before.membership.as_ref().is_some_and(|m| m.denunciation.is_some()) {
                report(
                    Rule::DenunciationParty,
                    format!(
                        "{who} is not a party to the {} on {} (or has already denounced it)",
                        t.short_title,
                        long(f.date)
                    ),
                );
            }
            if let Some(e) = f.effective_date
                && e < f.date
            {
                report(
                    Rule::DenunciationParty,
                    format!("the denunciation takes effect on {}, before it was received on {}", long(e), long(f.date)),
                );
            }
        }
        Action::Declaration | Action::DeclarationWithdrawal => {
            check_declaration(f, &before, report);
        }
        _ => {}
    }
}

/// An `http://` or `https://` address with a host.
fn is_web_address(url: &str) -> bool {
    // Without lowering a copy: this runs for every event.
    let trimmed = url.trim();
    let strip = |scheme: &str| {
        trimmed.get(..scheme.len()).filter(|head| head.eq_ignore_ascii_case(scheme)).map(|_| &trimmed[scheme.len()..])
    };
    let rest = strip("https://").or_else(|| strip("http://"));
    rest.is_some_and(|r| r.split(['/', '?', '#']).next().is_some_and(|host| !host.is_empty()))
        // Printable ASCII has no white space; only other text needs looking at by character.
        && (url.bytes().all(|b| b.is_ascii_graphic()) || !url.chars().any(char::is_whitespace))
}

/// The suffix UNTC writes after the date of each action's cell (the columns' legends:
/// "Ratification, Accession(a), Succession(d)", "Signature, Succession to signature(d)", ...).
fn untc_suffix(action: Action) -> Option<&'static str> {
    Some(match action {
        Action::Signature | Action::Ratification => "",
        Action::SuccessionToSignature | Action::Succession => "d",
        Action::Accession => "a",
        Action::Acceptance => "A",
        Action::Approval => "AA",
        Action::FormalConfirmation => "c",
        Action::DefinitiveSignature => "s",
        _ => return None,
    })
}

/// Why a UNTC date cell (` 5 Feb\t 2013`, `[30 Sep 1992 a]`) disagrees with the fact; `None`
/// when it agrees or is not a date cell (an end note, a quotation).
fn cell_disagrees(f: &Fact, cell: &str) -> Option<String> {
    let suffix = untc_suffix(f.action)?;
    let folded: String = cell.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let inner = folded.strip_prefix('[').and_then(|t| t.strip_suffix(']')).map_or(folded.as_str(), str::trim);
    let words: Vec<&str> = inner.split(' ').collect();
    if !(3..=4).contains(&words.len()) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&words[..3].join(" "), "%d %b %Y").ok()?;
    let written = words.get(3).copied().unwrap_or("");
    if date != f.date {
        return Some(format!(
            "the source cell {cell:?} gives the date {}, not the event's {}",
            long(date),
            long(f.date)
        ));
    }
    if written != suffix {
        let shown = |s: &str| if s.is_empty() { "no suffix".to_owned() } else { format!("the suffix {s:?}") };
        return Some(format!(
            "the source cell {cell:?} has {}, but a {} is written with {}",
            shown(written),
            f.action,
            shown(suffix)
        ));
    }
    None
}

/// The free-text fields of the event outside its fact, against `treaty_model::limits`.
fn event_limits(event: &Event) -> Result<(), String> {
    use treaty_model::limits;
    let s = &event.source;
    let fields = [
        ("note", event.note.as_deref(), limits::NOTE),
        ("source URL", s.url.as_deref(), limits::URL),
        ("source reference", s.reference.as_deref(), limits::REFERENCE),
        ("source cell", s.cell.as_deref(), limits::CELL),
        ("source section", s.section.as_deref(), limits::KIND),
        ("source row", s.row.as_deref(), limits::KIND),
    ];
    for (field, value, max) in fields {
        if let Some(v) = value
            && v.len() > max
        {
            return Err(format!("the {field} is {} bytes long; at most {max} are allowed", v.len()));
        }
    }
    Ok(())
}

fn check_fields(f: &Fact, report: &mut impl FnMut(Rule, String)) {
    let declares = matches!(f.action, Action::Declaration | Action::DeclarationWithdrawal);
    if !declares && f.declaration.is_some() {
        report(Rule::Fields, format!("an event of action `{}` carries no declaration effect", f.action));
    }
    if !declares && f.action != Action::Notification && f.article.is_some() {
        report(Rule::Fields, format!("an event of action `{}` carries no article", f.action));
    }
    if let Err(e) = f.check_limits() {
        report(Rule::Fields, e.to_string());
    }
    let terms = f.action.is_terms();
    if terms && f.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
        report(Rule::Fields, format!("an event of action `{}` carries the text of the record", f.action));
    }
    if terms && f.date_basis.is_none() {
        report(
            Rule::Fields,
            format!("an event of action `{}` says how its date was established (date_basis)", f.action),
        );
    }
    if !terms && f.kind.is_some() {
        report(Rule::Fields, format!("an event of action `{}` carries no kind", f.action));
    }
    if (f.action == Action::Objection) != f.counterpart.is_some() {
        report(
            Rule::Fields,
            "an objection, and only an objection, names its counterpart (the participant objected to)".into(),
        );
    }
    if f.counterpart == Some(f.participant) {
        report(Rule::Fields, "a participant does not object to itself".into());
    }
    if f.action == Action::DeclarationWithdrawal && f.declaration.is_some() {
        report(Rule::Fields, "a declaration_withdrawal carries an article but no declaration effect".into());
    }
    // A consent may carry the date it takes effect where the record states it (a succession's
    // date of succession, a re-accession deposited ahead of its effect).
    let effective = f.action.is_consent() || matches!(f.action, Action::SuccessionToSignature | Action::Denunciation);
    if !effective && f.effective_date.is_some() {
        report(Rule::Fields, format!("an event of action `{}` carries no effective date", f.action));
    }
    if f.action == Action::Retraction && f.corrects.is_none() {
        report(Rule::Fields, "a retraction names the event it retracts (corrects)".into());
    }
}

fn check_declaration(f: &Fact, before: &crate::ParticipantStatus, report: &mut impl FnMut(Rule, String)) {
    let t = f.treaty.treaty();
    let who = f.participant.name();
    let allowed: Vec<&str> =
        t.procedures.iter().filter(|p| p.kind != ProcedureKind::Automatic).map(|p| p.article).collect();
    let Some(article) = f.article.as_deref().filter(|a| !a.is_empty()) else {
        report(
            Rule::DeclarationArticle,
            format!(
                "a {} names its article (the {} provides for declarations under: {})",
                f.action,
                t.short_title,
                list(&allowed)
            ),
        );
        return;
    };
    let procedure = t.procedure(article).filter(|p| p.kind != ProcedureKind::Automatic);
    let Some(procedure) = procedure else {
        report(
            Rule::DeclarationArticle,
            format!(
                "the {} provides for no declaration under article {article} (it does under: {})",
                t.short_title,
                list(&allowed)
            ),
        );
        return;
    };
    if f.action == Action::Declaration {
        let expected = match procedure.kind {
            ProcedureKind::OptIn => DeclarationEffect::OptIn,
            ProcedureKind::OptOut => DeclarationEffect::OptOut,
            _ => DeclarationEffect::Statement,
        };
        if f.declaration != Some(expected) {
            report(
                Rule::DeclarationArticle,
                format!(
                    "a declaration under article {article} of the {} ({}) has the effect {expected}, not {}",
                    t.short_title,
                    procedure.name,
                    f.declaration.map_or("none", DeclarationEffect::as_str)
                ),
            );
        }
        if before.signature.is_none() && !before.party {
            report(
                Rule::DeclarationStanding,
                format!("{who} is neither a signatory nor a party to the {} on {}", t.short_title, long(f.date)),
            );
        }
    } else if !before.declarations.contains_key(article) {
        report(
            Rule::DeclarationWithdrawal,
            format!(
                "{who} has no declaration under article {article} of the {} in effect on {}",
                t.short_title,
                long(f.date)
            ),
        );
    }
}

fn list(items: &[&str]) -> String {
    if items.is_empty() { "none".into() } else { items.join(", ") }
}

fn check_prerequisite(
    f: &Fact,
    prerequisite: treaty_model::Prerequisite,
    parents: &BTreeMap<TreatyId, History>,
    verb: &str,
    report: &mut impl FnMut(Rule, String),
) {
    let holds = prerequisite.any_of.iter().any(|(key, standing)| {
        let Ok(parent) = TreatyId::parse(key) else { return false };
        let records = parents.get(&parent).map_or(&[][..], |h| h.standing(f.participant));
        let status = participant_status(parent, f.participant, records, f.date);
        // `status` already counts every consent dated by `f.date`, with its denunciations. What
        // it cannot see is a succession notified later but taking effect by then, so that is
        // the only case to add, hence `memberships == 0`. (It read `> 0`, which let any earlier
        // consent count even after a denunciation of the parent took effect, and never counted
        // the retroactive succession: tests/rules.rs, mod prerequisite.)
        let party_by_succession =
            records.iter().any(|r| r.fact.action.is_consent() && party_from(r) <= f.date && status.memberships == 0);
        let party = status.party || party_by_succession;
        match standing {
            Standing::Party => party,
            Standing::SignedOrParty => party || status.signature.is_some(),
        }
    });
    if !holds {
        let t = f.treaty.treaty();
        let wanted: Vec<String> = prerequisite
            .any_of
            .iter()
            .map(|(key, standing)| {
                let name = TreatyId::parse(key).map_or(*key, |p| p.treaty().short_title);
                match standing {
                    Standing::Party => format!("a party to the {name}"),
                    Standing::SignedOrParty => format!("a signatory of or party to the {name}"),
                }
            })
            .collect();
        report(
            Rule::Prerequisite,
            format!(
                "only {} may {verb} the {} (art. {}); {} was not on {}",
                wanted.join(" or "),
                t.short_title,
                prerequisite.article,
                f.participant.name(),
                long(f.date)
            ),
        );
    }
}
