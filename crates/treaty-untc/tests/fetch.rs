//! The fetcher against a local test server (127.0.0.1 only; no internet).
//!
//! Timings are asserted only on the times the server recorded, never on how long a test took.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use support::server::{Behavior, Page, TRUNCATED_MISSING, TestServer};
use treaty_model::{Sha256, TreatyId};
use treaty_untc::fetch::{
    DEFAULT_BASE_URL, DEFAULT_RETRIES, DEFAULT_TOTAL_TIMEOUT, FetchConfig, FetchError, Fetcher, MAX_RETRIES,
    MAX_TOTAL_TIMEOUT, USER_AGENT, status_page_url,
};
use treaty_untc::{decode_html, parse_for};

const PATH: &str = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en";

fn fixture(file: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/untc/2026-02-03");
    std::fs::read(dir.join(file)).unwrap()
}

/// Short limits, no pacing: each test sets what it exercises.
fn config() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        max_bytes: 1024 * 1024,
        min_interval: Duration::ZERO,
        retries: 2,
        backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    }
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).unwrap()
}

#[test]
fn status_page_urls_are_the_catalogue_urls() {
    for treaty in TreatyId::all() {
        assert_eq!(status_page_url(DEFAULT_BASE_URL, treaty), treaty.treaty().untc_url);
    }
    let op = TreatyId::parse("op-icescr").unwrap();
    assert_eq!(status_page_url("http://127.0.0.1:8080/", op), format!("http://127.0.0.1:8080{PATH}"));
}

#[test]
fn default_config_is_polite() {
    let c = FetchConfig::default();
    assert_eq!(c.base_url, "https://treaties.un.org");
    assert_eq!(c.min_interval, Duration::from_secs(1));
    assert_eq!(c.max_bytes, 16 * 1024 * 1024);
    assert_eq!((c.retries, c.backoff), (3, Duration::from_secs(1)));
    assert_eq!((c.connect_timeout, c.timeout), (Duration::from_secs(10), Duration::from_secs(60)));
    assert!(c.user_agent.starts_with(&format!("treaty/{} (+https://", env!("CARGO_PKG_VERSION"))));
    assert_eq!(c.user_agent, USER_AGENT);
}

#[test]
fn a_page_is_fetched_with_its_sha256_and_an_honest_user_agent() {
    let page = fixture("icescr_op.html");
    let server = TestServer::start([(PATH, Behavior::ok(page.clone()))]);
    let url = status_page_url(&server.base_url(), TreatyId::parse("op-icescr").unwrap());
    let before = Utc::now();

    let fetched = fetcher(config()).fetch(&url).unwrap();

    assert_eq!(fetched.url, url);
    assert_eq!(fetched.bytes, page);
    assert_eq!(fetched.sha256, Sha256::of(&page));
    assert!(!fetched.not_modified);
    assert!(fetched.retrieved_at >= before && fetched.retrieved_at <= Utc::now());
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("GET", PATH));
    assert_eq!(requests[0].header("user-agent"), Some(USER_AGENT));
    assert_eq!(requests[0].header("cookie"), None);
    assert_eq!(requests[0].header("if-none-match"), None);
}

#[test]
fn a_500_then_ok_succeeds_after_one_retry() {
    let server = TestServer::start([(PATH, Behavior::fail_first(1, 500, Behavior::ok("<html>ok</html>")))]);

    let fetched = fetcher(config()).fetch(&server.url(PATH)).unwrap();

    assert_eq!(fetched.bytes, b"<html>ok</html>");
    assert_eq!(server.requests_to(PATH).len(), 2);
}

