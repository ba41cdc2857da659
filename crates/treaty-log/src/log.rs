use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use treaty_model::{Event, Sha256, TreatyId};

use crate::line;
use crate::{LogError, Stream};

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
        TreatyId::all().map(|t| self.read(t)).collect()
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

    /// Takes the log's write lock, waiting for another holder to finish.
    ///
    /// # Errors
    /// [`LogError::Io`] when the lock file cannot be created or locked.
    pub fn lock(&self) -> Result<LogLock, LogError> {
        fs::create_dir_all(&self.dir).map_err(LogError::io(&self.dir))?;
        let path = self.dir.join(".lock");
        let file =
            OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(LogError::io(&path))?;
        file.lock().map_err(LogError::io(&path))?;
        Ok(LogLock { _file: file })
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
        if let Some(e) = events.iter().find(|e| e.fact.treaty != treaty) {
            return Err(LogError::WrongTreaty {
                id: e.id.to_hex(),
                expected: treaty.key().to_owned(),
                found: e.fact.treaty.key().to_owned(),
            });
        }
        // Under the lock nothing else writes, so what we read now is what we append to.
        let stream = Stream::read(treaty, &path)?;
        if let Some(line) = stream.torn_tail {
            return Err(LogError::TornTail { path, line });
        }
        if stream.head != expected_head {
            return Err(LogError::HeadMismatch { path, expected: expected_head, found: stream.head });
        }
        let first_seq = stream.next_seq();
        let mut batch = String::new();
        let mut head = stream.head;
        for (i, event) in events.iter().enumerate() {
            let (text, hash) = line::encode(first_seq + i as u64, event, head);
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
        Ok(AppendOutcome { path, first_seq, count: events.len(), head })
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
