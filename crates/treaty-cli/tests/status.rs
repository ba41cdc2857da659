//! `treaty status` and `treaty summary` on both time axes.

mod common;

use common::{OP_URL, Workdir};

fn json(r: &common::Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn summary_counts_the_fixture_log_by_legal_date() {
    let w = Workdir::with_fixture_log();
    let at = |d: &str| json(&w.ok(&["summary", "--treaty", "op-icescr", "--as-of", d, "--format", "json"]));
    let before = at("2009-09-23");
    assert_eq!((before["signatories"].as_u64(), before["parties"].as_u64()), (Some(0), Some(0)));
    let signed = at("2009-09-24");
    assert_eq!(signed["signatories"], 2);
    assert_eq!(signed["parties"], 0);
    let now = at("2026-02-03");
    assert_eq!(now["signatories"], 2);
    assert_eq!(now["parties"], 3, "Ecuador, Uruguay and Germany (accession without signature)");
    assert_eq!(now["in_force"], 3);
    // The log holds 3 of the 10 instruments art. 18 needs: not reached from the log alone.
    assert_eq!(now["entry_into_force"], serde_json::Value::Null);
    assert_eq!(now["entry_into_force_recorded"], "2013-05-05");
}

#[test]
fn a_ratification_is_in_force_three_months_later() {
    let w = Workdir::with_fixture_log();
    let uruguay = |d: &str| {
        let v = json(&w.ok(&[
            "status",
            "--treaty",
            "OP-ICESCR",
            "--participant",
            "Uruguay",
            "--as-of",
            d,
            "--format",
            "json",
        ]));
        v[0].clone()
    };
    let deposited = uruguay("2013-02-05");
    assert_eq!(deposited["party"], true);
    assert_eq!(deposited["in_force"], false);
    assert_eq!(deposited["entry_into_force"], "2013-05-05");
    assert_eq!(uruguay("2013-05-05")["in_force"], true);
    // Individual communications (art. 2) come with being a party; art. 10 needs a declaration.
    assert_eq!(uruguay("2014-01-01")["procedures_accepted"], "2");
    assert_eq!(uruguay("2013-01-01")["procedures_accepted"], serde_json::Value::Null, "not yet a party");
}

#[test]
fn known_at_answers_what_the_ledger_said_then() {
    let w = Workdir::with_fixture_log();
    // The fixture log was recorded before this test's "now"; record one more event later.
    let mut c = w.cmd(&[
        "append",
        "--treaty",
        "icescr",
        "--participant",
        "PRT",
        "--action",
        "signature",
        "--date",
        "1976-10-07",
        "--source-url",
        OP_URL,
    ]);
    c.env("TREATY_NOW", "2030-01-01T00:00:00Z");
    assert!(c.output().unwrap().status.success());
    let count = |known: &str| {
        let v = json(&w.ok(&[
            "summary",
            "--treaty",
            "icescr",
            "--as-of",
            "2026-01-01",
            "--known-at",
            known,
            "--format",
            "json",
        ]));
        v["signatories"].as_u64().unwrap()
    };
    assert_eq!(count("2029-12-31"), 3);
    assert_eq!(count("2030-01-01T00:00:00Z"), 4);
    assert_eq!(count("2000-01-01"), 0, "nothing was recorded in 2000");
}

#[test]
fn a_named_participant_gets_a_row_in_every_treaty() {
    let w = Workdir::with_fixture_log();
    let r = w.ok(&["status", "--participant", "ecu", "--as-of", "2026-02-03", "--format", "csv"]);
    assert_eq!(r.stdout.lines().count(), 19, "header and 18 treaties:\n{}", r.stdout);
    assert!(
        r.stdout.contains(
            "op-icescr,ECU,Ecuador,2009-09-24,signature,ratification,2010-06-11,2013-05-05,,,1,true,true,true,2,"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn status_table_of_the_fixture_log() {
    let w = Workdir::with_fixture_log();
    let r = w.ok(&["status", "--as-of", "2026-02-03"]);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn log_filters_by_action_and_date() {
    let w = Workdir::with_fixture_log();
    let r = w.ok(&[
        "log",
        "--treaty",
        "op-icescr",
        "--action",
        "accession",
        "--action",
        "ratification",
        "--from",
        "2011-01-01",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    // The release's `events` columns: event_id, treaty, seq, participant, participant_name, action, kind, date.
    assert!(lines[0].starts_with("event_id,treaty,seq,participant,participant_name,action,kind,date,"), "{}", r.stdout);
    assert!(lines[1].contains(",op-icescr,4,URY,Uruguay,ratification,fact,2013-02-05,"), "{}", r.stdout);
    assert!(lines[2].contains(",op-icescr,5,DEU,Germany,accession,fact,2023-04-20,"), "{}", r.stdout);
}

#[test]
fn help_teaches_with_examples() {
    let w = Workdir::new();
    for cmd in ["append", "import", "verify", "log", "status", "summary"] {
        let r = w.ok(&[cmd, "--help"]);
        assert!(r.stdout.contains("Examples:"), "{cmd} --help has no examples:\n{}", r.stdout);
    }
    let r = w.ok(&["--help"]);
    assert!(r.stdout.contains("Exit codes:"), "{}", r.stdout);
}
