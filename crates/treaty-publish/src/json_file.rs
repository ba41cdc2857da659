//! JSON: one array of objects per table, one object per line, keys in column order, ISO 8601
//! dates, `null` for a missing value.

use std::io::Write;

use serde_json::Value as Json;

use crate::csv_file::text;
use crate::table::{Table, Value};

fn json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(n) => Json::from(*n),
        Value::Boolean(b) => Json::Bool(*b),
        other => Json::String(text(other)),
    }
}

/// Writes `table` as a JSON array of objects.
///
/// # Errors
/// When writing fails.
pub fn write(table: &Table, out: impl Write) -> std::io::Result<()> {
    let mut w = JsonArray::new(table, out)?;
    w.rows(&table.rows)?;
    w.finish()
}

/// A table's JSON file, written a chunk of rows at a time.
#[derive(Debug)]
pub struct JsonArray<'t, W: Write> {
    table: &'t Table,
    out: W,
    first: bool,
}

impl<'t, W: Write> JsonArray<'t, W> {
    /// Opens the array.
    ///
    /// # Errors
    /// When writing fails.
    pub fn new(table: &'t Table, mut out: W) -> std::io::Result<JsonArray<'t, W>> {
        out.write_all(b"[")?;
        Ok(JsonArray { table, out, first: true })
    }

    /// Writes rows, one object a line.
    ///
    /// # Errors
    /// When writing fails.
    pub fn rows(&mut self, rows: &[Vec<Value>]) -> std::io::Result<()> {
        let out = &mut self.out;
        for row in rows {
            out.write_all(if self.first { b"\n{" } else { b",\n{" })?;
            self.first = false;
            // Written by hand to keep the columns' order (serde_json's map would sort the keys).
            for (j, (c, v)) in self.table.columns.iter().zip(row).enumerate() {
                if j > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, c.name)?;
                out.write_all(b":")?;
                // Text straight from the cell: the same bytes as through a `Json` value, without
                // a copy of every string.
                match v {
                    Value::Text(s) => serde_json::to_writer(&mut *out, s.as_str())?,
                    _ => serde_json::to_writer(&mut *out, &json(v))?,
                }
            }
            out.write_all(b"}")?;
        }
        Ok(())
    }

    /// Closes the array.
    ///
    /// # Errors
    /// When writing fails.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.write_all(b"\n]\n")
    }
}
