//! `treaty scrape` on the 18 saved UNTC pages.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Workdir;

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/untc/2026-02-03")
}

/// Each page's own status line (../shared/untc/README.md).
const STATUS: [(&str, u64, u64); 18] = [
    ("icerd", 88, 182),
    ("icescr", 72, 173),
    ("op-icescr", 46, 31),
    ("iccpr", 74, 175),
    ("iccpr-op1", 35, 116),
    ("cedaw", 99, 189),
    ("op-cedaw", 80, 116),
    ("cat", 83, 175),
    ("op-cat", 76, 96),
    ("crc", 140, 196),
    ("op-crc-ac", 130, 173),
    ("op-crc-sc", 122, 178),
    ("op-crc-ic", 54, 53),
    ("iccpr-op2", 40, 92),
    ("icmw", 40, 60),
    ("crpd", 164, 193),
    ("op-crpd", 95, 108),
    ("cped", 98, 78),
];

fn json(r: &common::Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn ingesting_the_saved_pages_gives_each_pages_counts_and_a_second_run_proposes_nothing() {
    let w = Workdir::with_fixture_log();
    let dir = pages();
    let dir = dir.to_str().unwrap();

    // Without --apply nothing is written.
    let before = w.log_bytes();
    let dry = w.ok(&["scrape", "--all", "--from-dir", dir]);
    assert!(dry.stderr.contains("event(s) proposed (nothing written"), "{}", dry.stderr);
    assert_eq!(w.log_bytes(), before);

    let applied = w.ok(&["scrape", "--all", "--from-dir", dir, "--apply"]);
    // The 11 hand-entered events state facts of the pages: recognised, not appended again.
    // 4,088 signatures, consents and denunciations, and 2,754 events of the terms of
    // participation (reservations, objections, declarations, notifications, withdrawals).
    assert!(applied.stdout.contains("applied: 6842 event(s) appended"), "{}", applied.stdout);
    let v = w.ok(&["verify"]);
    assert!(v.stdout.contains("6853 event(s): every rule holds"), "{}", v.stdout);

    for (key, signatories, parties) in STATUS {
        let s = json(&w.ok(&["summary", "--treaty", key, "--as-of", "2026-02-03", "--format", "json"]));
        assert_eq!((s["signatories"].as_u64(), s["parties"].as_u64()), (Some(signatories), Some(parties)), "{key}");
    }

    // Belarus denounced the first Optional Protocol on 8 Nov 2022, with effect from 8 Feb 2023.
    let belarus = |d: &str| {
        json(&w.ok(&["status", "--treaty", "iccpr-op1", "--participant", "Belarus", "--as-of", d, "--format", "json"]))
            [0]["party"]
            .clone()
    };
    assert_eq!(belarus("2020-01-01"), true);
    assert_eq!(belarus("2026-02-03"), false);

    let again = w.ok(&["scrape", "--all", "--from-dir", dir, "--format", "json"]);
    let report = json(&again);
    let proposed: usize =
        report["treaties"].as_array().unwrap().iter().map(|t| t["proposals"].as_array().unwrap().len()).sum();
    assert_eq!(proposed, 0);
}

/// A copy of the saved OP-ICESCR page with `edit` applied, in its own directory.
fn edited_page(w: &Workdir, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = w.path().join("pages");
    fs::create_dir_all(&dir).unwrap();
    let html = fs::read_to_string(pages().join("icescr_op.html")).unwrap();
    fs::write(dir.join("icescr_op.html"), edit(html)).unwrap();
    dir
}

#[test]
fn a_page_that_no_longer_shows_a_recorded_ratification_is_refused() {
    let w = Workdir::with_fixture_log();
    // Uruguay's ratification removed, and the status line adjusted so the page is consistent.
    let dir = edited_page(&w, |h| {
        let h = h.replacen("<td> &nbsp;5 Feb\t 2013 <br></td>", "<td>&nbsp;</td>", 1);
        let at = h.find("Parties :").unwrap();
        let n = at + h[at..].find("31").unwrap();
        format!("{}30{}", &h[..n], &h[n + 2..])
    });
    let before = w.log_bytes();
    let r = w.run(&["scrape", "--treaty", "op-icescr", "--from-dir", dir.to_str().unwrap(), "--apply"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("Uruguay") && r.stderr.contains("no longer shows"), "{}", r.stderr);
    assert_eq!(w.log_bytes(), before);
}

#[test]
fn a_date_that_differs_from_the_log_is_a_conflict_until_corrected() {
    let w = Workdir::with_fixture_log();
    // The Covenant's page first, so that the Protocol's signatories have their prerequisite.
    w.ok(&["scrape", "--treaty", "icescr", "--from-dir", pages().to_str().unwrap(), "--apply"]);
    // The page says Ecuador ratified on 12 June 2010; the log has 11 June 2010.
    let dir = edited_page(&w, |h| h.replacen("<td>11 Jun\t 2010 <br></td>", "<td>12 Jun\t 2010 <br></td>", 1));
    let dir = dir.to_str().unwrap();
    let r = w.ok(&["scrape", "--treaty", "op-icescr", "--from-dir", dir]);
    assert!(r.stderr.contains("conflict: op-icescr Ecuador: the log has ratification of 2010-06-11"), "{}", r.stderr);
    assert!(r.stderr.contains("the page has ratification of 2010-06-12"), "{}", r.stderr);
    // Both sources: the log event's and the page's.
    assert!(r.stderr.contains("source https://treaties.un.org/"), "{}", r.stderr);
    let applied = w.ok(&["scrape", "--treaty", "op-icescr", "--from-dir", dir, "--apply", "--correct"]);
    assert!(applied.stdout.contains("corrects") || applied.stdout.contains("2010-06-12"), "{}", applied.stdout);
    let s = json(&w.ok(&["status", "--treaty", "op-icescr", "--participant", "ECU", "--format", "json"]));
    assert_eq!(s[0]["consent_date"], "2010-06-12");
    w.ok(&["verify"]);
}

#[test]
fn a_missing_saved_page_stops_the_run_before_anything_is_written() {
    let w = Workdir::with_fixture_log();
    let dir = edited_page(&w, |h| h);
    let before = w.log_bytes();
    let r = w.run(&[
        "scrape",
        "--treaty",
        "op-icescr",
        "--treaty",
        "icescr",
        "--from-dir",
        dir.to_str().unwrap(),
        "--apply",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no saved page for icescr"), "{}", r.stderr);
    assert_eq!(w.log_bytes(), before);
}

#[test]
fn the_committed_ledger_gives_each_saved_pages_counts() {
    // events/ was ingested from the saved pages; later events are dated after 3 Feb 2026, so
    // the counts on that day stay the pages' own.
    let w = Workdir::new();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
    for (key, signatories, parties) in STATUS {
        let r = w.ok(&[
            "summary",
            "--events",
            committed.to_str().unwrap(),
            "--treaty",
            key,
            "--as-of",
            "2026-02-03",
            "--format",
            "json",
        ]);
        let s = json(&r);
        assert_eq!((s["signatories"].as_u64(), s["parties"].as_u64()), (Some(signatories), Some(parties)), "{key}");
    }
}
