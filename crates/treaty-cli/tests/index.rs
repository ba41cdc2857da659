//! The streams' index (`events/.index/`) is a cache: an append or import judged from it says
//! and writes exactly what one judged from the whole log says and writes, and an index that no
//! longer describes its stream is never used.

mod common;

use std::fs;
use std::path::Path;

use common::{OP_URL, Run, Workdir};

/// Two copies of the committed log: one whose streams are indexed (by a dry run, which
/// verifies the log and writes nothing to it but its indexes), one that cannot be indexed (a
/// file stands where the index would go), so that it is always judged from the whole log.
fn pair() -> (Workdir, Workdir) {
    let indexed = Workdir::with_committed_log();
    let plain = Workdir::with_committed_log();
    indexed.ok(&reservation("CHL", "2019-03-01", "first", &["--dry-run"]));
    assert!(indexed.events().join(".index/op-icescr.idx").is_file(), "the dry run indexed the streams");
    fs::write(plain.events().join(".index"), "not a directory\n").unwrap();
    plain.ok(&reservation("CHL", "2019-03-01", "first", &["--dry-run"]));
    assert!(plain.events().join(".index").is_file(), "an index that cannot be written is not written");
    (indexed, plain)
}

fn reservation<'a>(participant: &'a str, date: &'a str, text: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "append",
        "--treaty",
        "op-icescr",
        "--participant",
        participant,
        "--action",
        "reservation",
        "--kind",
        "declaration",
        "--date-basis",
        "stated",
        "--text",
        text,
        "--date",
        date,
        "--source-url",
        OP_URL,
    ];
    args.extend(extra);
    args
}

fn streams(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ndjson"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// Runs `args` on both copies and checks that they answer and write the same; returns the
/// indexed copy's answer.
fn same(indexed: &Workdir, plain: &Workdir, args: &[&str]) -> Run {
    // The whole-log copy indexes itself on each write: take that away again.
    let _ = fs::remove_dir_all(plain.events().join(".index"));
    let a = indexed.run(args);
    let b = plain.run(args);
    let strip = |s: &str, w: &Workdir| s.replace(&w.path().display().to_string(), "<dir>");
    assert_eq!(a.code, b.code, "{args:?}:\n{}\n---\n{}", a.stderr, b.stderr);
    assert_eq!(strip(&a.stdout, indexed), strip(&b.stdout, plain), "{args:?}");
    assert_eq!(strip(&a.stderr, indexed), strip(&b.stderr, plain), "{args:?}");
    assert!(streams(&indexed.events()) == streams(&plain.events()), "{args:?}: the logs differ");
    a
}

#[test]
fn appends_judged_from_the_index_answer_and_write_as_from_the_whole_log() {
    let (indexed, plain) = pair();
    // Accepted, one after the other (each append brings the index up to date). Read from the
    // index, an append rewrites only its own stream's index; read whole, it writes every one.
    let inode = |key: &str| {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(indexed.events().join(format!(".index/{key}.idx"))).unwrap().ino()
    };
    let (cped, op) = (inode("cped"), inode("op-icescr"));
    same(&indexed, &plain, &reservation("CHL", "2019-03-01", "first", &[]));
    assert_eq!(inode("cped"), cped, "the append was judged from the index");
    assert_ne!(inode("op-icescr"), op, "and brought its stream's index up to date");
    same(&indexed, &plain, &reservation("CHL", "2019-03-02", "second", &[]));
    // A duplicate, found among the participant's lines.
    let dup = same(&indexed, &plain, &reservation("CHL", "2019-03-01", "first", &[]));
    assert!(dup.stderr.contains("duplicate"), "{}", dup.stderr);
    // Rules that read the participant's history and the parent treaty's stream.
    let refused = same(
        &indexed,
        &plain,
        &[
            "append",
            "--treaty",
            "op-icescr",
            "--participant",
            "USA",
            "--action",
            "ratification",
            "--date",
            "2020-01-01",
            "--source-url",
            OP_URL,
        ],
    );
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("rule/"), "{}", refused.stderr);
    let already = same(
        &indexed,
        &plain,
        &[
            "append",
            "--treaty",
            "op-icescr",
            "--participant",
            "ECU",
            "--action",
            "ratification",
            "--date",
            "2020-01-01",
            "--source-url",
            OP_URL,
        ],
    );
    assert!(already.stderr.contains("rule/already-party"), "{}", already.stderr);
    // An event of the parent treaty judged with what it does to the protocol's events.
    same(
        &indexed,
        &plain,
        &[
            "append",
            "--treaty",
            "icescr",
            "--participant",
            "ECU",
            "--action",
            "signature",
            "--date",
            "2020-01-01",
            "--source-url",
            OP_URL,
        ],
    );
    assert!(indexed.ok(&["verify"]).stdout.contains("every rule holds"));
}

