//! The 18 saved status pages of 3 February 2026 parse, and agree with themselves.

use std::path::{Path, PathBuf};

use treaty_model::{Action, TreatyId};
use treaty_untc::{MAX_DEPTH, MAX_ELEMENTS, META_PRESCAN_BYTES, ParseError, Section, decode_html, parse, parse_for};

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

/// The text as ISO-8859-1 bytes: each character below U+0100 as its one byte, any other as a
/// numeric character reference.
fn latin1(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => out.push(b),
            Err(_) => out.extend_from_slice(format!("&#{};", u32::from(c)).as_bytes()),
        }
    }
    out
}

fn json(page: &treaty_untc::Page) -> serde_json::Value {
    serde_json::to_value(page).unwrap()
}

#[test]
fn a_latin1_page_reads_as_the_utf8_page_in_the_charset_its_header_or_meta_declares() {
    let utf8 = page("icescr_op.html");
    let expected = parse(&utf8).unwrap();
    let cote = expected.rows.iter().find(|r| r.name == "Côte d'Ivoire").expect("the page lists Côte d'Ivoire");
    assert_eq!(cote.participant.code(), "CIV");

    // The header names the charset; the page's own <meta> (utf-8) is overridden by it.
    let bytes = latin1(&utf8);
    for header in ["text/html; charset=iso-8859-1", "text/html;charset=\"ISO-8859-1\"", "text/html; charset=latin1"] {
        let text = decode_html(&bytes, Some(header)).unwrap();
        assert_eq!(json(&parse(&text).unwrap()), json(&expected), "{header}");
    }

    // No charset in the header (or no header: a file): the page's <meta> names it.
    let declared = latin1(&utf8.replacen("charset=utf-8", "charset=iso-8859-1", 1));
    for header in [Some("text/html"), None] {
        let text = decode_html(&declared, header).unwrap();
        assert_eq!(
            parse(&text).unwrap().rows.iter().map(|r| &r.name).collect::<Vec<_>>(),
            expected.rows.iter().map(|r| &r.name).collect::<Vec<_>>(),
            "{header:?}"
        );
        assert!(text.contains("Côte d'Ivoire"));
    }
    let meta_charset = format!("<html><head><meta charset=\"windows-1252\"></head><body>C{}te</body></html>", '\u{f4}');
    assert!(decode_html(&latin1(&meta_charset), None).unwrap().contains("Côte"));

    // UTF-8 by default, and a byte order mark wins over a header.
    assert_eq!(decode_html(utf8.as_bytes(), None).unwrap(), utf8);
    assert_eq!(decode_html(utf8.as_bytes(), Some("text/html")).unwrap(), utf8);
    let with_bom = [b"\xef\xbb\xbf".as_slice(), utf8.as_bytes()].concat();
    assert_eq!(decode_html(&with_bom, Some("text/html; charset=iso-8859-1")).unwrap(), utf8);
}

#[test]
fn bytes_not_valid_in_the_declared_charset_or_an_unknown_charset_are_errors_naming_them() {
    let utf8 = page("icescr_op.html");
    // Latin-1 bytes read as the UTF-8 the page's <meta> declares: refused at the first bad byte,
    // not read as "C\u{fffd}te d'Ivoire".
    let bytes = latin1(&utf8);
    let offset = bytes.iter().position(|&b| b >= 0x80).unwrap();
    let err = decode_html(&bytes, None).unwrap_err();
    assert_eq!(err, ParseError::Undecodable { encoding: "UTF-8", declared_by: "as declared by a <meta> tag", offset });
    assert_eq!(
        err.to_string(),
        format!(
            "the page is not valid UTF-8 (as declared by a <meta> tag): the bytes at offset {offset} cannot be decoded"
        )
    );
    let err = decode_html(&bytes, Some("text/html; charset=utf-8")).unwrap_err();
    assert!(err.to_string().contains("Content-Type header"), "{err}");
    let err = decode_html(b"<p>\xff</p>", None).unwrap_err();
    assert!(err.to_string().contains("the default when no charset is declared"), "{err}");
    // Shift_JIS with a lone lead byte at its end.
    let err = decode_html(b"<p>ok\x81", Some("text/html; charset=shift_jis")).unwrap_err();
    assert!(matches!(err, ParseError::Undecodable { encoding: "Shift_JIS", offset: 5, .. }), "{err:?}");

    for (header, page) in [
        (Some("text/html; charset=klingon"), b"<p>x</p>".as_slice()),
        (None, b"<meta charset=klingon><p>x</p>".as_slice()),
        // The "replacement" encoding of the standard stands for charsets that cannot be read.
        (Some("text/html; charset=iso-2022-kr"), b"<p>x</p>".as_slice()),
    ] {
        let err = decode_html(page, header).unwrap_err();
        assert!(matches!(err, ParseError::UnknownCharset { .. }), "{header:?}: {err:?}");
        assert!(err.to_string().contains("is not one this reader can decode"), "{err}");
    }
    // A <meta> beyond the prescan is not read (as in browsers): UTF-8, refused on the byte.
    let late =
        format!("<html><head><title>{}</title><meta charset=iso-8859-1>C\u{f4}te", " ".repeat(META_PRESCAN_BYTES));
    assert!(matches!(decode_html(&latin1(&late), None), Err(ParseError::Undecodable { encoding: "UTF-8", .. })));
    // A <meta> inside a comment, or a "charset" in another tag's attribute, is not a declaration.
    let commented = "<!-- <meta charset=iso-8859-1> --><p title='<meta charset=iso-8859-1>'>C\u{f4}te</p>";
    assert!(matches!(decode_html(&latin1(commented), None), Err(ParseError::Undecodable { encoding: "UTF-8", .. })));
}

