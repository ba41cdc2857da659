//! Publishing cannot destroy what is not a release, write outside the repository, retry without
//! end, or leave half a release when publishers run at once.
//!
//! Every case runs the built `treaty` binary on a temporary copy of what it needs, and checks that
//! a refusal names the file, line or rule and leaves every file as it was.

#[path = "../../treaty-untc/tests/support/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use server::{Behavior, TestServer};

/// Two days after the saved pages' "status as at": fresh for the 14-day guard.
const FRESH: &str = "2026-02-05T00:00:00Z";

/// The saved UNTC page of the ICESCR, as the client asks for it.
const ICESCR_ROUTE: &str = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn saved_pages() -> PathBuf {
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

/// Every file and symbolic link under `dir` (not following links), with its bytes or target.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            let key = p.strip_prefix(root).unwrap().to_owned();
            if meta.file_type().is_symlink() {
                out.insert(key, format!("-> {}", fs::read_link(&p).unwrap().display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(key.join(""), Vec::new());
                walk(root, &p, out);
            } else {
                out.insert(key, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Asserts that two trees are the same, naming the first paths that differ.
fn assert_same(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    if before == after {
        return;
    }
    let changed: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .take(10)
        .map(|k| k.display().to_string())
        .collect();
    panic!("{what} changed: {changed:?}");
}

/// A temporary repository: a copy of what a command needs.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// The first hand-entered log (`tests/fixtures/events`) as `events/`, nothing else.
    fn fixture() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("events")).unwrap();
        for entry in fs::read_dir(repo().join("tests/fixtures/events")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                fs::copy(&path, dir.path().join("events").join(path.file_name().unwrap())).unwrap();
            }
        }
        Repo { dir }
    }

    /// The repository's log, release and pipelines.
    fn committed() -> Self {
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

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_treaty"));
        c.args(args)
            .current_dir(self.path())
            .env("TREATY_NOW", FRESH)
            .env_remove("TREATY_EVENTS")
            .env_remove("TREATY_PUBLISH_TIMEOUT")
            .env_remove("RUST_BACKTRACE");
        c
    }

    fn run(&self, args: &[&str]) -> Ran {
        let o = self.cmd(args).output().unwrap();
        Ran {
            code: o.status.code(),
            text: format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
        }
    }

    /// The saved pages of the Covenant and the Protocol, in `name/`, the Protocol's showing
    /// Angola's ratification of 10 January 2026 (one new event).
    fn angola_pages(&self, name: &str) -> PathBuf {
        let dir = self.path().join(name);
        write_angola_pages(&dir);
        dir
    }

    /// Writes `pipelines/<name>.toml` and returns its path relative to the repository.
    fn spec(&self, name: &str, text: &str) -> String {
        fs::create_dir_all(self.path().join("pipelines")).unwrap();
        fs::write(self.path().join(format!("pipelines/{name}.toml")), text).unwrap();
        format!("pipelines/{name}.toml")
    }
}

fn write_angola_pages(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::copy(saved_pages().join("icescr.html"), dir.join("icescr.html")).unwrap();
    let html = fs::read_to_string(saved_pages().join("icescr_op.html")).unwrap();
    let row = html.find("<td>Angola<br></td>").unwrap();
    let empty = row + html[row..].find("<td>&nbsp;</td>").unwrap();
    let html = format!("{}<td>10 Jan\t 2026 <br></td>{}", &html[..empty], &html[empty + "<td>&nbsp;</td>".len()..]);
    let at = html.find("Parties :").unwrap();
    let n = at + html[at..].find("31").unwrap();
    fs::write(dir.join("icescr_op.html"), format!("{}32{}", &html[..n], &html[n + 2..])).unwrap();
}

struct Ran {
    code: Option<i32>,
    text: String,
}

/// Runs `c` for at most `limit`; a command still running then is killed (`code` is `None`).
fn run_for(mut c: Command, limit: Duration) -> (Ran, Duration) {
    let start = Instant::now();
    let mut child = c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = start.elapsed();
    (Ran { code, text: output_of(&mut child) }, elapsed)
}

fn output_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut text).unwrap();
    }
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut text).unwrap();
    }
    text
}

