use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use treaty_model::{Event, Sha256, TreatyId};

use crate::line;
use crate::{LogError, Stream, Tip};

/// The event log: a directory with one stream per treaty, `<key>.ndjson`.
#[derive(Debug, Clone)]
pub struct Log {
    dir: PathBuf,
}

/// The log's write lock, held while it lives. Appends and repairs need one, so that
/// processes that append at the same time take turns (the lock is `flock` on `.lock`).
#[derive(Debug)]
pub struct LogLock {
    _file: File,
}

/// What an append wrote.
#[derive(Debug, Clone)]
pub struct AppendOutcome {
    /// The stream.
    pub path: PathBuf,
    /// Sequence number of the first event written.
    pub first_seq: u64,
    /// Number of events written.
    pub count: usize,
    /// The stream's new head.
    pub head: Sha256,
    /// The stream's new end.
    pub tip: Tip,
    /// The length of each line written, without its newline.
    pub lens: Vec<u32>,
}

/// What recovering from an interrupted multi-stream write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The write had finished (its journal said so): it stands.
    Completed,
    /// The write had not finished: these streams were put back as they were before it.
    RolledBack(Vec<PathBuf>),
}

/// The default wait for the log's lock, and the variable that changes it.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(60);
/// `TREATY_LOCK_TIMEOUT`: seconds to wait for the log's lock.
pub const LOCK_TIMEOUT_VAR: &str = "TREATY_LOCK_TIMEOUT";

const JOURNAL: &str = ".journal";
const JOURNAL_TMP: &str = ".journal.tmp";
const JOURNAL_MAGIC: &str = "treaty-journal/1";

/// A stream as it was before a multi-stream write began.
struct Before {
    treaty: TreatyId,
    existed: bool,
    len: u64,
    head: Sha256,
}

/// What a repair did.
#[derive(Debug, Clone)]
pub struct Repair {
    /// The stream.
    pub path: PathBuf,
    /// The copy of the stream as it was before the repair.
    pub backup: PathBuf,
    /// The line number of the torn line removed.
    pub line: usize,
    /// How many bytes were removed.
    pub removed_bytes: u64,
}

