//! Everything the program prints on standard output goes through here.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use crate::cli::Format;

/// A table of text cells with a header.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: Into<String>>(header: Vec<S>) -> Self {
        Table { header: header.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    /// Aligned columns; the last column is not padded.
    fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
            let cells: Vec<&str> = cells.collect();
            let last = cells.len().saturating_sub(1);
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                text.push_str(cell);
                if i < last {
                    let pad = widths[i] - cell.chars().count() + 2;
                    text.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(out, &mut self.header.iter().map(String::as_str))?;
        for row in &self.rows {
            line(out, &mut row.iter().map(String::as_str))?;
        }
        Ok(())
    }

    fn write_csv(&self, out: impl Write) -> Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.header)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        w.flush()?;
        Ok(())
    }
}

/// Prints `table` as text or CSV, or `json` (the same data, typed) as JSON.
pub fn print(format: Format, table: &Table, json: &impl Serialize) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match format {
        Format::Table => table.write_text(&mut out)?,
        Format::Csv => table.write_csv(&mut out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, json)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints a table of the release as the release writes it (`csv`, `json`: every column, the
/// same spelling as its files) or, for people, its `shown` columns aligned.
pub fn release_table(format: Format, table: &treaty_publish::table::Table, shown: &[&str]) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match format {
        Format::Csv => treaty_publish::write_csv(table, &mut out)?,
        Format::Json => treaty_publish::write_json(table, &mut out)?,
        Format::Table => {
            let index: Vec<usize> = shown
                .iter()
                .map(|name| table.columns.iter().position(|c| c.name == *name).expect("a column of the table"))
                .collect();
            let mut text = Table::new(shown.to_vec());
            text.rows = table
                .rows
                .iter()
                .map(|row| index.iter().map(|&i| treaty_publish::cell_text(&row[i])).collect())
                .collect();
            text.write_text(&mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints lines of text.
pub fn lines(lines: impl IntoIterator<Item = String>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(())
}

/// `treaty log | head` closes the pipe early; that is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<csv::Error>()
                .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

/// An optional value as a cell.
pub fn cell<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}
