//! Mediated single-text protocols: one text on the table, a mediator proposes changes, the
//! parties answer yes or no.
//!
//! Common rules:
//! - The mediator starts from a random outcome (drawn with the protocol's seed).
//! - Each **step** the mediator proposes one candidate text and asks every party, in party order,
//!   whether the candidate is better for it than the current text ([`RequestKind::Compare`]).
//! - When the step limit or the wall-time limit is reached, or the mediator has nothing left to
//!   propose, every party is asked to **ratify** the final text ([`RequestKind::Ratify`]; the
//!   standard agents sign when it is worth at least their reservation value). Signed by all, it is
//!   the agreement; otherwise the negotiation ends [`EndReason::NotRatified`]. The reported step
//!   count is the number of proposals made.
//!
//! Mediators ([`Mediator`]):
//! - **Veto** (NegMAS `VetoSTMechanism`): the candidate is a uniformly random outcome; the text
//!   moves only if *every* party says yes (any party can veto).
//! - **Hill-climbing** (NegMAS `HillClimbingSTMechanism`): candidates are the one-issue neighbours
//!   of the current text, in a seeded random order; the text moves when every party says yes, and
//!   the neighbour list is rebuilt around the new text. When no neighbour is accepted the text is
//!   a local optimum and the mediator stops. Neighbours: every other value of a discrete issue;
//!   `v ± 1` for an integer issue; `v ± (max − min)/20` (clamped to the bounds) for a real issue.
//!   (NegMAS 0.16 has bugs here — a 1-tuple agreement, an off-by-one index, a zero step on real
//!   issues — that detente does not reproduce.)
//! - **Simulated annealing** (after Klein, Faratin, Sayama & Bar-Yam 2003, "Negotiating complex
//!   contracts"): the candidate is a random one-issue mutation of the current text; the parties
//!   vote; the mediator accepts a unanimous yes, and otherwise still accepts with probability
//!   `exp(−no_votes / T)`, where the temperature `T` falls linearly from `T0` to 0 over the step
//!   limit (geometrically, `T0·0.98^step`, under a wall-time limit only). Early on this lets the
//!   text escape local optima that a hill-climber would stop at; at the end it behaves as veto.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{
    AgentFailure, Deadline, EndReason, Ending, Event, EventAction, Mechanism, Next, PartyId,
    ProtocolError, Reply, Request, RequestKind,
};
use crate::outcome::{IssueDomain, Outcome, OutcomeSpace, Value};

/// How the mediator chooses candidate texts and decides to move.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mediator {
    /// Random candidates, unanimous moves.
    Veto,
    /// One-issue neighbours, unanimous moves, stop at a local optimum.
    HillClimbing,
    /// Random one-issue mutations; non-unanimous moves accepted by an annealing schedule.
    Annealing {
        /// Initial temperature `T0` (in "no votes"): 1.0 accepts a single veto with p ≈ 0.37.
        initial_temperature: f64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Voting,
    Ratifying,
}

/// The single-text state machine. See the module documentation for its rules.
#[derive(Debug, Clone)]
pub struct SingleText {
    space: Arc<OutcomeSpace>,
    n_parties: usize,
    deadline: Deadline,
    mediator: Mediator,
    rng: ChaCha8Rng,
    step: u32,
    current: Outcome,
    candidate: Option<Outcome>,
    neighbours: Vec<Outcome>,
    voter: PartyId,
    no_votes: usize,
    phase: Phase,
    stop_reason: Option<EndReason>,
    ending: Option<Ending>,
    events: Vec<Event>,
    asked_at: f64,
}

