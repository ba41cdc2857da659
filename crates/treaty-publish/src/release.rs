//! A release: every table in three formats, `datapackage.json`, `CHANGELOG.md`,
//! `CITATION.cff` and `SHA256SUMS`, written to a temporary directory beside the output and
//! swapped in with one atomic step, so that a build that fails or is killed leaves the
//! previous release whole.
//!
//! A release replaces only a release: the output must be absent, empty, or hold a
//! `datapackage.json` of this ledger ([`check_output`]). Publishers take turns under a lock
//! beside the output, `.<out>.lock` ([`PublishLock`]): one waits for another (at most
//! [`PUBLISH_TIMEOUT`], or `TREATY_PUBLISH_TIMEOUT` seconds), and the lock's holder removes the
//! temporary directories (`.<out>.tmp-<pid>`) that builds killed midway left behind, which the
//! lock proves abandoned: every live publisher holds it while its directory exists.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde_json::{Value as Json, json};
use thiserror::Error;
use treaty_fold::Snapshot;
use treaty_model::{Action, ParticipantId, ParticipantKind, Sha256, TreatyId};

use crate::i18n::Lang;
use crate::map::TreatyMap;
use crate::site::Site;
use crate::table::{Published, Table};
use crate::tables::{self, StreamInput};
use crate::{csv_file, json_file, parquet_file};

/// Why a release could not be built. The previous release is left as it was.
#[derive(Debug, Error)]
pub enum PublishError {
    /// A file could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// The Parquet writer failed.
    #[error("{path}: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: parquet::errors::ParquetError,
    },
    /// The workbook writer failed.
    #[error("{path}: {source}")]
    Xlsx {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    /// The previous release's `datapackage.json` cannot be read.
    #[error(
        "{path}: the previous release's descriptor cannot be read ({message}); move it away to start a new series of releases"
    )]
    Previous {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// There is nothing to publish.
    #[error("the log holds no events: there is nothing to publish")]
    Empty,
    /// The output holds something other than a release.
    #[error(
        "{path}: {why}, and a release may only replace a directory that holds a release (a datapackage.json named \"{PACKAGE_NAME}\", with treaty:streams) or nothing (absent or empty); nothing was published: choose another output directory"
    )]
    NotARelease {
        /// The output.
        path: PathBuf,
        /// What is there.
        why: String,
    },
    /// Another publisher held the lock for longer than this one waits.
    #[error(
        "{path}: another treaty build or run has been publishing to this output for {waited_seconds} s, the most this one waits (set {PUBLISH_TIMEOUT_VAR} to wait longer); nothing was published"
    )]
    Busy {
        /// The lock file.
        path: PathBuf,
        /// How long this process waited.
        waited_seconds: u64,
    },
}

/// The `name` of every `datapackage.json` this ledger writes; a descriptor without it is not
/// one of ours.
pub const PACKAGE_NAME: &str = "un-human-rights-treaty-actions";

/// The default wait for another publisher, and the variable that changes it.
pub const PUBLISH_TIMEOUT: Duration = Duration::from_secs(600);
/// `TREATY_PUBLISH_TIMEOUT`: seconds to wait for another publisher of the same output.
pub const PUBLISH_TIMEOUT_VAR: &str = "TREATY_PUBLISH_TIMEOUT";

/// Checks that a release may be published to `out`: nothing is there, or an empty
/// directory, or a release of this ledger (a `datapackage.json` named [`PACKAGE_NAME`] with
/// `treaty:streams`). `out` must name a directory of its own (not `.`, `..` or `/`) and not be a
/// symbolic link.
///
/// # Errors
/// [`PublishError::NotARelease`] saying what is there, or [`PublishError::Io`].
pub fn check_output(out: &Path) -> Result<(), PublishError> {
    let not = |why: &str| PublishError::NotARelease { path: out.to_owned(), why: why.to_owned() };
    if out.file_name().is_none() || out.as_os_str().is_empty() {
        return Err(not("it names no directory of its own (give the release's directory by name)"));
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(out)(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(not("it is a symbolic link (give the directory it leads to)"));
    }
    if !meta.is_dir() {
        return Err(not("it is not a directory"));
    }
    if fs::read_dir(out).map_err(io(out))?.next().is_none() {
        return Ok(());
    }
    let path = out.join("datapackage.json");
    let text = match fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(not("it holds files but no datapackage.json"));
        }
        Err(e) => return Err(io(&path)(e)),
    };
    let ours = serde_json::from_slice::<Json>(&text)
        .is_ok_and(|json| json["name"] == PACKAGE_NAME && json["treaty:streams"].is_object());
    if ours { Ok(()) } else { Err(not("its datapackage.json is not a release of this ledger")) }
}

