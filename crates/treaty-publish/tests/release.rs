//! Releases built from the committed log: the three formats agree, builds are reproducible,
//! CSV neutralises formulas, and the campaign map agrees with the status table.

mod common;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::{committed, inputs};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use treaty_model::{Action, Event, Fact, ParticipantId, Sha256, Source, SourceKind, TreatyId};
use treaty_publish::{EntryInput, StreamInput};

const TABLES: [&str; 6] = ["events", "status", "campaign", "timeline", "participants", "treaties"];

fn build_into(streams: &[StreamInput<'_>], dir: &Path) -> PathBuf {
    let out = dir.join("release");
    treaty_publish::build(streams, None, &out).unwrap();
    out
}

/// Rows as text cells, from the CSV (formulas un-neutralised only where that is what they are).
fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn json_rows(path: &Path, header: &[String]) -> Vec<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let keys: Vec<&String> = o.as_object().unwrap().keys().collect();
            assert_eq!(keys.len(), header.len());
            header
                .iter()
                .map(|h| match &o[h] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Rows read with the parquet crate's record API: a reader independent of the Arrow writer.
fn parquet_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let header =
        reader.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.name().to_owned()).collect();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(_, field)| match field {
                    Field::Null => String::new(),
                    Field::Bool(b) => b.to_string(),
                    Field::Long(n) => n.to_string(),
                    Field::Int(n) => n.to_string(),
                    Field::Str(s) => s.clone(),
                    Field::Date(d) => (epoch + chrono::TimeDelta::days(i64::from(*d))).to_string(),
                    Field::TimestampMillis(ms) => {
                        let t: DateTime<Utc> = Utc.timestamp_millis_opt(*ms).unwrap();
                        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    }
                    other => panic!("{}: unexpected Parquet value {other:?}", path.display()),
                })
                .collect()
        })
        .collect();
    (header, rows)
}

fn unneutralise(csv: &str, other: &str) -> String {
    if csv.strip_prefix('\'') == Some(other) && other.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        other.to_owned()
    } else {
        csv.to_owned()
    }
}

#[test]
fn every_table_agrees_across_csv_parquet_and_json_row_by_row() {
    let streams = committed();
    let tmp = tempfile::tempdir().unwrap();
    let out = build_into(&inputs(&streams), tmp.path());
    for table in TABLES {
        let (header, csv) = csv_rows(&out.join(format!("{table}.csv")));
        let (pq_header, pq) = parquet_rows(&out.join(format!("{table}.parquet")));
        let json = json_rows(&out.join(format!("{table}.json")), &header);
        assert_eq!(header, pq_header, "{table}: columns");
        assert_eq!(csv.len(), pq.len(), "{table}: rows");
        assert_eq!(csv.len(), json.len(), "{table}: rows");
        assert!(!csv.is_empty(), "{table} is empty");
        for (i, ((c, p), j)) in csv.iter().zip(&pq).zip(&json).enumerate() {
            let c: Vec<String> = c.iter().zip(p).map(|(c, p)| unneutralise(c, p)).collect();
            assert_eq!(&c, p, "{table} row {i}: CSV vs Parquet");
            assert_eq!(p, j, "{table} row {i}: Parquet vs JSON");
        }
    }
}

fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for (k, v) in all_files(&path) {
                out.insert(format!("{}/{k}", path.file_name().unwrap().to_string_lossy()), v);
            }
        } else {
            out.insert(path.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&path).unwrap());
        }
    }
    out
}

#[test]
fn two_builds_from_one_log_are_byte_identical() {
    let streams = committed();
    let input = inputs(&streams);
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let first = all_files(&build_into(&input, a.path()));
    let second = all_files(&build_into(&input, b.path()));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        assert!(second[name] == *bytes, "{name} differs");
    }
    // Rebuilding over the release gives the same files again (and the same version).
    let again = all_files(&build_into(&input, a.path()));
    assert!(again == first, "a rebuild in place changed the release");
    assert!(
        first.contains_key("SHA256SUMS")
            && first.contains_key("datapackage.json")
            && first.contains_key("CITATION.cff")
            && first.contains_key("treaty.xlsx")
    );
}

fn event(treaty: &str, code: &str, action: Action, date: (i32, u32, u32), note: Option<&str>, at: u32) -> Event {
    let fact = Fact::new(
        TreatyId::parse(treaty).unwrap(),
        ParticipantId::from_code(code).unwrap(),
        action,
        NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
    );
    Event::new(
        fact,
        Utc.with_ymd_and_hms(2026, 3, at, 0, 0, 0).unwrap(),
        Source::url(SourceKind::UntcStatusPage, TreatyId::parse(treaty).unwrap().treaty().untc_url),
        note.map(str::to_owned),
    )
}

