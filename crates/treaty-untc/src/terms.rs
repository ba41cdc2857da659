//! The terms on which each participant is bound, from the sections below the participants
//! table and the end notes: reservations and declarations, objections, declarations under
//! articles (opt-ins), opting-out statements, notifications, and withdrawals.
//!
//! Every entry becomes events or review lines, never nothing. A part whose date the page
//! states is dated `stated`; a part the page says was made "upon ratification" or "upon
//! signature" (in its heading, or in the section's "Unless otherwise indicated" line) takes
//! that instrument's date with the matching `date_basis`; a part with neither is listed for
//! a person, unless `data/entry-dates.tsv` gives its date with a source.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use treaty_fold::{History, Record};
use treaty_model::{
    Action, DateBasis, DeclarationEffect, EventId, Fact, ParticipantId, ProcedureKind, Source, TreatyId,
};

use crate::Page;
use crate::curated;
use crate::notes::{self, NoteFact, articles_named, sentences};
use crate::reconcile::{Proposal, Reconciliation, Review};
use crate::sections::{Entry, Part, Section, SectionBlock};

/// A participant's instruments as the page (and its end notes) state them: the dates a
/// statement made "upon signature" or "upon ratification" takes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Instruments {
    /// The signature in the signature column.
    pub signature: Option<NaiveDate>,
    /// The latest consent (a State that left and re-joined made its reservations upon the
    /// later instrument: Trinidad and Tobago, Guyana).
    pub consent: Option<NaiveDate>,
}

/// Opting out of (or a statement under) a procedure: which treaty, which article governs the
/// declaration, which articles a refusal names, and what the declaration does.
struct OptOut {
    treaty: &'static str,
    article: &'static str,
    names: &'static [&'static str],
    effect: DeclarationEffect,
    /// Words that make a sentence naming those articles a refusal (or, for a statement, the
    /// statement itself).
    cues: &'static [&'static str],
}

const REFUSALS: &[&str] = &[
    "not recogni",
    "does not accept",
    "do not accept",
    "not consider itself bound",
    "not consider themselves bound",
    "not be bound",
    "shall not apply",
    "does not apply",
    "shall not extend",
    "not extend",
];

/// The opt-out procedures of the catalogue and how their declarations read on the pages.
const OPT_OUTS: &[OptOut] = &[
    // CAT art. 28(1): "does not recognize the competence of the Committee provided for in article 20".
    OptOut { treaty: "cat", article: "28", names: &["20"], effect: DeclarationEffect::OptOut, cues: REFUSALS },
    // OP-CEDAW art. 10: not recognising the inquiry procedure of arts. 8 and 9.
    OptOut {
        treaty: "op-cedaw",
        article: "10",
        names: &["8", "9", "10"],
        effect: DeclarationEffect::OptOut,
        cues: REFUSALS,
    },
    // OP-CRPD art. 8: not recognising the inquiry procedure of arts. 6 and 7.
    OptOut {
        treaty: "op-crpd",
        article: "8",
        names: &["6", "7", "8"],
        effect: DeclarationEffect::OptOut,
        cues: REFUSALS,
    },
    // OP-CRC-IC art. 13(7): not recognising the inquiry procedure of art. 13.
    OptOut { treaty: "op-crc-ic", article: "13", names: &["13"], effect: DeclarationEffect::OptOut, cues: REFUSALS },
    // ICCPR-OP2 arts. 4 and 5: the Protocol's extension of the Covenant's procedures.
    OptOut { treaty: "iccpr-op2", article: "4", names: &["4"], effect: DeclarationEffect::OptOut, cues: REFUSALS },
    OptOut { treaty: "iccpr-op2", article: "5", names: &["5"], effect: DeclarationEffect::OptOut, cues: REFUSALS },
    // OP-CAT art. 24: postponing the obligations of Part III or Part IV.
    OptOut {
        treaty: "op-cat",
        article: "24",
        names: &["24"],
        effect: DeclarationEffect::Statement,
        cues: &["postpon"],
    },
];

/// The sentences of a text (paragraphs, then full stops and semicolons).
fn clauses(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split('\n').flat_map(sentences).flat_map(|s| s.split(';')).map(str::trim)
}

