//! Finding the package that maximises a score: exhaustive for small spaces, seeded hill climbing
//! with restarts for large ones. Used by both mediators and by margin estimation.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::outcome::OutcomeSpace;

/// Spaces up to this many packages are searched exhaustively.
pub const ENUMERATION_LIMIT: u64 = 250_000;

/// Values tried per issue per step when an issue has more values than this.
const VALUES_PER_STEP: u32 = 48;
const RESTARTS: usize = 6;

/// The best package found and whether the search was exhaustive.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Per-issue value indices.
    pub package: Vec<u32>,
    /// Its score.
    pub score: f64,
    /// `true` when every package was scored.
    pub exhaustive: bool,
}

/// Maximises `score` over the packages of `radices`. Ties go to the first package in enumeration
/// order (exhaustive) or the first found (hill climbing), so results are deterministic per seed.
/// `starts` seed the hill climber; more random starts come from `rng`.
pub fn best_package(
    radices: &[u32],
    score: &mut dyn FnMut(&[u32]) -> f64,
    starts: &[Vec<u32>],
    rng: &mut ChaCha8Rng,
) -> Found {
    let size = radices
        .iter()
        .try_fold(1u64, |acc, &r| acc.checked_mul(r as u64));
    if size.is_some_and(|n| n <= ENUMERATION_LIMIT) {
        let mut indices = vec![0u32; radices.len()];
        let mut best = (indices.clone(), f64::NEG_INFINITY);
        loop {
            let s = score(&indices);
            if s > best.1 {
                best = (indices.clone(), s);
            }
            if !OutcomeSpace::advance(radices, &mut indices) {
                break;
            }
        }
        return Found {
            package: best.0,
            score: best.1,
            exhaustive: true,
        };
    }
    let mut best: Option<(Vec<u32>, f64)> = None;
    let random_starts = (0..RESTARTS).map(|_| {
        radices
            .iter()
            .map(|&r| rng.gen_range(0..r))
            .collect::<Vec<u32>>()
    });
    let all_starts: Vec<Vec<u32>> = starts.iter().cloned().chain(random_starts).collect();
    for start in all_starts {
        let (p, s) = climb(radices, score, start, rng);
        if best.as_ref().is_none_or(|b| s > b.1) {
            best = Some((p, s));
        }
    }
    let (package, score) = best.expect("at least one restart");
    Found {
        package,
        score,
        exhaustive: false,
    }
}

/// Coordinate ascent from `current` until no single-issue change improves the score.
fn climb(
    radices: &[u32],
    score: &mut dyn FnMut(&[u32]) -> f64,
    mut current: Vec<u32>,
    rng: &mut ChaCha8Rng,
) -> (Vec<u32>, f64) {
    let mut value = score(&current);
    // Bounded: each pass must improve, and there are finitely many packages, but cap anyway.
    for _ in 0..200 {
        let mut improved = false;
        for k in 0..radices.len() {
            let keep = current[k];
            let candidates: Vec<u32> = if radices[k] <= VALUES_PER_STEP {
                (0..radices[k]).collect()
            } else {
                (0..VALUES_PER_STEP)
                    .map(|_| rng.gen_range(0..radices[k]))
                    .collect()
            };
            let mut best = (keep, value);
            for v in candidates {
                current[k] = v;
                let s = score(&current);
                if s > best.1 {
                    best = (v, s);
                }
            }
            current[k] = best.0;
            if best.0 != keep {
                value = best.1;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    (current, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn exhaustive_search_finds_the_maximum_and_breaks_ties_by_rank() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let found = best_package(
            &[3, 4],
            &mut |p| -((p[0] as f64 - 1.0).abs()) - (p[1] as f64 - 1.5).abs().floor(),
            &[],
            &mut rng,
        );
        assert!(found.exhaustive);
        assert_eq!(found.package, vec![1, 1]);
    }

    #[test]
    fn hill_climbing_finds_a_separable_maximum_in_a_huge_space() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let radices = vec![10u32; 12];
        let found = best_package(
            &radices,
            &mut |p| -p.iter().map(|&v| (v as f64 - 7.0).abs()).sum::<f64>(),
            &[],
            &mut rng,
        );
        assert!(!found.exhaustive);
        assert_eq!(found.package, vec![7; 12]);
    }
}
