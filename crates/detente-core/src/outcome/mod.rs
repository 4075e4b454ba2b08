//! What is negotiated: issues, their values, and the space of outcomes they span.
//!
//! An outcome assigns one value to every issue. For enumerable spaces (discrete and integer issues
//! only) each value also has a dense **index**, and outcomes are enumerated in mixed-radix order with
//! the *last issue varying fastest* (NegMAS's and GENIUS's order), so outcome number `k` is well
//! defined and can be computed without enumerating the ones before it.

mod issue;
mod space;
mod value;

pub use issue::{Issue, IssueDomain};
pub use space::{OutcomeCount, OutcomeSpace};
pub use value::{Outcome, Value};
