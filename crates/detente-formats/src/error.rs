//! [`LoadError`]: everything that can stop a scenario from loading.
//!
//! Every variant names the file, says where in it (line, element or key path) and what is wrong,
//! and — where there is one — how to fix it. Readers never panic on bad input; they return one of
//! these.

use std::path::PathBuf;

use detente_core::ModelError;

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
    /// The file is empty (or only whitespace).
    #[error("{path}: the file is empty (hint: expected a scenario domain, profile or TOML file)")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than any scenario file has reason to be.
    #[error(
        "{path}: the file has {size} bytes, more than the {limit}-byte limit for scenario files"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not UTF-8 text (binary, or another encoding).
    #[error("{path}: line {line}: the file is not UTF-8 text (invalid byte at offset {offset}; hint: save it as UTF-8)")]
    NotText {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file is not readable XML, even after the lenient clean-up GENIUS files need.
    #[error("{path}: line {line}: not readable XML: {message}")]
    Xml {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What the parser saw.
        message: String,
    },
    /// The file is not readable JSON.
    #[error("{path}: line {line}, column {column}: not readable JSON: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser saw.
        message: String,
    },
    /// The file is not readable TOML (syntax, or a key the format does not know).
    #[error("{path}: {message}")]
    Toml {
        /// The file.
        path: PathBuf,
        /// The parser's message (it includes the line and column).
        message: String,
    },
    /// The file parses but its content is wrong: a missing attribute, a bad number, a reference to
    /// something that does not exist.
    #[error("{path}: {location}: {problem}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Where: `line 12, <weight>`, or a key path such as `parties[0].issues.price`.
        location: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// A folder without a domain file.
    #[error("{path}: no domain file found (hint: a GENIUS folder needs one XML file whose root is <negotiation_template>; a GeniusWeb folder one JSON file with \"issuesValues\"){seen}")]
    NoDomain {
        /// The folder.
        path: PathBuf,
        /// What was seen instead, ready to print (may be empty).
        seen: String,
    },
    /// A folder with more than one domain file.
    #[error("{path}: more than one domain file ({files}); keep one scenario per folder")]
    SeveralDomains {
        /// The folder.
        path: PathBuf,
        /// The domain files found.
        files: String,
    },
    /// A folder with a domain but no profile.
    #[error("{path}: the domain has no profile files beside it (hint: add one <utility_space> XML or LinearAdditiveUtilitySpace JSON file per party)")]
    NoProfiles {
        /// The folder.
        path: PathBuf,
    },
    /// A path of a kind `load` cannot read.
    #[error("{path}: {problem}")]
    Unsupported {
        /// The path.
        path: PathBuf,
        /// Why, and what to pass instead.
        problem: String,
    },
    /// The parts were read but do not make a consistent model.
    #[error("{path}: {source}")]
    Model {
        /// The file whose content broke the model.
        path: PathBuf,
        /// What the model rejected.
        #[source]
        source: ModelError,
    },
}

impl LoadError {
    /// Shorthand for [`LoadError::Invalid`].
    pub(crate) fn invalid(
        path: &std::path::Path,
        location: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        LoadError::Invalid {
            path: path.to_owned(),
            location: location.into(),
            problem: problem.into(),
        }
    }

    /// Shorthand for [`LoadError::Model`].
    pub(crate) fn model(path: &std::path::Path, source: ModelError) -> Self {
        LoadError::Model {
            path: path.to_owned(),
            source,
        }
    }
}
