//! Mediator strategies behind one trait.
//!
//! A mediator decides, caucus by caucus, what to ask; it declares with every question whose
//! private data the question was computed from (the [`Provenance`] that feeds the disclosure
//! ledger); and after each round it estimates the margin. It sees only its [`MediatorObservation`]:
//! the knowledge gathered from valid answers — plus whatever a party handed it in confidence at
//! construction, in the case of [`TrustedMediator`].
//!
//! - [`TrustedMediator`]: holds every profile, computes the zone exactly and tests the best package
//!   by a rule (Nash by default). The upper bound of what mediation can achieve.
//! - [`BlindMediator`]: learns only from answers (points, ratings, walk-away, position tests),
//!   bounds the margin soundly and tests the Nash package of the profiles it learned. For a
//!   human mediator's desk it also suggests its next question per delegation ([`Suggestion`],
//!   with a [`Reason`]) and measures the margin with some profiles held exactly.

mod blind;
mod suggestion;
mod trusted;

pub use blind::BlindMediator;
pub use suggestion::{Reason, Suggestion};
pub use trusted::{TargetRule, TrustedMediator};

use super::knowledge::Knowledge;
use super::ledger::Provenance;
use super::margin::MarginEstimate;
use super::message::{PartyId, Question};
use super::protocol::Exchange;
use crate::outcome::OutcomeSpace;

/// What a mediator may look at when deciding.
#[derive(Debug, Clone, Copy)]
pub struct MediatorObservation<'a> {
    /// The issues on the table.
    pub space: &'a OutcomeSpace,
    /// The current round (1-based).
    pub round: u32,
    /// Rounds before the deadline.
    pub rounds: u32,
    /// Relative time: 0 in the first round, 1 in the last.
    pub time: f64,
    /// Parties still at the table.
    pub at_table: &'a [PartyId],
    /// Everything learned from valid answers so far.
    pub knowledge: &'a Knowledge,
    /// The exchanges of the open caucus so far (empty outside a caucus).
    pub caucus: &'a [Exchange],
    /// Most questions allowed per caucus.
    pub max_questions: usize,
}

/// A question with its declared provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// What to ask.
    pub question: Question,
    /// Whose private data it was computed from.
    pub provenance: Provenance,
}

impl Move {
    /// A question computed from nothing private.
    pub fn public(question: Question) -> Self {
        Move {
            question,
            provenance: Provenance::public(),
        }
    }
}

/// A mediation strategy.
pub trait Mediator {
    /// Short identifier (`trusted`, `blind`).
    fn name(&self) -> &'static str;

    /// One line describing the strategy and its settings, for reports.
    fn describe(&self) -> String;

    /// Called at the start of every round, before any caucus.
    fn begin_round(&mut self, view: &MediatorObservation<'_>);

    /// The next question for `party` in its open caucus, or `None` to close the caucus.
    fn next_move(&mut self, view: &MediatorObservation<'_>, party: PartyId) -> Option<Move>;

    /// The margin estimate after the round, and the exact margin when known.
    fn margin(&mut self, view: &MediatorObservation<'_>) -> (MarginEstimate, Option<f64>);

    /// What the mediator concluded that is not in the record (for its own report), in sentences.
    fn findings(&self, _space: &OutcomeSpace) -> Vec<String> {
        Vec::new()
    }
}
