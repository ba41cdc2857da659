//! Downloading UNTC status pages, politely.
//!
//! A [`Fetcher`] sends one request at a time, waits [`FetchConfig::min_interval`] between
//! requests to the site, gives up on a request after [`FetchConfig::timeout`], retries server
//! errors, time-outs and cut connections a bounded number of times (at most [`MAX_RETRIES`])
//! with exponential backoff, honours `Retry-After` on `429` and `503`, gives up on the whole
//! fetch, retries and waits included, after [`FetchConfig::total_timeout`] (at most
//! [`MAX_TOTAL_TIMEOUT`]), refuses bodies over [`FetchConfig::max_bytes`], and never returns a
//! truncated body as a page.
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

/// [`FetchConfig::retries`] by default.
pub const DEFAULT_RETRIES: u32 = 3;

/// The most retries a [`Fetcher`] accepts ([`FetchConfig::retries`]); [`Fetcher::new`] refuses
/// more.
pub const MAX_RETRIES: u32 = 10;

/// [`FetchConfig::total_timeout`] by default: enough for the default four attempts of 60 s and
/// their backoff.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The longest [`FetchConfig::total_timeout`] a [`Fetcher`] accepts; [`Fetcher::new`] refuses
/// more.
pub const MAX_TOTAL_TIMEOUT: Duration = Duration::from_secs(30 * 60);

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
    /// An attempt also ends when the [`total_timeout`](Self::total_timeout) runs out.
    pub timeout: Duration,
    /// Limit on one whole [`Fetcher::fetch`], from its first request to its answer: every
    /// attempt and every wait between them (backoff, `Retry-After`, pacing). Default
    /// [`DEFAULT_TOTAL_TIMEOUT`]; at most [`MAX_TOTAL_TIMEOUT`]. A retry that would not start
    /// before it runs out is not made.
    pub total_timeout: Duration,
    /// Largest body accepted, in bytes (default 16 MiB).
    pub max_bytes: u64,
    /// Least time between the end of one request and the start of the next (default 1 s).
    pub min_interval: Duration,
    /// How many times a failed request is tried again (default [`DEFAULT_RETRIES`], at most
    /// [`MAX_RETRIES`]): after a 5xx or `429 Too Many Requests` answer, a time-out, a truncated
    /// body or a network failure; never after another 4xx answer.
    pub retries: u32,
    /// Wait before the first retry, doubled before each further one (default 1 s). A `429` or
    /// `503` answer with a `Retry-After` header (seconds or an HTTP date) is retried after the
    /// time it asks for instead; if that is longer than what remains of
    /// [`total_timeout`](Self::total_timeout), the fetch fails at once with
    /// [`FetchError::RetryAfterTooLong`].
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
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            max_bytes: 16 * 1024 * 1024,
            min_interval: Duration::from_secs(1),
            retries: DEFAULT_RETRIES,
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
    /// The `Content-Type` header, which may name the body's charset (for a `304`, the one
    /// cached with the body). Decode the body with [`crate::decode_html`].
    pub content_type: Option<String>,
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
    /// The server asked, with `Retry-After` on a `429` or `503`, to be asked again later than
    /// the fetch's [`FetchConfig::total_timeout`] allows; not waited for.
    #[error("{url}: the server answered HTTP {status}{} and asked to be retried after {} (Retry-After: {retry_after}), \
        which is more than the {} left of the fetch's time limit of {}; not retried (after {attempts} attempt{})",
        reason(*.status), seconds(*.wait), seconds(*.left), seconds(*.limit), plural(*.attempts))]
    RetryAfterTooLong {
        /// The URL.
        url: String,
        /// The HTTP status code (429 or 503).
        status: u16,
        /// The `Retry-After` header, verbatim.
        retry_after: String,
        /// The wait it asks for.
        wait: Duration,
        /// What remained of the time limit.
        left: Duration,
        /// The time limit, [`FetchConfig::total_timeout`].
        limit: Duration,
        /// Requests sent.
        attempts: u32,
    },
    /// The configuration asks for more than the fetcher allows.
    #[error("invalid fetch settings: {0}")]
    Config(String),
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

/// `3 s`, `1.5 s` (to a tenth of a second), `more than a century`.
fn seconds(d: Duration) -> String {
    if d.as_secs() >= 100 * 365 * 24 * 3600 {
        return "more than a century".to_owned();
    }
    let text = format!("{:.1}", d.as_secs_f64());
    format!("{} s", text.trim_end_matches('0').trim_end_matches('.'))
}

