//! `outputs/feed.xml`: the Atom feed of the latest actions, built by `treaty build` from the
//! committed log, follows a new event: one new entry, first, and nothing else changed but the
//! oldest entries the cap pushes out.

mod common;

use std::fs;
use std::path::Path;

use common::Workdir;
use treaty_publish::feed::FEED_ENTRIES;

/// Later than every `recorded_at` of the committed log, so that the appended event is the
/// newest.
const LATER: &str = "2026-12-01T09:00:00Z";

/// The text of the first `<name>…</name>` in `xml`.
fn field<'a>(xml: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no <{name}> in {xml}")) + open.len();
    &xml[start..start + xml[start..].find(&format!("</{name}>")).unwrap()]
}

/// The feed's `<updated>` and its `<entry>` blocks, in order.
fn read_feed(path: &Path) -> (String, Vec<String>) {
    let xml = fs::read_to_string(path).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(xml.ends_with("</feed>\n"));
    let (head, _) = xml.split_once("<entry>").unwrap();
    let entries = xml.split("<entry>").skip(1).map(|b| b.split("</entry>").next().unwrap().to_owned()).collect();
    (field(head, "updated").to_owned(), entries)
}

#[test]
fn a_new_ratification_is_the_feeds_one_new_entry_and_first() {
    let w = Workdir::with_committed_log();
    w.ok(&["build", "--out", "outputs"]);
    let feed = w.path().join("outputs/feed.xml");
    let (old_updated, old) = read_feed(&feed);
    assert_eq!(old.len(), FEED_ENTRIES, "the committed log has more events than the cap");
    assert_eq!(old_updated, field(&old[0], "updated"), "the feed's <updated> is its newest entry's");

    let stdout = w.append_chile_ratification("2026-01-15", LATER);
    let id = stdout.strip_prefix("appended ").and_then(|s| s.split(' ').next()).unwrap().to_owned();
    let stream = fs::read_to_string(w.stream("op-icescr")).unwrap();
    let last: serde_json::Value = serde_json::from_str(stream.lines().last().unwrap()).unwrap();
    assert_eq!(last["id"], id.as_str());
    let recorded_at = last["recorded_at"].as_str().unwrap();
    assert_eq!(recorded_at, LATER);

    w.ok(&["build", "--out", "outputs"]);
    let (updated, new) = read_feed(&feed);
    let id_of = |e: &String| field(e, "id").to_owned();
    let old_ids: Vec<String> = old.iter().map(id_of).collect();
    let added: Vec<String> = new.iter().map(id_of).filter(|i| !old_ids.contains(i)).collect();
    assert_eq!(added, [format!("urn:treaty:event:{id}")], "exactly one new entry, the appended event");
    assert_eq!(id_of(&new[0]), added[0], "the new entry comes first");
    assert_eq!(field(&new[0], "title"), "Chile ratified the OP-ICESCR");
    assert_eq!(field(&new[0], "updated"), recorded_at);
    assert!(new[0].contains("href=\"index.html#CHL\""), "{}", new[0]);
    assert_eq!(new.len(), (old.len() + 1).min(FEED_ENTRIES));
    assert_eq!(new[1..], old[..new.len() - 1], "the other entries are the old ones, minus the oldest");
    assert_eq!(updated, recorded_at, "the feed's <updated> is the new event's recorded_at");
}
