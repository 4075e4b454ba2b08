//! The talk engine: the service's event log on top of `detente_core::talks`.
//!
//! A talk *is* its event log. Each [`TalkEvent`] is one input to the proximity-talks state machine
//! ([`detente_core::talks::Talks`]: begin a round, open a caucus, ask, reply, close, end the
//! round) or one service-level fact around it (a replaced profile, an automated agent, the
//! published communiqué). [`TalkState`] replays events in order; replay is deterministic, so every
//! server process derives the same state from the same log. Events carry packages, issues and
//! parties by *name* (the wire form), so the log reads on its own in an audit.

pub mod agent;
pub mod commands;
pub mod scenario;
mod state;
pub mod visibility;
pub mod wire;
pub mod wizard;

use serde::{Deserialize, Serialize};

pub use agent::AgentDto;
pub use scenario::{GeniusScenarioDto, ProfileDto, ScenarioDto};
pub use state::{QuestionRecord, Rejection, ReplyState, Status, TalkState};
pub use visibility::Reader;
pub use wire::{AnswerDto, EndingKind, EstimateDto, PackageDto, ProvenanceDto, QuestionDto};

/// A request field and what is wrong with it: how the engine's checks of uploads and requests
/// name the fault (the API shows it as is; [`crate::error`] re-exports it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{field}` {message}")]
pub struct FieldError {
    /// Where in the request (`scenario.parties[1].profile.reservation`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The chain hash before a talk's first event: the audit chain's genesis (see [`crate::audit`]),
/// where a new [`TalkState`] starts. Defined here so the engine needs nothing from the audit.
pub const GENESIS: [u8; 32] = [0; 32];

/// One entry of a talk's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TalkEvent {
    /// The talk was created. Public.
    Opened {
        /// Title shown to everyone.
        title: String,
        /// How the mediator is named in the communiqué.
        mediator: String,
        /// Party names in seat order.
        parties: Vec<String>,
        /// Deadline in rounds.
        rounds: u32,
        /// Most questions per caucus.
        max_questions: usize,
    },
    /// A party stated its own profile (replacing the agenda's, or its own earlier one). Seen by
    /// that party, and by the mediator only if the party hands it over in confidence.
    ProfileReplaced {
        /// The seat.
        seat: usize,
        /// The new profile.
        profile: ProfileDto,
        /// Whether the mediator may see it.
        shared_with_mediator: bool,
    },
    /// That a party stated or revised its profile, without the profile: what the mediator is
    /// told of a revision it was not handed (preferences drift during talks).
    ProfileRevised {
        /// The seat.
        seat: usize,
        /// How many times the party has now stated its profile (1 for the first).
        revision: u32,
    },
    /// A party handed its own profile in force to the mediator, in confidence. The profile
    /// travels with the event, so the mediator's audit record shows exactly what it was given.
    ProfileHandedOver {
        /// The seat.
        seat: usize,
        /// The profile handed over (the one in force).
        profile: ProfileDto,
    },
    /// A party took back the profile it had handed over: the mediator computes without it
    /// from now on (what it saw stays in its record).
    ProfileWithdrawn {
        /// The seat.
        seat: usize,
    },
    /// An automated agent now answers for a seat, from the seat's own profile. Only the party
    /// seats one (or the creator, for a seat whose profile came with the agenda).
    AgentAttached {
        /// The seat.
        seat: usize,
        /// Which agent.
        agent: AgentDto,
    },
    /// A delegation submitted a page of its preference wizard. Seen by that delegation alone.
    WizardSaved {
        /// The seat.
        seat: usize,
        /// The page's input.
        input: wizard::WizardInputDto,
    },
    /// The mediator proposed an agent for a seat; nothing changes until the party seats it.
    AgentProposed {
        /// The seat.
        seat: usize,
        /// The agent proposed.
        agent: AgentDto,
    },
    /// The party removed its automated agent: it answers in person again.
    AgentRemoved {
        /// The seat.
        seat: usize,
    },
    /// A round began. Public.
    RoundBegan {
        /// The round (from 1).
        round: u32,
    },
    /// The mediator opened a caucus with one party.
    CaucusOpened {
        /// The party met.
        seat: usize,
    },
    /// The mediator asked the party in caucus a question; its id is this event's seq.
    Asked {
        /// The party asked.
        seat: usize,
        /// The question.
        question: QuestionDto,
        /// Whose private data shaped it (the disclosure ledger records it).
        provenance: ProvenanceDto,
    },
    /// A party answered its pending question.
    Answered {
        /// The party.
        seat: usize,
        /// The question's id.
        question: u64,
        /// The answer.
        answer: AnswerDto,
        /// Whether an automated agent gave it.
        automated: bool,
    },
    /// A party asked to leave; it walks out at its next question.
    WalkOutRequested {
        /// The seat.
        seat: usize,
    },
    /// The open caucus closed (a pending question stays unanswered).
    CaucusClosed {
        /// The party met.
        seat: usize,
    },
    /// The round ended, with the mediator's margin measurement. Mediator only.
    RoundEnded {
        /// The round.
        round: u32,
        /// The margin estimate with bounds.
        estimate: EstimateDto,
        /// The exact margin, when the mediator holds every profile.
        exact: Option<f64>,
    },
    /// Talks ended. Public.
    Concluded {
        /// Why.
        ending: EndingKind,
        /// The agreed package, if any.
        agreement: Option<PackageDto>,
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
            TalkEvent::ProfileRevised { .. } => "profile_revised",
            TalkEvent::ProfileHandedOver { .. } => "profile_handed_over",
            TalkEvent::ProfileWithdrawn { .. } => "profile_withdrawn",
            TalkEvent::AgentAttached { .. } => "agent_attached",
            TalkEvent::AgentProposed { .. } => "agent_proposed",
            TalkEvent::WizardSaved { .. } => "wizard_saved",
            TalkEvent::AgentRemoved { .. } => "agent_removed",
            TalkEvent::RoundBegan { .. } => "round_began",
            TalkEvent::CaucusOpened { .. } => "caucus_opened",
            TalkEvent::Asked { .. } => "asked",
            TalkEvent::Answered { .. } => "answered",
            TalkEvent::WalkOutRequested { .. } => "walk_out_requested",
            TalkEvent::CaucusClosed { .. } => "caucus_closed",
            TalkEvent::RoundEnded { .. } => "round_ended",
            TalkEvent::Concluded { .. } => "concluded",
        }
    }
}