/// The opt-outs and statements a reservation's text makes, each with the sentence that makes it.
fn opt_outs(treaty: TreatyId, text: &str) -> Vec<(&'static str, DeclarationEffect, String)> {
    let mut out = Vec::new();
    for o in OPT_OUTS.iter().filter(|o| o.treaty == treaty.key()) {
        let hit = clauses(text).find(|c| {
            let lower = c.to_lowercase();
            let named = articles_named(&lower);
            o.names.iter().any(|n| named.iter().any(|a| a == n)) && o.cues.iter().any(|cue| lower.contains(cue))
        });
        if let Some(clause) = hit {
            out.push((o.article, o.effect, clause.to_owned()));
        }
    }
    out
}

/// The opt-out procedure whose declaration a withdrawal naming `articles` withdraws.
fn opt_out_withdrawn(treaty: TreatyId, articles: &[String]) -> Option<&'static str> {
    OPT_OUTS
        .iter()
        .filter(|o| o.treaty == treaty.key() && o.effect == DeclarationEffect::OptOut)
        .find(|o| o.names.iter().chain([&o.article]).any(|n| articles.iter().any(|a| a == n)))
        .map(|o| o.article)
}

/// How a declaration describes a procedure when it names no article: the words of the
/// procedure's own article ("communications to the effect that a State Party claims that
/// another State Party is not fulfilling its obligations", "communications from or on behalf
/// of individuals").
fn described(name: &str, text: &str) -> bool {
    let inter_state: &[&str] = &["another state party", "a state party claims", "state party claims"];
    let individual: &[&str] =
        &["on behalf of individuals", "from individuals", "individuals subject to its jurisdiction"];
    let inquiry: &[&str] = &["inquiry", "inquiries"];
    let cues = if name.starts_with("inter-State") {
        inter_state
    } else if name.starts_with("individual") {
        individual
    } else if name.starts_with("inquiry") {
        inquiry
    } else {
        return false;
    };
    cues.iter().any(|c| text.contains(c))
}

/// The opt-in articles an entry names; when it names none, the treaty's only one, or those
/// whose procedure it describes in the article's own words.
fn opt_ins_named(treaty: TreatyId, text: &str) -> Vec<String> {
    let opt_in: Vec<&treaty_model::Procedure> =
        treaty.treaty().procedures.iter().filter(|p| p.kind == ProcedureKind::OptIn).collect();
    let named = articles_named(text);
    let found: Vec<String> =
        opt_in.iter().filter(|p| named.iter().any(|n| n == p.article)).map(|p| p.article.to_owned()).collect();
    if !found.is_empty() {
        return found;
    }
    if let [only] = opt_in[..] {
        return vec![only.article.to_owned()];
    }
    let lower = text.to_lowercase();
    opt_in.iter().filter(|p| described(p.name, &lower)).map(|p| p.article.to_owned()).collect()
}

/// What the record calls an entry: from its heading, else from its first words.
fn kind_of(heading: Option<&str>, text: &str) -> String {
    let name = |s: &str| -> Option<&'static str> {
        // "Déclarations made upon ratification" (sic, CRPD, the Netherlands).
        let s = s.to_lowercase().replace('é', "e");
        if s.contains("interpretative declaration") {
            Some("interpretative declaration")
        } else if s.contains("reservation") && s.contains("declaration") {
            Some("reservations and declarations")
        } else if s.contains("reservation") {
            Some("reservation")
        } else if s.contains("declaration") {
            Some("declaration")
        } else if s.contains("understanding") {
            Some("understanding")
        } else {
            None
        }
    };
    // Without a heading, the verb of the opening words: "reserves the right", "declares".
    let from_text = |t: &str| -> Option<&'static str> {
        let t = t.to_lowercase();
        if t.contains("interpretative declaration") {
            Some("interpretative declaration")
        } else if t.contains("reserv") {
            Some("reservation")
        } else if t.contains("declar") {
            Some("declaration")
        } else if t.contains("understand") || t.contains("understood") {
            Some("understanding")
        } else {
            None
        }
    };
    // A heading that names something else ("Interpretative statements") is the name, singular,
    // without the instrument it was made upon.
    let other = |h: &str| -> Option<String> {
        if basis_in_heading(h).is_some() && h.to_lowercase().starts_with("upon") {
            return None;
        }
        let lower = h.to_lowercase();
        let cut = [" made ", " upon ", " in respect", " with regard"].iter().filter_map(|w| lower.find(w)).min();
        let name = lower[..cut.unwrap_or(lower.len())].trim();
        let name = name.strip_suffix('s').unwrap_or(name);
        (!name.is_empty() && name.len() <= 60 && !name.chars().any(|c| c.is_ascii_digit())).then(|| name.to_owned())
    };
    let opening: String = text.chars().take(300).collect();
    heading
        .and_then(name)
        .map(str::to_owned)
        .or_else(|| heading.and_then(other))
        .or_else(|| from_text(&opening).map(str::to_owned))
        .unwrap_or_else(|| "unspecified".to_owned())
}

