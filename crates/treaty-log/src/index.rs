//! The index of a stream: where each participant's lines are, so that an append can judge a
//! new event against the lines its rules read without reading the whole log.
//!
//! It is a cache, derived from the stream and never committed (`<log>/.index/<key>.idx`). It
//! is trusted only while the stream is the file it was made from, byte for byte as far as the
//! file system can tell: same device, inode, length, modification and change times (as git
//! trusts its index), and a last line whose hash is the head the index records. Anything else
//! (a missing, unreadable, older-format or stale index) makes the caller read the whole log
//! as before and write the index anew. An index is written only for a log that verified
//! clean, so a fresh index of every stream also says that the log verifies.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use treaty_model::{Event, EventId, ParticipantId, Sha256, TreatyId};

use crate::line;
use crate::log::{read_at, tail_head};
use crate::{Entry, Stream, Tip};

const MAGIC: &[u8; 16] = b"treaty-index/1\n\0";

/// Flag: the line bears on a rule's judgement of later events (its action changes status, it
/// corrects or retracts an event, or an event corrects or retracts it).
const JUDGED: u8 = 1;

/// What the file system says of a file: enough to tell that it was not written since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStat {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileStat {
    #[cfg(unix)]
    pub(crate) fn of(m: &fs::Metadata) -> FileStat {
        use std::os::unix::fs::MetadataExt;
        FileStat {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    pub(crate) fn of(m: &fs::Metadata) -> FileStat {
        let nanos = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (i64::try_from(d.as_secs()).unwrap_or(i64::MAX), i64::from(d.subsec_nanos())))
        };
        FileStat { dev: 0, ino: 0, len: m.len(), mtime: nanos(m.modified()), ctime: nanos(m.created()) }
    }

    fn now(path: &Path) -> Option<FileStat> {
        fs::metadata(path).ok().map(|m| FileStat::of(&m))
    }
}

/// One indexed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedLine {
    /// 1-based line number.
    pub line: u32,
    /// Byte offset in the stream.
    pub offset: u64,
    /// Length without the newline.
    pub len: u32,
    /// The event's id.
    pub id: EventId,
    flags: u8,
}

impl IndexedLine {
    /// Does the line bear on how the rules judge later events of its participant (a change of
    /// status, a correction or retraction, or the target of one)? Lines that do not
    /// (reservations, objections and notifications nobody corrected) are judged on their own.
    #[must_use]
    pub fn judged(&self) -> bool {
        self.flags & JUDGED != 0
    }
}

/// Where a stream's lines are, per participant, and the stream's end.
#[derive(Debug, Clone)]
pub struct Index {
    /// The treaty.
    pub treaty: TreatyId,
    /// The stream's end when the index was made.
    pub tip: Tip,
    /// When its last event was recorded.
    pub last_recorded: Option<DateTime<Utc>>,
    stat: Option<FileStat>,
    lines: BTreeMap<ParticipantId, Vec<IndexedLine>>,
}

/// Do the rules read this event when they judge its participant's later ones (it changes
/// status, or corrects or retracts another)? Its target is read too (`JUDGED` set on it).
fn judged_action(event: &Event) -> bool {
    event.fact.action.changes_status() || event.fact.corrects.is_some()
}

impl Index {
    /// The index of a stream read whole, or `None` when it is not one to index (it has
    /// problems, a torn tail, or is partial).
    #[must_use]
    pub fn of_stream(stream: &Stream) -> Option<Index> {
        if !stream.problems.is_empty() || stream.torn_tail.is_some() || stream.partial {
            return None;
        }
        let mut index = Index {
            treaty: stream.treaty,
            tip: stream.tip(),
            last_recorded: stream.last_recorded,
            stat: stream.stat,
            lines: BTreeMap::new(),
        };
        let targets: std::collections::HashSet<EventId> =
            stream.entries.iter().filter_map(|e| e.event.fact.corrects).collect();
        for e in &stream.entries {
            let flags = if judged_action(&e.event) || targets.contains(&e.event.id) { JUDGED } else { 0 };
            index.lines.entry(e.event.fact.participant).or_default().push(IndexedLine {
                line: u32::try_from(e.line).ok()?,
                offset: e.offset,
                len: e.len,
                id: e.event.id,
                flags,
            });
        }
        Some(index)
    }

