//! End-to-end tests of the `detente` binary: one test binary, one module per command.

mod bad_input;
mod inspect;
mod stability;

use std::path::PathBuf;

/// The repository root, so fixture paths (and the paths printed in reports) are relative to it.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `detente` run from the repository root.
pub fn detente() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("detente").unwrap();
    cmd.current_dir(repo_root());
    cmd
}
