//! A crash mid-write leaves at most a torn last line: verify names it, repair removes only it.

mod common;

use std::fs;

use common::Workdir;

#[test]
fn verify_names_a_torn_last_line_and_repair_keeps_every_complete_event() {
    let w = Workdir::with_fixture_log();
    let path = w.stream("op-icescr");
    let whole = fs::read(&path).unwrap();
    let complete_lines = whole.iter().filter(|b| **b == b'\n').count();
    // Cut the last line in the middle, as a crash during its write would.
    let last_start = whole[..whole.len() - 1].iter().rposition(|b| *b == b'\n').unwrap() + 1;
    let cut = last_start + (whole.len() - last_start) / 2;
    fs::write(&path, &whole[..cut]).unwrap();

    let r = w.run(&["verify"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let expected = format!("op-icescr.ndjson:{complete_lines}: [log/torn-tail]");
    assert!(r.stdout.contains(&expected), "{}", r.stdout);

    // Nothing is appended to a log that does not verify, to the torn stream or another.
    let a = w.append("icescr", "PRT", "signature", "1976-10-07");
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert!(a.stderr.contains("[log/torn-tail]") && a.stderr.contains("--repair"), "{}", a.stderr);
    let b = w.append("op-icescr", "BRA", "signature", "2009-09-24");
    assert_eq!(b.code, 1, "{}", b.stderr);
    assert!(b.stderr.contains("--repair"), "{}", b.stderr);

    let r = w.ok(&["verify", "--repair"]);
    assert!(r.stdout.contains("repaired"), "{}", r.stdout);
    assert!(r.stdout.contains("every rule holds"), "{}", r.stdout);
    assert_eq!(fs::read(&path).unwrap(), &whole[..last_start], "every complete event is kept");
    let backup = w.events().join("op-icescr.ndjson.bak");
    assert_eq!(fs::read(backup).unwrap(), &whole[..cut], "the backup is the stream as it was");
}

#[test]
fn an_altered_line_is_reported_with_its_file_line_and_rule() {
    let w = Workdir::with_fixture_log();
    let path = w.stream("icescr");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("1969-03-06", "1969-03-07", 1)).unwrap();
    let r = w.run(&["verify"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("icescr.ndjson:2: [log/chain-hash]"), "{}", r.stdout);
    // --repair never touches complete lines.
    let r = w.run(&["verify", "--repair"]);
    assert_eq!(r.code, 1);
    assert!(fs::read_to_string(&path).unwrap().contains("1969-03-07"));
}

#[test]
fn a_removed_line_breaks_the_chain_at_the_next_one() {
    let w = Workdir::with_fixture_log();
    let path = w.stream("icescr");
    let text = fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().enumerate().filter(|(i, _)| *i != 2).map(|(_, l)| l).collect();
    fs::write(&path, kept.join("\n") + "\n").unwrap();
    let r = w.run(&["verify"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("icescr.ndjson:3: [log/sequence]"), "{}", r.stdout);
    assert!(r.stdout.contains("icescr.ndjson:3: [log/chain-prev]"), "{}", r.stdout);
}
