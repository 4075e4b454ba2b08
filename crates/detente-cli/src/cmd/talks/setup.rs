//! The talks setup of a scenario file: its optional `[talks]` table (who mediates, how each party
//! behaves), read by `detente_formats::read_talks_setup` into a
//! `detente_core::talks::TalksSetup`. The table's keys are documented there and in
//! `docs/scenario-formats.md`; the seats are built by the core.

use std::path::Path;

use detente_core::talks::TalksSetup;

/// The `[talks]` table of `path` (an empty setup for folders, non-TOML files and files without
/// one).
pub fn read(path: &Path) -> anyhow::Result<TalksSetup> {
    Ok(detente_formats::read_talks_setup(path)?.unwrap_or_default())
}