    /// A participant's lines, in stream order.
    #[must_use]
    pub fn lines_of(&self, participant: ParticipantId) -> &[IndexedLine] {
        self.lines.get(&participant).map_or(&[], Vec::as_slice)
    }

    /// Records lines appended at the index's tip (`events` as written, `lens` their lengths)
    /// and the stream's new end.
    pub fn extend(&mut self, events: &[Event], lens: &[u32], tip: Tip) {
        let mut offset = self.tip.len;
        for (i, (event, len)) in events.iter().zip(lens).enumerate() {
            let line = u32::try_from(self.tip.lines + 1 + i as u64).unwrap_or(u32::MAX);
            if let Some(target) = event.fact.corrects
                && let Some(l) =
                    self.lines.get_mut(&event.fact.participant).and_then(|ls| ls.iter_mut().find(|l| l.id == target))
            {
                l.flags |= JUDGED;
            }
            let flags = if judged_action(event) { JUDGED } else { 0 };
            self.lines.entry(event.fact.participant).or_default().push(IndexedLine {
                line,
                offset,
                len: *len,
                id: event.id,
                flags,
            });
            offset += u64::from(*len) + 1;
            self.last_recorded = Some(event.recorded_at);
        }
        self.tip = tip;
        self.stat = None;
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.lines.values().map(Vec::len).sum::<usize>() * 36);
        out.extend_from_slice(MAGIC);
        put_str(&mut out, self.treaty.key());
        out.extend_from_slice(&self.tip.len.to_le_bytes());
        out.extend_from_slice(&self.tip.lines.to_le_bytes());
        out.extend_from_slice(&self.tip.head.0);
        out.extend_from_slice(&self.last_recorded.map_or(i64::MIN, |t| t.timestamp()).to_le_bytes());
        let stat = self.stat.unwrap_or(FileStat { dev: 0, ino: 0, len: 0, mtime: (0, 0), ctime: (0, 0) });
        for v in [stat.dev, stat.ino, stat.len] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [stat.mtime.0, stat.mtime.1, stat.ctime.0, stat.ctime.1] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.lines.len() as u64).to_le_bytes());
        for (p, lines) in &self.lines {
            put_str(&mut out, p.code());
            out.extend_from_slice(&(lines.len() as u64).to_le_bytes());
            for l in lines {
                out.extend_from_slice(&l.line.to_le_bytes());
                out.extend_from_slice(&l.offset.to_le_bytes());
                out.extend_from_slice(&l.len.to_le_bytes());
                out.extend_from_slice(l.id.as_bytes());
                out.push(l.flags);
            }
        }
        out
    }

    fn decode(treaty: TreatyId, bytes: &[u8]) -> Option<Index> {
        let mut r = Reader { bytes, at: 0 };
        let (tip, last_recorded, stat) = read_header(&mut r, treaty)?;
        let mut lines = BTreeMap::new();
        for _ in 0..r.u64()? {
            let p = ParticipantId::from_code(r.str()?).ok()?;
            let n = usize::try_from(r.u64()?).ok()?;
            let mut own = Vec::with_capacity(n.min(bytes.len() / 33));
            for _ in 0..n {
                own.push(IndexedLine {
                    line: r.u32()?,
                    offset: r.u64()?,
                    len: r.u32()?,
                    id: EventId::from_bytes(r.take(16)?.try_into().ok()?),
                    flags: r.take(1)?[0],
                });
            }
            lines.insert(p, own);
        }
        (r.at == bytes.len()).then_some(Index { treaty, tip, last_recorded, stat: Some(stat), lines })
    }

    /// The index file of `treaty` in the log directory `dir`.
    #[must_use]
    pub fn path(dir: &Path, treaty: TreatyId) -> PathBuf {
        dir.join(".index").join(format!("{}.idx", treaty.key()))
    }

    /// The index of `stream_path`, if it has one that still describes it: `None` when there
    /// is none, it cannot be read, or the stream was written since (see the module's text).
    /// A stream with no file has an empty index.
    #[must_use]
    pub fn load(dir: &Path, treaty: TreatyId, stream_path: &Path) -> Option<Index> {
        let Some(now) = FileStat::now(stream_path) else {
            return no_stream(dir, stream_path).then(|| Index {
                treaty,
                tip: Tip::EMPTY,
                last_recorded: None,
                stat: None,
                lines: BTreeMap::new(),
            });
        };
        let bytes = fs::read(Index::path(dir, treaty)).ok()?;
        let index = Index::decode(treaty, &bytes)?;
        describes(index.stat, index.tip, now, stream_path).then_some(index)
    }

    /// What the index of `stream_path` says of the stream's end and its last recorded time,
    /// reading only the index's header, if the index still describes the stream (as
    /// [`Index::load`] judges it). A stream with no file has an empty end.
    #[must_use]
    pub fn tip_of(dir: &Path, treaty: TreatyId, stream_path: &Path) -> Option<(Tip, Option<DateTime<Utc>>)> {
        let Some(now) = FileStat::now(stream_path) else {
            return no_stream(dir, stream_path).then_some((Tip::EMPTY, None));
        };
        let mut header = Vec::with_capacity(HEADER_MAX);
        File::open(Index::path(dir, treaty)).ok()?.take(HEADER_MAX as u64).read_to_end(&mut header).ok()?;
        let mut r = Reader { bytes: &header, at: 0 };
        let (tip, last_recorded, stat) = read_header(&mut r, treaty)?;
        describes(Some(stat), tip, now, stream_path).then_some((tip, last_recorded))
    }

    /// Writes the index of the stream at `stream_path`, unless the stream changed since it
    /// was read or since `tip` (then no index is better than a wrong one). A cache: failing
    /// to write it changes nothing but speed, so errors are not reported.
    pub fn save(&mut self, dir: &Path, stream_path: &Path) {
        let Some(now) = FileStat::now(stream_path) else { return };
        if now.len != self.tip.len || self.stat.is_some_and(|s| s != now) {
            return;
        }
        if self.stat.is_none() && tail_head(stream_path, self.tip.len) != Some(self.tip.head) {
            return;
        }
        self.stat = Some(now);
        let path = Index::path(dir, self.treaty);
        let Some(parent) = path.parent() else { return };
        if fs::create_dir_all(parent).is_err() {
            return;
        }
        let tmp = parent.join(format!(".{}.idx.tmp-{}", self.treaty.key(), std::process::id()));
        if fs::write(&tmp, self.encode()).is_err() || fs::rename(&tmp, &path).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Reads `lines` of the stream at `path` (which this index describes) back as entries,
    /// each checked as `treaty verify` checks a line (shape, canonical form, hash) and against
    /// the index (treaty, sequence number, id). `None` when any differs: the index
    /// is then wrong, and the caller reads the whole log instead.
    #[must_use]
    pub fn read_lines(&self, path: &Path, lines: &[IndexedLine]) -> Option<Vec<Entry>> {
        if lines.is_empty() {
            // Nothing to read (and a stream with no file yet has nothing to open).
            return Some(Vec::new());
        }
        let mut file = File::open(path).ok()?;
        let mut buf = Vec::new();
        let mut out = Vec::with_capacity(lines.len());
        for l in lines {
            buf.resize(l.len as usize, 0);
            read_at(&mut file, l.offset, &mut buf)?;
            let d = line::decode(&buf).ok()?;
            if d.seq != u64::from(l.line) || d.event.id != l.id || d.event.fact.treaty != self.treaty {
                return None;
            }
            out.push(Entry {
                line: l.line as usize,
                seq: d.seq,
                event: d.event,
                hash: d.hash,
                offset: l.offset,
                len: l.len,
            });
        }
        Some(out)
    }
}

