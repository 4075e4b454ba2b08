//! Stacked alternating offers (SAO) for two or more parties, with NegMAS 0.16's semantics.
//!
//! Rules, exactly as NegMAS's `SAOMechanism` with its defaults:
//! - **A step is a full round.** In every step each party acts once, in party order (the first
//!   party of the scenario first). With `n_steps = 100` and two parties there are up to 200 offers.
//! - **The first party offers first.** In step 0 it is asked to propose; there is no offer yet.
//! - Every following party is asked to **respond** to the standing offer. If it accepts, its
//!   acceptance is counted; if it rejects, it is asked to **propose** a counter-offer, which becomes
//!   the standing offer.
//! - **Offering is accepting**: a new offer counts its proposer's acceptance. The negotiation ends
//!   in **agreement** when the standing offer has been accepted by every party (bilateral: the
//!   responder accepts).
//! - **Walk-out**: a party answering [`Reply::EndNegotiation`] ends it without agreement.
//! - **Deadlines**: the step limit is checked when a step starts (a run of `n` steps that never
//!   agrees ends with `steps == n`); the wall-time limit whenever the driver asks for the next
//!   request, with the `elapsed` it passes in.
//! - **Relative time** in step `s` is `max((s+1)/(n_steps+1), elapsed/time_limit)`, capped at 1.
//! - **Final step count** is NegMAS's `state.step`: the number of completed steps, counting the one
//!   in which the negotiation ended (agreement in step 78 gives 79).
//! - Unlike NegMAS's default (`check_offers=False`), an offer outside the outcome space ends the
//!   negotiation with [`EndReason::AgentFailed`]; NegMAS would pass it on.

use std::sync::Arc;

use super::{
    AgentFailure, Deadline, EndReason, Ending, Event, EventAction, Mechanism, Next, PartyId,
    ProtocolError, Reply, Request, RequestKind,
};
use crate::outcome::{OutcomeSpace, Value};

/// Which question the party whose turn it is must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Respond to the standing offer, or propose when there is none.
    Turn,
    /// Propose after rejecting.
    CounterOffer,
}

/// The SAO state machine. See the module documentation for its rules.
#[derive(Debug, Clone)]
pub struct Sao {
    space: Arc<OutcomeSpace>,
    n_parties: usize,
    deadline: Deadline,
    step: u32,
    turn: PartyId,
    phase: Phase,
    /// Shared with the requests that show it, so asking to respond copies no outcome.
    standing: Option<(Arc<[Value]>, PartyId)>,
    acceptances: usize,
    ending: Option<Ending>,
    events: Vec<Event>,
    record_events: bool,
    /// Relative time of the request currently out, so answers are logged at the time they were asked.
    asked_at: f64,
}

impl Sao {
    /// A new negotiation among `n_parties` (at least 2) over `space`.
    pub fn new(
        space: Arc<OutcomeSpace>,
        n_parties: usize,
        deadline: Deadline,
    ) -> Result<Self, ProtocolError> {
        deadline.check()?;
        if n_parties < 2 {
            return Err(ProtocolError::TooFewParties {
                protocol: "SAO",
                min: 2,
                got: n_parties,
            });
        }
        Ok(Sao {
            space,
            n_parties,
            deadline,
            step: 0,
            turn: 0,
            phase: Phase::Turn,
            standing: None,
            acceptances: 0,
            ending: None,
            events: Vec::new(),
            record_events: true,
            asked_at: 0.0,
        })
    }

    /// Stops recording [`Event`]s (for throughput runs that only need the result).
    pub fn without_events(mut self) -> Self {
        self.record_events = false;
        self
    }

    /// The standing offer and its proposer.
    pub fn standing_offer(&self) -> Option<(&[Value], PartyId)> {
        self.standing.as_ref().map(|(o, p)| (&o[..], *p))
    }

    /// The current step (0-based).
    pub fn step(&self) -> u32 {
        self.step
    }

    fn end(&mut self, agreement: Option<crate::outcome::Outcome>, reason: EndReason, steps: u32) {
        self.ending = Some(Ending {
            agreement,
            reason,
            steps,
        });
    }

