//! Nothing a command does by mistake can damage the log: the cases of a campaign of faults,
//! each driving the built binary on a temporary log, each ending with the log byte-identical
//! (or, for a scheduled run against a hand entry, the right outcome).

mod common;

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{ICESCR_URL, NOW, OP_URL, Run, Workdir};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn treaty(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_treaty"))
        .args(args)
        .current_dir(dir)
        .env_remove("TREATY_EVENTS")
        .env("TREATY_NOW", NOW)
        .output()
        .unwrap()
        .into()
}

#[test]
fn outside_the_repository_or_on_a_directory_that_is_no_log_every_command_is_an_error() {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("notes.md"), "not a log").unwrap();
    let docs = root().join("docs");
    let docs = docs.to_str().unwrap();
    let cases: [&[&str]; 7] = [
        &["status", "--participant", "France"],
        &["summary", "--treaty", "icescr"],
        &["log", "--treaty", "icescr"],
        &["verify", "--events", "/nonexistent"],
        &["verify", "--events", docs],
        &["status", "--events", docs],
        &[
            "append",
            "--treaty",
            "icescr",
            "--participant",
            "FRA",
            "--action",
            "signature",
            "--date",
            "1966-12-19",
            "--source-url",
            OP_URL,
        ],
    ];
    for args in cases {
        let r = treaty(elsewhere.path(), args);
        assert_eq!(r.code, 2, "treaty {args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("no event log here"), "treaty {args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "treaty {args:?} printed an answer: {}", r.stdout);
    }
    // Nothing was created where the command ran.
    let names: Vec<_> = fs::read_dir(elsewhere.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["notes.md"]);
}

/// Damages a log directory.
type Damage = Box<dyn Fn(&Path)>;

/// Ways a stream can be damaged, each applied to the fixture log's OP-ICESCR stream.
fn damages() -> Vec<(&'static str, Damage)> {
    let edit = |f: fn(Vec<u8>) -> Vec<u8>| -> Damage {
        Box::new(move |events: &Path| {
            let path = events.join("op-icescr.ndjson");
            let bytes = fs::read(&path).unwrap();
            fs::write(&path, f(bytes)).unwrap();
        })
    };
    vec![
        (
            "a line that is not JSON",
            edit(|b| {
                let mut l: Vec<Vec<u8>> = b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                l[1] = b"{not json".to_vec();
                l.join(&b'\n')
            }),
        ),
        ("a wrong hash", edit(|b| String::from_utf8(b).unwrap().replacen("2009-09-24", "2009-09-25", 1).into_bytes())),
        (
            "two lines swapped",
            edit(|b| {
                let mut l: Vec<Vec<u8>> = b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                l.swap(0, 1);
                l.join(&b'\n')
            }),
        ),
        (
            "a line twice",
            edit(|b| {
                let mut l: Vec<Vec<u8>> = b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                let first = l[0].clone();
                l.insert(1, first);
                l.join(&b'\n')
            }),
        ),
        (
            "a NUL byte",
            edit(|mut b| {
                b[20] = 0;
                b
            }),
        ),
        (
            "invalid UTF-8",
            edit(|mut b| {
                b[20] = 0xff;
                b
            }),
        ),
        ("CRLF line ends", edit(|b| String::from_utf8(b).unwrap().replace('\n', "\r\n").into_bytes())),
        ("a stray file", Box::new(|events: &Path| fs::write(events.join("op-icesr.ndjson"), "").unwrap())),
    ]
}

