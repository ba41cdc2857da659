//! Reads a UNTC status page (ASP.NET WebForms markup, described in
//! `tests/fixtures/untc/README.md`) into a [`Page`].
//!
//! Blocks are found by the suffix of their server control id (`[id$="_tblgrid"]`): the prefix
//! changed around 2016. Columns are read through their own legend, never by position. A page
//! without the blocks a status page has is an error naming what is missing, never an empty
//! result; so is a page whose table does not add up to its own status line.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use scraper::{ElementRef, Html, Selector};
use thiserror::Error;
use treaty_model::{Action, ParticipantId, TreatyId};

use crate::page::{Cell, Page, Row};
use crate::sections::sections;

/// Why a page cannot be read as a status page.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// UNTC's maintenance page instead of the record.
    #[error(
        "the site answered with its maintenance page (\"urgent maintenance and is currently unavailable\"), not the treaty's record"
    )]
    Maintenance,
    /// A block every status page has is missing.
    #[error("the page has no {block} (`{selector}`): it is not a treaty status page, or its layout changed")]
    MissingBlock {
        /// What it is, in words.
        block: &'static str,
        /// The selector looked for.
        selector: &'static str,
    },
    /// The page is about a treaty outside the catalogue.
    #[error("the page is about {mtdsg} ({title:?}), which is not in the catalogue")]
    UnknownTreaty {
        /// Chapter and item, as read.
        mtdsg: String,
        /// Title, as read.
        title: String,
    },
    /// The page is about another treaty than the one asked for.
    #[error("asked for the page of {expected} ({}), but it is about {found} ({})", expected.treaty().mtdsg, found.treaty().mtdsg)]
    WrongTreaty {
        /// Asked for.
        expected: TreatyId,
        /// Found.
        found: TreatyId,
    },
    /// A header text could not be read.
    #[error("cannot read the {what} {text:?}")]
    BadHeader {
        /// Which header.
        what: &'static str,
        /// Its text.
        text: String,
    },
    /// The participants table has no data rows.
    #[error("the participants table is empty: a status page lists at least one participant")]
    EmptyTable,
    /// A column whose legend this parser does not know.
    #[error("unknown column {header:?} in the participants table: the layout may have changed")]
    UnknownColumn {
        /// The header text.
        header: String,
    },
    /// A column that every status page has is missing.
    #[error("the participants table has no {which} column")]
    MissingColumn {
        /// Which.
        which: &'static str,
    },
    /// A date cell that cannot be read.
    #[error("{participant}: cannot read the {column} cell {text:?}")]
    BadCell {
        /// The row.
        participant: String,
        /// The column header.
        column: String,
        /// The cell text.
        text: String,
    },
    /// A suffix the column's legend does not define.
    #[error("{participant}: the suffix {suffix:?} in {text:?} is not in the column's legend {legend:?}")]
    UnknownSuffix {
        /// The row.
        participant: String,
        /// The suffix.
        suffix: String,
        /// The cell text.
        text: String,
        /// The column header.
        legend: String,
    },
    /// A participant name the registry does not know.
    #[error(
        "unknown participant {name:?} in the participants table: add it to the registry (crates/treaty-model/data/participants.tsv) with its codes"
    )]
    UnknownParticipant {
        /// The name.
        name: String,
    },
    /// The rows do not add up to the page's own status line.
    #[error("the page states Signatories {} and Parties {}, but its table gives {} and {}: the layout may have changed", stated.0, stated.1, counted.0, counted.1)]
    CountMismatch {
        /// From the status line.
        stated: (usize, usize),
        /// From the rows.
        counted: (usize, usize),
    },
}