#[test]
fn a_persistent_500_fails_with_status_after_one_plus_retries_requests_spaced_by_the_backoff() {
    let server = TestServer::start([(PATH, Behavior::Status(500))]);
    let backoff = Duration::from_millis(40);
    let url = server.url(PATH);

    let err = fetcher(FetchConfig { retries: 3, backoff, ..config() }).fetch(&url).unwrap_err();

    assert!(matches!(err, FetchError::Status { status: 500, attempts: 4, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{url}: the server answered HTTP 500 Internal Server Error (after 4 attempts)")
    );
    let times: Vec<_> = server.requests_to(PATH).iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 4);
    for (i, pair) in times.windows(2).enumerate() {
        let wait = backoff * 2u32.pow(u32::try_from(i).unwrap());
        assert!(pair[1] - pair[0] >= wait, "retry {} came {:?} after the previous request", i + 1, pair[1] - pair[0]);
    }
}

#[test]
fn a_4xx_is_not_retried() {
    let server = TestServer::start([(PATH, Behavior::Status(404))]);
    let err = fetcher(config()).fetch(&server.url(PATH)).unwrap_err();
    assert!(matches!(err, FetchError::Status { status: 404, attempts: 1, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);

    // An unknown route is a 404 too.
    let err = fetcher(config()).fetch(&server.url("/nowhere")).unwrap_err();
    assert!(matches!(err, FetchError::Status { status: 404, .. }), "{err:?}");
}

#[test]
fn a_server_that_never_answers_fails_with_timeout() {
    let server = TestServer::start([(PATH, Behavior::Hang)]);
    let config = FetchConfig { timeout: Duration::from_millis(300), retries: 1, ..config() };

    let err = fetcher(config).fetch(&server.url(PATH)).unwrap_err();

    // The server's hang lasts far longer than 300 ms and then closes without an answer, which
    // would be a network error: a Timeout means the limit ended the wait.
    assert!(matches!(err, FetchError::Timeout { attempts: 2, .. }), "{err:?}");
    assert!(err.to_string().contains(&server.url(PATH)));
    assert_eq!(server.requests_to(PATH).len(), 2);
}

#[test]
fn the_time_limit_covers_the_whole_body_not_each_read() {
    // Ten pieces 100 ms apart: every read is quick, the whole takes a second.
    let body = vec![b'x'; 1000];
    let server = TestServer::start([(PATH, Behavior::Slow { body, chunk: 100, pause: Duration::from_millis(100) })]);
    let config = FetchConfig { timeout: Duration::from_millis(300), retries: 0, ..config() };

    let err = fetcher(config).fetch(&server.url(PATH)).unwrap_err();

    assert!(matches!(err, FetchError::Timeout { attempts: 1, .. }), "{err:?}");
}

#[test]
fn a_truncated_body_fails_with_truncated_after_retries() {
    let body = fixture("icescr_op.html")[..5000].to_vec();
    let server = TestServer::start([(PATH, Behavior::Truncated(body))]);
    let url = server.url(PATH);

    let err = fetcher(FetchConfig { retries: 1, ..config() }).fetch(&url).unwrap_err();

    match &err {
        FetchError::Truncated { url: u, expected, got, attempts } => {
            assert_eq!(u, &url);
            assert_eq!(*expected, Some(5000 + TRUNCATED_MISSING as u64));
            assert!(*got <= 5000, "got {got}");
            assert_eq!(*attempts, 2);
        }
        other => panic!("expected Truncated, got {other:?}"),
    }
    assert_eq!(server.requests_to(PATH).len(), 2);
}

#[test]
fn a_truncated_body_then_a_whole_one_succeeds() {
    let page = fixture("icescr_op.html");
    let server = TestServer::start([(PATH, Behavior::Truncated(page[..100].to_vec()))]);
    let mut fetcher = fetcher(config());
    assert!(matches!(fetcher.fetch(&server.url(PATH)), Err(FetchError::Truncated { .. })));

    server.set_route(PATH, Behavior::ok(page.clone()));
    assert_eq!(fetcher.fetch(&server.url(PATH)).unwrap().bytes, page);
}

#[test]
fn an_oversize_body_fails_with_too_large_without_retry() {
    let big = vec![b'a'; 4096];
    let server = TestServer::start([
        ("/announced", Behavior::ok(big.clone())),
        ("/chunked", Behavior::Chunked(Page::new(big.clone()))),
        ("/exact", Behavior::ok(vec![b'a'; 1024])),
    ]);
    let mut fetcher = fetcher(FetchConfig { max_bytes: 1024, ..config() });

    // Refused on its Content-Length, before reading.
    let err = fetcher.fetch(&server.url("/announced")).unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { limit: 1024, .. }), "{err:?}");
    // No Content-Length: refused while counting.
    let err = fetcher.fetch(&server.url("/chunked")).unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { limit: 1024, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 2);
    // The limit itself is allowed.
    assert_eq!(fetcher.fetch(&server.url("/exact")).unwrap().bytes.len(), 1024);
}

#[test]
fn a_chunked_body_within_the_limit_is_read_whole() {
    let page = fixture("icescr_op.html");
    let server = TestServer::start([(PATH, Behavior::Chunked(Page::new(page.clone())))]);
    let fetched = fetcher(config()).fetch(&server.url(PATH)).unwrap();
    assert_eq!(fetched.sha256, Sha256::of(&page));
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn with_a_cache_the_second_fetch_is_conditional_and_served_from_the_cache() {
    let page = fixture("icescr_op.html");
    let server = TestServer::start([(PATH, Behavior::Ok(Page::new(page.clone()).etag("\"v1\"")))]);
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().join("untc");
    let mut fetcher = fetcher(FetchConfig { cache_dir: Some(cache_dir.clone()), ..config() });
    let url = server.url(PATH);

    let first = fetcher.fetch(&url).unwrap();
    assert!(!first.not_modified);
    // A body and its metadata; no temporary files left.
    let files = cache_files(&cache_dir);
    assert_eq!(files.len(), 2, "{files:?}");
    let key = Sha256::of(url.as_bytes()).to_hex();
    assert!(files.iter().all(|f| f.file_name().unwrap().to_str().unwrap().starts_with(&key)), "{files:?}");

    let second = fetcher.fetch(&url).unwrap();
    assert!(second.not_modified);
    assert_eq!(second.bytes, page);
    assert_eq!(second.sha256, first.sha256);
    let requests = server.requests_to(PATH);
    assert_eq!(requests[0].header("if-none-match"), None);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));

    // The page changes: the new body replaces the cached one, and its ETag is sent next time.
    server.set_route(PATH, Behavior::Ok(Page::new(b"<html>new</html>".to_vec()).etag("\"v2\"")));
    let third = fetcher.fetch(&url).unwrap();
    assert!(!third.not_modified);
    assert_eq!(third.bytes, b"<html>new</html>");
    let fourth = fetcher.fetch(&url).unwrap();
    assert!(fourth.not_modified);
    assert_eq!(fourth.bytes, b"<html>new</html>");
    assert_eq!(server.requests_to(PATH)[3].header("if-none-match"), Some("\"v2\""));
    assert_eq!(cache_files(&cache_dir).len(), 2);

    // Another fetcher (a later run) uses the same cache.
    let mut later = cached_fetcher(&cache_dir);
    assert!(later.fetch(&url).unwrap().not_modified);
}

