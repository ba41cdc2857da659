use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Keep the append-only ledger of UN treaty actions, check it, and ask it questions.";

const AFTER: &str = "\
Exit codes:
  0  done
  1  refused: a treaty rule, a duplicate, a stale head, or a log that does not verify
  2  error: bad arguments or input, or a file that cannot be read or written

A log that does not verify (a damaged line, a broken chain, a stray file) is never extended:
append, import and scrape --apply refuse it. Questions asked of it are refused too, unless
--allow-damaged is given.

Environment:
  TREATY_EVENTS        the event log directory (default: ./events)
  TREATY_NOW           the time to use as \"now\" (RFC 3339), for reproducible runs and tests
  TREATY_LOCK_TIMEOUT  seconds to wait for another process's lock on the log (default: 60)

Examples:
  treaty verify
  treaty build                                   # verify, fold and publish outputs/
  treaty status --participant Ecuador
  treaty summary --treaty op-icescr --as-of 2015-12-31 --format json
  treaty log --treaty op-icescr --action ratification";

#[derive(Debug, Parser)]
#[command(name = "treaty", version, about = ABOUT, after_help = AFTER, max_term_width = 100)]
pub struct Cli {
    /// The event log directory.
    #[arg(long, global = true, env = "TREATY_EVENTS", default_value = "events", value_name = "DIR")]
    pub events: PathBuf,