    fn log(&mut self, action: EventAction, offer: Option<&[Value]>) {
        if self.record_events {
            self.events.push(Event {
                step: self.step,
                relative_time: self.asked_at,
                party: Some(self.turn),
                action,
                offer: offer.map(<[Value]>::to_vec),
            });
        }
    }

    fn log_standing(&mut self, action: EventAction) {
        if self.record_events {
            let offer = self.standing.as_ref().map(|(o, _)| Arc::clone(o));
            self.log(action, offer.as_deref());
        }
    }

    fn advance_turn(&mut self) {
        self.phase = Phase::Turn;
        self.turn += 1;
        if self.turn == self.n_parties {
            self.turn = 0;
            self.step += 1;
        }
    }

    /// Ends in agreement on the standing offer once every party holds it; else the next party's turn.
    fn agree_or_pass(&mut self) {
        if self.acceptances >= self.n_parties {
            let agreement = self.standing.take().map(|(o, _)| o.to_vec());
            let steps = self.step + 1;
            self.end(agreement, EndReason::Agreement, steps);
        } else {
            self.advance_turn();
        }
    }

    fn bad_output(&mut self, what: String) {
        self.fail(AgentFailure::BadOutput(what), 0.0);
    }
}

impl Mechanism for Sao {
    fn next(&mut self, elapsed: f64) -> Next {
        if let Some(ending) = &self.ending {
            return Next::Done(ending.clone());
        }
        let at_step_start = self.turn == 0 && self.phase == Phase::Turn;
        let expired = if at_step_start {
            self.deadline.expired(self.step, elapsed)
        } else {
            // Mid-step only the wall clock can run out.
            self.deadline
                .expired(0, elapsed)
                .filter(|r| *r == EndReason::TimeLimit)
        };
        if let Some(reason) = expired {
            // NegMAS counts completed steps; a step interrupted by the clock did not complete.
            let steps = self.step;
            self.end(None, reason, steps);
            return self.next(elapsed);
        }
        self.asked_at = self.deadline.relative_time(self.step, elapsed);
        let kind = match (&self.phase, &self.standing) {
            (Phase::Turn, Some((offer, proposer))) => RequestKind::Respond {
                offer: Arc::clone(offer),
                proposer: *proposer,
            },
            _ => RequestKind::Propose,
        };
        Next::Ask(Request {
            party: self.turn,
            step: self.step,
            relative_time: self.asked_at,
            kind,
        })
    }

    fn submit(&mut self, reply: Reply, _elapsed: f64) {
        if self.ending.is_some() {
            return;
        }
        let responding = self.phase == Phase::Turn && self.standing.is_some();
        match reply {
            Reply::EndNegotiation => {
                self.log(EventAction::EndNegotiation, None);
                let (party, steps) = (self.turn, self.step + 1);
                self.end(None, EndReason::WalkOut(party), steps);
            }
            Reply::Accept if responding => {
                self.log_standing(EventAction::Accept);
                self.acceptances += 1;
                self.agree_or_pass();
            }
            Reply::Reject if responding => {
                self.log_standing(EventAction::Reject);
                self.phase = Phase::CounterOffer;
            }
            Reply::Offer(outcome) if !responding => {
                if let Err(e) = self.space.validate(&outcome) {
                    self.bad_output(format!("offer outside the outcome space: {e}"));
                    return;
                }
                self.log(EventAction::Offer, Some(&outcome));
                self.standing = Some((Arc::from(outcome), self.turn));
                self.acceptances = 1;
                self.agree_or_pass();
            }
            other => {
                let asked = if responding { "respond" } else { "propose" };
                self.bad_output(format!("asked to {asked}, answered {other:?}"));
            }
        }
    }

    fn fail(&mut self, failure: AgentFailure, _elapsed: f64) {
        if self.ending.is_some() {
            return;
        }
        self.log(EventAction::Failure, None);
        let (party, steps) = (self.turn, self.step + 1);
        self.end(None, EndReason::AgentFailed(party, failure), steps);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Issue, Value};

    fn space() -> Arc<OutcomeSpace> {
        Arc::new(OutcomeSpace::new(vec![Issue::discrete("x", ["a", "b", "c"]).unwrap()]).unwrap())
    }

