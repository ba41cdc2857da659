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