/// Holds the publishing lock of one output while it lives: `.<out>.lock` beside it, locked
/// with an advisory lock of the operating system (released by the system when the process
/// ends, however it ends).
#[derive(Debug)]
pub struct PublishLock {
    _file: File,
    out: PathBuf,
}

impl PublishLock {
    /// Takes the publishing lock of `out`, waiting for another publisher to finish (at most
    /// [`PUBLISH_TIMEOUT`], or `TREATY_PUBLISH_TIMEOUT` seconds). `waiting` is called once, with
    /// the lock file, if the lock is held by another.
    ///
    /// # Errors
    /// [`PublishError::NotARelease`] when `out` names no directory of its own,
    /// [`PublishError::Busy`] after the wait, [`PublishError::Io`].
    pub fn acquire(out: &Path, waiting: impl FnOnce(&Path)) -> Result<PublishLock, PublishError> {
        let timeout = std::env::var(PUBLISH_TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(PUBLISH_TIMEOUT, Duration::from_secs);
        let Some(name) = out.file_name() else {
            return Err(PublishError::NotARelease {
                path: out.to_owned(),
                why: "it names no directory of its own (give the release's directory by name)".to_owned(),
            });
        };
        let parent = beside(out);
        fs::create_dir_all(parent).map_err(io(parent))?;
        let path = parent.join(format!(".{}.lock", name.to_string_lossy()));
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io(&path))?;
        let start = Instant::now();
        let mut waiting = Some(waiting);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(PublishLock { _file: file, out: out.to_owned() }),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    if let Some(f) = waiting.take() {
                        f(&path);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(PublishError::Busy { path, waited_seconds: start.elapsed().as_secs() });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(&path)(e)),
            }
        }
    }

    /// The output this lock is for.
    #[must_use]
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// The directory that holds `out`.
fn beside(out: &Path) -> &Path {
    out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

fn csv_error(path: &Path) -> impl FnOnce(csv::Error) -> PublishError + '_ {
    move |source| PublishError::Csv { path: path.to_owned(), source }
}

fn pq_error(path: &Path) -> impl FnOnce(parquet::errors::ParquetError) -> PublishError + '_ {
    move |source| PublishError::Parquet { path: path.to_owned(), source }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PublishError + '_ {
    move |source| PublishError::Io { path: path.to_owned(), source }
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Built {
    /// The release directory.
    pub dir: PathBuf,
    /// Its version.
    pub version: String,
    /// The version it replaced, if any.
    pub previous: Option<String>,
    /// Files written, with size and digest, in path order.
    pub files: Vec<(String, u64, Sha256)>,
    /// New events since the previous release.
    pub new_events: usize,
}

/// The licence of the data.
pub(crate) const LICENSE: (&str, &str, &str) =
    ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International");

/// The dataset's title.
const TITLE: &str = "UN human rights treaty actions: signatures, ratifications, accessions, successions, denunciations and declarations";

/// The workbook of all tables, for spreadsheets.
const WORKBOOK: &str = "treaty.xlsx";

/// Where the project lives.
pub(crate) const HOMEPAGE: &str = "https://github.com/treaty-ledger/treaty";

/// What the previous release recorded about itself.
struct Previous {
    version: (u64, u64, u64),
    streams: BTreeMap<String, u64>,
    schema: String,
    changelog: String,
}

fn read_previous(out: &Path) -> Result<Option<Previous>, PublishError> {
    let path = out.join("datapackage.json");
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    let bad = |message: &str| PublishError::Previous { path: path.clone(), message: message.to_owned() };
    let json: Json = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    let version = json["version"].as_str().ok_or_else(|| bad("no version"))?;
    let parts: Vec<u64> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    let [major, minor, patch] = parts[..] else { return Err(bad("the version is not MAJOR.MINOR.PATCH")) };
    let streams = json["treaty:streams"]
        .as_object()
        .ok_or_else(|| bad("no treaty:streams"))?
        .iter()
        .map(|(k, v)| (k.clone(), v["events"].as_u64().unwrap_or(0)))
        .collect();
    let schema = json["treaty:schema_sha256"].as_str().unwrap_or_default().to_owned();
    let changelog = fs::read_to_string(out.join("CHANGELOG.md")).unwrap_or_default();
    Ok(Some(Previous { version: (major, minor, patch), streams, schema, changelog }))
}