impl Log {
    /// The log kept in `dir` (usually `events/`).
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Log { dir: dir.into() }
    }

    /// The log's directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a treaty's stream.
    #[must_use]
    pub fn path(&self, treaty: TreatyId) -> PathBuf {
        self.dir.join(format!("{}.ndjson", treaty.key()))
    }

    /// Reads one stream.
    ///
    /// # Errors
    /// [`LogError::Io`] when the file cannot be read.
    pub fn read(&self, treaty: TreatyId) -> Result<Stream, LogError> {
        Stream::read(treaty, &self.path(treaty))
    }

    /// Reads every treaty's stream, in catalogue order.
    ///
    /// # Errors
    /// [`LogError::Io`] when a file cannot be read.
    pub fn read_all(&self) -> Result<Vec<Stream>, LogError> {
        let treaties: Vec<TreatyId> = TreatyId::all().collect();
        // Streams are independent (and each is parsed on every core too, `Stream::read`, which
        // keeps both busy when one stream is much longer than the others).
        treaty_model::parallel::map(&treaties, |t| self.read(*t)).into_iter().collect()
    }

    /// Files in the log directory that are not the stream of a treaty (`*.ndjson` with an
    /// unknown key): they would be silently ignored otherwise.
    ///
    /// # Errors
    /// [`LogError::Io`] when the directory cannot be listed.
    pub fn stray_files(&self) -> Result<Vec<PathBuf>, LogError> {
        let mut stray = Vec::new();
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(stray),
            Err(e) => return Err(LogError::io(&self.dir)(e)),
        };
        for entry in entries {
            let path = entry.map_err(LogError::io(&self.dir))?.path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                let key = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
                if !TreatyId::all().any(|t| t.key() == key) {
                    stray.push(path);
                }
            }
        }
        stray.sort();
        Ok(stray)
    }

    /// Checks that the directory is an event log: it exists and holds at least one stream, or,
    /// with `new_log_allowed`, it is empty (a log about to receive its first event). A
    /// directory that holds other files but no stream (`docs/`) is never a log.
    ///
    /// # Errors
    /// [`LogError::NoLog`] saying why, or [`LogError::Io`] when it cannot be listed.
    pub fn require(&self, new_log_allowed: bool) -> Result<(), LogError> {
        let no = |why| LogError::NoLog { dir: self.dir.clone(), why };
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(no("the directory does not exist")),
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Err(no("it is not a directory")),
            Err(e) => return Err(LogError::io(&self.dir)(e)),
        };
        let mut streams = 0;
        let mut others = 0;
        for entry in entries {
            let name = entry.map_err(LogError::io(&self.dir))?.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".ndjson") {
                streams += 1;
            } else if !name.starts_with('.') {
                others += 1;
            }
        }
        match (streams, others) {
            (0, 0) if new_log_allowed => Ok(()),
            (0, 0) => Err(no("the directory holds no stream (<treaty>.ndjson)")),
            (0, _) => Err(no("the directory holds files but no stream (<treaty>.ndjson): it is not an event log")),
            _ => Ok(()),
        }
    }

    /// Takes the log's write lock, waiting for another holder to finish (at most
    /// [`LOCK_TIMEOUT`], or `TREATY_LOCK_TIMEOUT` seconds), then finishes or undoes a
    /// multi-stream write that a crash interrupted (see [`Log::append_all`]).
    ///
    /// # Errors
    /// [`LogError::NoLog`] when the directory does not exist, [`LogError::LockTimeout`], and
    /// [`LogError::Io`] when the lock file cannot be created or locked.
    pub fn lock(&self) -> Result<LogLock, LogError> {
        if !self.dir.is_dir() {
            return Err(LogError::NoLog { dir: self.dir.clone(), why: "the directory does not exist" });
        }
        let path = self.dir.join(".lock");
        let file =
            OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(LogError::io(&path))?;
        let timeout = std::env::var(LOCK_TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(LOCK_TIMEOUT, Duration::from_secs);
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(LogError::LockTimeout { path, waited_seconds: start.elapsed().as_secs() });
                }
                Err(fs::TryLockError::Error(e)) => return Err(LogError::io(&path)(e)),
            }
        }
        let lock = LogLock { _file: file };
        self.recover(&lock)?;
        Ok(lock)
    }

    /// Is a multi-stream write's journal on disk (a write in progress, or one a crash
    /// interrupted)?
    #[must_use]
    pub fn journal_pending(&self) -> bool {
        self.dir.join(JOURNAL).exists() || self.dir.join(JOURNAL_TMP).exists()
    }

    /// Finishes or undoes a multi-stream write that a crash interrupted: a write whose
    /// journal says it was committed stands; any other is undone, every stream it names put
    /// back to its length and head before the write. `None` when there was nothing to do.
    ///
    /// # Errors
    /// [`LogError::BadJournal`] when the journal cannot be read or a stream no longer starts
    /// with what it had (nothing is changed then), and [`LogError::Io`].
    pub fn recover(&self, _lock: &LogLock) -> Result<Option<Recovery>, LogError> {
        let tmp = self.dir.join(JOURNAL_TMP);
        if tmp.exists() {
            // Written before any stream was touched, and never renamed: nothing to undo.
            fs::remove_file(&tmp).map_err(LogError::io(&tmp))?;
            sync_dir(&self.dir)?;
        }
        let path = self.dir.join(JOURNAL);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(LogError::io(&path)(e)),
        };
        let bad = |why: String| LogError::BadJournal { path: path.clone(), why };
        let lines: Vec<&str> = text.lines().collect();
        if lines.first() != Some(&JOURNAL_MAGIC) || !lines.contains(&"end") {
            return Err(bad("it is not a complete treaty journal".into()));
        }
        let committed = lines.last() == Some(&"commit");
        let mut before = Vec::new();
        for line in &lines[1..] {
            if *line == "end" {
                break;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let parsed = (|| {
                let [key, existed, len, head] = f[..] else { return None };
                Some(Before {
                    treaty: TreatyId::parse(key).ok()?,
                    existed: existed == "1",
                    len: len.parse().ok()?,
                    head: head.parse().ok()?,
                })
            })();
            before.push(parsed.ok_or_else(|| bad(format!("line {line:?}")))?);
        }
        if committed {
            fs::remove_file(&path).map_err(LogError::io(&path))?;
            sync_dir(&self.dir)?;
            return Ok(Some(Recovery::Completed));
        }
        // Check every stream first, so that a journal that does not match leaves all as it is.
        for b in &before {
            let stream = self.path(b.treaty);
            let size = match fs::metadata(&stream) {
                Ok(m) => m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !b.existed => continue,
                Err(e) => return Err(LogError::io(&stream)(e)),
            };
            if size < b.len || tail_head(&stream, b.len) != Some(b.head) {
                return Err(bad(format!("{} no longer begins with what it had before the write", stream.display())));
            }
        }
        let mut undone = Vec::new();
        for b in &before {
            let stream = self.path(b.treaty);
            if !b.existed {
                match fs::remove_file(&stream) {
                    Ok(()) => undone.push(stream),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(LogError::io(&stream)(e)),
                }
                continue;
            }
            let file = OpenOptions::new().write(true).open(&stream).map_err(LogError::io(&stream))?;
            if file.metadata().map_err(LogError::io(&stream))?.len() != b.len {
                file.set_len(b.len).and_then(|()| file.sync_all()).map_err(LogError::io(&stream))?;
                undone.push(stream);
            }
        }
        fs::remove_file(&path).map_err(LogError::io(&path))?;
        sync_dir(&self.dir)?;
        Ok(Some(Recovery::RolledBack(undone)))
    }

    /// Appends to several streams, all or nothing: each `(treaty, expected head, events)`
    /// as [`Log::append`] would, under a journal that a later [`Log::lock`] (or
    /// [`Log::recover`]) uses to undo the whole write if it was interrupted. The journal (the
    /// streams' lengths and heads before the write) is made durable before any stream is
    /// touched, and marked committed once every stream is flushed; only then is it removed.
    ///
    /// # Errors
    /// As [`Log::append`]; on an error every stream already written is put back.
    pub fn append_all(
        &self,
        lock: &LogLock,
        batches: &[(TreatyId, Tip, Vec<Event>)],
    ) -> Result<Vec<AppendOutcome>, LogError> {
        let mut journal = format!("{JOURNAL_MAGIC}\n");
        for (treaty, tip, _) in batches {
            let path = self.path(*treaty);
            let (existed, len) = match fs::metadata(&path) {
                Ok(m) => (true, m.len()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, 0),
                Err(e) => return Err(LogError::io(&path)(e)),
            };
            // The head the caller read; `append_after` refuses the write, before touching the
            // stream, if the stream does not end there any more.
            let head = tip.head;
            journal.push_str(&format!("{}\t{}\t{len}\t{head}\n", treaty.key(), u8::from(existed)));
        }
        journal.push_str("end\n");
        let tmp = self.dir.join(JOURNAL_TMP);
        let path = self.dir.join(JOURNAL);
        write_durably(&tmp, journal.as_bytes())?;
        fs::rename(&tmp, &path).map_err(LogError::io(&path))?;
        sync_dir(&self.dir)?;

        let mut written = Vec::new();
        for (treaty, tip, events) in batches {
            match self.append_after(lock, *treaty, *tip, events) {
                Ok(out) => written.push(out),
                Err(e) => {
                    // Put back what was written; the journal is removed once that is done.
                    self.recover(lock)?;
                    return Err(e);
                }
            }
        }
        let mut file = OpenOptions::new().append(true).open(&path).map_err(LogError::io(&path))?;
        file.write_all(b"commit\n").and_then(|()| file.sync_all()).map_err(LogError::io(&path))?;
        fs::remove_file(&path).map_err(LogError::io(&path))?;
        sync_dir(&self.dir)?;
        Ok(written)
    }

    /// Appends `events` to their treaty's stream, provided its head is still `expected_head`
    /// (the head of the stream the caller validated them against).
    ///
    /// The lines are written in one write and flushed to disk (file, and the directory when
    /// the file is new) before this returns. If the write fails, the file is cut back to its
    /// former length: the stream is left as it was.
    ///
    /// # Errors
    /// [`LogError::HeadMismatch`] when the stream moved on, [`LogError::TornTail`] when it ends
    /// in a torn line, [`LogError::WrongTreaty`] for an event of another treaty, and
    /// [`LogError::Io`].
    pub fn append(
        &self,
        _lock: &LogLock,
        treaty: TreatyId,
        expected_head: Sha256,
        events: &[Event],
    ) -> Result<AppendOutcome, LogError> {
        let path = self.path(treaty);
        of_treaty(treaty, events)?;
        // Under the lock nothing else writes, so what we read now is what we append to.
        let stream = Stream::read(treaty, &path)?;
        if let Some(line) = stream.torn_tail {
            return Err(LogError::TornTail { path, line });
        }
        if stream.head != expected_head {
            return Err(LogError::HeadMismatch { path, expected: expected_head, found: stream.head });
        }
        self.write_lines(treaty, stream.tip(), events)
    }

    /// Appends `events` to their treaty's stream, provided it still ends at `tip` (the end of
    /// the stream the caller validated them against, read whole or from its index): its
    /// length is `tip.len` and its last line's hash is `tip.head`. Only the stream's last line
    /// is read. Otherwise as [`Log::append`].
    ///
    /// # Errors
    /// As [`Log::append`].
    pub fn append_after(
        &self,
        _lock: &LogLock,
        treaty: TreatyId,
        tip: Tip,
        events: &[Event],
    ) -> Result<AppendOutcome, LogError> {
        let path = self.path(treaty);
        of_treaty(treaty, events)?;
        let len = match fs::metadata(&path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(LogError::io(&path)(e)),
        };
        if len != tip.len || tail_head(&path, len) != Some(tip.head) {
            // Not the stream the events were judged against: say how, as `append` does.
            let stream = Stream::read(treaty, &path)?;
            if let Some(line) = stream.torn_tail {
                return Err(LogError::TornTail { path, line });
            }
            return Err(LogError::HeadMismatch { path, expected: tip.head, found: stream.head });
        }
        self.write_lines(treaty, tip, events)
    }

    /// Writes `events` after `tip`, in one write, flushed.
    fn write_lines(&self, treaty: TreatyId, tip: Tip, events: &[Event]) -> Result<AppendOutcome, LogError> {
        let path = self.path(treaty);
        let first_seq = tip.lines + 1;
        let mut batch = String::new();
        let mut head = tip.head;
        let mut lens = Vec::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            let (text, hash) = line::encode(first_seq + i as u64, event, head);
            lens.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            batch.push_str(&text);
            batch.push('\n');
            head = hash;
        }
        let created = !path.exists();
        let mut file = OpenOptions::new().create(true).append(true).open(&path).map_err(LogError::io(&path))?;
        let before = file.metadata().map_err(LogError::io(&path))?.len();
        if let Err(e) = file.write_all(batch.as_bytes()).and_then(|()| file.sync_all()) {
            // A full disk can leave part of the batch written: cut it off again.
            let _ = file.set_len(before).and_then(|()| file.sync_all());
            return Err(LogError::io(&path)(e));
        }
        if created {
            sync_dir(&self.dir)?;
        }
        let tip = Tip { len: before + batch.len() as u64, lines: tip.lines + events.len() as u64, head };
        Ok(AppendOutcome { path, first_seq, count: events.len(), head, tip, lens })
    }

    /// Removes a torn last line from a treaty's stream, after copying the stream to a backup
    /// file beside it. Complete lines are never removed. `None` when there is nothing to repair.
    ///
    /// # Errors
    /// [`LogError::Io`] when the backup or the truncation fails.
    pub fn repair(&self, _lock: &LogLock, treaty: TreatyId) -> Result<Option<Repair>, LogError> {
        let path = self.path(treaty);
        let stream = Stream::read(treaty, &path)?;
        let Some(line) = stream.torn_tail else {
            return Ok(None);
        };
        let backup = free_backup_path(&path);
        fs::copy(&path, &backup).map_err(LogError::io(&backup))?;
        File::open(&backup).and_then(|f| f.sync_all()).map_err(LogError::io(&backup))?;
        let file = OpenOptions::new().write(true).open(&path).map_err(LogError::io(&path))?;
        let len = file.metadata().map_err(LogError::io(&path))?.len();
        file.set_len(stream.complete_len).and_then(|()| file.sync_all()).map_err(LogError::io(&path))?;
        sync_dir(&self.dir)?;
        Ok(Some(Repair { path, backup, line, removed_bytes: len - stream.complete_len }))
    }
}

