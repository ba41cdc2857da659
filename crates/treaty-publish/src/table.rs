//! A published table: typed columns with their documentation, filled row by row and written
//! the same way to CSV, JSON and Parquet.

use chrono::{DateTime, NaiveDate, Utc};

/// The type of a column, as the datapackage schema, the CSV, the JSON and the Parquet file
/// all state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A code from a small vocabulary (treaty key, ISO code, action): dictionary-encoded in
    /// Parquet, text elsewhere.
    Code,
    /// A calendar date (ISO 8601).
    Date,
    /// A UTC time (ISO 8601 with `Z`).
    Timestamp,
    /// A whole number.
    Integer,
    /// true or false.
    Boolean,
}

impl Kind {
    /// The Table Schema type.
    #[must_use]
    pub fn schema_type(self) -> &'static str {
        match self {
            Kind::Text | Kind::Code => "string",
            Kind::Date => "date",
            Kind::Timestamp => "datetime",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
        }
    }
}

/// A column and what it means.
#[derive(Debug, Clone)]
pub struct Column {
    /// snake_case name.
    pub name: &'static str,
    /// Type.
    pub kind: Kind,
    /// Never empty.
    pub required: bool,
    /// What a reader needs to know.
    pub description: &'static str,
}

/// Shorthand for a column that may be empty.
#[must_use]
pub const fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column { name, kind, required: false, description }
}

/// Shorthand for a column that is never empty.
#[must_use]
pub const fn req(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column { name, kind, required: true, description }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Empty.
    Null,
    /// Text or a code.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// A UTC time.
    Timestamp(DateTime<Utc>),
    /// A whole number.
    Integer(i64),
    /// A truth value.
    Boolean(bool),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}
impl From<DateTime<Utc>> for Value {
    fn from(t: DateTime<Utc>) -> Self {
        Value::Timestamp(t)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Integer(n)
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Integer(i64::try_from(n).expect("counts fit in i64"))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Boolean(b)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A foreign key: `fields` of this table reference `reference_fields` of `table`.
#[derive(Debug, Clone)]
pub struct ForeignKey {
    /// Columns of this table.
    pub fields: &'static [&'static str],
    /// The referenced table.
    pub table: &'static str,
    /// Its columns.
    pub reference_fields: &'static [&'static str],
}

/// A table of the release.
#[derive(Debug, Clone)]
pub struct Table {
    /// File stem and resource name, e.g. `status`.
    pub name: &'static str,
    /// A title for people.
    pub title: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// Rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
    /// Columns whose values identify a row.
    pub primary_key: &'static [&'static str],
    /// References to other tables.
    pub foreign_keys: Vec<ForeignKey>,
    /// Also written as JSON (a table too large for a JSON array a reader loads whole, the
    /// panel, is written as CSV and Parquet only).
    pub json: bool,
}

impl Table {
    /// Checks that `row` fits the columns.
    ///
    /// # Panics
    /// When it does not: a bug in the table's builder, caught by tests.
    pub fn check(&self, row: &[Value]) {
        assert_eq!(
            row.len(),
            self.columns.len(),
            "{}: row of {} cells for {} columns",
            self.name,
            row.len(),
            self.columns.len()
        );
        for (value, column) in row.iter().zip(&self.columns) {
            let fits = match (value, column.kind) {
                (Value::Null, _) => !column.required,
                (Value::Text(_), Kind::Text | Kind::Code)
                | (Value::Date(_), Kind::Date)
                | (Value::Timestamp(_), Kind::Timestamp)
                | (Value::Integer(_), Kind::Integer)
                | (Value::Boolean(_), Kind::Boolean) => true,
                _ => false,
            };
            assert!(
                fits,
                "{}.{}: {value:?} does not fit {:?} (required: {})",
                self.name, column.name, column.kind, column.required
            );
        }
    }

    /// Adds a row.
    ///
    /// # Panics
    /// When the row does not fit the columns: a bug in the table's builder, caught by tests.
    pub fn push(&mut self, row: Vec<Value>) {
        self.check(&row);
        self.rows.push(row);
    }
}

/// Rows made again, a chunk at a time, each time they are read: the function gives `sink`
/// each chunk in order, and stops when `sink` returns false.
pub type MakeRows<'a> = Box<dyn Fn(&mut dyn FnMut(Vec<Vec<Value>>) -> bool) + Send + Sync + 'a>;

