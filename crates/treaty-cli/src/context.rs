//! Values every command needs: "now", dates, and names turned into ids.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use treaty_model::{ParticipantId, TreatyId};

use crate::cli::TimeFlags;

/// The current time, whole seconds; `TREATY_NOW` overrides it for reproducible runs.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("TREATY_NOW") {
        Ok(text) => Ok(parse_time(&text).context("TREATY_NOW")?.trunc_subsecs(0)),
        Err(_) => Ok(Utc::now().trunc_subsecs(0)),
    }
}

/// A `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    treaty_pipeline::records::parse_date(text).map_err(anyhow::Error::msg)
}

/// An RFC 3339 time, or a date meaning the last second of that day (UTC).
pub fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    treaty_pipeline::records::parse_time(text).map_err(anyhow::Error::msg)
}

/// Treaties named on the command line; all of them when none is named.
pub fn treaties(names: &[String]) -> Result<Vec<TreatyId>> {
    if names.is_empty() {
        return Ok(TreatyId::all().collect());
    }
    let mut ids = names.iter().map(|n| TreatyId::parse(n).map_err(anyhow::Error::from)).collect::<Result<Vec<_>>>()?;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Participants named on the command line, by code or name.
pub fn participants(names: &[String]) -> Result<Vec<ParticipantId>> {
    let mut ids =
        names.iter().map(|n| ParticipantId::resolve(n).map_err(anyhow::Error::from)).collect::<Result<Vec<_>>>()?;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The two time axes of a query: the legal date (default: today) and what the ledger had
/// recorded by a time (default: everything).
pub fn time_axes(flags: &TimeFlags) -> Result<(NaiveDate, Option<DateTime<Utc>>)> {
    let as_of = match &flags.as_of {
        Some(d) => parse_date(d).context("--as-of")?,
        None => now()?.date_naive(),
    };
    let known_at = flags.known_at.as_deref().map(parse_time).transpose().context("--known-at")?;
    Ok((as_of, known_at))
}
