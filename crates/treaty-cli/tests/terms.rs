//! The terms of participation on the committed log: every entry below the participants table of
//! the 18 saved pages is in the ledger or on the review list; opt-outs and opt-ins fold into the
//! right procedures; dates of succession and Trinidad and Tobago's re-accession.
//!
//! The entries are counted here from the HTML with plain string search, not with the parser
//! under test.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::Workdir;
use serde_json::Value;
use treaty_model::ParticipantId;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed() -> String {
    root().join("events").to_str().unwrap().to_owned()
}

fn pages() -> String {
    root().join("tests/fixtures/untc/2026-02-03").to_str().unwrap().to_owned()
}

/// Saved page file, treaty key.
const PAGES: [(&str, &str); 18] = [
    ("cerd.html", "icerd"),
    ("icescr.html", "icescr"),
    ("icescr_op.html", "op-icescr"),
    ("iccpr.html", "iccpr"),
    ("iccpr_op1.html", "iccpr-op1"),
    ("cedaw.html", "cedaw"),
    ("cedaw_op.html", "op-cedaw"),
    ("cat.html", "cat"),
    ("cat_op.html", "op-cat"),
    ("crc.html", "crc"),
    ("crc_op_ac.html", "op-crc-ac"),
    ("crc_op_sc.html", "op-crc-sc"),
    ("crc_op_ic.html", "op-crc-ic"),
    ("iccpr_op2.html", "iccpr-op2"),
    ("cmw.html", "icmw"),
    ("crpd.html", "crpd"),
    ("crpd_op.html", "op-crpd"),
    ("ced.html", "cped"),
];

/// The section's name in the ledger, and the id its entries' names carry on the page.
const SECTIONS: [(&str, &str); 4] = [
    ("reservations", "_dgDec_ctl"),
    ("objections", "_dgObj_ctl"),
    ("article_declarations", "_dgDecUnderArticle_ctl"),
    ("notifications", "_dgNotifications_ctl"),
];

/// The entries of a section of the page, in order: the names in its `…_ctlNN_divParticipant"`
/// blocks (the text up to the first tag).
fn entries_on_page(html: &str, marker: &str) -> Vec<String> {
    html.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 || !rest[digits..].starts_with("_divParticipant\"") {
                return None;
            }
            let start = rest.find('>')? + 1;
            let end = rest[start..].find('<')? + start;
            Some(rest[start..end].replace("&nbsp;", " ").trim().to_owned())
        })
        .collect()
}

/// The rows of the "Territorial Application" table (`…_tblDec"`): the text of each row's first
/// cell, up to its first tag.
fn territorial_applications_on_page(html: &str) -> Vec<String> {
    let Some(start) = html.find("_tblDec\"") else { return Vec::new() };
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    table
        .split("<tr class=\"trB")
        .skip(1)
        .map(|row| {
            let cell = &row[row.find("<td").unwrap()..];
            let text = &cell[cell.find('>').unwrap() + 1..];
            text[..text.find('<').unwrap_or(text.len())].trim().to_owned()
        })
        .collect()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Every event of the committed log, as JSON objects.
fn log_events() -> Vec<Value> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root().join("events")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ndjson") {
            out.extend(fs::read_to_string(&path).unwrap().lines().map(json));
        }
    }
    out
}

/// `treaty scrape` of the saved pages against the committed log, as JSON.
fn scrape_report(w: &Workdir) -> Value {
    json(&w.ok(&["scrape", "--all", "--from-dir", &pages(), "--events", &committed(), "--format", "json"]).stdout)
}

