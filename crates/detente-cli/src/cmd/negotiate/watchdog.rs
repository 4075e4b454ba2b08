//! `--answer-limit`: a driver that runs every agent on its own thread, so that an agent that never
//! answers can be abandoned.
//!
//! The core's in-process runner measures each answer after it returns, which cannot stop an agent
//! stuck in a loop. Here the driver waits for each answer at most `limit` seconds
//! (`recv_timeout`); past that the negotiation ends with `agent_failed` ("did not answer within …")
//! and the stuck thread is left behind (detached: it dies with the process). A panic inside an
//! agent is caught on its thread and reported the same way as in-process.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use detente_core::agent::{Negotiator, Observation};
use detente_core::protocol::{AgentFailure, Ending, Mechanism, Next, Reply, RequestKind};
use detente_core::run::{answer, panic_message};

type Answer = thread::Result<Reply>;

struct Worker {
    requests: mpsc::Sender<(Observation, RequestKind)>,
    answers: mpsc::Receiver<Answer>,
}

fn spawn(mut agent: Box<dyn Negotiator>) -> Worker {
    let (requests, inbox) = mpsc::channel::<(Observation, RequestKind)>();
    let (outbox, answers) = mpsc::channel::<Answer>();
    thread::spawn(move || {
        for (obs, kind) in inbox {
            let result = catch_unwind(AssertUnwindSafe(|| answer(agent.as_mut(), &obs, &kind)));
            let panicked = result.is_err();
            if outbox.send(result).is_err() || panicked {
                break;
            }
        }
    });
    Worker { requests, answers }
}

/// Runs `mechanism` to the end, each agent on its own thread, waiting at most `limit` seconds for
/// each answer. `started` is when the negotiation began (for the mechanism's wall-time limit).
pub fn drive(
    mechanism: &mut dyn Mechanism,
    agents: Vec<Box<dyn Negotiator>>,
    limit: f64,
    started: Instant,
) -> Ending {
    let workers: Vec<Worker> = agents.into_iter().map(spawn).collect();
    let wait = Duration::from_secs_f64(limit.max(0.0));
    let elapsed = || started.elapsed().as_secs_f64();
    loop {
        let request = match mechanism.next(elapsed()) {
            Next::Done(ending) => return ending,
            Next::Ask(r) => r,
        };
        let Some(worker) = workers.get(request.party) else {
            mechanism.fail(
                AgentFailure::BadOutput(format!("no agent for party {}", request.party)),
                elapsed(),
            );
            continue;
        };
        let obs = Observation {
            step: request.step,
            relative_time: request.relative_time,
        };
        if worker.requests.send((obs, request.kind)).is_err() {
            mechanism.fail(
                AgentFailure::BadOutput("the agent's thread has stopped".into()),
                elapsed(),
            );
            continue;
        }
        match worker.answers.recv_timeout(wait) {
            Ok(Ok(reply)) => mechanism.submit(reply, elapsed()),
            Ok(Err(payload)) => {
                mechanism.fail(AgentFailure::Panicked(panic_message(&payload)), elapsed())
            }
            Err(_) => mechanism.fail(AgentFailure::NoAnswer(limit), elapsed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use detente_core::agent::{Proposal, Response};
    use detente_core::protocol::sao::Sao;
    use detente_core::protocol::{Deadline, EndReason, PartyId};
    use detente_core::{
        Evaluator, Issue, IssueUtility, LinearAdditiveUtility, OutcomeSpace, Profile,
        UtilityFunction, Value,
    };

    struct Stuck(Profile, bool);

    impl Negotiator for Stuck {
        fn profile(&self) -> &Profile {
            &self.0
        }
        fn propose(&mut self, _obs: &Observation) -> Proposal {
            Proposal::Offer(vec![Value::Discrete(0)])
        }
        fn respond(&mut self, _obs: &Observation, _offer: &[Value], _p: PartyId) -> Response {
            if self.1 {
                // Never answers.
                loop {
                    thread::sleep(Duration::from_secs(3600));
                }
            }
            Response::Reject
        }
    }

    #[test]
    fn an_agent_that_never_answers_ends_the_negotiation_not_the_process() {
        let space =
            Arc::new(OutcomeSpace::new(vec![Issue::discrete("x", ["a", "b"]).unwrap()]).unwrap());
        let u = LinearAdditiveUtility::new(
            "p",
            &space,
            0.0,
            vec![IssueUtility {
                weight: 1.0,
                evaluator: Evaluator::Table(vec![0.0, 1.0]),
            }],
            None,
        )
        .unwrap();
        let profile = Profile::new("p", UtilityFunction::LinearAdditive(u), 0.0, 1.0).unwrap();
        let agents: Vec<Box<dyn Negotiator>> = vec![
            Box::new(Stuck(profile.clone(), false)),
            Box::new(Stuck(profile, true)),
        ];
        let mut sao = Sao::new(space, 2, Deadline::steps(10)).unwrap();
        let started = Instant::now();
        let ending = drive(&mut sao, agents, 0.2, started);
        assert_eq!(
            ending.reason,
            EndReason::AgentFailed(1, AgentFailure::NoAnswer(0.2))
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
