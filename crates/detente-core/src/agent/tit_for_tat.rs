//! Tit-for-tat: concede as much as the opponent conceded, measured on one's own utility scale
//! (an agent cannot see the opponent's utility, so a concession is "the opponent's offers got
//! better for me").
//!
//! - **Naive**: after each new opponent offer, lower the target by the *last* improvement
//!   (`u(o_t) − u(o_{t−1})` when positive). Reciprocates move by move; never concedes first.
//! - **Concession-matching**: the target is `max − (best opponent offer so far − first opponent
//!   offer)`: the total concession is matched, so a late big step is answered in full and a
//!   zig-zagging opponent gains nothing.
//!
//! Both start at their best outcome, never go below `max(worst, reservation)`, offer the worst
//! outcome still at the target, and accept an offer worth at least the target.

use super::{aspiration_span, AgentContext, Negotiator, Observation, Proposal, Response};
use crate::outcome::Value;
use crate::preference::Profile;
use crate::protocol::PartyId;

/// A tit-for-tat agent.
#[derive(Debug)]
pub struct TitForTat {
    ctx: AgentContext,
    matching: bool,
    floor: f64,
    max: f64,
    target: f64,
    first: Option<f64>,
    last: Option<f64>,
    best: f64,
}

impl TitForTat {
    /// `matching = false`: naive; `true`: concession-matching.
    pub fn new(ctx: AgentContext, matching: bool) -> Self {
        let (floor, max) = aspiration_span(&ctx);
        TitForTat {
            ctx,
            matching,
            floor,
            max,
            target: max,
            first: None,
            last: None,
            best: f64::NEG_INFINITY,
        }
    }

    fn observe(&mut self, u: f64) {
        let first = *self.first.get_or_insert(u);
        self.best = self.best.max(u);
        if self.matching {
            self.target = self.max - (self.best - first).max(0.0);
        } else if let Some(prev) = self.last {
            if u > prev {
                self.target -= u - prev;
            }
        }
        self.target = self.target.max(self.floor);
        self.last = Some(u);
    }
}

impl Negotiator for TitForTat {
    fn profile(&self) -> &Profile {
        &self.ctx.profile
    }

    fn propose(&mut self, _obs: &Observation) -> Proposal {
        let i = self.ctx.table.worst_at_least(self.target);
        Proposal::Offer(self.ctx.table.outcome_at(&self.ctx.space, i))
    }

    fn respond(&mut self, _obs: &Observation, offer: &[Value], _proposer: PartyId) -> Response {
        let u = self.ctx.profile.utility.utility(offer);
        self.observe(u);
        if u >= self.target {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