#[test]
fn every_entry_below_the_participants_table_is_in_the_ledger_or_listed_for_review() {
    let w = Workdir::new();
    let report = scrape_report(&w);
    let events = log_events();
    // (treaty, section, entry row) held by an event, from its source.
    let mut held: BTreeSet<(String, String, usize)> = BTreeSet::new();
    // Declarations under articles recorded before the ledger kept the section and row: their
    // source cell begins "declarations under article".
    let mut declared_before: BTreeSet<(String, String)> = BTreeSet::new();
    for e in &events {
        if e["action"] == "declaration"
            && e["source"]["cell"].as_str().is_some_and(|c| c.starts_with("declarations under article"))
        {
            declared_before
                .insert((e["treaty"].as_str().unwrap().to_owned(), e["participant"].as_str().unwrap().to_owned()));
        }
        let s = &e["source"];
        let (Some(section), Some(row)) = (s["section"].as_str(), s["row"].as_str()) else { continue };
        let entry = row.split('.').next().unwrap().parse().unwrap_or(0);
        held.insert((e["treaty"].as_str().unwrap().to_owned(), section.to_owned(), entry));
    }
    let mut reviewed: BTreeMap<(String, String, usize), String> = BTreeMap::new();
    for t in report["treaties"].as_array().unwrap() {
        for r in t["reviews"].as_array().unwrap() {
            if let (Some(section), Some(row)) = (r["section"].as_str(), r["row"].as_u64()) {
                let message = r["message"].as_str().unwrap().to_owned();
                reviewed.insert((t["treaty"].as_str().unwrap().to_owned(), section.to_owned(), row as usize), message);
            }
        }
    }
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (file, key) in PAGES {
        let html = fs::read_to_string(root().join("tests/fixtures/untc/2026-02-03").join(file)).unwrap();
        for (section, marker) in SECTIONS.iter().copied().chain([("territorial_applications", "")]) {
            let names = if marker.is_empty() {
                territorial_applications_on_page(&html)
            } else {
                entries_on_page(&html, marker)
            };
            let n = names.len();
            let mut in_review = 0;
            for (i, name) in names.iter().enumerate() {
                let row = i + 1;
                let at = (key.to_owned(), section.to_owned(), row);
                let code = ParticipantId::resolve(name).map(|p| p.code().to_owned()).unwrap_or_default();
                match reviewed.get(&at) {
                    Some(why) => {
                        assert!(why.len() > 20, "{key} {section} {row}: a review line says why: {why:?}");
                        in_review += 1;
                    }
                    None => assert!(
                        held.contains(&at)
                            || (section == "article_declarations" && declared_before.contains(&(key.to_owned(), code))),
                        "{key}: {section} entry {row} of {n} ({name}) is neither in the ledger nor listed for review"
                    ),
                }
            }
            let total = totals.entry(section).or_default();
            total.0 += n;
            total.1 += in_review;
        }
    }
    // The counts the issue gives for the 18 pages.
    assert_eq!(totals["reservations"].0, 734);
    assert_eq!(totals["article_declarations"].0, 220);
    assert_eq!(totals["territorial_applications"].0, 13);
    for (section, (n, in_review)) in totals {
        assert!(in_review * 20 <= n, "{section}: {in_review} of {n} entries left for review, more than 5%");
    }
    // Nothing new on a second reading: the ledger already holds what the pages state.
    for t in report["treaties"].as_array().unwrap() {
        assert!(t["proposals"].as_array().unwrap().is_empty(), "{}: {}", t["treaty"], t["proposals"]);
        assert!(t["conflicts"].as_array().unwrap().is_empty(), "{}: {}", t["treaty"], t["conflicts"]);
    }
}

/// The participants of a treaty on 3 February 2026, as `treaty status` gives them.
fn statuses(w: &Workdir, treaty: &str, as_of: &str) -> Vec<Value> {
    let r = w.ok(&["status", "--events", &committed(), "--treaty", treaty, "--as-of", as_of, "--format", "json"]);
    json(&r.stdout).as_array().unwrap().clone()
}

fn accepts(status: &Value, article: &str) -> bool {
    // `procedures_accepted`: the articles accepted, "2; 10; 11", or null.
    status["procedures_accepted"].as_str().is_some_and(|a| a.split("; ").any(|a| a == article))
}

