//! Negotiation protocols as sans-I/O state machines.
//!
//! A [`Mechanism`] never calls an agent. It says who must answer what next ([`Mechanism::next`]
//! returns a [`Request`]), and it consumes the answer ([`Mechanism::submit`]). Whoever drives it —
//! the in-process runner ([`crate::run`]), a batch of thousands on a thread pool, or a server whose
//! human parties answer minutes later — only moves requests and replies around. Wall time is an
//! *input*: every call takes `elapsed` seconds since the negotiation started, measured by the
//! driver; the core never reads a clock.
//!
//! Requests carry only what the protocol shows a party (the standing offer, the step, the relative
//! time): no utilities of anyone. Utilities enter only the [`crate::trace`], which the runner fills
//! for analysis after the fact.
//!
//! Protocols: [`sao`] (stacked alternating offers, NegMAS semantics) and [`single_text`]
//! (mediated single-text: veto, hill-climbing, simulated annealing).

pub mod sao;
pub mod single_text;

use crate::outcome::Outcome;

/// Index of a party in the negotiation (its position in the scenario).
pub type PartyId = usize;

/// When a negotiation must end if nobody agrees. At least one limit must be set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    /// Maximum number of steps (SAO: full rounds; single-text: mediator proposals).
    pub n_steps: Option<u32>,
    /// Maximum wall time in seconds, measured by the driver.
    pub time_limit: Option<f64>,
}

impl Deadline {
    /// A deadline of `n` steps and no wall-time limit (deterministic).
    pub fn steps(n: u32) -> Self {
        Deadline {
            n_steps: Some(n),
            time_limit: None,
        }
    }

    fn check(&self) -> Result<(), ProtocolError> {
        if self.n_steps.is_none() && self.time_limit.is_none() {
            return Err(ProtocolError::NoDeadline);
        }
        if let Some(t) = self.time_limit {
            if !(t > 0.0 && t.is_finite()) {
                return Err(ProtocolError::BadTimeLimit(t));
            }
        }
        Ok(())
    }

    /// NegMAS's relative time in step `step`: `max((step+1)/(n_steps+1), elapsed/time_limit)`,
    /// capped at 1. The first offer is made at `1/(n+1)`, the last at `n/(n+1)`.
    pub fn relative_time(&self, step: u32, elapsed: f64) -> f64 {
        let by_steps = self
            .n_steps
            .map_or(0.0, |n| (step as f64 + 1.0) / (n as f64 + 1.0));
        let by_time = self.time_limit.map_or(0.0, |t| elapsed / t);
        by_steps.max(by_time).clamp(0.0, 1.0)
    }

    /// Whether the deadline has passed before step `step` starts, at `elapsed` seconds.
    fn expired(&self, step: u32, elapsed: f64) -> Option<EndReason> {
        if self.n_steps.is_some_and(|n| step >= n) {
            return Some(EndReason::StepLimit);
        }
        if self.time_limit.is_some_and(|t| elapsed >= t) {
            return Some(EndReason::TimeLimit);
        }
        None
    }
}

/// A protocol that cannot be set up as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    /// Neither a step limit nor a time limit: the negotiation could run forever.
    #[error("no deadline: give a step limit, a time limit, or both")]
    NoDeadline,
    /// A time limit that is not a positive finite number of seconds.
    #[error("time limit {0} s is not a positive number of seconds")]
    BadTimeLimit(f64),
    /// Too few parties for the protocol.
    #[error("{protocol} needs at least {min} parties, got {got}")]
    TooFewParties {
        /// The protocol.
        protocol: &'static str,
        /// Its minimum.
        min: usize,
        /// Parties given.
        got: usize,
    },
    /// The protocol needs to enumerate or sample outcomes it cannot (e.g. an empty space).
    #[error("{0}")]
    Unsupported(String),
    /// A reply arrived when none was expected, or of the wrong kind, or from the wrong party.
    #[error("unexpected reply: {0}")]
    UnexpectedReply(String),
}

/// What a party is asked to do next.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Who must answer.
    pub party: PartyId,
    /// The step the request belongs to.
    pub step: u32,
    /// Relative time in `[0, 1]` the party sees.
    pub relative_time: f64,
    /// What to answer.
    pub kind: RequestKind,
}

/// The question put to a party.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestKind {
    /// Make an offer (answer [`Reply::Offer`] or [`Reply::EndNegotiation`]).
    Propose,
    /// Accept or reject the standing offer (answer [`Reply::Accept`], [`Reply::Reject`] or
    /// [`Reply::EndNegotiation`]); a rejecting SAO party is then asked to [`RequestKind::Propose`].
    Respond {
        /// The offer on the table.
        offer: Outcome,
        /// Who made it.
        proposer: PartyId,
    },
    /// Single-text: is `candidate` better for you than the current text? (answer [`Reply::Vote`]).
    Compare {
        /// The mediator's proposal.
        candidate: Outcome,
        /// The current single text (`None` before the first text exists).
        current: Option<Outcome>,
    },
    /// Single-text, at the end: can you sign `text` as the agreement? (answer [`Reply::Vote`]).
    Ratify {
        /// The final text.
        text: Outcome,
    },
}

