//! `treaty build`: a release that is whole, or the previous one untouched.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::Workdir;

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(tree(&path).into_iter().map(|(k, v)| (format!("{name}/{k}"), v)));
        } else {
            out.insert(name, fs::read(&path).unwrap());
        }
    }
    out
}

#[test]
fn a_build_killed_midway_leaves_the_previous_release_whole() {
    let w = Workdir::with_fixture_log();
    let r = w.ok(&["build", "--out", "outputs"]);
    assert!(r.stdout.contains("built release 1.0.0"), "{}", r.stdout);
    let release = w.path().join("outputs");
    let before = tree(&release);
    assert!(before.contains_key("datapackage.json") && before.contains_key("events.parquet"));

    // A new event, then a build that dies after writing five files, as a kill would.
    assert_eq!(
        w.append("op-icescr", "BRA", "signature", "2009-09-24").code,
        1,
        "Brazil is not in the fixture's ICESCR"
    );
    assert_eq!(w.append("icescr", "BRA", "accession", "1992-01-24").code, 0);
    let mut c = w.cmd(&["build", "--out", "outputs"]);
    c.env("TREATY_FAULT_ABORT_AFTER_FILES", "5");
    let killed = c.output().unwrap();
    assert!(!killed.status.success());
    assert_eq!(tree(&release), before, "the previous release changed");

    // The next build cleans up what the killed one left and publishes the new event.
    let r = w.ok(&["build", "--out", "outputs"]);
    assert!(r.stdout.contains("built release 1.1.0"), "{}", r.stdout);
    let leftovers: Vec<_> = fs::read_dir(w.path())
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.contains(".tmp-").then_some(n)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let changelog = fs::read_to_string(release.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("- Brazil acceded to the ICESCR on 24 January 1992."), "{changelog}");
}

#[test]
fn a_log_that_does_not_verify_is_not_published() {
    let w = Workdir::with_fixture_log();
    w.ok(&["build", "--out", "outputs"]);
    let before = tree(&w.path().join("outputs"));
    let stream = w.stream("icescr");
    let text = fs::read_to_string(&stream).unwrap();
    fs::write(&stream, text.replacen("1969-03-06", "1969-03-07", 1)).unwrap();
    let r = w.run(&["build", "--out", "outputs"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("[log/chain-hash]"), "{}", r.stdout);
    assert!(r.stderr.contains("nothing was published"), "{}", r.stderr);
    assert_eq!(tree(&w.path().join("outputs")), before);
}

#[test]
fn the_same_log_builds_the_same_bytes() {
    let w = Workdir::with_fixture_log();
    w.ok(&["build", "--out", "a"]);
    w.ok(&["build", "--out", "b"]);
    assert!(tree(&w.path().join("a")) == tree(&w.path().join("b")));
    let again = w.ok(&["build", "--out", "a"]);
    assert!(again.stdout.contains("version 1.0.0 unchanged"), "{}", again.stdout);
}
