//! `treaty query`: the research questions in tests/research/ answered over the committed release
//! (outputs/), each equal to its expected answer beside it, which the interop checks hold DuckDB
//! to as well (tests/interop/check_research.py). Without the `query` feature, the command says
//! how to get it.

mod common;

use common::Workdir;

#[cfg(not(feature = "query"))]
#[test]
fn without_the_feature_query_says_how_to_get_it() {
    let w = Workdir::new();
    let r = w.run(&["query", "SELECT 1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--features query"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[cfg(feature = "query")]
mod with_polars {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::*;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn questions() -> Vec<(String, PathBuf, PathBuf)> {
        let dir = repo().join("tests/research");
        let mut out: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p.with_extension("json"), p))
            .collect();
        out.sort();
        out
    }

    fn query(w: &Workdir, args: &[&str]) -> serde_json::Value {
        let release = repo().join("outputs");
        let mut all = vec!["query", "--release", release.to_str().unwrap(), "--format", "json"];
        all.extend_from_slice(args);
        let r = w.ok(&all);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
    }

    #[test]
    fn the_five_research_questions_get_their_answers_from_the_committed_release() {
        let w = Workdir::new();
        let questions = questions();
        assert_eq!(questions.len(), 5, "{questions:?}");
        for (name, expected, sql) in &questions {
            let got = query(&w, &["--file", sql.to_str().unwrap()]);
            let want: serde_json::Value = serde_json::from_str(&fs::read_to_string(expected).unwrap()).unwrap();
            assert_eq!(got, want, "{name}: the answer differs from {}", expected.display());
        }
    }

    #[test]
    fn the_answers_are_what_the_record_says() {
        let w = Workdir::new();
        let sql = |name: &str| repo().join("tests/research").join(format!("{name}.sql"));
        let belarus = query(&w, &["--file", sql("5-belarus-iccpr-op1-2019").to_str().unwrap()]);
        assert_eq!(belarus[0]["party"], true, "{belarus}");
        assert_eq!(belarus[0]["consent_date"], "1992-09-30");
        let signed = query(&w, &["--file", sql("4-signed-the-icescr-never-party").to_str().unwrap()]);
        let codes: Vec<&str> = signed.as_array().unwrap().iter().map(|r| r["participant"].as_str().unwrap()).collect();
        assert!(codes.contains(&"USA") && codes.contains(&"CUB"), "{codes:?}");
        assert_eq!(signed[0].as_object().unwrap().keys().next().unwrap(), "participant", "keys keep the query's order");
        let crpd = query(&w, &["--file", sql("3-crpd-parties-at-the-end-of-each-year").to_str().unwrap()]);
        assert_eq!(crpd[0]["year"], 2007, "{crpd}");
        let counts: Vec<i64> = crpd.as_array().unwrap().iter().map(|r| r["states_parties"].as_i64().unwrap()).collect();
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "no State has left the CRPD: {counts:?}");
    }

    #[test]
    fn tables_are_listed_with_their_types_and_codes_are_text() {
        let w = Workdir::new();
        let tables = query(&w, &["--tables"]);
        let find = |t: &str, c: &str| {
            tables
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["table"] == t && r["column"] == c)
                .map(|r| r["type"].as_str().unwrap().to_owned())
        };
        assert_eq!(find("participants", "m49").as_deref(), Some("text"));
        assert_eq!(find("panel", "year").as_deref(), Some("integer"));
        assert_eq!(find("status", "consent_date").as_deref(), Some("date"));
        assert_eq!(find("events", "recorded_at").as_deref(), Some("timestamp (UTC)"));
        let afghanistan = query(&w, &["SELECT m49, iso_numeric FROM participants WHERE code = 'AFG'"]);
        assert_eq!(afghanistan, serde_json::json!([{"m49": "004", "iso_numeric": "004"}]));
    }

    #[test]
    fn csv_and_table_output_use_the_release_spelling() {
        let w = Workdir::new();
        let release = repo().join("outputs");
        let sql =
            "SELECT participant, party, consent_date FROM status WHERE treaty = 'op-icescr' AND participant = 'ECU'";
        let csv = w.ok(&["query", "--release", release.to_str().unwrap(), "--format", "csv", sql]);
        assert_eq!(csv.stdout, "participant,party,consent_date\nECU,true,2010-06-11\n");
    }

    #[test]
    fn a_bad_query_or_a_missing_release_is_a_clear_error() {
        let w = Workdir::new();
        let release = repo().join("outputs");
        let r = w.run(&["query", "--release", release.to_str().unwrap(), "SELECT nonsense FROM status"]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("the query failed") && r.stderr.contains("nonsense"), "{}", r.stderr);
        let r = w.run(&["query", "--release", "nowhere", "SELECT 1"]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("no release at nowhere") && r.stderr.contains("treaty build"), "{}", r.stderr);
    }
}
