//! `treaty.xlsx`: the release's tables as one workbook for spreadsheet users. Excel opens a
//! BOM-less UTF-8 CSV as Latin-1 and turns `004` into 4; a workbook states its types, so names
//! keep their accents, codes stay text and dates are dates.
//!
//! A first sheet says what the workbook is and cites its source, a second describes every
//! column, then one sheet per table with a bold, frozen header row and filters. Nothing in it
//! depends on the time it is written (the document's creation time is the release's), so the
//! same log gives the same bytes.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::table::{Kind, Table, Value};

/// Rows beyond which a table is left to its CSV and Parquet files. Excel holds 1,048,576 rows
/// a sheet, but a sheet that size is slow to open and to write; the panel (about 130,000 rows)
/// fits, a log of a million events does not.
const MAX_ROWS: usize = 250_000;
/// Excel's characters per cell.
const MAX_CHARS: usize = 32_767;
/// Widest column, in characters: long texts wrap in the formula bar instead.
const MAX_WIDTH: usize = 60;
/// Rows looked at to size a column.
const WIDTH_SAMPLE: usize = 2_000;

/// What the first sheet says about the release.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub title: &'a str,
    pub version: &'a str,
    pub created: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub homepage: &'a str,
    pub license: &'a str,
    pub citation: &'a str,
}

/// The workbook's bytes.
///
/// # Errors
/// What rust_xlsxwriter reports (a bug here, not bad data: sheet names and sizes are checked).
pub fn xlsx(tables: &[Table], about: &About<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = excel_time(about.created)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(about.title)
            .set_author("treaty contributors")
            .set_comment(format!("Release {}; status on {}. {}", about.version, about.as_of, about.citation))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");

    let (fits, too_long): (Vec<&Table>, Vec<&Table>) = tables.iter().partition(|t| t.rows.len() <= MAX_ROWS);
    let mut cut = Vec::new();

    let sheet = book.add_worksheet();
    sheet.set_name("About")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 100)?;
    let mut r = 0;
    let mut line = |sheet: &mut Worksheet, key: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(r, 0, key, &bold)?;
        sheet.write_string_with_format(r, 1, value, &wrap)?;
        r += 1;
        Ok(())
    };
    line(sheet, "Dataset", about.title)?;
    line(sheet, "Version", about.version)?;
    line(sheet, "Status on", &about.as_of.to_string())?;
    line(sheet, "Built from the log as recorded up to", &about.created.format("%Y-%m-%d %H:%M:%S UTC").to_string())?;
    line(
        sheet,
        "Source",
        "United Nations Treaty Collection (UNTC), status pages of the treaties deposited with the Secretary-General (Chapter IV, Human Rights); every event in the events sheet names its own source.",
    )?;
    line(sheet, "Cite as", about.citation)?;
    line(sheet, "Licence", about.license)?;
    line(sheet, "Homepage", about.homepage)?;
    line(
        sheet,
        "How to read it",
        "One sheet per table of the release, as in the CSV, Parquet and JSON files beside this workbook; the Columns sheet describes every column. Codes (ISO, M49, COW) are text, so 004 stays 004; dates are dates; yes/no columns are TRUE/FALSE; an empty cell is a null. Each sheet's header row is frozen and has filters.",
    )?;
    r += 1;
    sheet.write_string_with_format(r, 0, "Sheet", &bold)?;
    sheet.write_string_with_format(r, 1, "What one row is", &bold)?;
    r += 1;
    for t in &fits {
        sheet.write_string(r, 0, t.name)?;
        sheet.write_string_with_format(r, 1, format!("{} ({} rows)", t.description, t.rows.len()), &wrap)?;
        r += 1;
    }
    for t in &too_long {
        sheet.write_string(r, 0, t.name)?;
        sheet.write_string_with_format(
            r,
            1,
            format!(
                "Not in this workbook: {} rows, more than the {MAX_ROWS} a sheet here takes. Read {}.csv or {}.parquet.",
                t.rows.len(),
                t.name,
                t.name
            ),
            &wrap,
        )?;
        r += 1;
    }
    let notes_row = r + 1;

    let sheet = book.add_worksheet();
    sheet.set_name("Columns")?;
    for (c, h) in ["table", "column", "type", "required", "description"].iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *h, &bold)?;
    }
    let mut r = 1;
    for t in tables {
        for c in &t.columns {
            sheet.write_string(r, 0, t.name)?;
            sheet.write_string(r, 1, c.name)?;
            sheet.write_string(r, 2, type_name(c.kind))?;
            sheet.write_boolean(r, 3, c.required)?;
            sheet.write_string_with_format(r, 4, c.description, &wrap)?;
            r += 1;
        }
    }
    for (c, w) in [14, 26, 10, 9, 100].into_iter().enumerate() {
        sheet.set_column_width(col(c), w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, r - 1, 4)?;

    for t in &fits {
        let sheet = book.add_worksheet();
        sheet.set_name(t.name)?;
        for (c, column) in t.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), column.name, &bold)?;
            sheet.set_column_width(col(c), width(t, c))?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = u32::try_from(i + 1).expect("fewer rows than a sheet holds");
            for (c, value) in row.iter().enumerate() {
                let c = col(c);
                match value {
                    Value::Null => {}
                    Value::Text(s) if s.chars().count() > MAX_CHARS => {
                        let kept: String = s.chars().take(MAX_CHARS - 1).collect();
                        sheet.write_string(r, c, kept + "…")?;
                        cut.push((t.name, t.columns[usize::from(c)].name));
                    }
                    Value::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Value::Integer(n) => {
                        // Counts and years: exact as f64 far beyond any value here.
                        #[allow(clippy::cast_precision_loss)]
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Value::Boolean(b) => {
                        sheet.write_boolean(r, c, *b)?;
                    }
                    Value::Date(d) => {
                        sheet.write_datetime_with_format(r, c, excel_date(*d)?, &date)?;
                    }
                    Value::Timestamp(t) => {
                        sheet.write_datetime_with_format(r, c, excel_time(*t)?, &time)?;
                    }
                }
            }
        }
        let last_row = u32::try_from(t.rows.len()).expect("fewer rows than a sheet holds");
        let last_col = col(t.columns.len() - 1);
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
    }

    cut.sort_unstable();
    cut.dedup();
    if !cut.is_empty() {
        let about_sheet = book.worksheet_from_name("About")?;
        let list: Vec<String> = cut.iter().map(|(t, c)| format!("{t}.{c}")).collect();
        about_sheet.write_string_with_format(notes_row, 0, "Cut texts", &bold)?;
        about_sheet.write_string_with_format(
            notes_row,
            1,
            format!(
                "Some texts are longer than a cell holds ({MAX_CHARS} characters) and end in … here; the CSV, Parquet and JSON files have them whole: {}.",
                list.join(", ")
            ),
            &wrap,
        )?;
    }
    let bytes = book.save_to_buffer();
    crate::drop_later(book);
    bytes
}