#[test]
fn corrections_and_imports_judged_from_the_index_answer_as_from_the_whole_log() {
    let (indexed, plain) = pair();
    let first = same(&indexed, &plain, &reservation("CHL", "2019-03-01", "first", &[]));
    let id = first.stdout.split_whitespace().nth(1).unwrap().to_owned();
    assert_eq!(id.len(), 32, "{}", first.stdout);
    // A correction of the participant's own event, and of another's.
    same(&indexed, &plain, &reservation("CHL", "2019-03-01", "first, corrected", &["--corrects", &id]));
    let other = same(&indexed, &plain, &reservation("ARG", "2019-03-01", "not mine", &["--corrects", &id]));
    assert!(other.stderr.contains("rule/correction-target"), "{}", other.stderr);
    // An import across streams, then the same again (duplicates), then with one bad record.
    let records = format!(
        "{}\n{}\n",
        r#"{"treaty":"op-icescr","participant":"CHL","action":"reservation","kind":"declaration","date_basis":"stated","text":"imported","date":"2019-04-01","source_url":"https://treaties.un.org/x"}"#,
        r#"{"treaty":"icescr","participant":"CHL","action":"reservation","kind":"declaration","date_basis":"stated","text":"imported","date":"2019-04-01","source_url":"https://treaties.un.org/x"}"#
    );
    for w in [&indexed, &plain] {
        fs::write(w.path().join("new.ndjson"), &records).unwrap();
        fs::write(
            w.path().join("bad.ndjson"),
            r#"{"treaty":"op-icescr","participant":"BRA","action":"ratification","date":"2019-04-01","source_url":"https://treaties.un.org/x"}"#,
        )
        .unwrap();
    }
    same(&indexed, &plain, &["import", "new.ndjson"]);
    let again = same(&indexed, &plain, &["import", "new.ndjson"]);
    assert!(again.stderr.contains("duplicate"), "{}", again.stderr);
    same(&indexed, &plain, &["import", "--skip-existing", "new.ndjson"]);
    let bad = same(&indexed, &plain, &["import", "bad.ndjson"]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(indexed.ok(&["verify"]).stdout.contains("every rule holds"));
}

#[test]
fn a_stream_changed_behind_the_index_is_read_whole_and_its_damage_refused() {
    let (indexed, _) = pair();
    // Change one byte of a line in the middle of the stream, keeping its length: the index's
    // record of the file (times, length) no longer matches, so the whole log is read.
    let path = indexed.stream("icescr");
    let text = fs::read_to_string(&path).unwrap();
    let damaged = text.replacen("\"date\":\"19", "\"date\":\"18", 1);
    assert_ne!(damaged, text);
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, &damaged).unwrap();
    let before = streams(&indexed.events());
    let r = indexed.run(&reservation("CHL", "2019-03-01", "first", &[]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("does not verify") && r.stderr.contains("icescr.ndjson"), "{}", r.stderr);
    assert!(streams(&indexed.events()) == before, "nothing was written");

    // A garbled index is no index: the append reads the whole log and succeeds.
    fs::write(&path, &text).unwrap();
    fs::write(indexed.events().join(".index/op-icescr.idx"), b"garbage").unwrap();
    indexed.ok(&reservation("CHL", "2019-03-01", "first", &[]));
    assert!(indexed.ok(&["verify"]).stdout.contains("every rule holds"));
}
