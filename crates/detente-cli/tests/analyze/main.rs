//! Integration tests of `detente analyze`: NegMAS agreement on golden files, report snapshots.

mod corpus;
mod golden;
mod snapshots;

use std::path::PathBuf;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