/// Refuses events of another treaty than the stream's.
fn of_treaty(treaty: TreatyId, events: &[Event]) -> Result<(), LogError> {
    match events.iter().find(|e| e.fact.treaty != treaty) {
        Some(e) => Err(LogError::WrongTreaty {
            id: e.id.to_hex(),
            expected: treaty.key().to_owned(),
            found: e.fact.treaty.key().to_owned(),
        }),
        None => Ok(()),
    }
}

/// The hash of the last line of the first `len` bytes of the file (zero when `len` is 0);
/// `None` when those bytes do not end with a complete line.
pub(crate) fn tail_head(path: &Path, len: u64) -> Option<Sha256> {
    if len == 0 {
        return Some(Sha256::ZERO);
    }
    let mut file = File::open(path).ok()?;
    // Read backwards from `len` until the newline before the last line.
    let mut tail: Vec<u8> = Vec::new();
    let mut start = len;
    loop {
        let step = (64 * 1024u64).min(start);
        let from = start.saturating_sub(step);
        let mut chunk = vec![0u8; usize::try_from(start - from).ok()?];
        read_at(&mut file, from, &mut chunk)?;
        chunk.extend_from_slice(&tail);
        tail = chunk;
        start = from;
        if tail.last() != Some(&b'\n') {
            return None;
        }
        let body = &tail[..tail.len() - 1];
        if let Some(i) = body.iter().rposition(|b| *b == b'\n') {
            return line::hash_of_line(&body[i + 1..]);
        }
        if start == 0 {
            return line::hash_of_line(body);
        }
    }
}