fn col(c: usize) -> u16 {
    u16::try_from(c).expect("fewer columns than a sheet holds")
}

fn type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Code => "code (text)",
        Kind::Date => "date",
        Kind::Timestamp => "time (UTC)",
        Kind::Integer => "integer",
        Kind::Boolean => "TRUE/FALSE",
    }
}

/// A column's width: its header or its widest value among the first rows, within bounds.
fn width(t: &Table, c: usize) -> u16 {
    let widest = t
        .rows
        .iter()
        .take(WIDTH_SAMPLE)
        .map(|row| match &row[c] {
            Value::Null => 0,
            Value::Text(s) => s.chars().count(),
            Value::Date(_) => 10,
            Value::Timestamp(_) => 19,
            Value::Integer(n) => n.to_string().len(),
            Value::Boolean(_) => 5,
        })
        .max()
        .unwrap_or(0)
        .max(t.columns[c].name.len() + 3);
    u16::try_from(widest.clamp(6, MAX_WIDTH)).expect("small") + 1
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let (Ok(year), Ok(month), Ok(day)) = (u16::try_from(d.year()), u8::try_from(d.month()), u8::try_from(d.day()))
    else {
        return Err(XlsxError::DateTimeRangeError(d.to_string()));
    };
    ExcelDateTime::from_ymd(year, month, day)
}

fn excel_time(t: DateTime<Utc>) -> Result<ExcelDateTime, XlsxError> {
    let (Ok(hour), Ok(min)) = (u16::try_from(t.hour()), u8::try_from(t.minute())) else {
        return Err(XlsxError::DateTimeRangeError(t.to_string()));
    };
    let ms = u16::try_from(t.timestamp_subsec_millis()).unwrap_or(0);
    let sec = u8::try_from(t.second()).unwrap_or(0);
    excel_date(t.date_naive())?.and_hms_milli(hour, min, sec, ms)
}