fn stream_of<'a>(treaty: &str, events: &'a [Event]) -> StreamInput<'a> {
    StreamInput {
        treaty: TreatyId::parse(treaty).unwrap(),
        head: Sha256::of(treaty.as_bytes()),
        entries: events
            .iter()
            .enumerate()
            .map(|(i, e)| EntryInput { seq: i as u64 + 1, event: e, hash: Sha256::of(e.id.to_hex().as_bytes()) })
            .collect(),
    }
}

#[test]
fn a_formula_in_a_note_is_neutralised_in_csv_and_kept_in_parquet_and_json() {
    let formula = r#"=HYPERLINK("http://example.org","x")"#;
    let events = vec![event("icescr", "URY", Action::Accession, (1970, 4, 1), Some(formula), 1)];
    let tmp = tempfile::tempdir().unwrap();
    let out = build_into(&[stream_of("icescr", &events)], tmp.path());
    let csv = fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(csv.contains(r#""'=HYPERLINK(""http://example.org"",""x"")""#), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("events.json")).unwrap()).unwrap();
    assert_eq!(json[0]["note"], formula);
    let (header, rows) = parquet_rows(&out.join("events.parquet"));
    let note = header.iter().position(|h| h == "note").unwrap();
    assert_eq!(rows[0][note], formula);
}

#[test]
fn new_events_raise_the_minor_version_and_corrections_the_patch() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("release");
    let mut events = vec![event("op-icescr", "DEU", Action::Accession, (2023, 4, 20), None, 1)];
    let icescr = vec![
        event("icescr", "DEU", Action::Signature, (1968, 10, 9), None, 1),
        event("icescr", "DEU", Action::Ratification, (1973, 12, 17), None, 1),
        event("icescr", "ALB", Action::Accession, (1991, 10, 4), None, 1),
    ];
    let version = |out: &Path| {
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("datapackage.json")).unwrap()).unwrap();
        v["version"].as_str().unwrap().to_owned()
    };
    treaty_publish::build(&[stream_of("icescr", &icescr), stream_of("op-icescr", &events)], None, &out).unwrap();
    assert_eq!(version(&out), "1.0.0");
    events.push(event("op-icescr", "ALB", Action::Accession, (2025, 2, 19), None, 2));
    let built =
        treaty_publish::build(&[stream_of("icescr", &icescr), stream_of("op-icescr", &events)], None, &out).unwrap();
    assert_eq!((built.version.as_str(), built.new_events), ("1.1.0", 1));
    let changelog = fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("- Albania acceded to the OP-ICESCR on 19 February 2025."), "{changelog}");
    assert!(changelog.find("## 1.1.0").unwrap() < changelog.find("## 1.0.0").unwrap(), "newest first");
    // A correction alone is a patch.
    let mut fix = event("op-icescr", "ALB", Action::Accession, (2025, 2, 20), None, 3);
    std::sync::Arc::make_mut(&mut fix.fact).corrects = Some(events[1].id);
    fix.id = fix.fact.id();
    events.push(fix);
    let built =
        treaty_publish::build(&[stream_of("icescr", &icescr), stream_of("op-icescr", &events)], None, &out).unwrap();
    assert_eq!(built.version, "1.1.1");
}

