//! The talk engine: events of a proximity talk and the state they add up to.
//!
//! This is the service's boundary to the protocol. A talk *is* its event log: [`TalkState`] is
//! rebuilt by replaying [`TalkEvent`]s in order, and a new action is accepted only if
//! [`TalkState::validate`] accepts the event it would append. Replaying is deterministic, so every
//! server process derives the same state from the same log.
//!
//! The caucus protocol here (rounds; per caucus a package test, a request for a proposal, a pairwise
//! comparison or an issue ranking; agreement when every party has accepted the same package) is
//! the part of proximity talks the service needs to host people. Mediator *strategies*, exact
//! margins and the claim-policy communiqué belong to `detente_core::talks`; this module is where
//! they plug in.

pub mod agent;
pub mod communique;
pub mod scenario;
mod state;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use agent::AgentSpec;
pub use scenario::{ProfileDto, ScenarioDto};
pub use state::{MarginEntry, Question, Rejection, SeatState, Status, TalkState};

/// A package: one value (as text) per issue, keyed by issue name, in the scenario's issue order.
pub type Package = IndexMap<String, String>;

/// Who may read an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone, including the public.
    Public,
    /// The mediator only.
    Mediator,
    /// The mediator and one seat.
    MediatorAndSeat(usize),
    /// One seat only (a profile it keeps from the mediator).
    Seat(usize),
}

/// Who reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The mediator.
    Mediator,
    /// The party in this seat.
    Party(usize),
    /// Anyone without a token.
    Public,
}

impl Audience {
    /// Whether `reader` may see an event with this audience.
    pub fn admits(self, reader: Reader) -> bool {
        match (self, reader) {
            (Audience::Public, _) => true,
            (Audience::Mediator, Reader::Mediator) => true,
            (Audience::MediatorAndSeat(_), Reader::Mediator) => true,
            (Audience::MediatorAndSeat(s), Reader::Party(p)) => s == p,
            (Audience::Seat(s), Reader::Party(p)) => s == p,
            _ => false,
        }
    }
}

/// A question the mediator puts to one party in caucus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Query {
    /// Would you accept this package?
    Test {
        /// The package.
        package: Package,
    },
    /// Name a package you would accept.
    Propose,
    /// Which of two packages do you prefer?
    Compare {
        /// First package.
        a: Package,
        /// Second package.
        b: Package,
    },
    /// Rank the issues from most to least important to you.
    RankIssues,
}

/// A party's answer to a [`Query`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Answer {
    /// Accepts the tested package.
    Accept,
    /// Rejects the tested package, optionally naming the issues it objects to.
    Reject {
        /// Issues the party objects to.
        #[serde(default)]
        objections: Vec<String>,
    },
    /// A package the party would accept.
    Proposal {
        /// The package.
        package: Package,
    },
    /// The preferred package of a comparison.
    Prefer {
        /// `a` or `b`.
        choice: Choice,
    },
    /// Issues from most to least important.
    Ranking {
        /// Every issue once.
        issues: Vec<String>,
    },
}

/// One of two compared packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The first package.
    A,
    /// The second package.
    B,
}

/// Why talks ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// Every party accepted the same package.
    Agreement,
    /// The last round passed without agreement.
    Deadline,
    /// The mediator closed the talks.
    Closed,
    /// Fewer than two parties remain at the table.
    WalkOut,
}

/// One entry of a talk's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TalkEvent {
    /// The talk was created. Public.
    Opened {
        /// Title shown to everyone.
        title: String,
        /// Party names in seat order.
        parties: Vec<String>,
        /// Deadline in rounds.
        max_rounds: u32,
    },
    /// A party replaced the scenario's profile with its own. Seen by that party (and the mediator
    /// only if the party hands it over in confidence).
    ProfileReplaced {
        /// The seat.
        seat: usize,
        /// The new profile.
        profile: ProfileDto,
        /// Whether the mediator may see it.
        shared_with_mediator: bool,
    },
    /// An automated agent now answers for a seat.
    AgentAttached {
        /// The seat.
        seat: usize,
        /// Which agent.
        agent: AgentSpec,
    },
    /// The mediator opened the next round. Public.
    RoundStarted {
        /// The new round (from 2; round 1 opens with the talk).
        round: u32,
    },
    /// The mediator asked one party a question in caucus; the question's id is this event's seq.
    Asked {
        /// The party asked.
        seat: usize,
        /// The round.
        round: u32,
        /// The question.
        query: Query,
        /// Parties whose private information the mediator used to compose the question (the
        /// disclosure ledger records it).
        derived_from: Vec<usize>,
    },
    /// A party answered.
    Answered {
        /// The party.
        seat: usize,
        /// The question's id.
        question: u64,
        /// The answer.
        answer: Answer,
        /// Whether an automated agent gave it.
        automated: bool,
    },
    /// A party left; its channel is closed. Public.
    WalkedOut {
        /// The seat.
        seat: usize,
    },
    /// Talks ended. Public.
    Concluded {
        /// Why.
        reason: Conclusion,
        /// The agreed package, if any.
        agreement: Option<Package>,
        /// The public statement.
        communique: String,
    },
}

impl TalkEvent {
    /// The kind tag, as stored beside the payload.
    pub fn kind(&self) -> &'static str {
        match self {
            TalkEvent::Opened { .. } => "opened",
            TalkEvent::ProfileReplaced { .. } => "profile_replaced",
            TalkEvent::AgentAttached { .. } => "agent_attached",
            TalkEvent::RoundStarted { .. } => "round_started",
            TalkEvent::Asked { .. } => "asked",
            TalkEvent::Answered { .. } => "answered",
            TalkEvent::WalkedOut { .. } => "walked_out",
            TalkEvent::Concluded { .. } => "concluded",
        }
    }

    /// Who may read it.
    pub fn audience(&self) -> Audience {
        match self {
            TalkEvent::Opened { .. }
            | TalkEvent::RoundStarted { .. }
            | TalkEvent::WalkedOut { .. }
            | TalkEvent::Concluded { .. } => Audience::Public,
            TalkEvent::ProfileReplaced {
                seat,
                shared_with_mediator,
                ..
            } => {
                if *shared_with_mediator {
                    Audience::MediatorAndSeat(*seat)
                } else {
                    Audience::Seat(*seat)
                }
            }
            TalkEvent::AgentAttached { seat, .. }
            | TalkEvent::Asked { seat, .. }
            | TalkEvent::Answered { seat, .. } => Audience::MediatorAndSeat(*seat),
        }
    }
}
