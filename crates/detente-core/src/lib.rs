//! The negotiation model and everything computed from it, with no I/O.
//!
//! `detente-core` answers four questions, one module each:
//! - *what is negotiated*: [`outcome`] (issues, values, the outcome space and its enumeration);
//! - *what each party wants*: [`preference`] (utility functions, reservation, discount), and
//!   [`elicitation`] (the preference wizard through which a delegation states them);
//! - [`scenario`] ties the two together and validates that they fit;
//! - *where could they meet*: [`analysis`] (agreement zone, margin, Pareto frontier, bargaining points);
//! - *how they negotiate*: [`protocol`] (sans-I/O mechanisms), [`agent`] (strategies), [`run`]
//!   (the in-process driver), [`batch`] (many seeded negotiations and their statistics), [`trace`]
//!   and [`quality`] (what happened, and how good it was);
//! - *how a mediator brings them there*: [`talks`] (proximity talks, caucus by caucus), on
//!   countable issues ([`discretise`] puts real-valued issues on a grid).
//!
//! Key design decision: an outcome is addressed by **per-issue value indices** wherever the space is
//! enumerable, and every utility function precomputes per-issue lookup tables, so evaluating an outcome
//! is `issues` additions with no allocation. General [`outcome::Value`]s (integers beyond table size,
//! reals) go through the slower exact path.
//!
//! Nothing here reads files, talks to a network or spawns async tasks: readers live in
//! `detente-formats`, the server in `detente-server`.
#![warn(missing_docs)]

pub mod agent;
pub mod analysis;
pub mod batch;
pub mod discretise;
pub mod elicitation;
pub mod error;
pub mod gmcr;
pub mod outcome;
pub mod preference;
pub mod protocol;
pub mod quality;
pub mod run;
pub mod scenario;
pub mod slug;
pub mod talks;
pub mod trace;

pub use error::ModelError;
pub use outcome::{Issue, IssueDomain, Outcome, OutcomeCount, OutcomeSpace, Value};
pub use preference::{
    Evaluator, HyperRectangleUtility, IssueUtility, LinearAdditiveUtility, Profile, Rectangle,
    RectangleBound, UtilityFunction,
};
pub use scenario::{Agenda, Delegation, Party, Scenario};