/// A spec that reads the saved pages in `pages/` and publishes to `outputs/`, with `edit` applied.
fn directory_spec(edit: &[(&str, &str)]) -> String {
    let mut text = "name = \"x\"\n\
                    treaties = [\"icescr\", \"op-icescr\"]\n\
                    events = \"events\"\n\
                    output = \"outputs\"\n\
                    report = \"reports/x.json\"\n\
                    \n\
                    [source]\n\
                    kind = \"directory\"\n\
                    directory = \"pages\"\n"
        .to_owned();
    for (from, to) in edit {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The 1-based line of `spec` that holds `needle`.
fn line_of(spec: &str, needle: &str) -> usize {
    spec.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in the spec")) + 1
}

/// Runs the spec `text` (saved as `pipelines/x.toml`) and asserts that it is refused with exit
/// code 2, naming the spec's line that holds `needle` and every word of `words`, and that no
/// file of the repository (nor of `elsewhere`) changed.
fn spec_refused(r: &Repo, text: &str, needle: &str, words: &[&str], elsewhere: Option<&Path>) {
    let spec = r.spec("x", text);
    let before = tree(r.path());
    let outside = elsewhere.map(tree);
    let (o, _) = run_for(r.cmd(&["run", &spec]), Duration::from_secs(60));
    assert_eq!(o.code, Some(2), "{text}\n{}", o.text);
    let at = format!("x.toml:{}:", line_of(text, needle));
    assert!(o.text.contains(&at), "the refusal does not name {at}:\n{}", o.text);
    for w in words {
        assert!(o.text.contains(w), "the refusal does not say {w:?}:\n{}", o.text);
    }
    assert_same(&before, &tree(r.path()), "the repository");
    if let (Some(dir), Some(outside)) = (elsewhere, outside) {
        assert_same(&outside, &tree(dir), "the directory outside the repository");
    }
}

/// Every file listed in `SHA256SUMS` is present with that digest, and every resource of
/// `datapackage.json` is listed.
fn assert_whole_release(out: &Path) {
    let sums = fs::read_to_string(out.join("SHA256SUMS"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.join("SHA256SUMS").display()));
    let mut listed = Vec::new();
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap_or_else(|| panic!("SHA256SUMS: {line:?}"));
        let bytes = fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}, listed in SHA256SUMS: {e}"));
        assert_eq!(treaty_model::Sha256::of(&bytes).to_hex(), hash, "{name} does not match SHA256SUMS");
        listed.push(name.to_owned());
    }
    let dp: serde_json::Value = serde_json::from_slice(&fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    for r in dp["resources"].as_array().unwrap() {
        let path = r["path"].as_str().unwrap();
        assert!(listed.iter().any(|n| n == path), "{path} is not in SHA256SUMS");
    }
    for f in ["events.csv", "events.json", "events.parquet", "datapackage.json", "index.html"] {
        assert!(listed.iter().any(|n| n == f), "{f} is not in SHA256SUMS");
    }
}

fn temp_leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

// 1. A release replaces only a release.

#[test]
fn build_refuses_to_replace_what_is_not_a_release() {
    let r = Repo::fixture();
    fs::create_dir(r.path().join("pipelines")).unwrap();
    fs::write(r.path().join("pipelines/x.toml"), directory_spec(&[])).unwrap();
    fs::create_dir(r.path().join("docs")).unwrap();
    fs::write(r.path().join("docs/README.md"), "# Notes\n").unwrap();
    fs::create_dir(r.path().join("foreign")).unwrap();
    fs::write(r.path().join("foreign/datapackage.json"), "{\"name\": \"someone-elses-data\", \"resources\": []}\n")
        .unwrap();
    fs::write(r.path().join("notes.txt"), "a file, not a directory\n").unwrap();
    for out in ["events", "pipelines", ".", "docs", "foreign", "notes.txt", "events/.."] {
        let before = tree(r.path());
        let o = r.run(&["build", "--out", out]);
        assert!(matches!(o.code, Some(1 | 2)), "treaty build --out {out}: {:?}\n{}", o.code, o.text);
        assert!(o.text.contains(out), "the refusal does not name {out}:\n{}", o.text);
        assert!(o.text.contains("a release may only replace"), "the refusal does not state the rule:\n{}", o.text);
        assert_same(&before, &tree(r.path()), &format!("after `treaty build --out {out}` the repository"));
    }
    // An empty directory, or none, takes a first release; a release takes the next.
    fs::create_dir(r.path().join("empty")).unwrap();
    for out in ["empty", "new/release", "empty"] {
        let o = r.run(&["build", "--out", out]);
        assert_eq!(o.code, Some(0), "treaty build --out {out}:\n{}", o.text);
        assert_whole_release(&r.path().join(out));
    }
}

#[test]
fn a_spec_cannot_publish_over_the_log_the_specs_or_the_repository() {
    let r = Repo::committed();
    r.angola_pages("pages");
    for (from, to, needle) in [
        ("output = \"outputs\"", "output = \"events\"", "output ="),
        ("output = \"outputs\"", "output = \".\"", "output ="),
        ("output = \"outputs\"", "output = \"pipelines\"", "output ="),
        ("events = \"events\"", "events = \"outputs/events\"", "events ="),
    ] {
        spec_refused(&r, &directory_spec(&[(from, to)]), needle, &[], None);
    }
}

#[test]
fn a_spec_cannot_write_its_report_over_the_log_a_spec_or_the_release() {
    let r = Repo::committed();
    r.angola_pages("pages");
    for report in
        ["events/op-icescr.ndjson", "pipelines/op-icescr.toml", "pipelines/x.toml", "outputs/datapackage.json"]
    {
        let text = directory_spec(&[("report = \"reports/x.json\"", &format!("report = \"{report}\""))]);
        spec_refused(&r, &text, "report =", &[report], None);
    }
}

#[test]
fn run_refuses_an_output_that_is_not_a_release_before_appending() {
    let r = Repo::committed();
    r.angola_pages("pages");
    fs::create_dir(r.path().join("docs")).unwrap();
    fs::write(r.path().join("docs/README.md"), "# Notes\n").unwrap();
    let spec = r.spec("x", &directory_spec(&[("output = \"outputs\"", "output = \"docs\"")]));
    let before = tree(r.path());
    let o = r.run(&["run", &spec]);
    assert_eq!(o.code, Some(2), "{}", o.text);
    assert!(o.text.contains("docs") && o.text.contains("a release may only replace"), "{}", o.text);
    // Lock files the run takes are not content.
    let mut after = tree(r.path());
    after.retain(|k, _| !k.to_string_lossy().ends_with(".lock"));
    assert_same(&before, &after, "the repository");
}

#[test]
fn the_report_option_cannot_overwrite_the_log_or_a_spec() {
    let r = Repo::committed();
    let pages = r.angola_pages("pages");
    let pages = pages.to_str().unwrap();
    for report in ["events/op-icescr.ndjson", "pipelines/op-icescr.toml"] {
        let before = tree(r.path());
        let o = r.run(&["run", "pipelines/op-icescr.toml", "--offline", pages, "--dry-run", "--report", report]);
        assert_eq!(o.code, Some(2), "{}", o.text);
        assert!(o.text.contains(report), "{}", o.text);
        let mut after = tree(r.path());
        after.retain(|k, _| !k.to_string_lossy().ends_with(".lock"));
        assert_same(&before, &after, "the repository");
    }
}

// 2. Every path of a spec, resolved, stays inside the repository.

#[test]
fn a_report_through_a_symlink_cannot_write_outside_the_repository() {
    let r = Repo::committed();
    r.angola_pages("pages");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), r.path().join("reports")).unwrap();
    spec_refused(&r, &directory_spec(&[]), "report =", &["outside the repository"], Some(elsewhere.path()));
    // Also the default report path, `reports/<name>.json`.
    let text = directory_spec(&[("report = \"reports/x.json\"\n", "")]);
    let spec = r.spec("x", &text);
    let o = r.run(&["run", &spec]);
    assert_eq!(o.code, Some(2), "{}", o.text);
    assert!(o.text.contains("x.toml") && o.text.contains("outside the repository"), "{}", o.text);
    assert!(tree(elsewhere.path()).is_empty(), "a file was written outside the repository");
}