/// The basis a heading gives: "Upon signature", "Reservation made upon ratification", "made
/// upon signature and confirmed upon ratification" (a reservation confirmed upon consent is
/// made on that date, VCLT art. 23(2)).
fn basis_in_heading(heading: &str) -> Option<DateBasis> {
    let h = heading.to_lowercase();
    let consent = ["upon ratification", "upon accession", "upon succession", "upon acceptance", "upon approval"]
        .iter()
        .any(|w| h.contains(w))
        || h.contains("upon formal confirmation")
        || h.contains("confirmed upon");
    if consent {
        Some(DateBasis::UponConsent)
    } else if h.contains("upon signature") || h.contains("on signature") {
        Some(DateBasis::UponSignature)
    } else {
        None
    }
}

/// What "Unless otherwise indicated, … were made upon …" allows: (signature, consent).
fn default_bases(explanation: &str) -> (bool, bool) {
    let e = explanation.to_lowercase();
    if !e.contains("unless otherwise indicated") {
        return (false, false);
    }
    let consent = ["ratification", "accession", "succession", "acceptance", "approval", "confirmation"]
        .iter()
        .any(|w| e.contains(w));
    (e.contains("signature"), consent)
}

/// The date of a part and how it was established, or why it cannot be.
fn date_of(part: &Part, block: &SectionBlock, instruments: Instruments) -> Result<(NaiveDate, DateBasis), String> {
    if let Some(d) = part.date {
        return Ok((d, DateBasis::Stated));
    }
    // "The Secretary-General received from the Government of … a notification dated 30 March
    // 2020": the text states the date of the act.
    if let Some(at) = part.text.find("notification dated ") {
        let rest = &part.text[at + "notification dated ".len()..];
        let words: Vec<&str> = rest.split(' ').take(3).collect();
        if let Some(d) = crate::sections::loose_date(words.join(" ").trim_end_matches([',', '.'])) {
            return Ok((d, DateBasis::Stated));
        }
    }
    // A heading the page sets in the text itself: "Declaration made upon signature: …".
    let lead = part.text.split_once(':').map(|(l, _)| l).filter(|l| l.len() < 80);
    let basis =
        part.heading.as_deref().and_then(basis_in_heading).or_else(|| lead.and_then(basis_in_heading)).or_else(|| {
            let (signature, consent) = default_bases(&block.explanation);
            if consent && instruments.consent.is_some() {
                Some(DateBasis::UponConsent)
            } else if signature && instruments.signature.is_some() {
                Some(DateBasis::UponSignature)
            } else {
                None
            }
        });
    let date = match basis {
        Some(DateBasis::UponConsent) => instruments.consent,
        Some(DateBasis::UponSignature) => instruments.signature,
        _ => None,
    };
    match (basis, date) {
        (Some(b), Some(d)) => Ok((d, b)),
        (Some(b), None) => {
            Err(format!("made {} by the record, but the page shows no such instrument", b.as_str().replace('_', " ")))
        }
        (None, _) if block.explanation.is_empty() => {
            Err("undated, and the section gives no \"Unless otherwise indicated\" line (its heading is hidden)"
                .to_owned())
        }
        (None, _) => Err(format!(
            "undated, and the section's line {:?} gives no instrument this participant has",
            block.explanation
        )),
    }
}

