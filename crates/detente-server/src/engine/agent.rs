//! Automated delegations: agents that answer caucus questions for a seat.
//!
//! Each agent concedes over time from its best package towards its reservation value:
//! its aspiration at relative time `t` is `best − (best − reservation) · t^(1/e)`. It accepts a tested
//! package worth at least its aspiration, proposes the package closest above it, prefers the better
//! of two packages and ranks issues by how much they can swing its utility. Answers depend only on
//! the talk's state, so replaying a log reproduces them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Answer, Choice, Query, TalkState};

/// Which agent sits in a seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct AgentSpec {
    /// How the agent concedes.
    pub strategy: Strategy,
}

/// Concession curves of the time-based agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Concedes late (`e = 0.2`).
    Boulware,
    /// Concedes steadily (`e = 1`).
    Linear,
    /// Concedes early (`e = 2`).
    Conceder,
    /// Never concedes: accepts only its best packages.
    Hardliner,
}

impl Strategy {
    fn exponent(self) -> Option<f64> {
        match self {
            Strategy::Boulware => Some(0.2),
            Strategy::Linear => Some(1.0),
            Strategy::Conceder => Some(2.0),
            Strategy::Hardliner => None,
        }
    }
}

/// The utility the agent in `seat` asks for now.
pub fn aspiration(state: &TalkState, seat: usize, spec: &AgentSpec) -> f64 {
    let profile = &state.seats[seat].profile;
    let (_, best) = profile
        .utility
        .range(
            state.scenario().space(),
            crate::engine::scenario::MAX_OUTCOMES,
        )
        .unwrap_or((0.0, 1.0));
    let floor = profile.reservation.min(best);
    match spec.strategy.exponent() {
        Some(e) => best - (best - floor) * state.time().powf(1.0 / e),
        None => best,
    }
}

/// The agent's answer to `query`.
pub fn answer(state: &TalkState, seat: usize, spec: &AgentSpec, query: &Query) -> Answer {
    let target = aspiration(state, seat, spec);
    let profile = &state.seats[seat].profile;
    let space = state.scenario().space();
    let utility_of = |indices: &[u32]| {
        profile
            .utility
            .utility(&space.outcome_from_indices(indices))
    };
    match query {
        Query::Test { package } => {
            let indices = state
                .package_indices("package", package)
                .unwrap_or_default();
            let u = utility_of(&indices);
            if u >= target - 1e-12 && u >= profile.reservation {
                Answer::Accept
            } else {
                Answer::Reject {
                    objections: objections(state, seat, &indices),
                }
            }
        }
        Query::Propose => {
            // The least demanding package still worth the aspiration; the best one if none is.
            let mut chosen: Option<(f64, Vec<u32>)> = None;
            let mut best: Option<(f64, Vec<u32>)> = None;
            for indices in space.iter_indices().into_iter().flatten() {
                let u = utility_of(&indices);
                if best.as_ref().is_none_or(|(b, _)| u > *b) {
                    best = Some((u, indices.clone()));
                }
                if u >= target - 1e-12 && chosen.as_ref().is_none_or(|(c, _)| u < *c) {
                    chosen = Some((u, indices));
                }
            }
            let (_, indices) = chosen.or(best).expect("a hosted space has outcomes");
            Answer::Proposal {
                package: state.package_of(&indices),
            }
        }
        Query::Compare { a, b } => {
            let ua = state.utility(seat, a).unwrap_or(f64::NEG_INFINITY);
            let ub = state.utility(seat, b).unwrap_or(f64::NEG_INFINITY);
            Answer::Prefer {
                choice: if ub > ua { Choice::B } else { Choice::A },
            }
        }
        Query::RankIssues => {
            let mut swings: Vec<(f64, usize)> = (0..space.issues().len())
                .map(|i| (issue_swing(state, seat, i), i))
                .collect();
            swings.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            Answer::Ranking {
                issues: swings
                    .into_iter()
                    .map(|(_, i)| space.issues()[i].name().to_string())
                    .collect(),
            }
        }
    }
}

/// How much changing issue `i` alone can move the seat's utility, from the middle of the space.
fn issue_swing(state: &TalkState, seat: usize, i: usize) -> f64 {
    let space = state.scenario().space();
    let profile = &state.seats[seat].profile;
    let Some(radices) = space.radices() else {
        return 0.0;
    };
    let mut indices: Vec<u32> = radices.iter().map(|r| r / 2).collect();
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for k in 0..radices[i] {
        indices[i] = k;
        let u = profile
            .utility
            .utility(&space.outcome_from_indices(&indices));
        lo = lo.min(u);
        hi = hi.max(u);
    }
    hi - lo
}

/// Issues where changing the value alone would gain the most, best first (at most two).
fn objections(state: &TalkState, seat: usize, indices: &[u32]) -> Vec<String> {
    let space = state.scenario().space();
    let profile = &state.seats[seat].profile;
    let Some(radices) = space.radices() else {
        return Vec::new();
    };
    if indices.len() != radices.len() {
        return Vec::new();
    }
    let base = profile
        .utility
        .utility(&space.outcome_from_indices(indices));
    let mut gains: Vec<(f64, usize)> = Vec::new();
    let mut probe = indices.to_vec();
    for (i, &radix) in radices.iter().enumerate() {
        let mut gain: f64 = 0.0;
        for k in 0..radix {
            probe[i] = k;
            gain = gain.max(profile.utility.utility(&space.outcome_from_indices(&probe)) - base);
        }
        probe[i] = indices[i];
        if gain > 1e-12 {
            gains.push((gain, i));
        }
    }
    gains.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    gains
        .into_iter()
        .take(2)
        .map(|(_, i)| space.issues()[i].name().to_string())
        .collect()
}
