//! Every participant named on the 18 saved UNTC status pages resolves to the registry.

use std::path::Path;

use scraper::{Html, Selector};
use treaty_model::ParticipantId;

/// The participant cell's text without its footnote numbers (`<SUP>`), spacing folded.
fn participant_names(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let rows = Selector::parse(r#"table[id$="_tblgrid"] tr"#).unwrap();
    let first_cell = Selector::parse("td").unwrap();
    doc.select(&rows)
        .filter(|row| row.value().attr("class") != Some("thead-one"))
        .filter_map(|row| row.select(&first_cell).next())
        .map(|cell| {
            let text: String = cell
                .descendants()
                .filter_map(|node| {
                    let in_sup = node
                        .ancestors()
                        .any(|a| a.value().as_element().is_some_and(|e| e.name().eq_ignore_ascii_case("sup")));
                    (!in_sup).then(|| node.value().as_text().map(|t| t.to_string())).flatten()
                })
                .collect();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn every_participant_on_the_saved_pages_resolves() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/untc/2026-02-03");
    let mut rows = 0;
    let mut pages = 0;
    let mut unresolved = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(&path).unwrap();
        for name in participant_names(&html) {
            rows += 1;
            match ParticipantId::resolve(&name) {
                // The page's own name is the registry's UNTC name, not merely an alias.
                Ok(p) if p.name() == name => {}
                Ok(p) => unresolved.push(format!(
                    "{}: {name:?} resolves to {} named {:?}",
                    path.display(),
                    p.code(),
                    p.name()
                )),
                Err(e) => unresolved.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert_eq!(pages, 18);
    assert_eq!(rows, 2564, "participant rows on the 18 pages");
    assert!(unresolved.is_empty(), "{}", unresolved.join("\n"));
}