fn cached_fetcher(cache_dir: &Path) -> Fetcher {
    fetcher(FetchConfig { cache_dir: Some(cache_dir.to_owned()), ..config() })
}

#[test]
fn last_modified_is_sent_back_as_if_modified_since() {
    let date = "Tue, 03 Feb 2026 14:16:18 GMT";
    let server = TestServer::start([(PATH, Behavior::Ok(Page::new(b"<html/>".to_vec()).last_modified(date)))]);
    let cache = tempfile::tempdir().unwrap();
    let mut fetcher = cached_fetcher(cache.path());

    assert!(!fetcher.fetch(&server.url(PATH)).unwrap().not_modified);
    let second = fetcher.fetch(&server.url(PATH)).unwrap();
    assert!(second.not_modified);
    assert_eq!(second.bytes, b"<html/>");
    assert_eq!(server.requests_to(PATH)[1].header("if-modified-since"), Some(date));
}

#[test]
fn a_damaged_cache_entry_is_ignored_and_replaced() {
    let server = TestServer::start([(PATH, Behavior::Ok(Page::new(b"<html>a</html>".to_vec()).etag("\"a\"")))]);
    let cache = tempfile::tempdir().unwrap();
    let url = server.url(PATH);
    cached_fetcher(cache.path()).fetch(&url).unwrap();
    let body = cache_files(cache.path()).into_iter().find(|f| f.extension().is_some_and(|e| e == "body")).unwrap();
    std::fs::write(&body, b"<html>tampered</html>").unwrap();

    let fetched = cached_fetcher(cache.path()).fetch(&url).unwrap();

    // The body no longer matches its recorded digest, so the request was not conditional.
    assert!(!fetched.not_modified);
    assert_eq!(fetched.bytes, b"<html>a</html>");
    assert_eq!(server.requests_to(PATH)[1].header("if-none-match"), None);
    assert_eq!(std::fs::read(&body).unwrap(), b"<html>a</html>");
}