#[test]
fn a_saved_pages_directory_outside_the_repository_is_refused_with_its_line() {
    let r = Repo::committed();
    let text = directory_spec(&[("directory = \"pages\"", "directory = \"../../../../etc\"")]);
    spec_refused(&r, &text, "directory =", &["outside the repository"], None);
    let text = directory_spec(&[("directory = \"pages\"", "directory = \"/etc\"")]);
    spec_refused(&r, &text, "directory =", &["outside the repository"], None);
}

#[test]
fn every_path_of_a_spec_through_a_symlink_out_of_the_repository_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    write_angola_pages(&elsewhere.path().join("pages"));
    copy_dir(&repo().join("outputs"), &elsewhere.path().join("outputs"));
    copy_dir(&repo().join("events"), &elsewhere.path().join("events"));
    for f in fs::read_dir(elsewhere.path().join("events")).unwrap() {
        let p = f.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with('.') {
            if p.is_dir() { fs::remove_dir_all(&p) } else { fs::remove_file(&p) }.unwrap();
        }
    }
    fs::create_dir(elsewhere.path().join("cache")).unwrap();
    // A port nothing listens on: a live run that got as far as fetching fails there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let live = format!("kind = \"live\"\nbase_url = \"http://127.0.0.1:{port}\"\nretries = 0\ncache = \"cache/untc\"");
    for (link, edit, needle) in [
        ("pages", vec![], "directory ="),
        ("outputs", vec![], "output ="),
        ("events", vec![], "events ="),
        ("cache", vec![("kind = \"directory\"\ndirectory = \"pages\"", live.as_str())], "cache ="),
    ] {
        let r = Repo::committed();
        r.angola_pages("pages");
        let target = r.path().join(link);
        if target.exists() {
            fs::rename(&target, r.path().join(format!("{link}.orig"))).unwrap();
        }
        std::os::unix::fs::symlink(elsewhere.path().join(link), &target).unwrap();
        spec_refused(&r, &directory_spec(&edit), needle, &["outside the repository"], Some(elsewhere.path()));
    }
}