/// The Table Schema of a table, shared by its three files.
fn schema(t: &Table) -> Json {
    let fields: Vec<Json> = t
        .columns
        .iter()
        .map(|c| {
            let mut f = json!({"name": c.name, "type": c.kind.schema_type(), "description": c.description});
            if c.required {
                f["constraints"] = json!({"required": true});
            }
            f
        })
        .collect();
    let mut s = json!({
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
        "primaryKey": t.primary_key,
    });
    if !t.foreign_keys.is_empty() {
        s["foreignKeys"] = t
            .foreign_keys
            .iter()
            .map(|fk| json!({"fields": fk.fields, "reference": {"resource": format!("{}-csv", fk.table), "fields": fk.reference_fields}}))
            .collect();
    }
    s
}

/// A file that hashes what is written to it.
struct Hashing {
    file: File,
    hasher: treaty_model::Sha256Hasher,
    len: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// A file being written.
struct Open {
    name: String,
    path: PathBuf,
    w: BufWriter<Hashing>,
}

/// Files are written through this so that a test can stop a build midway, as a kill would.
struct Writer {
    dir: PathBuf,
    written: Vec<(String, u64, Sha256)>,
    abort_after: Option<usize>,
}

impl Writer {
    /// A new file of the release, hashed as it is written, rather than read back: the
    /// release's files are gigabytes at a million events.
    fn open(&self, name: &str) -> Result<Open, PublishError> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let file = File::create(&path).map_err(io(&path))?;
        let w =
            BufWriter::with_capacity(1 << 16, Hashing { file, hasher: treaty_model::Sha256Hasher::default(), len: 0 });
        Ok(Open { name: name.to_owned(), path, w })
    }

    /// Writes `open` to the disk and records it.
    fn close(&mut self, open: Open) -> Result<(), PublishError> {
        let Open { name, path, w } = open;
        let Hashing { file, hasher, len } = w.into_inner().map_err(|e| io(&path)(e.into_error()))?;
        file.sync_all().map_err(io(&path))?;
        self.written.push((name, len, hasher.finish()));
        if self.abort_after.is_some_and(|n| self.written.len() >= n) {
            // Fault injection for the test that a killed build leaves the release whole.
            std::process::abort();
        }
        Ok(())
    }

    fn file(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut BufWriter<Hashing>) -> Result<(), PublishError>,
    ) -> Result<(), PublishError> {
        let mut open = self.open(name)?;
        fill(&mut open.w)?;
        self.close(open)
    }

    fn text(&mut self, name: &str, text: &str) -> Result<(), PublishError> {
        let path = self.dir.join(name);
        self.file(name, |w| w.write_all(text.as_bytes()).map_err(io(&path)))
    }
}

