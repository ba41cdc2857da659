//! `treaty_pipeline::Spec::read` on arbitrary bytes. It reads a path, so each input is written
//! to `<temp>/treaty-fuzz-pipeline-spec-<pid>/pipelines/fuzz.toml` (one directory per process,
//! so that parallel jobs do not share it).
//!
//! Nothing may panic, a refusal names a line of the file, and an accepted spec keeps the
//! promises of its documentation: every path (events, output, report, cache, saved pages) is
//! inside the repository, the output is neither the repository nor the log nor a directory that
//! holds the log, and the report is written neither into the log nor into the output.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use treaty_pipeline::{SourceSpec, Spec};

fn spec_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("treaty-fuzz-pipeline-spec-{}", std::process::id()));
        let pipelines = dir.join("pipelines");
        std::fs::create_dir_all(&pipelines).expect("create the spec directory");
        pipelines.join("fuzz.toml")
    })
}

fn inside(root: &Path, p: &Path, what: &str, data: &[u8]) {
    let normal = p.strip_prefix(root).is_ok_and(|rest| {
        rest.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
    });
    assert!(
        normal,
        "the {what} {} is outside the repository {} in\n{}",
        p.display(),
        root.display(),
        String::from_utf8_lossy(data)
    );
}

fuzz_target!(|data: &[u8]| {
    let path = spec_path();
    std::fs::write(path, data).expect("write the spec");
    match Spec::read(path) {
        Ok(spec) => {
            let root = spec.root.clone();
            assert!(!spec.treaties.is_empty());
            inside(&root, &spec.events, "events directory", data);
            inside(&root, &spec.output, "output directory", data);
            inside(&root, &spec.report, "report", data);
            match &spec.source {
                SourceSpec::Live { cache: Some(cache), .. } => inside(&root, cache, "cache directory", data),
                SourceSpec::Live { cache: None, .. } => {}
                SourceSpec::Directory(d) => inside(&root, d, "saved-pages directory", data),
            }
            let text = String::from_utf8_lossy(data);
            assert!(spec.output != root && spec.events != root, "output or log is the repository itself in\n{text}");
            assert!(!spec.events.starts_with(&spec.output), "the output holds the log in\n{text}");
            assert!(
                !spec.report.starts_with(&spec.events) && !spec.report.starts_with(&spec.output),
                "the report is written into the log or the output in\n{text}"
            );
        }
        Err(e) => {
            let lines = String::from_utf8_lossy(data).lines().count().max(1);
            assert!(e.line <= lines + 1, "error line {} beyond the file's {lines} lines: {e}", e.line);
        }
    }
});