    /// Answer questions (status, summary, log, map) from a log that does not verify, from
    /// what can be read; its problems are still printed on standard error.
    #[arg(long, global = true)]
    pub allow_damaged: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate one event against the treaty's rules and append it to its stream.
    #[command(after_help = crate::cmd::append::EXAMPLES)]
    Append(Box<AppendArgs>),
    /// Append many events from an NDJSON or CSV file: all of them, or none.
    #[command(after_help = crate::cmd::import::EXAMPLES)]
    Import(ImportArgs),
    /// Check every stream: line format, hash chain, ids and treaty rules.
    #[command(after_help = crate::cmd::verify::EXAMPLES)]
    Verify(VerifyArgs),
    /// List recorded events, filtered.
    #[command(after_help = crate::cmd::log::EXAMPLES)]
    Log(LogArgs),
    /// Each participant's status in each treaty on a date.
    #[command(after_help = crate::cmd::status::EXAMPLES)]
    Status(StatusArgs),
    /// A treaty's counts on a date: signatories, parties, in force, entry into force.
    #[command(after_help = crate::cmd::summary::EXAMPLES)]
    Summary(SummaryArgs),
    /// What changed between two dates (or what the ledger learned between two times).
    #[command(after_help = crate::cmd::diff::EXAMPLES)]
    Diff(DiffArgs),
    /// Verify, fold and publish the release: CSV, Parquet, JSON, datapackage.json, checksums.
    #[command(after_help = crate::cmd::build::EXAMPLES)]
    Build(BuildArgs),
    /// Draw a treaty's world map as SVG (for the OP-ICESCR: the four campaign categories).
    #[command(after_help = crate::cmd::map::EXAMPLES)]
    Map(MapArgs),
    /// Ask the release's tables a question in SQL (polars; needs the `query` feature).
    #[command(after_help = crate::cmd::query::EXAMPLES)]
    Query(QueryArgs),
    /// Run a pipeline (pipelines/*.toml): fetch, parse, reconcile, append, verify, publish.
    #[command(after_help = crate::cmd::run::EXAMPLES)]
    Run(RunArgs),
    /// Read UNTC status pages (saved or live) and propose, or append, the events the log lacks.
    #[command(after_help = crate::cmd::scrape::EXAMPLES)]
    Scrape(ScrapeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON (an array of objects, or one object).
    Json,
    /// CSV with a header row.
    Csv,
}

/// The fields of one event, as flags.
#[derive(Debug, Args, Clone, Default)]
pub struct EventFlags {
    /// Treaty key (`op-icescr`), short title (`OP-ICESCR`) or UNTC number (`IV-3-a`).
    #[arg(long)]
    pub treaty: String,
    /// ISO 3166-1 alpha-3 code (`ECU`) or UNTC name (`Ecuador`).
    #[arg(long)]
    pub participant: String,
    /// signature, succession_to_signature, definitive_signature, ratification, accession,
    /// succession, acceptance, approval, formal_confirmation, withdrawal_of_signature,
    /// denunciation, declaration, declaration_withdrawal, retraction, reservation,
    /// reservation_withdrawal, objection, notification.
    #[arg(long)]
    pub action: String,
    /// Legal date of the action (YYYY-MM-DD): signature, deposit, receipt of a notification.
    #[arg(long)]
    pub date: String,
    /// Date it takes effect, where the record states it (succession, denunciation).
    #[arg(long, value_name = "DATE")]
    pub effective_date: Option<String>,
    /// Article of a declaration (e.g. 10).
    #[arg(long)]
    pub article: Option<String>,
    /// Effect of a declaration: opt_in, opt_out or statement.
    #[arg(long)]
    pub declaration: Option<String>,
    /// Id of the earlier event this one corrects (restating its fact) or retracts.
    #[arg(long, value_name = "EVENT_ID")]
    pub corrects: Option<String>,
    /// What the record calls a reservation, withdrawal or notification (`reservation`,
    /// `interpretative declaration`, `derogation`, ...).
    #[arg(long)]
    pub kind: Option<String>,
    /// For an objection: the participant objected to (code or UNTC name).
    #[arg(long, value_name = "PARTICIPANT")]
    pub counterpart: Option<String>,
    /// How the date was established: stated, upon_consent or upon_signature (required with
    /// reservation, reservation_withdrawal, objection and notification).
    #[arg(long, value_name = "BASIS")]
    pub date_basis: Option<String>,
    /// The text of a reservation, declaration, objection or notification, as the record gives it.
    #[arg(long)]
    pub text: Option<String>,
    /// URL of the record the fact is read from.
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// Citable reference, e.g. a depositary notification `C.N.123.2010.TREATIES-IV.3.a`.
    #[arg(long, value_name = "REF")]
    pub source_reference: Option<String>,
    /// untc_status_page, depositary_notification, untc_record or other (default: guessed
    /// from the URL or reference).
    #[arg(long, value_name = "KIND")]
    pub source_kind: Option<String>,
    /// When the source was fetched (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub source_retrieved_at: Option<String>,
    /// SHA-256 of the fetched bytes.
    #[arg(long, value_name = "HEX")]
    pub source_sha256: Option<String>,
    /// The page's "status as at" time (RFC 3339 with offset).
    #[arg(long, value_name = "TIME")]
    pub source_status_as_at: Option<String>,
    /// The raw text of the cell the fact was read from.
    #[arg(long, value_name = "TEXT")]
    pub source_cell: Option<String>,
    /// A free note for readers.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct AppendArgs {
    #[command(flatten)]
    pub event: EventFlags,
    /// Refuse unless the stream's head is still this hash (what you reviewed).
    #[arg(long, value_name = "HASH")]
    pub expect_head: Option<String>,
    /// Check the event and print it, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// NDJSON (`.ndjson`, `.jsonl`) or CSV (`.csv`) file; `-` reads standard input.
    pub file: PathBuf,
    /// The file's format, when its name does not tell.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Leave out events whose fact is already recorded, instead of refusing the file.
    #[arg(long)]
    pub skip_existing: bool,
    /// Check the file and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// One JSON object per line.
    Ndjson,
    /// A header row and one event per row.
    Csv,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Remove a torn last line (an interrupted write) from each stream, keeping a backup
    /// beside it (`<stream>.bak`). Complete events are never removed.
    #[arg(long)]
    pub repair: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only these treaties (repeatable).
    #[arg(long)]
    pub treaty: Vec<String>,
    /// Only these participants, by code or name (repeatable).
    #[arg(long)]
    pub participant: Vec<String>,
    /// Only these actions (repeatable).
    #[arg(long)]
    pub action: Vec<String>,
    /// Only events dated on or after this date.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only events dated on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// The two time axes.
#[derive(Debug, Args, Clone)]
pub struct TimeFlags {
    /// Legal status on this date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only what the ledger had recorded by this time (RFC 3339, or a date meaning the end
    /// of that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub known_at: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only these treaties (repeatable; default: all).
    #[arg(long)]
    pub treaty: Vec<String>,
    /// Only these participants, by code or name (repeatable). A named participant gets a
    /// row even where it has done nothing.
    #[arg(long)]
    pub participant: Vec<String>,
    #[command(flatten)]
    pub time: TimeFlags,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Status after this legal date (YYYY-MM-DD): changes on later dates are listed.
    #[arg(long, value_name = "DATE", required_unless_present = "known_from")]
    pub from: Option<String>,
    /// Up to and including this legal date (default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Compare what the ledger had recorded by this time (RFC 3339, or a date meaning the end
    /// of that day, UTC) ...
    #[arg(long, value_name = "TIME")]
    pub known_from: Option<String>,
    /// ... with what it had recorded by this one (default: everything recorded).
    #[arg(long, value_name = "TIME")]
    pub known_to: Option<String>,
    /// Only these treaties (repeatable; default: all).
    #[arg(long)]
    pub treaty: Vec<String>,
    /// Only these participants, by code or name (repeatable; default: all).
    #[arg(long)]
    pub participant: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The treaties (repeatable; default: all).
    #[arg(long)]
    pub treaty: Vec<String>,
    #[command(flatten)]
    pub time: TimeFlags,
    /// Output format (JSON: one object for one treaty, an array for several).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["treaty", "all"])))]
#[command(group(clap::ArgGroup::new("from").required(true).args(["from_dir", "live"])))]
pub struct ScrapeArgs {
    /// The treaties to read (repeatable).
    #[arg(long)]
    pub treaty: Vec<String>,
    /// All 18 treaties of the catalogue.
    #[arg(long)]
    pub all: bool,
    /// Read saved pages from this directory (`icescr_op.html`, `op-icescr.html` or `IV-3-a.html`).
    #[arg(long, value_name = "DIR")]
    pub from_dir: Option<PathBuf>,
    /// Fetch the pages from the UN Treaty Collection.
    #[arg(long)]
    pub live: bool,
    /// Append the proposed events (through the same checks as `treaty append`); without it,
    /// nothing is written.
    #[arg(long)]
    pub apply: bool,
    /// Where page and log disagree on a date, propose a correction of the log's event.
    #[arg(long)]
    pub correct: bool,
    /// Accept pages that no longer show an action the log holds.
    #[arg(long)]
    pub allow_shrink: bool,
    /// When saved pages were retrieved (default: their own "status as at" time).
    #[arg(long, value_name = "TIME")]
    pub retrieved_at: Option<String>,
    /// The site to fetch from with --live.
    #[arg(long, value_name = "URL", default_value = "https://treaties.un.org", env = "TREATY_UNTC_BASE_URL")]
    pub base_url: String,
    /// Keep fetched pages here and ask the site only for changes (ETag / Last-Modified).
    #[arg(long, value_name = "DIR", env = "TREATY_UNTC_CACHE")]
    pub cache_dir: Option<PathBuf>,
    /// Total time allowed for one request, in seconds (one page, retries and waits included,
    /// takes at most 5 minutes).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// How many times a failed request (5xx, 429, timeout, cut body) is tried again; at most
    /// 10. A `Retry-After` the server sends is honoured within the page's time.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Wait before the first retry, in milliseconds (doubled for each next one).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub backoff_ms: u64,
    /// Least time between two requests, in milliseconds. UNTC is asked at most once a second
    /// whatever this says; lower values are for a local test server.
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub min_interval_ms: u64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The release directory.
    #[arg(long, value_name = "DIR", default_value = "outputs")]
    pub out: PathBuf,
    /// The date the status and campaign tables are for (default: the day of the latest
    /// recorded event, so that the same log gives the same files).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// One SQL query over the release's tables (quote it for the shell; one that starts with a
    /// `--` comment goes after `--`, or in a file).
    #[arg(required_unless_present_any = ["tables", "file"], conflicts_with = "file")]
    pub sql: Option<String>,
    /// Read the SQL from this file (`-`: standard input).
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The release directory whose Parquet tables are queried.
    #[arg(long, value_name = "DIR", default_value = "outputs")]
    pub release: PathBuf,
    /// List the tables, their columns and types, instead of running a query.
    #[arg(long)]
    pub tables: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The treaty to map (op-icescr: the campaign's four categories; others: party / signatory / neither).
    #[arg(long)]
    pub treaty: String,
    /// The date to map (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Where to write the SVG.
    #[arg(short = 'o', long = "output", value_name = "FILE.svg")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The pipeline spec, e.g. pipelines/op-icescr.toml.
    pub spec: PathBuf,
    /// Read saved pages from this directory instead of the spec's source.
    #[arg(long, value_name = "DIR")]
    pub offline: Option<PathBuf>,
    /// Do everything but write: report what the run would change.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write the JSON run report here, whatever the outcome.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Log format on standard error.
    #[arg(long, value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Lines for people.
    Text,
    /// One JSON object per line.
    Json,
}
