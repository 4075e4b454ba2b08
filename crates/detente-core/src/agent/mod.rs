//! Negotiating agents: the [`Negotiator`] trait and the standard strategies.
//!
//! **What an agent can see.** An agent is built from an [`AgentContext`]: the outcome space, *its
//! own* [`Profile`] (and its own [`UtilityTable`]), its position and the deadline. During the run
//! it receives an [`Observation`] (step, relative time) plus the outcomes the protocol shows it.
//! None of these types holds another party's profile or utility, so an agent cannot reach them:
//! the only utilities in the whole engine that mention other parties are in the
//! [`crate::trace`], which the runner builds after the fact and never hands to agents.
//!
//! Strategies ([`AgentSpec`]):
//! - [`timebased::TimeBased`]: NegMAS's time-based aspiration agents (Boulware, linear,
//!   conceder, any exponent; hard-liner = infinite exponent), matched to NegMAS 0.16.
//! - [`tit_for_tat::TitForTat`]: naive (mirror the last concession) and concession-matching
//!   (match the total concession so far).
//! - [`random::RandomAgent`]: seeded random offers and acceptances.
//! - [`anac::HardHeaded`] (ANAC 2011 winner, van Krimpen et al.) and [`anac::AgentK`] (ANAC 2010
//!   runner-up, Kawaguchi et al.), from their published descriptions.

pub mod anac;
pub mod random;
pub mod table;
pub mod timebased;
pub mod tit_for_tat;

use std::sync::Arc;

pub use table::UtilityTable;

use crate::outcome::{Outcome, OutcomeSpace, Value};
use crate::preference::Profile;
use crate::protocol::{Deadline, PartyId};

/// What an agent knows about the negotiation it is in, fixed for the whole run.
#[derive(Debug, Clone)]
pub struct AgentContext {
    /// This agent's position (0 = first party).
    pub me: PartyId,
    /// Number of parties at the table.
    pub n_parties: usize,
    /// The outcome space (public).
    pub space: Arc<OutcomeSpace>,
    /// This agent's own profile (private to it).
    pub profile: Arc<Profile>,
    /// This agent's own outcomes sorted by its utility.
    pub table: Arc<UtilityTable>,
    /// The deadline (public).
    pub deadline: Deadline,
    /// Seed for the agent's own random choices.
    pub seed: u64,
}

/// What the protocol shows an agent with each request. Deliberately free of utilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The current step (0-based).
    pub step: u32,
    /// Relative time in `[0, 1]`.
    pub relative_time: f64,
}

/// An answer to "make an offer".
#[derive(Debug, Clone, PartialEq)]
pub enum Proposal {
    /// Offer this outcome.
    Offer(Outcome),
    /// Walk out.
    EndNegotiation,
}

/// An answer to "here is an offer".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// Accept it.
    Accept,
    /// Reject it (a counter-offer is asked next).
    Reject,
    /// Walk out.
    EndNegotiation,
}

/// A negotiating agent. One instance negotiates once.
pub trait Negotiator: Send {
    /// The agent's own profile, for the default single-text answers.
    fn profile(&self) -> &Profile;

    /// Makes an offer.
    fn propose(&mut self, obs: &Observation) -> Proposal;

    /// Answers the standing `offer`, made by `proposer`.
    fn respond(&mut self, obs: &Observation, offer: &[Value], proposer: PartyId) -> Response;

    /// Single-text: is `candidate` strictly better than `current` for this agent?
    fn compare(
        &mut self,
        _obs: &Observation,
        candidate: &[Value],
        current: Option<&[Value]>,
    ) -> bool {
        let u = &self.profile().utility;
        current.is_none_or(|c| u.utility(candidate) > u.utility(c))
    }

    /// Single-text: signs `text` as the agreement when it is worth at least the reservation value.
    fn ratify(&mut self, _obs: &Observation, text: &[Value]) -> bool {
        let p = self.profile();
        p.utility.utility(text) >= p.reservation
    }
}

