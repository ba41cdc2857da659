//! Downloading UNTC status pages, politely.
//!
//! A [`Fetcher`] sends one request at a time, waits [`FetchConfig::min_interval`] between
//! requests to the site, gives up on a request after [`FetchConfig::timeout`], retries server
//! errors, time-outs and cut connections a bounded number of times with exponential backoff,
//! refuses bodies over [`FetchConfig::max_bytes`], and never returns a truncated body as a page.
//! With a [`FetchConfig::cache_dir`] it keeps the last body of each URL with its `ETag` and
//! `Last-Modified`, asks the server whether the page changed, and serves the cached bytes on
//! `304 Not Modified`.
//!
//! ```no_run
//! use treaty_model::TreatyId;
//! use treaty_untc::fetch::{FetchConfig, Fetcher, status_page_url};
//!
//! let config = FetchConfig { cache_dir: Some(".cache/untc".into()), ..FetchConfig::default() };
//! let url = status_page_url(&config.base_url, TreatyId::parse("op-icescr").unwrap());
//! let mut fetcher = Fetcher::new(config).unwrap();
//! let page = fetcher.fetch(&url).unwrap();
//! println!("{} bytes, sha256 {}", page.bytes.len(), page.sha256);
//! ```

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::blocking::{Client, Response};
use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url, redirect};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use treaty_model::{Sha256, TreatyId};

/// The UN Treaty Collection.
pub const DEFAULT_BASE_URL: &str = "https://treaties.un.org";

/// The `User-Agent` sent with every request: who we are and where to read about it.
pub const USER_AGENT: &str = concat!(
    "treaty/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/treaty-ledger/treaty; open data on UN treaty actions)"
);

/// Redirects are followed only to the same host, and at most this many in a row.
pub const MAX_REDIRECTS: usize = 5;

/// How a [`Fetcher`] behaves. `FetchConfig::default()` is right for the live site.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Scheme and host of the site, without a trailing slash (default [`DEFAULT_BASE_URL`]).
    /// Used by [`status_page_url`]; [`Fetcher::fetch`] takes whole URLs.
    pub base_url: String,
    /// Where to keep the last body of each URL with its validators; `None` for no cache.
    pub cache_dir: Option<PathBuf>,
    /// Limit on connecting to the server (default 10 s).
    pub connect_timeout: Duration,
    /// Limit on one whole request, from connecting to the last byte of the body (default 60 s).
    pub timeout: Duration,
    /// Largest body accepted, in bytes (default 16 MiB).
    pub max_bytes: u64,
    /// Least time between the end of one request and the start of the next (default 1 s).
    pub min_interval: Duration,
    /// How many times a failed request is tried again (default 3): after a 5xx answer, a
    /// time-out, a truncated body or a network failure; never after a 4xx answer.
    pub retries: u32,
    /// Wait before the first retry, doubled before each further one (default 1 s).
    pub backoff: Duration,
    /// The `User-Agent` header (default [`USER_AGENT`]).
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            base_url: DEFAULT_BASE_URL.to_owned(),
            cache_dir: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 16 * 1024 * 1024,
            min_interval: Duration::from_secs(1),
            retries: 3,
            backoff: Duration::from_secs(1),
            user_agent: USER_AGENT.to_owned(),
        }
    }
}

/// The UNTC status page of `treaty` under `base_url`, e.g.
/// `https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en`.
///
/// The chapter is the Roman numeral that starts the treaty's MTDSG number (`IV` is 4).
#[must_use]
pub fn status_page_url(base_url: &str, treaty: TreatyId) -> String {
    let mtdsg = treaty.treaty().mtdsg;
    let roman = mtdsg.split('-').next().unwrap_or(mtdsg);
    let chapter = roman_numeral(roman).unwrap_or_else(|| panic!("MTDSG number {mtdsg} starts with a chapter numeral"));
    format!(
        "{}/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en",
        base_url.trim_end_matches('/')
    )
}

/// The value of a Roman numeral (`IV` is 4, `XXIX` is 29).
fn roman_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let values = s.chars().map(digit).collect::<Option<Vec<u32>>>()?;
    if values.is_empty() {
        return None;
    }
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= i64::from(v);
        } else {
            total += i64::from(v);
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0)
}

