use std::collections::HashSet;
use std::fs::File;
use std::io::{ErrorKind, Read as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use treaty_model::{Event, EventId, Sha256, TreatyId};

use crate::index::FileStat;
use crate::line::{self, DecodeError};
use crate::{LogError, LogRule, Problem};

/// A recorded event with its place in the stream.
#[derive(Debug, Clone)]
pub struct Entry {
    /// 1-based line number in the file.
    pub line: usize,
    /// Sequence number as written.
    pub seq: u64,
    /// The event.
    pub event: Event,
    /// The line's hash.
    pub hash: Sha256,
    /// Byte offset of the line in the file.
    pub offset: u64,
    /// Length of the line in bytes, without its newline.
    pub len: u32,
}

/// One treaty's stream as read from disk, with every problem of the log format it has.
///
/// Lines that cannot be read are reported and left out of `entries`; the others are kept so
/// that the rules and the fold can still report on them.
#[derive(Debug)]
pub struct Stream {
    /// The treaty.
    pub treaty: TreatyId,
    /// The file (which may not exist yet: an empty stream).
    pub path: PathBuf,
    /// The events that could be read, in file order.
    pub entries: Vec<Entry>,
    /// Broken format rules, in line order.
    pub problems: Vec<Problem>,
    /// Hash of the last complete line, or zero for an empty stream.
    pub head: Sha256,
    /// Number of complete lines.
    pub lines: usize,
    /// Byte length up to the end of the last complete line.
    pub complete_len: u64,
    /// Line number of an incomplete last line, if the file ends without a newline.
    pub torn_tail: Option<usize>,
    /// When the last readable event was recorded.
    pub(crate) last_recorded: Option<DateTime<Utc>>,
    /// The file as it was when it was opened for this read (`None`: no file).
    pub(crate) stat: Option<FileStat>,
    /// Only some of the stream's events were read, from its index (see [`crate::Index`]).
    pub(crate) partial: bool,
}

/// A stream's end, as an append must find it: its length, its number of lines and its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tip {
    /// Byte length up to the end of the last complete line.
    pub len: u64,
    /// Number of complete lines.
    pub lines: u64,
    /// Hash of the last line (zero for an empty stream).
    pub head: Sha256,
}

impl Tip {
    /// The end of a stream that has no line yet.
    pub const EMPTY: Tip = Tip { len: 0, lines: 0, head: Sha256::ZERO };
}

impl Stream {
    /// Reads and checks `path` as the stream of `treaty`. A missing file is an empty stream.
    ///
    /// # Errors
    /// [`LogError::Io`] when the file exists but cannot be read.
    pub fn read(treaty: TreatyId, path: &Path) -> Result<Stream, LogError> {
        let mut stream = Stream {
            treaty,
            path: path.to_owned(),
            entries: Vec::new(),
            problems: Vec::new(),
            head: Sha256::ZERO,
            lines: 0,
            complete_len: 0,
            torn_tail: None,
            last_recorded: None,
            stat: None,
            partial: false,
        };
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(stream),
            Err(e) => return Err(LogError::io(path)(e)),
        };
        stream.stat = file.metadata().ok().map(|m| FileStat::of(&m));
        // The file's bytes go into a buffer this thread keeps from one stream to the next:
        // a log's streams are tens of megabytes each at scale, and fresh memory for each
        // costs a page fault per 4 KiB.
        let mut bytes = READ_BUFFER.take();
        bytes.clear();
        let read = file.read_to_end(&mut bytes);
        let stream = read.map_err(LogError::io(path)).map(|_| stream.with_lines(&bytes));
        READ_BUFFER.set(bytes);
        stream
    }

    /// `self` with the lines of `bytes` (the whole file) read into it.
    fn with_lines(mut self, bytes: &[u8]) -> Stream {
        // The lines (without their newlines), and an incomplete last one.
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes) {
            lines.push((start, end));
            start = end + 1;
        }
        // Each line is parsed and hashed on its own, on every core; the rules that relate a
        // line to the ones before it are checked after, in order.
        let chunks: Vec<&[(usize, usize)]> = lines.chunks(LINES_PER_TASK).collect();
        let read = treaty_model::parallel::map(&chunks, |chunk| {
            chunk.iter().map(|(a, b)| Read::of(&bytes[*a..*b])).collect::<Vec<_>>()
        });
        self.entries.reserve_exact(lines.len());
        let mut checker = Checker::default();
        checker.ids.reserve(lines.len());
        for (read, (a, b)) in read.into_iter().flatten().zip(&lines) {
            let number = self.lines + 1;
            self.lines = number;
            self.complete_len = *b as u64 + 1;
            checker.line(&mut self, number, *a as u64, b - a, read);
        }
        if start < bytes.len() {
            let number = self.lines + 1;
            let n = bytes.len() - start;
            self.torn_tail = Some(number);
            self.problem(
                number,
                LogRule::TornTail,
                format!(
                    "the last line is incomplete ({n} bytes without a newline): a write was interrupted; `treaty verify --repair` removes it and keeps a backup"
                ),
            );
        }
        self
    }

    fn problem(&mut self, line: usize, rule: LogRule, message: String) {
        self.problems.push(Problem { path: self.path.clone(), line, rule, message });
    }

    /// A stream of which only `entries` were read (from the lines its index names), ending at
    /// `tip`: what an append needs of it to judge new events of some participants.
    #[must_use]
    pub fn partial(
        treaty: TreatyId,
        path: PathBuf,
        entries: Vec<Entry>,
        tip: Tip,
        last_recorded: Option<DateTime<Utc>>,
    ) -> Stream {
        Stream {
            treaty,
            path,
            entries,
            problems: Vec::new(),
            head: tip.head,
            lines: usize::try_from(tip.lines).unwrap_or(usize::MAX),
            complete_len: tip.len,
            torn_tail: None,
            last_recorded,
            stat: None,
            partial: true,
        }
    }

    /// The stream's end, for [`crate::Log::append_after`].
    #[must_use]
    pub fn tip(&self) -> Tip {
        Tip { len: self.complete_len, lines: self.lines as u64, head: self.head }
    }

    /// When the last readable event was recorded.
    #[must_use]
    pub fn last_recorded_at(&self) -> Option<DateTime<Utc>> {
        self.last_recorded
    }

    /// The events, in stream order.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.entries.iter().map(|e| &e.event)
    }
}

