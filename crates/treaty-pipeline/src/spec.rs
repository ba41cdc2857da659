//! Pipeline specs: `pipelines/<name>.toml`.
//!
//! ```toml
//! name = "op-icescr"
//! description = "The Covenant and its Optional Protocol, from the live UN Treaty Collection."
//! treaties = ["icescr", "op-icescr"]      # or ["all"]
//! events = "events"                       # the log, relative to the repository
//! output = "outputs"                      # the release, relative to the repository
//! report = "reports/op-icescr.json"       # written when a run publishes (default)
//!
//! [source]
//! kind = "live"                           # or "directory", with directory = "…"
//! cache = ".cache/untc"                   # conditional requests (ETag / Last-Modified)
//! timeout_seconds = 60                    # one request (1 to 300)
//! retries = 3                             # of a failed request (at most 10)
//! max_fetch_seconds = 900                 # the whole fetch stage of a run (1 to 3600)
//!
//! [guards]
//! allow_shrink = false                    # a page that no longer shows an action: refuse
//! max_new_events = 25                     # more than this in one run: stop for review
//! max_source_age_days = 14                # a page's "status as at" older than this: refuse
//! ```
//!
//! Every path is inside the repository (the directory that holds `pipelines/`), once
//! resolved: symbolic links are followed, so a link that leads out of the repository is
//! refused like `../`. The output may not be the repository itself, the log or a directory
//! that holds the log or the spec; the report may not be written into the log, into the
//! output (the release's own files) or among the specs; the cache may not be inside the log
//! or the output. An unknown key, an unknown treaty, a path that breaks these rules or a
//! value beyond its cap is refused with the line it is on.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;
use std::{fs, io};

use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;
use treaty_model::TreatyId;

/// The most retries of a failed request a spec may ask for (`retries`).
pub const MAX_RETRIES: u64 = 10;
/// The longest time one request may take (`timeout_seconds`), in seconds.
pub const MAX_TIMEOUT_SECONDS: u64 = 300;
/// The longest time the fetch stage of one run may take (`max_fetch_seconds`), in seconds.
pub const MAX_FETCH_SECONDS: u64 = 3600;
/// `max_fetch_seconds` when the spec does not say.
pub const DEFAULT_FETCH_SECONDS: u64 = 900;

/// A spec that cannot be used, with where it is wrong.
#[derive(Debug, Error)]
#[error("{}{}: {message}", path.display(), at_line(*.line))]
pub struct SpecError {
    /// The spec file.
    pub path: PathBuf,
    /// 1-based line (0 when the whole file is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    name: Spanned<String>,
    description: Option<String>,
    treaties: Spanned<Vec<Spanned<String>>>,
    events: Option<Spanned<String>>,
    output: Spanned<String>,
    report: Option<Spanned<String>>,
    source: RawSource,
    guards: Option<RawGuards>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    kind: Spanned<String>,
    base_url: Option<String>,
    directory: Option<Spanned<String>>,
    cache: Option<Spanned<String>>,
    timeout_seconds: Option<Spanned<u64>>,
    retries: Option<Spanned<u64>>,
    max_fetch_seconds: Option<Spanned<u64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuards {
    allow_shrink: Option<bool>,
    max_new_events: Option<usize>,
    max_source_age_days: Option<u32>,
}

/// Where a pipeline reads its pages.
#[derive(Debug, Clone)]
pub enum SourceSpec {
    /// The live UN Treaty Collection (or a mirror).
    Live {
        /// The site.
        base_url: String,
        /// The cache for conditional requests.
        cache: Option<PathBuf>,
        /// Total time for one request (at most [`MAX_TIMEOUT_SECONDS`]).
        timeout: Duration,
        /// Retries of a failed request (at most [`MAX_RETRIES`]).
        retries: u32,
        /// The most time the whole fetch stage of a run may take (at most
        /// [`MAX_FETCH_SECONDS`]).
        max_fetch: Duration,
    },
    /// Saved pages in a directory.
    Directory(PathBuf),
}

/// When a run must stop rather than publish.
#[derive(Debug, Clone, Copy)]
pub struct Guards {
    /// Accept pages that no longer show an action the log holds.
    pub allow_shrink: bool,
    /// The most new events one run may append.
    pub max_new_events: usize,
    /// The oldest a page's "status as at" may be, in days.
    pub max_source_age_days: u32,
}

/// A checked pipeline spec, with its paths made absolute.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The spec file.
    pub path: PathBuf,
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// The repository it runs in.
    pub root: PathBuf,
    /// The treaties it refreshes.
    pub treaties: Vec<TreatyId>,
    /// The log.
    pub events: PathBuf,
    /// The release.
    pub output: PathBuf,
    /// The run report written when a run publishes.
    pub report: PathBuf,
    /// The spec file, resolved (symbolic links followed).
    pub resolved_path: PathBuf,
    /// The pages.
    pub source: SourceSpec,
    /// The guards.
    pub guards: Guards,
}

