//! `treaty diff`: what happened between two legal dates, and what the ledger learned between two
//! recorded times, on the committed log.

mod common;

use common::Workdir;
use serde_json::Value;

fn rows(w: &Workdir, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["diff", "--format", "json"];
    all.extend_from_slice(args);
    let r = w.ok(&all);
    serde_json::from_str::<Vec<Value>>(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn brief(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r["treaty"].as_str().unwrap(),
                r["participant"].as_str().unwrap(),
                r["date"].as_str().unwrap_or("-"),
                r["change"].as_str().unwrap(),
                r["detail"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_year_of_the_op_icescr_lists_its_new_parties_and_what_they_accepted() {
    let w = Workdir::with_committed_log();
    let got = brief(&rows(&w, &["--treaty", "op-icescr", "--from", "2019-12-31", "--to", "2020-12-31"]));
    // The same two parties as the research question "OP-ICESCR parties by year of consent".
    assert_eq!(
        got,
        [
            "op-icescr ARM 2020-10-13 became_party ratification",
            "op-icescr ARM 2020-10-13 procedure_accepted art. 2",
            "op-icescr MDV 2020-12-23 became_party ratification",
            "op-icescr MDV 2020-12-23 procedure_accepted art. 2",
        ]
    );
}

#[test]
fn every_treaty_is_compared_when_none_is_named_and_entry_into_force_follows_its_article() {
    let w = Workdir::with_committed_log();
    let got = brief(&rows(&w, &["--from", "2019-12-31", "--to", "2020-12-31", "--participant", "OMN"]));
    // Oman acceded to the ICESCR on 9 June 2020; under article 27(2) it entered into force for
    // Oman three months later. The Convention against Torture (article 27(2)): thirty days.
    assert!(got.contains(&"icescr OMN 2020-06-09 became_party accession".to_owned()), "{got:#?}");
    assert!(got.contains(&"icescr OMN 2020-09-09 entered_into_force ".to_owned()), "{got:#?}");
    assert!(got.contains(&"cat OMN 2020-07-09 entered_into_force ".to_owned()), "{got:#?}");
}

#[test]
fn a_denunciation_shows_when_it_was_received_and_when_the_state_ceased_to_be_party() {
    let w = Workdir::with_committed_log();
    let got = brief(&rows(&w, &["--participant", "Belarus", "--from", "2021-12-31", "--to", "2023-12-31"]));
    assert_eq!(
        got,
        [
            "iccpr-op1 BLR 2022-11-08 denunciation_received ",
            "iccpr-op1 BLR 2023-02-08 ceased_to_be_party ",
            "iccpr-op1 BLR - procedure_ended art. 1",
        ]
    );
    // Before the denunciation was received nothing changed.
    assert!(
        rows(&w, &["--participant", "BLR", "--treaty", "iccpr-op1", "--from", "2021-12-31", "--to", "2022-11-07"])
            .is_empty()
    );
}

#[test]
fn known_from_and_known_to_show_what_the_ledger_learned_between_two_recorded_times() {
    let w = Workdir::with_committed_log();
    w.append_chile_ratification("2026-06-01", "2026-12-01T00:00:00Z");
    let learned = ["--treaty", "op-icescr", "--to", "2026-12-02", "--known-from", "2026-11-30"];
    assert_eq!(
        brief(&rows(&w, &learned)),
        [
            "op-icescr CHL 2026-06-01 became_party ratification",
            "op-icescr CHL 2026-06-01 procedure_accepted art. 2",
            "op-icescr CHL 2026-09-01 entered_into_force ",
        ]
    );
    // Up to a time before the append, the ledger had learned nothing.
    let before = [
        "--treaty",
        "op-icescr",
        "--to",
        "2026-12-02",
        "--known-from",
        "2026-11-30",
        "--known-to",
        "2026-11-30T23:59:59Z",
    ];
    assert!(rows(&w, &before).is_empty());
    let r = w.ok(&[
        "diff",
        "--treaty",
        "op-icescr",
        "--to",
        "2026-12-02",
        "--known-from",
        "2026-11-30T23:59:59Z",
        "--known-to",
        "2026-11-30T23:59:59Z",
    ]);
    assert!(r.stderr.contains("no change of status"), "{}", r.stderr);
}

#[test]
fn csv_uses_the_release_names_and_iso_dates() {
    let w = Workdir::with_committed_log();
    let r = w.ok(&["diff", "--treaty", "op-icescr", "--from", "2019-12-31", "--to", "2020-12-31", "--format", "csv"]);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("treaty,participant,participant_name,date,change,detail,before,after"));
    assert_eq!(lines.next(), Some("op-icescr,ARM,Armenia,2020-10-13,became_party,ratification,,"));
}

#[test]
fn dates_in_the_wrong_order_or_no_date_at_all_are_refused() {
    let w = Workdir::with_committed_log();
    let r = w.run(&["diff", "--from", "2020-01-01", "--to", "2019-01-01"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--from 2020-01-01 is after --to 2019-01-01"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = w.run(&["diff"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--from"), "{}", r.stderr);
    let r = w.run(&["diff", "--from", "2020-13-01"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--from"), "{}", r.stderr);
}