// 3. Retries and the time spent fetching are capped.

fn live_spec(base: &str, source: &str) -> String {
    format!(
        "name = \"live\"\ntreaties = [\"icescr\"]\noutput = \"outputs\"\n\n[source]\nkind = \"live\"\nbase_url = \"{base}\"\n{source}\n"
    )
}

#[test]
fn retries_without_end_are_refused_with_the_line() {
    let r = Repo::committed();
    let server = TestServer::start([(ICESCR_ROUTE, Behavior::Status(503))]);
    for (source, needle, cap) in [
        ("retries = 4294967295", "retries =", "at most 10"),
        ("retries = 11", "retries =", "at most 10"),
        ("timeout_seconds = 100000", "timeout_seconds =", "at most 300"),
        ("timeout_seconds = 0", "timeout_seconds =", "at least 1"),
        ("max_fetch_seconds = 100000", "max_fetch_seconds =", "at most 3600"),
    ] {
        let text = live_spec(&server.base_url(), source);
        let spec = r.spec("live", &text);
        let before = tree(r.path());
        let (o, took) = run_for(r.cmd(&["run", &spec]), Duration::from_secs(30));
        assert_eq!(o.code, Some(2), "{source}: still running after {took:?}, or:\n{}", o.text);
        let at = format!("live.toml:{}:", line_of(&text, needle));
        assert!(o.text.contains(&at) && o.text.contains(cap), "{source}: {at} {cap}:\n{}", o.text);
        assert_same(&before, &tree(r.path()), "the repository");
    }
}

#[test]
fn a_run_spends_no_more_than_its_fetch_budget() {
    let r = Repo::committed();
    let server = TestServer::start([(ICESCR_ROUTE, Behavior::Status(503))]);
    let text = live_spec(&server.base_url(), "retries = 10\ntimeout_seconds = 2\nmax_fetch_seconds = 3");
    let spec = r.spec("live", &text);
    let before = tree(r.path());
    let (o, took) = run_for(r.cmd(&["run", &spec]), Duration::from_secs(60));
    assert_eq!(o.code, Some(2), "after {took:?}:\n{}", o.text);
    assert!(took < Duration::from_secs(20), "the run took {took:?}");
    assert!(o.text.contains("may spend at most 3 s fetching"), "{}", o.text);
    assert!(server.requests().len() <= 2, "{} requests", server.requests().len());
    let mut after = tree(r.path());
    after.retain(|k, _| !k.to_string_lossy().ends_with(".lock"));
    assert_same(&before, &after, "the repository");
}

// 4. Publishers take turns.

#[test]
fn concurrent_builds_take_turns_and_leave_a_whole_release() {
    let r = Repo::fixture();
    for round in 0..8 {
        let children: Vec<Child> = (0..4)
            .map(|_| {
                let mut c = r.cmd(&["build", "--out", "outputs"]);
                c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
            })
            .collect();
        for mut child in children {
            let status = child.wait().unwrap();
            let text = output_of(&mut child);
            assert_eq!(status.code(), Some(0), "round {round}: {text}");
        }
        assert_whole_release(&r.path().join("outputs"));
        assert!(temp_leftovers(r.path()).is_empty(), "round {round}: {:?}", temp_leftovers(r.path()));
    }
}

