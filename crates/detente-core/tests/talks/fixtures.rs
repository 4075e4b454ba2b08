//! Random scenarios and a spy that records what a party agent was asked.

use std::cell::RefCell;
use std::rc::Rc;

use detente_core::talks::message::{Answer, Question};
use detente_core::talks::{AgentParty, CaucusView, Seat, TalksParty};
use detente_core::{Evaluator, Issue, IssueUtility, OutcomeSpace, Party, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random linear-additive scenario: `parties` parties, 2–4 issues of 2–4 values, reservations
/// in [0, 0.6).
pub fn random_scenario(seed: u64, parties: usize) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let issues: Vec<Issue> = (0..rng.gen_range(2..=4))
        .map(|k| {
            let n = rng.gen_range(2..=4);
            Issue::discrete(format!("issue{k}"), (0..n).map(|v| format!("v{k}{v}"))).unwrap()
        })
        .collect();
    let space = OutcomeSpace::new(issues).unwrap();
    let parties = (0..parties)
        .map(|p| {
            let raw: Vec<f64> = space
                .issues()
                .iter()
                .map(|_| rng.gen_range(0.1..1.0))
                .collect();
            let total: f64 = raw.iter().sum();
            let issues = space
                .issues()
                .iter()
                .zip(&raw)
                .map(|(issue, w)| IssueUtility {
                    weight: w / total,
                    evaluator: Evaluator::Table(
                        (0..issue.cardinality().unwrap())
                            .map(|_| rng.gen_range(0.0..1.0))
                            .collect(),
                    ),
                })
                .collect();
            Party::linear_additive(format!("P{p}"), &space, issues, rng.gen_range(0.0..0.6))
                .unwrap()
        })
        .collect();
    Scenario::new(format!("random-{seed}"), space, parties).unwrap()
}

/// Everything one party agent was asked, in order.
pub type Log = Rc<RefCell<Vec<Question>>>;

/// Wraps an agent and logs every question it receives.
pub struct Spy<P> {
    pub inner: P,
    pub log: Log,
}

impl<P: TalksParty> TalksParty for Spy<P> {
    fn answer(&mut self, view: &CaucusView, question: &Question) -> Option<Answer> {
        self.log.borrow_mut().push(question.clone());
        self.inner.answer(view, question)
    }
}

/// Aspiration seats (exponent from `exponents`, cycled) with spies; returns the logs too.
pub fn spied_aspiration_seats(
    scenario: &Scenario,
    exponents: &[f64],
) -> (Vec<Seat<'static>>, Vec<Log>) {
    let mut logs = Vec::new();
    let seats = scenario
        .parties()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let log: Log = Rc::default();
            logs.push(log.clone());
            Seat {
                name: p.name.clone(),
                agent: Box::new(Spy {
                    inner: AgentParty::time_based(
                        scenario.space(),
                        p.profile.clone(),
                        exponents[i % exponents.len()],
                        10,
                    ),
                    log,
                }),
            }
        })
        .collect();
    (seats, logs)
}
