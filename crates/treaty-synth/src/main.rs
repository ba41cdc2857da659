//! `treaty-synth`: writes a synthetic, valid event log, and new events to add to it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;

/// Writes a synthetic event log of N events that keeps every rule of the real one (18
/// streams, real States, the committed log's format), for measuring the commands at scale
/// (benches/scale.sh). The same N gives the same bytes.
///
/// With --extras DIR it also writes events the log lacks: `import.ndjson` (records for
/// `treaty import`) and `append-1.args`, `append-2.args`, ... (the flags of one
/// `treaty append` each, one argument a line).
///
/// Example:
///   treaty-synth --events 1000000 --out /tmp/scale/1000000/events --extras /tmp/scale/1000000
#[derive(Debug, Parser)]
#[command(version, verbatim_doc_comment)]
struct Args {
    /// How many events.
    #[arg(long, value_name = "N")]
    events: usize,
    /// The log directory to create (it must not hold streams yet).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Where to write the new events to import and append.
    #[arg(long, value_name = "DIR")]
    extras: Option<PathBuf>,
    /// How many records `import.ndjson` holds.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    import_count: usize,
    /// How many `append-N.args` files to write.
    #[arg(long, value_name = "N", default_value_t = 3)]
    append_count: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let n = treaty_synth::write_log(&args.out, args.events).with_context(|| format!("{}", args.out.display()))?;
    if let Some(dir) = &args.extras {
        std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
        let path = dir.join("import.ndjson");
        std::fs::write(&path, treaty_synth::import_records(args.events, args.import_count))
            .with_context(|| format!("{}", path.display()))?;
        for i in 0..args.append_count {
            let path = dir.join(format!("append-{}.args", i + 1));
            let mut text = treaty_synth::append_args(args.events, i).join("\n");
            text.push('\n');
            std::fs::write(&path, text).with_context(|| format!("{}", path.display()))?;
        }
    }
    eprintln!("treaty-synth: wrote {n} events into {}", args.out.display());
    Ok(())
}
