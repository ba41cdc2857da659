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
pub fn write(table: &Table, mut out: impl Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, row) in table.rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n{" } else { b",\n{" })?;
        // Written by hand to keep the columns' order (serde_json's map would sort the keys).
        for (j, (c, v)) in table.columns.iter().zip(row).enumerate() {
            if j > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, c.name)?;
            out.write_all(b":")?;
            // Text straight from the cell: the same bytes as through a `Json` value, without
            // a copy of every string.
            match v {
                Value::Text(s) => serde_json::to_writer(&mut out, s.as_str())?,
                _ => serde_json::to_writer(&mut out, &json(v))?,
            }
        }
        out.write_all(b"}")?;
    }
    out.write_all(b"\n]\n")?;
    Ok(())
}