/// Is the fact already in the log? Terms facts compare without `corrects`; declarations also
/// match a record of the same article, effect and date made before the text was recorded.
pub(crate) fn recorded(records: &[Record], fact: &Fact) -> bool {
    let id = fact.id();
    records.iter().any(|r| {
        r.id == id
            || same_fact(&r.fact, fact)
            || (fact.action == Action::Declaration
                && r.fact.action == Action::Declaration
                && r.fact.article == fact.article
                && r.fact.declaration == fact.declaration
                && r.fact.date == fact.date)
    })
}

/// The same fact, whether or not one of them corrects an earlier event.
pub(crate) fn same_fact(a: &Fact, b: &Fact) -> bool {
    Fact { corrects: None, ..a.clone() } == Fact { corrects: None, ..b.clone() }
}

fn excerpt(text: &str) -> String {
    let t: String = text.chars().take(160).collect();
    if t.len() < text.len() { format!("{t}…") } else { t }
}

struct Reader<'a> {
    page: &'a Page,
    history: &'a History,
    base: &'a Source,
    instruments: &'a BTreeMap<ParticipantId, Instruments>,
    out: &'a mut Reconciliation,
    /// The ids of the proposals so far (an id hashes the whole text: compute it once).
    proposed: HashSet<EventId>,
}

