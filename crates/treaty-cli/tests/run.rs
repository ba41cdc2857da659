//! `treaty run` on a temporary copy of the repository, offline (or against a local server).

mod common;
#[path = "../../treaty-untc/tests/support/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use server::{Behavior, TestServer};

/// Two days after the saved pages' "status as at": fresh for the 14-day guard.
const FRESH: &str = "2026-02-05T00:00:00Z";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pages() -> PathBuf {
    repo().join("tests/fixtures/untc/2026-02-03")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of the repository's log, release and pipelines.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for d in ["events", "outputs", "pipelines"] {
            copy_dir(&repo().join(d), &dir.path().join(d));
        }
        for f in fs::read_dir(dir.path().join("events")).unwrap() {
            let p = f.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with('.') {
                // The lock and the journal, and the index (a directory) a `treaty verify` in
                // the checkout wrote.
                if p.is_dir() { fs::remove_dir_all(&p) } else { fs::remove_file(&p) }.unwrap();
            }
        }
        Repo { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn cmd(&self, args: &[&str], now: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_treaty"));
        c.args(args).current_dir(self.path()).env("TREATY_NOW", now).env_remove("TREATY_EVENTS");
        c
    }

    fn run(&self, args: &[&str], now: &str) -> Output {
        self.cmd(args, now).output().unwrap()
    }

    /// Every file under the log and the release, with its bytes and modification time.
    fn files(&self) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
            for entry in fs::read_dir(dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if !p.file_name().unwrap().to_string_lossy().ends_with(".lock") {
                    let modified = fs::metadata(&p).unwrap().modified().unwrap();
                    out.insert(p.clone(), (fs::read(&p).unwrap(), modified));
                }
            }
        }
        let mut out = BTreeMap::new();
        for d in ["events", "outputs", "reports"] {
            if self.path().join(d).exists() {
                walk(&self.path().join(d), &mut out);
            }
        }
        out
    }

    /// A page set: the saved pages of the Covenant and the Protocol, the Protocol's edited.
    fn pages(&self, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
        let dir = self.path().join(name);
        fs::create_dir_all(&dir).unwrap();
        fs::copy(pages().join("icescr.html"), dir.join("icescr.html")).unwrap();
        let html = fs::read_to_string(pages().join("icescr_op.html")).unwrap();
        fs::write(dir.join("icescr_op.html"), edit(html)).unwrap();
        dir
    }
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Angola signed the Protocol on 24 Sep 2013 and has not ratified it; here it ratifies on
/// 10 Jan 2026, and the page's status line says 32 parties instead of 31.
fn angola_ratifies(html: String) -> String {
    let row = html.find("<td>Angola<br></td>").unwrap();
    let empty = row + html[row..].find("<td>&nbsp;</td>").unwrap();
    let html = format!("{}<td>10 Jan\t 2026 <br></td>{}", &html[..empty], &html[empty + "<td>&nbsp;</td>".len()..]);
    set_parties(html, "31", "32")
}

fn set_parties(html: String, from: &str, to: &str) -> String {
    let at = html.find("Parties :").unwrap();
    let n = at + html[at..].find(from).unwrap();
    format!("{}{to}{}", &html[..n], &html[n + from.len()..])
}

#[test]
fn on_the_saved_pages_there_is_nothing_to_do_and_no_file_is_touched() {
    let r = Repo::new();
    let before = r.files();
    let pages = pages();
    let o = r.run(&["run", "pipelines/op-icescr.toml", "--offline", pages.to_str().unwrap()], FRESH);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("nothing to do"), "{}", text(&o));
    assert!(r.files() == before, "a file was touched");
}

#[test]
fn a_new_ratification_is_appended_published_and_reported_then_nothing_to_do() {
    let r = Repo::new();
    let pages = r.pages("pages", angola_ratifies);
    let pages = pages.to_str().unwrap();
    let stream = r.path().join("events/op-icescr.ndjson");
    let lines_before = fs::read_to_string(&stream).unwrap().lines().count();

    let o = r.run(&["run", "pipelines/op-icescr.toml", "--offline", pages], FRESH);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("1 new event(s)") && text(&o).contains("Angola ratified the OP-ICESCR on 10 January 2026"),
        "{}",
        text(&o)
    );
    assert_eq!(fs::read_to_string(&stream).unwrap().lines().count(), lines_before + 1, "exactly one event appended");
    let changelog = fs::read_to_string(r.path().join("outputs/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("- Angola ratified the OP-ICESCR on 10 January 2026."), "{changelog}");
    let dp: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(r.path().join("outputs/datapackage.json")).unwrap()).unwrap();
    let version = dp["version"].as_str().unwrap().to_owned();
    assert!(version.ends_with(".0") && version != "1.0.0", "{version}");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(r.path().join("reports/op-icescr.json")).unwrap()).unwrap();
    assert_eq!(report["outcome"], "changed");
    assert_eq!(report["new_events"].as_array().unwrap().len(), 1);
    assert_eq!(report["sources"].as_array().unwrap().len(), 2);
    assert!(report["sources"][1]["sha256"].as_str().unwrap().len() == 64);
    assert!(report["stages"].as_array().unwrap().iter().any(|s| s["stage"] == "publish"));
    let campaign = fs::read_to_string(r.path().join("outputs/campaign.csv")).unwrap();
    assert!(
        campaign.lines().any(|l| l.starts_with("AGO,") && l.contains("Ratified the OP-ICESCR")),
        "Angola's category"
    );
    r.run(&["verify"], FRESH);

    let before = r.files();
    let o = r.run(&["run", "pipelines/op-icescr.toml", "--offline", pages], FRESH);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(r.files() == before, "the second run touched a file");
}

