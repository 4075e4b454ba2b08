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
    /// The last `(t, range)` computed: an agent responds and then proposes at the same time, and
    /// `powf` is the costliest part of a decision.
    last: (f64, (f64, f64)),
    /// Table index of the last offer: the search for the next one starts there.
    last_offer: usize,
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
            last: (f64::NAN, (0.0, 0.0)),
            last_offer: usize::MAX,
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

    fn cached_range(&mut self, t: f64) -> (f64, f64) {
        if self.last.0 != t {
            self.last = (t, self.range_at(t));
        }
        self.last.1
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
        let (lo, _) = self.cached_range(obs.relative_time);
        let i = self.ctx.table.worst_at_least_near(lo, self.last_offer);
        self.last_offer = i;
        Proposal::Offer(self.ctx.table.outcome_at(&self.ctx.space, i))
    }

    fn respond(&mut self, obs: &Observation, offer: &[Value], _proposer: PartyId) -> Response {
        let (lo, hi) = self.cached_range(obs.relative_time);
        let u = self.ctx.profile.utility.utility(offer);
        if lo <= u && u <= hi {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::agent::UtilityTable;
    use crate::outcome::{Issue, OutcomeSpace};
    use crate::preference::Evaluator;
    use crate::protocol::Deadline;

    fn agent(exponent: f64, reservation: f64) -> TimeBased {
        let space = Arc::new(
            OutcomeSpace::new(vec![
                Issue::discrete("x", ["a", "b", "c", "d", "e"]).unwrap()
            ])
            .unwrap(),
        );
        let profile = Arc::new(Profile::one_issue(
            "p",
            &space,
            Evaluator::Table(vec![0.0, 0.25, 0.5, 0.75, 1.0]),
            reservation,
        ));
        let table = Arc::new(UtilityTable::new(&space, &profile));
        TimeBased::new(
            AgentContext {
                me: 0,
                n_parties: 2,
                space,
                profile,
                table,
                deadline: Deadline::steps(10),
                seed: 0,
            },
            exponent,
        )
    }

    #[test]
    fn range_follows_the_aspiration_curve_and_reservation() {
        let linear = agent(1.0, 0.0);
        let (lo, hi) = linear.range_at(0.5);
        assert!((lo - (0.5 - TOLERANCE)).abs() < 1e-15);
        assert_eq!(hi, 1.0);
        // Reservation 0.4 lifts the floor: min' = 0.4, lo = 0.4 + 0.6·0.5 − ε.
        let (lo, _) = agent(1.0, 0.4).range_at(0.5);
        assert!((lo - (0.7 - TOLERANCE)).abs() < 1e-15);
        // Boulware concedes less than linear, conceder more, at the same time.
        let t = 0.5;
        assert!(agent(4.0, 0.0).range_at(t).0 > agent(1.0, 0.0).range_at(t).0);
        assert!(agent(0.25, 0.0).range_at(t).0 < agent(1.0, 0.0).range_at(t).0);
        // A hard-liner never moves before the end.
        assert_eq!(agent(f64::INFINITY, 0.0).range_at(0.99).0, 1.0 - TOLERANCE);
    }

    #[test]
    fn proposes_the_worst_outcome_in_range_and_accepts_inside_it() {
        let mut a = agent(1.0, 0.0);
        let obs = Observation {
            step: 0,
            relative_time: 0.3,
        };
        // lo = 0.7 − ε: the worst outcome at least that good is 0.75 ("d").
        assert_eq!(a.propose(&obs), Proposal::Offer(vec![Value::Discrete(3)]));
        assert_eq!(a.respond(&obs, &[Value::Discrete(3)], 1), Response::Accept);
        assert_eq!(a.respond(&obs, &[Value::Discrete(2)], 1), Response::Reject);
    }
}
