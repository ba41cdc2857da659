//! Parquet with typed columns: dates as Date32, times as UTC timestamps in milliseconds (Parquet
//! has no seconds unit: a seconds column would be a bare integer to readers without Arrow), codes
//! dictionary-encoded, zstd compression, statistics, and key-value metadata naming the table and
//! its layout (`treaty:table`, `treaty:schema_sha256`) — nothing that changes from release to
//! release, so that a table whose rows did not change keeps the same bytes.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Int64Builder, StringBuilder, StringDictionaryBuilder, TimestampMillisecondBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};

use crate::table::{Kind, Table, Value};

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");

fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Text => DataType::Utf8,
        Kind::Code => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        Kind::Date => DataType::Date32,
        Kind::Timestamp => DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        Kind::Integer => DataType::Int64,
        Kind::Boolean => DataType::Boolean,
    }
}

/// The Arrow schema of a table.
#[must_use]
pub fn schema(table: &Table) -> Schema {
    Schema::new(table.columns.iter().map(|c| Field::new(c.name, data_type(c.kind), !c.required)).collect::<Vec<_>>())
}

fn column(kind: Kind, rows: &[Vec<Value>], i: usize) -> ArrayRef {
    let values = rows.iter().map(|r| &r[i]);
    match kind {
        Kind::Text => {
            let mut b = StringBuilder::new();
            for v in values {
                match v {
                    Value::Text(s) => b.append_value(s),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Kind::Code => {
            let mut b = StringDictionaryBuilder::<Int32Type>::new();
            for v in values {
                match v {
                    Value::Text(s) => {
                        b.append_value(s);
                    }
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Kind::Date => {
            let mut b = Date32Builder::new();
            for v in values {
                match v {
                    Value::Date(d) => {
                        b.append_value(i32::try_from((*d - EPOCH).num_days()).expect("dates fit in Date32"));
                    }
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Kind::Timestamp => {
            let mut b = TimestampMillisecondBuilder::new().with_timezone("UTC");
            for v in values {
                match v {
                    Value::Timestamp(t) => b.append_value(t.timestamp_millis()),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Kind::Integer => {
            let mut b = Int64Builder::new();
            for v in values {
                match v {
                    Value::Integer(n) => b.append_value(*n),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Kind::Boolean => {
            let mut b = BooleanBuilder::new();
            for v in values {
                match v {
                    Value::Boolean(x) => b.append_value(*x),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
    }
}

/// A table's Parquet file, written a chunk of rows at a time. Each chunk is a record batch;
/// the writer makes row groups of up to its default size (1,048,576 rows) across them.
pub struct Parquet<'t, W: Write + Send> {
    table: &'t Table,
    schema: Arc<Schema>,
    writer: ArrowWriter<W>,
}

impl<W: Write + Send> std::fmt::Debug for Parquet<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parquet").field("table", &self.table.name).finish_non_exhaustive()
    }
}

impl<'t, W: Write + Send> Parquet<'t, W> {
    /// A writer of `table`'s file with `metadata` as key-value pairs.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn new(table: &'t Table, out: W, metadata: &[(String, String)]) -> parquet::errors::Result<Parquet<'t, W>> {
        let schema = Arc::new(schema(table));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(9)?))
            .set_statistics_enabled(EnabledStatistics::Page)
            .set_key_value_metadata(Some(metadata.iter().map(|(k, v)| KeyValue::new(k.clone(), v.clone())).collect()))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(Parquet { table, schema, writer })
    }

    /// Writes rows.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn rows(&mut self, rows: &[Vec<Value>]) -> parquet::errors::Result<()> {
        let columns: Vec<ArrayRef> =
            self.table.columns.iter().enumerate().map(|(i, c)| column(c.kind, rows, i)).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)
    }

    /// Writes the footer.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn finish(self) -> parquet::errors::Result<()> {
        self.writer.close()?;
        Ok(())
    }
}
