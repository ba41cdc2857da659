//! `treaty query 'SQL'`: SQL over the release's Parquet tables, with polars.
//!
//! Behind the `query` feature: polars adds 10+ minutes to a cold build (docs/BUILD.md), so a
//! default build has the subcommand and says how to get it.

use anyhow::Result;

use crate::cli::QueryArgs;

pub const EXAMPLES: &str = "\
Every table of the release is a SQL table of the same name, read from its Parquet file in the
release directory (default outputs/, as `treaty build` writes it): events, status, campaign,
procedures, reservations, objections, notifications, timeline, panel, participants, treaties,
population. `treaty query --tables` lists them with their columns; docs/DATA.md describes each
column. Codes are text ('004', not 4), dates are dates, yes/no columns are booleans. The SQL
dialect is polars' (close to PostgreSQL); the same queries run in DuckDB over the same files.

Examples:
  # OP-ICESCR parties by year of consent, 2020-2025
  treaty query \"SELECT EXTRACT(YEAR FROM consent_date) AS year, COUNT(*) AS parties
    FROM status WHERE treaty = 'op-icescr' AND party
    AND EXTRACT(YEAR FROM consent_date) BETWEEN 2020 AND 2025 GROUP BY 1 ORDER BY 1\"

  # States party to all 9 core treaties
  treaty query \"SELECT s.participant, s.participant_name FROM status s
    JOIN treaties t ON t.key = s.treaty JOIN participants p ON p.code = s.participant
    WHERE t.core AND s.party AND p.kind = 'state'
    GROUP BY 1, 2 HAVING COUNT(*) = 9 ORDER BY 1\"

  # parties per UN regional group, for the CRPD today
  treaty query \"SELECT p.un_regional_group, COUNT(*) AS parties FROM status s
    JOIN participants p ON p.code = s.participant
    WHERE s.treaty = 'crpd' AND s.party GROUP BY 1 ORDER BY 1\"

  # CRPD parties at the end of each year, States only (the country-year panel)
  treaty query \"SELECT year, SUM(CASE WHEN party AND kind = 'state' THEN 1 ELSE 0 END) AS parties
    FROM panel WHERE treaty = 'crpd' GROUP BY year ORDER BY year\" --format csv

  # the SQL in a file
  treaty query --file tests/research/2-states-party-to-all-nine-core-treaties.sql --format json

  # was Belarus party to the ICCPR's first Optional Protocol on 31 December 2019?
  treaty query \"SELECT party FROM panel
    WHERE treaty = 'iccpr-op1' AND participant = 'BLR' AND year = 2019\"

Build it with the `query` feature:  cargo install --path crates/treaty-cli --features query";

pub fn run(args: &QueryArgs) -> Result<()> {
    engine::run(args)
}

#[cfg(not(feature = "query"))]
mod engine {
    use anyhow::{Result, bail};

    use crate::cli::QueryArgs;

    pub fn run(_args: &QueryArgs) -> Result<()> {
        bail!(
            "this treaty was built without the `query` feature (polars, off by default for build time); install it with `cargo install --path crates/treaty-cli --features query`, or query the Parquet files in outputs/ with DuckDB, pandas or R"
        )
    }
}

#[cfg(feature = "query")]
mod engine {
    use std::path::{Path, PathBuf};

    use anyhow::{Context, Result, bail};
    use chrono::{DateTime, SecondsFormat};
    use polars::prelude::*;
    use polars::sql::SQLContext;
    use serde_json::Value;

    use crate::cli::{Format, QueryArgs};
    use crate::output::{self, Table};

    pub fn run(args: &QueryArgs) -> Result<()> {
        let tables = release_tables(&args.release)?;
        if args.tables {
            return print_tables(&tables, args.format);
        }
        let sql = match (&args.sql, &args.file) {
            (Some(sql), _) => sql.clone(),
            (None, Some(file)) if file.as_os_str() == "-" => {
                std::io::read_to_string(std::io::stdin()).context("reading the SQL from standard input")?
            }
            (None, Some(file)) => {
                std::fs::read_to_string(file).with_context(|| format!("reading the SQL from {}", file.display()))?
            }
            (None, None) => {
                bail!("give the SQL to run (`treaty query --help` has examples), or --tables to list the tables")
            }
        };
        let mut ctx = SQLContext::new();
        for (name, path) in &tables {
            ctx.register(name, scan(path)?);
        }
        let frame =
            ctx.execute(&sql).and_then(LazyFrame::collect).map_err(|e| anyhow::anyhow!("the query failed: {e}"))?;
        let (table, json) = to_output(&frame)?;
        output::print(args.format, &table, &json)
    }

    /// The release's Parquet tables by name, from its datapackage.json (the release says what
    /// it holds; stray files in the directory are not tables).
    fn release_tables(release: &Path) -> Result<Vec<(String, PathBuf)>> {
        let package = release.join("datapackage.json");
        let text = std::fs::read_to_string(&package).with_context(|| {
            format!("no release at {}: run `treaty build` (or give --release DIR)", release.display())
        })?;
        let value: Value = serde_json::from_str(&text).with_context(|| format!("{} is not JSON", package.display()))?;
        let resources =
            value["resources"].as_array().with_context(|| format!("{} has no resources", package.display()))?;
        let mut tables = Vec::new();
        for r in resources {
            if r["format"] != "parquet" {
                continue;
            }
            let (Some(name), Some(path)) = (r["name"].as_str(), r["path"].as_str()) else {
                bail!("{}: a Parquet resource without a name or path", package.display());
            };
            let name = name.strip_suffix("-parquet").unwrap_or(name).replace('-', "_");
            tables.push((name, release.join(path)));
        }
        if tables.is_empty() {
            bail!("{} lists no Parquet tables", package.display());
        }
        Ok(tables)
    }

