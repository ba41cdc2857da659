//! "21 States, home to over 300 million people": the population of the parties, from the
//! World Bank series vendored in crates/treaty-model/data/population.csv, on the committed log.

mod common;

use std::path::Path;

use common::Workdir;

#[test]
fn the_op_icescr_had_21_parties_home_to_over_300_million_people_at_the_end_of_2015() {
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
    let w = Workdir::new();
    let r = w.ok(&[
        "summary",
        "--events",
        events.to_str().unwrap(),
        "--treaty",
        "op-icescr",
        "--as-of",
        "2015-12-31",
        "--format",
        "json",
    ]);
    let s: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["parties"], 21, "{s}");
    let people = s["population_parties"].as_u64().unwrap();
    assert!(people > 300_000_000 && people < 400_000_000, "{people}");
    assert_eq!(s["population_unknown"], serde_json::json!([]), "every party then has a figure");
}
