//! Time-based aspiration agents, behaving as NegMAS 0.16's `BoulwareTBNegotiator`,
//! `LinearTBNegotiator` and `ConcederTBNegotiator` (checked decision by decision against NegMAS on
//! random scenarios; see `tests/` and the golden files).
//!
//! - Aspiration `a(t) = 1 − t^e` (`e` = 4 Boulware, 1 linear, 0.25 conceder, ∞ hard-liner).
//! - Scaled to the agent's utility: `x(t) = min' + (max − min')·a(t)` with `min' = max(worst,
//!   reservation)`; the working range is `[clamp(x − ε), clamp(max + ε)]`, clamped to
//!   `[min', max]`, with tolerance `ε = 1e-4` (the TB negotiators' default; NegMAS's older
//!   `AspirationNegotiator` used 1e-3).
//! - **Accept** iff the offer's utility lies in that range.
//! - **Propose** the outcome of lowest utility in the range among outcomes worth at least the
//!   reservation value (NegMAS's `worst_in` with its 1e-6 clamping tolerance); with no such
//!   outcome, the best one.

use super::{aspiration_span, AgentContext, Negotiator, Observation, Proposal, Response};
use crate::outcome::Value;
use crate::preference::Profile;
use crate::protocol::PartyId;

/// NegMAS's tolerance for the TB negotiators.
pub const TOLERANCE: f64 = 1e-4;

/// A time-based aspiration agent.
#[derive(Debug)]
pub struct TimeBased {
    ctx: AgentContext,
    exponent: f64,
    tolerance: f64,
    min: f64,
    max: f64,
}

impl TimeBased {
    /// An agent conceding as `1 − t^exponent`.
    pub fn new(ctx: AgentContext, exponent: f64) -> Self {
        let (min, max) = aspiration_span(&ctx);
        TimeBased {
            ctx,
            exponent,
            tolerance: TOLERANCE,
            min,
            max,
        }
    }

    /// Uses tolerance `eps` instead of [`TOLERANCE`].
    pub fn with_tolerance(mut self, eps: f64) -> Self {
        self.tolerance = eps;
        self
    }

    fn clamp(&self, x: f64) -> f64 {
        self.min.max(self.max.min(x))
    }

    /// The working utility range at relative time `t`.
    pub fn range_at(&self, t: f64) -> (f64, f64) {
        let a = if self.exponent.is_infinite() {
            if t >= 1.0 {
                0.0
            } else {
                1.0
            }
        } else {
            1.0 - t.powf(self.exponent)
        };
        let x = self.min + (self.max - self.min) * a;
        (
            self.clamp(x - self.tolerance),
            self.clamp(self.max + self.tolerance),
        )
    }
}

impl Negotiator for TimeBased {
    fn profile(&self) -> &Profile {
        &self.ctx.profile
    }

    fn propose(&mut self, obs: &Observation) -> Proposal {
        let (lo, _) = self.range_at(obs.relative_time);
        let i = self.ctx.table.worst_at_least(lo);
        Proposal::Offer(self.ctx.table.outcome_at(&self.ctx.space, i))
    }

    fn respond(&mut self, obs: &Observation, offer: &[Value], _proposer: PartyId) -> Response {
        let (lo, hi) = self.range_at(obs.relative_time);
        let u = self.ctx.profile.utility.utility(offer);
        if lo <= u && u <= hi {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
