//! Blind mediation's claims against ground truth: for truthful answers about random
//! linear-additive profiles, the true profile is always in the consistent set, and the margin
//! bounds always contain the exact margin (from the full profiles).

use detente_core::talks::bounds::{sound_margin, Bracket, TableProfile};
use detente_core::talks::evidence::Evidence;
use detente_core::talks::knowledge::Knowledge;
use detente_core::talks::mediator::MediatorObservation;
use detente_core::talks::message::{Question, MAX_RATED_OPTIONS};
use detente_core::talks::party::TruthfulParty;
use detente_core::talks::truthful::{Separable, TruthfulAnswers};
use detente_core::talks::zone::zone;
use detente_core::talks::{run_talks, BlindMediator, Seat, TalksConfig};
use detente_core::{OutcomeSpace, Scenario, Value};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::fixtures::random_scenario;

/// A random sequence of `n` questions of every kind that says something about a profile.
fn random_questions(space: &OutcomeSpace, seed: u64, n: usize) -> Vec<Question> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let radices = space.radices().unwrap();
    let package = |rng: &mut ChaCha8Rng| {
        let p: Vec<u32> = radices.iter().map(|&r| rng.gen_range(0..r)).collect();
        space.outcome_from_indices(&p)
    };
    (0..n)
        .map(|_| match rng.gen_range(0..7) {
            0 => Question::SplitPoints,
            1 => Question::RateWalkAway,
            2 => Question::Extremes(rng.gen_range(0..radices.len())),
            3 => {
                let mut options: Vec<(usize, Value)> = Vec::new();
                for (k, issue) in space.issues().iter().enumerate() {
                    for v in 0..issue.cardinality().unwrap() as u64 {
                        if rng.gen_bool(0.6) && options.len() < MAX_RATED_OPTIONS {
                            options.push((k, issue.value_at(v).unwrap()));
                        }
                    }
                }
                if options.is_empty() {
                    options.push((0, space.issues()[0].value_at(0).unwrap()));
                }
                Question::Rate(options)
            }
            4 => Question::PositionTest(package(&mut rng)),
            5 => Question::Compare(package(&mut rng), package(&mut rng)),
            _ => Question::Test(package(&mut rng)),
        })
        .collect()
}

/// The profile as a point of the evidence's variables: weights, contributions, walk-away.
fn true_point(evidence: &Evidence, separable: &Separable) -> Vec<f64> {
    let l = evidence.layout();
    let mut point = vec![0.0; l.len()];
    for k in 0..l.issues() {
        point[l.w(k)] = separable.weights[k];
        for v in 0..l.values(k) {
            point[l.x(k, v)] = separable.weights[k] * separable.scores[k][v];
        }
    }
    point[l.r()] = separable.walk_away;
    point
}

