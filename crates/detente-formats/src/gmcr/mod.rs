//! Readers for conflict models of the Graph Model for Conflict Resolution
//! ([`detente_core::gmcr`]): detente's own TOML (`toml.rs`, documented there and in
//! `docs/stability.md`) and GMCR+'s `.gmcr` JSON save files (`gmcr_plus.rs`).
//!
//! Every error names the file and the element (decision maker, option, statement, ranking) and
//! says what is wrong.

use std::path::{Path, PathBuf};

use detente_core::gmcr::{Conflict, ConflictSpec, GmcrError};

use crate::LoadError;

mod gmcr_plus;
mod toml;

pub use gmcr_plus::read_gmcr_plus_str;

pub use toml::read_conflict_toml_str;

/// A conflict model with what it says about itself.
#[derive(Debug, Clone)]
pub struct LoadedConflict {
    /// The validated model.
    pub conflict: Conflict,
    /// The specification it was built from.
    pub spec: ConflictSpec,
    /// Free-text note on where the model comes from (TOML `source`), if any.
    pub source: Option<String>,
    /// Whether the file marks the model as illustrative rather than published.
    pub illustrative: bool,
}

/// A conflict model that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConflictLoadError {
    /// The file could not be read as text.
    #[error(transparent)]
    File(#[from] LoadError),
    /// The file is not readable TOML or JSON, or misses a required key.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What the parser saw (with line and column where known).
        message: String,
    },
    /// An element of the model is wrong.
    #[error("{path}: {element}: {source}")]
    Model {
        /// The file.
        path: PathBuf,
        /// Which element (decision maker, option, statement, ranking…).
        element: String,
        /// What is wrong.
        #[source]
        source: GmcrError,
    },
}

/// Reads a conflict model: `.gmcr` files as GMCR+ JSON, anything else as detente TOML.
pub fn load_conflict(path: &Path) -> Result<LoadedConflict, ConflictLoadError> {
    let text = crate::text::read_text(path)?;
    let is_gmcr_plus = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gmcr"));
    if is_gmcr_plus {
        read_gmcr_plus_str(path, &text)
    } else {
        read_conflict_toml_str(path, &text)
    }
}

/// Builds the model, naming the element each core error is about.
fn build(
    path: &Path,
    spec: ConflictSpec,
    source: Option<String>,
    illustrative: bool,
) -> Result<LoadedConflict, ConflictLoadError> {
    let conflict = Conflict::new(&spec).map_err(|e| ConflictLoadError::Model {
        path: path.to_owned(),
        element: element_of(&e),
        source: e,
    })?;
    Ok(LoadedConflict {
        conflict,
        spec,
        source,
        illustrative,
    })
}

fn element_of(error: &GmcrError) -> String {
    match error {
        GmcrError::OptionOwnedTwice { option, second, .. } => {
            format!("decision maker `{second}`, option `{option}`")
        }
        GmcrError::OptionDeclaredTwice { option, dm } => {
            format!("decision maker `{dm}`, option `{option}`")
        }
        GmcrError::NoOptions(dm) | GmcrError::DuplicateDecisionMaker(dm) => {
            format!("decision maker `{dm}`")
        }
        GmcrError::RankingOmitsStates { dm, .. } | GmcrError::RankingOverlap { dm, .. } => {
            format!("decision maker `{dm}`, ranking")
        }
        GmcrError::StatementCount { dm, .. } => format!("decision maker `{dm}`, preferences"),
        GmcrError::NoFeasibleState => "infeasibility rules".into(),
        GmcrError::StatusQuoInfeasible(_) => "status_quo".into(),
        GmcrError::TooManyOptions(_) => "options".into(),
        _ => "model".into(),
    }
}