#[test]
fn requests_are_spaced_by_min_interval_retries_included() {
    let interval = Duration::from_millis(150);
    let server = TestServer::start([
        ("/a", Behavior::ok("a")),
        ("/b", Behavior::fail_first(1, 503, Behavior::ok("b"))),
        ("/c", Behavior::Status(404)),
    ]);
    let mut fetcher = fetcher(FetchConfig { min_interval: interval, backoff: Duration::ZERO, ..config() });

    fetcher.fetch(&server.url("/a")).unwrap();
    fetcher.fetch(&server.url("/b")).unwrap();
    fetcher.fetch(&server.url("/c")).unwrap_err();
    fetcher.fetch(&server.url("/a")).unwrap();

    let times: Vec<_> = server.requests().iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 5);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= interval, "requests only {:?} apart", pair[1] - pair[0]);
    }
}

#[test]
fn redirects_are_followed_within_the_host_only() {
    let server = TestServer::start([("/old", Behavior::redirect("/new")), ("/new", Behavior::ok("new"))]);
    let mut fetcher = fetcher(config());

    let fetched = fetcher.fetch(&server.url("/old")).unwrap();
    assert_eq!(fetched.bytes, b"new");
    assert_eq!(fetched.url, server.url("/old"));

    // Same port, another host name: not followed.
    let elsewhere = format!("http://localhost:{}/new", server.addr().port());
    server.set_route("/old", Behavior::redirect(&elsewhere));
    let err = fetcher.fetch(&server.url("/old")).unwrap_err();
    assert!(matches!(&err, FetchError::Redirect { location, .. } if *location == elsewhere), "{err:?}");
    assert_eq!(server.requests_to("/new").len(), 1);

    // A loop ends.
    server.set_route("/old", Behavior::redirect("/old"));
    let err = fetcher.fetch(&server.url("/old")).unwrap_err();
    assert!(matches!(err, FetchError::Redirect { .. }), "{err:?}");
}

#[test]
fn a_url_that_is_not_http_is_refused_before_any_request() {
    let mut fetcher = fetcher(config());
    for url in ["treaties.un.org/Pages/ViewDetails.aspx", "file:///etc/passwd", ""] {
        let err = fetcher.fetch(url).unwrap_err();
        assert!(matches!(err, FetchError::InvalidUrl { .. }), "{url}: {err:?}");
    }
}

#[test]
fn a_closed_port_fails_with_a_network_error_naming_the_url() {
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/x");
    let err = fetcher(FetchConfig { retries: 1, ..config() }).fetch(&url).unwrap_err();
    assert!(matches!(err, FetchError::Network { attempts: 2, .. }), "{err:?}");
    assert!(err.to_string().starts_with(&url), "{err}");
}

/// The text as ISO-8859-1 bytes: each character below U+0100 as its one byte, any other (the
/// page's curly quotes and ellipses) as a numeric character reference, as a server whose pages
/// are stored in Latin-1 sends them.
fn latin1(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => out.push(b),
            Err(_) => out.extend_from_slice(format!("&#{};", u32::from(c)).as_bytes()),
        }
    }
    out
}

