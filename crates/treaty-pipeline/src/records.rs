//! Events as people and files give them: flat text fields — the flags of `treaty append`, the
//! columns of `treaty import` — read from NDJSON or CSV and checked into [`Event`]s.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use thiserror::Error;
use treaty_model::{Action, Event, Fact, ParticipantId, Source, SourceKind, TreatyId};

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

/// Why a record is not an event.
#[derive(Debug, Error)]
pub enum RecordError {
    /// A required field is absent or empty.
    #[error("the field `{0}` is required")]
    Missing(&'static str),
    /// A field that cannot be read.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        message: String,
    },
    /// Neither a URL nor a reference.
    #[error("every event needs a source: give `source_url` or `source_reference` (data is evidence)")]
    NoSource,
}

fn invalid(field: &'static str) -> impl Fn(String) -> RecordError {
    move |message| RecordError::Invalid { field, message }
}

/// Empty text counts as absent (a CSV's empty cell).
fn present(v: Option<&String>) -> Option<&str> {
    v.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn required<'a>(v: Option<&'a String>, name: &'static str) -> Result<&'a str, RecordError> {
    present(v).ok_or(RecordError::Missing(name))
}

/// A `YYYY-MM-DD` date.
///
/// # Errors
/// A message saying what is expected.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date: expected YYYY-MM-DD, e.g. 2013-05-05"))
}

/// An RFC 3339 time, or a date meaning the last second of that day (UTC).
///
/// # Errors
/// A message saying what is expected.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let end = NaiveTime::from_hms_opt(23, 59, 59).expect("valid time");
        return Ok(d.and_time(end).and_utc());
    }
    Err(format!("{text:?} is not a time: expected RFC 3339 (2026-02-03T10:16:18Z) or a date (2026-02-03)"))
}

impl EventInput {
    /// Checks every field and builds the event, recorded at `recorded_at`.
    ///
    /// # Errors
    /// The first field that is missing or cannot be read.
    pub fn into_event(self, recorded_at: DateTime<Utc>) -> Result<Event, RecordError> {
        let text = |e: treaty_model::ModelError| e.to_string();
        let treaty =
            TreatyId::parse(required(self.treaty.as_ref(), "treaty")?).map_err(text).map_err(invalid("treaty"))?;
        let participant = ParticipantId::resolve(required(self.participant.as_ref(), "participant")?)
            .map_err(text)
            .map_err(invalid("participant"))?;
        let action: Action =
            required(self.action.as_ref(), "action")?.parse().map_err(text).map_err(invalid("action"))?;
        let date = parse_date(required(self.date.as_ref(), "date")?).map_err(invalid("date"))?;
        let mut fact = Fact::new(treaty, participant, action, date);
        fact.effective_date =
            present(self.effective_date.as_ref()).map(parse_date).transpose().map_err(invalid("effective_date"))?;
        fact.article = present(self.article.as_ref()).map(str::to_owned);
        fact.declaration = present(self.declaration.as_ref())
            .map(str::parse)
            .transpose()
            .map_err(text)
            .map_err(invalid("declaration"))?;
        fact.corrects =
            present(self.corrects.as_ref()).map(str::parse).transpose().map_err(text).map_err(invalid("corrects"))?;
        fact.kind = present(self.kind.as_ref()).map(str::to_owned);
        fact.counterpart = present(self.counterpart.as_ref())
            .map(ParticipantId::resolve)
            .transpose()
            .map_err(text)
            .map_err(invalid("counterpart"))?;
        fact.date_basis = present(self.date_basis.as_ref())
            .map(str::parse)
            .transpose()
            .map_err(text)
            .map_err(invalid("date_basis"))?;
        fact.text = present(self.text.as_ref()).map(str::to_owned);

        let url = present(self.source_url.as_ref()).map(str::to_owned);
        let reference = present(self.source_reference.as_ref()).map(str::to_owned);
        if url.is_none() && reference.is_none() {
            return Err(RecordError::NoSource);
        }
        let kind = match present(self.source_kind.as_ref()) {
            Some(k) => k.parse().map_err(text).map_err(invalid("source_kind"))?,
            None => guess_kind(url.as_deref(), reference.as_deref()),
        };
        let status_as_at = present(self.source_status_as_at.as_ref())
            .map(|t| DateTime::parse_from_rfc3339(t).map_err(|_| format!("{t:?} is not RFC 3339")))
            .transpose()
            .map_err(invalid("source_status_as_at"))?;
        let source = Source {
            kind,
            url,
            retrieved_at: present(self.source_retrieved_at.as_ref())
                .map(parse_time)
                .transpose()
                .map_err(invalid("source_retrieved_at"))?,
            sha256: present(self.source_sha256.as_ref())
                .map(str::parse)
                .transpose()
                .map_err(text)
                .map_err(invalid("source_sha256"))?,
            status_as_at,
            reference,
            cell: self.source_cell.filter(|c| !c.is_empty()),
            section: None,
            row: None,
        };
        let note = present(self.note.as_ref()).map(str::to_owned);
        Ok(Event::new(fact, recorded_at, source, note))
    }
}