#[test]
fn a_log_that_does_not_verify_is_never_extended_and_answers_only_when_asked_to() {
    for (what, damage) in damages() {
        let w = Workdir::with_fixture_log();
        damage(&w.events());
        let before = w.log_bytes();
        let r = w.append("op-icescr", "Uruguay", "signature", "2009-09-24");
        assert_eq!(r.code, 1, "{what}: append: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("does not verify") && r.stderr.contains("op-ice"), "{what}: {}", r.stderr);
        assert!(r.stderr.contains("[log/"), "{what}: the rule is named: {}", r.stderr);
        assert_eq!(w.log_bytes(), before, "{what}: append changed the log");

        let import = w.path().join("one.ndjson");
        fs::write(
            &import,
            format!(
                "{{\"treaty\":\"op-icescr\",\"participant\":\"URY\",\"action\":\"signature\",\"date\":\"2009-09-24\",\"source_url\":\"{OP_URL}\"}}\n"
            ),
        )
        .unwrap();
        let r = w.run(&["import", import.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{what}: import: {}", r.stderr);
        assert_eq!(w.log_bytes(), before, "{what}: import changed the log");

        for args in [
            &["status", "--treaty", "op-icescr"][..],
            &["summary", "--treaty", "op-icescr"],
            &["log", "--treaty", "op-icescr"],
        ] {
            let r = w.run(args);
            assert_eq!(r.code, 1, "{what}: {args:?} answered from a damaged log: {}", r.stdout);
            assert!(r.stderr.contains("--allow-damaged"), "{what}: {}", r.stderr);
            let mut asked: Vec<&str> = args.to_vec();
            asked.push("--allow-damaged");
            let r = w.run(&asked);
            assert_eq!(r.code, 0, "{what}: {asked:?}: {}", r.stderr);
            assert!(r.stderr.contains("problem"), "{what}: the problems are still said: {}", r.stderr);
        }
        assert_eq!(w.log_bytes(), before, "{what}");
    }
}

#[test]
fn free_text_has_limits_and_sources_are_web_addresses_that_agree_with_their_cell() {
    let w = Workdir::with_fixture_log();
    let before = w.log_bytes();
    let base =
        ["append", "--treaty", "icescr", "--participant", "Chile", "--action", "signature", "--date", "1969-09-16"];
    let long_note = "n".repeat(120_000);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--source-url", ICESCR_URL, "--note", &long_note], "note"),
        (vec!["--source-url", "javascript:alert(1)"], "http"),
        (vec!["--source-url", ICESCR_URL, "--source-cell", "20 Sep 1969"], "rule/source-cell"),
        (vec!["--source-url", ICESCR_URL, "--source-cell", "16 Sep 1969 a"], "rule/source-cell"),
    ];
    for (extra, expected) in cases {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra.iter().copied());
        let r = w.run(&args);
        let case: String = format!("{extra:?}").chars().take(160).collect();
        assert_eq!(r.code, 1, "{case}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(expected), "{case}: {}", r.stderr);
        assert_eq!(w.log_bytes(), before, "{case}");
    }
    // The agreeing cell passes.
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--source-url", ICESCR_URL, "--source-cell", "16 Sep\t 1969"]);
    assert_eq!(w.run(&args).code, 0);
}

#[test]
fn a_csv_with_crlf_line_ends_names_the_right_lines() {
    let w = Workdir::with_fixture_log();
    let before = w.log_bytes();
    let csv = format!(
        "treaty,participant,action,date,source_url\r\nop-icescr,URY,signature,2009-09-24,{OP_URL}\r\nop-icescr,Atlantis,signature,2009-09-24,{OP_URL}\r\nop-icescr,ECU,signature,not-a-date,{OP_URL}\r\n"
    );
    let file = w.path().join("crlf.csv");
    fs::write(&file, csv).unwrap();
    let r = w.run(&["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("crlf.csv:3:") && r.stderr.contains("Atlantis"), "{}", r.stderr);
    assert!(r.stderr.contains("crlf.csv:4:"), "{}", r.stderr);
    assert!(!r.stderr.contains("crlf.csv:5:") && !r.stderr.contains("crlf.csv:2:"), "{}", r.stderr);
    assert_eq!(w.log_bytes(), before);
}

#[test]
fn a_live_holder_of_the_lock_makes_append_give_up_with_a_clear_message() {
    let w = Workdir::with_fixture_log();
    let before = w.log_bytes();
    let lock = OpenOptions::new().create(true).truncate(false).write(true).open(w.events().join(".lock")).unwrap();
    lock.lock().unwrap();
    let r: Run = w
        .cmd(&[
            "append",
            "--treaty",
            "op-icescr",
            "--participant",
            "URY",
            "--action",
            "signature",
            "--date",
            "2009-09-24",
            "--source-url",
            OP_URL,
        ])
        .env("TREATY_LOCK_TIMEOUT", "1")
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains(".lock") && r.stderr.contains("TREATY_LOCK_TIMEOUT"), "{}", r.stderr);
    drop(lock);
    assert_eq!(w.log_bytes(), before);
}

#[test]
fn a_scheduled_run_on_older_pages_does_not_refuse_a_later_hand_entry() {
    // The committed log, and a ratification a maintainer recorded from a depositary
    // notification after the saved pages (3 February 2026).
    let w = Workdir::new();
    for entry in fs::read_dir(root().join("events")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ndjson") {
            fs::copy(&path, w.events().join(path.file_name().unwrap())).unwrap();
        }
    }
    let later = "2026-11-20T09:00:00Z";
    let r: Run = w
        .cmd(&[
            "append",
            "--treaty",
            "op-icescr",
            "--participant",
            "Angola",
            "--action",
            "ratification",
            "--date",
            "2026-11-19",
            "--source-reference",
            "C.N.999.2026.TREATIES-IV.3.a",
            "--source-kind",
            "depositary_notification",
        ])
        .env("TREATY_NOW", later)
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = w.log_bytes();
    let pages = root().join("tests/fixtures/untc/2026-02-03");
    let r: Run = w
        .cmd(&["scrape", "--treaty", "op-icescr", "--from-dir", pages.to_str().unwrap(), "--apply"])
        .env("TREATY_NOW", later)
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 0, "the older page must not count the later entry as shrunk: {}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("applied: 0 event(s)") || r.stdout.contains("nothing to do"), "{}", r.stdout);
    assert_eq!(w.log_bytes(), before);
    // A fact the page showed and no longer shows is still a shrink.
    let edited = w.path().join("pages");
    fs::create_dir(&edited).unwrap();
    let html = fs::read_to_string(pages.join("icescr_op.html")).unwrap();
    let without =
        html.replacen("<td>19 Feb\t 2025 a<br></td>", "<td>&nbsp;</td>", 1).replacen("31</div>", "30</div>", 1);
    assert_ne!(without, html);
    fs::write(edited.join("icescr_op.html"), without).unwrap();
    let r: Run = w
        .cmd(&["scrape", "--treaty", "op-icescr", "--from-dir", edited.to_str().unwrap(), "--apply"])
        .env("TREATY_NOW", later)
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no longer shows") && r.stderr.contains("Albania"), "{}", r.stderr);
    assert_eq!(w.log_bytes(), before);
}

/// An NDJSON import of `per_stream` notifications into each of `treaties`.
fn import_file(dir: &Path, name: &str, treaties: &[&str], per_stream: usize) -> PathBuf {
    let mut text = String::new();
    for t in treaties {
        for i in 0..per_stream {
            let day = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + chrono::Days::new(i as u64);
            text.push_str(&format!(
                "{{\"treaty\":\"{t}\",\"participant\":\"FRA\",\"action\":\"notification\",\"date\":\"{day}\",\"kind\":\"notification\",\"date_basis\":\"stated\",\"text\":\"Test notification {i} of a kill test.\",\"source_url\":\"https://example.org/cn/{i}\"}}\n"
            ));
        }
    }
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// A small pseudo-random sequence (the same on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Kills `treaty import` of `per_stream` records into each of `streams` at `trials` pseudo-random
/// moments; after each, the next command (`verify`, or `verify --repair` every other time) must
/// find the log wholly before or wholly after the import.
fn kill_imports(streams: &[&str], per_stream: usize, trials: usize, seed: u64) {
    // The log wholly after: the same import, uninterrupted.
    let reference = Workdir::with_fixture_log();
    let before = reference.log_bytes();
    let file = import_file(reference.path(), "import.ndjson", streams, per_stream);
    let r = reference.run(&["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = reference.log_bytes();
    assert_ne!(before, after);

    let mut rng = Lcg(seed);
    let (mut whole_before, mut whole_after, mut interrupted) = (0, 0, 0);
    for trial in 0..trials {
        let w = Workdir::with_fixture_log();
        let file = import_file(w.path(), "import.ndjson", streams, per_stream);
        let mut child =
            w.cmd(&["import", file.to_str().unwrap()]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(120_000)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if w.events().join(".journal").exists() {
            interrupted += 1;
        }
        let next: &[&str] = if trial % 2 == 0 { &["verify"] } else { &["verify", "--repair"] };
        let r = w.run(next);
        let now = w.log_bytes();
        if now == before {
            whole_before += 1;
        } else if now == after {
            whole_after += 1;
        } else {
            panic!("trial {trial}: the log is neither before nor after the import ({}{})", r.stdout, r.stderr);
        }
        assert_eq!(r.code, 0, "trial {trial}: {}", r.stderr);
    }
    eprintln!("{streams:?}: {whole_before} before, {whole_after} after, {interrupted} killed during the write");
    assert_eq!(whole_before + whole_after, trials);
}

#[test]
fn an_import_into_three_streams_killed_at_any_moment_leaves_the_log_wholly_before_or_after() {
    kill_imports(&["icescr", "op-icescr", "cat"], 150, 60, 20_261_130);
}

#[test]
fn a_single_stream_import_killed_and_repaired_is_not_cut_to_a_part() {
    kill_imports(&["cat"], 200, 30, 7);
}
