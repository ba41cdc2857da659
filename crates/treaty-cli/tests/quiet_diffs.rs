//! A release that adds one event changes only what depends on it: a reviewer of the scheduled
//! run's pull request sees the new ratification, not thousands of rewritten rows. Measured on the
//! committed log: one ratification appended, the release rebuilt in place, every file compared.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::Workdir;

/// Later than every `recorded_at` of the committed log, and on a later day, so that the
/// release's date moves too.
const LATER: &str = "2026-12-01T09:00:00Z";

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Lines of `new` not in `old` plus lines of `old` not in `new`, counted as multisets.
fn changed_lines(old: &[u8], new: &[u8]) -> usize {
    let count = |b: &[u8]| {
        let mut m: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
        for l in b.split(|c| *c == b'\n') {
            *m.entry(l.to_owned()).or_default() += 1;
        }
        m
    };
    let (a, b) = (count(old), count(new));
    let keys: BTreeSet<&Vec<u8>> = a.keys().chain(b.keys()).collect();
    keys.into_iter().map(|k| (a.get(k).unwrap_or(&0) - b.get(k).unwrap_or(&0)).unsigned_abs() as usize).sum()
}

#[test]
fn one_new_ratification_changes_only_the_rows_and_files_that_depend_on_it() {
    let w = Workdir::with_committed_log();
    w.ok(&["build", "--out", "outputs"]);
    let before = files(&w.path().join("outputs"));
    w.append_chile_ratification("2026-11-20", LATER);
    w.ok(&["build", "--out", "outputs"]);
    let after = files(&w.path().join("outputs"));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the same files");

    let changed: Vec<&String> = after.keys().filter(|k| before[*k] != after[*k]).collect();
    // The CSV and JSON tables: at most 100 changed lines in all.
    let table_lines: usize = changed
        .iter()
        .filter(|n| !n.contains('/') && (n.ends_with(".csv") || n.ends_with(".json")) && **n != "datapackage.json")
        .map(|n| changed_lines(&before[*n], &after[*n]))
        .sum();
    assert!(table_lines <= 100, "{table_lines} changed lines in the CSV and JSON tables");
    assert!(table_lines >= 2, "the new event is in the tables ({table_lines} lines)");

    // Every other changed file is release metadata, the workbook, a Parquet file of a changed table, a page,
    // a map (they show the date), or a badge of Chile (its answer changed).
    let tables_changed: BTreeSet<&str> =
        changed.iter().filter_map(|n| n.strip_suffix(".csv").filter(|s| !s.contains('/'))).collect();
    for name in &changed {
        let ok = ["datapackage.json", "SHA256SUMS", "CHANGELOG.md", "CITATION.cff", "feed.xml", "treaty.xlsx"]
            .contains(&name.as_str())
            || (name.ends_with(".csv") || name.ends_with(".json")) && !name.contains('/')
            || name.strip_suffix(".parquet").is_some_and(|t| tables_changed.contains(t))
            || name.ends_with("index.html")
            || name.contains("maps/")
            || name.ends_with("badges/CHL.svg");
        assert!(ok, "{name} changed");
    }
    // Unchanged: the tables the event does not touch, and every other State's badge.
    for name in ["participants.csv", "participants.parquet", "population.csv", "objections.csv", "badges/ECU.svg"] {
        assert_eq!(before[name], after[name], "{name} changed");
    }
    eprintln!("one ratification: {} files changed, {table_lines} lines in the CSV and JSON tables", changed.len());
}