impl Reader<'_> {
    fn review(&mut self, participant: Option<ParticipantId>, name: &str, at: Option<(Section, u32)>, message: String) {
        self.out.reviews.push(Review {
            participant,
            name: name.to_owned(),
            message,
            section: at.map(|a| a.0),
            row: at.map(|a| a.1),
        });
    }

    fn propose(&mut self, fact: Fact, source: Source, why: String) {
        if recorded(self.history.records(fact.participant), &fact) {
            return;
        }
        if !self.proposed.insert(fact.id()) {
            return;
        }
        self.out.proposals.push(Proposal { fact, source, why });
    }

    fn source(&self, section: Section, row: String, cell: Option<String>) -> Source {
        Source { section: Some(section.as_str().to_owned()), row: Some(row), cell, ..self.base.clone() }
    }

    fn entry(&mut self, block: &SectionBlock, entry: &Entry) {
        let at = Some((block.section, entry.row));
        let Some(p) = entry.participant else {
            self.review(
                None,
                &entry.name,
                at,
                format!("an entry of {:?} by a participant the registry does not know", block.section.as_str()),
            );
            return;
        };
        let instruments = self.instruments.get(&p).copied().unwrap_or_default();
        // An entry whose text block is empty has its text in an end note (reservations since
        // withdrawn, objections the depositary summarises).
        let mut from_notes = false;
        let mut parts = entry.parts.clone();
        if parts.is_empty() {
            let notes: Vec<(u32, &String)> =
                entry.footnotes.iter().filter_map(|n| self.page.notes.get(n).map(|t| (*n, t))).collect();
            let numbers = entry.footnotes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            match (block.section, notes.is_empty()) {
                (Section::Reservations | Section::Objections, false) => {
                    from_notes = true;
                    parts.push(Part {
                        date: None,
                        heading: None,
                        text: notes.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n"),
                    });
                }
                _ => {
                    self.review(
                        Some(p),
                        &entry.name,
                        at,
                        format!(
                            "the entry has no text on the page (end note(s): {}); read it and record it by hand",
                            if numbers.is_empty() { "none".into() } else { numbers }
                        ),
                    );
                    return;
                }
            }
        }
        let t = self.page.treaty;
        for (k, part) in parts.iter().enumerate() {
            let row = format!("{}.{}", entry.row, k + 1);
            let cell = if from_notes {
                Some(format!(
                    "end note(s) {}",
                    entry.footnotes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                ))
            } else {
                part.heading.clone()
            };
            let source = self.source(block.section, row.clone(), cell);
            let text = match &part.heading {
                Some(h) if !from_notes => format!("{h}:\n{}", part.text),
                _ => part.text.clone(),
            };
            let (date, basis, source) = match date_of(part, block, instruments) {
                Ok((d, b)) => (d, b, source),
                Err(why) => match curated::entry_date(t, p, block.section) {
                    Some(found) => (
                        found.date,
                        found.basis,
                        Source { section: source.section, row: source.row, ..found.source.clone() },
                    ),
                    None => {
                        self.review(Some(p), &entry.name, at, format!("part {row}: {why}: {}", excerpt(&part.text)));
                        continue;
                    }
                },
            };
            let base_fact = |action: Action| {
                let mut f = Fact::new(t, p, action, date);
                f.date_basis = Some(basis);
                f.text = Some(text.clone());
                f
            };
            match block.section {
                Section::Reservations => {
                    // A part that reports a withdrawal in the depositary's words ("On 19
                    // December 2025, Poland informed the Secretary-General that it withdraws
                    // its reservation …") is a withdrawal, not a reservation.
                    let (withdrawn, _) = notes::withdrawals(&part.text, p, &entry.name);
                    if !withdrawn.is_empty() {
                        for w in withdrawn {
                            self.withdrawal(p, w, source.clone(), format!("{} (part {row})", block.heading));
                        }
                        continue;
                    }
                    let mut fact = base_fact(Action::Reservation);
                    fact.kind = Some(kind_of(part.heading.as_deref(), &part.text));
                    let why = format!("{} ({})", block.heading, fact.kind.as_deref().unwrap_or_default());
                    self.propose(fact, source.clone(), why);
                    if !from_notes {
                        for (article, effect, clause) in opt_outs(t, &part.text) {
                            let mut d = base_fact(Action::Declaration);
                            d.article = Some(article.to_owned());
                            d.declaration = Some(effect);
                            d.text = Some(clause);
                            self.propose(
                                d,
                                source.clone(),
                                format!("the reservation's text makes the declaration of article {article} ({effect})"),
                            );
                        }
                    }
                }
                Section::Objections => {
                    let named = ParticipantId::mentioned_in(part.heading.as_deref().unwrap_or(""))
                        .into_iter()
                        .chain(ParticipantId::mentioned_in(&part.text.chars().take(600).collect::<String>()))
                        .map(|(_, q)| q)
                        .find(|q| *q != p);
                    let Some(counterpart) = named else {
                        self.review(
                            Some(p),
                            &entry.name,
                            at,
                            format!(
                                "part {row}: an objection that names no participant it objects to: {}",
                                excerpt(&text)
                            ),
                        );
                        continue;
                    };
                    let mut fact = base_fact(Action::Objection);
                    fact.kind = Some("objection".to_owned());
                    fact.counterpart = Some(counterpart);
                    self.propose(fact, source, format!("objection to {}", counterpart.name()));
                }
                Section::ArticleDeclarations => {
                    let lower = part.text.to_lowercase();
                    if lower.contains("withdr") {
                        self.review(Some(p), &entry.name, at, format!("part {row}: a declaration that speaks of a withdrawal: read it and record it by hand ({})", excerpt(&part.text)));
                        continue;
                    }
                    let articles =
                        opt_ins_named(t, &format!("{}\n{}", part.heading.as_deref().unwrap_or(""), part.text));
                    if articles.is_empty() {
                        self.review(
                            Some(p),
                            &entry.name,
                            at,
                            format!(
                                "part {row}: a declaration naming no article of an opt-in procedure: {}",
                                excerpt(&part.text)
                            ),
                        );
                        continue;
                    }
                    for article in articles {
                        let mut d = base_fact(Action::Declaration);
                        d.article = Some(article.clone());
                        d.declaration = Some(DeclarationEffect::OptIn);
                        self.propose(
                            d,
                            source.clone(),
                            format!("declaration recognizing the procedure of article {article}"),
                        );
                    }
                }
                Section::TerritorialApplications => {
                    let mut fact = base_fact(Action::Notification);
                    fact.kind = Some("territorial application".to_owned());
                    self.propose(fact, source, "Territorial Application".to_owned());
                }
                Section::Notifications => {
                    let mut fact = base_fact(Action::Notification);
                    let heading = block.heading.to_lowercase();
                    fact.kind =
                        Some(if heading.contains("derogation") { "derogation" } else { "notification" }.to_owned());
                    fact.article = articles_named(&block.heading).into_iter().next();
                    let why = if block.heading.is_empty() { "notifications".to_owned() } else { block.heading.clone() };
                    self.propose(fact, source.clone(), why);
                    // A declaration recognising a procedure can stand in the notifications
                    // (Portugal, OP-ICESCR arts. 10 and 11).
                    if lower_has_recognition(&part.text) {
                        for article in opt_ins_named(t, &part.text) {
                            let mut d = base_fact(Action::Declaration);
                            d.article = Some(article.clone());
                            d.declaration = Some(DeclarationEffect::OptIn);
                            self.propose(
                                d,
                                source.clone(),
                                format!(
                                    "declaration (in the notifications) recognizing the procedure of article {article}"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// A withdrawal of a reservation or declaration, and of the opting-out declaration it
    /// withdraws when it names that procedure's article.
    fn withdrawal(&mut self, p: ParticipantId, f: NoteFact, source: Source, place: String) {
        let NoteFact::Withdrawal { date, what, articles, partial, sentence } = f else { return };
        let t = self.page.treaty;
        let mut fact = Fact::new(t, p, Action::ReservationWithdrawal, date);
        fact.kind = Some(if partial { format!("partial withdrawal of {what}") } else { what.clone() });
        fact.date_basis = Some(DateBasis::Stated);
        fact.text = Some(sentence.clone());
        self.propose(fact, source.clone(), format!("{place}: withdrawal of a {what}"));
        let Some(article) = opt_out_withdrawn(t, &articles) else { return };
        let declares = |f: &Fact| {
            f.participant == p
                && f.action == Action::Declaration
                && f.article.as_deref() == Some(article)
                && f.date <= date
        };
        let declared = self.history.records(p).iter().any(|r| declares(&r.fact))
            || self.out.proposals.iter().any(|q| declares(&q.fact));
        if declared {
            let mut w = Fact::new(t, p, Action::DeclarationWithdrawal, date);
            w.article = Some(article.to_owned());
            w.date_basis = Some(DateBasis::Stated);
            w.text = Some(sentence);
            self.propose(w, source, format!("{place}: the opting-out declaration of article {article} withdrawn"));
        }
    }

    /// Withdrawals told in the end notes a participant's row or entries point to.
    fn withdrawals(&mut self) {
        let mut notes_of: BTreeMap<ParticipantId, (String, Vec<u32>)> = BTreeMap::new();
        for row in &self.page.rows {
            notes_of.entry(row.participant).or_insert_with(|| (row.name.clone(), Vec::new())).1.extend(&row.footnotes);
        }
        for block in &self.page.sections {
            for e in &block.entries {
                if let Some(p) = e.participant {
                    notes_of.entry(p).or_insert_with(|| (e.name.clone(), Vec::new())).1.extend(&e.footnotes);
                }
            }
        }
        for (p, (name, mut numbers)) in notes_of {
            numbers.sort_unstable();
            numbers.dedup();
            for n in numbers {
                let Some(note) = self.page.notes.get(&n) else { continue };
                let (facts, other) = notes::withdrawals(note, p, &name);
                for f in facts {
                    let NoteFact::Withdrawal { sentence, .. } = &f else { continue };
                    let source = Source {
                        section: Some("end_notes".to_owned()),
                        row: Some(format!("note {n}")),
                        cell: Some(format!("note {n}: {sentence}")),
                        ..self.base.clone()
                    };
                    self.withdrawal(p, f, source, format!("end note {n}"));
                }
                for sentence in other {
                    self.review(
                        Some(p),
                        &name,
                        None,
                        format!(
                            "end note {n} speaks of a withdrawal in words not read mechanically: {}",
                            excerpt(&sentence)
                        ),
                    );
                }
            }
        }
    }
}

fn lower_has_recognition(text: &str) -> bool {
    let l = text.to_lowercase();
    (l.contains("recogniz") || l.contains("recognis")) && l.contains("competence")
}

/// Proposes the events the sections and end notes of `page` state and the log lacks, and
/// lists what needs a person.
pub(crate) fn read(
    page: &Page,
    history: &History,
    base: &Source,
    instruments: &BTreeMap<ParticipantId, Instruments>,
    out: &mut Reconciliation,
) {
    let proposed = out.proposals.iter().map(|p| p.fact.id()).collect();
    let mut reader = Reader { page, history, base, instruments, out, proposed };
    for block in &page.sections {
        for entry in &block.entries {
            reader.entry(block, entry);
        }
    }
    reader.withdrawals();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(key: &str) -> TreatyId {
        TreatyId::parse(key).unwrap()
    }

    #[test]
    fn a_cat_reservation_refusing_article_20_opts_out_of_article_28() {
        let bahamas = "“The Government of the Commonwealth of The Bahamas does not recognize the competence of the Committee against Torture as provided for in Article 20 of the UNCAT.\nThe Government of the Commonwealth of The Bahamas does not consider itself bound by paragraph 1 of Article 30 of the Convention.";
        let found = opt_outs(t("cat"), bahamas);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), ("28", DeclarationEffect::OptOut));
        assert!(found[0].2.contains("Article 20 of the UNCAT"), "the sentence that opts out: {}", found[0].2);
        // Refusing art. 30(1) alone is no opt-out of the inquiry procedure.
        assert!(opt_outs(t("cat"), "X does not consider itself bound by article 30, paragraph 1.").is_empty());
        let found = opt_outs(t("op-cat"), "In accordance with article 24, X postpones the implementation of Part IV.");
        assert_eq!((found[0].0, found[0].1), ("24", DeclarationEffect::Statement));
    }

    #[test]
    fn kinds_and_bases_come_from_headings() {
        assert_eq!(kind_of(Some("Interpretative declarations"), ""), "interpretative declaration");
        assert_eq!(kind_of(Some("Upon signature"), "X reserves the right"), "reservation");
        assert_eq!(kind_of(None, "It is understood that"), "understanding");
        assert_eq!(kind_of(None, "[See chapter IV.3.]"), "unspecified");
        assert_eq!(kind_of(Some("Interpretative statements"), ""), "interpretative statement");
        assert_eq!(kind_of(Some("Déclarations made upon ratification"), ""), "declaration");
        assert_eq!(basis_in_heading("Upon signature"), Some(DateBasis::UponSignature));
        assert_eq!(
            basis_in_heading("Reservation made upon signature and confirmed upon ratification"),
            Some(DateBasis::UponConsent)
        );
        assert_eq!(
            default_bases(
                "(Unless otherwise indicated, the declarations and reservations were made upon signature, accession or ratification.)"
            ),
            (true, true)
        );
        assert_eq!(default_bases(""), (false, false));
        let palestine = Part {
            date: None,
            heading: None,
            text: "The Secretary-General received from the Government of the State of Palestine a notification dated 30 March 2020, made under article 4 (3)".into(),
        };
        let block = SectionBlock {
            section: Section::Notifications,
            heading: String::new(),
            explanation: String::new(),
            heading_shown: true,
            entries: Vec::new(),
        };
        assert_eq!(
            date_of(&palestine, &block, Instruments::default()),
            Ok((NaiveDate::from_ymd_opt(2020, 3, 30).unwrap(), DateBasis::Stated))
        );
    }

    #[test]
    fn opt_ins_are_the_procedures_named() {
        let belgium = "- to receive, in accordance with article 10 of the Optional Protocol, notifications ...\n- to conduct, in accordance with articles 11 and 12 of the Optional Protocol, an inquiry";
        assert_eq!(opt_ins_named(t("op-icescr"), belgium), ["10", "11"]);
        // ICERD has one opt-in procedure: an entry need not name it.
        assert_eq!(opt_ins_named(t("icerd"), "recognizes the competence of the Committee"), ["14"]);
        // CAT, Norway: both procedures in the words of arts. 21 and 22.
        let norway = "Norway recognizes the competence of the Committee to receive and consider communications to the effect that a State Party claims that another State Party is not fulfilling its obligations under the Convention. Norway also recognizes the competence of the Committee to receive and consider communications from or on behalf of individuals subject to its jurisdiction";
        assert_eq!(opt_ins_named(t("cat"), norway), ["21", "22"]);
    }
}
