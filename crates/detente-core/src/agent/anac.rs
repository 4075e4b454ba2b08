//! Two well-known ANAC strategies, implemented from their published descriptions (not from any
//! agent's source code). Both are bilateral designs; with more parties they treat the standing
//! offer as "the opponent's" offer.
//!
//! **HardHeaded** (ANAC 2011 winner; van Krimpen, Looije & Hajizadeh, "HardHeaded", in *Complex
//! Automated Negotiations*, 2013):
//! - a very Boulware concession: target `p(t) = Pmin + (Pmax − Pmin)·(1 − t^(1/e))` with
//!   `e = 0.05`, `Pmax` its best utility and `Pmin = min' + 0.585·(max − min')` (the paper's
//!   minimum bid utility on a normalised scale, `min' = max(worst, reservation)`);
//! - a frequency opponent model: issue weights grow for issues whose value the opponent keeps
//!   unchanged between consecutive offers (learning rate 0.2/issues, renormalised), value scores
//!   count how often each value was offered;
//! - offers: among its own outcomes with utility in `[p(t), p(t) + 0.02·range]` (widened until
//!   non-empty), the one the model rates best for the opponent; it never offers below the best
//!   offer the opponent has made, offering that one instead once the target falls under it;
//! - accepts an offer worth at least its next offer's utility.
//!
//! **AgentK** (ANAC 2010, 2nd; Kawaguchi, Fujita & Ito, "Compromising strategy based on
//! estimated maximum utility for automated negotiating agents", 2012):
//! - tracks the mean `μ` and variance `σ²` of the (normalised) utilities of the opponent's
//!   offers and estimates the best the opponent will ever give as `emax = μ + (1 − μ)·d` with
//!   `d = √(12σ²)` (the width of a uniform distribution with that variance);
//! - target `τ(t) = 1 − (1 − emax)·t^α` with `α = 1 + τ₀ + 10μ − 2τ₀μ`, "tremor" `τ₀ = 2`; offers
//!   a random own outcome (seeded) at or above the target;
//! - accepts with probability `p = t^τ₀/5 + (u − emax) + (u − τ(t))` (0 when below 0.1), and
//!   always when `u ≥ τ(t)`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{aspiration_span, AgentContext, Negotiator, Observation, Proposal, Response};
use crate::outcome::{IssueDomain, Outcome, Value};
use crate::preference::Profile;
use crate::protocol::PartyId;

/// Candidates scored by the opponent model per offer, at most (keeps huge spaces cheap).
const MAX_CANDIDATES: usize = 256;

/// Frequency model of the opponent's preferences over enumerable issues.
#[derive(Debug, Clone)]
struct FrequencyModel {
    weights: Vec<f64>,
    counts: Vec<Vec<f64>>,
    previous: Option<Vec<Option<u32>>>,
}

impl FrequencyModel {
    fn new(ctx: &AgentContext) -> Self {
        let issues = ctx.space.issues();
        let counts = issues
            .iter()
            .map(|i| match i.domain() {
                IssueDomain::Discrete(v) => vec![0.0; v.len()],
                IssueDomain::Integer { .. } => match i.cardinality() {
                    Some(c) if c <= 4096 => vec![0.0; c as usize],
                    _ => Vec::new(),
                },
                IssueDomain::Real { .. } => Vec::new(),
            })
            .collect();
        FrequencyModel {
            weights: vec![1.0 / issues.len() as f64; issues.len()],
            counts,
            previous: None,
        }
    }

    fn index(&self, ctx: &AgentContext, k: usize, v: &Value) -> Option<u32> {
        let i = ctx.space.issues()[k].index_of(v)? as usize;
        (i < self.counts[k].len()).then_some(i as u32)
    }

    fn learn(&mut self, ctx: &AgentContext, offer: &[Value]) {
        let idx: Vec<Option<u32>> = (0..offer.len())
            .map(|k| self.index(ctx, k, &offer[k]))
            .collect();
        if let Some(prev) = &self.previous {
            let rate = 0.2 / offer.len() as f64;
            for (k, (a, b)) in idx.iter().zip(prev).enumerate() {
                if a.is_some() && a == b {
                    self.weights[k] += rate;
                }
            }
            let total: f64 = self.weights.iter().sum();
            self.weights.iter_mut().for_each(|w| *w /= total);
        }
        for (k, i) in idx.iter().enumerate() {
            if let Some(i) = i {
                self.counts[k][*i as usize] += 1.0;
            }
        }
        self.previous = Some(idx);
    }

    fn estimate(&self, ctx: &AgentContext, outcome: &[Value]) -> f64 {
        let mut u = 0.0;
        for (k, v) in outcome.iter().enumerate() {
            let Some(i) = self.index(ctx, k, v) else {
                continue;
            };
            let max = self.counts[k].iter().copied().fold(0.0, f64::max);
            if max > 0.0 {
                u += self.weights[k] * self.counts[k][i as usize] / max;
            }
        }
        u
    }
}

/// HardHeaded (ANAC 2011). See the module documentation.
#[derive(Debug)]
pub struct HardHeaded {
    ctx: AgentContext,
    model: FrequencyModel,
    min: f64,
    max: f64,
    best_received: Option<(f64, Outcome)>,
}

impl HardHeaded {
    /// Concession exponent `e` of `1 − t^(1/e)`.
    const E: f64 = 0.05;
    /// Minimum bid utility on a normalised scale.
    const MIN_BID: f64 = 0.585;
    /// Width of the offering window on a normalised scale.
    const WINDOW: f64 = 0.02;

