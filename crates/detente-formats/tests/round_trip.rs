//! Round trips through detente TOML: a random scenario, and every hand-written GENIUS/GeniusWeb
//! fixture in both evaluation modes, written with `write_toml` and read back, give identical
//! utilities for every (sampled) outcome — bit for bit, since TOML floats are written in
//! shortest round-trip form.

use std::path::PathBuf;

use detente_core::{
    Evaluator, HyperRectangleUtility, Issue, IssueDomain, IssueUtility, LinearAdditiveUtility,
    OutcomeSpace, Party, Profile, Rectangle, RectangleBound, Scenario, UtilityFunction, Value,
};
use detente_formats::{load, read_toml_str, write_toml, EvaluationMode, LoadOptions};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Outcomes to compare: every one of a small space, else a seeded sample of general values.
fn sample_outcomes(space: &OutcomeSpace, seed: u64) -> Vec<Vec<Value>> {
    if let Some(n) = space.enumerable_size().filter(|&n| n <= 5000) {
        return (0..n).map(|r| space.outcome_at(r).unwrap()).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..500)
        .map(|_| {
            space
                .issues()
                .iter()
                .map(|issue| match issue.domain() {
                    IssueDomain::Discrete(v) => Value::Discrete(rng.gen_range(0..v.len() as u32)),
                    IssueDomain::Integer { min, max } => Value::Integer(rng.gen_range(*min..=*max)),
                    IssueDomain::Real { min, max } => Value::Real(if min == max {
                        *min
                    } else {
                        rng.gen_range(*min..=*max)
                    }),
                })
                .collect()
        })
        .collect()
}

fn assert_same_utilities(a: &Scenario, b: &Scenario, seed: u64) {
    assert_eq!(a.space(), b.space());
    assert_eq!(a.parties().len(), b.parties().len());
    for (pa, pb) in a.parties().iter().zip(b.parties()) {
        assert_eq!(pa.name, pb.name);
        assert_eq!(
            pa.profile.reservation.to_bits(),
            pb.profile.reservation.to_bits()
        );
        assert_eq!(pa.profile.discount, pb.profile.discount);
        for o in sample_outcomes(a.space(), seed) {
            let (x, y) = (
                pa.profile.utility.utility(&o),
                pb.profile.utility.utility(&o),
            );
            assert_eq!(x.to_bits(), y.to_bits(), "{}: {o:?}: {x} vs {y}", pa.name);
        }
    }
}

