//! Runs a mechanism with in-process agents: the driver between [`crate::protocol`] and
//! [`crate::agent`].
//!
//! The runner asks the mechanism for the next request, calls the agent, and hands the answer
//! back. It contains agent failures: a **panic** inside an agent is caught
//! (`std::panic::catch_unwind`) and an **offer outside the space** is rejected by the mechanism;
//! either ends *that* negotiation with [`EndReason::AgentFailed`], never the process. **Time
//! limits** are modelled through the driver: the caller passes a [`Clock`] (the core reads no
//! clock itself), the runner measures every answer with it, and an answer slower than
//! `answer_limit` seconds ends the negotiation with [`AgentFailure::NoAnswer`]. An in-process agent
//! that never returns cannot be interrupted from the same thread; a driver that must survive that
//! runs agents elsewhere (a thread, a process, a remote party) and calls [`Mechanism::fail`] when
//! its own timer fires — the mechanism is the same.
//!
//! [`Prepared`] holds everything per scenario that does not change between negotiations (each
//! party's sorted utility table), so a batch of thousands pays for it once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::agent::{
    AgentContext, AgentSpec, Negotiator, Observation, Proposal, Response, UtilityTable,
};
use crate::outcome::{Outcome, OutcomeSpace};
use crate::preference::Profile;
use crate::protocol::sao::Sao;
use crate::protocol::single_text::{Mediator, SingleText};
use crate::protocol::{
    AgentFailure, Deadline, EndReason, Ending, Mechanism, Next, ProtocolError, Reply, RequestKind,
};
use crate::scenario::Scenario;
use crate::trace::{annotate, TraceEntry};

/// Seconds since the negotiation started, as the driver measures them.
pub trait Clock {
    /// Elapsed seconds.
    fn elapsed(&mut self) -> f64;
}

/// A clock that never moves: step-limited runs are then fully deterministic.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrozenClock;

impl Clock for FrozenClock {
    fn elapsed(&mut self) -> f64 {
        0.0
    }
}

/// Which protocol to run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProtocolKind {
    /// Stacked alternating offers.
    Sao,
    /// Single-text, veto mediator.
    Veto,
    /// Single-text, hill-climbing mediator.
    HillClimbing,
    /// Single-text, simulated-annealing mediator.
    Annealing,
}

/// How to run one negotiation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunConfig {
    /// The protocol.
    pub protocol: ProtocolKind,
    /// When to stop.
    pub deadline: Deadline,
    /// Seed of this negotiation; agents and mediator derive their own streams from it.
    pub seed: u64,
    /// Longest an agent may take to answer one request, in seconds of the driver's clock.
    pub answer_limit: Option<f64>,
    /// Keep the annotated trace (costs an allocation per action).
    pub record_trace: bool,
}

/// What a negotiation produced.
#[derive(Debug, Clone, PartialEq)]
pub struct NegotiationResult {
    /// Agreement, reason and step count.
    pub ending: Ending,
    /// Each party's utility of the agreement, when there is one.
    pub utilities: Option<Vec<f64>>,
    /// Every action with every party's utility (when `record_trace` was set).
    pub trace: Vec<TraceEntry>,
}

/// A scenario made ready for many negotiations.
#[derive(Debug, Clone)]
pub struct Prepared {
    space: Arc<OutcomeSpace>,
    profiles: Vec<Arc<Profile>>,
    tables: Vec<Arc<UtilityTable>>,
}