/// Builds the release of `streams` into `out`, replacing what is there in one step, under
/// the publishing lock of `out` (see [`PublishLock::acquire`]).
///
/// `as_of` is the date the `status` and `campaign` tables are for (default: the day of the
/// latest recorded event, so that the same log gives the same files).
///
/// # Errors
/// See [`PublishError`]. On error the previous release is untouched.
pub fn build(streams: &[StreamInput<'_>], as_of: Option<NaiveDate>, out: &Path) -> Result<Built, PublishError> {
    check_output(out)?;
    let lock = PublishLock::acquire(out, |_| {})?;
    build_locked(streams, as_of, &lock)
}

/// [`build`] into the output of `lock`, which the caller holds (so that it can read the log
/// under the same lock, and publish what it read).
///
/// # Errors
/// See [`PublishError`]. On error the previous release is untouched.
pub fn build_locked(
    streams: &[StreamInput<'_>],
    as_of: Option<NaiveDate>,
    lock: &PublishLock,
) -> Result<Built, PublishError> {
    let out = lock.out();
    check_output(out)?;
    let created: DateTime<Utc> =
        streams.iter().flat_map(|s| s.entries.iter().map(|e| e.event.recorded_at)).max().ok_or(PublishError::Empty)?;
    let as_of = as_of.unwrap_or_else(|| created.date_naive());
    let snapshot = Snapshot::new(streams.iter().map(|s| (s.treaty, s.entries.iter().map(|e| e.event))), None);
    let snapshot = &snapshot;
    // The tables are independent of one another: made on every core, in this order. The
    // events table, the terms of participation and the panel are made as they are written, a
    // chunk at a time: held whole the first ones would take more memory than the log.
    let order: Vec<usize> = (0..TABLES).collect();
    let tables: Vec<Published<'_>> = treaty_model::parallel::map(&order, |&i| make_table(i, streams, snapshot, as_of));
    let schemas: Vec<(String, String)> = tables
        .iter()
        .map(|t| (t.table.name.to_owned(), serde_json::to_string_pretty(&schema(&t.table)).expect("json") + "\n"))
        .collect();
    let schema_hash = Sha256::of(schemas.iter().map(|(_, s)| s.as_str()).collect::<String>().as_bytes()).to_hex();

    let previous = read_previous(out)?;
    let new_events: Vec<&treaty_model::Event> = streams
        .iter()
        .flat_map(|s| {
            let before = previous.as_ref().and_then(|p| p.streams.get(s.treaty.key()).copied()).unwrap_or(0);
            s.entries.iter().filter(move |e| e.seq > before).map(|e| e.event)
        })
        .collect();
    let version = match &previous {
        None => (1, 0, 0),
        Some(p) if p.schema != schema_hash => (p.version.0 + 1, 0, 0),
        Some(p) if new_events.is_empty() => p.version,
        Some(p) if new_events.iter().all(|e| e.fact.corrects.is_some()) => (p.version.0, p.version.1, p.version.2 + 1),
        Some(p) => (p.version.0, p.version.1 + 1, 0),
    };
    let version_text = format!("{}.{}.{}", version.0, version.1, version.2);

    let tmp = temp_dir(out)?;
    let abort_after = std::env::var("TREATY_FAULT_ABORT_AFTER_FILES").ok().and_then(|v| v.parse().ok());
    let mut w = Writer { dir: tmp.clone(), written: Vec::new(), abort_after };
    let about = crate::workbook::About {
        title: TITLE,
        version: &version_text,
        created,
        as_of,
        homepage: HOMEPAGE,
        license: LICENSE.0,
        citation: &format!(
            "treaty contributors ({}). {TITLE}, version {version_text}. {HOMEPAGE}. Source: United Nations Treaty Collection.",
            created.format("%Y")
        ),
    };
    let result = std::thread::scope(|scope| {
        // The workbook is made on the other core while the tables are written: it needs only
        // the tables, and it is the slowest file to make.
        let mut book_out = w.open(WORKBOOK)?;
        let (book_tables, book_about) = (&tables, &about);
        let workbook = scope.spawn(move || {
            let made = crate::workbook::xlsx(book_tables, book_about, &mut book_out.w);
            (book_out, made)
        });
        for p in &tables {
            let t = &p.table;
            // Only what changes with the table's layout: a Parquet file whose rows did not
            // change stays byte for byte the same from one release to the next. The release's
            // version, time, date and stream heads are in datapackage.json.
            let metadata = [
                ("treaty:table".to_owned(), t.name.to_owned()),
                ("treaty:schema_sha256".to_owned(), schema_hash.clone()),
            ];
            // The three files are written side by side, so that rows made as they are written
            // are made once.
            let (csv_name, pq_name, json_name) =
                (format!("{}.csv", t.name), format!("{}.parquet", t.name), format!("{}.json", t.name));
            let (mut csv_out, mut pq_out) = (w.open(&csv_name)?, w.open(&pq_name)?);
            let mut json_out = if t.json { Some(w.open(&json_name)?) } else { None };
            let mut csv = csv_file::Csv::new(t, &mut csv_out.w).map_err(csv_error(&csv_out.path))?;
            let mut pq = parquet_file::Parquet::new(t, &mut pq_out.w, &metadata).map_err(pq_error(&pq_out.path))?;
            if p.grows {
                pq = pq.with_batch_text(parquet_file::SMALL_BATCH_TEXT_BYTES);
            }
            let mut json = match &mut json_out {
                Some(o) => Some((json_file::JsonArray::new(t, &mut o.w).map_err(io(&o.path))?, o.path.clone())),
                None => None,
            };
            p.for_each_chunk(|rows| {
                csv.rows(rows).map_err(csv_error(&csv_out.path))?;
                pq.rows(rows).map_err(pq_error(&pq_out.path))?;
                if let Some((json, path)) = &mut json {
                    json.rows(rows).map_err(io(path))?;
                }
                Ok::<(), PublishError>(())
            })?;
            csv.finish().map_err(csv_error(&csv_out.path))?;
            pq.finish().map_err(pq_error(&pq_out.path))?;
            if let Some((json, path)) = json {
                json.finish().map_err(io(&path))?;
            }
            w.close(csv_out)?;
            w.close(pq_out)?;
            if let Some(o) = json_out {
                w.close(o)?;
            }
        }
        let (book_out, made) = workbook.join().expect("the workbook's thread does not panic");
        made.map_err(|source| PublishError::Xlsx { path: book_out.path.clone(), source })?;
        w.close(book_out)?;
        for (name, text) in &schemas {
            w.text(&format!("schemas/{name}.json"), text)?;
        }
        let data_files = w.written.clone();
        let descriptor = datapackage(&tables, &data_files, &version_text, created, as_of, streams, &schema_hash);
        w.text("datapackage.json", &(serde_json::to_string_pretty(&descriptor).expect("json") + "\n"))?;
        let changelog = changelog(previous.as_ref(), &version_text, created, streams, &new_events);
        w.text("CHANGELOG.md", &changelog)?;
        let citation_cff = citation(&version_text, created);
        w.text("CITATION.cff", &citation_cff)?;
        w.text("feed.xml", &crate::feed::atom(streams, created, &version_text))?;
        let status_as_at: Vec<(TreatyId, Option<DateTime<FixedOffset>>)> = TreatyId::all()
            .map(|t| {
                let at = streams
                    .iter()
                    .filter(|s| s.treaty == t)
                    .flat_map(|s| s.entries.iter().filter_map(|e| e.event.source.status_as_at))
                    .max();
                (t, at)
            })
            .collect();
        let source_of =
            |t: TreatyId| status_as_at.iter().find(|(x, _)| *x == t).and_then(|(_, at)| at.map(|a| a.date_naive()));
        for t in TreatyId::all() {
            let map = TreatyMap::new(snapshot, t, as_of).with_source_as_at(source_of(t));
            w.text(&format!("maps/{}.svg", t.key()), &map.svg(true))?;
        }
        // The campaign map in Spanish and French too; the page draws the other treaties' maps in
        // its own language (their files are in English).
        let op = TreatyId::parse("op-icescr").expect("catalogue");
        for lang in [Lang::Es, Lang::Fr] {
            let map = TreatyMap::in_lang(snapshot, op, as_of, lang).with_source_as_at(source_of(op));
            w.text(&format!("{}maps/op-icescr.svg", lang.dir()), &map.svg(true))?;
        }
        let written = w.written.clone();
        let table = |name: &str| tables.iter().find(|p| p.table.name == name).expect("a table of the release");
        let timeline = &table("timeline").table;
        assert_eq!(timeline.rows.len(), table("timeline").rows, "the page reads the timeline's rows: they are held");
        let reservations = crate::site::reservation_counts(table("reservations"));
        for lang in Lang::ALL {
            let dir = lang.dir();
            for p in ParticipantId::all().filter(|p| p.participant().kind == ParticipantKind::State) {
                w.text(&format!("{dir}badges/{}.svg", p.code()), &crate::badge::badge(snapshot, p, as_of, lang))?;
            }
            let mut files: Vec<(String, u64, Sha256, String)> =
                written.iter().map(|(n, b, h)| (n.clone(), *b, *h, what(n, &tables, as_of, lang))).collect();
            files.sort_by(|a, b| a.0.cmp(&b.0));
            let site = Site {
                lang,
                version: &version_text,
                created,
                as_of,
                snapshot,
                timeline,
                reservations: &reservations,
                status_as_at: status_as_at.clone(),
                files,
                citation_cff: &citation_cff,
                title: TITLE,
                homepage: HOMEPAGE,
                license: (LICENSE.0, LICENSE.1),
            };
            w.text(&format!("{dir}index.html"), &site.html())?;
        }
        let mut sums: Vec<(String, u64, Sha256)> = w.written.clone();
        sums.sort_by(|a, b| a.0.cmp(&b.0));
        let text: String = sums.iter().map(|(name, _, h)| format!("{h}  {name}\n")).collect();
        w.text("SHA256SUMS", &text)?;
        Ok(())
    });
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    crate::drop_later(tables.into_iter().map(|p| p.table).collect::<Vec<Table>>());
    swap_in(&tmp, out)?;
    let mut files = w.written;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Built {
        dir: out.to_owned(),
        version: version_text,
        previous: previous.map(|p| format!("{}.{}.{}", p.version.0, p.version.1, p.version.2)),
        files,
        new_events: new_events.len(),
    })
}

/// How many tables the release has.
const TABLES: usize = 12;

/// Table `i` of the release, in the order of its files.
fn make_table<'a>(i: usize, streams: &'a [StreamInput<'a>], snapshot: &'a Snapshot, as_of: NaiveDate) -> Published<'a> {
    match i {
        0 => tables::events_made(streams, snapshot).growing(),
        1 => Published::held(tables::status(streams, snapshot, as_of)),
        2 => Published::held(tables::campaign(snapshot, as_of)),
        3 => Published::held(tables::timeline(snapshot, as_of)),
        4 => Published::held(tables::participants()),
        5 => Published::held(tables::treaties(streams)),
        6 => tables::reservations(streams, snapshot, as_of).growing(),
        7 => tables::objections(streams, snapshot, as_of).growing(),
        8 => tables::notifications(streams, snapshot, as_of).growing(),
        9 => Published::held(tables::procedures(streams, snapshot, as_of)),
        10 => Published::held(tables::population()),
        11 => tables::panel(snapshot, as_of),
        _ => unreachable!("{TABLES} tables"),
    }
}

