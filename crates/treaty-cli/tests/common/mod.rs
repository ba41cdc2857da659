//! Every integration test gets its own log directory and a command builder for the real
//! `treaty` binary, so tests read like usage.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const NOW: &str = "2026-02-04T09:00:00Z";
pub const OP_URL: &str =
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en";
pub const ICESCR_URL: &str =
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en";

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Workdir {
    /// An empty log.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("events")).unwrap();
        Workdir { dir }
    }

    /// A copy of the first hand-entered log (`tests/fixtures/events`).
    pub fn with_fixture_log() -> Self {
        let w = Workdir::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/events");
        for entry in fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                fs::copy(&path, w.events().join(path.file_name().unwrap())).unwrap();
            }
        }
        w
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn events(&self) -> PathBuf {
        self.dir.path().join("events")
    }

    pub fn stream(&self, key: &str) -> PathBuf {
        self.events().join(format!("{key}.ndjson"))
    }

    /// `treaty` with the log directory and a fixed "now".
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_treaty"));
        c.args(args)
            .current_dir(self.dir.path())
            .env("TREATY_EVENTS", self.events())
            .env("TREATY_NOW", NOW)
            .env_remove("RUST_BACKTRACE");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.cmd(args).output().unwrap().into()
    }

    /// Runs and asserts success.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "treaty {args:?} failed:\n{}{}", r.stdout, r.stderr);
        r
    }

    /// Appends an event from the saved UNTC page of its treaty.
    pub fn append(&self, treaty: &str, participant: &str, action: &str, date: &str) -> Run {
        let url = if treaty == "icescr" { ICESCR_URL } else { OP_URL };
        self.run(&[
            "append",
            "--treaty",
            treaty,
            "--participant",
            participant,
            "--action",
            action,
            "--date",
            date,
            "--source-url",
            url,
        ])
    }

    /// A working directory holding a copy of the committed log (`events/`), without its lock
    /// and journal files.
    pub fn with_committed_log() -> Self {
        let w = Workdir::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events");
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                std::fs::copy(&path, w.events().join(path.file_name().unwrap())).unwrap();
            }
        }
        w
    }

    /// Appends Chile's ratification of the OP-ICESCR on `date`, recorded at `now`: Chile, party
    /// to the ICESCR, signed the Protocol in 2009 and has not ratified it. Returns what the
    /// command printed; panics if it failed.
    pub fn append_chile_ratification(&self, date: &str, now: &str) -> String {
        let r = self
            .cmd(&[
                "append",
                "--treaty",
                "op-icescr",
                "--participant",
                "CHL",
                "--action",
                "ratification",
                "--date",
                date,
                "--source-url",
                OP_URL,
            ])
            .env("TREATY_NOW", now)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&r.stdout).into_owned();
        assert!(r.status.success(), "{stdout}{}", String::from_utf8_lossy(&r.stderr));
        stdout
    }

    /// Every file of the log, byte for byte.
    pub fn log_bytes(&self) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(self.events())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ndjson"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
            .collect()
    }
}