/// Reads `buf.len()` bytes at `offset` (one `pread` where there is one).
pub(crate) fn read_at(file: &mut File, offset: u64, buf: &mut [u8]) -> Option<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset).ok()
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(buf).ok()
    }
}

/// Writes a small file and flushes it to disk.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), LogError> {
    let mut file = File::create(path).map_err(LogError::io(path))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(LogError::io(path))
}

/// `<stream>.bak`, or `<stream>.bak.N` when earlier backups exist.
fn free_backup_path(path: &Path) -> PathBuf {
    let base = path.with_extension("ndjson.bak");
    if !base.exists() {
        return base;
    }
    (1..)
        .map(|n| path.with_extension(format!("ndjson.bak.{n}")))
        .find(|p| !p.exists())
        .expect("some backup name is free")
}

/// A new file's name is durable only once its directory is flushed too.
fn sync_dir(dir: &Path) -> Result<(), LogError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(LogError::io(dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use treaty_model::{Action, Fact, ParticipantId, Source, SourceKind};

    fn event(code: &str, day: u32) -> Event {
        let fact = Fact::new(
            TreatyId::parse("icescr").unwrap(),
            ParticipantId::from_code(code).unwrap(),
            Action::Ratification,
            NaiveDate::from_ymd_opt(1969, 1, day).unwrap(),
        );
        Event::new(
            fact,
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            Source::url(SourceKind::UntcStatusPage, "https://example.org/p"),
            None,
        )
    }

    #[test]
    fn appended_events_read_back_with_a_valid_chain() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let t = TreatyId::parse("icescr").unwrap();
        let lock = log.lock().unwrap();
        let out = log.append(&lock, t, Sha256::ZERO, &[event("ECU", 6), event("URY", 1)]).unwrap();
        assert_eq!(out.first_seq, 1);
        log.append(&lock, t, out.head, &[event("FRA", 2)]).unwrap();
        let s = log.read(t).unwrap();
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.entries.len(), 3);
        assert_eq!(s.entries[2].seq, 3);
    }

    #[test]
    fn a_stale_head_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let t = TreatyId::parse("icescr").unwrap();
        let lock = log.lock().unwrap();
        log.append(&lock, t, Sha256::ZERO, &[event("ECU", 6)]).unwrap();
        let before = fs::read(log.path(t)).unwrap();
        let err = log.append(&lock, t, Sha256::ZERO, &[event("URY", 1)]).unwrap_err();
        assert!(matches!(err, LogError::HeadMismatch { .. }), "{err}");
        assert_eq!(fs::read(log.path(t)).unwrap(), before);
    }

    #[test]
    fn an_interrupted_multi_stream_write_is_undone_and_a_committed_one_stands() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let icescr = TreatyId::parse("icescr").unwrap();
        let lock = log.lock().unwrap();
        let first = log.append(&lock, icescr, Sha256::ZERO, &[event("ECU", 6)]).unwrap();
        let before = fs::read(log.path(icescr)).unwrap();
        log.append_all(&lock, &[(icescr, first.tip, vec![event("URY", 1)])]).unwrap();
        assert!(!log.journal_pending());
        let after = fs::read(log.path(icescr)).unwrap();
        assert!(after.len() > before.len());
        // A crash after the journal and part of the write: the next lock undoes it.
        let journal = format!("{JOURNAL_MAGIC}\nicescr\t1\t{}\t{}\nend\n", before.len(), first.head);
        fs::write(dir.path().join(JOURNAL), journal).unwrap();
        drop(lock);
        let lock = log.lock().unwrap();
        assert_eq!(fs::read(log.path(icescr)).unwrap(), before);
        assert!(!log.journal_pending());
        // A committed journal leaves the streams as they are.
        fs::write(log.path(icescr), &after).unwrap();
        let journal = format!("{JOURNAL_MAGIC}\nicescr\t1\t{}\t{}\nend\ncommit\n", before.len(), first.head);
        fs::write(dir.path().join(JOURNAL), journal).unwrap();
        assert_eq!(log.recover(&lock).unwrap(), Some(Recovery::Completed));
        assert_eq!(fs::read(log.path(icescr)).unwrap(), after);
        // A journal that does not match the stream changes nothing.
        let journal = format!("{JOURNAL_MAGIC}\nicescr\t1\t10\t{}\nend\n", first.head);
        fs::write(dir.path().join(JOURNAL), journal).unwrap();
        assert!(matches!(log.recover(&lock), Err(LogError::BadJournal { .. })));
        assert_eq!(fs::read(log.path(icescr)).unwrap(), after);
    }

    #[test]
    fn a_directory_that_is_not_a_log_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Log::new(dir.path().join("missing")).require(true).is_err());
        assert!(Log::new(dir.path()).require(true).is_ok(), "an empty directory is a new log");
        assert!(Log::new(dir.path()).require(false).is_err(), "but it has nothing to read");
        fs::write(dir.path().join("README.md"), "docs").unwrap();
        let err = Log::new(dir.path()).require(true).unwrap_err().to_string();
        assert!(err.contains("not an event log"), "{err}");
    }

    #[test]
    fn repair_removes_only_the_torn_tail_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(dir.path());
        let t = TreatyId::parse("icescr").unwrap();
        let lock = log.lock().unwrap();
        log.append(&lock, t, Sha256::ZERO, &[event("ECU", 6), event("URY", 1)]).unwrap();
        let whole = fs::read(log.path(t)).unwrap();
        fs::write(log.path(t), &whole[..whole.len() - 40]).unwrap();
        let torn = log.read(t).unwrap();
        assert_eq!(torn.torn_tail, Some(2));
        assert_eq!(torn.entries.len(), 1);
        let repair = log.repair(&lock, t).unwrap().unwrap();
        assert_eq!(repair.line, 2);
        assert_eq!(fs::read(&repair.backup).unwrap(), &whole[..whole.len() - 40]);
        let s = log.read(t).unwrap();
        assert!(s.problems.is_empty());
        assert_eq!(s.entries.len(), 1);
        assert!(log.repair(&lock, t).unwrap().is_none());
    }
}
