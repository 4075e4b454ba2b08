//! Why the wizard refused an agenda or an input. Every error names where the problem is (an
//! input field, with its index) and says how to fix it; a refused input leaves the draft as it was.

use thiserror::Error;

use super::input::WizardStep;

/// An agenda the wizard cannot elicit, or an input it refuses.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum WizardError {
    /// An issue whose options cannot be listed on one page.
    #[error("issue #{issue} `{name}` {reason} (hint: the preference wizard rates every option on one page; discretise the issue into at most {max} values first)")]
    UnsupportedIssue {
        /// The issue index.
        issue: usize,
        /// The issue's name.
        name: String,
        /// What is wrong with it.
        reason: String,
        /// Most options an issue may have.
        max: usize,
    },
    /// An input for a page whose earlier pages are not complete.
    #[error("cannot take {step} yet: complete {expected} first")]
    OutOfOrder {
        /// The page the input belongs to.
        step: WizardStep,
        /// The first page still incomplete.
        expected: WizardStep,
    },
    /// The profile was asked for before the wizard was complete.
    #[error("the stated preferences are not complete: {missing} is still missing")]
    Incomplete {
        /// The first page still incomplete.
        missing: WizardStep,
    },
    /// A list of the wrong length.
    #[error("`{field}` has {found} entries but needs {expected} ({what})")]
    WrongLength {
        /// The input field.
        field: String,
        /// Entries needed.
        expected: usize,
        /// Entries given.
        found: usize,
        /// What each entry stands for.
        what: &'static str,
    },
    /// An issue index beyond the agenda.
    #[error("`{field}` names issue #{index}, but the agenda has issues #0 to #{}", issues - 1)]
    IssueOutOfRange {
        /// The input field.
        field: String,
        /// The index given.
        index: usize,
        /// Issues on the agenda.
        issues: usize,
    },
    /// An option (value) index beyond its issue's options.
    #[error("`{field}` names option #{index} of issue #{issue}, which has options #0 to #{}", options - 1)]
    OptionOutOfRange {
        /// The input field.
        field: String,
        /// The issue.
        issue: usize,
        /// The index given.
        index: u64,
        /// Options of the issue.
        options: usize,
    },
    /// An order lists the same index twice.
    #[error("`{field}` lists #{index} twice (hint: list every {what} exactly once)")]
    DuplicateIndex {
        /// The input field.
        field: String,
        /// The repeated index.
        index: usize,
        /// What the indices stand for.
        what: &'static str,
    },
    /// An order leaves an index out.
    #[error("`{field}` leaves out #{index} (hint: list every {what} exactly once)")]
    MissingIndex {
        /// The input field.
        field: String,
        /// The missing index.
        index: usize,
        /// What the indices stand for.
        what: &'static str,
    },
    /// A rating, score or threshold above 100.
    #[error(
        "`{field}` is {value}, above 100 (hint: scores run from 0, worth nothing, to 100, perfect)"
    )]
    ScoreOutOfRange {
        /// The input field.
        field: String,
        /// The value given.
        value: u32,
    },
    /// Points that do not add up to 100.
    #[error("`{field}` add up to {sum}, not 100 (hint: {hint})")]
    PointsSum {
        /// The input field.
        field: String,
        /// Their sum.
        sum: u64,
        /// How to reach 100.
        hint: String,
    },
    /// The same package corrected twice in one input.
    #[error("`{field}` corrects a package already corrected in `{first}` (hint: give each package one score)")]
    DuplicatePackage {
        /// The input field of the repeat.
        field: String,
        /// The input field of the first correction.
        first: String,
    },
    /// More corrected packages than the refit takes.
    #[error("{count} corrected packages in all, more than the {max} the check page takes (hint: restate the points to start the check afresh)")]
    TooManyCorrections {
        /// Corrected packages there would be.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The profile could not be built from the draft (never expected: the draft holds only
    /// validated numbers).
    #[error("building the stated profile failed: {reason}")]
    Model {
        /// What the model refused.
        reason: String,
    },
    /// The refit's linear program failed (it is always feasible, so this is a solver fault).
    #[error("refitting the points to the corrected scores failed: {reason} (hint: try again with fewer or different corrections)")]
    Refit {
        /// The solver's message.
        reason: String,
    },
}

impl WizardError {
    /// Where the problem is: an input field (`ratings[3]`, `corrections[1].0[2]`), or the page
    /// or issue concerned.
    pub fn location(&self) -> String {
        match self {
            WizardError::UnsupportedIssue { issue, .. } => format!("issues[{issue}]"),
            WizardError::OutOfOrder { step, .. } => format!("{step:?}"),
            WizardError::Incomplete { missing } => format!("{missing:?}"),
            WizardError::WrongLength { field, .. }
            | WizardError::IssueOutOfRange { field, .. }
            | WizardError::OptionOutOfRange { field, .. }
            | WizardError::DuplicateIndex { field, .. }
            | WizardError::MissingIndex { field, .. }
            | WizardError::ScoreOutOfRange { field, .. }
            | WizardError::PointsSum { field, .. }
            | WizardError::DuplicatePackage { field, .. } => field.clone(),
            WizardError::TooManyCorrections { .. } | WizardError::Refit { .. } => {
                "corrections".to_owned()
            }
            WizardError::Model { .. } => "profile".to_owned(),
        }
    }
}
