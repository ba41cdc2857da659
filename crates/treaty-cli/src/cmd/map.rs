use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::MapArgs;

pub const EXAMPLES: &str = "\
Examples:
  treaty map --treaty op-icescr -o map.svg
  treaty map --treaty op-icescr --as-of 2015-12-31 -o op-icescr-2015.svg";

pub fn run(_dir: &Path, _args: &MapArgs) -> Result<()> {
    bail!("`treaty map` is not built yet")
}
