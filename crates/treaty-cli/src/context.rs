//! Values every command needs: "now", dates, and names turned into ids.

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, NaiveTime, SubsecRound, Utc};
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
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .with_context(|| format!("{text:?} is not a date: expected YYYY-MM-DD, e.g. 2013-05-05"))
}

/// An RFC 3339 time, or a date meaning the last second of that day (UTC).
pub fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let end = NaiveTime::from_hms_opt(23, 59, 59).expect("valid time");
        return Ok(d.and_time(end).and_utc());
    }
    bail!("{text:?} is not a time: expected RFC 3339 (2026-02-03T10:16:18Z) or a date (2026-02-03)")
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
