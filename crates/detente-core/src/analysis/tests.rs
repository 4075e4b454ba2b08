//! Property tests: every algorithm against brute force on small random scenarios.

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::outcome::Issue;
use crate::preference::{
    Evaluator as IssueEvaluator, HyperRectangleUtility, IssueUtility, LinearAdditiveUtility,
    Profile, Rectangle, RectangleBound,
};
use crate::scenario::Party;

/// A random scenario; utilities are multiples of 1/8 so ties and equal vectors are common.
fn random_scenario(seed: u64, parties: usize, linear: bool, cap: bool) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let issues: Vec<Issue> = (0..rng.gen_range(1..=4))
        .map(|i| {
            Issue::discrete(
                format!("i{i}"),
                (0..rng.gen_range(1..=4)).map(|v| format!("v{v}")),
            )
            .unwrap()
        })
        .collect();
    let space = OutcomeSpace::new(issues).unwrap();
    let grid = |rng: &mut ChaCha8Rng| rng.gen_range(0..=8) as f64 / 8.0;
    let parties = (0..parties)
        .map(|p| {
            let utility = if linear {
                let issues = space
                    .issues()
                    .iter()
                    .map(|issue| IssueUtility {
                        weight: grid(&mut rng),
                        evaluator: IssueEvaluator::Table(
                            (0..issue.cardinality().unwrap())
                                .map(|_| grid(&mut rng))
                                .collect(),
                        ),
                    })
                    .collect();
                UtilityFunction::LinearAdditive(
                    LinearAdditiveUtility::new(
                        "p",
                        &space,
                        grid(&mut rng) - 0.5,
                        issues,
                        cap.then_some(1.0),
                    )
                    .unwrap(),
                )
            } else {
                let rects = (0..rng.gen_range(0..5))
                    .map(|_| {
                        let issue = rng.gen_range(0..space.issues().len());
                        let lo = rng.gen_range(0..3) as f64;
                        Rectangle {
                            utility: grid(&mut rng),
                            includes: vec![RectangleBound {
                                issue,
                                min: lo,
                                max: lo + rng.gen_range(0..2) as f64,
                            }],
                            excludes: vec![],
                        }
                    })
                    .collect();
                UtilityFunction::HyperRectangle(
                    HyperRectangleUtility::new("p", &space, rects, 1.0).unwrap(),
                )
            };
            let reservation = grid(&mut rng) * 1.5 - 0.25;
            Party {
                name: format!("party{p}"),
                description: None,
                profile: Profile::new(format!("party{p}"), utility, reservation, 1.0).unwrap(),
            }
        })
        .collect();
    Scenario::new("random", space, parties).unwrap()
}

fn all_utilities(s: &Scenario) -> Vec<(Vec<u32>, Vec<f64>)> {
    s.space()
        .iter_indices()
        .unwrap()
        .map(|idx| {
            let u = s
                .parties()
                .iter()
                .map(|p| p.profile.utility.utility_of_indices(&idx))
                .collect();
            (idx, u)
        })
        .collect()
}

fn config(method: Method, threads: usize, whole_space: bool) -> AnalysisConfig {
    AnalysisConfig {
        method,
        threads: Some(threads),
        whole_space,
        max_listed_outcomes: usize::MAX,
        ..AnalysisConfig::default()
    }
}

fn rational(u: &[f64], r: &[f64]) -> bool {
    u.iter().zip(r).all(|(u, r)| u >= r)
}

