use std::path::Path;

use anyhow::Result;
use treaty_log::Log;
use treaty_model::TreatyId;

use crate::Refused;
use crate::cli::VerifyArgs;
use crate::output;

pub const EXAMPLES: &str = "\
Checks, for every stream in the log directory: each line's JSON shape and canonical form,
sequence numbers, the hash chain, that each id is derived from its fact, no duplicate facts,
recorded_at never going back, and every treaty rule (see docs/RULES.md). Each problem is
printed as FILE:LINE: [RULE] MESSAGE. Exit 0 only when everything holds.

When everything holds, each stream is indexed in <log>/.index/ (a cache, never committed,
that appends, imports and questions about one treaty use to read less; see EVENT-FORMAT.md).

A write interrupted by a crash can leave an incomplete last line (rule log/torn-tail).
`--repair` removes that line only, after copying the stream to `<stream>.bak`; complete
events are never removed.

Examples:
  treaty verify
  treaty verify --events /path/to/events
  treaty verify --repair";

pub fn run(dir: &Path, args: &VerifyArgs) -> Result<()> {
    let mut out = Vec::new();
    if args.repair {
        let log = Log::new(dir);
        let lock = log.lock()?;
        for treaty in TreatyId::all() {
            if let Some(r) = log.repair(&lock, treaty)? {
                out.push(format!(
                    "repaired {}: removed the incomplete line {} ({} bytes); the stream as it was is in {}",
                    r.path.display(),
                    r.line,
                    r.removed_bytes,
                    r.backup.display()
                ));
            }
        }
    }
    let found = treaty_pipeline::verify(dir)?;
    let events: usize = found.streams.iter().map(|s| s.events).sum();
    let streams = found.streams.iter().filter(|s| s.lines > 0 || s.torn_tail).count();
    if found.problems.is_empty() {
        for s in found.streams.iter().filter(|s| s.lines > 0) {
            out.push(format!("{}: {} events, head {}", s.path.display(), s.events, s.head));
        }
        out.push(format!("verified {streams} stream(s), {events} event(s): every rule holds"));
        return output::lines(out);
    }
    let n = found.problems.len();
    out.extend(found.problems);
    output::lines(out)?;
    Err(Refused(format!("{n} problem(s) in {} ({streams} stream(s), {events} readable event(s))", dir.display()))
        .into())
}
