//! Conflict stability analysis with the Graph Model for Conflict Resolution (GMCR; Fang, Hipel &
//! Kilgour 1993), in option form: decision makers control options, a state is a feasible
//! combination of options, and each decision maker ranks the states.
//!
//! Modules: [`condition`] (logical statements over options), [`model`] (decision makers, options,
//! feasible states, unilateral moves), [`preferences`] (option prioritization and explicit
//! rankings), [`bits`] (state sets as bitsets), [`stability`] (Nash, GMR, SMR, SEQ for every state
//! and decision maker), [`coalitions`] (coalition moves, improvements and stability),
//! [`status_quo`] (how equilibria are reached from the status quo) and [`explain`] (the improving
//! move, or the sanction that deters it).
//!
//! Sanctions follow the standard definitions: the opponents' countermoves form a *legal sequence*,
//! in which no decision maker moves twice in a row.

pub mod bits;
pub mod coalitions;
pub mod condition;
pub mod explain;
pub mod model;
pub mod preferences;
#[cfg(test)]
mod proptests;
mod sequences;
pub mod stability;
pub mod status_quo;

pub use bits::StateSet;
pub use coalitions::{analyze_coalitions, CoalitionAnalysis, Partition};
pub use condition::Condition;
pub use explain::{explain, Explanation, Sanction, Step};
pub use model::{
    Collapse, Conflict, ConflictSpec, DecisionMakerSpec, OptionSpec, Reversibility, StateId,
};
pub use preferences::PreferenceSpec;
pub use stability::{analyze, Concept, StabilityAnalysis};
pub use status_quo::{reach_from_status_quo, Reachability, StatusQuoPaths};

/// A conflict model that cannot be analysed, with what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GmcrError {
    /// Fewer than two decision makers.
    #[error("a conflict needs at least two decision makers, this one has {0}")]
    TooFewDecisionMakers(usize),
    /// Two decision makers share a name.
    #[error("two decision makers are named `{0}` (hint: give each a distinct name)")]
    DuplicateDecisionMaker(String),
    /// A decision maker has no option.
    #[error(
        "decision maker `{0}` has no option (hint: every decision maker controls at least one)"
    )]
    NoOptions(String),
    /// An option is declared twice (by one or two decision makers).
    #[error("option `{option}` is owned by both `{first}` and `{second}` (hint: each option belongs to one decision maker; rename one)")]
    OptionOwnedTwice {
        /// The option.
        option: String,
        /// Its first owner.
        first: String,
        /// Its second owner.
        second: String,
    },
    /// One decision maker declares an option twice.
    #[error("decision maker `{dm}` declares option `{option}` twice")]
    OptionDeclaredTwice {
        /// The option.
        option: String,
        /// The decision maker.
        dm: String,
    },
    /// More options than the analysis supports.
    #[error("the model has {0} options; at most {max} are supported (2^{max} option combinations)", max = model::MAX_OPTIONS)]
    TooManyOptions(usize),
    /// No option combination survives the infeasibility rules.
    #[error("no state is feasible: the infeasibility rules exclude every option combination")]
    NoFeasibleState,
    /// A statement names an option the model does not have.
    #[error("statement `{text}` names the unknown option `{option}`")]
    UnknownOption {
        /// The statement.
        text: String,
        /// The unknown name.
        option: String,
    },
    /// A statement is not well formed.
    #[error("statement `{text}` cannot be read: {reason}")]
    Statement {
        /// The statement.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// A state pattern is not well formed.
    #[error("state pattern `{pattern}` cannot be read: {reason}")]
    BadPattern {
        /// The pattern.
        pattern: String,
        /// What is wrong.
        reason: String,
    },
    /// The number of preference specifications differs from the number of decision makers.
    #[error("{given} preference specifications for {expected} decision makers")]
    PreferenceCount {
        /// Decision makers.
        expected: usize,
        /// Preferences given.
        given: usize,
    },
    /// An option prioritization without statements, or with too many.
    #[error("decision maker `{dm}` has {count} preference statements; give between 1 and 63")]
    StatementCount {
        /// The decision maker.
        dm: String,
        /// How many statements.
        count: usize,
    },
    /// A ranking leaves feasible states out.
    #[error("the ranking of `{dm}` omits the feasible states {states} (hint: every feasible state must be ranked; list ties in one group)")]
    RankingOmitsStates {
        /// The decision maker.
        dm: String,
        /// The omitted states, as numbers and patterns.
        states: String,
    },
    /// A ranking places one state in two groups.
    #[error("the ranking of `{dm}` places state {state} in groups {first} and {second}")]
    RankingOverlap {
        /// The decision maker.
        dm: String,
        /// The state.
        state: String,
        /// First group (1-based).
        first: usize,
        /// Second group (1-based).
        second: usize,
    },
    /// The status quo is not a feasible state.
    #[error("the status quo {0} is not a feasible state")]
    StatusQuoInfeasible(String),
    /// A coalition partition is not a partition of the decision makers.
    #[error("coalitions {0}")]
    BadPartition(String),
}
