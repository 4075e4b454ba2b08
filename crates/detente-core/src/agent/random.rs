//! A random agent: uniformly random offers, accepts any offer with a fixed probability. Seeded, so
//! a run is reproducible. A baseline and a fuzzer for protocols, not a strategy.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{AgentContext, Negotiator, Observation, Proposal, Response};
use crate::outcome::Value;
use crate::preference::Profile;
use crate::protocol::single_text::random_outcome;
use crate::protocol::PartyId;

/// The random agent.
#[derive(Debug)]
pub struct RandomAgent {
    ctx: AgentContext,
    p_accept: f64,
    rng: ChaCha8Rng,
}

impl RandomAgent {
    /// Accepts with probability `p_accept`.
    pub fn new(ctx: AgentContext, p_accept: f64) -> Self {
        let rng = ChaCha8Rng::seed_from_u64(ctx.seed);
        RandomAgent { ctx, p_accept, rng }
    }
}

impl Negotiator for RandomAgent {
    fn profile(&self) -> &Profile {
        &self.ctx.profile
    }

    fn propose(&mut self, _obs: &Observation) -> Proposal {
        Proposal::Offer(random_outcome(&self.ctx.space, &mut self.rng))
    }

    fn respond(&mut self, _obs: &Observation, _offer: &[Value], _proposer: PartyId) -> Response {
        if self.rng.gen::<f64>() < self.p_accept {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