/// Each party's evidence after truthful answers to `questions`.
fn evidence_after(scenario: &Scenario, questions: &[Question]) -> Vec<Evidence> {
    let radices = scenario.space().radices().unwrap();
    scenario
        .parties()
        .iter()
        .map(|p| {
            let truthful = TruthfulAnswers::new(scenario.space(), p.profile.clone());
            let mut e = Evidence::new(&radices);
            for (round, q) in questions.iter().enumerate() {
                e.add(scenario.space(), round as u32 + 1, q, &truthful.answer(q));
            }
            e
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Truthful answers never contradict one another, and the true profile satisfies every
    /// constraint kept and lies inside the hull.
    #[test]
    fn the_true_profile_is_always_consistent(seed in 0u64..10_000, n in 0usize..14) {
        let scenario = random_scenario(seed, 2);
        let questions = random_questions(scenario.space(), seed ^ 0x5eed, n);
        for (p, e) in scenario.parties().iter().zip(evidence_after(&scenario, &questions)) {
            prop_assert!(e.contradictions().is_empty(), "{:?}", e.contradictions());
            let separable = Separable::of(scenario.space(), &p.profile).unwrap();
            let truth = true_point(&e, &separable);
            for c in e.all_constraints() {
                prop_assert!(c.holds(&truth, 1e-9), "{c:?} fails at the true profile");
            }
            let hull = e.hull();
            for (i, t) in truth.iter().enumerate() {
                prop_assert!(hull.lower[i] <= t + 1e-9 && *t <= hull.upper[i] + 1e-9,
                    "variable {i}: {t} outside [{}, {}]", hull.lower[i], hull.upper[i]);
            }
        }
    }

    /// The bounds contain the exact margin, and the estimate lies within the bounds.
    #[test]
    fn the_bounds_contain_the_exact_margin(seed in 0u64..10_000, parties in 2usize..=3, n in 0usize..12) {
        let scenario = random_scenario(seed, parties);
        let questions = random_questions(scenario.space(), seed ^ 0xb0, n);
        let evidence = evidence_after(&scenario, &questions);
        let brackets: Vec<Bracket> = evidence.iter().map(|e| Bracket::of(e, &e.hull())).collect();
        let table: Vec<usize> = (0..parties).collect();
        let m = sound_margin(scenario.space(), &table, &brackets).estimate;
        let exact = zone(&scenario).margin;
        prop_assert!(m.lower - 1e-9 <= exact && exact <= m.upper + 1e-9,
            "{exact} outside [{}, {}]", m.lower, m.upper);
        prop_assert!(m.lower <= m.estimate && m.estimate <= m.upper, "{m:?}");
    }

    /// With the profiles of the parties in `held` (a bit mask) held exactly and truthful
    /// answers from the others, the bounds contain the exact margin; with every profile held
    /// they close on it.
    #[test]
    fn held_profiles_keep_the_bounds_sound_and_close_them(
        seed in 0u64..10_000,
        parties in 2usize..=3,
        n in 0usize..12,
        held in 0u8..8,
    ) {
        let scenario = random_scenario(seed, parties);
        let space = scenario.space();
        let questions = random_questions(space, seed ^ 0x4e1d, n);
        let mut knowledge = Knowledge::new(parties, &space.radices().unwrap());
        for (k, e) in knowledge.parties.iter_mut().zip(evidence_after(&scenario, &questions)) {
            k.evidence = e;
        }
        let held: Vec<(usize, TableProfile)> = scenario
            .parties()
            .iter()
            .enumerate()
            .filter(|(p, _)| held & (1 << p) != 0)
            .map(|(p, party)| (p, TableProfile::of_profile(&party.profile, space).unwrap()))
            .collect();
        let table: Vec<usize> = (0..parties).collect();
        let view = MediatorObservation {
            space,
            round: 2,
            rounds: 10,
            time: 0.1,
            at_table: &table,
            knowledge: &knowledge,
            caucus: &[],
            max_questions: 4,
        };
        let (m, known) = BlindMediator::new(seed).margin_knowing(&view, &held);
        let exact = zone(&scenario).margin;
        prop_assert!(m.lower - 1e-9 <= exact && exact <= m.upper + 1e-9,
            "{exact} outside [{}, {}]", m.lower, m.upper);
        prop_assert!(m.lower <= m.estimate && m.estimate <= m.upper, "{m:?}");
        if held.len() == parties {
            prop_assert!((m.lower - exact).abs() < 1e-9 && (m.upper - exact).abs() < 1e-9,
                "{m:?} vs {exact}");
            prop_assert!(known.is_some_and(|k| (k - exact).abs() < 1e-9), "{known:?}");
        } else {
            prop_assert!(known.is_none());
        }
    }
}

/// Whole talks with truthful delegations: the exact margin lies within the bounds of every round,
/// and bounds only ever shrink while answers are consistent.
#[test]
fn blind_talks_with_truthful_delegations_keep_sound_bounds() {
    for seed in 0..12 {
        for parties in [2, 3] {
            let scenario = random_scenario(seed, parties);
            let seats = scenario
                .parties()
                .iter()
                .map(|p| Seat {
                    name: p.name.clone(),
                    agent: Box::new(TruthfulParty::new(scenario.space(), p.profile.clone())),
                })
                .collect();
            let mut mediator = BlindMediator::new(seed);
            let record = run_talks(
                scenario.space(),
                seats,
                &mut mediator,
                TalksConfig::default(),
            )
            .unwrap();
            let exact = zone(&scenario).margin;
            let mut previous = (f64::NEG_INFINITY, f64::INFINITY);
            for round in &record.rounds {
                let m = round.margin.estimate;
                assert!(
                    m.lower - 1e-9 <= exact && exact <= m.upper + 1e-9,
                    "seed {seed}, round {}: {exact} outside [{}, {}]",
                    round.round,
                    m.lower,
                    m.upper
                );
                assert!(round.margin.contradictions.is_empty());
                assert!(m.lower >= previous.0 - 1e-6 && m.upper <= previous.1 + 1e-6);
                previous = (m.lower, m.upper);
            }
        }
    }
}