/// A page as fetched.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL asked for (not the one redirected to, if any).
    pub url: String,
    /// The body, byte for byte.
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`.
    pub sha256: Sha256,
    /// When the server answered (for a `304`, when it confirmed the cached copy is current).
    pub retrieved_at: DateTime<Utc>,
    /// The server answered `304 Not Modified` and `bytes` come from the cache.
    pub not_modified: bool,
}

/// Why a page could not be fetched. Each names the URL (or cache file) concerned.
#[derive(Debug, Error)]
pub enum FetchError {
    /// The URL cannot be requested.
    #[error("{url}: not an http(s) URL")]
    InvalidUrl {
        /// The URL.
        url: String,
    },
    /// The server answered with an error status (retried first if it was a 5xx).
    #[error("{url}: the server answered HTTP {status}{} (after {attempts} attempt{})",
        reason(*.status), plural(*.attempts))]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// Requests sent.
        attempts: u32,
    },
    /// No complete answer within the connect or total time limit, on every attempt.
    #[error("{url}: the server did not answer in time (after {attempts} attempt{})", plural(*.attempts))]
    Timeout {
        /// The URL.
        url: String,
        /// Requests sent.
        attempts: u32,
    },
    /// The body is larger than [`FetchConfig::max_bytes`]; not retried.
    #[error("{url}: the page is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The connection closed before the whole body arrived, on every attempt.
    #[error("{url}: the connection was cut after {got} bytes of the page{} (after {attempts} attempt{})",
        .expected.map(|e| format!(", which was announced as {e} bytes")).unwrap_or_default(), plural(*.attempts))]
    Truncated {
        /// The URL.
        url: String,
        /// The `Content-Length` announced, if any.
        expected: Option<u64>,
        /// Bytes received.
        got: u64,
        /// Requests sent.
        attempts: u32,
    },
    /// The server redirected to another host, or too many times.
    #[error("{url}: redirected to {location}, which is not followed (another host, or more than {max} redirects)",
        max = MAX_REDIRECTS)]
    Redirect {
        /// The URL.
        url: String,
        /// Where the server pointed.
        location: String,
    },
    /// The server could not be reached, or the connection failed before an answer.
    #[error("{url}: could not get an answer from the server (after {attempts} attempt{})", plural(*.attempts))]
    Network {
        /// The URL.
        url: String,
        /// Requests sent.
        attempts: u32,
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// The HTTP client could not be set up.
    #[error("could not set up the HTTP client")]
    Client {
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// Reading or writing the cache failed.
    #[error("{}: the page cache cannot be read or written", .path.display())]
    Cache {
        /// The cache file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

fn reason(status: u16) -> String {
    StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).map(|r| format!(" {r}")).unwrap_or_default()
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl FetchError {
    /// Whether trying again may help: 5xx answers, time-outs, cut connections, network failures.
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500,
            FetchError::Timeout { .. } | FetchError::Truncated { .. } | FetchError::Network { .. } => true,
            _ => false,
        }
    }

    fn set_attempts(&mut self, n: u32) {
        match self {
            FetchError::Status { attempts, .. }
            | FetchError::Timeout { attempts, .. }
            | FetchError::Truncated { attempts, .. }
            | FetchError::Network { attempts, .. } => *attempts = n,
            _ => {}
        }
    }
}

/// Downloads pages one at a time, spaced by [`FetchConfig::min_interval`].
#[derive(Debug)]
pub struct Fetcher {
    client: Client,
    config: FetchConfig,
    /// When the last request to the site ended (successfully or not).
    last_request: Option<Instant>,
}

static INSTALL_PROVIDER: Once = Once::new();

impl Fetcher {
    /// A fetcher with `config`. Installs rustls' `ring` crypto provider as the process default
    /// if none is installed yet.
    ///
    /// # Errors
    /// [`FetchError::Client`] if the HTTP client cannot be built (no usable TLS setup).
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        INSTALL_PROVIDER.call_once(|| {
            // Fails only when another provider is already installed, which is as good.
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let policy = redirect::Policy::custom(|attempt| {
            let same_host = attempt.previous().first().is_some_and(|first| {
                first.host_str() == attempt.url().host_str()
                    && first.port_or_known_default() == attempt.url().port_or_known_default()
            });
            if same_host && attempt.previous().len() <= MAX_REDIRECTS { attempt.follow() } else { attempt.stop() }
        });
        let client = Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(policy)
            .build()
            .map_err(|source| FetchError::Client { source })?;
        Ok(Fetcher { client, config, last_request: None })
    }

    /// The configuration in use.
    #[must_use]
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches `url`: waits for its turn, retries transient failures with backoff, and with a
    /// cache asks only for a changed page.
    ///
    /// # Errors
    /// A [`FetchError`] naming the URL: an error status, a time-out, a body too large or cut
    /// short, a redirect elsewhere, a network failure, or a cache that cannot be used.
    pub fn fetch(&mut self, url: &str) -> Result<Fetched, FetchError> {
        match Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            _ => return Err(FetchError::InvalidUrl { url: url.to_owned() }),
        }
        let cache = self.config.cache_dir.as_deref().map(|dir| CacheEntry::paths(dir, url));
        let cached = match &cache {
            Some(paths) => paths.load(url)?,
            None => None,
        };

        let mut attempt: u32 = 0;
        let outcome = loop {
            attempt += 1;
            self.wait_for_turn();
            let result = self.attempt(url, cached.as_ref());
            self.last_request = Some(Instant::now());
            match result {
                Ok(outcome) => break outcome,
                Err(mut err) => {
                    if err.is_transient() && attempt <= self.config.retries {
                        let factor = 2u32.saturating_pow(attempt - 1);
                        std::thread::sleep(self.config.backoff.saturating_mul(factor));
                        continue;
                    }
                    err.set_attempts(attempt);
                    return Err(err);
                }
            }
        };

        let retrieved_at = Utc::now();
        match outcome {
            Outcome::NotModified => {
                let (_, bytes) = cached.expect("a 304 is accepted only when the request was conditional");
                Ok(Fetched { url: url.to_owned(), sha256: Sha256::of(&bytes), bytes, retrieved_at, not_modified: true })
            }
            Outcome::Fresh { bytes, etag, last_modified } => {
                let sha256 = Sha256::of(&bytes);
                if let Some(paths) = &cache {
                    let meta = CacheMeta { url: url.to_owned(), etag, last_modified, sha256, retrieved_at };
                    paths.store(&meta, &bytes)?;
                }
                Ok(Fetched { url: url.to_owned(), bytes, sha256, retrieved_at, not_modified: false })
            }
        }
    }

    /// Sleeps until `min_interval` has passed since the last request ended.
    fn wait_for_turn(&self) {
        if let Some(last) = self.last_request {
            let next = last + self.config.min_interval;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
    }

    /// One request, without retries.
    fn attempt(&self, url: &str, cached: Option<&(CacheMeta, Vec<u8>)>) -> Result<Outcome, FetchError> {
        let mut request = self.client.get(url).timeout(self.config.timeout);
        let mut conditional = false;
        if let Some((meta, _)) = cached {
            if let Some(etag) = &meta.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
                conditional = true;
            }
            if let Some(date) = &meta.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, date);
                conditional = true;
            }
        }
        let response = request.send().map_err(|e| self.request_error(url, e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            if conditional {
                return Ok(Outcome::NotModified);
            }
            return Err(FetchError::Status { url: url.to_owned(), status: status.as_u16(), attempts: 1 });
        }
        if status.is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
                .unwrap_or_default();
            return Err(FetchError::Redirect { url: url.to_owned(), location });
        }
        if !status.is_success() {
            return Err(FetchError::Status { url: url.to_owned(), status: status.as_u16(), attempts: 1 });
        }
        let etag = header_text(response.headers(), header::ETAG);
        let last_modified = header_text(response.headers(), header::LAST_MODIFIED);
        let bytes = self.read_body(url, response)?;
        Ok(Outcome::Fresh { bytes, etag, last_modified })
    }

    fn request_error(&self, url: &str, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout { url: url.to_owned(), attempts: 1 }
        } else if e.is_redirect() {
            let location = e.url().map(ToString::to_string).unwrap_or_default();
            FetchError::Redirect { url: url.to_owned(), location }
        } else {
            FetchError::Network { url: url.to_owned(), attempts: 1, source: e }
        }
    }

    /// Reads the whole body, refusing more than `max_bytes` and less than `Content-Length`.
    fn read_body(&self, url: &str, mut response: Response) -> Result<Vec<u8>, FetchError> {
        let limit = self.config.max_bytes;
        let expected = response.content_length();
        if expected.is_some_and(|n| n > limit) {
            return Err(FetchError::TooLarge { url: url.to_owned(), limit });
        }
        let capacity = usize::try_from(expected.unwrap_or(64 * 1024).min(limit)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match response.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    bytes.extend_from_slice(&chunk[..n]);
                    if bytes.len() as u64 > limit {
                        return Err(FetchError::TooLarge { url: url.to_owned(), limit });
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => return Err(FetchError::Timeout { url: url.to_owned(), attempts: 1 }),
                Err(_) => {
                    let got = bytes.len() as u64;
                    return Err(FetchError::Truncated { url: url.to_owned(), expected, got, attempts: 1 });
                }
            }
        }
        let got = bytes.len() as u64;
        if expected.is_some_and(|n| got < n) {
            return Err(FetchError::Truncated { url: url.to_owned(), expected, got, attempts: 1 });
        }
        Ok(bytes)
    }
}

/// What one successful request brought.
enum Outcome {
    Fresh { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
    NotModified,
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Whether a body read failed because a time limit ran out.
fn is_timeout(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::TimedOut {
        return true;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|inner| inner as _);
    while let Some(err) = source {
        if err.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_timeout)
            || err.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = err.source();
    }
    false
}

/// What the cache keeps beside a body.
#[derive(Debug, Serialize, Deserialize)]
struct CacheMeta {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    sha256: Sha256,
    retrieved_at: DateTime<Utc>,
}

/// The two files of one URL in the cache: `<sha256 of the URL>.body` and `.json`.
struct CacheEntry {
    dir: PathBuf,
    body: PathBuf,
    meta: PathBuf,
}

impl CacheEntry {
    fn paths(dir: &Path, url: &str) -> Self {
        let key = Sha256::of(url.as_bytes()).to_hex();
        CacheEntry { dir: dir.to_owned(), body: dir.join(format!("{key}.body")), meta: dir.join(format!("{key}.json")) }
    }

    /// The cached metadata and body, if both are there and agree. A missing, unreadable-as-JSON
    /// or mismatched entry counts as absent (it is replaced by the next fetch).
    fn load(&self, url: &str) -> Result<Option<(CacheMeta, Vec<u8>)>, FetchError> {
        let Some(meta) = read_optional(&self.meta)? else { return Ok(None) };
        let Ok(meta) = serde_json::from_slice::<CacheMeta>(&meta) else { return Ok(None) };
        let Some(body) = read_optional(&self.body)? else { return Ok(None) };
        if meta.url != url || Sha256::of(&body) != meta.sha256 {
            return Ok(None);
        }
        Ok(Some((meta, body)))
    }

    /// Writes the body, then the metadata, each to a temporary file renamed into place.
    fn store(&self, meta: &CacheMeta, body: &[u8]) -> Result<(), FetchError> {
        fs::create_dir_all(&self.dir).map_err(|source| FetchError::Cache { path: self.dir.clone(), source })?;
        write_atomically(&self.body, body)?;
        let json = serde_json::to_vec_pretty(meta).expect("cache metadata serializes");
        write_atomically(&self.meta, &json)
    }
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, FetchError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FetchError::Cache { path: path.to_owned(), source }),
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("entry");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let tmp = path.with_file_name(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|source| {
        let _ = fs::remove_file(&tmp);
        FetchError::Cache { path: path.to_owned(), source }
    })
}
