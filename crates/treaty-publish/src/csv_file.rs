//! CSV as RFC 4180: UTF-8 without BOM, a header row, CRLF line ends, fields quoted when they
//! must be, ISO 8601 dates, an empty field for a missing value.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! as a formula. Such text cells are written with a leading apostrophe (`'=HYPERLINK(…)`), as
//! OWASP recommends against CSV injection; dates, numbers and booleans are never changed, and
//! the Parquet and JSON files keep the text as it is. (docs/DATA.md, "CSV".)

use std::io::Write;

use crate::table::{Table, Value};

/// Text that a spreadsheet would run as a formula, neutralised.
#[must_use]
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The text of a cell as every text format writes it (CSV before neutralising).
#[must_use]
pub fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Text(s) => s.clone(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Timestamp(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        Value::Integer(n) => n.to_string(),
        Value::Boolean(b) => b.to_string(),
    }
}

/// Writes `table` as CSV.
///
/// # Errors
/// When writing fails.
pub fn write(table: &Table, out: impl Write) -> Result<(), csv::Error> {
    let mut w = Csv::new(table, out)?;
    w.rows(&table.rows)?;
    w.finish()?;
    Ok(())
}

/// A table's CSV file, written a chunk of rows at a time.
#[derive(Debug)]
pub struct Csv<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> Csv<W> {
    /// Writes the header row of `table`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn new(table: &Table, out: W) -> Result<Csv<W>, csv::Error> {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        w.write_record(table.columns.iter().map(|c| c.name))?;
        Ok(Csv { w })
    }

    /// Writes rows.
    ///
    /// # Errors
    /// When writing fails.
    pub fn rows(&mut self, rows: &[Vec<Value>]) -> Result<(), csv::Error> {
        for row in rows {
            for v in row {
                match v {
                    Value::Text(s) => self.w.write_field(neutralise(s).as_bytes())?,
                    other => self.w.write_field(text(other))?,
                }
            }
            self.w.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Flushes what is written to `out`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn finish(mut self) -> Result<(), csv::Error> {
        self.w.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_is_not() {
        assert_eq!(neutralise("=HYPERLINK(\"http://example.org\",\"x\")"), "'=HYPERLINK(\"http://example.org\",\"x\")");
        for danger in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(danger).starts_with('\''), "{danger:?}");
        }
        assert_eq!(neutralise("Ecuador"), "Ecuador");
        assert_eq!(neutralise("a=b"), "a=b");
    }
}
