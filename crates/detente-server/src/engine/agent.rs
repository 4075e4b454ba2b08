//! Automated delegations: the talks engine's party agents, seated through the API.
//!
//! An agent answers its seat's questions as soon as they are asked. It plays the seat's profile in
//! force (the scenario's, or the one the party uploaded), so a party can delegate without
//! revealing its profile to anyone. Answers are recorded as events like a person's, so replaying a
//! log never re-runs an agent.

use detente_core::talks::party::{
    exponent, AspirationParty, CaucusView, ScriptedParty, TalksParty,
};
use detente_core::talks::{Answer, Question};
use detente_core::{OutcomeSpace, Profile};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::Rejection;
use super::wire::{to_outcome, Package};

/// Which agent sits in a seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentSpec {
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
        position: Package,
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
#[derive(Debug, Clone)]
pub enum Agent {
    /// See [`AgentSpec::Aspiration`].
    Aspiration(Box<AspirationParty>),
    /// See [`AgentSpec::Scripted`].
    Scripted(ScriptedParty),
}

impl Agent {
    /// Builds the agent `spec` describes for a seat with `profile`.
    pub fn build(
        spec: &AgentSpec,
        space: &OutcomeSpace,
        profile: &Profile,
    ) -> Result<Agent, Rejection> {
        Ok(match spec {
            AgentSpec::Aspiration {
                curve,
                joint_sessions,
            } => {
                let e = match curve {
                    Curve::Boulware => exponent::BOULWARE,
                    Curve::Linear => exponent::LINEAR,
                    Curve::Conceder => exponent::CONCEDER,
                };
                Agent::Aspiration(Box::new(
                    AspirationParty::new(space, profile.clone(), e)
                        .with_joint_sessions(*joint_sessions),
                ))
            }
            AgentSpec::Scripted {
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

    /// The agent's answer (`None`: it stays silent).
    pub fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        match self {
            Agent::Aspiration(a) => a.answer(view, question),
            Agent::Scripted(s) => s.answer(view, question),
        }
    }
}