/// The kind of a source named only by its address or reference.
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

/// The two formats of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    /// One JSON object per line.
    Ndjson,
    /// A header row with the field names, then one record per row.
    Csv,
}

/// A record of a file, with where it was read (`FILE:LINE`).
#[derive(Debug, Clone)]
pub struct Record {
    /// `FILE:LINE` of the record's first line.
    pub location: String,
    /// Its fields.
    pub input: EventInput,
}

/// Reads the records of an import file named `name`; every record that cannot be read is an
/// error line `FILE:LINE: why`, and the others are still read, so that all are reported at once.
#[must_use]
pub fn read_records(name: &str, format: RecordFormat, text: &str) -> (Vec<Record>, Vec<String>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    match format {
        RecordFormat::Ndjson => {
            for (i, line) in text.lines().enumerate() {
                let location = format!("{name}:{}", i + 1);
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<EventInput>(line) {
                    Ok(input) => records.push(Record { location, input }),
                    Err(e) => errors.push(format!("{location}: not an event record: {e}")),
                }
            }
        }
        RecordFormat::Csv => {
            // The csv reader counts a CR and its LF as two line ends, so that errors in a file
            // written with CRLF (Excel, Windows) would be named one line off per line: read it
            // with LF alone (a line break inside a quoted cell becomes LF too).
            let text = text.replace("\r\n", "\n");
            let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            let headers = match reader.headers() {
                Ok(h) => h.clone(),
                Err(e) => {
                    errors.push(format!("{name}:1: not a CSV header: {e}"));
                    return (records, errors);
                }
            };
            for result in reader.records() {
                // The line where the record starts, also when a quoted cell spans lines.
                match result {
                    Ok(row) => {
                        let line = row.position().map_or(0, csv::Position::line);
                        match row.deserialize::<EventInput>(Some(&headers)) {
                            Ok(input) => records.push(Record { location: format!("{name}:{line}"), input }),
                            Err(e) => errors.push(format!("{name}:{line}: not an event record: {e}")),
                        }
                    }
                    Err(e) => {
                        let line = e.position().map_or(0, csv::Position::line);
                        errors.push(format!("{name}:{line}: not an event record: {e}"));
                    }
                }
            }
        }
    }
    (records, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_give_the_same_event_and_name_bad_lines() {
        let url = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en";
        let ndjson = format!(
            "{{\"treaty\":\"op-icescr\",\"participant\":\"URY\",\"action\":\"signature\",\"date\":\"2009-09-24\",\"source_url\":\"{url}\"}}\n{{bad\n"
        );
        let csv = format!("treaty,participant,action,date,source_url\nop-icescr,URY,signature,2009-09-24,{url}\n");
        let (a, errors) = read_records("a.ndjson", RecordFormat::Ndjson, &ndjson);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("a.ndjson:2:"), "{errors:?}");
        let (b, errors) = read_records("b.csv", RecordFormat::Csv, &csv);
        assert!(errors.is_empty(), "{errors:?}");
        let now = parse_time("2026-01-01T00:00:00Z").unwrap();
        let ea = a[0].input.clone().into_event(now).unwrap();
        let eb = b[0].input.clone().into_event(now).unwrap();
        assert_eq!(ea, eb);
        assert_eq!(ea.source.kind, SourceKind::UntcStatusPage);
    }

    #[test]
    fn a_record_without_a_source_or_with_a_bad_date_says_which_field() {
        let mut input = EventInput {
            treaty: Some("icescr".into()),
            participant: Some("FRA".into()),
            action: Some("signature".into()),
            date: Some("1966-13-40".into()),
            ..EventInput::default()
        };
        let now = parse_time("2026-01-01").unwrap();
        let err = input.clone().into_event(now).unwrap_err().to_string();
        assert!(err.starts_with("date:"), "{err}");
        input.date = Some("1966-12-19".into());
        assert!(matches!(input.into_event(now), Err(RecordError::NoSource)));
    }
}
