//! The maps and the page of a release built from the committed log: every participant of the
//! 18 treaties can be drawn, every State appears on each map and in the page's table, the page
//! lists every file with its hash and fetches nothing.
//!
//! "Every participant" is made explicit here: the participants that appear in `events/` are
//! States, each of which must have a shape or a dot, and organizations (only the European
//! Union), which are never drawn and are named in a note on the maps of the treaties they act in.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::{committed, inputs};
use treaty_model::{ParticipantId, ParticipantKind, TreatyId};
use treaty_publish::geo;

fn codes_in(text: &str, attribute: &str) -> Vec<String> {
    text.split(&format!("{attribute}=\"")).skip(1).map(|p| p[..p.find('"').unwrap()].to_owned()).collect()
}

#[test]
fn every_participant_of_the_18_treaties_has_a_shape_or_a_dot_except_the_eu() {
    let streams = committed();
    let participants: BTreeSet<ParticipantId> =
        streams.iter().flat_map(|s| s.entries.iter().map(|e| e.event.fact.participant)).collect();
    assert!(participants.len() > 190, "{}", participants.len());
    let organizations: Vec<&str> = participants
        .iter()
        .filter(|p| p.participant().kind == ParticipantKind::Organization)
        .map(|p| p.code())
        .collect();
    assert_eq!(organizations, ["EUU"], "the only participant that is not a State");
    let missing: Vec<&str> = participants
        .iter()
        .filter(|p| p.participant().kind == ParticipantKind::State && !geo::drawable(**p))
        .map(|p| p.code())
        .collect();
    assert!(missing.is_empty(), "States with neither a shape nor a dot: {missing:?}");
}

#[test]
fn the_release_has_a_page_and_a_map_per_treaty_showing_every_state() {
    let streams = committed();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("release");
    let built = treaty_publish::build(&inputs(&streams), None, &out).unwrap();
    let names: BTreeSet<&str> = built.files.iter().map(|(n, _, _)| n.as_str()).collect();
    assert!(names.contains("index.html"));

    let states: BTreeSet<String> = ParticipantId::all()
        .filter(|p| p.participant().kind == ParticipantKind::State)
        .map(|p| p.code().to_owned())
        .collect();
    for stream in &streams {
        let key = stream.treaty.key();
        assert!(names.contains(format!("maps/{key}.svg").as_str()), "no map of {key}");
        let svg = fs::read_to_string(out.join(format!("maps/{key}.svg"))).unwrap();
        let drawn: BTreeSet<String> = codes_in(&svg, "data-code").into_iter().collect();
        assert_eq!(drawn, states, "{key}: every State on the map");
        // Each shape and dot has its title.
        for piece in svg.split("data-code=\"").skip(1) {
            let after = &piece[piece.find('>').unwrap() + 1..];
            assert!(after.starts_with("<title>") && !after.starts_with("<title></title>"), "{key}: an untitled shape");
        }
        let eu_acts = stream.entries.iter().any(|e| e.event.fact.participant.code() == "EUU");
        assert_eq!(svg.contains("The European Union, an organization"), eu_acts, "{key}: the EU's note");
    }

    // The page: a row and a shape or dot for every State, once the table and once the map.
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let rows: BTreeSet<String> =
        html.split("<tr data-code=\"").skip(1).map(|p| p[..p.find('"').unwrap()].to_owned()).collect();
    assert_eq!(rows, states);
    let map = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert_eq!(codes_in(map, "data-code").into_iter().collect::<BTreeSet<_>>(), states);

    // Every file written before the page is listed with its hash; SHA256SUMS lists them all.
    let sums = fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    let listed: BTreeSet<&str> = sums.lines().map(|l| l.split_once("  ").unwrap().1).collect();
    assert_eq!(listed, names.iter().copied().filter(|n| *n != "SHA256SUMS").collect());
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        // The pages list each other and the badges as one row per language.
        if !name.ends_with("index.html") && !name.contains("badges/") {
            assert!(html.contains(&format!("<a href=\"{name}\">{name}</a>")), "no link to {name}");
            assert!(html.contains(hash), "no hash of {name}");
        }
    }

    // The page in Spanish and French, with a badge per State in each language.
    for dir in ["", "es/", "fr/"] {
        assert!(names.contains(format!("{dir}index.html").as_str()), "no {dir}index.html");
        for code in &states {
            assert!(names.contains(format!("{dir}badges/{code}.svg").as_str()), "no {dir}badges/{code}.svg");
        }
    }
    let es = fs::read_to_string(out.join("es/index.html")).unwrap();
    assert!(es.contains("<html lang=\"es\">") && es.contains("¿Ha ratificado tu país"));
    assert!(es.contains("<a href=\"../events.csv\">events.csv</a>"), "es/ links to the release's files above it");
    // Every State's message to share fits a post (280 characters), in every language.
    for dir in ["", "es/", "fr/"] {
        let page = fs::read_to_string(out.join(format!("{dir}index.html"))).unwrap();
        let messages: Vec<&str> =
            page.split("readonly rows=\"5\">").skip(1).map(|p| &p[..p.find("</textarea>").unwrap()]).collect();
        assert_eq!(messages.len(), states.len(), "{dir}: a message per State");
        for m in messages {
            let text = m.replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", "\"");
            assert!(text.chars().count() <= 280 && text.ends_with("#OPICESCR"), "{dir}: {text}");
        }
    }

    // Nothing is fetched: no element with a source (the embed snippets are shown as escaped
    // text), no stylesheet or font link, no CSS import or remote url(), and a policy that
    // forbids any fetch.
    for tag in ["<img", "<script src", "<iframe", "<object", "<embed", "<video", "<audio", "<source"] {
        assert!(!html.contains(tag) && !es.contains(tag), "an element loads a resource: {tag}");
    }
    assert!(!html.contains("<link rel=\"stylesheet\"") && !html.contains("@import") && !html.contains("@font-face"));
    for part in html.split("url(").skip(1) {
        assert!(part.starts_with("#"), "url({}", &part[..part.len().min(40)]);
    }
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));

    // The OP-ICESCR's headline figures match its summary.
    let snapshot = treaty_fold::Snapshot::new(streams.iter().map(|s| (s.treaty, s.events())), None);
    let created = streams.iter().flat_map(|s| s.entries.iter().map(|e| e.event.recorded_at)).max().unwrap();
    let summary = snapshot.summary(TreatyId::parse("op-icescr").unwrap(), created.date_naive());
    for (n, label) in [
        (summary.signatories, "signatories"),
        (summary.parties, "States parties, home to"),
        (summary.in_force, "parties for which"),
    ] {
        assert!(html.contains(&format!("<span class=\"n\">{n}</span> <span class=\"l\">{label}")), "{label}: {n}");
    }
}
