//! The 18 saved status pages of 3 February 2026 parse, and agree with themselves.

use std::path::{Path, PathBuf};

use treaty_model::{Action, TreatyId};
use treaty_untc::{ParseError, Section, parse, parse_for};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/untc/2026-02-03")
}

fn page(file: &str) -> String {
    std::fs::read_to_string(fixtures().join(file)).unwrap()
}

const FILES: [(&str, &str, usize, usize); 18] = [
    ("cerd.html", "icerd", 88, 182),
    ("icescr.html", "icescr", 72, 173),
    ("icescr_op.html", "op-icescr", 46, 31),
    ("iccpr.html", "iccpr", 74, 175),
    ("iccpr_op1.html", "iccpr-op1", 35, 116),
    ("cedaw.html", "cedaw", 99, 189),
    ("cedaw_op.html", "op-cedaw", 80, 116),
    ("cat.html", "cat", 83, 175),
    ("cat_op.html", "op-cat", 76, 96),
    ("crc.html", "crc", 140, 196),
    ("crc_op_ac.html", "op-crc-ac", 130, 173),
    ("crc_op_sc.html", "op-crc-sc", 122, 178),
    ("crc_op_ic.html", "op-crc-ic", 54, 53),
    ("iccpr_op2.html", "iccpr-op2", 40, 92),
    ("cmw.html", "icmw", 40, 60),
    ("crpd.html", "crpd", 164, 193),
    ("crpd_op.html", "op-crpd", 95, 108),
    ("ced.html", "cped", 98, 78),
];

#[test]
fn every_page_parses_and_its_rows_add_up_to_its_status_line() {
    let mut rows = 0;
    for (file, key, signatories, parties) in FILES {
        let treaty = TreatyId::parse(key).unwrap();
        let p = parse_for(&page(file), treaty).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((p.signatories, p.parties), (signatories, parties), "{file}: status line");
        assert_eq!(p.counted(), (signatories, parties), "{file}: rows");
        assert_eq!(p.status_as_at.to_rfc3339(), "2026-02-03T10:16:18-04:00", "{file}");
        assert!(p.rows.iter().all(|r| r.participant.name() == r.name), "{file}: names resolve to their UNTC name");
        rows += p.rows.len();
    }
    assert_eq!(rows, 2564);
}

#[test]
fn the_op_icescr_page_reads_as_the_record_says() {
    let p = parse(&page("icescr_op.html")).unwrap();
    assert_eq!(p.mtdsg, "IV-3-a");
    assert_eq!(p.entry_into_force, "5 May 2013, in accordance with article 18(1).");
    assert_eq!(p.place_and_date, "New York, 10 December 2008");
    assert_eq!(p.consent_header, "Accession(a), Ratification");
    let germany = p.rows.iter().find(|r| r.name == "Germany").unwrap();
    assert!(germany.signature.is_none());
    let c = germany.consent.as_ref().unwrap();
    assert_eq!((c.date.to_string(), c.action), ("2023-04-20".to_owned(), Action::Accession));
    // Declarations under arts. 10 and 11: San Marino dated both, 4 August 2015.
    let section = p.section(Section::ArticleDeclarations).unwrap();
    assert_eq!(section.heading, "Declarations made under articles 10 and 11");
    let sm: Vec<_> = section.entries.iter().filter(|d| d.name == "San Marino").collect();
    assert_eq!(sm.len(), 1);
    assert!(
        sm[0].parts.iter().any(|part| part.date.map(|d| d.to_string()) == Some("2015-08-04".into())),
        "{:?}",
        sm[0]
    );
    // Portugal's declaration stands in the notifications, under a hidden heading.
    let notifications = p.section(Section::Notifications).unwrap();
    assert!(!notifications.heading_shown);
    assert_eq!(notifications.entries[0].name, "Portugal");
    assert!(!p.notes.is_empty());
}

#[test]
fn brackets_suffixes_and_footnotes_on_the_iccpr_op1_page() {
    let p = parse(&page("iccpr_op1.html")).unwrap();
    let row = |n: &str| p.rows.iter().find(|r| r.name == n).unwrap();
    let belarus = row("Belarus");
    assert!(belarus.consent.as_ref().unwrap().bracketed);
    assert_eq!(belarus.footnotes, vec![6]);
    assert!(p.notes[&6].contains("8 February 2023"), "{}", p.notes[&6]);
    let jamaica = row("Jamaica");
    assert!(jamaica.signature.as_ref().unwrap().bracketed && jamaica.consent.as_ref().unwrap().bracketed);
    // "Signature, Succession to signature(d)": North Macedonia took over Yugoslavia's signature.
    let mk = row("North Macedonia");
    assert_eq!(mk.signature.as_ref().unwrap().action, Action::SuccessionToSignature);
}

#[test]
fn a_page_without_its_blocks_is_an_error_naming_what_is_missing() {
    let html = page("icescr_op.html");
    // The participants table removed.
    let start = html.find("<table id=\"ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid\"").unwrap();
    let end = start + html[start..].find("</table>").unwrap() + "</table>".len();
    let without_table = format!("{}{}", &html[..start], &html[end..]);
    let err = parse(&without_table).unwrap_err();
    assert!(matches!(err, ParseError::MissingBlock { block: "participants table", .. }), "{err}");
    assert!(err.to_string().contains("participants table"));
    // Maintenance page.
    let maintenance = "<html><body>The site is under urgent maintenance and is currently unavailable.</body></html>";
    assert_eq!(parse(maintenance).unwrap_err(), ParseError::Maintenance);
    // An HTML page that is not a status page at all.
    assert!(matches!(parse("<html><body><p>Hello</p></body></html>"), Err(ParseError::MissingBlock { .. })));
    // Another treaty than asked for.
    let wrong = parse_for(&html, TreatyId::parse("icescr").unwrap()).unwrap_err();
    assert!(matches!(wrong, ParseError::WrongTreaty { .. }), "{wrong}");
}

#[test]
fn an_empty_table_or_a_changed_count_is_an_error() {
    let html = page("icescr_op.html");
    let first_row = html.find("<tr class=\"trBWhite\">").unwrap();
    let end = html[first_row..].find("</table>").unwrap() + first_row;
    let empty = format!("{}{}", &html[..first_row], &html[end..]);
    assert_eq!(parse(&empty).unwrap_err(), ParseError::EmptyTable);
    let one_less = html.replacen("<td>19 Feb\t 2025 a<br></td>", "<td>&nbsp;</td>", 1);
    assert!(matches!(parse(&one_less), Err(ParseError::CountMismatch { .. })), "Albania's accession removed");
}

#[test]
fn territorial_applications_are_read_row_by_row() {
    let p = parse(&page("icescr.html")).unwrap();
    let t = p.section(Section::TerritorialApplications).unwrap();
    assert_eq!(t.heading, "Territorial Application");
    assert_eq!(t.entries.len(), 3);
    let uk = &t.entries[2];
    assert_eq!(uk.participant.map(|p| p.code()), Some("GBR"));
    assert_eq!(uk.footnotes, vec![6, 15]);
    assert_eq!(uk.parts[0].date.map(|d| d.to_string()).as_deref(), Some("1976-05-20"));
    assert!(uk.parts[0].text.contains("Hong Kong"), "{:?}", uk.parts[0]);
    // CRC: a row without a name continues the Netherlands' row above it.
    let crc = parse(&page("crc.html")).unwrap();
    let aruba = &crc.section(Section::TerritorialApplications).unwrap().entries[2];
    assert_eq!((aruba.name.as_str(), aruba.parts[0].text.as_str()), ("Netherlands (Kingdom of the)", "Aruba"));
}