    /// A fresh HardHeaded agent.
    pub fn new(ctx: AgentContext) -> Self {
        let (min, max) = aspiration_span(&ctx);
        let model = FrequencyModel::new(&ctx);
        HardHeaded {
            ctx,
            model,
            min,
            max,
            best_received: None,
        }
    }

    fn target(&self, t: f64) -> f64 {
        let p_min = self.min + Self::MIN_BID * (self.max - self.min);
        p_min + (self.max - p_min) * (1.0 - t.powf(1.0 / Self::E))
    }

    fn next_offer(&self, t: f64) -> (f64, Outcome) {
        let target = self.target(t);
        if let Some((u, o)) = &self.best_received {
            if *u >= target {
                return (*u, o.clone());
            }
        }
        let table = &self.ctx.table;
        let range = (self.max - self.min).max(1e-12);
        let start = table.worst_at_least(target);
        let mut window = Self::WINDOW * range;
        let mut end = table.first_at_least(start, target + window);
        while end <= start + 1 && end < table.len() && window < range {
            window *= 2.0;
            end = table.first_at_least(start, target + window);
        }
        let end = end.max(start + 1).min(table.len());
        let stride = (end - start).div_ceil(MAX_CANDIDATES).max(1);
        let mut best = (f64::NEG_INFINITY, start);
        for i in (start..end).step_by(stride) {
            let o = table.outcome_at(&self.ctx.space, i);
            let score = self.model.estimate(&self.ctx, &o);
            if score > best.0 {
                best = (score, i);
            }
        }
        (
            table.utility_at(best.1),
            table.outcome_at(&self.ctx.space, best.1),
        )
    }
}

impl Negotiator for HardHeaded {
    fn profile(&self) -> &Profile {
        &self.ctx.profile
    }

    fn propose(&mut self, obs: &Observation) -> Proposal {
        Proposal::Offer(self.next_offer(obs.relative_time).1)
    }

    fn respond(&mut self, obs: &Observation, offer: &[Value], _proposer: PartyId) -> Response {
        let u = self.ctx.profile.utility.utility(offer);
        self.model.learn(&self.ctx, offer);
        if self.best_received.as_ref().is_none_or(|(b, _)| u > *b) {
            self.best_received = Some((u, offer.to_vec()));
        }
        let (next_u, _) = self.next_offer(obs.relative_time);
        if u >= next_u && u >= self.ctx.profile.reservation {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}

/// AgentK (ANAC 2010). See the module documentation.
#[derive(Debug)]
pub struct AgentK {
    ctx: AgentContext,
    rng: ChaCha8Rng,
    min: f64,
    max: f64,
    n: f64,
    sum: f64,
    sum_sq: f64,
}

impl AgentK {
    const TREMOR: f64 = 2.0;

    /// A fresh AgentK.
    pub fn new(ctx: AgentContext) -> Self {
        let (min, max) = aspiration_span(&ctx);
        let rng = ChaCha8Rng::seed_from_u64(ctx.seed);
        AgentK {
            ctx,
            rng,
            min,
            max,
            n: 0.0,
            sum: 0.0,
            sum_sq: 0.0,
        }
    }

    fn normalise(&self, u: f64) -> f64 {
        let range = self.max - self.min;
        if range <= 0.0 {
            1.0
        } else {
            ((u - self.min) / range).clamp(0.0, 1.0)
        }
    }

    /// `(emax, target)` on the normalised scale at time `t`.
    fn target(&self, t: f64) -> (f64, f64) {
        if self.n == 0.0 {
            return (0.0, 1.0);
        }
        let mean = self.sum / self.n;
        let var = (self.sum_sq / self.n - mean * mean).max(0.0);
        let d = (12.0 * var).sqrt();
        let emax = (mean + (1.0 - mean) * d).clamp(0.0, 1.0);
        let alpha = 1.0 + Self::TREMOR + 10.0 * mean - 2.0 * Self::TREMOR * mean;
        let target = 1.0 - (1.0 - emax) * t.powf(alpha.max(0.1));
        (emax, target.max(emax))
    }
}

impl Negotiator for AgentK {
    fn profile(&self) -> &Profile {
        &self.ctx.profile
    }

    fn propose(&mut self, obs: &Observation) -> Proposal {
        let (_, target) = self.target(obs.relative_time);
        let table = &self.ctx.table;
        let lo = self.min + target * (self.max - self.min);
        let start = table
            .worst_at_least(lo)
            .max(table.first_rational().min(table.best_index()));
        let i = self.rng.gen_range(start..table.len());
        Proposal::Offer(table.outcome_at(&self.ctx.space, i))
    }

    fn respond(&mut self, obs: &Observation, offer: &[Value], _proposer: PartyId) -> Response {
        let raw = self.ctx.profile.utility.utility(offer);
        let u = self.normalise(raw);
        self.n += 1.0;
        self.sum += u;
        self.sum_sq += u * u;
        if raw < self.ctx.profile.reservation {
            return Response::Reject;
        }
        let t = obs.relative_time;
        let (emax, target) = self.target(t);
        if u >= target {
            return Response::Accept;
        }
        let mut p = t.powf(Self::TREMOR) / 5.0 + (u - emax) + (u - target);
        if p < 0.1 {
            p = 0.0;
        }
        if self.rng.gen::<f64>() < p {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