/// Rows of a made table given at a time: a few megabytes. The workbook sizes a sheet's columns
/// from its first chunk, so a chunk holds at least the rows it looks at.
pub const CHUNK: usize = 4_096;
const _: () = assert!(CHUNK >= crate::workbook::WIDTH_SAMPLE);

/// Gathers the rows a [`MakeRows`] function makes into chunks for its sink.
pub struct Chunker<'s> {
    sink: &'s mut dyn FnMut(Vec<Vec<Value>>) -> bool,
    rows: Vec<Vec<Value>>,
    size: usize,
}

impl std::fmt::Debug for Chunker<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunker").field("rows", &self.rows.len()).field("size", &self.size).finish()
    }
}

impl<'s> Chunker<'s> {
    /// Chunks of `size` rows (the last one may hold fewer) for `sink`.
    pub fn new(sink: &'s mut dyn FnMut(Vec<Vec<Value>>) -> bool, size: usize) -> Chunker<'s> {
        Chunker { sink, rows: Vec::with_capacity(size), size }
    }

    /// Adds a row, and gives the chunk to the sink when it is full: false when the sink wants
    /// no more rows.
    #[must_use]
    pub fn push(&mut self, row: Vec<Value>) -> bool {
        self.rows.push(row);
        if self.rows.len() < self.size {
            return true;
        }
        let full = std::mem::replace(&mut self.rows, Vec::with_capacity(self.size));
        (self.sink)(full)
    }

    /// Gives the last rows to the sink.
    pub fn finish(self) {
        if !self.rows.is_empty() {
            (self.sink)(self.rows);
        }
    }
}

/// A table of the release with its rows, held or made as they are written. The events table
/// and the tables of reservations, objections and notifications of a long log (gigabytes at a
/// million events, their texts copied), and the panel (about 100 MB at any size), are made a
/// chunk at a time by each file that writes them, instead of being held whole beside the log
/// they are made from.
pub struct Published<'a> {
    /// Its columns and documentation; its rows when they are held.
    pub table: Table,
    /// How many rows it has.
    pub rows: usize,
    /// It grows with the log: its Parquet file is written in small record batches.
    pub grows: bool,
    make: Option<MakeRows<'a>>,
}

impl std::fmt::Debug for Published<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Published")
            .field("table", &self.table.name)
            .field("rows", &self.rows)
            .field("made", &self.make.is_some())
            .finish()
    }
}

impl<'a> Published<'a> {
    /// A table whose rows are held.
    #[must_use]
    pub fn held(table: Table) -> Published<'a> {
        Published { rows: table.rows.len(), table, grows: false, make: None }
    }

    /// A table of `rows` rows, with none held, that `make` makes in order. Each chunk is
    /// checked against the columns as [`Table::push`] checks a row.
    #[must_use]
    pub fn made(table: Table, rows: usize, make: MakeRows<'a>) -> Published<'a> {
        assert!(table.rows.is_empty(), "{}: a made table holds no rows", table.name);
        Published { table, rows, grows: false, make: Some(make) }
    }

    /// The same table, marked as one that grows with the log (a row per event or so).
    #[must_use]
    pub fn growing(mut self) -> Published<'a> {
        self.grows = true;
        self
    }

    /// Calls `f` with the rows in order, a chunk at a time: the held rows as one chunk.
    ///
    /// # Errors
    /// The first error `f` returns.
    ///
    /// # Panics
    /// When the rows made are not the number announced, or do not fit the columns: a bug in
    /// the table's builder, caught by tests.
    pub fn for_each_chunk<E>(&self, mut f: impl FnMut(&[Vec<Value>]) -> Result<(), E>) -> Result<(), E> {
        let Some(make) = &self.make else {
            return f(&self.table.rows);
        };
        let mut result = Ok(());
        let mut seen = 0;
        make(&mut |chunk| {
            for row in &chunk {
                self.table.check(row);
            }
            seen += chunk.len();
            result = f(&chunk);
            result.is_ok()
        });
        if result.is_ok() {
            assert_eq!(seen, self.rows, "{}: rows made", self.table.name);
        }
        result
    }
}