/// Does an index made of the file with `stat`, ending at `tip`, still describe the stream at
/// `path`, which the file system now says is `now`?
fn describes(stat: Option<FileStat>, tip: Tip, now: FileStat, path: &Path) -> bool {
    stat == Some(now) && now.len == tip.len && tail_head(path, tip.len) == Some(tip.head)
}

/// Is there no stream at `path` (the file's absence is then all there is to know), in a log
/// directory that can be read?
fn no_stream(dir: &Path, path: &Path) -> bool {
    !path.exists() && dir.is_dir()
}

/// The most bytes an index's header takes (a treaty key is at most 255 bytes).
const HEADER_MAX: usize = MAGIC.len() + 1 + 255 + 8 * 3 + 32 + 8 * 7;

fn read_header(r: &mut Reader<'_>, treaty: TreatyId) -> Option<(Tip, Option<DateTime<Utc>>, FileStat)> {
    if r.take(MAGIC.len())? != MAGIC || r.str()? != treaty.key() {
        return None;
    }
    let tip = Tip { len: r.u64()?, lines: r.u64()?, head: Sha256(r.take(32)?.try_into().ok()?) };
    let last = r.i64()?;
    let last_recorded = if last == i64::MIN { None } else { Some(DateTime::from_timestamp(last, 0)?) };
    let stat = FileStat {
        dev: r.u64()?,
        ino: r.u64()?,
        len: r.u64()?,
        mtime: (r.i64()?, r.i64()?),
        ctime: (r.i64()?, r.i64()?),
    };
    Some((tip, last_recorded, stat))
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.push(u8::try_from(s.len()).unwrap_or(u8::MAX));
    out.extend_from_slice(&s.as_bytes()[..s.len().min(255)]);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = usize::from(self.take(1)?[0]);
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Log;
    use chrono::{NaiveDate, TimeZone};
    use treaty_model::{Action, DateBasis, Fact, Source, SourceKind};

    fn event(code: &str, action: Action, day: u32) -> Event {
        let mut fact = Fact::new(
            TreatyId::parse("icescr").unwrap(),
            ParticipantId::from_code(code).unwrap(),
            action,
            NaiveDate::from_ymd_opt(1990, 1, day).unwrap(),
        );
        if action.is_terms() {
            fact.kind = Some("reservation".into());
            fact.date_basis = Some(DateBasis::Stated);
            fact.text = Some(format!("text {day}"));
        }
        Event::new(
            fact,
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            Source::url(SourceKind::UntcStatusPage, "https://example.org/p"),
            None,
        )
    }

    #[test]
    fn an_index_survives_a_round_trip_and_goes_stale_when_the_stream_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let t = TreatyId::parse("icescr").unwrap();
        let lock = log.lock().unwrap();
        let events = [
            event("ECU", Action::Signature, 1),
            event("ECU", Action::Reservation, 2),
            event("URY", Action::Signature, 3),
        ];
        log.append(&lock, t, Sha256::ZERO, &events).unwrap();
        let stream = log.read(t).unwrap();
        let mut index = Index::of_stream(&stream).unwrap();
        index.save(dir.path(), &stream.path);
        let loaded = Index::load(dir.path(), t, &stream.path).expect("fresh");
        assert_eq!(loaded.tip, stream.tip());
        let ecu = ParticipantId::from_code("ECU").unwrap();
        assert_eq!(loaded.lines_of(ecu), index.lines_of(ecu));
        assert_eq!(loaded.lines_of(ecu).iter().map(IndexedLine::judged).collect::<Vec<_>>(), [true, false]);
        let entries = loaded.read_lines(&stream.path, loaded.lines_of(ecu)).unwrap();
        assert_eq!(entries.iter().map(|e| e.event.id).collect::<Vec<_>>(), [events[0].id, events[1].id]);

        // Any write to the stream, even one that keeps its length, makes the index stale.
        let bytes = fs::read(&stream.path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&stream.path, &bytes).unwrap();
        assert!(Index::load(dir.path(), t, &stream.path).is_none());
        // And an index that does not parse is no index.
        let mut index = Index::of_stream(&log.read(t).unwrap()).unwrap();
        index.save(dir.path(), &stream.path);
        assert!(Index::load(dir.path(), t, &stream.path).is_some());
        fs::write(Index::path(dir.path(), t), b"treaty-index/1\n\0garbage").unwrap();
        assert!(Index::load(dir.path(), t, &stream.path).is_none());
    }

    #[test]
    fn the_tail_is_read_backwards_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let t = TreatyId::parse("icescr").unwrap();
        let lock = log.lock().unwrap();
        let mut long = event("ECU", Action::Reservation, 2);
        std::sync::Arc::make_mut(&mut long.fact).text = Some("x".repeat(90_000));
        long.id = long.fact.id();
        let out = log.append(&lock, t, Sha256::ZERO, &[event("ECU", Action::Signature, 1), long]).unwrap();
        let len = fs::metadata(log.path(t)).unwrap().len();
        assert_eq!(tail_head(&log.path(t), len), Some(out.head));
        assert_eq!(tail_head(&log.path(t), len - 1), None, "not a complete line");
    }
}