fn line_of(text: &str, span: Option<Range<usize>>) -> usize {
    span.map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count() + 1)
}

/// `:LINE`, or nothing when the whole file is at fault.
fn at_line(line: usize) -> String {
    if line == 0 { String::new() } else { format!(":{line}") }
}

/// `path` with symbolic links followed: its longest existing prefix canonicalised, the rest
/// (which does not exist yet, so holds no link) appended. `.` components are dropped; `..`
/// is refused before this is called.
///
/// # Errors
/// When a prefix cannot be examined, or a symbolic link on the way leads nowhere.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let path: PathBuf = path.components().filter(|c| !matches!(c, Component::CurDir)).collect();
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::symlink_metadata(existing) {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::NotFound => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => return Err(e),
            },
            Err(e) => return Err(e),
        }
    }
    let mut resolved = fs::canonicalize(existing).map_err(|e| {
        io::Error::new(e.kind(), format!("{}: a symbolic link on the way leads nowhere ({e})", existing.display()))
    })?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

/// Why a report may not be written at `report` (resolved), if it may not: into the log, into
/// the release (the next release would drop it, and it would stand among the release's own
/// files), over a spec or among the specs.
fn report_conflict(report: &Path, events: &Path, output: &Path, spec: &Path, specs: &Path) -> Option<String> {
    let rule =
        "a report may not be written into the log directory, over a pipeline spec or among the release's own files";
    if report.starts_with(events) {
        return Some(format!("it would be written into the log directory {} ({rule})", events.display()));
    }
    if report.starts_with(output) {
        return Some(format!("it would be written among the release's own files in {} ({rule})", output.display()));
    }
    if report == spec || report.starts_with(specs) || report.extension().is_some_and(|e| e == "toml") {
        return Some(format!(
            "it would be written over a pipeline spec or among the specs in {} ({rule})",
            specs.display()
        ));
    }
    if report.is_dir() {
        return Some(format!("{} is a directory: name the report's file", report.display()));
    }
    None
}

