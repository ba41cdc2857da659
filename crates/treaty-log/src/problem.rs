use std::fmt;
use std::path::PathBuf;

/// A rule of the log format that a line can break (see `docs/EVENT-FORMAT.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogRule {
    /// The last line has no newline: a write was interrupted.
    TornTail,
    /// The line is not a JSON object of the event shape (or names an unknown treaty,
    /// participant or action).
    Shape,
    /// The line is not written in the canonical form (key order, spacing, escapes).
    Canonical,
    /// Unsupported format version.
    Version,
    /// The line's treaty is not the stream's.
    Treaty,
    /// Sequence numbers must count 1, 2, 3, ...
    Sequence,
    /// `prev` must be the previous line's hash.
    ChainPrev,
    /// `hash` must be the SHA-256 of the line as specified.
    ChainHash,
    /// `id` must be derived from the fact.
    Id,
    /// The same fact appears twice.
    Duplicate,
    /// `recorded_at` may not go back in time along the stream.
    RecordedOrder,
    /// A `*.ndjson` file in the log directory that is not named after a treaty key.
    StreamName,
}

impl LogRule {
    /// The rule's id, as printed in messages and documented.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            LogRule::TornTail => "log/torn-tail",
            LogRule::Shape => "log/shape",
            LogRule::Canonical => "log/canonical",
            LogRule::Version => "log/version",
            LogRule::Treaty => "log/treaty",
            LogRule::Sequence => "log/sequence",
            LogRule::ChainPrev => "log/chain-prev",
            LogRule::ChainHash => "log/chain-hash",
            LogRule::Id => "log/id",
            LogRule::Duplicate => "log/duplicate",
            LogRule::RecordedOrder => "log/recorded-order",
            LogRule::StreamName => "log/stream-name",
        }
    }
}

impl fmt::Display for LogRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A broken rule at a line of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The stream file.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// The rule.
    pub rule: LogRule,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: [{}] {}", self.path.display(), self.line, self.rule, self.message)
    }
}
