//! A small HTTP/1.1 server for tests, on 127.0.0.1 only, using nothing but `std`.
//!
//! It serves a table of routes (path and query, exactly as the client sends them, e.g.
//! `/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4&clang=_en`) with a
//! [`Behavior`] each, records every request it receives, and stops when dropped. Unknown routes
//! get `404 Not Found`.
//!
//! ```ignore
//! #[path = "../../treaty-untc/tests/support/server.rs"] // from another crate's tests/
//! mod server;
//! use server::{Behavior, TestServer};
//!
//! let server = TestServer::start([("/page", Behavior::ok("<html>…</html>"))]);
//! let url = server.url("/page"); // http://127.0.0.1:PORT/page
//! // … fetch it …
//! assert_eq!(server.requests_to("/page").len(), 1);
//! ```
//!
//! Everything here is bounded: a `Hang` ends by itself after [`HANG_LIMIT`], idle connections are
//! closed when the server stops, and dropping the server joins all its threads.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The longest a [`Behavior::Hang`] keeps a connection open without answering.
pub const HANG_LIMIT: Duration = Duration::from_secs(10);

/// How many bytes a [`Behavior::Truncated`] announces beyond those it sends.
pub const TRUNCATED_MISSING: usize = 1000;

/// How often blocked server threads look whether the server is stopping.
const POLL: Duration = Duration::from_millis(20);

/// A `200 OK` answer, with optional validators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The body.
    pub body: Vec<u8>,
    /// `Content-Type` (default `text/html; charset=utf-8`).
    pub content_type: String,
    /// `ETag`, sent verbatim (include the quotes: `"\"v1\""`).
    pub etag: Option<String>,
    /// `Last-Modified`, sent verbatim (e.g. `Tue, 03 Feb 2026 14:16:18 GMT`).
    pub last_modified: Option<String>,
}

impl Page {
    /// An HTML page with no validators.
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Page { body: body.into(), content_type: "text/html; charset=utf-8".to_owned(), etag: None, last_modified: None }
    }

    /// With an `ETag` (verbatim, quotes included).
    #[must_use]
    pub fn etag(mut self, etag: &str) -> Self {
        self.etag = Some(etag.to_owned());
        self
    }

    /// With a `Last-Modified` date (verbatim).
    #[must_use]
    pub fn last_modified(mut self, date: &str) -> Self {
        self.last_modified = Some(date.to_owned());
        self
    }

    /// With another `Content-Type`.
    #[must_use]
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.content_type = content_type.to_owned();
        self
    }
}

/// How the server answers a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behavior {
    /// `200 OK` with the page and `Content-Length`; `304 Not Modified` when the request's
    /// `If-None-Match` names the page's `ETag`, or (without `If-None-Match`) its
    /// `If-Modified-Since` equals the page's `Last-Modified`.
    Ok(Page),
    /// The page sent with `Transfer-Encoding: chunked`, without `Content-Length`.
    Chunked(Page),
    /// This status with a short text body.
    Status(u16),
    /// This status with a short text body and these headers besides (verbatim, e.g.
    /// `("Retry-After", "2")`).
    StatusWith {
        /// The status.
        status: u16,
        /// Name and value of each header.
        headers: Vec<(String, String)>,
    },
    /// `first` for the first `times` requests to this route, then `then`.
    FirstThen {
        /// How many requests get `first`.
        times: usize,
        /// What they get.
        first: Box<Behavior>,
        /// What the later requests get.
        then: Box<Behavior>,
    },
    /// `status` for the first `times` requests to this route, then `then`.
    FailFirst {
        /// How many requests fail.
        times: usize,
        /// The status they get.
        status: u16,
        /// What the later requests get.
        then: Box<Behavior>,
    },
    /// A redirect (`status` 301, 302, 303, 307 or 308) to `location`.
    Redirect {
        /// The status.
        status: u16,
        /// The `Location` header, verbatim.
        location: String,
    },
    /// Reads the request and never answers; closes the connection after [`HANG_LIMIT`] or when
    /// the server stops.
    Hang,
    /// Sends headers announcing [`TRUNCATED_MISSING`] more bytes than the body, sends the body,
    /// and closes the connection.
    Truncated(Vec<u8>),
    /// Sends the headers and the body in pieces of `chunk` bytes, sleeping `pause` before each.
    Slow {
        /// The body (with its true `Content-Length`).
        body: Vec<u8>,
        /// Bytes per piece.
        chunk: usize,
        /// Pause before each piece.
        pause: Duration,
    },
}

