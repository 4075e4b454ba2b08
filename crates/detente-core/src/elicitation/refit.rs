//! Refitting the points to corrected package scores, by linear programming.
//!
//! The option ratings stay as stated (a delegation rates options one issue at a time, which it
//! does well); the weights move. With ratings `rₖ(v)` on 0–100, weights `wₖ ≥ 0` summing to 1 and
//! stated points `Pₖ`, the refit solves
//!
//! ```text
//! minimise  Σⱼ eⱼ + λ·Σₖ dₖ
//! subject to |Σₖ wₖ·rₖ(pⱼₖ) − cⱼ| ≤ ½ + eⱼ     for every corrected package pⱼ with score cⱼ
//!            |100·wₖ − Pₖ| ≤ dₖ                  for every issue k
//!            Σₖ wₖ = 1,  wₖ, eⱼ, dₖ ≥ 0
//! ```
//!
//! The ½ is the rounding of a score typed as a whole number: a package whose score rounds to its
//! correction costs nothing. The pull `λ` towards the stated points is small
//! ([`POINTS_PULL`]): it decides among the splits that fit the corrections equally well (one
//! correction leaves many), choosing the one that moves the fewest points, and gives way to any
//! move that brings the fits closer by more than `2λ` per point moved (a point moved leaves one
//! issue and joins another). So a correction changes only what it must.

use good_lp::{microlp, variable, Expression, ProblemVariables, Solution, SolverModel, Variable};

use super::error::WizardError;

/// Cost of moving one point away from the stated split, against one point of residual.
pub const POINTS_PULL: f64 = 0.01;

/// Largest difference (on the 0–100 scale) between a corrected score and the refitted one that
/// is not reported as [`super::Inconsistency::CorrectionNotAbsorbed`]: a person's correction is
/// a judgement, not a measurement, and rounding the points to whole numbers moves scores too.
pub const ABSORB_TOLERANCE: f64 = 5.0;

/// A corrected package and what the current points make of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Residual {
    /// The package (per-issue value indices).
    pub package: Vec<u32>,
    /// The score the delegation gave it.
    pub corrected: u8,
    /// Its score under the current (refitted) points, 0–100.
    pub fitted: f64,
}

impl Residual {
    /// `fitted − corrected`.
    pub fn difference(&self) -> f64 {
        self.fitted - f64::from(self.corrected)
    }
}

/// The refitted weights (non-negative, summing to 1), per issue.
///
/// `ratings[k][v]` is option `v` of issue `k`'s rating; each package in `corrections` is valid
/// for them.
pub(super) fn refit_weights(
    stated: &[u32],
    ratings: &[&[u8]],
    corrections: &[(Vec<u32>, u8)],
) -> Result<Vec<f64>, WizardError> {
    let mut vars = ProblemVariables::new();
    let w: Vec<Variable> = stated
        .iter()
        .map(|_| vars.add(variable().min(0.0).max(1.0)))
        .collect();
    let e: Vec<Variable> = corrections
        .iter()
        .map(|_| vars.add(variable().min(0.0).max(100.0)))
        .collect();
    let d: Vec<Variable> = stated
        .iter()
        .map(|_| vars.add(variable().min(0.0).max(100.0)))
        .collect();
    let mut objective = Expression::from(0.0);
    for &ej in &e {
        objective.add_mul(1.0, ej);
    }
    for &dk in &d {
        objective.add_mul(POINTS_PULL, dk);
    }
    let mut model = vars.minimise(objective).using(microlp);
    let total: Expression = w.iter().copied().sum();
    model = model.with(total.eq(1.0));
    for ((package, corrected), &ej) in corrections.iter().zip(&e) {
        let mut fit = Expression::from(0.0);
        for (k, &v) in package.iter().enumerate() {
            fit.add_mul(f64::from(ratings[k][v as usize]), w[k]);
        }
        let c = f64::from(*corrected);
        model = model.with((fit.clone() - ej).leq(c + 0.5));
        model = model.with((fit + ej).geq(c - 0.5));
    }
    for ((&p, &wk), &dk) in stated.iter().zip(&w).zip(&d) {
        let p = f64::from(p);
        model = model.with((100.0 * wk - dk).leq(p));
        model = model.with((100.0 * wk + dk).geq(p));
    }
    let solution = model.solve().map_err(|e| WizardError::Refit {
        reason: e.to_string(),
    })?;
    Ok(normalised(w.iter().map(|&wk| solution.value(wk)).collect()))
}

/// Clears the solver's tolerance from weights: none below 0, summing to exactly 1 (up to
/// floating point).
fn normalised(mut weights: Vec<f64>) -> Vec<f64> {
    for x in &mut weights {
        *x = x.max(0.0);
    }
    let sum: f64 = weights.iter().sum();
    if sum > 0.0 {
        for x in &mut weights {
            *x /= sum;
        }
    }
    weights
}

