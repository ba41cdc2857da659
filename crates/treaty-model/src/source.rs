use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::{ModelError, Sha256};

/// What kind of record an event was taken from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum SourceKind {
    /// A UNTC status page (`ViewDetails.aspx?src=TREATY&mtdsg_no=…`).
    UntcStatusPage,
    /// A depositary notification (`C.N.…TREATIES-IV…`).
    DepositaryNotification,
    /// The MTDSG XML or PDF of a treaty's record.
    UntcRecord,
    /// Another published document, named by its URL or reference.
    Other,
}

impl SourceKind {
    const NAMES: &'static str = "untc_status_page, depositary_notification, untc_record, other";

    /// The kind's name in the log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::UntcStatusPage => "untc_status_page",
            SourceKind::DepositaryNotification => "depositary_notification",
            SourceKind::UntcRecord => "untc_record",
            SourceKind::Other => "other",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceKind {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [SourceKind::UntcStatusPage, SourceKind::DepositaryNotification, SourceKind::UntcRecord, SourceKind::Other]
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| ModelError::UnknownSourceKind(s.to_owned(), SourceKind::NAMES))
    }
}

crate::text_serde!(SourceKind);

/// Where an event came from. Every event has one: data is evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What kind of record it is.
    pub kind: SourceKind,
    /// Where the record can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the record was fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<DateTime<Utc>>,
    /// SHA-256 of the fetched bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Sha256>,
    /// The page's own "STATUS AS AT" time, with its offset (UNTC states New York time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_as_at: Option<DateTime<FixedOffset>>,
    /// A citable reference, e.g. the depositary notification `C.N.123.2010.TREATIES-IV.3.a`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The raw text of the cell the fact was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The section of the record, e.g. `reservations`, `objections`, `article_declarations`,
    /// `notifications`, `end_notes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The entry's number within its section (1 for the first), and after a dot the part of
    /// the entry (`3.2`: the third entry's second dated part).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
}

impl Source {
    /// A source with only a kind and a URL.
    #[must_use]
    pub fn url(kind: SourceKind, url: impl Into<String>) -> Self {
        Source {
            kind,
            url: Some(url.into()),
            retrieved_at: None,
            sha256: None,
            status_as_at: None,
            reference: None,
            cell: None,
            section: None,
            row: None,
        }
    }

    /// A source lets a reader find the record again: it has a URL or a reference.
    #[must_use]
    pub fn is_traceable(&self) -> bool {
        self.url.as_deref().is_some_and(|u| !u.trim().is_empty())
            || self.reference.as_deref().is_some_and(|r| !r.trim().is_empty())
    }
}
