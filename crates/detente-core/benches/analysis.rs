//! Kernels of the outcome-space analysis (run with `cargo bench -p detente-core`; CI only builds).

use detente_core::analysis::{analyze, pareto, AnalysisConfig, Method};
use detente_core::{
    Evaluator, Issue, IssueUtility, LinearAdditiveUtility, OutcomeSpace, Party, Profile, Scenario,
    UtilityFunction,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    divan::main();
}

fn random_points(n: usize, parties: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    (0..n * parties).map(|_| rng.gen::<f64>()).collect()
}

fn linear_scenario(issues: usize, values: usize, parties: usize) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let space = OutcomeSpace::new(
        (0..issues)
            .map(|i| {
                Issue::discrete(format!("i{i}"), (0..values).map(|v| format!("v{v}"))).unwrap()
            })
            .collect(),
    )
    .unwrap();
    let parties = (0..parties)
        .map(|p| {
            let issues = (0..issues)
                .map(|_| IssueUtility {
                    weight: rng.gen::<f64>() / issues as f64,
                    evaluator: Evaluator::Table((0..values).map(|_| rng.gen()).collect()),
                })
                .collect();
            let u = LinearAdditiveUtility::new("p", &space, 0.0, issues, None).unwrap();
            Party {
                name: format!("p{p}"),
                description: None,
                profile: Profile::new(
                    format!("p{p}"),
                    UtilityFunction::LinearAdditive(u),
                    0.2,
                    1.0,
                )
                .unwrap(),
            }
        })
        .collect();
    Scenario::new("bench", space, parties).unwrap()
}

#[divan::bench(args = [10_000, 100_000, 1_000_000])]
fn frontier_2d_sweep(bencher: divan::Bencher, n: usize) {
    let points = random_points(n, 2);
    bencher.bench(|| pareto::frontier_2d_sweep(divan::black_box(&points)));
}

#[divan::bench(args = [1_000, 10_000, 100_000])]
fn frontier_nd_3_parties(bencher: divan::Bencher, n: usize) {
    let points = random_points(n, 3);
    bencher.bench(|| pareto::frontier_nd(divan::black_box(&points), 3));
}

#[divan::bench(args = [6, 10, 20])]
fn issue_merge_2_parties(bencher: divan::Bencher, issues: usize) {
    let s = linear_scenario(issues, 10, 2);
    let config = AnalysisConfig {
        method: Method::IssueMerge,
        enumeration_limit: 0,
        ..AnalysisConfig::default()
    };
    bencher.bench(|| analyze(divan::black_box(&s), &config).unwrap());
}

#[divan::bench(args = [4, 5, 6])]
fn enumeration_2_parties(bencher: divan::Bencher, issues: usize) {
    let s = linear_scenario(issues, 10, 2);
    let config = AnalysisConfig {
        method: Method::Enumeration,
        ..AnalysisConfig::default()
    };
    bencher.bench(|| analyze(divan::black_box(&s), &config).unwrap());
}