/// Runs expecting `code` and asserts that the log and the release are as they were.
fn refused(r: &Repo, args: &[&str], now: &str, code: i32, needle: &str) {
    let before = r.files();
    let o = r.run(args, now);
    assert_eq!(o.status.code(), Some(code), "{}", text(&o));
    assert!(text(&o).contains(needle), "output lacks {needle:?}:\n{}", text(&o));
    assert!(r.files() == before, "the log or the release changed");
}

#[test]
fn a_shrunken_page_is_refused() {
    let r = Repo::new();
    // Uruguay's ratification removed, and the status line made consistent with it.
    let pages = r.pages("shrunk", |h| {
        set_parties(h.replacen("<td> &nbsp;5 Feb\t 2013 <br></td>", "<td>&nbsp;</td>", 1), "31", "30")
    });
    refused(&r, &["run", "pipelines/op-icescr.toml", "--offline", pages.to_str().unwrap()], FRESH, 1, "no longer show");
}

#[test]
fn too_many_new_events_are_refused() {
    let r = Repo::new();
    let spec = fs::read_to_string(r.path().join("pipelines/op-icescr.toml")).unwrap();
    fs::write(
        r.path().join("pipelines/strict.toml"),
        spec.replace("name = \"op-icescr\"", "name = \"strict\"").replace("max_new_events = 25", "max_new_events = 0"),
    )
    .unwrap();
    let pages = r.pages("pages", angola_ratifies);
    refused(
        &r,
        &["run", "pipelines/strict.toml", "--offline", pages.to_str().unwrap()],
        FRESH,
        1,
        "more than the 0 one run may append",
    );
}

#[test]
fn a_stale_source_is_refused() {
    let r = Repo::new();
    let pages = r.pages("pages", angola_ratifies);
    refused(
        &r,
        &["run", "pipelines/op-icescr.toml", "--offline", pages.to_str().unwrap()],
        "2026-11-22T00:00:00Z",
        1,
        "older than 14 days",
    );
}

fn live_spec(r: &Repo, base: &str, timeout: u64) {
    let spec = format!(
        "name = \"live\"\ntreaties = [\"icescr\", \"op-icescr\"]\noutput = \"outputs\"\n\n[source]\nkind = \"live\"\nbase_url = \"{base}\"\ntimeout_seconds = {timeout}\nretries = 0\n"
    );
    fs::write(r.path().join("pipelines/live.toml"), spec).unwrap();
}

#[test]
fn an_unreachable_source_is_an_error() {
    let r = Repo::new();
    // A port that nothing listens on: a server that was stopped.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    live_spec(&r, &format!("http://127.0.0.1:{port}"), 2);
    refused(&r, &["run", "pipelines/live.toml"], FRESH, 2, "127.0.0.1");
}

#[test]
fn a_second_run_while_one_is_in_progress_exits_at_once() {
    let r = Repo::new();
    let server = TestServer::start([(
        "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en".to_owned(),
        Behavior::Hang,
    )]);
    live_spec(&r, &server.base_url(), 5);
    let before = r.files();
    let mut first = r.cmd(&["run", "pipelines/live.toml"], FRESH).spawn().unwrap();
    // Wait (bounded) until the first run is inside its fetch, holding the run lock.
    for _ in 0..100 {
        if !server.requests().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!server.requests().is_empty(), "the first run never fetched");
    let second = r.run(&["run", "pipelines/op-icescr.toml", "--offline", pages().to_str().unwrap()], FRESH);
    assert_eq!(second.status.code(), Some(4), "{}", text(&second));
    assert!(text(&second).contains("another run is in progress"), "{}", text(&second));
    let first = first.wait().unwrap();
    assert_eq!(first.code(), Some(2), "the first run times out on the hanging server");
    assert!(r.files() == before, "the log or the release changed");
}

#[test]
fn a_spec_with_an_unknown_key_is_refused_with_its_line() {
    let r = Repo::new();
    let spec = fs::read_to_string(r.path().join("pipelines/op-icescr.toml")).unwrap();
    fs::write(r.path().join("pipelines/typo.toml"), spec.replace("[guards]\n", "[guards]\nmax_new_event = 3\n"))
        .unwrap();
    let line = spec.lines().position(|l| l == "[guards]").unwrap() + 2;
    let o = r.run(&["run", "pipelines/typo.toml"], FRESH);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains(&format!("typo.toml:{line}:")) && text(&o).contains("max_new_event"), "{}", text(&o));
}