impl Behavior {
    /// `200 OK` with an HTML body and no validators.
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Behavior::Ok(Page::new(body))
    }

    /// `status` for the first `times` requests, then `then`.
    pub fn fail_first(times: usize, status: u16, then: Behavior) -> Self {
        Behavior::FailFirst { times, status, then: Box::new(then) }
    }

    /// `status` with a `Retry-After` header of `value` (seconds or an HTTP date, verbatim).
    pub fn retry_after(status: u16, value: &str) -> Self {
        Behavior::StatusWith { status, headers: vec![("Retry-After".to_owned(), value.to_owned())] }
    }

    /// `first` for the first `times` requests, then `then`.
    pub fn first_then(times: usize, first: Behavior, then: Behavior) -> Self {
        Behavior::FirstThen { times, first: Box::new(first), then: Box::new(then) }
    }

    /// A `302 Found` to `location`.
    pub fn redirect(location: &str) -> Self {
        Behavior::Redirect { status: 302, location: location.to_owned() }
    }
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// Path and query, as sent (`/Pages/ViewDetails.aspx?src=TREATY&...`).
    pub path: String,
    /// Headers in the order received, names lowercased.
    pub headers: Vec<(String, String)>,
    /// When the server had read the whole request head.
    pub at: Instant,
    /// Which connection it came on (numbered from 0 in order of acceptance).
    pub connection: usize,
}

impl Request {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
struct State {
    routes: HashMap<String, Behavior>,
    /// Requests received per route, for `FailFirst`.
    hits: HashMap<String, usize>,
    requests: Vec<Request>,
}

#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
    stop: AtomicBool,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the requests from the others.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// A running test server. Stops, closing all its connections, when dropped.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Binds `127.0.0.1:0` and serves `routes`, a map from path-and-query to behaviour (a
    /// `HashMap`, a `Vec` or an array of pairs).
    ///
    /// # Panics
    /// If the port cannot be bound.
    pub fn start<K: Into<String>>(routes: impl IntoIterator<Item = (K, Behavior)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let state = State { routes: routes.into_iter().map(|(k, v)| (k.into(), v)).collect(), ..State::default() };
        let shared =
            Arc::new(Shared { state: Mutex::new(state), stop: AtomicBool::new(false), workers: Mutex::default() });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name(format!("test-server-{}", addr.port()))
                .spawn(move || accept_loop(&listener, &shared))
                .expect("spawn the accept thread")
        };
        TestServer { addr, shared, acceptor: Some(acceptor) }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `base_url()` followed by `path_and_query` (which starts with `/`).
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base_url())
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds or replaces a route while the server runs (its `FailFirst` count starts again).
    pub fn set_route(&self, path_and_query: &str, behavior: Behavior) {
        let mut state = self.shared.state();
        state.routes.insert(path_and_query.to_owned(), behavior);
        state.hits.remove(path_and_query);
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.state().requests.clone()
    }

    /// The requests received so far for one path-and-query.
    pub fn requests_to(&self, path_and_query: &str) -> Vec<Request> {
        self.shared.state().requests.iter().filter(|r| r.path == path_and_query).cloned().collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let workers =
            std::mem::take(&mut *self.shared.workers.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        for worker in workers {
            let _ = worker.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut connection = 0;
    while !shared.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared_for_worker = Arc::clone(shared);
                let id = connection;
                connection += 1;
                let worker = thread::spawn(move || {
                    // Errors only mean the client went away.
                    let _ = serve_connection(stream, id, &shared_for_worker);
                });
                shared.workers.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(worker);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::Interrupted => {
                thread::sleep(Duration::from_millis(2));
            }
            Err(_) => thread::sleep(POLL),
        }
    }
}

/// Serves requests on one connection until the client closes it, a behaviour closes it, or the
/// server stops.
fn serve_connection(stream: TcpStream, connection: usize, shared: &Shared) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(POLL))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let Some(head) = read_head(&mut reader, shared)? else { return Ok(()) };
        let Some(mut request) = parse_head(&head, connection) else {
            write_response(&mut writer, 400, "Bad Request", &[], b"bad request", true)?;
            return Ok(());
        };
        discard_body(&mut reader, &request)?;
        request.at = Instant::now();
        let behavior = {
            let mut state = shared.state();
            state.requests.push(request.clone());
            let hits = state.hits.entry(request.path.clone()).or_insert(0);
            *hits += 1;
            let hit = *hits;
            state.routes.get(&request.path).cloned().map(|b| resolve(b, hit))
        };
        let keep_open = match behavior {
            None => {
                write_response(&mut writer, 404, "Not Found", &[], b"not found", false)?;
                true
            }
            Some(b) => answer(&mut writer, &request, b, shared)?,
        };
        let client_closes = request.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if !keep_open || client_closes {
            return Ok(());
        }
    }
}

/// `FailFirst` resolved for the `hit`-th request to its route (counted from 1).
fn resolve(behavior: Behavior, hit: usize) -> Behavior {
    match behavior {
        Behavior::FailFirst { times, status, then } => {
            if hit <= times {
                Behavior::Status(status)
            } else {
                resolve(*then, hit - times)
            }
        }
        Behavior::FirstThen { times, first, then } => {
            if hit <= times {
                resolve(*first, hit)
            } else {
                resolve(*then, hit - times)
            }
        }
        other => other,
    }
}

