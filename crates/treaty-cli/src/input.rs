//! One event as a person or a file gives it: flat text fields, checked into an [`Event`].

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use treaty_model::{Action, Event, Fact, ParticipantId, Source, SourceKind, TreatyId};

use crate::cli::EventFlags;
use crate::context::{parse_date, parse_time};

/// The fields of `treaty append`, which are also the columns of `treaty import` files.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub treaty: Option<String>,
    pub participant: Option<String>,
    pub action: Option<String>,
    pub date: Option<String>,
    pub effective_date: Option<String>,
    pub article: Option<String>,
    pub declaration: Option<String>,
    pub corrects: Option<String>,
    pub kind: Option<String>,
    pub counterpart: Option<String>,
    pub date_basis: Option<String>,
    pub text: Option<String>,
    pub source_url: Option<String>,
    pub source_reference: Option<String>,
    pub source_kind: Option<String>,
    pub source_retrieved_at: Option<String>,
    pub source_sha256: Option<String>,
    pub source_status_as_at: Option<String>,
    pub source_cell: Option<String>,
    pub note: Option<String>,
}

impl From<EventFlags> for EventInput {
    fn from(f: EventFlags) -> Self {
        EventInput {
            treaty: Some(f.treaty),
            participant: Some(f.participant),
            action: Some(f.action),
            date: Some(f.date),
            effective_date: f.effective_date,
            article: f.article,
            declaration: f.declaration,
            corrects: f.corrects,
            kind: f.kind,
            counterpart: f.counterpart,
            date_basis: f.date_basis,
            text: f.text,
            source_url: f.source_url,
            source_reference: f.source_reference,
            source_kind: f.source_kind,
            source_retrieved_at: f.source_retrieved_at,
            source_sha256: f.source_sha256,
            source_status_as_at: f.source_status_as_at,
            source_cell: f.source_cell,
            note: f.note,
        }
    }
}

/// Empty text counts as absent (a CSV's empty cell).
fn present(v: Option<&String>) -> Option<&str> {
    v.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn required<'a>(v: Option<&'a String>, name: &str) -> Result<&'a str> {
    present(v).with_context(|| format!("the field `{name}` is required"))
}

impl EventInput {
    /// Checks every field and builds the event, recorded at `recorded_at`.
    pub fn into_event(self, recorded_at: DateTime<Utc>) -> Result<Event> {
        let treaty = TreatyId::parse(required(self.treaty.as_ref(), "treaty")?)?;
        let participant = ParticipantId::resolve(required(self.participant.as_ref(), "participant")?)?;
        let action: Action = required(self.action.as_ref(), "action")?.parse()?;
        let date = parse_date(required(self.date.as_ref(), "date")?).context("date")?;
        let mut fact = Fact::new(treaty, participant, action, date);
        fact.effective_date =
            present(self.effective_date.as_ref()).map(parse_date).transpose().context("effective_date")?;
        fact.article = present(self.article.as_ref()).map(str::to_owned);
        fact.declaration = present(self.declaration.as_ref()).map(str::parse).transpose()?;
        fact.corrects = present(self.corrects.as_ref()).map(str::parse).transpose().context("corrects")?;
        fact.kind = present(self.kind.as_ref()).map(str::to_owned);
        fact.counterpart =
            present(self.counterpart.as_ref()).map(ParticipantId::resolve).transpose().context("counterpart")?;
        fact.date_basis = present(self.date_basis.as_ref()).map(str::parse).transpose().context("date_basis")?;
        fact.text = present(self.text.as_ref()).map(str::to_owned);

        let url = present(self.source_url.as_ref()).map(str::to_owned);
        let reference = present(self.source_reference.as_ref()).map(str::to_owned);
        if url.is_none() && reference.is_none() {
            bail!("every event needs a source: give `source_url` or `source_reference` (data is evidence)");
        }
        let kind = match present(self.source_kind.as_ref()) {
            Some(k) => k.parse()?,
            None => guess_kind(url.as_deref(), reference.as_deref()),
        };
        let source = Source {
            kind,
            url,
            retrieved_at: present(self.source_retrieved_at.as_ref())
                .map(parse_time)
                .transpose()
                .context("source_retrieved_at")?,
            sha256: present(self.source_sha256.as_ref()).map(str::parse).transpose().context("source_sha256")?,
            status_as_at: present(self.source_status_as_at.as_ref())
                .map(|t| {
                    DateTime::parse_from_rfc3339(t)
                        .with_context(|| format!("source_status_as_at: {t:?} is not RFC 3339"))
                })
                .transpose()?,
            reference,
            cell: self.source_cell.filter(|c| !c.is_empty()),
            section: None,
            row: None,
        };
        let note = present(self.note.as_ref()).map(str::to_owned);
        Ok(Event::new(fact, recorded_at, source, note))
    }
}

fn guess_kind(url: Option<&str>, reference: Option<&str>) -> SourceKind {
    if let Some(u) = url {
        if u.contains("treaties.un.org/Pages/ViewDetails") {
            return SourceKind::UntcStatusPage;
        }
        if u.contains("/doc/Publication/CN/") {
            return SourceKind::DepositaryNotification;
        }
        if u.contains("/doc/Publication/MTDSG/") {
            return SourceKind::UntcRecord;
        }
    }
    if reference.is_some_and(|r| r.starts_with("C.N.")) {
        return SourceKind::DepositaryNotification;
    }
    SourceKind::Other
}