#[test]
fn a_latin1_page_is_read_in_the_charset_of_its_content_type_also_from_the_cache() {
    let op = TreatyId::parse("op-icescr").unwrap();
    let utf8 = String::from_utf8(fixture("icescr_op.html")).unwrap();
    assert!(utf8.contains("Côte d'Ivoire"));
    let bytes = latin1(&utf8);
    // The page still says `<meta ... charset=utf-8>`: the header, which the server sets, wins.
    assert!(utf8.contains("charset=utf-8"));
    let content_type = "text/html; charset=iso-8859-1";
    let server =
        TestServer::start([(PATH, Behavior::Ok(Page::new(bytes.clone()).content_type(content_type).etag("\"l1\"")))]);
    let cache = tempfile::tempdir().unwrap();
    let mut fetcher = cached_fetcher(cache.path());

    let fetched = fetcher.fetch(&server.url(PATH)).unwrap();
    assert_eq!(fetched.bytes, bytes);
    assert_eq!(fetched.content_type.as_deref(), Some(content_type));
    let page = parse_for(&decode_html(&fetched.bytes, fetched.content_type.as_deref()).unwrap(), op).unwrap();
    let expected = parse_for(&utf8, op).unwrap();
    let names = |p: &treaty_untc::Page| p.rows.iter().map(|r| (r.name.clone(), r.participant)).collect::<Vec<_>>();
    assert_eq!(names(&page), names(&expected));
    assert!(page.rows.iter().any(|r| r.name == "Côte d'Ivoire"));
    assert_eq!(serde_json::to_value(&page).unwrap(), serde_json::to_value(&expected).unwrap());

    // Served again from the cache after a 304: with the charset it was served with.
    let again = fetcher.fetch(&server.url(PATH)).unwrap();
    assert!(again.not_modified);
    assert_eq!(again.content_type.as_deref(), Some(content_type));
    assert_eq!(
        serde_json::to_value(
            parse_for(&decode_html(&again.bytes, again.content_type.as_deref()).unwrap(), op).unwrap()
        )
        .unwrap(),
        serde_json::to_value(&expected).unwrap()
    );
}

#[test]
fn defaults_and_limits_of_retries_and_of_the_time_of_one_fetch() {
    let c = FetchConfig::default();
    assert_eq!((c.retries, c.total_timeout), (DEFAULT_RETRIES, DEFAULT_TOTAL_TIMEOUT));
    // The default attempts and their backoff fit in the default time limit.
    let attempts = c.timeout * (DEFAULT_RETRIES + 1);
    let backoff: Duration = (0..DEFAULT_RETRIES).map(|i| c.backoff * 2u32.pow(i)).sum();
    assert!(attempts + backoff <= DEFAULT_TOTAL_TIMEOUT);
    assert!(DEFAULT_RETRIES <= MAX_RETRIES && DEFAULT_TOTAL_TIMEOUT <= MAX_TOTAL_TIMEOUT);

    Fetcher::new(FetchConfig { retries: MAX_RETRIES, total_timeout: MAX_TOTAL_TIMEOUT, ..config() }).unwrap();
    let err = Fetcher::new(FetchConfig { retries: MAX_RETRIES + 1, ..config() }).unwrap_err();
    assert!(matches!(err, FetchError::Config(_)), "{err:?}");
    assert!(err.to_string().contains(&format!("{} retries", MAX_RETRIES + 1)), "{err}");
    assert!(err.to_string().contains(&format!("limit of {MAX_RETRIES}")), "{err}");
    for total in [Duration::ZERO, MAX_TOTAL_TIMEOUT + Duration::from_secs(1)] {
        let err = Fetcher::new(FetchConfig { total_timeout: total, ..config() }).unwrap_err();
        assert!(matches!(err, FetchError::Config(_)), "{total:?}: {err:?}");
        assert!(err.to_string().contains("total time limit"), "{err}");
    }
}

#[test]
fn a_429_is_retried_after_the_seconds_its_retry_after_asks_for() {
    let server =
        TestServer::start([(PATH, Behavior::first_then(1, Behavior::retry_after(429, "1"), Behavior::ok("ok")))]);

    let fetched = fetcher(config()).fetch(&server.url(PATH)).unwrap();

    assert_eq!(fetched.bytes, b"ok");
    let times: Vec<_> = server.requests_to(PATH).iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 2);
    assert!(times[1] - times[0] >= Duration::from_secs(1), "retried after {:?}", times[1] - times[0]);
}

#[test]
fn a_429_without_retry_after_is_retried_with_backoff_and_counted_against_the_retries() {
    let server = TestServer::start([(PATH, Behavior::Status(429))]);
    let err = fetcher(FetchConfig { retries: 2, ..config() }).fetch(&server.url(PATH)).unwrap_err();
    assert!(matches!(err, FetchError::Status { status: 429, attempts: 3, .. }), "{err:?}");
    assert_eq!(server.requests_to(PATH).len(), 3);
}

