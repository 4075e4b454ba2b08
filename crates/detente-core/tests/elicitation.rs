//! The preference wizard's invariants, property-tested on random agendas and random inputs:
//! - a profile built from a complete draft gives each check package exactly its shown score;
//! - correcting the check packages to their current (rounded) scores changes no point;
//! - points always sum to 100, whatever corrections come in;
//! - an input out of order, or otherwise refused, leaves the draft unchanged;
//! - a draft with anchored scales comes back from its own profile unchanged.

use detente_core::elicitation::{Draft, WalkAway, WizardError, WizardInput, WizardStep};
use detente_core::{Issue, IssueDomain, OutcomeSpace};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// 1–4 issues of 2–6 options, the last one an integer range when there are several.
fn random_space(rng: &mut ChaCha8Rng) -> OutcomeSpace {
    let n = rng.gen_range(1..=4);
    let issues = (0..n)
        .map(|k| {
            let options = rng.gen_range(2..=6);
            if k == 3 {
                Issue::new(
                    "range",
                    IssueDomain::Integer {
                        min: -2,
                        max: options - 3,
                    },
                )
                .unwrap()
            } else {
                Issue::discrete(format!("i{k}"), (0..options).map(|v| format!("v{v}"))).unwrap()
            }
        })
        .collect();
    OutcomeSpace::new(issues).unwrap()
}

fn options(space: &OutcomeSpace) -> Vec<usize> {
    space
        .issues()
        .iter()
        .map(|i| i.cardinality().unwrap() as usize)
        .collect()
}

/// 100 points split at random; with `positive`, every issue gets at least one.
fn random_points(rng: &mut ChaCha8Rng, n: usize, positive: bool) -> Vec<u32> {
    let floor = u32::from(positive);
    let mut points = vec![floor; n];
    for _ in 0..(100 - floor * n as u32) {
        points[rng.gen_range(0..n)] += 1;
    }
    points
}

/// One issue's page: random ratings, anchored (some option at 100, another at 0) when asked;
/// the order sorted by rating or, sometimes, shuffled (an inconsistent page).
fn random_rating(rng: &mut ChaCha8Rng, issue: usize, n: usize, anchored: bool) -> WizardInput {
    let mut ratings: Vec<u8> = (0..n).map(|_| rng.gen_range(0..=100)).collect();
    if anchored {
        let top = rng.gen_range(0..n);
        let bottom = (top + rng.gen_range(1..n)) % n;
        ratings[top] = 100;
        ratings[bottom] = 0;
    }
    let mut order: Vec<usize> = (0..n).collect();
    if anchored || rng.gen_bool(0.7) {
        order.sort_by_key(|&v| std::cmp::Reverse(ratings[v]));
    } else {
        order.shuffle(rng);
    }
    WizardInput::Rate {
        issue,
        order,
        ratings,
    }
}

fn random_package(rng: &mut ChaCha8Rng, options: &[usize]) -> Vec<u32> {
    options
        .iter()
        .map(|&n| rng.gen_range(0..n) as u32)
        .collect()
}

/// The inputs of a complete draft, pages in order (issues rated in a random order).
fn complete_inputs(rng: &mut ChaCha8Rng, space: &OutcomeSpace, anchored: bool) -> Vec<WizardInput> {
    let options = options(space);
    let n = options.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut inputs = vec![
        WizardInput::Rank { order },
        WizardInput::Points {
            points: random_points(rng, n, anchored),
        },
    ];
    let mut issues: Vec<usize> = (0..n).collect();
    issues.shuffle(rng);
    for k in issues {
        inputs.push(random_rating(rng, k, options[k], anchored));
    }
    inputs.push(WizardInput::WalkAway(if rng.gen_bool(0.5) {
        WalkAway::Threshold(rng.gen_range(0..=100))
    } else {
        WalkAway::Package(random_package(rng, &options))
    }));
    inputs
}

fn complete_draft(seed: u64, anchored: bool) -> Draft {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let space = random_space(&mut rng);
    let mut draft = Draft::new(&space).unwrap();
    for input in complete_inputs(&mut rng, &space, anchored) {
        draft.apply(&input).unwrap();
    }
    assert!(draft.is_complete());
    draft
}

