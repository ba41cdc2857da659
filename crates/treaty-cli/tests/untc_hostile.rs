//! `treaty scrape --live --apply` against hostile pages and HTTP answers from a local server
//! (127.0.0.1 only; no test reaches the internet): a page in another charset, a participant
//! listed twice, a page nested too deep, `Retry-After`. A refused page leaves the log byte for
//! byte as it was, and the error names what is wrong.
//!
//! Both pages of the Covenant and its Protocol are scraped, the Covenant's served as saved:
//! with the Protocol's page alone, the hand-entered log (which holds only Ecuador and Uruguay)
//! would refuse every proposed signature by the Protocol's rules, hiding what the page does.

#[path = "../../treaty-untc/tests/support/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use server::{Behavior, Page, TestServer};

const OP: &str = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en";
const COVENANT: &str = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en";
const NOW: &str = "2026-02-04T09:00:00Z";

fn saved(file: &str) -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/untc/2026-02-03").join(file)).unwrap()
}

fn saved_text(file: &str) -> String {
    String::from_utf8(saved(file)).unwrap()
}

/// The text as ISO-8859-1 bytes: each character below U+0100 as its one byte, any other (the
/// page's curly quotes and ellipses) as a numeric character reference.
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

/// A copy of the hand-entered log (`tests/fixtures/events`) in a temporary directory.
struct Workdir {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Workdir {
    fn with_fixture_log() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let events = dir.path().join("events");
        fs::create_dir(&events).unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/events");
        for entry in fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                fs::copy(&path, events.join(path.file_name().unwrap())).unwrap();
            }
        }
        Workdir { dir }
    }

    fn events(&self) -> PathBuf {
        self.dir.path().join("events")
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_treaty"))
            .args(args)
            .arg("--events")
            .arg(self.events())
            .current_dir(self.dir.path())
            .env("TREATY_NOW", NOW)
            .env_remove("TREATY_EVENTS")
            .env_remove("TREATY_UNTC_BASE_URL")
            .env_remove("TREATY_UNTC_CACHE")
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `treaty scrape --treaty icescr --treaty op-icescr --live --base-url SERVER --apply`,
    /// quick to retry.
    fn scrape(&self, server: &TestServer, extra: &[&str]) -> Run {
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
            "--apply",
            "--backoff-ms",
            "10",
            "--min-interval-ms",
            "0",
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Every file of the log, byte for byte.
    fn log_bytes(&self) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(self.events())
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
            .collect()
    }
}

/// The server answers the Covenant's page as saved and the Protocol's with `op`.
fn serve(op: Behavior) -> TestServer {
    TestServer::start([(COVENANT.to_owned(), Behavior::ok(saved("icescr.html"))), (OP.to_owned(), op)])
}

/// Scrapes with the Protocol's page answered by `op`; asserts a refusal whose message has every
/// one of `needles`, and a log left byte for byte as it was. Returns the server, to count its
/// requests.
fn refused_and_untouched(op: Behavior, extra: &[&str], needles: &[&str]) -> TestServer {
    let w = Workdir::with_fixture_log();
    let server = serve(op);
    let before = w.log_bytes();
    let r = w.scrape(&server, extra);
    assert_ne!(r.code, 0, "accepted:\n{}{}", r.stdout, r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "stderr lacks {n:?}:\n{}", r.stderr);
    }
    assert_eq!(w.log_bytes(), before, "the log changed");
    server
}

#[test]
fn a_latin1_page_served_with_its_charset_appends_what_the_utf8_page_appends() {
    let utf8 = saved_text("icescr_op.html");
    assert!(utf8.contains("Côte d'Ivoire"));
    let plain = Workdir::with_fixture_log();
    let expected = plain.scrape(&serve(Behavior::ok(utf8.clone())), &[]);
    assert_eq!(expected.code, 0, "{}{}", expected.stdout, expected.stderr);

    let w = Workdir::with_fixture_log();
    let page = Page::new(latin1(&utf8)).content_type("text/html; charset=iso-8859-1");
    let r = w.scrape(&serve(Behavior::Ok(page)), &[]);

    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Côte d'Ivoire"), "{}", r.stdout);
    assert!(!r.stdout.contains('\u{fffd}'), "{}", r.stdout);
    // The same events, in the same order, read from the same cells.
    let events =
        |run: &Run| run.stdout.lines().filter(|l| !l.contains(": appended ")).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(events(&r), events(&expected));
    let log = |w: &Workdir| w.run(&["log", "--treaty", "op-icescr"]).stdout;
    assert_eq!(log(&w), log(&plain));
}

#[test]
fn a_latin1_page_served_as_utf8_is_refused_naming_the_charset_and_the_byte() {
    let bytes = latin1(&saved_text("icescr_op.html"));
    let offset = bytes.iter().position(|&b| b >= 0x80).unwrap();
    let page = Page::new(bytes).content_type("text/html; charset=utf-8");
    refused_and_untouched(
        Behavior::Ok(page),
        &[],
        &["IV-3-a", "not valid UTF-8", "Content-Type header", &format!("offset {offset}")],
    );
}