/// A party's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// An offer.
    Offer(Outcome),
    /// Accept the standing offer.
    Accept,
    /// Reject the standing offer.
    Reject,
    /// Walk out: the negotiation ends without agreement.
    EndNegotiation,
    /// Yes/no for a single-text comparison or ratification.
    Vote(bool),
}

/// How an agent failed, as observed by the driver.
#[derive(Debug, Clone, PartialEq)]
pub enum AgentFailure {
    /// The agent panicked; the message, when it was a string.
    Panicked(String),
    /// The agent did not answer within the allowed time (seconds allowed).
    NoAnswer(f64),
    /// The agent answered something the protocol cannot use (offer outside the space, wrong kind).
    BadOutput(String),
}

impl std::fmt::Display for AgentFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AgentFailure::Panicked(m) => write!(f, "panicked: {m}"),
            AgentFailure::NoAnswer(s) => write!(f, "did not answer within {s} s"),
            AgentFailure::BadOutput(m) => write!(f, "bad output: {m}"),
        }
    }
}

/// Why a negotiation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum EndReason {
    /// Every party accepted the same outcome.
    Agreement,
    /// The step limit was reached.
    StepLimit,
    /// The wall-time limit was reached.
    TimeLimit,
    /// A party walked out.
    WalkOut(PartyId),
    /// A party failed (panic, no answer, bad output); the negotiation ended without agreement.
    AgentFailed(PartyId, AgentFailure),
    /// Single-text: the mediator ran out of proposals that all parties prefer (hill-climbing).
    Converged,
    /// Single-text: the final text was not ratified by every party.
    NotRatified,
}

impl EndReason {
    /// A short stable tag for JSON and CSV: `agreement`, `step_limit`, `time_limit`, `walk_out`,
    /// `agent_failed`, `converged`, `not_ratified`.
    pub fn tag(&self) -> &'static str {
        match self {
            EndReason::Agreement => "agreement",
            EndReason::StepLimit => "step_limit",
            EndReason::TimeLimit => "time_limit",
            EndReason::WalkOut(_) => "walk_out",
            EndReason::AgentFailed(..) => "agent_failed",
            EndReason::Converged => "converged",
            EndReason::NotRatified => "not_ratified",
        }
    }

    /// Whether the run ended because a limit ran out (NegMAS's `timedout`).
    pub fn timed_out(&self) -> bool {
        matches!(self, EndReason::StepLimit | EndReason::TimeLimit)
    }
}

/// How a negotiation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    /// The agreed outcome, if any.
    pub agreement: Option<Outcome>,
    /// Why it ended.
    pub reason: EndReason,
    /// Steps counted as NegMAS's final `state.step` (completed steps, including the step in which
    /// the agreement or walk-out happened).
    pub steps: u32,
}

/// What happened, in order: the raw material of a trace (without utilities).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Step it happened in.
    pub step: u32,
    /// Relative time of that step.
    pub relative_time: f64,
    /// The acting party; `None` for the mediator.
    pub party: Option<PartyId>,
    /// What was done.
    pub action: EventAction,
    /// The outcome it concerns (the offer made or answered, the mediator's proposal).
    pub offer: Option<Outcome>,
}

/// Kinds of [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    /// A party made an offer.
    Offer,
    /// A party accepted the standing offer.
    Accept,
    /// A party rejected the standing offer.
    Reject,
    /// A party walked out.
    EndNegotiation,
    /// The mediator proposed a text.
    Propose,
    /// A party voted yes on a proposal.
    VoteYes,
    /// A party voted no on a proposal.
    VoteNo,
    /// The mediator moved the single text to the proposal.
    Move,
    /// A party failed.
    Failure,
}

impl EventAction {
    /// A short stable tag for JSON and CSV.
    pub fn tag(&self) -> &'static str {
        match self {
            EventAction::Offer => "offer",
            EventAction::Accept => "accept",
            EventAction::Reject => "reject",
            EventAction::EndNegotiation => "end",
            EventAction::Propose => "propose",
            EventAction::VoteYes => "vote_yes",
            EventAction::VoteNo => "vote_no",
            EventAction::Move => "move",
            EventAction::Failure => "failure",
        }
    }
}

/// What a driver sees of a mechanism.
pub trait Mechanism: Send {
    /// The next request, or how the negotiation ended. Checks the deadline against `elapsed`
    /// seconds (measured by the driver) and ends the negotiation when it has passed. Calling it
    /// again without [`Mechanism::submit`] returns the same request.
    fn next(&mut self, elapsed: f64) -> Next;

    /// Consumes the answer to the current request. A reply the protocol cannot use (an offer
    /// outside the space, the wrong kind of answer) ends the negotiation with
    /// [`EndReason::AgentFailed`]; it is never an error of the mechanism.
    fn submit(&mut self, reply: Reply, elapsed: f64);

    /// Ends the negotiation because the party of the current request failed.
    fn fail(&mut self, failure: AgentFailure, elapsed: f64);

    /// Everything that happened so far.
    fn events(&self) -> &[Event];

    /// Number of parties.
    fn n_parties(&self) -> usize;

    /// The deadline.
    fn deadline(&self) -> Deadline;
}

/// The driver's next move.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Ask a party.
    Ask(Request),
    /// The negotiation is over.
    Done(Ending),
}
