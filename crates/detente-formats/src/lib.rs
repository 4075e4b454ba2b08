//! Reading and writing negotiation scenarios.
//!
//! Formats: GENIUS XML (domain + `utility_space` files in one folder), GeniusWeb JSON (domain +
//! profile files), and detente's own TOML (one file per scenario). [`load`] takes a folder or a
//! file and finds out which it is.
//!
//! Readers are lenient where the format's owner is (GENIUS reads malformed XML, so do we) and say
//! what they normalised as [`Warning`]s; anything they cannot read is a [`LoadError`] naming the
//! file, the element or line, and what is wrong.
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use detente_core::Scenario;

/// How discrete evaluations in GENIUS XML profiles become utilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvaluationMode {
    /// GENIUS's reading: each evaluation divided by its issue's maximum, weighted sum capped at 1.
    #[default]
    Genius,
    /// NegMAS's reading: evaluations and weights used as written, no cap.
    Raw,
}

/// Options for [`load`].
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// How GENIUS XML evaluations are read. Other formats ignore it.
    pub evaluation: EvaluationMode,
}

/// Which format a scenario came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// GENIUS XML folder.
    GeniusXml,
    /// GeniusWeb JSON folder or file.
    GeniusWeb,
    /// detente TOML file.
    Toml,
}

/// Something a reader normalised or ignored, worth telling the user about.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The file it concerns.
    pub file: PathBuf,
    /// What was normalised and how.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

/// A loaded scenario with what the reader had to say about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// What was normalised on the way in.
    pub warnings: Vec<Warning>,
    /// Where it came from.
    pub format: SourceFormat,
}

/// Loads a scenario from a folder (GENIUS XML or GeniusWeb JSON) or a single `.toml`/`.json` file.
pub fn load(_path: &Path, _options: &LoadOptions) -> Result<Loaded, LoadError> {
    unimplemented!("the formats work fills this in")
}

/// A scenario that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// Reading the file or folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}
