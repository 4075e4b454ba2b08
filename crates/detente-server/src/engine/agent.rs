//! Automated delegations: the talks engine's party agents, seated through the API.
//!
//! An agent answers its seat's questions as soon as they are asked. It plays the seat's profile in
//! force (the scenario's, or the one the party uploaded), so a party can delegate without
//! revealing its profile to anyone. Its answers are recorded as events like a person's.
//!
//! Agents keep state: `tft`, `tft-matching`, `hardheaded` and `agentk` learn from the packages
//! they are shown, `random` draws from its seeded generator. So a talk's state, rebuilt from its
//! log (after a restart, a cache clear, a store conflict, or on a second server), *does* re-run its
//! agents: the state runs an agent while applying the event that puts a question to it (or seats
//! it while a question waits), live and on replay alike, and checks the recorded automated answer
//! against the one the agent gives again (see `SeatState`). The agent thus sees the same questions,
//! in the same order and at the same moment of the talks, and ends in the same state.

use detente_core::agent::AgentSpec as EngineAgent;
use detente_core::talks::party::{AgentParty, CaucusView, ScriptedParty, TalksParty};
use detente_core::talks::{Answer, Question};
use detente_core::{OutcomeSpace, Profile};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::Rejection;
use super::wire::{to_outcome, PackageDto};

// The wire form of a seated agent; the OpenAPI document keeps the name it was published under.
/// Which agent sits in a seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[schema(as = AgentSpec)]
pub enum AgentDto {
    /// Any agent of the negotiation engine, by name: `boulware`, `linear`, `conceder`,
    /// `hardliner`, `aspiration:<e>`, `tft`, `tft-matching`, `random`, `random:<p>`, `hardheaded`,
    /// `agentk`. It answers tests by its own acceptance rule at the talks' relative time.
    Engine {
        /// The agent's name.
        agent: String,
        /// Whether it agrees to joint sessions (default yes).
        #[serde(default = "yes")]
        joint_sessions: bool,
    },
    /// Time-based: accepts what reaches its aspiration, which falls from its best package towards
    /// its reservation value as the deadline nears.
    Aspiration {
        /// `boulware` (concedes late), `linear` or `conceder` (concedes early).
        curve: Curve,
        /// Whether it agrees to joint sessions (default yes).
        #[serde(default = "yes")]
        joint_sessions: bool,
    },
    /// Holds a fixed position: accepts only packages that meet its demands.
    Scripted {
        /// Its position.
        position: PackageDto,
        /// Per issue it insists on, the values it accepts (its position on every issue when empty).
        #[serde(default)]
        demands: IndexMap<String, Vec<String>>,
        /// Walks out at its first question of this round.
        #[serde(default)]
        walk_out_round: Option<u32>,
    },
}

fn yes() -> bool {
    true
}

/// Concession curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Curve {
    /// Concedes late.
    Boulware,
    /// Concedes steadily.
    Linear,
    /// Concedes early.
    Conceder,
}

/// A seated agent.
#[derive(Debug)]
pub enum Agent {
    /// An engine agent (see [`AgentDto::Engine`] and [`AgentDto::Aspiration`]).
    Engine(Box<AgentParty>),
    /// See [`AgentDto::Scripted`].
    Scripted(ScriptedParty),
}

impl Agent {
    /// Builds the agent `spec` describes for a seat with `profile`.
    /// `seat` of `parties`, in talks of `rounds` rounds; the seat number seeds the agent's own
    /// random choices, so replaying a log rebuilds the same agent (and, run on the same questions
    /// in the same order, it makes the same choices).
    pub fn build(
        spec: &AgentDto,
        space: &OutcomeSpace,
        profile: &Profile,
        (seat, parties, rounds): (usize, usize, u32),
    ) -> Result<Agent, Rejection> {
        let engine = |agent: &EngineAgent, joint_sessions: bool| {
            Agent::Engine(Box::new(
                AgentParty::new(
                    space,
                    profile.clone(),
                    agent,
                    seat,
                    parties,
                    rounds,
                    seat as u64,
                )
                .with_joint_sessions(joint_sessions),
            ))
        };
        Ok(match spec {
            AgentDto::Engine {
                agent,
                joint_sessions,
            } => {
                let parsed: EngineAgent =
                    agent
                        .parse()
                        .map_err(|e: detente_core::agent::UnknownAgent| {
                            Rejection::invalid("agent.agent", e.to_string())
                        })?;
                engine(&parsed, *joint_sessions)
            }
            AgentDto::Aspiration {
                curve,
                joint_sessions,
            } => {
                let exponent = match curve {
                    Curve::Boulware => 4.0,
                    Curve::Linear => 1.0,
                    Curve::Conceder => 0.25,
                };
                engine(&EngineAgent::TimeBased { exponent }, *joint_sessions)
            }
            AgentDto::Scripted {
                position,
                demands,
                walk_out_round,
            } => {
                let outcome = to_outcome(space, "agent.position", position)?;
                let mut wanted = Vec::with_capacity(demands.len());
                for (issue_name, values) in demands {
                    let at = format!("agent.demands.{issue_name}");
                    let k = space
                        .issue_index(issue_name)
                        .ok_or_else(|| Rejection::invalid(&at, "is not an issue"))?;
                    let issue = &space.issues()[k];
                    let values = values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            issue.parse_value(v).ok_or_else(|| {
                                Rejection::invalid(
                                    format!("{at}[{i}]"),
                                    format!("`{v}` is not a value of this issue"),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    wanted.push((k, values));
                }
                let demands = wanted;
                let mut party = ScriptedParty::new(outcome, demands);
                if let Some(round) = walk_out_round {
                    party = party.walking_out_in(*round);
                }
                Agent::Scripted(party)
            }
        })
    }

    /// The agent's answer (`None`: it stays silent). It may change the agent's state, so the talk
    /// state calls it once per question, while applying an event.
    pub fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        match self {
            Agent::Engine(a) => a.answer(view, question),
            Agent::Scripted(s) => s.answer(view, question),
        }
    }
}