/// Whole points summing to 100 from weights summing to 1: every issue gets its share rounded
/// down, then the points still missing go one each to the largest remainders (the issue listed
/// first on a tie). Shares within a millionth of a whole number count as that number, so that
/// the solver's tolerance never decides a point.
pub fn largest_remainder(weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if weights.is_empty() || sum <= 0.0 {
        // No information: an even split (only reachable with no weights to speak of).
        return even_split(weights.len());
    }
    let shares: Vec<f64> = weights
        .iter()
        .map(|w| {
            let s = 100.0 * w.max(0.0) / sum;
            if (s - s.round()).abs() < 1e-6 {
                s.round()
            } else {
                s
            }
        })
        .collect();
    let mut points: Vec<u32> = shares.iter().map(|s| s.floor() as u32).collect();
    let given: u32 = points.iter().sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let (ra, rb) = (shares[a] - shares[a].floor(), shares[b] - shares[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &k in by_remainder
        .iter()
        .take(100usize.saturating_sub(given as usize))
    {
        points[k] += 1;
    }
    points
}

fn even_split(n: usize) -> Vec<u32> {
    if n == 0 {
        return Vec::new();
    }
    let base = 100 / n as u32;
    let extra = 100 % n as u32;
    (0..n as u32).map(|k| base + u32::from(k < extra)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn largest_remainder_keeps_exact_shares_and_sums_to_100() {
        assert_eq!(largest_remainder(&[0.25, 0.75]), vec![25, 75]);
        assert_eq!(largest_remainder(&[1.0 / 3.0; 3]), vec![34, 33, 33]);
        assert_eq!(
            largest_remainder(&[0.2499999999, 0.7500000001]),
            vec![25, 75]
        );
        assert_eq!(largest_remainder(&[0.0, 0.0]), vec![50, 50]);
    }

    #[test]
    fn one_correction_moves_points_between_the_issues_it_separates() {
        // Package (best on issue 0, worst on issue 1) is the swing of issue 0: it scores 40
        // under the stated points; corrected to 60, issue 0 must get 60 points.
        let ratings: [&[u8]; 2] = [&[100, 0], &[0, 100]];
        let w = refit_weights(&[40, 60], &ratings, &[(vec![0, 0], 60)]).unwrap();
        assert_eq!(largest_remainder(&w), vec![60, 40]);
    }

    #[test]
    fn the_pull_keeps_points_no_correction_speaks_about() {
        // The package has issue 0 at a rating of 50, issue 1 at its best, issue 2 at its worst:
        // it scores 25 + 30 = 55. Raising it to 65 is cheapest by moving points from issue 2
        // (each point moved raises it by 1) rather than from issue 0 (by ½).
        let ratings: [&[u8]; 3] = [&[100, 50, 0], &[100, 0], &[100, 0]];
        let w = refit_weights(&[50, 30, 20], &ratings, &[(vec![1, 0, 1], 65)]).unwrap();
        let points = largest_remainder(&w);
        assert_eq!(points[0], 50, "{points:?}");
        assert!((39..=40).contains(&points[1]), "{points:?}");
        assert_eq!(points.iter().sum::<u32>(), 100);
    }

    proptest! {
        #[test]
        fn refit_weights_are_a_distribution(
            stated_raw in proptest::collection::vec(0u32..50, 1..5),
            seed_ratings in proptest::collection::vec(0u8..=100, 12),
            corrections_raw in proptest::collection::vec((0u32..3, 0u8..=100), 0..6),
        ) {
            let n = stated_raw.len();
            let mut w: Vec<f64> = stated_raw.iter().map(|&p| f64::from(p) + 1.0).collect();
            let total: f64 = w.iter().sum();
            w.iter_mut().for_each(|x| *x /= total);
            let stated = largest_remainder(&w);
            let table: Vec<Vec<u8>> = (0..n).map(|k| seed_ratings[3 * (k % 4)..3 * (k % 4) + 3].to_vec()).collect();
            let ratings: Vec<&[u8]> = table.iter().map(Vec::as_slice).collect();
            let corrections: Vec<(Vec<u32>, u8)> = corrections_raw
                .iter()
                .enumerate()
                .map(|(j, &(v, c))| ((0..n).map(|k| (v + (j + k) as u32) % 3).collect(), c))
                .collect();
            let weights = refit_weights(&stated, &ratings, &corrections).unwrap();
            prop_assert!(weights.iter().all(|&x| x >= 0.0));
            prop_assert!((weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            let points = largest_remainder(&weights);
            prop_assert_eq!(points.iter().sum::<u32>(), 100);
        }
    }
}