fn random_scenario(seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n_issues = rng.gen_range(1..=4);
    let issues: Vec<Issue> = (0..n_issues)
        .map(|k| {
            let name = format!("issue {k} \"q\" & <x>");
            match rng.gen_range(0..3) {
                0 => {
                    let n = rng.gen_range(1..=5);
                    Issue::discrete(name, (0..n).map(|v| format!("v{v} = 'é', \"#{k}\""))).unwrap()
                }
                1 => {
                    let min = rng.gen_range(-5..=5);
                    Issue::new(
                        name,
                        IssueDomain::Integer {
                            min,
                            max: min + rng.gen_range(0..=6),
                        },
                    )
                    .unwrap()
                }
                _ => {
                    let min: f64 = rng.gen_range(-10.0..10.0);
                    Issue::new(
                        name,
                        IssueDomain::Real {
                            min,
                            max: min + rng.gen_range(0.0..5.0),
                        },
                    )
                    .unwrap()
                }
            }
        })
        .collect();
    let space = OutcomeSpace::new(issues).unwrap();
    let n_parties = rng.gen_range(1..=3);
    let parties = (0..n_parties)
        .map(|p| {
            let name = format!("party {p}");
            let utility = if rng.gen_bool(0.25) {
                let rectangles = (0..rng.gen_range(0..4))
                    .map(|_| {
                        let k = rng.gen_range(0..n_issues);
                        let lo: f64 = rng.gen_range(-5.0..5.0);
                        Rectangle {
                            utility: rng.gen_range(0.0..10.0),
                            includes: vec![RectangleBound {
                                issue: k,
                                min: lo,
                                max: lo + rng.gen_range(0.0..4.0),
                            }],
                            excludes: vec![],
                        }
                    })
                    .collect();
                UtilityFunction::HyperRectangle(
                    HyperRectangleUtility::new(&name, &space, rectangles, rng.gen_range(0.01..1.0))
                        .unwrap(),
                )
            } else {
                let per_issue = space
                    .issues()
                    .iter()
                    .map(|issue| IssueUtility {
                        weight: rng.gen_range(0.0..1.0),
                        evaluator: match issue.domain() {
                            IssueDomain::Discrete(v) => Evaluator::Table(
                                (0..v.len()).map(|_| rng.gen_range(0.0..1.0)).collect(),
                            ),
                            IssueDomain::Integer { min, max } if rng.gen_bool(0.3) => {
                                Evaluator::Table(
                                    (*min..=*max).map(|_| rng.gen_range(0.0..1.0)).collect(),
                                )
                            }
                            _ => match rng.gen_range(0..3) {
                                0 => Evaluator::Linear {
                                    offset: rng.gen_range(-1.0..1.0),
                                    slope: rng.gen_range(-0.3..0.3),
                                    origin: rng.gen_range(-5.0..5.0),
                                    clamp: rng.gen_bool(0.5),
                                },
                                1 => {
                                    let lower: f64 = rng.gen_range(-10.0..0.0);
                                    let top = lower + rng.gen_range(0.0..5.0);
                                    Evaluator::Triangular {
                                        lower,
                                        top,
                                        upper: top + rng.gen_range(0.0..5.0),
                                    }
                                }
                                _ => Evaluator::Constant(rng.gen_range(0.0..1.0)),
                            },
                        },
                    })
                    .collect();
                let cap = rng.gen_bool(0.5).then_some(1.0);
                UtilityFunction::LinearAdditive(
                    LinearAdditiveUtility::new(
                        &name,
                        &space,
                        rng.gen_range(-0.5..0.5),
                        per_issue,
                        cap,
                    )
                    .unwrap(),
                )
            };
            let profile = Profile::new(
                name.clone(),
                utility,
                rng.gen_range(0.0..1.0),
                if rng.gen_bool(0.5) {
                    1.0
                } else {
                    rng.gen_range(0.01..1.0)
                },
            )
            .unwrap();
            Party {
                name,
                description: rng.gen_bool(0.5).then(|| "says \"hi\"\nline two".into()),
                profile,
            }
        })
        .collect();
    let mut scenario = Scenario::new(format!("random {seed}"), space, parties).unwrap();
    scenario.description = Some("a random scenario".into());
    scenario
}

proptest! {
    #[test]
    fn random_scenarios_survive_toml(seed in any::<u64>()) {
        let scenario = random_scenario(seed);
        let text = write_toml(&scenario);
        let back = read_toml_str(&text, "random.toml")
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_same_utilities(&scenario, &back.scenario, seed);
        prop_assert_eq!(&back.scenario, &scenario);
    }
}

#[test]
fn every_fixture_survives_toml_in_both_modes() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/genius-quirks");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 6);
    for folder in folders {
        for evaluation in [EvaluationMode::Genius, EvaluationMode::Raw] {
            let loaded = load(&folder, &LoadOptions { evaluation }).unwrap();
            let text = write_toml(&loaded.scenario);
            let back = read_toml_str(&text, "fixture.toml")
                .unwrap_or_else(|e| panic!("{}: {e}\n{text}", folder.display()));
            assert_same_utilities(&loaded.scenario, &back.scenario, 7);
            assert_eq!(back.scenario, loaded.scenario, "{}", folder.display());
        }
    }
}

#[test]
fn the_example_file_loads() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/holiday.toml");
    let loaded = load(&path, &LoadOptions::default()).unwrap();
    assert_eq!(loaded.scenario.parties().len(), 2);
    assert!(loaded.warnings.is_empty());
    let text = write_toml(&loaded.scenario);
    let back = read_toml_str(&text, "holiday.toml").unwrap();
    assert_same_utilities(&loaded.scenario, &back.scenario, 3);
}