fn check_against_brute_force(s: &Scenario, a: &Analysis) -> Result<(), TestCaseError> {
    let all = all_utilities(s);
    let r = s.reservations();
    let pool: Vec<&(Vec<u32>, Vec<f64>)> = all
        .iter()
        .filter(|(_, u)| a.whole_space || rational(u, &r))
        .collect();
    // No frontier point is dominated by any outcome of the pool.
    for p in &a.frontier {
        for (_, u) in &pool {
            prop_assert!(
                !pareto::dominates(u, &p.utilities),
                "{u:?} dominates {:?}",
                p.utilities
            );
        }
        // Every listed outcome has the point's utilities, and the count is complete.
        let with_vector: Vec<&Vec<u32>> = pool
            .iter()
            .filter(|(_, u)| *u == p.utilities)
            .map(|(i, _)| i)
            .collect();
        prop_assert_eq!(p.outcome_count, with_vector.len() as u128);
        let listed: Vec<&Vec<u32>> = p.outcomes.iter().collect();
        prop_assert_eq!(listed, with_vector);
    }
    // Every pool outcome is weakly dominated by (or equal to) a frontier point.
    for (_, u) in &pool {
        prop_assert!(
            a.frontier
                .iter()
                .any(|p| p.utilities.iter().zip(u.iter()).all(|(x, y)| x >= y)),
            "{u:?} not covered"
        );
    }
    // Zone count, margin, zone values, rational fraction.
    let zone: Vec<&(Vec<u32>, Vec<f64>)> = all.iter().filter(|(_, u)| rational(u, &r)).collect();
    prop_assert_eq!(a.zone.count.known().copied(), Some(zone.len() as u64));
    let margin = all
        .iter()
        .map(|(_, u)| {
            u.iter()
                .zip(&r)
                .map(|(u, r)| u - r)
                .fold(f64::INFINITY, f64::min)
        })
        .fold(f64::NEG_INFINITY, f64::max);
    prop_assert_eq!(a.zone.margin, margin);
    // The widest package is a real outcome whose worst surplus is the margin.
    let widest = a.zone.widest.as_ref().expect("outcomes are listed");
    let (_, widest_u) = all
        .iter()
        .find(|(i, _)| i == widest)
        .expect("an outcome of the space");
    let widest_margin = widest_u
        .iter()
        .zip(&r)
        .map(|(u, r)| u - r)
        .fold(f64::INFINITY, f64::min);
    prop_assert_eq!(widest_margin, margin);
    let strict = all
        .iter()
        .filter(|(_, u)| u.iter().zip(&r).all(|(u, r)| u > r))
        .count();
    prop_assert_eq!(a.rational_fraction, Some(strict as f64 / all.len() as f64));
    let values = a.zone.values.known().unwrap();
    for (issue, vals) in values.iter().enumerate() {
        let mut expected: Vec<u32> = zone.iter().map(|(i, _)| i[issue]).collect();
        expected.sort_unstable();
        expected.dedup();
        prop_assert_eq!(vals, &expected);
    }
    // Nash maximises the product of gains over the zone (gains are ≥ 0 there).
    if let Some(n) = a.nash.first() {
        let product = |u: &[f64]| {
            u.iter()
                .zip(&a.reference)
                .map(|(u, r)| u - r)
                .product::<f64>()
        };
        let degenerate = a
            .ranges
            .iter()
            .zip(&a.reference)
            .any(|((_, hi), r)| hi - r <= 1e-12);
        if !degenerate {
            for (_, u) in &zone {
                prop_assert!(product(&n.utilities) >= product(u) - 1e-12);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn linear_merge_and_enumeration_agree_with_brute_force(
        seed in any::<u64>(), parties in 1usize..6, whole in any::<bool>(), cap in any::<bool>()
    ) {
        let s = random_scenario(seed, parties, true, cap);
        let merged = analyze(&s, &config(Method::IssueMerge, 1, whole)).unwrap();
        let enumerated = analyze(&s, &config(Method::Enumeration, 3, whole)).unwrap();
        if !cap {
            // With a cap, outcomes whose uncapped sums were dominated are not listed (documented).
            check_against_brute_force(&s, &merged)?;
        }
        check_against_brute_force(&s, &enumerated)?;
        let vectors = |a: &Analysis| a.frontier.iter().map(|p| p.utilities.clone()).collect::<Vec<_>>();
        prop_assert_eq!(vectors(&merged), vectors(&enumerated));
        let utilities = |points: &[FrontierPoint]| points.iter().map(|p| p.utilities.clone()).collect::<Vec<_>>();
        prop_assert_eq!(utilities(&merged.nash), utilities(&enumerated.nash));
        prop_assert_eq!(utilities(&merged.kalai_smorodinsky), utilities(&enumerated.kalai_smorodinsky));
        prop_assert_eq!(utilities(&merged.egalitarian), utilities(&enumerated.egalitarian));
        prop_assert_eq!(utilities(&merged.max_welfare), utilities(&enumerated.max_welfare));
        prop_assert_eq!(utilities(&merged.max_relative_welfare), utilities(&enumerated.max_relative_welfare));
        prop_assert_eq!(&merged.zone.count, &enumerated.zone.count);
        prop_assert_eq!(merged.zone.margin, enumerated.zone.margin);
        prop_assert_eq!(&merged.zone.blocking, &enumerated.zone.blocking);
    }

    #[test]
    fn nonlinear_enumeration_agrees_with_brute_force(
        seed in any::<u64>(), parties in 1usize..4, whole in any::<bool>()
    ) {
        let s = random_scenario(seed, parties, false, false);
        let one = analyze(&s, &config(Method::Auto, 1, whole)).unwrap();
        check_against_brute_force(&s, &one)?;
        let three = analyze(&s, &config(Method::Auto, 3, whole)).unwrap();
        prop_assert_eq!(one.frontier, three.frontier);
        prop_assert_eq!(one.zone, three.zone);
    }

    #[test]
    fn meet_in_the_middle_counts_like_enumeration(seed in any::<u64>(), cap in any::<bool>()) {
        let s = random_scenario(seed, 2, true, cap);
        let parts = linear_parts_of(&s.parties().iter().map(|p| &p.profile.utility).collect::<Vec<_>>()).unwrap();
        let a = analyze(&s, &config(Method::Enumeration, 1, false)).unwrap();
        // A small half limit forces a real split of the issues.
        let counted = zone::count_meet_in_the_middle(&parts, &s.reservations(), 16);
        prop_assume!(counted != zone::MeetInTheMiddleCount::TooLarge);
        prop_assume!(!matches!(counted, zone::MeetInTheMiddleCount::Bounds { .. }));
        let strict = a.rational_fraction.map(|f| (f * a.outcomes.to_f64()).round() as u64).unwrap();
        prop_assert_eq!(
            counted,
            zone::MeetInTheMiddleCount::Exact { zone: *a.zone.count.known().unwrap(), strictly_rational: strict }
        );
    }
}

#[test]
fn real_issue_is_a_clear_error() {
    let space = OutcomeSpace::new(vec![Issue::new(
        "price",
        crate::outcome::IssueDomain::Real { min: 0.0, max: 1.0 },
    )
    .unwrap()])
    .unwrap();
    let profile = Profile::one_issue(
        "a",
        &space,
        IssueEvaluator::Linear {
            offset: 0.0,
            slope: 1.0,
            origin: 0.0,
            clamp: false,
        },
        0.0,
    );
    let party = Party {
        name: "a".into(),
        description: None,
        profile,
    };
    let s = Scenario::new("s", space, vec![party]).unwrap();
    let err = analyze(&s, &AnalysisConfig::default()).unwrap_err();
    assert!(matches!(err, AnalysisError::InfiniteSpace { .. }));
    assert!(err.to_string().contains("does not discretise"));
}

#[test]
fn huge_nonlinear_space_is_refused_quickly() {
    let issues = (0..40)
        .map(|i| {
            Issue::new(
                format!("i{i}"),
                crate::outcome::IssueDomain::Integer { min: 0, max: 9 },
            )
            .unwrap()
        })
        .collect();
    let space = OutcomeSpace::new(issues).unwrap();
    let u = HyperRectangleUtility::new("p", &space, vec![], 1.0).unwrap();
    let party = Party {
        name: "a".into(),
        description: None,
        profile: Profile::new("a", UtilityFunction::HyperRectangle(u), 0.0, 1.0).unwrap(),
    };
    let s = Scenario::new("s", space, vec![party]).unwrap();
    let err = analyze(&s, &AnalysisConfig::default()).unwrap_err();
    assert!(matches!(err, AnalysisError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("non-linear"));
}

/// 12 issues of 10 values, two parties scoring each issue `v/256` and `(9 − v)/256`: every outcome
/// has `u_A + u_B = 108/256`, so the whole space is one frontier line of 109 points, and point
/// `s/256` has as many outcomes as there are ways to write `s` as 12 digits. All sums are exact.
fn digit_sum_scenario(issue_count: usize, reservation: f64) -> Scenario {
    let issues: Vec<Issue> = (0..issue_count)
        .map(|i| Issue::discrete(format!("i{i}"), (0..10).map(|v| format!("{v}"))).unwrap())
        .collect();
    let space = OutcomeSpace::new(issues).unwrap();
    let party = |name: &str, table: Vec<f64>| {
        let issues = (0..issue_count)
            .map(|_| IssueUtility {
                weight: 1.0 / 16.0,
                evaluator: IssueEvaluator::Table(table.clone()),
            })
            .collect();
        let u = LinearAdditiveUtility::new(name, &space, 0.0, issues, None).unwrap();
        Party {
            name: name.into(),
            description: None,
            profile: Profile::new(name, UtilityFunction::LinearAdditive(u), reservation, 1.0)
                .unwrap(),
        }
    };
    let a = party("a", (0..10).map(|v| v as f64 / 16.0).collect());
    let b = party("b", (0..10).map(|v| (9 - v) as f64 / 16.0).collect());
    Scenario::new("digits", space, vec![a, b]).unwrap()
}

/// Number of ways to write `s` as a sum of 12 digits.
fn digit_compositions() -> Vec<u128> {
    let mut ways = vec![1u128];
    for _ in 0..12 {
        let mut next = vec![0u128; ways.len() + 9];
        for (s, &w) in ways.iter().enumerate() {
            for d in 0..10 {
                next[s + d] += w;
            }
        }
        ways = next;
    }
    ways
}

#[test]
fn exact_on_a_trillion_outcomes() {
    let ways = digit_compositions();
    let s = digit_sum_scenario(12, 39.5 / 256.0);
    let a = analyze(
        &s,
        &AnalysisConfig {
            whole_space: true,
            ..AnalysisConfig::default()
        },
    )
    .unwrap();
    assert_eq!(a.outcomes.to_string(), "1000000000000");
    assert_eq!(a.frontier.len(), 109);
    for p in &a.frontier {
        let sum = (p.utilities[0] * 256.0) as usize;
        assert_eq!(p.utilities[0] + p.utilities[1], 108.0 / 256.0);
        assert_eq!(p.outcome_count, ways[sum]);
        for o in &p.outcomes {
            assert_eq!(o.iter().sum::<u32>() as usize, sum);
        }
    }
    let zone: u128 = ways[40..=68].iter().sum();
    assert_eq!(a.zone.count, Availability::Known(zone as u64));
    // max over s of min(s − 39.5, 108 − s − 39.5)/256, at s = 54.
    assert_eq!(a.zone.margin, 14.5 / 256.0);
    assert_eq!(a.nash.len(), 1);
    assert_eq!(a.nash[0].utilities, vec![54.0 / 256.0, 54.0 / 256.0]);
    // Every value of every issue occurs in the zone.
    assert!(a.zone.values.known().unwrap().iter().all(|v| v.len() == 10));
}

#[test]
fn reservation_on_the_utility_grid_gives_honest_bounds() {
    let ways = digit_compositions();
    let s = digit_sum_scenario(12, 40.0 / 256.0);
    let a = analyze(&s, &AnalysisConfig::default()).unwrap();
    let exact: u128 = ways[40..=68].iter().sum();
    match &a.zone.count {
        Availability::Unknown(why) => {
            assert!(why.contains("between"), "{why}");
            let numbers: Vec<u128> = why
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|w| w.parse().ok())
                .collect();
            assert!(numbers[0] <= exact && exact <= numbers[1], "{why}");
        }
        Availability::Known(c) => assert_eq!(*c as u128, exact),
    }
}

#[test]
fn listed_outcomes_stay_exact_beyond_u64_ranks() {
    // 10^30 outcomes: ranks do not fit in u64, index vectors must be used throughout.
    let s = digit_sum_scenario(30, 100.0 / 256.0);
    let a = analyze(&s, &AnalysisConfig::default()).unwrap();
    assert_eq!(a.outcomes.to_string(), format!("1{}", "0".repeat(30)));
    assert!(matches!(a.zone.count, Availability::Unknown(_)));
    assert!(!a.frontier.is_empty());
    for p in &a.frontier {
        for o in &p.outcomes {
            let u: Vec<f64> = s
                .parties()
                .iter()
                .map(|party| party.profile.utility.utility_of_indices(o))
                .collect();
            assert_eq!(u, p.utilities);
        }
    }
}