#[test]
fn a_503_is_retried_at_the_http_date_its_retry_after_names_counted_from_the_servers_date() {
    // The server's clock is a year behind: the wait is the difference of its two dates.
    let answer = Behavior::StatusWith {
        status: 503,
        headers: vec![
            ("Date".to_owned(), "Tue, 03 Feb 2026 14:16:18 GMT".to_owned()),
            ("Retry-After".to_owned(), "Tue, 03 Feb 2026 14:16:19 GMT".to_owned()),
        ],
    };
    let server = TestServer::start([(PATH, Behavior::first_then(1, answer, Behavior::ok("ok")))]);

    let fetched = fetcher(config()).fetch(&server.url(PATH)).unwrap();

    assert_eq!(fetched.bytes, b"ok");
    let times: Vec<_> = server.requests_to(PATH).iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 2);
    assert!(times[1] - times[0] >= Duration::from_secs(1), "retried after {:?}", times[1] - times[0]);
}

#[test]
fn a_retry_after_beyond_the_time_limit_fails_at_once_saying_so() {
    let in_an_hour = (Utc::now() + chrono::Duration::hours(1)).format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let server = TestServer::start([
        ("/seconds", Behavior::retry_after(503, "3600")),
        ("/date", Behavior::retry_after(429, &in_an_hour)),
        ("/forever", Behavior::retry_after(503, "99999999999999999999999")),
    ]);
    let mut fetcher = fetcher(FetchConfig { retries: 3, total_timeout: Duration::from_secs(5), ..config() });

    let url = server.url("/seconds");
    let err = fetcher.fetch(&url).unwrap_err();
    match &err {
        FetchError::RetryAfterTooLong { url: u, status, retry_after, wait, left, limit, attempts } => {
            assert_eq!((u.as_str(), *status, retry_after.as_str()), (url.as_str(), 503, "3600"));
            assert_eq!((*wait, *limit, *attempts), (Duration::from_secs(3600), Duration::from_secs(5), 1));
            assert!(*left <= *limit);
        }
        other => panic!("expected RetryAfterTooLong, got {other:?}"),
    }
    let message = err.to_string();
    for needle in [url.as_str(), "HTTP 503", "Retry-After: 3600", "3600 s", "time limit of 5 s", "not retried"] {
        assert!(message.contains(needle), "{needle:?} not in {message}");
    }

    let err = fetcher.fetch(&server.url("/date")).unwrap_err();
    match &err {
        FetchError::RetryAfterTooLong { status: 429, wait, attempts: 1, .. } => {
            assert!(*wait > Duration::from_secs(3500) && *wait <= Duration::from_secs(3600), "{wait:?}");
        }
        other => panic!("expected RetryAfterTooLong, got {other:?}"),
    }
    let err = fetcher.fetch(&server.url("/forever")).unwrap_err();
    assert!(matches!(err, FetchError::RetryAfterTooLong { attempts: 1, .. }), "{err:?}");

    // None of them was asked again.
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn retries_stop_when_the_time_limit_of_the_fetch_would_run_out() {
    // Ten retries allowed, backoff 100, 200, 400, 800 ms...: the fourth wait would end after the
    // one-second limit, so the fetch stops after four requests.
    let server = TestServer::start([(PATH, Behavior::Status(500))]);
    let limit = Duration::from_secs(1);
    let config = FetchConfig { retries: 10, backoff: Duration::from_millis(100), total_timeout: limit, ..config() };

    let err = fetcher(config).fetch(&server.url(PATH)).unwrap_err();

    let FetchError::Status { status: 500, attempts, .. } = err else { panic!("{err:?}") };
    let times: Vec<_> = server.requests_to(PATH).iter().map(|r| r.at).collect();
    assert_eq!(times.len(), attempts as usize);
    assert!((2..=4).contains(&attempts), "{attempts} attempts");
    assert!(*times.last().unwrap() - times[0] < limit);
}

#[test]
fn an_attempt_ends_when_the_time_limit_of_the_fetch_runs_out() {
    // Each request may take 5 s, but the fetch only 500 ms: one attempt, cut at the limit.
    let server = TestServer::start([(PATH, Behavior::Hang)]);
    let config = FetchConfig { total_timeout: Duration::from_millis(500), retries: 3, ..config() };

    let err = fetcher(config).fetch(&server.url(PATH)).unwrap_err();

    assert!(matches!(err, FetchError::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(server.requests_to(PATH).len(), 1);
}