/// `.<name>.tmp-<pid>` beside `out`. Called under the publishing lock: every other
/// `.<name>.tmp-*` there was left by a build that was killed (a live publisher would hold the
/// lock), and is removed first.
fn temp_dir(out: &Path) -> Result<PathBuf, PublishError> {
    let parent = beside(out);
    fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out.file_name().map_or_else(|| "outputs".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.tmp-");
    for entry in fs::read_dir(parent).map_err(io(parent))?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    let tmp = parent.join(format!("{prefix}{}", std::process::id()));
    fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    Ok(tmp)
}

/// Puts `tmp` in the place of `out` in one atomic step where the system allows it
/// (renameat2 with RENAME_EXCHANGE), then removes the old release.
fn swap_in(tmp: &Path, out: &Path) -> Result<(), PublishError> {
    if out.exists() {
        match rustix::fs::renameat_with(rustix::fs::CWD, tmp, rustix::fs::CWD, out, rustix::fs::RenameFlags::EXCHANGE) {
            Ok(()) => {}
            Err(_) => {
                // A file system without the exchange: two renames, the old release kept
                // beside until the new one is in place.
                let old = tmp.with_extension("old");
                fs::rename(out, &old).map_err(io(out))?;
                fs::rename(tmp, out).map_err(io(out))?;
                let _ = fs::remove_dir_all(&old);
                return Ok(());
            }
        }
        fs::remove_dir_all(tmp).map_err(io(tmp))?;
    } else {
        fs::rename(tmp, out).map_err(io(out))?;
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        File::open(parent).and_then(|d| d.sync_all()).map_err(io(parent))?;
    }
    Ok(())
}

fn datapackage(
    tables: &[Published<'_>],
    files: &[(String, u64, Sha256)],
    version: &str,
    created: DateTime<Utc>,
    as_of: NaiveDate,
    streams: &[StreamInput<'_>],
    schema_hash: &str,
) -> Json {
    let file = |name: &str| files.iter().find(|(n, _, _)| n == name).expect("written");
    let workbook = file(WORKBOOK);
    let mut resources = Vec::new();
    for t in tables.iter().map(|p| &p.table) {
        for (format, mediatype) in
            [("csv", "text/csv"), ("parquet", "application/vnd.apache.parquet"), ("json", "application/json")]
        {
            if format == "json" && !t.json {
                continue;
            }
            let path = format!("{}.{format}", t.name);
            let (_, bytes, hash) = file(&path);
            let mut r = json!({
                "name": format!("{}-{format}", t.name),
                "type": "table",
                "path": path,
                "format": format,
                "mediatype": mediatype,
                "title": format!("{} ({})", t.title, format.to_uppercase()),
                "description": t.description,
                "bytes": bytes,
                "hash": format!("sha256:{hash}"),
                "schema": format!("schemas/{}.json", t.name),
            });
            if format != "parquet" {
                r["encoding"] = json!("utf-8");
            }
            // Frictionless measures the size of a CSV file as it reads it, but reads Parquet and
            // JSON past its byte counter and would report a declared size as not matching: only
            // CSV declares `bytes`; the hash (and SHA256SUMS) keep every file checkable.
            if format != "csv" {
                r.as_object_mut().expect("an object").remove("bytes");
            }
            resources.push(r);
        }
    }
    // The sources: each treaty's UNTC page, with the latest "status as at" the log cites.
    let sources: Vec<Json> = streams
        .iter()
        .filter(|s| !s.entries.is_empty())
        .map(|s| {
            let t = s.treaty.treaty();
            let status = s.entries.iter().filter_map(|e| e.event.source.status_as_at).max();
            let title = match status {
                Some(at) => format!(
                    "UN Treaty Collection, status of the {} ({}), status as at {}",
                    t.short_title,
                    t.mtdsg,
                    at.to_rfc3339()
                ),
                None => format!("UN Treaty Collection, status of the {} ({})", t.short_title, t.mtdsg),
            };
            json!({"title": title, "path": t.untc_url})
        })
        .collect();
    let stream_info: BTreeMap<&str, Json> =
        streams.iter().map(|s| (s.treaty.key(), json!({"events": s.entries.len(), "head": s.head.to_hex()}))).collect();
    json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": "An append-only, sourced ledger of actions on the 18 core UN human rights treaties, and each State's status folded from it. Built by `treaty build` from the event log in `events/`. See docs/DATA.md.",
        "version": version,
        "created": created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "homepage": HOMEPAGE,
        "keywords": ["human rights", "treaties", "United Nations", "ICESCR", "OP-ICESCR", "ratification"],
        "licenses": [{"name": LICENSE.0, "path": LICENSE.1, "title": LICENSE.2}],
        "contributors": [{"title": "treaty contributors", "roles": ["creator"]}],
        "sources": sources,
        "resources": resources,
        "treaty:as_of": as_of.to_string(),
        // The workbook is not a Data Package resource (one file of many tables; Frictionless
        // would need its Excel plugin to read it); it is listed here with its hash.
        "treaty:workbook": {"path": WORKBOOK, "bytes": workbook.1, "hash": format!("sha256:{}", workbook.2)},
        "treaty:streams": stream_info,
        "treaty:schema_sha256": schema_hash,
    })
}

fn changelog(
    previous: Option<&Previous>,
    version: &str,
    created: DateTime<Utc>,
    streams: &[StreamInput<'_>],
    new_events: &[&treaty_model::Event],
) -> String {
    let old = previous.map(|p| p.changelog.as_str()).unwrap_or_default();
    let same_version = previous.is_some_and(|p| format!("{}.{}.{}", p.version.0, p.version.1, p.version.2) == version);
    if same_version && !old.is_empty() {
        return old.to_owned();
    }
    let mut section = format!("## {version} — {}\n\n", created.format("%Y-%m-%d"));
    if previous.is_none() {
        let total: usize = streams.iter().map(|s| s.entries.len()).sum();
        let treaties = streams.iter().filter(|s| !s.entries.is_empty()).count();
        section.push_str(&format!(
            "The first release: {total} events on {treaties} treaties, each with its source. Every treaty's signatories and parties on the date of its source page equal the page's own count.\n"
        ));
    } else if new_events.is_empty() {
        section.push_str("The tables' layout changed; no event was added.\n");
    } else {
        let mut by_treaty: BTreeMap<TreatyId, Vec<String>> = BTreeMap::new();
        for e in new_events {
            by_treaty.entry(e.fact.treaty).or_default().push(tables::sentence(e));
        }
        for (t, sentences) in by_treaty {
            section.push_str(&format!("\n### {}\n\n", t.treaty().short_title));
            for s in sentences {
                section.push_str(&format!("- {s}.\n"));
            }
        }
        let corrections =
            new_events.iter().filter(|e| e.fact.corrects.is_some() || e.fact.action == Action::Retraction).count();
        if corrections > 0 {
            section.push_str(&format!("\n{corrections} of these correct or retract earlier records.\n"));
        }
    }
    let header =
        "# Changelog\n\nEach release of the dataset, newest first, with what changed since the one before.\n\n";
    let rest = old.strip_prefix(header).unwrap_or(old);
    format!("{header}{section}\n{rest}").trim_end().to_owned() + "\n"
}

/// What a file of the release holds, for the page's list of downloads, in `lang`.
fn what(name: &str, tables: &[Published<'_>], as_of: NaiveDate, lang: Lang) -> String {
    let t = lang.t();
    let pick = |en: &str, es: &str, fr: &str| match lang {
        Lang::En => en.to_owned(),
        Lang::Es => es.to_owned(),
        Lang::Fr => fr.to_owned(),
    };
    let map_name = name.strip_prefix("es/").or_else(|| name.strip_prefix("fr/")).unwrap_or(name);
    if let Some(key) = map_name.strip_prefix("maps/").and_then(|n| n.strip_suffix(".svg")) {
        let tr = TreatyId::parse(key).expect("a map of a treaty");
        return crate::i18n::fill(t.file_map, &[("treaty", tr.treaty().short_title), ("date", &lang.long_date(as_of))]);
    }
    let describe = |stem: &str| {
        t.tables
            .iter()
            .find(|(n, _)| *n == stem)
            .map(|(_, d)| (*d).to_owned())
            .or_else(|| tables.iter().find(|x| x.table.name == stem).map(|x| x.table.title.to_owned()))
    };
    if let Some(table) = name.strip_prefix("schemas/").and_then(|n| n.strip_suffix(".json")) {
        return pick(
            &format!("Table Schema of the {table} table: its columns, types and keys"),
            &format!("Table Schema de la tabla {table}: sus columnas, tipos y claves"),
            &format!("Table Schema du tableau {table} : ses colonnes, types et clés"),
        );
    }
    match name {
        "datapackage.json" => pick(
            "Data Package descriptor (Frictionless v2): version, licence, sources, every table's schema, size and hash",
            "Descriptor del Data Package (Frictionless v2): versión, licencia, fuentes, esquema, tamaño y hash de cada tabla",
            "Descripteur du Data Package (Frictionless v2) : version, licence, sources, schéma, taille et empreinte de chaque tableau",
        ),
        "CHANGELOG.md" => {
            pick("What each release changed", "Lo que cambió cada versión", "Ce que chaque version a changé")
        }
        "CITATION.cff" => pick(
            "How to cite the dataset (Citation File Format)",
            "Cómo citar los datos (Citation File Format)",
            "Comment citer les données (Citation File Format)",
        ),
        "feed.xml" => t.feed_row.to_owned(),
        WORKBOOK => pick(
            "Every table in one workbook for Excel and LibreOffice (a sheet per table, codes as text, dates as dates)",
            "Todas las tablas en un libro para Excel y LibreOffice (una hoja por tabla, códigos como texto, fechas como fechas)",
            "Tous les tableaux dans un classeur pour Excel et LibreOffice (une feuille par tableau, codes en texte, dates en dates)",
        ),
        _ => {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            describe(stem).map_or_else(
                || name.to_owned(),
                |d| format!("{d} ({})", if ext == "parquet" { "Parquet".to_owned() } else { ext.to_uppercase() }),
            )
        }
    }
}

fn citation(version: &str, created: DateTime<Utc>) -> String {
    format!(
        "cff-version: 1.2.0\n\
message: \"If you use this dataset, please cite it as below, and cite the UN Treaty Collection as its source.\"\n\
type: dataset\n\
title: \"{TITLE}\"\n\
version: \"{version}\"\n\
date-released: {}\n\
authors:\n  - name: \"treaty contributors\"\n\
license: {}\n\
repository-code: \"{HOMEPAGE}\"\n\
keywords:\n  - human rights\n  - treaties\n  - United Nations\n  - OP-ICESCR\n",
        created.format("%Y-%m-%d"),
        LICENSE.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_nothing_an_empty_directory_or_a_release_of_ours_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        assert!(check_output(&at("absent")).is_ok());
        fs::create_dir(at("empty")).unwrap();
        assert!(check_output(&at("empty")).is_ok());
        fs::create_dir(at("ours")).unwrap();
        fs::write(at("ours/datapackage.json"), format!("{{\"name\": \"{PACKAGE_NAME}\", \"treaty:streams\": {{}}}}"))
            .unwrap();
        assert!(check_output(&at("ours")).is_ok());

        fs::create_dir(at("log")).unwrap();
        fs::write(at("log/icescr.ndjson"), "{}\n").unwrap();
        fs::create_dir(at("theirs")).unwrap();
        fs::write(at("theirs/datapackage.json"), "{\"name\": \"other\", \"resources\": []}").unwrap();
        fs::create_dir(at("broken")).unwrap();
        fs::write(at("broken/datapackage.json"), "{").unwrap();
        fs::write(at("file"), "x").unwrap();
        std::os::unix::fs::symlink(at("ours"), at("link")).unwrap();
        for name in ["log", "theirs", "broken", "file", "link"] {
            let e = check_output(&at(name)).unwrap_err();
            assert!(matches!(e, PublishError::NotARelease { .. }), "{name}: {e}");
            assert!(e.to_string().contains("a release may only replace"), "{e}");
        }
        for path in [".", "..", "/", "x/.."] {
            assert!(matches!(check_output(Path::new(path)), Err(PublishError::NotARelease { .. })), "{path}");
        }
    }

    #[test]
    fn the_lock_is_held_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("outputs");
        let lock = PublishLock::acquire(&out, |_| panic!("nobody else holds it")).unwrap();
        assert_eq!(lock.out(), out);
        let file = File::open(dir.path().join(".outputs.lock")).unwrap();
        assert!(matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock)));
        drop(lock);
        assert!(file.try_lock().is_ok());
    }
}