#[test]
fn a_participant_listed_twice_is_an_error_naming_it_even_when_the_counts_add_up() {
    let html = page("icescr_op.html");
    let row = "\t<tr class=\"trBGGrey\">\r\n\t\t<td>Angola<br></td>\r\n\t\t<td>24 Sep\t 2013 <br></td>\r\n\t\t<td>&nbsp;</td>\r\n\t</tr>\r\n";
    assert!(html.contains(row));
    // Angola's row twice, and the stated signatories one more, so that the counts agree.
    let status = "rptStatus_ctl00_tcText\">Signatories :";
    let at = html.find(status).unwrap() + status.len();
    let stated = html[at..].find("46.").unwrap() + at;
    let doubled = format!("{}47.{}", &html[..stated], &html[stated + 3..]).replacen(row, &format!("{row}{row}"), 1);

    let err = parse(&doubled).unwrap_err();

    assert_eq!(
        err,
        ParseError::DuplicateParticipant {
            participant: "Angola".into(),
            first: "Angola".into(),
            second: "Angola".into()
        }
    );
    assert!(err.to_string().contains("lists Angola twice"), "{err}");
    // Under another of its names (case and spacing are ignored when names are resolved).
    let renamed = doubled.replacen("<td>Angola<br></td>", "<td>ANGOLA <br></td>", 1);
    let err = parse(&renamed).unwrap_err();
    assert!(matches!(&err, ParseError::DuplicateParticipant { participant, .. } if participant == "Angola"), "{err:?}");
}

/// How deep `html` nests, as the parser builds it: `<html>` is 1.
fn depth(html: &str) -> usize {
    let doc = scraper::Html::parse_document(html);
    doc.tree
        .nodes()
        .filter(|n| n.value().is_element())
        .map(|n| n.ancestors().filter(|a| a.value().is_element()).count() + 1)
        .max()
        .unwrap()
}

#[test]
fn the_saved_pages_nest_far_less_deep_and_have_far_fewer_elements_than_the_limits() {
    let deepest = FILES.iter().map(|(file, ..)| depth(&page(file))).max().unwrap();
    // 26 on the pages of 2026-02-03 (25 on most).
    assert!((20..=30).contains(&deepest), "{deepest}");
    assert!(MAX_DEPTH >= 9 * deepest, "{deepest}");
    let most = FILES
        .iter()
        .map(|(file, ..)| {
            scraper::Html::parse_document(&page(file)).tree.nodes().filter(|n| n.value().is_element()).count()
        })
        .max()
        .unwrap();
    // 13,558 on the ICCPR's page, the largest (3 MB).
    assert!((10_000..=20_000).contains(&most), "{most}");
    assert!(MAX_ELEMENTS >= 30 * most, "{most}");
}

/// A page of the record whose participants table sits `extra` `<div>`s deeper.
fn buried(extra: usize) -> String {
    let html = page("icescr_op.html");
    let table = html.find("<table id=\"ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid\"").unwrap();
    let end = table + html[table..].find("</table>").unwrap() + "</table>".len();
    format!(
        "{}{}{}{}{}",
        &html[..table],
        "<div>".repeat(extra),
        &html[table..end],
        "</div>".repeat(extra),
        &html[end..]
    )
}

#[test]
fn a_page_nested_deeper_than_the_limit_is_refused_before_it_is_read_whole() {
    // 40,000 nested <div>s: the whole tree would take seconds to build, and a page of 16 MiB
    // hours; it is refused at the first element below the limit.
    let nested = format!("<html><body>{}x{}</body></html>", "<div>".repeat(40_000), "</div>".repeat(40_000));
    let err = parse(&nested).unwrap_err();
    assert_eq!(err, ParseError::TooDeep { limit: MAX_DEPTH });
    assert!(err.to_string().contains(&format!("more than {MAX_DEPTH} deep")), "{err}");

    // The same depth without a single nested tag: formatting elements the parser reopens
    // (`<p><b></p>` reopens every <b> still open at the next <b>).
    let reopened =
        format!("<html><body>{}</body></html>", (0..40_000).map(|i| format!("<p><b id={i}>x</p>")).collect::<String>());
    assert_eq!(parse(&reopened).unwrap_err(), ParseError::TooDeep { limit: MAX_DEPTH });

    // Tables inside cells, never closed.
    let tables = format!("<html><body>{}</body></html>", "<table><tr><td>".repeat(20_000));
    assert_eq!(parse(&tables).unwrap_err(), ParseError::TooDeep { limit: MAX_DEPTH });

    // The record itself, its table a little less or a little more than the limit deep.
    let base = depth(&buried(0));
    let room = MAX_DEPTH - depth(&page("icescr_op.html")).max(base);
    assert_eq!(parse(&buried(room)).unwrap().rows.len(), parse(&page("icescr_op.html")).unwrap().rows.len());
    assert_eq!(parse(&buried(MAX_DEPTH)).unwrap_err(), ParseError::TooDeep { limit: MAX_DEPTH });
}

#[test]
fn a_page_making_more_elements_than_the_limit_is_refused_before_it_is_read_whole() {
    // 250 formatting elements left open in a paragraph are made again at every later `x`: these
    // 162 kB would make 5 million elements (and 16 MiB of it, 500 million).
    let mut html = String::from("<html><body><p>");
    for i in 0..250 {
        html.push_str(&format!("<b id={i}>"));
    }
    html.push_str("</p>");
    html.push_str(&"<p>x</p>".repeat(20_000));

    let err = parse(&html).unwrap_err();

    assert_eq!(err, ParseError::TooManyElements { limit: MAX_ELEMENTS });
    assert!(err.to_string().contains(&format!("more than {MAX_ELEMENTS} elements")), "{err}");
}
