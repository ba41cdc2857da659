use std::io;
use std::path::PathBuf;

use thiserror::Error;
use treaty_model::Sha256;

/// An append or repair that could not be carried out. The stream is left as it was.
#[derive(Debug, Error)]
pub enum LogError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The stream's head is not the one the append was prepared against.
    #[error(
        "{path}: the stream changed since it was read (expected head {expected}, found {found}); read it again and retry"
    )]
    HeadMismatch {
        /// The stream.
        path: PathBuf,
        /// The head the caller read.
        expected: Sha256,
        /// The head on disk.
        found: Sha256,
    },
    /// The stream ends in an incomplete line; nothing is appended after it.
    #[error("{path}:{line}: the last line is incomplete (torn write); run `treaty verify --repair` first")]
    TornTail {
        /// The stream.
        path: PathBuf,
        /// Its line number.
        line: usize,
    },
    /// The directory is not an event log.
    #[error(
        "{dir}: no event log here: {why}; run from the repository root, or name the log with --events DIR (or TREATY_EVENTS)"
    )]
    NoLog {
        /// The directory.
        dir: PathBuf,
        /// Why it is not one.
        why: &'static str,
    },
    /// Another process held the log's lock for longer than the wait allows.
    #[error(
        "{path}: another treaty process has held the log's lock for {waited_seconds} s (the most this command waits; set TREATY_LOCK_TIMEOUT to wait longer); nothing was written"
    )]
    LockTimeout {
        /// The lock file.
        path: PathBuf,
        /// How long this process waited.
        waited_seconds: u64,
    },
    /// An interrupted write's journal that cannot be read: a person must look.
    #[error(
        "{path}: the journal of an interrupted write cannot be read ({why}); the log is left as it is: compare the streams it names with their backups in git, then remove it"
    )]
    BadJournal {
        /// The journal.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The events to append are for another treaty than the stream.
    #[error("event {id} is for {found}, not for the stream {expected}")]
    WrongTreaty {
        /// The event.
        id: String,
        /// The stream's treaty.
        expected: String,
        /// The event's treaty.
        found: String,
    },
}

impl LogError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> LogError {
        let path = path.into();
        move |source| LogError::Io { path, source }
    }
}