    fn ask(m: &mut Sao) -> Request {
        match m.next(0.0) {
            Next::Ask(r) => r,
            Next::Done(e) => panic!("ended early: {e:?}"),
        }
    }

    #[test]
    fn bilateral_agreement_in_step_zero_counts_one_step() {
        let mut m = Sao::new(space(), 2, Deadline::steps(10)).unwrap();
        let r = ask(&mut m);
        assert_eq!((r.party, r.kind.clone()), (0, RequestKind::Propose));
        assert!((r.relative_time - 1.0 / 11.0).abs() < 1e-15);
        m.submit(Reply::Offer(vec![Value::Discrete(1)]), 0.0);
        let r = ask(&mut m);
        assert_eq!(r.party, 1);
        assert!(matches!(r.kind, RequestKind::Respond { proposer: 0, .. }));
        m.submit(Reply::Accept, 0.0);
        let Next::Done(e) = m.next(0.0) else { panic!() };
        assert_eq!(e.reason, EndReason::Agreement);
        assert_eq!(e.steps, 1);
        assert_eq!(e.agreement, Some(vec![Value::Discrete(1)]));
    }

    #[test]
    fn step_limit_ends_with_n_steps_and_two_entries_per_step() {
        let mut m = Sao::new(space(), 2, Deadline::steps(10)).unwrap();
        loop {
            match m.next(0.0) {
                Next::Ask(r) => match r.kind {
                    RequestKind::Propose => m.submit(Reply::Offer(vec![Value::Discrete(0)]), 0.0),
                    _ => m.submit(Reply::Reject, 0.0),
                },
                Next::Done(e) => {
                    assert_eq!(e.reason, EndReason::StepLimit);
                    assert_eq!(e.steps, 10);
                    break;
                }
            }
        }
        let offers = m
            .events()
            .iter()
            .filter(|e| e.action == EventAction::Offer)
            .count();
        assert_eq!(offers, 20);
    }

    #[test]
    fn three_parties_need_two_acceptances_after_an_offer() {
        let mut m = Sao::new(space(), 3, Deadline::steps(5)).unwrap();
        ask(&mut m);
        m.submit(Reply::Offer(vec![Value::Discrete(2)]), 0.0);
        ask(&mut m);
        m.submit(Reply::Accept, 0.0);
        assert_eq!(ask(&mut m).party, 2);
        m.submit(Reply::Accept, 0.0);
        let Next::Done(e) = m.next(0.0) else { panic!() };
        assert_eq!((e.reason, e.steps), (EndReason::Agreement, 1));
    }

    #[test]
    fn offer_outside_the_space_ends_with_a_recorded_failure() {
        let mut m = Sao::new(space(), 2, Deadline::steps(5)).unwrap();
        ask(&mut m);
        m.submit(Reply::Offer(vec![Value::Discrete(7)]), 0.0);
        let Next::Done(e) = m.next(0.0) else { panic!() };
        assert!(matches!(
            e.reason,
            EndReason::AgentFailed(0, AgentFailure::BadOutput(_))
        ));
        assert_eq!(e.agreement, None);
    }

    #[test]
    fn wall_time_limit_ends_mid_step() {
        let deadline = Deadline {
            n_steps: None,
            time_limit: Some(2.0),
        };
        let mut m = Sao::new(space(), 2, deadline).unwrap();
        let r = ask(&mut m);
        assert_eq!(r.relative_time, 0.0);
        m.submit(Reply::Offer(vec![Value::Discrete(0)]), 1.0);
        let Next::Ask(r) = m.next(1.0) else { panic!() };
        assert_eq!(r.relative_time, 0.5);
        let Next::Done(e) = m.next(2.5) else { panic!() };
        assert_eq!((e.reason, e.steps), (EndReason::TimeLimit, 0));
    }

    #[test]
    fn rejects_missing_deadline_and_single_party() {
        let none = Deadline {
            n_steps: None,
            time_limit: None,
        };
        assert_eq!(
            Sao::new(space(), 2, none).unwrap_err(),
            ProtocolError::NoDeadline
        );
        assert!(Sao::new(space(), 1, Deadline::steps(3)).is_err());
    }
}