impl Spec {
    /// Reads and checks the spec at `path`.
    ///
    /// # Errors
    /// A [`SpecError`] naming the line.
    pub fn read(path: &Path) -> Result<Spec, SpecError> {
        let err = |line: usize, message: String| SpecError { path: path.to_owned(), line, message };
        let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
        let raw: RawSpec = toml::from_str(&text).map_err(|e| err(line_of(&text, e.span()), e.message().to_owned()))?;
        let at = |span: Range<usize>| line_of(&text, Some(span));

        let absolute = std::path::absolute(path).map_err(|e| err(0, e.to_string()))?;
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_owned();
        let root = if dir.file_name().is_some_and(|n| n == "pipelines") {
            dir.parent().unwrap_or(&dir).to_owned()
        } else {
            dir
        };
        let root = fs::canonicalize(&root).map_err(|e| err(0, format!("{}: {e}", root.display())))?;
        let resolved_path = resolve(path).map_err(|e| err(0, e.to_string()))?;
        let specs = resolved_path.parent().unwrap_or(&root).to_owned();
        let specs = if specs.file_name().is_some_and(|n| n == "pipelines") { specs } else { root.join("pipelines") };
        let outside = |line: usize, what: &str, value: &str, resolved: Option<&Path>| {
            let through = match resolved {
                Some(r) => format!(" (it leads to {}, through a symbolic link)", r.display()),
                None => String::new(),
            };
            err(
                line,
                format!(
                    "the {what} {value:?} is outside the repository{through}: give a path inside it, relative to {}",
                    root.display()
                ),
            )
        };
        // A path of the spec, made absolute and resolved; `line` is where it is given (0 for a
        // default).
        let inside = |value: &str, line: usize, what: &str| -> Result<PathBuf, SpecError> {
            let p = Path::new(value);
            let escapes = p.is_absolute() || p.components().any(|c| matches!(c, Component::ParentDir));
            if escapes || value.trim().is_empty() {
                return Err(outside(line, what, value, None));
            }
            let resolved = resolve(&root.join(p)).map_err(|e| err(line, format!("the {what} {value:?}: {e}")))?;
            if !resolved.starts_with(&root) {
                return Err(outside(line, what, value, Some(&resolved)));
            }
            Ok(resolved)
        };
        let given = |value: &Spanned<String>, what: &str| inside(value.get_ref(), at(value.span()), what);

        let mut treaties = Vec::new();
        for t in raw.treaties.get_ref() {
            if t.get_ref() == "all" {
                treaties.extend(TreatyId::all());
            } else {
                treaties.push(TreatyId::parse(t.get_ref()).map_err(|e| err(at(t.span()), e.to_string()))?);
            }
        }
        treaties.sort();
        treaties.dedup();
        if treaties.is_empty() {
            return Err(err(at(raw.treaties.span()), "the pipeline names no treaty".into()));
        }
        let name = raw.name.get_ref().clone();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(err(at(raw.name.span()), format!("the name {name:?} must be letters, digits, - and _")));
        }
        let (events, events_line) = match &raw.events {
            Some(e) => (given(e, "events directory")?, at(e.span())),
            None => (inside("events", 0, "events directory (by default)")?, 0),
        };
        if events == root {
            return Err(err(
                events_line,
                "the events directory is the repository itself: give the log's own directory".into(),
            ));
        }
        let output = given(&raw.output, "output directory")?;
        let output_line = at(raw.output.span());
        let release_rule = "a release replaces its whole directory, so it may not be the repository, the log, or a directory that holds the log or the specs";
        if output == root {
            return Err(err(
                output_line,
                format!("the output directory {:?} is the repository itself ({release_rule})", raw.output.get_ref()),
            ));
        }
        if output == events || output.starts_with(&events) {
            return Err(err(
                output_line,
                format!(
                    "the output directory {:?} would replace the log in {} ({release_rule})",
                    raw.output.get_ref(),
                    events.display()
                ),
            ));
        }
        if events.starts_with(&output) {
            return Err(err(
                events_line,
                format!("the events directory is inside the output directory {} ({release_rule})", output.display()),
            ));
        }
        if resolved_path.starts_with(&output) || specs.starts_with(&output) {
            return Err(err(
                output_line,
                format!("the output directory {:?} holds the pipeline specs ({release_rule})", raw.output.get_ref()),
            ));
        }
        let (report, report_line, report_value) = match &raw.report {
            Some(r) => (given(r, "report")?, at(r.span()), r.get_ref().clone()),
            None => {
                let default = format!("reports/{name}.json");
                (inside(&default, 0, "report (by default, named after the pipeline)")?, 0, default)
            }
        };
        if let Some(why) = report_conflict(&report, &events, &output, &resolved_path, &specs) {
            return Err(err(report_line, format!("the report {report_value:?}: {why}")));
        }
        let cache_rule = "the cache may not be the repository, nor inside the log or the release";
        let source = match raw.source.kind.get_ref().as_str() {
            "live" => {
                let cache = match &raw.source.cache {
                    Some(c) => {
                        let path = given(c, "cache directory")?;
                        let overlaps = |d: &Path| path.starts_with(d) || d.starts_with(&path);
                        if path == root || overlaps(&events) || overlaps(&output) || resolved_path.starts_with(&path) {
                            return Err(err(
                                at(c.span()),
                                format!("the cache directory {:?}: {cache_rule}", c.get_ref()),
                            ));
                        }
                        Some(path)
                    }
                    None => None,
                };
                let capped = |value: &Option<Spanned<u64>>, key: &str, least: u64, most: u64, default: u64| match value
                {
                    None => Ok(default),
                    Some(v) if (least..=most).contains(v.get_ref()) => Ok(*v.get_ref()),
                    Some(v) => Err(err(
                        at(v.span()),
                        format!("{key} = {} is out of range: at least {least}, at most {most}", v.get_ref()),
                    )),
                };
                let timeout = capped(&raw.source.timeout_seconds, "timeout_seconds", 1, MAX_TIMEOUT_SECONDS, 60)?;
                let retries = capped(&raw.source.retries, "retries", 0, MAX_RETRIES, 3)?;
                let max_fetch = capped(
                    &raw.source.max_fetch_seconds,
                    "max_fetch_seconds",
                    1,
                    MAX_FETCH_SECONDS,
                    DEFAULT_FETCH_SECONDS,
                )?;
                SourceSpec::Live {
                    base_url: raw
                        .source
                        .base_url
                        .clone()
                        .unwrap_or_else(|| treaty_untc::fetch::DEFAULT_BASE_URL.to_owned()),
                    cache,
                    timeout: Duration::from_secs(timeout),
                    retries: u32::try_from(retries).expect("at most MAX_RETRIES"),
                    max_fetch: Duration::from_secs(max_fetch),
                }
            }
            "directory" => {
                let d = raw.source.directory.as_ref().ok_or_else(|| {
                    err(at(raw.source.kind.span()), "a source of kind \"directory\" needs `directory = \"…\"`".into())
                })?;
                SourceSpec::Directory(given(d, "saved-pages directory")?)
            }
            other => {
                return Err(err(
                    at(raw.source.kind.span()),
                    format!("unknown source kind {other:?}: expected \"live\" or \"directory\""),
                ));
            }
        };
        let g = raw.guards.unwrap_or(RawGuards { allow_shrink: None, max_new_events: None, max_source_age_days: None });
        let guards = Guards {
            allow_shrink: g.allow_shrink.unwrap_or(false),
            max_new_events: g.max_new_events.unwrap_or(50),
            max_source_age_days: g.max_source_age_days.unwrap_or(14),
        };
        Ok(Spec {
            path: path.to_owned(),
            name,
            description: raw.description,
            root,
            treaties,
            events,
            output,
            report,
            resolved_path,
            source,
            guards,
        })
    }

    /// Why a run report may not be written at `path` (relative to the working directory), if
    /// it may not: into the log, among the release's own files, over a spec or among the specs.
    #[must_use]
    pub fn report_conflict(&self, path: &Path) -> Option<String> {
        let resolved = match resolve(path) {
            Ok(r) => r,
            Err(e) => return Some(e.to_string()),
        };
        let specs = self.resolved_path.parent().unwrap_or(&self.root).to_owned();
        let specs =
            if specs.file_name().is_some_and(|n| n == "pipelines") { specs } else { self.root.join("pipelines") };
        report_conflict(&resolved, &self.events, &self.output, &self.resolved_path, &specs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Result<Spec, SpecError> {
        let dir = tempfile::tempdir().unwrap();
        let pipelines = dir.path().join("pipelines");
        std::fs::create_dir(&pipelines).unwrap();
        let path = pipelines.join("x.toml");
        std::fs::write(&path, text).unwrap();
        Spec::read(&path)
    }

    const GOOD: &str =
        "name = \"x\"\ntreaties = [\"icescr\", \"op-icescr\"]\noutput = \"outputs\"\n\n[source]\nkind = \"live\"\n";

    #[test]
    fn a_good_spec_reads_with_defaults_inside_the_repository() {
        let s = spec(GOOD).unwrap();
        assert_eq!(s.treaties.len(), 2);
        assert!(s.output.ends_with("outputs") && s.events.ends_with("events"));
        assert!(s.report.ends_with("reports/x.json"));
        assert!(!s.guards.allow_shrink);
        assert!(matches!(s.source, SourceSpec::Live { .. }));
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_line() {
        let e = spec(&GOOD.replace("output = \"outputs\"\n", "output = \"outputs\"\nouptut = \"x\"\n")).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("ouptut"), "{e}");
    }

    #[test]
    fn an_unknown_treaty_is_refused_with_its_line() {
        let e = spec(&GOOD.replace("\"op-icescr\"", "\"op-icescr3\"")).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.to_string().contains("op-icescr3") && e.to_string().contains("x.toml:2:"), "{e}");
    }

    #[test]
    fn retries_timeouts_and_the_fetch_time_are_capped_with_the_line() {
        for (value, cap) in [
            ("retries = 4294967295", "at most 10"),
            ("retries = 11", "at most 10"),
            ("timeout_seconds = 301", "at most 300"),
            ("timeout_seconds = 0", "at least 1"),
            ("max_fetch_seconds = 3601", "at most 3600"),
            ("max_fetch_seconds = 0", "at least 1"),
        ] {
            let e = spec(&format!("{GOOD}{value}\n")).unwrap_err();
            assert_eq!(e.line, 7, "{e}");
            assert!(e.message.contains(cap), "{e}");
        }
        let s = spec(&format!("{GOOD}retries = 10\ntimeout_seconds = 300\nmax_fetch_seconds = 3600\n")).unwrap();
        let SourceSpec::Live { retries, timeout, max_fetch, .. } = s.source else { panic!("live") };
        assert_eq!((retries, timeout.as_secs(), max_fetch.as_secs()), (10, 300, 3600));
        let SourceSpec::Live { max_fetch, .. } = spec(GOOD).unwrap().source else { panic!("live") };
        assert_eq!(max_fetch.as_secs(), DEFAULT_FETCH_SECONDS);
    }

    #[test]
    fn the_output_and_the_report_keep_off_the_log_and_the_specs() {
        for (from, to, line) in [
            ("output = \"outputs\"", "output = \"events\"", 3),
            ("output = \"outputs\"", "output = \".\"", 3),
            ("output = \"outputs\"", "output = \"pipelines\"", 3),
            ("output = \"outputs\"", "output = \"outputs\"\nreport = \"events/x.ndjson\"", 4),
            ("output = \"outputs\"", "output = \"outputs\"\nreport = \"outputs/r.json\"", 4),
            ("output = \"outputs\"", "output = \"outputs\"\nreport = \"pipelines/x.toml\"", 4),
            ("kind = \"live\"", "kind = \"live\"\ncache = \"events/cache\"", 7),
        ] {
            let e = spec(&GOOD.replace(from, to)).unwrap_err();
            assert_eq!(e.line, line, "{to}: {e}");
        }
    }

    #[test]
    fn a_symbolic_link_out_of_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pipelines")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("outputs")).unwrap();
        let path = dir.path().join("pipelines/x.toml");
        std::fs::write(&path, GOOD).unwrap();
        let e = Spec::read(&path).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("outside the repository") && e.message.contains("symbolic link"), "{e}");
        // A link that stays inside is followed.
        std::fs::remove_file(dir.path().join("outputs")).unwrap();
        std::fs::create_dir(dir.path().join("release")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("release"), dir.path().join("outputs")).unwrap();
        let s = Spec::read(&path).unwrap();
        assert!(s.output.ends_with("release"), "{}", s.output.display());
    }

    #[test]
    fn an_output_outside_the_repository_is_refused_with_its_line() {
        for outside in ["../elsewhere", "/tmp/out", "outputs/../../x"] {
            let e = spec(&GOOD.replace("\"outputs\"", &format!("{outside:?}"))).unwrap_err();
            assert_eq!(e.line, 3, "{e}");
            assert!(e.message.contains("outside the repository"), "{e}");
        }
    }
}
