//! Protocol invariants, property-tested on random scenarios with every standard agent:
//! - deadlines always end the run, within the step limit;
//! - an agreement was offered or accepted by every party, and is acceptable to the parties that
//!   accepted it (for aspiration agents: worth at least their reservation value);
//! - what an agent sees does not depend on another party's utility function (non-interference);
//! - panicking, invalid and slow agents end that negotiation with a recorded reason;
//! - the same seed gives the same trace on any thread count.

use std::sync::{Arc, Mutex};

use detente_core::agent::{AgentContext, AgentSpec, Negotiator, Observation, Proposal, Response};
use detente_core::protocol::sao::Sao;
use detente_core::protocol::{AgentFailure, Deadline, EndReason, EventAction, PartyId};
use detente_core::run::{drive, Clock, FrozenClock, Prepared, ProtocolKind, RunConfig};
use detente_core::{
    Evaluator, Issue, IssueUtility, LinearAdditiveUtility, OutcomeSpace, Party, Profile, Scenario,
    UtilityFunction, Value,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn random_scenario(seed: u64, parties: usize) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sizes: Vec<usize> = (0..rng.gen_range(1..4))
        .map(|_| rng.gen_range(2..7))
        .collect();
    let space = OutcomeSpace::new(
        sizes
            .iter()
            .enumerate()
            .map(|(k, &n)| {
                Issue::discrete(format!("i{k}"), (0..n).map(|v| format!("v{v}"))).unwrap()
            })
            .collect(),
    )
    .unwrap();
    let parties = (0..parties)
        .map(|i| {
            let issues = sizes
                .iter()
                .map(|&n| IssueUtility {
                    weight: rng.gen::<f64>(),
                    evaluator: Evaluator::Table((0..n).map(|_| rng.gen::<f64>()).collect()),
                })
                .collect();
            let reserve = if rng.gen_bool(0.5) {
                0.0
            } else {
                rng.gen::<f64>() * 0.5
            };
            Party::linear_additive(format!("p{i}"), &space, issues, reserve).unwrap()
        })
        .collect();
    Scenario::new("random", space, parties).unwrap()
}