#[test]
fn a_build_waits_for_the_publisher_holding_the_lock_and_leaves_its_files_alone() {
    let r = Repo::fixture();
    r.run(&["build", "--out", "outputs"]);
    let release = tree(&r.path().join("outputs"));
    // Another publisher: it holds the lock and is writing its temporary directory.
    let lock = File::create(r.path().join(".outputs.lock")).unwrap();
    lock.lock().unwrap();
    let live = r.path().join(format!(".outputs.tmp-{}", std::process::id()));
    fs::create_dir(&live).unwrap();
    fs::write(live.join("events.csv"), "being written\n").unwrap();

    let mut c = r.cmd(&["build", "--out", "outputs"]);
    c.env("TREATY_PUBLISH_TIMEOUT", "2");
    let (o, took) = run_for(c, Duration::from_secs(30));
    assert_eq!(o.code, Some(2), "after {took:?}:\n{}", o.text);
    assert!(took >= Duration::from_secs(2), "it did not wait: {took:?}");
    assert!(o.text.contains(".outputs.lock") && o.text.contains("TREATY_PUBLISH_TIMEOUT"), "{}", o.text);
    assert!(live.join("events.csv").exists(), "the live temporary directory was removed");
    assert_same(&release, &tree(&r.path().join("outputs")), "the release");

    // Once the other publisher is done, a build waits for it and then publishes.
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        fs::remove_dir_all(&live).unwrap();
        drop(lock);
    });
    let (o, took) = run_for(r.cmd(&["build", "--out", "outputs"]), Duration::from_secs(60));
    holder.join().unwrap();
    assert_eq!(o.code, Some(0), "{}", o.text);
    assert!(took >= Duration::from_millis(1400), "it did not wait: {took:?}");
    assert!(o.text.contains("waiting"), "it did not say it was waiting:\n{}", o.text);
    assert_whole_release(&r.path().join("outputs"));
}

#[test]
fn a_run_that_cannot_get_its_turn_to_publish_exits_4_having_changed_nothing() {
    let r = Repo::committed();
    let pages = r.angola_pages("pages");
    let before = tree(r.path());
    let lock = File::create(r.path().join(".outputs.lock")).unwrap();
    lock.lock().unwrap();
    let mut c = r.cmd(&["run", "pipelines/op-icescr.toml", "--offline", pages.to_str().unwrap()]);
    c.env("TREATY_PUBLISH_TIMEOUT", "1");
    let (o, took) = run_for(c, Duration::from_secs(60));
    assert_eq!(o.code, Some(4), "after {took:?}:\n{}", o.text);
    assert!(o.text.contains(".outputs.lock") && o.text.contains("nothing was published"), "{}", o.text);
    let mut after = tree(r.path());
    after.retain(|k, _| !k.to_string_lossy().ends_with(".lock"));
    assert_same(&before, &after, "the repository");
    drop(lock);
}

#[test]
fn leftovers_of_dead_builds_are_removed() {
    let r = Repo::fixture();
    let mut dead = Command::new("true").spawn().unwrap();
    let pid = dead.id();
    dead.wait().unwrap();
    for name in [format!(".outputs.tmp-{pid}"), format!(".outputs.tmp-{pid}.old")] {
        fs::create_dir(r.path().join(&name)).unwrap();
        fs::write(r.path().join(&name).join("events.csv"), "half\n").unwrap();
    }
    let o = r.run(&["build", "--out", "outputs"]);
    assert_eq!(o.code, Some(0), "{}", o.text);
    assert!(temp_leftovers(r.path()).is_empty(), "{:?}", temp_leftovers(r.path()));
    assert_whole_release(&r.path().join("outputs"));
}

#[test]
fn build_run_and_append_at_once_all_succeed_or_wait_and_leave_a_whole_release() {
    let r = Repo::committed();
    let pages = r.angola_pages("pages");
    let pages = pages.to_str().unwrap().to_owned();
    let mut procs: Vec<(&str, Child)> = Vec::new();
    let spawn = |args: &[&str]| r.cmd(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    procs.push(("build", spawn(&["build"])));
    procs.push(("run", spawn(&["run", "pipelines/op-icescr.toml", "--offline", &pages])));
    procs.push((
        "append",
        spawn(&[
            "append",
            "--treaty",
            "cped",
            "--participant",
            "USA",
            "--action",
            "signature",
            "--date",
            "2026-01-20",
            "--source-reference",
            "C.N.1.2026.TREATIES-IV.16",
            "--source-kind",
            "depositary_notification",
        ]),
    ));
    std::thread::sleep(Duration::from_millis(300));
    procs.push(("build", spawn(&["build"])));
    for (what, mut child) in procs {
        let status = child.wait().unwrap();
        let text = output_of(&mut child);
        let ok = match what {
            "run" => matches!(status.code(), Some(0 | 4)),
            _ => status.code() == Some(0),
        };
        assert!(ok, "{what} exited {:?}:\n{text}", status.code());
    }
    assert_whole_release(&r.path().join("outputs"));
    assert!(temp_leftovers(r.path()).is_empty(), "{:?}", temp_leftovers(r.path()));
    let o = r.run(&["verify"]);
    assert_eq!(o.code, Some(0), "{}", o.text);
}