impl SingleText {
    /// A new negotiation among `n_parties` (at least 1) over `space`, with a seeded mediator.
    pub fn new(
        space: Arc<OutcomeSpace>,
        n_parties: usize,
        deadline: Deadline,
        mediator: Mediator,
        seed: u64,
    ) -> Result<Self, ProtocolError> {
        deadline.check()?;
        if n_parties < 1 {
            return Err(ProtocolError::TooFewParties {
                protocol: "single-text",
                min: 1,
                got: n_parties,
            });
        }
        if let Mediator::Annealing {
            initial_temperature,
        } = mediator
        {
            if !(initial_temperature > 0.0 && initial_temperature.is_finite()) {
                return Err(ProtocolError::Unsupported(format!(
                    "annealing needs a positive initial temperature, got {initial_temperature}"
                )));
            }
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let current = random_outcome(&space, &mut rng);
        let mut st = SingleText {
            space,
            n_parties,
            deadline,
            mediator,
            rng,
            step: 0,
            current,
            candidate: None,
            neighbours: Vec::new(),
            voter: 0,
            no_votes: 0,
            phase: Phase::Voting,
            stop_reason: None,
            ending: None,
            events: Vec::new(),
            asked_at: 0.0,
        };
        if mediator == Mediator::HillClimbing {
            st.rebuild_neighbours();
        }
        Ok(st)
    }

    /// Why the mediator stopped proposing (step limit, time limit, or converged), once it has.
    pub fn stopped_because(&self) -> Option<&EndReason> {
        self.stop_reason.as_ref()
    }

    /// The current single text.
    pub fn text(&self) -> &Outcome {
        &self.current
    }

    fn rebuild_neighbours(&mut self) {
        let mut list = neighbours(&self.space, &self.current);
        // Fisher–Yates with the mediator's own stream, popped from the back.
        for i in (1..list.len()).rev() {
            let j = self.rng.gen_range(0..=i);
            list.swap(i, j);
        }
        self.neighbours = list;
    }

    /// Draws the next candidate, or `None` when the mediator has nothing left to propose.
    fn draw_candidate(&mut self) -> Option<Outcome> {
        match self.mediator {
            Mediator::Veto => Some(random_outcome(&self.space, &mut self.rng)),
            Mediator::HillClimbing => self.neighbours.pop(),
            Mediator::Annealing { .. } => Some(mutate(&self.space, &self.current, &mut self.rng)),
        }
    }

    fn temperature(&self) -> f64 {
        let Mediator::Annealing {
            initial_temperature,
        } = self.mediator
        else {
            return 0.0;
        };
        match self.deadline.n_steps {
            Some(n) if n > 0 => initial_temperature * (1.0 - self.step as f64 / n as f64),
            _ => initial_temperature * 0.98f64.powi(self.step as i32),
        }
    }

    fn log(&mut self, party: Option<PartyId>, action: EventAction, offer: Option<Outcome>) {
        self.events.push(Event {
            step: self.step,
            relative_time: self.asked_at,
            party,
            action,
            offer,
        });
    }

    fn close_step(&mut self) {
        let candidate = self
            .candidate
            .take()
            .expect("a step in progress has a candidate");
        let moves = if self.no_votes == 0 {
            true
        } else {
            let t = self.temperature();
            t > 0.0 && self.rng.gen::<f64>() < (-(self.no_votes as f64) / t).exp()
        };
        if moves {
            self.log(None, EventAction::Move, Some(candidate.clone()));
            self.current = candidate;
            if self.mediator == Mediator::HillClimbing {
                self.rebuild_neighbours();
            }
        }
        self.step += 1;
        self.voter = 0;
        self.no_votes = 0;
    }

    fn start_ratifying(&mut self, reason: EndReason) {
        self.phase = Phase::Ratifying;
        self.stop_reason = Some(reason);
        self.voter = 0;
        self.no_votes = 0;
    }
}

impl Mechanism for SingleText {
    fn next(&mut self, elapsed: f64) -> Next {
        if let Some(e) = &self.ending {
            return Next::Done(e.clone());
        }
        if self.phase == Phase::Voting {
            if self.candidate.is_none() {
                if let Some(reason) = self.deadline.expired(self.step, elapsed) {
                    self.start_ratifying(reason);
                } else if let Some(c) = self.draw_candidate() {
                    self.asked_at = self.deadline.relative_time(self.step, elapsed);
                    self.log(None, EventAction::Propose, Some(c.clone()));
                    self.candidate = Some(c);
                } else {
                    self.start_ratifying(EndReason::Converged);
                }
            } else if self.deadline.time_limit.is_some_and(|t| elapsed >= t) {
                self.candidate = None;
                self.start_ratifying(EndReason::TimeLimit);
            }
        }
        let kind = match (&self.phase, &self.candidate) {
            (Phase::Voting, Some(c)) => RequestKind::Compare {
                candidate: c.clone(),
                current: Some(self.current.clone()),
            },
            _ => RequestKind::Ratify {
                text: self.current.clone(),
            },
        };
        Next::Ask(Request {
            party: self.voter,
            step: self.step,
            relative_time: self.asked_at,
            kind,
        })
    }

