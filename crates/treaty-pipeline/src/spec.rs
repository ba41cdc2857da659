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
//!
//! [guards]
//! allow_shrink = false                    # a page that no longer shows an action: refuse
//! max_new_events = 25                     # more than this in one run: stop for review
//! max_source_age_days = 14                # a page's "status as at" older than this: refuse
//! ```
//!
//! Every path is inside the repository (the directory that holds `pipelines/`); an unknown
//! key, an unknown treaty or a path outside is refused with the line it is on.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;
use treaty_model::TreatyId;

/// A spec that cannot be used, with where it is wrong.
#[derive(Debug, Error)]
#[error("{}:{line}: {message}", path.display())]
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
    timeout_seconds: Option<u64>,
    retries: Option<u32>,
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
        /// Total time for one request.
        timeout: Duration,
        /// Retries of a failed request.
        retries: u32,
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
    /// The pages.
    pub source: SourceSpec,
    /// The guards.
    pub guards: Guards,
}

fn line_of(text: &str, span: Option<Range<usize>>) -> usize {
    span.map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count() + 1)
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
        let inside = |value: &Spanned<String>, what: &str| -> Result<PathBuf, SpecError> {
            let p = Path::new(value.get_ref());
            let escapes = p.is_absolute() || p.components().any(|c| matches!(c, Component::ParentDir));
            if escapes || value.get_ref().trim().is_empty() {
                return Err(err(
                    at(value.span()),
                    format!(
                        "the {what} {:?} is outside the repository: give a path inside it, relative to {}",
                        value.get_ref(),
                        root.display()
                    ),
                ));
            }
            Ok(root.join(p))
        };

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
        let events = match &raw.events {
            Some(e) => inside(e, "events directory")?,
            None => root.join("events"),
        };
        let output = inside(&raw.output, "output directory")?;
        let report = match &raw.report {
            Some(r) => inside(r, "report")?,
            None => root.join("reports").join(format!("{name}.json")),
        };
        let source = match raw.source.kind.get_ref().as_str() {
            "live" => SourceSpec::Live {
                base_url: raw
                    .source
                    .base_url
                    .clone()
                    .unwrap_or_else(|| treaty_untc::fetch::DEFAULT_BASE_URL.to_owned()),
                cache: raw.source.cache.as_ref().map(|c| inside(c, "cache directory")).transpose()?,
                timeout: Duration::from_secs(raw.source.timeout_seconds.unwrap_or(60)),
                retries: raw.source.retries.unwrap_or(3),
            },
            "directory" => {
                let d = raw.source.directory.as_ref().ok_or_else(|| {
                    err(at(raw.source.kind.span()), "a source of kind \"directory\" needs `directory = \"…\"`".into())
                })?;
                SourceSpec::Directory(root.join(d.get_ref()))
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
            source,
            guards,
        })
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
    fn an_output_outside_the_repository_is_refused_with_its_line() {
        for outside in ["../elsewhere", "/tmp/out", "outputs/../../x"] {
            let e = spec(&GOOD.replace("\"outputs\"", &format!("{outside:?}"))).unwrap_err();
            assert_eq!(e.line, 3, "{e}");
            assert!(e.message.contains("outside the repository"), "{e}");
        }
    }
}