/// Derives an independent 64-bit seed from `seed` and a stream number (SplitMix64 finaliser), so
/// per-negotiation and per-agent streams never share a generator.
pub fn derive_seed(seed: u64, stream: u64) -> u64 {
    let mut z = seed
        .wrapping_add(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(stream.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Prepared {
    /// Builds every party's utility table.
    pub fn new(scenario: &Scenario) -> Self {
        let space = Arc::new(scenario.space().clone());
        let profiles: Vec<Arc<Profile>> = scenario
            .parties()
            .iter()
            .map(|p| Arc::new(p.profile.clone()))
            .collect();
        let tables = profiles
            .iter()
            .map(|p| Arc::new(UtilityTable::new(&space, p)))
            .collect();
        Prepared {
            space,
            profiles,
            tables,
        }
    }

    /// The outcome space.
    pub fn space(&self) -> &Arc<OutcomeSpace> {
        &self.space
    }

    /// Party `i`'s sorted utility table.
    pub fn table(&self, i: usize) -> &UtilityTable {
        &self.tables[i]
    }

    /// Runs one negotiation with one agent per party, in party order.
    pub fn negotiate(
        &self,
        agents: &[AgentSpec],
        config: &RunConfig,
        clock: &mut dyn Clock,
    ) -> Result<NegotiationResult, ProtocolError> {
        let n = self.profiles.len();
        if agents.len() != n {
            return Err(ProtocolError::Unsupported(format!(
                "the scenario has {n} parties but {} agents were given (hint: name one agent per party, in party order)",
                agents.len()
            )));
        }
        let mut negotiators: Vec<Box<dyn Negotiator>> = agents
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                spec.build(AgentContext {
                    me: i,
                    n_parties: n,
                    space: Arc::clone(&self.space),
                    profile: Arc::clone(&self.profiles[i]),
                    table: Arc::clone(&self.tables[i]),
                    deadline: config.deadline,
                    seed: derive_seed(config.seed, i as u64 + 1),
                })
            })
            .collect();
        let mut mechanism: Box<dyn Mechanism> = match config.protocol {
            ProtocolKind::Sao => {
                let sao = Sao::new(Arc::clone(&self.space), n, config.deadline)?;
                Box::new(if config.record_trace {
                    sao
                } else {
                    sao.without_events()
                })
            }
            kind => {
                let mediator = match kind {
                    ProtocolKind::Veto => Mediator::Veto,
                    ProtocolKind::HillClimbing => Mediator::HillClimbing,
                    _ => Mediator::Annealing {
                        initial_temperature: 1.0,
                    },
                };
                Box::new(SingleText::new(
                    Arc::clone(&self.space),
                    n,
                    config.deadline,
                    mediator,
                    derive_seed(config.seed, 0),
                )?)
            }
        };
        let ending = drive(
            mechanism.as_mut(),
            &mut negotiators,
            clock,
            config.answer_limit,
        );
        let utilities = ending.agreement.as_ref().map(|o| self.utilities_of(o));
        let trace = if config.record_trace {
            annotate(mechanism.events(), self.profiles.iter().map(|p| p.as_ref()))
        } else {
            Vec::new()
        };
        Ok(NegotiationResult {
            ending,
            utilities,
            trace,
        })
    }

    /// Every party's utility of `outcome`.
    pub fn utilities_of(&self, outcome: &Outcome) -> Vec<f64> {
        self.profiles
            .iter()
            .map(|p| p.utility.utility(outcome))
            .collect()
    }
}

/// Runs `mechanism` to the end with `agents` (one per party, in party order).
pub fn drive(
    mechanism: &mut dyn Mechanism,
    agents: &mut [Box<dyn Negotiator>],
    clock: &mut dyn Clock,
    answer_limit: Option<f64>,
) -> Ending {
    loop {
        let asked_at = clock.elapsed();
        let request = match mechanism.next(asked_at) {
            Next::Done(ending) => return ending,
            Next::Ask(r) => r,
        };
        let Some(agent) = agents.get_mut(request.party) else {
            mechanism.fail(
                AgentFailure::BadOutput(format!("no agent for party {}", request.party)),
                asked_at,
            );
            continue;
        };
        let obs = Observation {
            step: request.step,
            relative_time: request.relative_time,
        };
        let answer = catch_unwind(AssertUnwindSafe(|| {
            ask(agent.as_mut(), &obs, &request.kind)
        }));
        let answered_at = clock.elapsed();
        match answer {
            Err(payload) => {
                mechanism.fail(AgentFailure::Panicked(panic_message(&payload)), answered_at)
            }
            Ok(_) if answer_limit.is_some_and(|l| answered_at - asked_at > l) => mechanism.fail(
                AgentFailure::NoAnswer(answer_limit.unwrap_or_default()),
                answered_at,
            ),
            Ok(reply) => mechanism.submit(reply, answered_at),
        }
    }
}

fn ask(agent: &mut dyn Negotiator, obs: &Observation, kind: &RequestKind) -> Reply {
    match kind {
        RequestKind::Propose => match agent.propose(obs) {
            Proposal::Offer(o) => Reply::Offer(o),
            Proposal::EndNegotiation => Reply::EndNegotiation,
        },
        RequestKind::Respond { offer, proposer } => match agent.respond(obs, offer, *proposer) {
            Response::Accept => Reply::Accept,
            Response::Reject => Reply::Reject,
            Response::EndNegotiation => Reply::EndNegotiation,
        },
        RequestKind::Compare { candidate, current } => {
            Reply::Vote(agent.compare(obs, candidate, current.as_deref()))
        }
        RequestKind::Ratify { text } => Reply::Vote(agent.ratify(obs, text)),
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

/// Whether `reason` ended a run without it being anyone's choice (limits, failures).
pub fn is_failure(reason: &EndReason) -> bool {
    matches!(reason, EndReason::AgentFailed(..))
}