impl FetchError {
    /// Whether trying again may help: 5xx and 429 answers, time-outs, cut connections, network
    /// failures.
    fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500 || *status == 429,
            FetchError::Timeout { .. } | FetchError::Truncated { .. } | FetchError::Network { .. } => true,
            _ => false,
        }
    }

    fn set_attempts(&mut self, n: u32) {
        match self {
            FetchError::Status { attempts, .. }
            | FetchError::Timeout { attempts, .. }
            | FetchError::Truncated { attempts, .. }
            | FetchError::Network { attempts, .. }
            | FetchError::RetryAfterTooLong { attempts, .. } => *attempts = n,
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
    /// [`FetchError::Config`] if `config` asks for more than [`MAX_RETRIES`] retries, or a
    /// total time limit of zero or over [`MAX_TOTAL_TIMEOUT`]; [`FetchError::Client`] if the
    /// HTTP client cannot be built (no usable TLS setup).
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        if config.retries > MAX_RETRIES {
            return Err(FetchError::Config(format!(
                "{} retries asked for, more than the limit of {MAX_RETRIES}",
                config.retries
            )));
        }
        if config.total_timeout.is_zero() || config.total_timeout > MAX_TOTAL_TIMEOUT {
            return Err(FetchError::Config(format!(
                "a total time limit of {} per page, outside the allowed range (more than 0 s, at most {})",
                seconds(config.total_timeout),
                seconds(MAX_TOTAL_TIMEOUT)
            )));
        }
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

    /// Fetches `url`: waits for its turn, retries transient failures with backoff (or after the
    /// time a `429` or `503` asks for with `Retry-After`), all within
    /// [`FetchConfig::total_timeout`], and with a cache asks only for a changed page.
    ///
    /// # Errors
    /// A [`FetchError`] naming the URL: an error status, a time-out, a body too large or cut
    /// short, a redirect elsewhere, a network failure, a `Retry-After` beyond the time limit, or
    /// a cache that cannot be used.
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

        // The time limit of the whole fetch starts with its first request (the wait for its turn
        // belongs to the previous fetch's pacing).
        self.wait_for_turn();
        let limit = self.config.total_timeout;
        let deadline = Instant::now() + limit;
        let retries = self.config.retries.min(MAX_RETRIES);
        let mut attempt: u32 = 0;
        let outcome = loop {
            attempt += 1;
            self.wait_for_turn();
            let left = deadline.saturating_duration_since(Instant::now());
            let result = self.attempt(url, cached.as_ref(), self.config.timeout.min(left));
            self.last_request = Some(Instant::now());
            let Failure { mut error, retry_after } = match result {
                Ok(outcome) => break outcome,
                Err(failure) => failure,
            };
            error.set_attempts(attempt);
            if !error.is_transient() || attempt > retries {
                return Err(error);
            }
            let backoff = self.config.backoff.saturating_mul(2u32.saturating_pow(attempt - 1));
            let wait = retry_after.as_deref().map_or(backoff, |(_, wait)| *wait);
            // The next request starts after the wait and after the pacing, whichever is later.
            let left = deadline.saturating_duration_since(Instant::now());
            if wait.max(self.config.min_interval) >= left {
                return Err(match (retry_after.map(|b| *b), error) {
                    (Some((raw, wait)), FetchError::Status { url, status, attempts }) => {
                        FetchError::RetryAfterTooLong { url, status, retry_after: raw, wait, left, limit, attempts }
                    }
                    // No time for another attempt: the last failure is the answer.
                    (_, error) => error,
                });
            }
            std::thread::sleep(wait);
        };

        let retrieved_at = Utc::now();
        match outcome {
            Outcome::NotModified => {
                let (meta, bytes) = cached.expect("a 304 is accepted only when the request was conditional");
                Ok(Fetched {
                    url: url.to_owned(),
                    sha256: Sha256::of(&bytes),
                    bytes,
                    content_type: meta.content_type,
                    retrieved_at,
                    not_modified: true,
                })
            }
            Outcome::Fresh { bytes, content_type, etag, last_modified } => {
                let sha256 = Sha256::of(&bytes);
                if let Some(paths) = &cache {
                    let meta = CacheMeta {
                        url: url.to_owned(),
                        etag,
                        last_modified,
                        content_type: content_type.clone(),
                        sha256,
                        retrieved_at,
                    };
                    paths.store(&meta, &bytes)?;
                }
                Ok(Fetched { url: url.to_owned(), bytes, content_type, sha256, retrieved_at, not_modified: false })
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

    /// One request, without retries, allowed `timeout`.
    fn attempt(&self, url: &str, cached: Option<&(CacheMeta, Vec<u8>)>, timeout: Duration) -> Result<Outcome, Failure> {
        let mut request = self.client.get(url).timeout(timeout);
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
            return Err(FetchError::Status { url: url.to_owned(), status: status.as_u16(), attempts: 1 }.into());
        }
        if status.is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
                .unwrap_or_default();
            return Err(FetchError::Redirect { url: url.to_owned(), location }.into());
        }
        if !status.is_success() {
            let retry_after = if matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) {
                retry_after(response.headers(), Utc::now()).map(Box::new)
            } else {
                None
            };
            let error = FetchError::Status { url: url.to_owned(), status: status.as_u16(), attempts: 1 };
            return Err(Failure { error, retry_after });
        }
        let etag = header_text(response.headers(), header::ETAG);
        let last_modified = header_text(response.headers(), header::LAST_MODIFIED);
        let content_type = header_text(response.headers(), header::CONTENT_TYPE);
        let bytes = self.read_body(url, response)?;
        Ok(Outcome::Fresh { bytes, content_type, etag, last_modified })
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
    Fresh { bytes: Vec<u8>, content_type: Option<String>, etag: Option<String>, last_modified: Option<String> },
    NotModified,
}

/// Why one request failed, with the wait its `Retry-After` asked for (the header verbatim, and
/// the wait).
struct Failure {
    error: FetchError,
    retry_after: Option<Box<(String, Duration)>>,
}

impl From<FetchError> for Failure {
    fn from(error: FetchError) -> Self {
        Failure { error, retry_after: None }
    }
}

/// The wait a `Retry-After` header asks for: a number of seconds, or an HTTP date, counted from
/// the answer's `Date` header when it has one (so that the two clocks need not agree), else
/// from `now`. A date in the past is no wait. `None` without the header or when it cannot be
/// read (then the backoff applies).
fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<(String, Duration)> {
    let raw = header_text(headers, header::RETRY_AFTER)?;
    let value = raw.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is "very long", not unreadable.
        Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX))
    } else {
        let at = http_date(value)?;
        let from = header_text(headers, header::DATE).and_then(|d| http_date(&d)).unwrap_or(now);
        (at - from).to_std().unwrap_or(Duration::ZERO)
    };
    Some((raw, wait))
}

