//! Appends from many processes at once take turns under the log's lock: none is lost and
//! the chain stays whole.

mod common;

use std::thread;

use common::Workdir;

const URL: &str = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-2&chapter=4&clang=_en";

/// 50 distinct, valid ICERD events for one State: signature, ratification, then 24
/// declarations under art. 14 each withdrawn a month later.
fn events_for(code: &str) -> Vec<Vec<String>> {
    let mut out = vec![
        vec!["signature".to_owned(), "1967-01-10".to_owned(), String::new()],
        vec!["ratification".to_owned(), "1968-01-10".to_owned(), String::new()],
    ];
    for i in 0..24u32 {
        let year = 1970 + i;
        out.push(vec!["declaration".to_owned(), format!("{year}-03-01"), "opt_in".to_owned()]);
        out.push(vec!["declaration_withdrawal".to_owned(), format!("{year}-04-01"), String::new()]);
    }
    out.into_iter()
        .map(|e| {
            let mut args: Vec<String> = [
                "append",
                "--treaty",
                "icerd",
                "--participant",
                code,
                "--action",
                &e[0],
                "--date",
                &e[1],
                "--source-url",
                URL,
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
            if e[0].starts_with("declaration") {
                args.extend(["--article".to_owned(), "14".to_owned()]);
            }
            if !e[2].is_empty() {
                args.extend(["--declaration".to_owned(), e[2].clone()]);
            }
            args
        })
        .collect()
}

#[test]
fn eight_processes_appending_fifty_events_each_give_400_events_and_a_valid_chain() {
    let w = Workdir::new();
    let states = ["FRA", "DEU", "BRA", "IND", "KEN", "NOR", "PER", "JPN"];
    thread::scope(|s| {
        for code in states {
            let w = &w;
            s.spawn(move || {
                for args in events_for(code) {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    w.ok(&args);
                }
            });
        }
    });
    let text = std::fs::read_to_string(w.stream("icerd")).unwrap();
    assert_eq!(text.lines().count(), 400);
    let v = w.ok(&["verify"]);
    assert!(v.stdout.contains("400 events"), "{}", v.stdout);
    // Each State's status folds from its own events: every one ends with its declaration withdrawn.
    let s = w.ok(&["status", "--treaty", "icerd", "--as-of", "2026-01-01", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&s.stdout).unwrap();
    assert_eq!(rows.len(), 8, "{}", s.stdout);
    for r in &rows {
        assert_eq!(
            (&r["party"], &r["in_force"], &r["declarations"]),
            (&true.into(), &true.into(), &serde_json::Value::Null),
            "{r}"
        );
    }
}