fn all_agents() -> Vec<AgentSpec> {
    [
        "boulware",
        "linear",
        "conceder",
        "hardliner",
        "aspiration:2",
        "tft",
        "tft-matching",
        "random",
        "hardheaded",
        "agentk",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect()
}

fn config(protocol: ProtocolKind, steps: u32, seed: u64) -> RunConfig {
    RunConfig {
        protocol,
        deadline: Deadline::steps(steps),
        seed,
        answer_limit: None,
        record_trace: true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sao_ends_by_the_deadline_and_agreements_are_accepted_by_all(
        seed in any::<u64>(), parties in 2usize..5, steps in 1u32..60, picks in prop::collection::vec(0usize..10, 4),
    ) {
        let scenario = random_scenario(seed, parties);
        let prepared = Prepared::new(&scenario);
        let pool = all_agents();
        let agents: Vec<AgentSpec> = (0..parties).map(|i| pool[picks[i]].clone()).collect();
        let r = prepared.negotiate(&agents, &config(ProtocolKind::Sao, steps, seed), &mut FrozenClock).unwrap();
        prop_assert!(r.ending.steps <= steps);
        if r.ending.reason.timed_out() {
            prop_assert_eq!(r.ending.steps, steps);
        }
        if let Some(agreement) = &r.ending.agreement {
            prop_assert_eq!(&r.ending.reason, &EndReason::Agreement);
            let utilities = r.utilities.as_ref().unwrap();
            for party in 0..parties {
                let endorsed = r.trace.iter().any(|e| {
                    e.party == Some(party)
                        && matches!(e.action, EventAction::Offer | EventAction::Accept)
                        && e.offer.as_ref() == Some(agreement)
                });
                prop_assert!(endorsed, "party {party} neither offered nor accepted the agreement");
                let accepted = r.trace.iter().any(|e| e.party == Some(party) && e.action == EventAction::Accept
                    && e.offer.as_ref() == Some(agreement));
                if accepted && matches!(agents[party], AgentSpec::TimeBased { .. }) {
                    let reserve = scenario.parties()[party].profile.reservation;
                    prop_assert!(utilities[party] >= reserve, "accepted {} below reservation {reserve}", utilities[party]);
                }
            }
        }
    }

    #[test]
    fn single_text_agreements_are_ratified_by_all(
        seed in any::<u64>(), parties in 1usize..4, steps in 1u32..80, protocol in 0usize..3,
    ) {
        let scenario = random_scenario(seed, parties);
        let prepared = Prepared::new(&scenario);
        let kind = [ProtocolKind::Veto, ProtocolKind::HillClimbing, ProtocolKind::Annealing][protocol];
        let agents = vec!["boulware".parse::<AgentSpec>().unwrap(); parties];
        let r = prepared.negotiate(&agents, &config(kind, steps, seed), &mut FrozenClock).unwrap();
        prop_assert!(r.ending.steps <= steps);
        if let Some(u) = &r.utilities {
            for (x, p) in u.iter().zip(scenario.parties()) {
                prop_assert!(*x >= p.profile.reservation);
            }
        } else {
            prop_assert_eq!(&r.ending.reason, &EndReason::NotRatified);
        }
    }
}

/// Records everything the protocol shows it; plays a fixed aspiration strategy.
struct Spy {
    inner: Box<dyn Negotiator>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Negotiator for Spy {
    fn profile(&self) -> &Profile {
        self.inner.profile()
    }
    fn propose(&mut self, obs: &Observation) -> Proposal {
        let p = self.inner.propose(obs);
        self.log
            .lock()
            .unwrap()
            .push(format!("propose {obs:?} -> {p:?}"));
        p
    }
    fn respond(&mut self, obs: &Observation, offer: &[Value], proposer: PartyId) -> Response {
        let r = self.inner.respond(obs, offer, proposer);
        self.log
            .lock()
            .unwrap()
            .push(format!("respond {obs:?} {offer:?} {proposer} -> {r:?}"));
        r
    }
}

fn spy_run(scenario: &Scenario, seed: u64) -> Vec<String> {
    let prepared = Prepared::new(scenario);
    let space = Arc::clone(prepared.space());
    let log = Arc::new(Mutex::new(Vec::new()));
    let ctx = |i: usize| AgentContext {
        me: i,
        n_parties: 2,
        space: Arc::clone(&space),
        profile: Arc::new(scenario.parties()[i].profile.clone()),
        table: Arc::new(prepared.table(i).clone()),
        deadline: Deadline::steps(30),
        seed,
    };
    let spy = Spy {
        inner: "boulware".parse::<AgentSpec>().unwrap().build(ctx(0)),
        log: Arc::clone(&log),
    };
    // The opponent's behaviour does not depend on its profile: offers are random, acceptance
    // never happens, so any difference in what the spy sees would be a leak.
    let opponent = "random:0".parse::<AgentSpec>().unwrap().build(ctx(1));
    let mut agents: Vec<Box<dyn Negotiator>> = vec![Box::new(spy), opponent];
    let mut sao = Sao::new(space, 2, Deadline::steps(30)).unwrap();
    drive(&mut sao, &mut agents, &mut FrozenClock, None);
    let out = log.lock().unwrap().clone();
    out
}

#[test]
fn what_an_agent_sees_does_not_depend_on_other_parties_utilities() {
    for seed in 0..20 {
        let a = random_scenario(seed, 2);
        let b = random_scenario(seed + 1000, 2);
        // Same space and same party 0; party 1's profile taken from another scenario when the
        // spaces agree, else a constant utility.
        let space = a.space().clone();
        let other = match b.space() == a.space() {
            true => b.parties()[1].profile.clone(),
            false => {
                let issues = space
                    .issues()
                    .iter()
                    .map(|i| IssueUtility {
                        weight: 0.3,
                        evaluator: Evaluator::Table(vec![0.5; i.cardinality().unwrap() as usize]),
                    })
                    .collect();
                let u = LinearAdditiveUtility::new("p1", &space, 0.1, issues, None).unwrap();
                Profile::new("p1", UtilityFunction::LinearAdditive(u), 0.2, 1.0).unwrap()
            }
        };
        let mut parties = a.parties().to_vec();
        parties[1].profile = other;
        let changed = Scenario::new("changed", space, parties).unwrap();
        assert_eq!(spy_run(&a, seed), spy_run(&changed, seed), "seed {seed}");
    }
}

struct Faulty(Profile, &'static str);

impl Negotiator for Faulty {
    fn profile(&self) -> &Profile {
        &self.0
    }
    fn propose(&mut self, _obs: &Observation) -> Proposal {
        match self.1 {
            "panic" => panic!("strategy bug"),
            "invalid" => Proposal::Offer(vec![Value::Discrete(999); 5]),
            _ => Proposal::Offer(vec![Value::Discrete(0)]),
        }
    }
    fn respond(&mut self, _obs: &Observation, _offer: &[Value], _proposer: PartyId) -> Response {
        Response::Reject
    }
}

/// A clock on which every agent answer takes ten seconds.
struct SlowClock(f64);

impl Clock for SlowClock {
    fn elapsed(&mut self) -> f64 {
        self.0 += 5.0;
        self.0
    }
}

#[test]
fn faulty_agents_end_the_negotiation_with_a_recorded_reason() {
    let scenario = random_scenario(1, 2);
    let space =
        Arc::new(OutcomeSpace::new(vec![Issue::discrete("x", ["a", "b"]).unwrap()]).unwrap());
    let profile = scenario.parties()[0].profile.clone();
    for (kind, check) in [
        (
            "panic",
            &(|r: &EndReason| matches!(r, EndReason::AgentFailed(0, AgentFailure::Panicked(m)) if m == "strategy bug"))
                as &dyn Fn(&EndReason) -> bool,
        ),
        ("invalid", &|r: &EndReason| {
            matches!(r, EndReason::AgentFailed(0, AgentFailure::BadOutput(_)))
        }),
    ] {
        let mut agents: Vec<Box<dyn Negotiator>> = vec![
            Box::new(Faulty(profile.clone(), kind)),
            Box::new(Faulty(profile.clone(), "ok")),
        ];
        let mut sao = Sao::new(Arc::clone(&space), 2, Deadline::steps(10)).unwrap();
        let ending = drive(&mut sao, &mut agents, &mut FrozenClock, None);
        assert!(check(&ending.reason), "{kind}: {:?}", ending.reason);
        assert_eq!(ending.agreement, None);
    }
    let mut agents: Vec<Box<dyn Negotiator>> = vec![
        Box::new(Faulty(profile.clone(), "ok")),
        Box::new(Faulty(profile, "ok")),
    ];
    let mut sao = Sao::new(space, 2, Deadline::steps(10)).unwrap();
    let ending = drive(&mut sao, &mut agents, &mut SlowClock(0.0), Some(2.0));
    assert_eq!(
        ending.reason,
        EndReason::AgentFailed(0, AgentFailure::NoAnswer(2.0))
    );
}

#[test]
fn wall_time_limit_ends_a_run_of_agents_that_never_agree() {
    let scenario = random_scenario(3, 2);
    let prepared = Prepared::new(&scenario);
    let agents = vec!["hardliner".parse::<AgentSpec>().unwrap(); 2];
    let config = RunConfig {
        protocol: ProtocolKind::Sao,
        deadline: Deadline {
            n_steps: None,
            time_limit: Some(60.0),
        },
        seed: 0,
        answer_limit: None,
        record_trace: false,
    };
    let r = prepared
        .negotiate(&agents, &config, &mut SlowClock(0.0))
        .unwrap();
    if r.ending.agreement.is_none() {
        assert_eq!(r.ending.reason, EndReason::TimeLimit);
    }
}

#[test]
fn same_seed_same_trace_on_any_thread_count() {
    use rayon::prelude::*;
    let scenario = random_scenario(11, 3);
    let prepared = Prepared::new(&scenario);
    let agents: Vec<AgentSpec> = ["random", "agentk", "hardheaded"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    let run_all = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            (0..40u64)
                .into_par_iter()
                .map(|seed| {
                    prepared
                        .negotiate(
                            &agents,
                            &config(ProtocolKind::Sao, 40, seed),
                            &mut FrozenClock,
                        )
                        .unwrap()
                })
                .collect::<Vec<_>>()
        })
    };
    let one = run_all(1);
    assert_eq!(one, run_all(2));
    assert_eq!(one, run_all(4));
    // Different seeds do give different runs (the random agent is seeded per negotiation).
    assert!(one.windows(2).any(|w| w[0].trace != w[1].trace));
}