/// An HTTP date (RFC 9110 section 5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`, or the obsolete
/// `Sunday, 06-Nov-94 08:49:37 GMT` and `Sun Nov  6 08:49:37 1994`.
fn http_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%A, %d-%b-%y %H:%M:%S GMT")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%a %b %e %H:%M:%S %Y"))
        .ok()?;
    Some(naive.and_utc())
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
    /// Absent from entries written before it was kept.
    #[serde(default)]
    content_type: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn http_dates_in_their_three_forms() {
        let expected = Utc.with_ymd_and_hms(1994, 11, 6, 8, 49, 37).unwrap();
        for text in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(http_date(text), Some(expected), "{text}");
        }
        assert_eq!(http_date("tomorrow"), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = Utc.with_ymd_and_hms(2026, 2, 3, 14, 16, 18).unwrap();
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut h = HeaderMap::new();
            for (name, value) in pairs {
                h.insert(*name, value.parse().unwrap());
            }
            h
        };
        let wait = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs), now).map(|(_, w)| w);
        assert_eq!(wait(&[("retry-after", "120")]), Some(Duration::from_secs(120)));
        assert_eq!(wait(&[("retry-after", "Tue, 03 Feb 2026 14:18:18 GMT")]), Some(Duration::from_secs(120)));
        // Counted from the server's own Date when it sends one.
        let with_date = [("retry-after", "Tue, 03 Feb 2026 14:18:18 GMT"), ("date", "Tue, 03 Feb 2026 14:18:08 GMT")];
        assert_eq!(wait(&with_date), Some(Duration::from_secs(10)));
        // A date past is no wait; garbage is no header (the backoff applies).
        assert_eq!(wait(&[("retry-after", "Tue, 03 Feb 2026 14:00:00 GMT")]), Some(Duration::ZERO));
        assert_eq!(wait(&[("retry-after", "-5")]), None);
        assert_eq!(wait(&[("retry-after", "soon")]), None);
        assert_eq!(wait(&[]), None);
        assert_eq!(wait(&[("retry-after", "99999999999999999999999")]), Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn seconds_are_written_to_a_tenth() {
        assert_eq!(seconds(Duration::from_secs(3600)), "3600 s");
        assert_eq!(seconds(Duration::from_millis(299_998)), "300 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(Duration::ZERO), "0 s");
        assert_eq!(seconds(Duration::from_secs(u64::MAX)), "more than a century");
    }
}
