//! `treaty map`: an SVG world map with a shape or a dot, and a `<title>`, for every State, a
//! legend and the date, for a past date and for today, on the fixture log and the real one.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::Workdir;
use treaty_model::{ParticipantId, ParticipantKind};

/// Every element with a `data-code`, with the text of its `<title>`.
fn drawn(svg: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for piece in svg.split("data-code=\"").skip(1) {
        let code = piece[..piece.find('"').unwrap()].to_owned();
        let element = &piece[..piece.find("</path>").or_else(|| piece.find("</circle>")).unwrap()];
        let title = element.split("<title>").nth(1).map(|t| t.split("</title>").next().unwrap().to_owned());
        out.push((code, title.unwrap_or_default()));
    }
    out
}

fn states() -> BTreeSet<String> {
    ParticipantId::all()
        .filter(|p| p.participant().kind == ParticipantKind::State)
        .map(|p| p.code().to_owned())
        .collect()
}

fn title_of<'a>(shapes: &'a [(String, String)], code: &str) -> &'a str {
    &shapes.iter().find(|(c, _)| c == code).unwrap().1
}

/// Checks the parts every map has, and returns its drawn elements.
fn check_map(svg: &str, date_text: &str) -> Vec<(String, String)> {
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    let shapes = drawn(svg);
    let codes: BTreeSet<String> = shapes.iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(codes, states(), "every State of the registry has a shape or a dot");
    for (code, title) in &shapes {
        let name = ParticipantId::from_code(code).unwrap().name().replace('\'', "&#39;");
        assert!(title.starts_with(&format!("{name}: ")), "{code}: title {title:?}");
    }
    assert!(svg.contains(&format!("Status on {date_text}")), "no date {date_text}");
    assert!(svg.contains("<title id=\"map-title\">") && svg.contains("<desc id=\"map-desc\">"));
    shapes
}

fn legend_count(svg: &str, label: &str) -> usize {
    let at = svg.find(&format!(">{label} (")).unwrap_or_else(|| panic!("no legend entry {label}"));
    let rest = &svg[at + label.len() + 3..];
    rest[..rest.find(')').unwrap()].parse().unwrap()
}

#[test]
fn the_campaign_map_on_a_past_date_and_today_from_the_fixture_log() {
    let w = Workdir::with_fixture_log();
    let r = w.ok(&["map", "--treaty", "op-icescr", "--as-of", "2015-12-31", "-o", "past.svg"]);
    assert!(r.stdout.contains("wrote past.svg"), "{}", r.stdout);
    let past = fs::read_to_string(w.path().join("past.svg")).unwrap();
    let shapes = check_map(&past, "31 December 2015");
    assert_eq!(legend_count(&past, "Ratified the OP-ICESCR"), 2, "Ecuador and Uruguay");
    assert_eq!(legend_count(&past, "Party to the ICESCR"), 1, "Germany");
    assert_eq!(legend_count(&past, "Not a party to the ICESCR"), 194);
    assert!(title_of(&shapes, "URY").contains("Ratified the OP-ICESCR. OP-ICESCR: signed 24 September 2009; ratified 5 February 2013, in force for it from 5 May 2013. ICESCR: signed 21 February 1967; ratified 1 April 1970"));
    assert!(title_of(&shapes, "DEU").starts_with("Germany: Party to the ICESCR."));

    // Today (TREATY_NOW): Germany has acceded since.
    w.ok(&["map", "--treaty", "op-icescr", "-o", "now.svg"]);
    let now = fs::read_to_string(w.path().join("now.svg")).unwrap();
    let shapes = check_map(&now, "4 February 2026");
    assert_eq!(legend_count(&now, "Ratified the OP-ICESCR"), 3);
    assert!(title_of(&shapes, "DEU").contains("acceded 20 April 2023"));
    // Small States are dots, with their title too.
    assert!(now.contains("<circle data-code=\"SMR\"") && now.contains("<circle data-code=\"LUX\""));
}

#[test]
fn the_map_of_another_treaty_is_party_signatory_neither_and_names_the_eu() {
    let w = Workdir::with_fixture_log();
    w.ok(&["map", "--treaty", "icescr", "--as-of", "1968-01-01", "-o", "icescr.svg"]);
    let svg = fs::read_to_string(w.path().join("icescr.svg")).unwrap();
    check_map(&svg, "1 January 1968");
    assert_eq!(legend_count(&svg, "Signatory, not a party"), 2, "Ecuador and Uruguay had signed");
    assert_eq!(legend_count(&svg, "Party"), 0);

    // The real log: the CRPD, to which the European Union is a party.
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
    let out = w.path().join("crpd.svg");
    let r = w
        .cmd(&["map", "--treaty", "crpd", "--as-of", "2026-02-03", "-o", out.to_str().unwrap()])
        .env("TREATY_EVENTS", &events)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let svg = fs::read_to_string(&out).unwrap();
    check_map(&svg, "3 February 2026");
    assert!(svg.contains("The European Union, an organization and not a State, is not drawn."), "no EU note");
    assert_eq!(legend_count(&svg, "Party") + 1, 193, "UNTC counts 193 parties, the EU among them");
}

#[test]
fn the_real_campaign_map_on_31_december_2015_and_today() {
    let w = Workdir::new();
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
    for (args, date) in [(vec!["--as-of", "2015-12-31"], "31 December 2015"), (vec![], "4 February 2026")] {
        let out = w.path().join("op.svg");
        let mut all = vec!["map", "--treaty", "op-icescr", "-o", out.to_str().unwrap()];
        all.extend(args);
        let r = w.cmd(&all).env("TREATY_EVENTS", &events).output().unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let svg = fs::read_to_string(&out).unwrap();
        let shapes = check_map(&svg, date);
        let total: usize =
            ["Ratified the OP-ICESCR", "Signed the OP-ICESCR", "Party to the ICESCR", "Not a party to the ICESCR"]
                .iter()
                .map(|l| legend_count(&svg, l))
                .sum();
        assert_eq!(total, 197);
        let germany = title_of(&shapes, "DEU");
        if date.ends_with("2015") {
            assert!(germany.starts_with("Germany: Party to the ICESCR."), "{germany}");
        } else {
            assert!(germany.starts_with("Germany: Ratified the OP-ICESCR."), "{germany}");
        }
    }
}

#[test]
fn bad_arguments_are_errors() {
    let w = Workdir::with_fixture_log();
    assert_eq!(w.run(&["map", "--treaty", "nope", "-o", "x.svg"]).code, 2);
    assert_eq!(w.run(&["map", "--treaty", "op-icescr", "--as-of", "2015-13-40", "-o", "x.svg"]).code, 2);
    assert_eq!(w.run(&["map", "--treaty", "op-icescr", "-o", "no/such/dir/x.svg"]).code, 2);
    assert!(!w.path().join("x.svg").exists());
}