thread_local! {
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Lines parsed together by one task of [`Stream::read`].
const LINES_PER_TASK: usize = 1024;

/// What can be known of a line on its own: its hash, its event, the id derived from its fact.
struct Read {
    own_hash: Option<Sha256>,
    decoded: Result<line::Decoded, DecodeError>,
    derived: Option<EventId>,
}

impl Read {
    fn of(bytes: &[u8]) -> Read {
        let own_hash = line::hash_of_line(bytes);
        let decoded = line::decode_hashed(bytes, own_hash);
        let derived = decoded.as_ref().ok().map(|d| d.event.fact.id());
        Read { own_hash, decoded, derived }
    }
}

/// The format rules that relate a line to the lines before it.
#[derive(Default)]
struct Checker {
    /// Hash of the previous line computed from its bytes; `None` after a line too broken to
    /// hash, so the next line's `prev` cannot be checked.
    prev: Option<Sha256>,
    started: bool,
    ids: HashSet<EventId>,
    last_recorded: Option<DateTime<Utc>>,
}

impl Checker {
    fn line(&mut self, stream: &mut Stream, number: usize, offset: u64, len: usize, read: Read) {
        let expected_prev = if self.started { self.prev } else { Some(Sha256::ZERO) };
        self.started = true;
        let Read { own_hash, decoded, derived } = read;
        self.prev = own_hash;
        if let Some(h) = own_hash {
            stream.head = h;
        }
        let decoded = match decoded {
            Ok(d) => d,
            Err(e) => {
                let (rule, message) = match e {
                    DecodeError::Shape(m) => (LogRule::Shape, format!("not an event line: {m}")),
                    DecodeError::Version(v) => {
                        (LogRule::Version, format!("format version {v} is not supported (this program reads version {})", line::VERSION))
                    }
                    DecodeError::Canonical => (
                        LogRule::Canonical,
                        "the line is not in canonical form (key order, spacing or escapes differ from what `treaty append` writes): lines must not be edited by hand".to_owned(),
                    ),
                    DecodeError::Hash { written, computed } => (
                        LogRule::ChainHash,
                        format!("hash {written} does not match the line's content ({computed}): the line was altered after it was written"),
                    ),
                };
                stream.problem(number, rule, message);
                return;
            }
        };
        let event = &decoded.event;
        if event.fact.treaty != stream.treaty {
            stream.problem(
                number,
                LogRule::Treaty,
                format!("the event is for {}, but this is the stream of {}", event.fact.treaty, stream.treaty),
            );
        }
        if decoded.seq != number as u64 {
            stream.problem(
                number,
                LogRule::Sequence,
                format!("sequence number {} where {number} was expected", decoded.seq),
            );
        }
        if let Some(expected) = expected_prev
            && decoded.prev != expected
        {
            stream.problem(
                number,
                LogRule::ChainPrev,
                format!(
                    "prev {} is not the hash of the line before ({expected}): a line was removed, inserted or changed",
                    decoded.prev
                ),
            );
        }
        if let Some(derived) = derived
            && event.id != derived
        {
            stream.problem(
                number,
                LogRule::Id,
                format!("id {} is not the id derived from the event's fact ({derived})", event.id),
            );
        }
        if !self.ids.insert(event.id) {
            stream.problem(
                number,
                LogRule::Duplicate,
                format!("event {} records a fact already in the stream", event.id),
            );
        }
        if let Some(last) = self.last_recorded
            && event.recorded_at < last
        {
            stream.problem(
                number,
                LogRule::RecordedOrder,
                format!("recorded_at {} is earlier than the line before ({last})", event.recorded_at.to_rfc3339()),
            );
        }
        self.last_recorded = Some(self.last_recorded.map_or(event.recorded_at, |l| l.max(event.recorded_at)));
        stream.last_recorded = Some(event.recorded_at);
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        stream.entries.push(Entry {
            line: number,
            seq: decoded.seq,
            event: decoded.event,
            hash: decoded.hash,
            offset,
            len,
        });
    }
}