/// The States whose entry under CAT's "Declarations and Reservations" refuses the inquiry of
/// art. 20, read from the page with plain text search: an entry's text, tags removed, with a
/// sentence that names article 20 and says it does not recognise (or accept) it.
fn cat_refusals() -> BTreeSet<String> {
    let html = fs::read_to_string(root().join("tests/fixtures/untc/2026-02-03/cat.html")).unwrap();
    let mut out = BTreeSet::new();
    let marker = "_dgDec_ctl";
    for (at, _) in html.match_indices(marker) {
        let rest = &html[at..];
        let Some(name_at) = rest.find("_divParticipant\"") else { continue };
        if name_at > 40 {
            continue;
        }
        let name_start = rest[name_at..].find('>').unwrap() + name_at + 1;
        let name_end = rest[name_start..].find(['<']).unwrap() + name_start;
        let name = rest[name_start..name_end].trim().to_owned();
        let text_at = rest.find("_divText\"").unwrap();
        let text_end = rest[text_at..].find("</div>").unwrap() + text_at;
        let mut text = String::new();
        let mut in_tag = false;
        for c in rest[text_at..text_end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text.replace("&nbsp;", " ").to_lowercase();
        let refuses = text.split(['.', ';']).any(|sentence| {
            let words: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
            (words.contains("article 20") || words.contains("article(s) 20") || words.contains("articles 20"))
                && (words.contains("not recogni") || words.contains("not consider itself bound by article 20"))
        });
        if refuses {
            out.insert(name);
        }
    }
    out
}

#[test]
fn cat_states_refusing_article_20_do_not_accept_the_inquiry_procedure() {
    let w = Workdir::new();
    let refusing = cat_refusals();
    assert!(refusing.len() >= 10, "the page's refusals: {refusing:?}");
    let all = statuses(&w, "cat", "2026-02-03");
    for name in &refusing {
        let s = all.iter().find(|s| s["participant_name"] == name.as_str()).unwrap_or_else(|| panic!("{name} in CAT"));
        assert_eq!(s["party"], true, "{name}");
        assert!(!accepts(s, "28"), "{name} refuses art. 20, yet the fold says it accepts the inquiry procedure: {s}");
    }
    // Every other party accepts it (no opting-out declaration in effect).
    let others =
        all.iter().filter(|s| s["party"] == true && !refusing.contains(s["participant_name"].as_str().unwrap()));
    for s in others {
        assert!(accepts(s, "28"), "{}", s["participant_name"]);
    }
}

#[test]
fn five_states_accept_the_op_icescr_inter_state_and_inquiry_procedures() {
    let w = Workdir::new();
    let all = statuses(&w, "op-icescr", "2026-02-03");
    for article in ["10", "11"] {
        let accepting: BTreeSet<&str> =
            all.iter().filter(|s| accepts(s, article)).map(|s| s["participant"].as_str().unwrap()).collect();
        assert_eq!(accepting, BTreeSet::from(["BEL", "FIN", "PRT", "SLV", "SMR"]), "art. {article}");
    }
}

#[test]
fn bosnia_and_herzegovina_is_bound_by_icerd_from_its_date_of_succession() {
    let w = Workdir::new();
    let r =
        w.ok(&["status", "--events", &committed(), "--treaty", "icerd", "--participant", "BIH", "--format", "json"]);
    let s = &json(&r.stdout)[0];
    assert_eq!(s["consent_action"], "succession");
    assert_eq!(s["consent_date"], "1993-07-16");
    assert_eq!(s["entry_into_force"], "1992-03-06");
    let before = w.ok(&[
        "status",
        "--events",
        &committed(),
        "--treaty",
        "icerd",
        "--participant",
        "BIH",
        "--as-of",
        "1992-06-01",
        "--format",
        "json",
    ]);
    // Bound from 6 March 1992 on: in force on 1 June 1992, before the notification.
    assert_eq!(json(&before.stdout)[0]["in_force"], true);
}

#[test]
fn every_succession_has_a_sourced_date_of_succession_or_a_review_line() {
    let w = Workdir::new();
    let report = scrape_report(&w);
    let reviews: Vec<String> = report["treaties"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["reviews"].as_array().unwrap().iter().map(|r| r["message"].as_str().unwrap().to_owned()))
        .collect();
    let events = log_events();
    let mut successions = 0;
    for (file, key) in PAGES {
        for s in statuses(&w, key, "2026-02-03").iter().filter(|s| s["consent_action"] == "succession") {
            successions += 1;
            let name = s["participant_name"].as_str().unwrap();
            // The event in effect: the latest succession of that participant in the stream.
            let dated = events
                .iter()
                .rev()
                .find(|e| e["treaty"] == key && e["participant"] == s["participant"] && e["action"] == "succession");
            let e = dated.unwrap_or_else(|| panic!("{key} {name}: a succession event"));
            match e["effective_date"].as_str() {
                Some(_) => {
                    let source = &e["source"];
                    assert!(source["cell"].is_string(), "{file} {name}: the date of succession quotes its source");
                    assert!(source["url"].is_string() || source["reference"].is_string(), "{file} {name}");
                    assert_ne!(
                        source["kind"], "untc_status_page",
                        "{file} {name}: the status page gives no date of succession"
                    );
                }
                None => assert!(
                    reviews.iter().any(|r| r.contains("date of succession") && r.contains(name)),
                    "{file} {name}: no date of succession and no review line"
                ),
            }
        }
    }
    assert_eq!(successions, 61);
}

#[test]
fn trinidad_and_tobago_is_a_party_in_force_to_iccpr_op1_on_15_september_1998() {
    let w = Workdir::new();
    let r = w.ok(&[
        "status",
        "--events",
        &committed(),
        "--treaty",
        "iccpr-op1",
        "--participant",
        "TTO",
        "--as-of",
        "1998-09-15",
        "--format",
        "json",
    ]);
    let s = &json(&r.stdout)[0];
    assert_eq!((s["party"].as_bool(), s["in_force"].as_bool()), (Some(true), Some(true)), "{s}");
    assert_eq!(s["consent_date"], "1998-05-26");
    assert_eq!(s["entry_into_force"], "1998-08-26");
    // And it left again: the second denunciation took effect on 27 June 2000.
    let later = w.ok(&[
        "status",
        "--events",
        &committed(),
        "--treaty",
        "iccpr-op1",
        "--participant",
        "TTO",
        "--as-of",
        "2001-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(json(&later.stdout)[0]["party"], false);
}