    fn submit(&mut self, reply: Reply, _elapsed: f64) {
        if self.ending.is_some() {
            return;
        }
        let Reply::Vote(yes) = reply else {
            self.fail(
                AgentFailure::BadOutput(format!("asked to vote, answered {reply:?}")),
                0.0,
            );
            return;
        };
        let (action, offer) = match self.phase {
            Phase::Voting => (
                if yes {
                    EventAction::VoteYes
                } else {
                    EventAction::VoteNo
                },
                self.candidate.clone(),
            ),
            Phase::Ratifying => (
                if yes {
                    EventAction::Accept
                } else {
                    EventAction::Reject
                },
                Some(self.current.clone()),
            ),
        };
        self.log(Some(self.voter), action, offer);
        if !yes {
            self.no_votes += 1;
        }
        self.voter += 1;
        if self.voter < self.n_parties {
            return;
        }
        match self.phase {
            Phase::Voting => self.close_step(),
            Phase::Ratifying => {
                let (agreement, reason) = if self.no_votes == 0 {
                    (Some(self.current.clone()), EndReason::Agreement)
                } else {
                    (None, EndReason::NotRatified)
                };
                self.ending = Some(Ending {
                    agreement,
                    reason,
                    steps: self.step,
                });
            }
        }
    }

    fn fail(&mut self, failure: AgentFailure, _elapsed: f64) {
        if self.ending.is_some() {
            return;
        }
        self.log(Some(self.voter), EventAction::Failure, None);
        self.ending = Some(Ending {
            agreement: None,
            reason: EndReason::AgentFailed(self.voter, failure),
            steps: self.step,
        });
    }

    fn events(&self) -> &[Event] {
        &self.events
    }

    fn n_parties(&self) -> usize {
        self.n_parties
    }