#[test]
fn a_saved_latin1_page_is_read_in_the_charset_of_its_meta() {
    let w = Workdir::with_fixture_log();
    let dir = w.dir.path().join("pages");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("icescr.html"), saved("icescr.html")).unwrap();
    let utf8 = saved_text("icescr_op.html");
    fs::write(dir.join("icescr_op.html"), latin1(&utf8.replacen("charset=utf-8", "charset=iso-8859-1", 1))).unwrap();
    let dir = dir.to_str().unwrap();

    let r = w.run(&["scrape", "--treaty", "icescr", "--treaty", "op-icescr", "--from-dir", dir]);

    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Côte d'Ivoire"), "{}", r.stdout);

    // Without the <meta>, a file is UTF-8: the Latin-1 bytes are refused, naming the file.
    fs::write(Path::new(dir).join("icescr_op.html"), latin1(&utf8.replacen("charset=utf-8", "", 1))).unwrap();
    let before = w.log_bytes();
    let r = w.run(&["scrape", "--treaty", "icescr", "--treaty", "op-icescr", "--from-dir", dir, "--apply"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("icescr_op.html") && r.stderr.contains("not valid UTF-8"), "{}", r.stderr);
    assert_eq!(w.log_bytes(), before);
}

#[test]
fn a_page_listing_a_participant_twice_is_refused_even_when_its_counts_add_up() {
    let html = saved_text("icescr_op.html");
    let row = "\t<tr class=\"trBGGrey\">\r\n\t\t<td>Angola<br></td>\r\n\t\t<td>24 Sep\t 2013 <br></td>\r\n\t\t<td>&nbsp;</td>\r\n\t</tr>\r\n";
    assert!(html.contains(row));
    let status = "rptStatus_ctl00_tcText\">Signatories :";
    let at = html.find(status).unwrap() + status.len();
    let stated = html[at..].find("46.").unwrap() + at;
    let doubled = format!("{}47.{}", &html[..stated], &html[stated + 3..]).replacen(row, &format!("{row}{row}"), 1);

    refused_and_untouched(Behavior::ok(doubled), &[], &["IV-3-a", "lists Angola twice"]);
}

#[test]
fn a_page_nested_40000_deep_is_refused_quickly() {
    // The record, followed by 40,000 nested <div>s (575 kB more): without a limit the parser's
    // work grows with the square of the depth.
    let html = saved_text("icescr_op.html");
    let end = html.rfind("</body>").unwrap();
    let page = format!("{}{}{}{}", &html[..end], "<div>".repeat(40_000), "</div>".repeat(40_000), &html[end..]);

    refused_and_untouched(Behavior::ok(page), &[], &["IV-3-a", "more than 256 deep"]);
}

#[test]
fn a_page_whose_misnested_markup_makes_millions_of_elements_is_refused() {
    // The record, followed by 250 <b>s left open in a paragraph and 20,000 paragraphs after it
    // (162 kB): the parser makes the 250 <b>s again in each, 5 million elements in all.
    let html = saved_text("icescr_op.html");
    let end = html.rfind("</body>").unwrap();
    let open: String = (0..250).map(|i| format!("<b id={i}>")).collect();
    let tail = format!("<p>{open}</p>{}", "<p>x</p>".repeat(20_000));
    let page = format!("{}{tail}{}", &html[..end], &html[end..]);

    refused_and_untouched(Behavior::ok(page), &[], &["IV-3-a", "more than 500000 elements"]);
}

#[test]
fn a_429_is_retried_after_the_time_its_retry_after_asks_for() {
    let w = Workdir::with_fixture_log();
    let op = Behavior::first_then(1, Behavior::retry_after(429, "1"), Behavior::ok(saved("icescr_op.html")));
    let server = serve(op);

    let r = w.scrape(&server, &[]);

    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let times: Vec<_> = server.requests_to(OP).iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 2);
    assert!(times[1] - times[0] >= std::time::Duration::from_secs(1), "{:?}", times[1] - times[0]);
}

#[test]
fn a_503_asking_to_retry_later_than_the_time_limit_is_refused_at_once() {
    let server = refused_and_untouched(
        Behavior::retry_after(503, "3600"),
        &[],
        &["IV-3-a", "HTTP 503", "Retry-After: 3600", "3600 s", "time limit", "not retried"],
    );
    assert_eq!(server.requests_to(OP).len(), 1);
}

#[test]
fn more_retries_than_the_limit_are_refused_before_any_request() {
    let w = Workdir::with_fixture_log();
    let server = serve(Behavior::ok(saved("icescr_op.html")));
    let before = w.log_bytes();

    let r = w.scrape(&server, &["--retries", "1000"]);

    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("1000 retries") && r.stderr.contains("limit of 10"), "{}", r.stderr);
    assert!(server.requests().is_empty());
    assert_eq!(w.log_bytes(), before);
}