/// Any input, valid or not, for the draft's agenda.
fn random_input(rng: &mut ChaCha8Rng, space: &OutcomeSpace) -> WizardInput {
    let options = options(space);
    let n = options.len();
    match rng.gen_range(0..6) {
        0 => {
            let mut order: Vec<usize> = (0..n).collect();
            order.shuffle(rng);
            if rng.gen_bool(0.2) {
                order[0] = rng.gen_range(0..n + 1);
            }
            WizardInput::Rank { order }
        }
        1 => {
            let mut points = random_points(rng, n, false);
            if rng.gen_bool(0.2) {
                points[0] += 1;
            }
            WizardInput::Points { points }
        }
        2 => {
            let beyond = usize::from(rng.gen_bool(0.1));
            let issue = rng.gen_range(0..n + beyond);
            let mut input =
                random_rating(rng, issue, options.get(issue).copied().unwrap_or(2), false);
            if let WizardInput::Rate { ratings, .. } = &mut input {
                if rng.gen_bool(0.1) {
                    ratings[0] = 101;
                }
            }
            input
        }
        3 => WizardInput::WalkAway(WalkAway::Threshold(rng.gen_range(0..=110))),
        4 => WizardInput::WalkAway(WalkAway::Package(random_package(rng, &options))),
        _ => {
            let mut corrections = Vec::new();
            for _ in 0..rng.gen_range(0..3) {
                let package = random_package(rng, &options);
                corrections.push((package, rng.gen_range(0..=102)));
            }
            WizardInput::Correct { corrections }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn check_packages_show_the_profile_exactly(seed in any::<u64>()) {
        let draft = complete_draft(seed, seed % 2 == 0);
        let profile = draft.profile().unwrap();
        let shown = draft.check_packages();
        prop_assert!(!shown.is_empty() && shown.len() <= 5);
        for (i, c) in shown.iter().enumerate() {
            prop_assert_eq!(100.0 * profile.utility.utility_of_indices(&c.package), c.score);
            prop_assert_eq!(draft.score(&c.package), Some(c.score));
            prop_assert!((0.0..=100.0).contains(&c.score));
            prop_assert!(!shown[..i].iter().any(|d| d.package == c.package), "distinct");
        }
        prop_assert_eq!(draft.check_packages(), shown, "deterministic");
    }

    #[test]
    fn correcting_to_the_current_scores_changes_nothing(seed in any::<u64>()) {
        let mut draft = complete_draft(seed, seed % 2 == 0);
        let before = draft.points().unwrap().to_vec();
        let corrections = draft
            .check_packages()
            .into_iter()
            .map(|c| (c.package, c.score.round() as u8))
            .collect();
        let found = draft.apply(&WizardInput::Correct { corrections }).unwrap();
        prop_assert_eq!(draft.points().unwrap(), &before[..]);
        prop_assert!(draft.residuals().iter().all(|r| r.difference().abs() <= 0.5 + 1e-9));
        let unabsorbed = found.iter().any(|i| {
            matches!(i, detente_core::elicitation::Inconsistency::CorrectionNotAbsorbed { .. })
        });
        prop_assert!(!unabsorbed);
    }

    #[test]
    fn points_sum_to_100_after_any_corrections(seed in any::<u64>(), rounds in 1usize..4) {
        let mut draft = complete_draft(seed, false);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        let options = options(draft.space());
        for _ in 0..rounds {
            let corrections = (0..rng.gen_range(1..4))
                .map(|_| (random_package(&mut rng, &options), rng.gen_range(0..=100)))
                .collect::<Vec<_>>();
            let mut unique = corrections.clone();
            unique.dedup_by(|a, b| a.0 == b.0);
            if draft.apply(&WizardInput::Correct { corrections: unique }).is_ok() {
                prop_assert_eq!(draft.points().unwrap().iter().sum::<u32>(), 100);
                let profile = draft.profile().unwrap();
                let detente_core::UtilityFunction::LinearAdditive(u) = &profile.utility else {
                    unreachable!()
                };
                let total: f64 = u.issues().iter().map(|i| i.weight).sum();
                prop_assert!((total - 1.0).abs() < 1e-9);
                prop_assert!(u.issues().iter().all(|i| i.weight >= 0.0));
            }
        }
    }

    #[test]
    fn refused_inputs_leave_the_draft_unchanged(seed in any::<u64>(), steps in 1usize..40) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let space = random_space(&mut rng);
        let mut draft = Draft::new(&space).unwrap();
        for _ in 0..steps {
            let input = random_input(&mut rng, &space);
            let before = draft.clone();
            match draft.apply(&input) {
                Ok(_) => {
                    if let Some(points) = draft.points() {
                        prop_assert_eq!(points.iter().sum::<u32>(), 100);
                    }
                }
                Err(err) => {
                    prop_assert_eq!(&draft, &before, "{:?} changed the draft", input);
                    prop_assert!(!err.location().is_empty());
                    if let WizardError::OutOfOrder { expected, .. } = err {
                        prop_assert_eq!(expected, before.next_step());
                    }
                }
            }
            prop_assert_eq!(draft.is_complete(), draft.profile().is_ok());
        }
    }

    #[test]
    fn an_anchored_draft_comes_back_from_its_profile(seed in any::<u64>()) {
        let draft = complete_draft(seed, true);
        let again = Draft::from_profile(draft.space(), &draft.profile().unwrap()).unwrap();
        prop_assert_eq!(again.points(), draft.points());
        for issue in 0..draft.space().issues().len() {
            prop_assert_eq!(again.rating(issue).unwrap().1, draft.rating(issue).unwrap().1);
        }
        prop_assert_eq!(again.walk_away_score(), draft.walk_away_score());
        prop_assert_eq!(again.next_step(), WizardStep::Check);
    }
}
