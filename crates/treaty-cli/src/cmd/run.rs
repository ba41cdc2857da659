use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::RunArgs;

pub const EXAMPLES: &str = "\
Examples:
  treaty run pipelines/op-icescr.toml
  treaty run pipelines/core-human-rights.toml --offline tests/fixtures/untc/2026-02-03 --dry-run";

pub fn run(_dir: &Path, _args: &RunArgs) -> Result<()> {
    bail!("`treaty run` is not built yet")
}