pub(crate) fn sel(s: &'static str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// The element's text without footnote numbers (`<SUP>`), no-break spaces as spaces,
/// whitespace folded.
pub(crate) fn text_without_sup(el: ElementRef<'_>) -> String {
    let raw: String = el
        .descendants()
        .filter(|n| {
            !n.ancestors().any(|a| a.value().as_element().is_some_and(|e| e.name().eq_ignore_ascii_case("sup")))
        })
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    fold(&raw)
}

pub(crate) fn fold(text: &str) -> String {
    text.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numbers in the element's `<SUP>` footnote marks.
pub(crate) fn footnotes(el: ElementRef<'_>) -> Vec<u32> {
    let sup = sel("sup");
    let mut out: Vec<u32> = el
        .select(&sup)
        .flat_map(|s| {
            s.text()
                .collect::<String>()
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect();
    out.dedup();
    out
}

fn one<'a>(doc: &'a Html, selector: &'static str, block: &'static str) -> Result<ElementRef<'a>, ParseError> {
    doc.select(&sel(selector)).next().ok_or(ParseError::MissingBlock { block, selector })
}

/// Parses a status page and checks that it is about `expected`.
///
/// # Errors
/// See [`ParseError`].
pub fn parse_for(html: &str, expected: TreatyId) -> Result<Page, ParseError> {
    let page = parse(html)?;
    if page.treaty != expected {
        return Err(ParseError::WrongTreaty { expected, found: page.treaty });
    }
    Ok(page)
}

/// Parses a status page.
///
/// # Errors
/// See [`ParseError`].
pub fn parse(html: &str) -> Result<Page, ParseError> {
    if html.contains("urgent maintenance and is currently unavailable") {
        return Err(ParseError::Maintenance);
    }
    let doc = Html::parse_document(html);
    let status_text = text_without_sup(one(&doc, r#"[id$="_div3"]"#, "\"STATUS AS AT\" line")?);
    let status_as_at = status_time(&status_text)?;
    let chapter = text_without_sup(one(&doc, r#"[id$="_rptHead_ctl00_tcHead"]"#, "chapter heading")?);
    let treaty_text = text_without_sup(one(&doc, r#"[id$="_rptTreaty_ctl00_tcTreaty"]"#, "treaty title")?);
    let (mtdsg, title) = mtdsg_and_title(&chapter, &treaty_text)?;
    let treaty = TreatyId::parse(&mtdsg)
        .map_err(|_| ParseError::UnknownTreaty { mtdsg: mtdsg.clone(), title: title.clone() })?;
    let place_and_date = text_without_sup(one(&doc, r#"[id$="_rptTreaty_ctl00_tcText"]"#, "place and date")?);
    let entry_into_force = text_without_sup(one(&doc, r#"[id$="_rptEIF_ctl00_tcText"]"#, "entry-into-force text")?);
    let registration = text_without_sup(one(&doc, r#"[id$="_rptRegistration_ctl00_tcText"]"#, "registration text")?);
    let counts_text = text_without_sup(one(&doc, r#"[id$="_rptStatus_ctl00_tcText"]"#, "status line")?);
    let (signatories, parties) = status_counts(&counts_text)?;
    let table = one(&doc, r#"table[id$="_tblgrid"]"#, "participants table")?;
    let (signature_header, consent_header, rows) = participants(table)?;
    let sections = sections(&doc);
    let notes = notes(&doc);

    let page = Page {
        treaty,
        mtdsg,
        title,
        status_as_at,
        place_and_date,
        entry_into_force,
        registration,
        signatories,
        parties,
        signature_header,
        consent_header,
        rows,
        sections,
        notes,
    };
    let counted = page.counted();
    if counted != (signatories, parties) {
        return Err(ParseError::CountMismatch { stated: (signatories, parties), counted });
    }
    Ok(page)
}

/// `STATUS AS AT : 03-02-2026 10:16:18 EDT`: New York time, day first.
fn status_time(text: &str) -> Result<DateTime<FixedOffset>, ParseError> {
    let bad = || ParseError::BadHeader { what: "status time", text: text.to_owned() };
    let rest = text.split_once(':').map(|(_, r)| r.trim()).ok_or_else(bad)?;
    let mut parts = rest.rsplitn(2, ' ');
    let zone = parts.next().ok_or_else(bad)?;
    let stamp = parts.next().ok_or_else(bad)?;
    let hours = match zone {
        "EDT" => -4,
        "EST" => -5,
        "UTC" | "GMT" => 0,
        _ => return Err(bad()),
    };
    let naive = NaiveDateTime::parse_from_str(stamp.trim(), "%d-%m-%Y %H:%M:%S").map_err(|_| bad())?;
    let offset = FixedOffset::east_opt(hours * 3600).ok_or_else(bad)?;
    offset.from_local_datetime(&naive).single().ok_or_else(bad)
}

/// `CHAPTER IV` and `3. a Optional Protocol to …` give `IV-3-a` and the title.
fn mtdsg_and_title(chapter: &str, treaty_text: &str) -> Result<(String, String), ParseError> {
    let chapter = chapter
        .strip_prefix("CHAPTER")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ParseError::BadHeader { what: "chapter heading", text: chapter.to_owned() })?;
    // The item is the leading run of numbers, dots and single letters: "3. a", "11. b", "2.".
    let mut item = Vec::new();
    let mut rest = treaty_text;
    for word in treaty_text.split(' ') {
        let w = word.trim_end_matches('.');
        let is_item = !w.is_empty()
            && (w.chars().all(|c| c.is_ascii_digit())
                || (item.len() == 1 && w.len() == 1 && w.chars().all(|c| c.is_ascii_lowercase())));
        if !is_item {
            break;
        }
        item.push(w.to_owned());
        rest = rest[word.len()..].trim_start();
    }
    if item.is_empty() {
        return Err(ParseError::BadHeader { what: "treaty title", text: treaty_text.to_owned() });
    }
    Ok((format!("{chapter}-{}", item.join("-")), rest.to_owned()))
}

/// `Signatories : 46. Parties : 31`.
fn status_counts(text: &str) -> Result<(usize, usize), ParseError> {
    let bad = || ParseError::BadHeader { what: "status line", text: text.to_owned() };
    let number_after = |label: &str| -> Result<usize, ParseError> {
        let at = text.find(label).ok_or_else(bad)? + label.len();
        let digits: String =
            text[at..].trim_start_matches([' ', ':']).chars().take_while(char::is_ascii_digit).collect();
        digits.parse().map_err(|_| bad())
    };
    Ok((number_after("Signatories")?, number_after("Parties")?))
}

/// A column's legend: suffix -> action. `Ratification, Accession(a), Succession(d)` maps
/// "" to ratification, "a" to accession, "d" to succession.
fn legend(header: &str, signature_column: bool) -> Result<Vec<(String, Action)>, ParseError> {
    let mut out = Vec::new();
    for token in header.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let (name, suffix) = match token.split_once('(') {
            Some((name, rest)) => (name.trim(), rest.trim_end_matches(')').trim()),
            None => (token, ""),
        };
        let action = match name.to_ascii_lowercase().as_str() {
            "signature" if signature_column => Action::Signature,
            "succession to signature" => Action::SuccessionToSignature,
            "definitive signature" => Action::DefinitiveSignature,
            "ratification" => Action::Ratification,
            "accession" => Action::Accession,
            "succession" => Action::Succession,
            "acceptance" => Action::Acceptance,
            "approval" => Action::Approval,
            "formal confirmation" => Action::FormalConfirmation,
            _ => return Err(ParseError::UnknownColumn { header: header.to_owned() }),
        };
        out.push((suffix.to_owned(), action));
    }
    Ok(out)
}

fn participants(table: ElementRef<'_>) -> Result<(String, String, Vec<Row>), ParseError> {
    let tr = sel("tr");
    let td = sel("td");
    let mut rows_iter = table.select(&tr);
    let header_row = rows_iter
        .find(|r| r.value().attr("class") == Some("thead-one"))
        .ok_or(ParseError::MissingBlock { block: "participants table header", selector: "tr.thead-one" })?;
    let headers: Vec<String> = header_row.select(&td).map(text_without_sup).collect();
    let mut name_col = None;
    let mut signature = None;
    let mut consent = None;
    for (i, h) in headers.iter().enumerate() {
        let lower = h.to_ascii_lowercase();
        if lower.starts_with("participant") {
            name_col = Some(i);
        } else if lower.starts_with("signature") {
            signature = Some((i, h.clone(), legend(h, true)?));
        } else {
            if consent.is_some() {
                return Err(ParseError::UnknownColumn { header: h.clone() });
            }
            consent = Some((i, h.clone(), legend(h, false)?));
        }
    }
    let name_col = name_col.ok_or(ParseError::MissingColumn { which: "participant" })?;
    let signature = signature.ok_or(ParseError::MissingColumn { which: "signature" })?;
    let consent = consent.ok_or(ParseError::MissingColumn { which: "consent (ratification, accession, ...)" })?;

    let mut rows = Vec::new();
    for row in table.select(&tr).filter(|r| r.value().attr("class") != Some("thead-one")) {
        let cells: Vec<ElementRef<'_>> = row.select(&td).collect();
        let Some(name_cell) = cells.get(name_col) else { continue };
        let name = text_without_sup(*name_cell);
        if name.is_empty() {
            continue;
        }
        let participant =
            ParticipantId::resolve(&name).map_err(|_| ParseError::UnknownParticipant { name: name.clone() })?;
        let read = |(i, header, legend): &(usize, String, Vec<(String, Action)>)| -> Result<Option<Cell>, ParseError> {
            cells.get(*i).map_or(Ok(None), |c| date_cell(&c.text().collect::<String>(), &name, header, legend))
        };
        rows.push(Row {
            participant,
            footnotes: footnotes(*name_cell),
            signature: read(&signature)?,
            consent: read(&consent)?,
            name,
        });
    }
    if rows.is_empty() {
        return Err(ParseError::EmptyTable);
    }
    Ok((signature.1, consent.1, rows))
}

/// ` &nbsp;5 Feb\t 2013 a`, `[30 Sep\t 1992 a]`, or empty.
fn date_cell(
    raw: &str,
    participant: &str,
    header: &str,
    legend: &[(String, Action)],
) -> Result<Option<Cell>, ParseError> {
    let text = fold(raw);
    if text.is_empty() {
        return Ok(None);
    }
    let bad =
        || ParseError::BadCell { participant: participant.to_owned(), column: header.to_owned(), text: text.clone() };
    let (inner, bracketed) = match text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        Some(inner) => (inner.trim(), true),
        None => (text.as_str(), false),
    };
    let words: Vec<&str> = inner.split(' ').collect();
    if words.len() < 3 || words.len() > 4 {
        return Err(bad());
    }
    let date = NaiveDate::parse_from_str(&words[..3].join(" "), "%d %b %Y").map_err(|_| bad())?;
    let suffix = words.get(3).copied().unwrap_or("");
    let action =
        legend.iter().find(|(s, _)| s == suffix).map(|(_, a)| *a).ok_or_else(|| ParseError::UnknownSuffix {
            participant: participant.to_owned(),
            suffix: suffix.to_owned(),
            text: text.clone(),
            legend: header.to_owned(),
        })?;
    Ok(Some(Cell { raw: raw.trim_end_matches(['\r', '\n']).to_owned(), date, action, bracketed }))
}

/// End notes: `<a name='1'>1</a> text…` per `divNotesAll`.
fn notes(doc: &Html) -> BTreeMap<u32, String> {
    let divs = sel(r#"table[id$="_dgNotesAll"] div[id$="_divNotesAll"]"#);
    let anchor = sel("a[name]");
    let mut out = BTreeMap::new();
    for div in doc.select(&divs) {
        let Some(number) =
            div.select(&anchor).next().and_then(|a| a.value().attr("name")).and_then(|n| n.trim().parse::<u32>().ok())
        else {
            continue;
        };
        // Paragraphs (`<br>`) are kept as line breaks: the depositary's own account comes
        // first, quotations of other States' communications after it.
        let mut raw = String::new();
        for node in div.descendants() {
            match node.value() {
                scraper::Node::Text(t) => raw.push_str(t),
                scraper::Node::Element(e) if e.name().eq_ignore_ascii_case("br") => raw.push('\n'),
                _ => {}
            }
        }
        let text = raw.split('\n').map(fold).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n");
        let text = text.strip_prefix(&number.to_string()).map_or(text.as_str(), str::trim_start).to_owned();
        out.insert(number, text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_time_is_new_york_time() {
        let t = status_time("STATUS AS AT : 03-02-2026 10:16:18 EDT").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-02-03T10:16:18-04:00");
        assert!(status_time("STATUS AS AT : yesterday").is_err());
    }

    #[test]
    fn item_numbers_become_mtdsg() {
        assert_eq!(mtdsg_and_title("CHAPTER IV", "3. a Optional Protocol").unwrap().0, "IV-3-a");
        assert_eq!(
            mtdsg_and_title("CHAPTER IV", "2. International Convention").unwrap(),
            ("IV-2".into(), "International Convention".into())
        );
        assert_eq!(mtdsg_and_title("CHAPTER IV", "11. d Optional Protocol").unwrap().0, "IV-11-d");
    }

    #[test]
    fn legends_map_suffixes_to_actions() {
        let l = legend("Ratification, Acceptance(A), Accession(a), Succession(d)", false).unwrap();
        assert!(l.contains(&(String::new(), Action::Ratification)));
        assert!(l.contains(&("A".into(), Action::Acceptance)));
        let s = legend("Signature, Succession to signature(d)", true).unwrap();
        assert!(s.contains(&("d".into(), Action::SuccessionToSignature)));
        assert!(legend("Ratification, Transmogrification(t)", false).is_err());
    }

    #[test]
    fn date_cells_keep_their_suffix_and_brackets() {
        let l = legend("Ratification, Accession(a), Succession(d)", false).unwrap();
        let c = date_cell("[30 Sep\t 1992 a]", "Belarus", "h", &l).unwrap().unwrap();
        assert_eq!((c.date.to_string(), c.action, c.bracketed), ("1992-09-30".into(), Action::Accession, true));
        let c = date_cell(" \u{a0}5 Feb\t 2013 ", "Uruguay", "h", &l).unwrap().unwrap();
        assert_eq!((c.action, c.bracketed), (Action::Ratification, false));
        assert_eq!(c.raw, " \u{a0}5 Feb\t 2013 ");
        assert!(date_cell("\u{a0}", "x", "h", &l).unwrap().is_none());
        assert!(matches!(date_cell("5 Feb 2013 zz", "x", "h", &l), Err(ParseError::UnknownSuffix { .. })));
        assert!(matches!(date_cell("Feb 2013", "x", "h", &l), Err(ParseError::BadCell { .. })));
    }
}
