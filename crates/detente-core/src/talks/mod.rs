//! Proximity talks: a mediator meets each party separately, tests positions, measures the margin,
//! keeps channels open, and says in public only what the record supports.
//!
//! The pieces, in the order a talks uses them:
//! - [`message`]: what may be asked and answered in a caucus, and answer validation;
//! - [`protocol`]: the sans-I/O state machine ([`Talks`]) and the [`TalksRecord`] it keeps;
//! - [`mediator`]: strategies behind the [`Mediator`] trait — [`TrustedMediator`], [`BlindMediator`];
//! - [`party`]: delegations behind the [`TalksParty`] trait — [`AgentParty`] (any engine agent),
//!   [`TruthfulParty`], [`ScriptedParty`]; [`noise`]: any of them answering wrongly at random, for
//!   simulations;
//! - [`knowledge`], [`margin`]: what the mediator has learned, and the margin measured each round;
//! - [`ledger`]: every message computed from another party's private data;
//! - [`communique`], [`report`]: the public statement (under a claim policy) and private reports;
//! - [`run`]: an in-memory driver;
//! - [`setup`]: the talks setup (mediator, strategy, rounds, each party's behaviour) and the seats
//!   it builds, shared by every front end.
//!
//! Key invariant: a party only ever receives questions from its own caucus, and questions are
//! typed so no other party's answer can travel in one. Everything a party could learn indirectly
//! is in the disclosure ledger.

pub mod bounds;
pub mod communique;
pub mod evidence;
pub mod knowledge;
pub mod ledger;
pub mod margin;
pub mod mediator;
pub mod message;
pub mod noise;
pub mod party;
pub mod protocol;
pub mod report;
pub mod run;
pub mod search;
pub mod setup;
pub mod truthful;
pub mod zone;

pub use communique::{communique, PublicFacts};
pub use mediator::{BlindMediator, Mediator, TargetRule, TrustedMediator};
pub use message::{Answer, PartyId, Preferred, Question};
pub use party::{AgentParty, CaucusView, ScriptedParty, TalksParty, TruthfulParty};
pub use protocol::{Ending, Reply, Talks, TalksConfig, TalksRecord};
pub use run::{run_talks, Seat};
pub use setup::{MediationStrategy, PartyBehaviour, SetupError, TalksSetup};

/// A mistake in driving the talks (a mediator or driver bug), or a space the talks cannot use.
/// Party input never produces one: it is validated and recorded instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TalksError {
    /// A real-valued issue: packages are handled by value index.
    #[error("proximity talks need countable issues (hint: discretise real-valued issues)")]
    Uncountable,
    /// Fewer than two parties.
    #[error("proximity talks need at least two parties, got {0}")]
    TooFewParties(usize),
    /// Invalid limits.
    #[error("invalid talks settings: {0}")]
    BadConfig(String),
    /// The talks have ended.
    #[error("the talks have ended")]
    Ended,
    /// A step out of order.
    #[error("out of order: {0}")]
    OutOfOrder(&'static str),
    /// No such party.
    #[error("no party #{0}")]
    NoSuchParty(usize),
    /// The party walked out.
    #[error("the channel with party #{0} is closed")]
    ChannelClosed(usize),
    /// A second caucus with a party in one round.
    #[error("party #{0} has already been met this round")]
    AlreadyMet(usize),
    /// The caucus's question limit is reached.
    #[error("at most {0} questions per caucus")]
    TooManyQuestions(usize),
    /// A question with a package outside the space.
    #[error("invalid question: {0}")]
    BadQuestion(String),
}
