//! Each bad input is refused with a clear message and a non-zero exit, and leaves the log
//! byte-identical.

mod common;

use common::{OP_URL, Workdir};

/// Runs `args` expecting refusal with `code`; asserts the message and that nothing changed.
fn refused(w: &Workdir, args: &[&str], code: i32, needles: &[&str]) {
    let before = w.log_bytes();
    let r = w.run(args);
    assert_eq!(r.code, code, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr lacks {n:?}:\n{}", r.stderr);
    }
    assert_eq!(w.log_bytes(), before, "the log changed");
}

fn op(participant: &str, action: &str, date: &str) -> Vec<String> {
    [
        "append",
        "--treaty",
        "op-icescr",
        "--participant",
        participant,
        "--action",
        action,
        "--date",
        date,
        "--source-url",
        OP_URL,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn op_icescr_ratification_by_a_state_not_party_to_the_icescr_is_refused() {
    let w = Workdir::with_fixture_log();
    // Portugal signed the Covenant on 7 Oct 1976 and the Protocol on 24 Sep 2009 (art. 17(1)
    // allows a signatory to sign), but here has not ratified the Covenant.
    w.append("icescr", "PRT", "signature", "1976-10-07");
    assert_eq!(w.append("op-icescr", "PRT", "signature", "2009-09-24").code, 0);
    refused(
        &w,
        &strs(&op("Portugal", "ratification", "2013-01-28")),
        1,
        &["rule/prerequisite", "party to the ICESCR", "Portugal", "28 January 2013"],
    );
    // A Covenant ratification dated after the Protocol's does not help: art. 17(2) is judged
    // on the Protocol ratification's date.
    assert_eq!(w.append("icescr", "PRT", "ratification", "2014-01-01").code, 0);
    refused(&w, &strs(&op("PRT", "ratification", "2013-01-28")), 1, &["rule/prerequisite"]);
}

#[test]
fn the_same_ratification_passes_once_the_state_is_party_to_the_icescr() {
    let w = Workdir::with_fixture_log();
    w.append("icescr", "PRT", "signature", "1976-10-07");
    assert_eq!(w.append("icescr", "PRT", "ratification", "1978-07-31").code, 0);
    assert_eq!(w.append("op-icescr", "PRT", "signature", "2009-09-24").code, 0);
    let r = w.append("op-icescr", "PRT", "ratification", "2013-01-28");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("appended"), "{}", r.stdout);
    w.ok(&["verify"]);
}

#[test]
fn an_op_icescr_signature_before_it_opened_is_refused() {
    let w = Workdir::with_fixture_log();
    w.append("icescr", "PRT", "signature", "1976-10-07");
    refused(&w, &strs(&op("PRT", "signature", "2009-09-23")), 1, &["rule/opened", "24 September 2009"]);
}

#[test]
fn an_unknown_participant_is_refused() {
    let w = Workdir::with_fixture_log();
    refused(&w, &strs(&op("Atlantis", "signature", "2010-01-01")), 2, &["unknown participant", "Atlantis"]);
}

#[test]
fn an_unknown_action_is_refused() {
    let w = Workdir::with_fixture_log();
    refused(&w, &strs(&op("ECU", "ratifcation", "2010-06-11")), 2, &["unknown action", "ratifcation", "accession"]);
}

#[test]
fn a_duplicate_is_refused_even_from_another_source() {
    let w = Workdir::with_fixture_log();
    let mut args = op("Ecuador", "ratification", "2010-06-11");
    // Same fact, other source and note: still the same event.
    let last = args.len() - 1;
    args[last] = "https://example.org/another-copy".into();
    refused(&w, &strs(&args), 1, &["duplicate", "events/op-icescr.ndjson:2"]);
}

#[test]
fn a_malformed_line_in_import_refuses_the_whole_file() {
    let w = Workdir::with_fixture_log();
    let file = w.path().join("new.ndjson");
    std::fs::write(
        &file,
        format!(
            "{{\"treaty\":\"icescr\",\"participant\":\"PRT\",\"action\":\"signature\",\"date\":\"1976-10-07\",\"source_url\":\"{OP_URL}\"}}\n\
             {{\"treaty\":\"icescr\",\"participant\":\"PRT\",\"action\":\"ratification\",\"date\":\"1978-07-31\",\"source_url\":\"{OP_URL}\"\n"
        ),
    )
    .unwrap();
    refused(&w, &["import", file.to_str().unwrap()], 2, &["new.ndjson:2", "nothing was imported"]);
}

#[test]
fn an_import_that_breaks_a_rule_names_the_record_and_writes_nothing() {
    let w = Workdir::with_fixture_log();
    let file = w.path().join("new.csv");
    std::fs::write(
        &file,
        format!(
            "treaty,participant,action,date,source_url\n\
             icescr,PRT,signature,1976-10-07,{OP_URL}\n\
             icescr,PRT,denunciation,1990-01-01,{OP_URL}\n"
        ),
    )
    .unwrap();
    refused(&w, &["import", file.to_str().unwrap()], 1, &["new.csv:3", "rule/denunciation-clause"]);
}

#[test]
fn a_valid_import_appends_every_record_in_order() {
    let w = Workdir::with_fixture_log();
    let file = w.path().join("new.csv");
    std::fs::write(
        &file,
        format!(
            "treaty,participant,action,date,source_url,note\n\
             icescr,PRT,signature,1976-10-07,{OP_URL},\n\
             icescr,PRT,ratification,1978-07-31,{OP_URL},\"a note, with a comma\"\n\
             op-icescr,PRT,signature,2009-09-24,{OP_URL},\n\
             op-icescr,PRT,ratification,2013-01-28,{OP_URL},\n"
        ),
    )
    .unwrap();
    let r = w.ok(&["import", file.to_str().unwrap()]);
    assert!(r.stdout.contains("imported 4 event(s)"), "{}", r.stdout);
    w.ok(&["verify"]);
    // Importing it again is refused as duplicates, or skipped on request.
    let again = w.run(&["import", file.to_str().unwrap()]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    let skip = w.ok(&["import", "--skip-existing", file.to_str().unwrap()]);
    assert!(skip.stdout.contains("imported 0 event(s); 4 already recorded"), "{}", skip.stdout);
}

#[test]
fn a_stale_expected_head_is_refused() {
    let w = Workdir::with_fixture_log();
    let mut args = op("PRT", "signature", "2009-09-24");
    args.extend(["--expect-head".to_owned(), "0".repeat(64)]);
    refused(&w, &strs(&args), 1, &["head"]);
}