    fn deadline(&self) -> Deadline {
        self.deadline
    }
}

/// A uniformly random outcome (each issue's value drawn independently).
pub fn random_outcome(space: &OutcomeSpace, rng: &mut impl Rng) -> Outcome {
    space
        .issues()
        .iter()
        .map(|issue| random_value(issue.domain(), rng))
        .collect()
}

fn random_value(domain: &IssueDomain, rng: &mut impl Rng) -> Value {
    match domain {
        IssueDomain::Discrete(values) => Value::Discrete(rng.gen_range(0..values.len() as u32)),
        IssueDomain::Integer { min, max } => Value::Integer(rng.gen_range(*min..=*max)),
        IssueDomain::Real { min, max } => {
            if max > min {
                Value::Real(rng.gen_range(*min..=*max))
            } else {
                Value::Real(*min)
            }
        }
    }
}

/// `outcome` with one randomly chosen issue set to a different random value (when it has one).
fn mutate(space: &OutcomeSpace, outcome: &[Value], rng: &mut impl Rng) -> Outcome {
    let mut out = outcome.to_vec();
    let k = rng.gen_range(0..out.len());
    let domain = space.issues()[k].domain();
    for _ in 0..8 {
        let v = random_value(domain, rng);
        if v != out[k] {
            out[k] = v;
            break;
        }
    }
    out
}

/// Step used for a real issue's neighbours, as a fraction of its range.
const REAL_NEIGHBOUR_FRACTION: f64 = 1.0 / 20.0;

/// The one-issue neighbours of `outcome` (see the module documentation).
pub fn neighbours(space: &OutcomeSpace, outcome: &[Value]) -> Vec<Outcome> {
    let mut out = Vec::new();
    for (k, issue) in space.issues().iter().enumerate() {
        let mut push = |v: Value| {
            if v != outcome[k] {
                let mut o = outcome.to_vec();
                o[k] = v;
                out.push(o);
            }
        };
        match (issue.domain(), outcome[k]) {
            (IssueDomain::Discrete(values), _) => {
                for i in 0..values.len() as u32 {
                    push(Value::Discrete(i));
                }
            }
            (IssueDomain::Integer { min, max }, Value::Integer(v)) => {
                if v > *min {
                    push(Value::Integer(v - 1));
                }
                if v < *max {
                    push(Value::Integer(v + 1));
                }
            }
            (IssueDomain::Real { min, max }, Value::Real(x)) => {
                let delta = (max - min) * REAL_NEIGHBOUR_FRACTION;
                if delta > 0.0 {
                    push(Value::Real((x - delta).max(*min)));
                    push(Value::Real((x + delta).min(*max)));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Issue;

    fn mixed_space() -> Arc<OutcomeSpace> {
        Arc::new(
            OutcomeSpace::new(vec![
                Issue::discrete("d", ["a", "b", "c"]).unwrap(),
                Issue::new("i", IssueDomain::Integer { min: -2, max: 2 }).unwrap(),
                Issue::new("r", IssueDomain::Real { min: 0.0, max: 1.0 }).unwrap(),
            ])
            .unwrap(),
        )
    }

    #[test]
    fn neighbours_change_exactly_one_issue_and_stay_in_bounds() {
        let space = mixed_space();
        let o = vec![Value::Discrete(0), Value::Integer(2), Value::Real(0.98)];
        let ns = neighbours(&space, &o);
        // 2 other discrete values, 1 integer (3; 3 is out), 2 real.
        assert_eq!(ns.len(), 5);
        for n in &ns {
            space.validate(n).unwrap();
            let changed = n.iter().zip(&o).filter(|(a, b)| a != b).count();
            assert_eq!(changed, 1, "{n:?}");
        }
        assert!(ns.contains(&vec![
            Value::Discrete(0),
            Value::Integer(1),
            Value::Real(0.98)
        ]));
        assert!(ns.contains(&vec![
            Value::Discrete(0),
            Value::Integer(2),
            Value::Real(1.0)
        ]));
    }

    #[test]
    fn veto_moves_only_on_unanimous_yes() {
        let mut m =
            SingleText::new(mixed_space(), 2, Deadline::steps(3), Mediator::Veto, 7).unwrap();
        let start = m.text().clone();
        // Party 0 always says yes, party 1 always no: the text never moves.
        loop {
            match m.next(0.0) {
                Next::Ask(r) => match r.kind {
                    RequestKind::Compare { .. } => m.submit(Reply::Vote(r.party == 0), 0.0),
                    RequestKind::Ratify { .. } => m.submit(Reply::Vote(true), 0.0),
                    _ => unreachable!(),
                },
                Next::Done(e) => {
                    assert_eq!(e.agreement, Some(start));
                    assert_eq!(e.steps, 3);
                    break;
                }
            }
        }
    }

    #[test]
    fn hill_climbing_stops_at_a_local_optimum() {
        let space = Arc::new(
            OutcomeSpace::new(vec![Issue::new(
                "i",
                IssueDomain::Integer { min: 0, max: 9 },
            )
            .unwrap()])
            .unwrap(),
        );
        let mut m =
            SingleText::new(space, 1, Deadline::steps(1000), Mediator::HillClimbing, 3).unwrap();
        let value = |o: &[Value]| match o[0] {
            Value::Integer(v) => v,
            _ => unreachable!(),
        };
        loop {
            match m.next(0.0) {
                Next::Ask(r) => match r.kind {
                    RequestKind::Compare { candidate, current } => {
                        let better = value(&candidate) > value(&current.unwrap());
                        m.submit(Reply::Vote(better), 0.0)
                    }
                    RequestKind::Ratify { .. } => m.submit(Reply::Vote(true), 0.0),
                    _ => unreachable!(),
                },
                Next::Done(e) => {
                    assert_eq!(e.agreement, Some(vec![Value::Integer(9)]));
                    assert_eq!(e.reason, EndReason::Agreement);
                    break;
                }
            }
        }
    }
}
