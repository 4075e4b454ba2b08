//! Errors raised when a model is built from inconsistent parts.

use thiserror::Error;

/// A scenario, space or profile that does not hold together.
///
/// Readers in `detente-formats` wrap these with the file and element they came from.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum ModelError {
    /// Two issues share a name.
    #[error("duplicate issue name `{0}` (hint: every issue needs a unique name)")]
    DuplicateIssue(String),
    /// An issue without a name.
    #[error("an issue has an empty name")]
    EmptyIssueName,
    /// A discrete issue with no values.
    #[error("issue `{0}` has no values")]
    NoValues(String),
    /// A discrete issue lists the same value twice.
    #[error("issue `{issue}` lists value `{value}` twice")]
    DuplicateValue {
        /// The issue.
        issue: String,
        /// The repeated value.
        value: String,
    },
    /// An integer or real range whose bounds are reversed or not finite.
    #[error("issue `{issue}` has an invalid range {min}..={max} (hint: the lower bound must not exceed the upper bound, and both must be finite)")]
    InvalidRange {
        /// The issue.
        issue: String,
        /// Lower bound as written.
        min: String,
        /// Upper bound as written.
        max: String,
    },
    /// A space with no issues.
    #[error("the outcome space has no issues")]
    NoIssues,
    /// A number that must be finite is NaN or infinite.
    #[error("{what} is not a finite number ({value})")]
    NotFinite {
        /// What the number is (e.g. "weight of issue `price`").
        what: String,
        /// The offending value.
        value: f64,
    },
    /// A profile was built for a different number of issues than the space has.
    #[error("profile `{profile}` describes {found} issues but the space has {expected}")]
    IssueCountMismatch {
        /// The profile.
        profile: String,
        /// Issues in the space.
        expected: usize,
        /// Issues in the profile.
        found: usize,
    },
    /// An evaluation table whose length differs from the issue's value count.
    #[error(
        "profile `{profile}` evaluates {found} values of issue `{issue}`, which has {expected}"
    )]
    TableLengthMismatch {
        /// The profile.
        profile: String,
        /// The issue.
        issue: String,
        /// Values of the issue.
        expected: usize,
        /// Entries in the table.
        found: usize,
    },
    /// An evaluator that cannot evaluate the kind of issue it is attached to.
    #[error("profile `{profile}`: issue `{issue}` is {kind} but its evaluator is {evaluator}")]
    EvaluatorKindMismatch {
        /// The profile.
        profile: String,
        /// The issue.
        issue: String,
        /// The kind of the issue.
        kind: &'static str,
        /// The kind of evaluator.
        evaluator: &'static str,
    },
    /// A hyper-rectangle constraint names an issue the space lacks.
    #[error("profile `{profile}`: a rectangle constrains issue #{issue}, but the space has {issues} issues")]
    RectangleIssueOutOfRange {
        /// The profile.
        profile: String,
        /// The 0-based issue position.
        issue: usize,
        /// Issues in the space.
        issues: usize,
    },
    /// An outcome that does not belong to the space.
    #[error("outcome does not fit the space: {0}")]
    OutcomeOutsideSpace(String),
    /// A discount factor outside (0, 1].
    #[error("profile `{profile}` has discount factor {value}, outside (0, 1]")]
    InvalidDiscount {
        /// The profile.
        profile: String,
        /// The value.
        value: f64,
    },
    /// A scenario without parties.
    #[error("the scenario has no parties")]
    NoParties,
    /// Two parties share a name.
    #[error("duplicate party name `{0}`")]
    DuplicateParty(String),
}