/// Answers one request; returns whether the connection stays open.
fn answer(w: &mut TcpStream, request: &Request, behavior: Behavior, shared: &Shared) -> io::Result<bool> {
    let head_only = request.method == "HEAD";
    match behavior {
        Behavior::Ok(page) => {
            let mut headers = vec![("Content-Type", page.content_type.clone())];
            headers.extend(page.etag.clone().map(|e| ("ETag", e)));
            headers.extend(page.last_modified.clone().map(|d| ("Last-Modified", d)));
            if not_modified(request, &page) {
                write_response(w, 304, "Not Modified", &headers, b"", true)?;
            } else {
                write_response(w, 200, "OK", &headers, if head_only { b"" } else { &page.body }, false)?;
            }
            Ok(true)
        }
        Behavior::Chunked(page) => {
            let mut head =
                format!("HTTP/1.1 200 OK\r\nContent-Type: {}\r\nTransfer-Encoding: chunked\r\n", page.content_type);
            if let Some(e) = &page.etag {
                head.push_str(&format!("ETag: {e}\r\n"));
            }
            head.push_str("\r\n");
            w.write_all(head.as_bytes())?;
            for piece in page.body.chunks(4096) {
                w.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
                w.write_all(piece)?;
                w.write_all(b"\r\n")?;
            }
            w.write_all(b"0\r\n\r\n")?;
            w.flush()?;
            Ok(true)
        }
        Behavior::Status(status) => {
            let body = format!("status {status}");
            write_response(
                w,
                status,
                reason(status),
                &[("Content-Type", "text/plain".to_owned())],
                body.as_bytes(),
                false,
            )?;
            Ok(true)
        }
        Behavior::StatusWith { status, headers } => {
            let body = format!("status {status}");
            let mut all = vec![("Content-Type", "text/plain".to_owned())];
            all.extend(headers.iter().map(|(n, v)| (n.as_str(), v.clone())));
            write_response(w, status, reason(status), &all, body.as_bytes(), false)?;
            Ok(true)
        }
        Behavior::FailFirst { .. } | Behavior::FirstThen { .. } => unreachable!("resolved before answering"),
        Behavior::Redirect { status, location } => {
            write_response(w, status, reason(status), &[("Location", location)], b"", false)?;
            Ok(true)
        }
        Behavior::Hang => {
            let until = Instant::now() + HANG_LIMIT;
            while Instant::now() < until && !shared.stopping() {
                thread::sleep(POLL);
            }
            Ok(false)
        }
        Behavior::Truncated(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len() + TRUNCATED_MISSING
            );
            w.write_all(head.as_bytes())?;
            w.write_all(&body)?;
            w.flush()?;
            w.shutdown(std::net::Shutdown::Both)?;
            Ok(false)
        }
        Behavior::Slow { body, chunk, pause } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            w.write_all(head.as_bytes())?;
            w.flush()?;
            for piece in body.chunks(chunk.max(1)) {
                thread::sleep(pause);
                if shared.stopping() {
                    return Ok(false);
                }
                w.write_all(piece)?;
                w.flush()?;
            }
            Ok(true)
        }
    }
}

fn not_modified(request: &Request, page: &Page) -> bool {
    if let Some(tags) = request.header("if-none-match") {
        return page.etag.as_deref().is_some_and(|etag| {
            tags.split(',').map(str::trim).any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag))
        });
    }
    match (request.header("if-modified-since"), &page.last_modified) {
        (Some(since), Some(modified)) => since == modified,
        _ => false,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn write_response(
    w: &mut TcpStream,
    status: u16,
    reason: &str,
    headers: &[(&str, String)],
    body: &[u8],
    no_body: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !no_body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
}

/// Reads up to the blank line that ends a request head. `None` when the client closed the
/// connection between requests or the server is stopping.
fn read_head(reader: &mut BufReader<TcpStream>, shared: &Shared) -> io::Result<Option<Vec<u8>>> {
    const MAX_HEAD: usize = 64 * 1024;
    let mut head = Vec::new();
    loop {
        if shared.stopping() {
            return Ok(None);
        }
        match reader.read_until(b'\n', &mut head) {
            Ok(0) => return Ok(None),
            Ok(_) => {
                if head.ends_with(b"\r\n\r\n") || head == b"\r\n" || head.ends_with(b"\n\n") {
                    if head.iter().all(|b| b.is_ascii_whitespace()) {
                        head.clear(); // stray blank lines between requests
                        continue;
                    }
                    return Ok(Some(head));
                }
                if head.len() > MAX_HEAD {
                    return Ok(None);
                }
            }
            // The read timeout is only there to look at the stop flag; the bytes read so far
            // stay in `head`.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
                ) => {}
            Err(e) => return Err(e),
        }
    }
}

fn parse_head(head: &[u8], connection: usize) -> Option<Request> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n").flat_map(|l| l.split('\n'));
    let mut parts = lines.next()?.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    parts.next().filter(|v| v.starts_with("HTTP/1."))?;
    let headers = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Request { method, path, headers, at: Instant::now(), connection })
}

fn discard_body(reader: &mut BufReader<TcpStream>, request: &Request) -> io::Result<()> {
    let length = request.header("content-length").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    if length > 0 {
        io::copy(&mut reader.by_ref().take(length), &mut io::sink())?;
    }
    Ok(())
}