    /// A table as SQL sees it: its dictionary-encoded codes read as plain text, so that they
    /// join and compare as strings do (as DuckDB reads the same files).
    fn scan(path: &Path) -> Result<LazyFrame> {
        let plpath = PlRefPath::try_from_path(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let mut frame = LazyFrame::scan_parquet(plpath, ScanArgsParquet::default())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let schema = frame.collect_schema().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let casts: Vec<Expr> = schema
            .iter()
            .filter(|(_, dtype)| matches!(dtype, DataType::Categorical(..) | DataType::Enum(..)))
            .map(|(name, _)| col(name.clone()).cast(DataType::String))
            .collect();
        Ok(if casts.is_empty() { frame } else { frame.with_columns(casts) })
    }

    fn print_tables(tables: &[(String, PathBuf)], format: Format) -> Result<()> {
        let mut table = Table::new(vec!["table", "column", "type"]);
        let mut json = Vec::new();
        for (name, path) in tables {
            let schema = scan(path)?.collect_schema().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            for (column, dtype) in schema.iter() {
                let kind = type_name(dtype);
                table.rows.push(vec![name.clone(), column.to_string(), kind.clone()]);
                json.push(Row(vec![
                    ("table".into(), name.as_str().into()),
                    ("column".into(), column.as_str().into()),
                    ("type".into(), kind.as_str().into()),
                ]));
            }
        }
        output::print(format, &table, &json)
    }

    fn type_name(dtype: &DataType) -> String {
        match dtype {
            DataType::String => "text".into(),
            DataType::Boolean => "boolean".into(),
            DataType::Date => "date".into(),
            DataType::Datetime(..) => "timestamp (UTC)".into(),
            d if d.is_integer() => "integer".into(),
            d if d.is_float() => "number".into(),
            d => d.to_string(),
        }
    }

    /// The result as text cells (the release's CSV spelling: `true`/`false`, ISO dates, empty
    /// for null) and as typed JSON rows.
    fn to_output(frame: &DataFrame) -> Result<(Table, Vec<Row>)> {
        let columns = frame.columns();
        let names: Vec<String> = columns.iter().map(|c| c.name().to_string()).collect();
        let mut table = Table::new(names.clone());
        let mut json = Vec::with_capacity(frame.height());
        for i in 0..frame.height() {
            let mut cells = Vec::with_capacity(columns.len());
            let mut object = Row(Vec::with_capacity(columns.len()));
            for (c, name) in columns.iter().zip(&names) {
                let value = json_value(&c.get(i)?);
                cells.push(cell_text(&value));
                object.0.push((name.clone(), value));
            }
            table.rows.push(cells);
            json.push(object);
        }
        Ok((table, json))
    }

    /// A row as a JSON object whose keys keep the query's column order.
    pub struct Row(Vec<(String, Value)>);

    impl serde::Serialize for Row {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }

    fn json_value(value: &AnyValue<'_>) -> Value {
        match value {
            AnyValue::Null => Value::Null,
            AnyValue::Boolean(b) => Value::Bool(*b),
            AnyValue::Int8(v) => (*v).into(),
            AnyValue::Int16(v) => (*v).into(),
            AnyValue::Int32(v) => (*v).into(),
            AnyValue::Int64(v) => (*v).into(),
            AnyValue::UInt8(v) => (*v).into(),
            AnyValue::UInt16(v) => (*v).into(),
            AnyValue::UInt32(v) => (*v).into(),
            AnyValue::UInt64(v) => (*v).into(),
            AnyValue::Float32(v) => serde_json::Number::from_f64(f64::from(*v)).map_or(Value::Null, Value::Number),
            AnyValue::Float64(v) => serde_json::Number::from_f64(*v).map_or(Value::Null, Value::Number),
            AnyValue::Date(days) => DateTime::from_timestamp(i64::from(*days) * 86_400, 0)
                .map_or(Value::Null, |t| Value::String(t.date_naive().to_string())),
            AnyValue::Datetime(v, unit, _) | AnyValue::DatetimeOwned(v, unit, _) => {
                let micros = match unit {
                    TimeUnit::Nanoseconds => v / 1_000,
                    TimeUnit::Microseconds => *v,
                    TimeUnit::Milliseconds => v * 1_000,
                };
                DateTime::from_timestamp_micros(micros)
                    .map_or(Value::Null, |t| Value::String(t.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
            }
            AnyValue::List(series) => {
                Value::Array((0..series.len()).map(|i| series.get(i).map_or(Value::Null, |v| json_value(&v))).collect())
            }
            other => Value::String(other.str_value().into_owned()),
        }
    }

    fn cell_text(value: &Value) -> String {
        match value {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(";"),
            other => other.to_string(),
        }
    }
}
