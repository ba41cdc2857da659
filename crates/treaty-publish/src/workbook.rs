//! `treaty.xlsx`: the release's tables as one workbook for spreadsheet users. Excel opens a
//! BOM-less UTF-8 CSV as Latin-1 and turns `004` into 4; a workbook states its types, so names
//! keep their accents, codes stay text and dates are dates.
//!
//! A first sheet says what the workbook is and cites its source, a second describes every
//! column, then one sheet per table with a bold, frozen header row and filters. Nothing in it
//! depends on the time it is written (the document's creation time is the release's), so the
//! same log gives the same bytes.

use std::io::Write;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::table::{Kind, Published, Table, Value};

/// Rows beyond which a table is left to its CSV and Parquet files. Excel holds 1,048,576 rows
/// a sheet, but a sheet that size is slow to open and to write; the panel (about 130,000 rows)
/// fits, a log of a million events does not.
const MAX_ROWS: usize = 250_000;
/// Excel's characters per cell.
const MAX_CHARS: usize = 32_767;
/// Widest column, in characters: long texts wrap in the formula bar instead.
const MAX_WIDTH: usize = 60;
/// Rows looked at to size a column.
pub(crate) const WIDTH_SAMPLE: usize = 2_000;
/// Cells in the data sheets above which each data sheet is written row by row (see [`xlsx`]).
/// The committed log's workbook holds about 2.5 million, most of them the panel's.
pub const STREAM_CELLS: usize = 5_000_000;

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

/// How the data sheets are held until the workbook is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheets {
    /// Every cell in memory, and the strings in the workbook's shared string table: the
    /// smallest file, and what a workbook of the committed log is.
    InMemory,
    /// rust_xlsxwriter's constant-memory mode: each row goes to a temporary file once the next
    /// one is begun, its strings written in its cells (inline strings), and the rows carry no
    /// `spans` hint. Excel, LibreOffice and openpyxl read it as they read the other; it takes a
    /// few megabytes where the other takes gigabytes at a million events.
    Streamed,
}