#[test]
fn campaign_counts_agree_with_counts_computed_from_the_status_table() {
    let streams = committed();
    let tmp = tempfile::tempdir().unwrap();
    let out = build_into(&inputs(&streams), tmp.path());
    // From status.csv alone: each State's standing in the Covenant and the Protocol.
    let (header, rows) = csv_rows(&out.join("status.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (treaty, who, party, signatory) = (col("treaty"), col("participant"), col("party"), col("signatory"));
    let mut standing: BTreeMap<String, [bool; 3]> = BTreeMap::new(); // [icescr party, op signatory, op party]
    for r in &rows {
        let s = standing.entry(r[who].clone()).or_default();
        match r[treaty].as_str() {
            "icescr" => s[0] = r[party] == "true",
            "op-icescr" => {
                s[1] = r[signatory] == "true";
                s[2] = r[party] == "true";
            }
            _ => {}
        }
    }
    let (cheader, crows) = csv_rows(&out.join("campaign.csv"));
    let (cwho, category) = (
        cheader.iter().position(|h| h == "participant").unwrap(),
        cheader.iter().position(|h| h == "category").unwrap(),
    );
    let mut expected: BTreeMap<&str, usize> = BTreeMap::new();
    let mut actual: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &crows {
        let s = standing.get(&r[cwho]).copied().unwrap_or_default();
        let c = if s[2] {
            "Ratified the OP-ICESCR"
        } else if s[1] {
            "Signed the OP-ICESCR"
        } else if s[0] {
            "Party to the ICESCR"
        } else {
            "Not a party to the ICESCR"
        };
        *expected.entry(c).or_default() += 1;
        *actual.entry(treaty_publish::CAMPAIGN_CATEGORIES.iter().find(|k| **k == r[category]).unwrap()).or_default() +=
            1;
    }
    assert_eq!(actual, expected);
    // And they are the page's: 31 parties to the Protocol, 173 to the Covenant (3 Feb 2026).
    assert_eq!(expected["Ratified the OP-ICESCR"], 31);
    let covenant_only = expected["Party to the ICESCR"]
        + expected["Ratified the OP-ICESCR"]
        + expected.get("Signed the OP-ICESCR").copied().unwrap_or(0);
    assert!(covenant_only >= 173 - 31, "{expected:?}");
}

#[test]
fn every_column_is_documented_in_docs_data_md() {
    let docs = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/DATA.md")).unwrap();
    let streams = committed();
    let tmp = tempfile::tempdir().unwrap();
    let out = build_into(&inputs(&streams), tmp.path());
    for table in TABLES {
        let start =
            docs.find(&format!("## `{table}`")).unwrap_or_else(|| panic!("docs/DATA.md has no section for {table}"));
        let section = &docs[start..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
        let schema: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join(format!("schemas/{table}.json"))).unwrap()).unwrap();
        for field in schema["fields"].as_array().unwrap() {
            let name = field["name"].as_str().unwrap();
            assert!(section.contains(&format!("| `{name}` |")), "docs/DATA.md does not describe {table}.{name}");
        }
    }
}

/// The panel folds a status only in the years it can change; every row must still be the status
/// folded afresh on its date (31 December, or the release's date in its own year).
#[test]
fn every_panel_row_is_the_status_on_its_date() {
    let streams = committed();
    let snapshot = treaty_fold::Snapshot::new(streams.iter().map(|s| (s.treaty, s.events())), None);
    let until = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let made = treaty_publish::tables::panel(&snapshot, until);
    let mut rows = Vec::new();
    made.for_each_chunk(|chunk| {
        rows.extend_from_slice(chunk);
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(rows.len(), made.rows, "the rows announced");
    let panel = &made.table;
    let col = |name: &str| panel.columns.iter().position(|c| c.name == name).unwrap();
    let (cp, ct, cy, cs, cpa, cf) =
        (col("participant"), col("treaty"), col("year"), col("signatory"), col("party"), col("in_force"));
    let text = |v: &treaty_publish::table::Value| match v {
        treaty_publish::table::Value::Text(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    let mut parties_2015 = 0;
    for row in &rows {
        let p = ParticipantId::from_code(&text(&row[cp])).unwrap();
        let t = TreatyId::parse(&text(&row[ct])).unwrap();
        let treaty_publish::table::Value::Integer(year) = row[cy] else { panic!() };
        let date = NaiveDate::from_ymd_opt(i32::try_from(year).unwrap(), 12, 31).unwrap().min(until);
        let s = snapshot.status(t, p, date);
        let b = |v: &treaty_publish::table::Value| matches!(v, treaty_publish::table::Value::Boolean(true));
        assert_eq!((b(&row[cs]), b(&row[cpa]), b(&row[cf])), (s.signatory, s.party, s.in_force), "{p} {t} {year}");
        if t.key() == "op-icescr" && year == 2015 && s.party {
            parties_2015 += 1;
        }
    }
    assert_eq!(parties_2015, 21, "the OP-ICESCR's 21 parties at the end of 2015");
    // One row per participant, treaty and year from the year it opened; the EU only where it may join.
    let expected: usize = TreatyId::all()
        .map(|t| {
            let years = usize::try_from(2026 - chrono::Datelike::year(&t.treaty().opened_for_signature) + 1).unwrap();
            let who = if t.treaty().open_to_organizations { 198 } else { 197 };
            years * who
        })
        .sum();
    assert_eq!(rows.len(), expected);
}
