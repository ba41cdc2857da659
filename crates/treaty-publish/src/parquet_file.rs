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

/// A column's values gathered for the next record batch.
enum Builder {
    Text(StringBuilder),
    Code(StringDictionaryBuilder<Int32Type>),
    Date(Date32Builder),
    Timestamp(TimestampMillisecondBuilder),
    Integer(Int64Builder),
    Boolean(BooleanBuilder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Text => Builder::Text(StringBuilder::new()),
            Kind::Code => Builder::Code(StringDictionaryBuilder::new()),
            Kind::Date => Builder::Date(Date32Builder::new()),
            Kind::Timestamp => Builder::Timestamp(TimestampMillisecondBuilder::new().with_timezone("UTC")),
            Kind::Integer => Builder::Integer(Int64Builder::new()),
            Kind::Boolean => Builder::Boolean(BooleanBuilder::new()),
        }
    }

    /// Appends `v` (a value of another type than the column's is a null: `Table::check` keeps
    /// them out); returns the bytes of text it added.
    fn append(&mut self, v: &Value) -> usize {
        match (self, v) {
            (Builder::Text(b), Value::Text(s)) => {
                b.append_value(s);
                return s.len();
            }
            (Builder::Code(b), Value::Text(s)) => {
                b.append_value(s);
                return s.len();
            }
            (Builder::Date(b), Value::Date(d)) => {
                b.append_value(i32::try_from((*d - EPOCH).num_days()).expect("dates fit in Date32"));
            }
            (Builder::Timestamp(b), Value::Timestamp(t)) => b.append_value(t.timestamp_millis()),
            (Builder::Integer(b), Value::Integer(n)) => b.append_value(*n),
            (Builder::Boolean(b), Value::Boolean(x)) => b.append_value(*x),
            (Builder::Text(b), _) => b.append_null(),
            (Builder::Code(b), _) => b.append_null(),
            (Builder::Date(b), _) => b.append_null(),
            (Builder::Timestamp(b), _) => b.append_null(),
            (Builder::Integer(b), _) => b.append_null(),
            (Builder::Boolean(b), _) => b.append_null(),
        }
        0
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Code(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::Timestamp(b) => Arc::new(b.finish()),
            Builder::Integer(b) => Arc::new(b.finish()),
            Builder::Boolean(b) => Arc::new(b.finish()),
        }
    }
}

/// Text gathered before a record batch is written: a table smaller than this is written as one
/// batch, whatever chunks its rows come in, so its file is the same bytes either way.
const BATCH_TEXT_BYTES: usize = 16 << 20;

/// The same for the tables that grow with the log (`Published::grows`): their files
/// are the same bytes in batches of this size as in one (a test holds the committed events to
/// it), and a million events' rows are not gathered at once.
pub(crate) const SMALL_BATCH_TEXT_BYTES: usize = 1 << 20;

/// A table's Parquet file, written a chunk of rows at a time. Rows are gathered into one record
/// batch until it holds [`BATCH_TEXT_BYTES`] of text (or what [`Parquet::with_batch_text`]
/// says) or a row group's worth of rows, and a batch ends on a whole multiple of
/// [`WRITE_BATCH`] rows; the writer makes row groups of [`ROW_GROUP`] rows across batches.
pub struct Parquet<'t, W: Write + Send> {
    table: &'t Table,
    schema: Arc<Schema>,
    writer: ArrowWriter<W>,
    builders: Vec<Builder>,
    rows: usize,
    text: usize,
    batch_text: usize,
    batches: usize,
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
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_key_value_metadata(Some(metadata.iter().map(|(k, v)| KeyValue::new(k.clone(), v.clone())).collect()))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        let builders = table.columns.iter().map(|c| Builder::new(c.kind)).collect();
        Ok(Parquet { table, schema, writer, builders, rows: 0, text: 0, batch_text: BATCH_TEXT_BYTES, batches: 0 })
    }

    /// The same writer with batches of `bytes` of text.
    pub(crate) fn with_batch_text(mut self, bytes: usize) -> Self {
        self.batch_text = bytes;
        self
    }

    /// Record batches written so far.
    #[cfg(test)]
    pub(crate) fn batches(&self) -> usize {
        self.batches
    }

    /// Writes rows.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn rows(&mut self, rows: &[Vec<Value>]) -> parquet::errors::Result<()> {
        for row in rows {
            for (b, v) in self.builders.iter_mut().zip(row) {
                self.text += b.append(v);
            }
            self.rows += 1;
            if self.rows.is_multiple_of(WRITE_BATCH) && (self.text >= self.batch_text || self.rows == ROW_GROUP) {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> parquet::errors::Result<()> {
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        (self.rows, self.text) = (0, 0);
        self.batches += 1;
        self.writer.write(&batch)
    }

    /// Writes the last batch and the footer.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn finish(mut self) -> parquet::errors::Result<()> {
        // A table of no rows is one empty batch, as it always was.
        if self.rows > 0 || self.batches == 0 {
            self.flush()?;
        }
        self.writer.close()?;
        Ok(())
    }
}

/// The writer's batch of values between checks of a page's size (its default): a record batch
/// that ends on a multiple of it leaves the pages where one batch would have cut them.
const WRITE_BATCH: usize = 1024;

/// Rows in a row group: the writer holds a row group's pages until it is complete, and every
/// table of the committed log fits in one. A batch never spans two row groups.
const ROW_GROUP: usize = 1 << 18;