impl Sheets {
    /// [`Sheets::Streamed`] when the data sheets would hold more than [`STREAM_CELLS`] cells.
    #[must_use]
    pub fn for_tables(tables: &[Published<'_>]) -> Sheets {
        let cells: usize = tables.iter().filter(|t| t.rows <= MAX_ROWS).map(|t| t.rows * t.table.columns.len()).sum();
        if cells > STREAM_CELLS { Sheets::Streamed } else { Sheets::InMemory }
    }
}

/// Writes the workbook to `out` (as it is made: its zip is written in one pass), its data
/// sheets held as [`Sheets::for_tables`] says.
///
/// # Errors
/// What rust_xlsxwriter reports: `out` or a temporary file that cannot be written (a full
/// disk), or a bug here (sheet names and sizes are checked).
pub fn xlsx(tables: &[Published<'_>], about: &About<'_>, out: impl Write + Send) -> Result<(), XlsxError> {
    xlsx_with(tables, about, Sheets::for_tables(tables), out)
}

/// [`xlsx`] with its data sheets held as `sheets` says: the same cells either way.
///
/// # Errors
/// As [`xlsx`].
pub fn xlsx_with(
    tables: &[Published<'_>],
    about: &About<'_>,
    sheets: Sheets,
    out: impl Write + Send,
) -> Result<(), XlsxError> {
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

    let (fits, too_long): (Vec<&Published<'_>>, Vec<&Published<'_>>) = tables.iter().partition(|t| t.rows <= MAX_ROWS);
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
    for p in &fits {
        let t = &p.table;
        sheet.write_string(r, 0, t.name)?;
        sheet.write_string_with_format(r, 1, format!("{} ({} rows)", t.description, p.rows), &wrap)?;
        r += 1;
    }
    for p in &too_long {
        let t = &p.table;
        sheet.write_string(r, 0, t.name)?;
        sheet.write_string_with_format(
            r,
            1,
            format!(
                "Not in this workbook: {} rows, more than the {MAX_ROWS} a sheet here takes. Read {}.csv or {}.parquet.",
                p.rows,
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
    for t in tables.iter().map(|p| &p.table) {
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

    for p in &fits {
        // Streamed, each row is final once the next is begun: the rows are written in order.
        let sheet = match sheets {
            Sheets::InMemory => book.add_worksheet(),
            Sheets::Streamed => book.add_worksheet_with_constant_memory()?,
        };
        sheet.set_name(p.table.name)?;
        let mut header = false;
        let mut r = 1;
        let formats = Formats { date: &date, time: &time };
        p.for_each_chunk(|rows| {
            if !header {
                // The columns are as wide as the first chunk's first rows need.
                write_header(sheet, &p.table, rows, &bold)?;
                header = true;
            }
            for row in rows {
                write_row(sheet, &p.table, r, row, &formats, &mut cut)?;
                r += 1;
            }
            Ok::<(), XlsxError>(())
        })?;
        if !header {
            write_header(sheet, &p.table, &[], &bold)?;
        }
        let last_row = u32::try_from(p.rows).expect("fewer rows than a sheet holds");
        let last_col = col(p.table.columns.len() - 1);
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
    let saved = book.save_to_writer(out);
    crate::drop_later(book);
    saved
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

/// The formats of dates and times.
struct Formats<'f> {
    date: &'f Format,
    time: &'f Format,
}

/// The bold header row, and the columns' widths from `first` rows.
fn write_header(sheet: &mut Worksheet, t: &Table, first: &[Vec<Value>], bold: &Format) -> Result<(), XlsxError> {
    for (c, column) in t.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), column.name, bold)?;
        sheet.set_column_width(col(c), width(t, first, c))?;
    }
    Ok(())
}

/// Row `r` of a data sheet; a text too long for a cell is cut, and noted in `cut`.
fn write_row(
    sheet: &mut Worksheet,
    t: &Table,
    r: u32,
    row: &[Value],
    formats: &Formats<'_>,
    cut: &mut Vec<(&'static str, &'static str)>,
) -> Result<(), XlsxError> {
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
                sheet.write_datetime_with_format(r, c, excel_date(*d)?, formats.date)?;
            }
            Value::Timestamp(t) => {
                sheet.write_datetime_with_format(r, c, excel_time(*t)?, formats.time)?;
            }
        }
    }
    Ok(())
}

/// A column's width: its header or its widest value among the first rows, within bounds.
fn width(t: &Table, rows: &[Vec<Value>], c: usize) -> u16 {
    let widest = rows
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

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;
    use crate::table::{col, req};

    fn about() -> About<'static> {
        About {
            title: "t",
            version: "1.0.0",
            created: DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z").expect("time").to_utc(),
            as_of: NaiveDate::from_ymd_opt(2026, 1, 2).expect("date"),
            homepage: "https://example.org",
            license: "CC-BY-4.0",
            citation: "cite",
        }
    }

    fn table(name: &'static str, rows: usize) -> Table {
        let mut t = Table {
            name,
            title: "A table",
            description: "One row per thing",
            columns: vec![
                req("key", Kind::Code, "a code"),
                col("text", Kind::Text, "a text"),
                col("day", Kind::Date, "a date"),
                col("at", Kind::Timestamp, "a time"),
                col("n", Kind::Integer, "a count"),
                col("yes", Kind::Boolean, "a truth"),
            ],
            rows: Vec::new(),
            primary_key: &["key"],
            foreign_keys: Vec::new(),
            json: true,
        };
        let texts = ["Côte d'Ivoire", " <a & b> \"quoted\" ", "two\nlines", "same", "same"];
        for i in 0..rows {
            let text =
                if i == 3 { Value::from("x".repeat(MAX_CHARS + 5)) } else { Value::from(texts[i % texts.len()]) };
            t.push(vec![
                Value::from(format!("{name}-{i:03}")),
                if i % 7 == 6 { Value::Null } else { text },
                Value::from(NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Days::new(i as u64)),
                Value::from(about().created),
                Value::from(i),
                Value::from(i % 2 == 0),
            ]);
        }
        t
    }

    fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
        let mut files = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("an entry");
            let mut text = String::new();
            f.read_to_string(&mut text).expect("utf-8 xml");
            files.push((f.name().expect("a name").into_owned(), text));
        }
        files.sort();
        files
    }

    /// The text of the first `<t>` element in `xml`.
    fn text_element(xml: &str) -> String {
        let start = xml.find("<t").expect("<t>");
        let open = start + xml[start..].find('>').expect(">") + 1;
        let close = open + xml[open..].find("</t>").expect("</t>");
        xml[open..close].to_owned()
    }

    /// The value of attribute `name` in a tag's text.
    fn attribute(tag: &str, name: &str) -> Option<String> {
        let key = format!(" {name}=\"");
        let start =
            tag.find(&key).map(|i| i + key.len()).or_else(|| tag.strip_prefix(&key[1..]).map(|_| key.len() - 1))?;
        Some(tag[start..start + tag[start..].find('"')?].to_owned())
    }

    /// What each cell style (`s="n"`) of `xl/styles.xml` is: its number format's code, its
    /// font and its alignment, whatever their indexes.
    fn styles(xml: &str) -> Vec<String> {
        let section = |name: &str| {
            let start = xml.find(&format!("<{name}")).map_or(0, |i| i);
            let end = xml.find(&format!("</{name}>")).map_or(start, |i| i);
            &xml[start..end]
        };
        let formats: Vec<(String, String)> = section("numFmts")
            .split("<numFmt ")
            .skip(1)
            .map(|f| (attribute(f, "numFmtId").expect("an id"), attribute(f, "formatCode").expect("a code")))
            .collect();
        let fonts: Vec<&str> = section("fonts").split("<font>").skip(1).collect();
        section("cellXfs")
            .split("<xf ")
            .skip(1)
            .map(|xf| {
                let id = attribute(xf, "numFmtId").expect("a format");
                let format = formats.iter().find(|(i, _)| *i == id).map_or(id.clone(), |(_, code)| code.clone());
                let font = fonts[attribute(xf, "fontId").expect("a font").parse::<usize>().expect("an index")];
                let alignment = xf.find("<alignment").map_or("", |i| &xf[i..]);
                format!("format {format}, font {font}, {alignment}")
            })
            .collect()
    }

    /// Every cell of a sheet: its reference, style, and its value, a shared string resolved.
    fn cells(sheet: &str, shared: &[String], styles: &[String]) -> Vec<(String, String, String)> {
        sheet
            .split("<c ")
            .skip(1)
            .map(|part| {
                let head = &part[..part.find('>').expect("a cell tag ends")];
                let attr = |name: &str| attribute(head, name).unwrap_or_default();
                let body = &part[head.len()..];
                let v = || body.find("<v>").map(|i| body[i + 3..i + body[i..].find("</v>").expect("</v>")].to_owned());
                let value = match attr("t").as_str() {
                    "s" => format!("text:{}", shared[v().expect("index").parse::<usize>().expect("an index")]),
                    "inlineStr" => format!("text:{}", text_element(body)),
                    t => format!("{t}:{}", v().unwrap_or_default()),
                };
                let style = attr("s").parse::<usize>().map_or(0, |s| s);
                (attr("r"), styles[style].clone(), value)
            })
            .collect()
    }

    #[test]
    fn a_streamed_workbook_holds_the_same_cells_as_one_held_in_memory() {
        let tables = [Published::held(table("first", 40)), Published::held(table("second", 3))];
        assert_eq!(Sheets::for_tables(&tables), Sheets::InMemory, "a small workbook is held in memory");
        let bytes = |sheets: Option<Sheets>| {
            let mut out = Vec::new();
            match sheets {
                None => xlsx(&tables, &about(), &mut out),
                Some(sheets) => xlsx_with(&tables, &about(), sheets, &mut out),
            }
            .expect("a workbook");
            out
        };
        let in_memory = bytes(Some(Sheets::InMemory));
        assert_eq!(bytes(None), in_memory);
        let streamed = bytes(Some(Sheets::Streamed));
        assert_ne!(streamed, in_memory);

        let (a, b) = (unzip(&in_memory), unzip(&streamed));
        let names = |files: &[(String, String)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "the same parts");
        let shared = |files: &[(String, String)]| -> Vec<String> {
            files
                .iter()
                .find(|(n, _)| n == "xl/sharedStrings.xml")
                .map(|(_, x)| x.split("<si>").skip(1).map(text_element).collect())
                .unwrap_or_default()
        };
        let (shared_a, shared_b) = (shared(&a), shared(&b));
        let styles_of =
            |files: &[(String, String)]| styles(&files.iter().find(|(n, _)| n == "xl/styles.xml").expect("styles").1);
        let (styles_a, styles_b) = (styles_of(&a), styles_of(&b));
        assert!(shared_a.iter().any(|s| s == "Côte d&apos;Ivoire" || s == "Côte d'Ivoire"), "{shared_a:?}");
        assert!(!shared_b.iter().any(|s| s.starts_with("first-")), "streamed sheets keep their strings inline");
        let mut sheets = 0;
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            if name.starts_with("xl/worksheets/sheet") {
                let (ca, cb) = (cells(x, &shared_a, &styles_a), cells(y, &shared_b, &styles_b));
                assert!(!ca.is_empty(), "{name} has cells");
                assert_eq!(ca, cb, "{name}: the same cells, styles and values");
                if name.ends_with("sheet3.xml") {
                    let styled = |what: &str| ca.iter().filter(|(_, s, _)| s.contains(what)).count();
                    assert_eq!(styled("format yyyy-mm-dd,"), 40, "the dates");
                    assert_eq!(styled("format yyyy-mm-dd hh:mm:ss,"), 40, "the times");
                    assert_eq!(styled("<b/>"), 6, "the header");
                }
                assert_eq!(
                    x.contains("<autoFilter") && x.contains("<pane"),
                    y.contains("<autoFilter") && y.contains("<pane"),
                    "{name}: filters and frozen header either way"
                );
                sheets += 1;
            }
        }
        assert_eq!(sheets, 4, "About, Columns and the two tables");
        assert!(b.iter().any(|(n, x)| n == "xl/worksheets/sheet3.xml" && x.contains("t=\"inlineStr\"")));
    }
}