/// A strategy and its parameters: what `--agents boulware,conceder` names.
#[derive(Debug, Clone, PartialEq)]
pub enum AgentSpec {
    /// Time-based aspiration with exponent `e` (`a(t) = 1 − t^e`): 4 Boulware, 1 linear,
    /// 0.25 conceder, `inf` hard-liner.
    TimeBased {
        /// The exponent.
        exponent: f64,
    },
    /// Tit-for-tat.
    TitForTat {
        /// `false`: mirror the opponent's last concession; `true`: match its total concession.
        matching: bool,
    },
    /// Random offers, accepts with probability `p_accept`.
    Random {
        /// Probability of accepting any offer.
        p_accept: f64,
    },
    /// HardHeaded (ANAC 2011).
    HardHeaded,
    /// AgentK (ANAC 2010).
    AgentK,
}

/// A name `--agents` does not know.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("unknown agent `{0}` (known: boulware, linear, conceder, hardliner, aspiration:<e>, tft, tft-matching, random, random:<p>, hardheaded, agentk)")]
pub struct UnknownAgent(pub String);

impl std::str::FromStr for AgentSpec {
    type Err = UnknownAgent;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        let bad = || UnknownAgent(s.to_owned());
        let (head, arg) = match name.split_once(':') {
            Some((h, a)) => (h, Some(a)),
            None => (name.as_str(), None),
        };
        let number = |a: Option<&str>| a.and_then(|x| x.parse::<f64>().ok());
        Ok(match (head, arg) {
            ("boulware", None) => AgentSpec::TimeBased { exponent: 4.0 },
            ("linear", None) => AgentSpec::TimeBased { exponent: 1.0 },
            ("conceder", None) => AgentSpec::TimeBased { exponent: 0.25 },
            ("hardliner" | "hard-liner" | "tough", None) => AgentSpec::TimeBased {
                exponent: f64::INFINITY,
            },
            ("aspiration" | "timebased", a) => {
                let e = number(a).filter(|e| *e > 0.0).ok_or_else(bad)?;
                AgentSpec::TimeBased { exponent: e }
            }
            ("tft" | "titfortat" | "tit-for-tat", None) => AgentSpec::TitForTat { matching: false },
            ("tft-matching" | "tit-for-tat-matching", None) => {
                AgentSpec::TitForTat { matching: true }
            }
            ("random", None) => AgentSpec::Random { p_accept: 0.1 },
            ("random", a) => {
                let p = number(a)
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or_else(bad)?;
                AgentSpec::Random { p_accept: p }
            }
            ("hardheaded", None) => AgentSpec::HardHeaded,
            ("agentk", None) => AgentSpec::AgentK,
            _ => return Err(bad()),
        })
    }
}

impl std::fmt::Display for AgentSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AgentSpec::TimeBased { exponent } if *exponent == 4.0 => f.write_str("boulware"),
            AgentSpec::TimeBased { exponent } if *exponent == 1.0 => f.write_str("linear"),
            AgentSpec::TimeBased { exponent } if *exponent == 0.25 => f.write_str("conceder"),
            AgentSpec::TimeBased { exponent } if exponent.is_infinite() => f.write_str("hardliner"),
            AgentSpec::TimeBased { exponent } => write!(f, "aspiration:{exponent}"),
            AgentSpec::TitForTat { matching: false } => f.write_str("tft"),
            AgentSpec::TitForTat { matching: true } => f.write_str("tft-matching"),
            AgentSpec::Random { p_accept } => write!(f, "random:{p_accept}"),
            AgentSpec::HardHeaded => f.write_str("hardheaded"),
            AgentSpec::AgentK => f.write_str("agentk"),
        }
    }
}

impl AgentSpec {
    /// Builds a fresh agent for one negotiation.
    pub fn build(&self, ctx: AgentContext) -> Box<dyn Negotiator> {
        match *self {
            AgentSpec::TimeBased { exponent } => Box::new(timebased::TimeBased::new(ctx, exponent)),
            AgentSpec::TitForTat { matching } => {
                Box::new(tit_for_tat::TitForTat::new(ctx, matching))
            }
            AgentSpec::Random { p_accept } => Box::new(random::RandomAgent::new(ctx, p_accept)),
            AgentSpec::HardHeaded => Box::new(anac::HardHeaded::new(ctx)),
            AgentSpec::AgentK => Box::new(anac::AgentK::new(ctx)),
        }
    }
}

/// `max(worst, reservation)` and `best`: the utility span an aspiration is scaled to (NegMAS).
pub(crate) fn aspiration_span(ctx: &AgentContext) -> (f64, f64) {
    let lo = ctx.table.min().max(ctx.profile.reservation);
    (lo, ctx.table.max())
}
