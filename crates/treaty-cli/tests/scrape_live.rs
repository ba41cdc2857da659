//! `treaty scrape --live` against a local server that serves the saved pages and faults.
//! No test reaches the internet: the server listens on 127.0.0.1.

mod common;
#[path = "../../treaty-untc/tests/support/server.rs"]
mod server;

use std::path::Path;

use common::Workdir;
use server::{Behavior, Page, TestServer};

const OP: &str = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en";
const COVENANT: &str = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en";

fn saved(file: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/untc/2026-02-03").join(file))
        .unwrap()
}

/// `treaty scrape` of both pages through `server`, quick to give up.
fn scrape(w: &Workdir, server: &TestServer, extra: &[&str]) -> common::Run {
    let base = server.base_url();
    let mut args = vec![
        "scrape",
        "--treaty",
        "icescr",
        "--treaty",
        "op-icescr",
        "--live",
        "--base-url",
        &base,
        "--timeout",
        "1",
        "--retries",
        "1",
        "--backoff-ms",
        "10",
        "--min-interval-ms",
        "0",
    ];
    args.extend_from_slice(extra);
    w.run(&args)
}

/// The server answers the Covenant's page normally and the Protocol's with `fault`.
fn with_fault(fault: Behavior) -> TestServer {
    TestServer::start([(COVENANT.to_owned(), Behavior::ok(saved("icescr.html"))), (OP.to_owned(), fault)])
}

fn refused_and_untouched(fault: Behavior, needles: &[&str]) {
    let w = Workdir::with_fixture_log();
    let server = with_fault(fault);
    let before = w.log_bytes();
    let r = scrape(&w, &server, &["--apply"]);
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr lacks {n:?}:\n{}", r.stderr);
    }
    assert_eq!(w.log_bytes(), before, "the log changed");
}

#[test]
fn a_live_scrape_appends_what_the_pages_state_and_sends_an_honest_user_agent() {
    let w = Workdir::with_fixture_log();
    let server = TestServer::start([
        (COVENANT.to_owned(), Behavior::Ok(Page::new(saved("icescr.html")).etag("\"c1\""))),
        (OP.to_owned(), Behavior::Ok(Page::new(saved("icescr_op.html")).etag("\"p1\""))),
    ]);
    let cache = w.path().join("cache");
    let cache = cache.to_str().unwrap();
    let r = scrape(&w, &server, &["--apply", "--cache-dir", cache]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("appended"), "{}", r.stdout);
    let ua = server.requests()[0].header("user-agent").unwrap_or_default().to_owned();
    assert!(ua.starts_with("treaty/") && ua.contains("github.com"), "{ua}");
    // The events name the official page, not the server they came through.
    let log = std::fs::read_to_string(w.stream("op-icescr")).unwrap();
    assert!(log.contains("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a"));
    assert!(!log.contains("127.0.0.1"));
    // Again: conditional requests, nothing new.
    let again = scrape(&w, &server, &["--cache-dir", cache]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("nothing to do"), "{}", again.stderr);
    assert_eq!(server.requests_to(OP).last().unwrap().header("if-none-match"), Some("\"p1\""));
}

#[test]
fn http_500_is_an_error_and_leaves_the_log_unchanged() {
    refused_and_untouched(Behavior::Status(500), &["500", "IV-3-a"]);
}

#[test]
fn a_hang_past_the_timeout_is_an_error_and_leaves_the_log_unchanged() {
    refused_and_untouched(Behavior::Hang, &["did not answer in time", "IV-3-a"]);
}

#[test]
fn a_truncated_body_is_an_error_and_leaves_the_log_unchanged() {
    refused_and_untouched(Behavior::Truncated(saved("icescr_op.html")), &["IV-3-a", "cut"]);
}

#[test]
fn the_maintenance_page_is_an_error_and_leaves_the_log_unchanged() {
    let page = b"<html><body><h1>treaties.un.org</h1><p>The site is undergoing urgent maintenance and is currently unavailable.</p></body></html>".to_vec();
    refused_and_untouched(Behavior::ok(page), &["maintenance"]);
}

#[test]
fn a_page_without_its_participants_table_is_an_error_and_leaves_the_log_unchanged() {
    let html = String::from_utf8(saved("icescr_op.html")).unwrap();
    let start = html.find("<table id=\"ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid\"").unwrap();
    let end = start + html[start..].find("</table>").unwrap() + "</table>".len();
    let page = format!("{}{}", &html[..start], &html[end..]);
    refused_and_untouched(Behavior::ok(page), &["participants table"]);
}

#[test]
fn a_200_for_an_unknown_treaty_number_is_an_error_and_leaves_the_log_unchanged() {
    // What the site serves for a number it does not know: its frame, without a record. Made
    // from the saved page by removing everything from the status line to the end notes.
    let html = String::from_utf8(saved("icescr_op.html")).unwrap();
    let start = html.find("<div id=\"ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_div3\"").unwrap();
    let notes = html.find("ContentPlaceHolderInnerPage_dgNotesAll").unwrap();
    let end = notes + html[notes..].find("</table>").unwrap() + "</table>".len();
    let page = format!("{}{}", &html[..start], &html[end..]);
    refused_and_untouched(Behavior::ok(page), &["not a treaty status page"]);
}
