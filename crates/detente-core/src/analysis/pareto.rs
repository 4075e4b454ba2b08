//! Strict Pareto frontiers of utility vectors, with NegMAS's semantics.
//!
//! A point is on the frontier when no *other* utility vector weakly dominates it (`q ≥ p` in every
//! coordinate, `q ≠ p`). Outcomes sharing one utility vector collapse into a single point that lists
//! all of them. Points are given flat (`parties` numbers per point); results are groups of indices
//! into the input, one group per frontier point, sorted by welfare (sum of utilities) descending and
//! then lexicographically descending, so the order is deterministic.
//!
//! [`frontier_groups`] picks the variant: [`frontier_2d_sweep`] (sort by the first utility, sweep
//! keeping the running best second utility: `O(n log n)`) for two parties, [`frontier_nd`] (sort
//! lexicographically, compare each point with the frontier kept so far: `O(n·h)`) otherwise.

use std::cmp::Ordering;

/// Groups of input indices, one group per frontier point (all inputs with that utility vector).
pub type FrontierGroups = Vec<Vec<usize>>;

/// The strict Pareto frontier of `points` (flat, `parties` coordinates each), any number of parties.
///
/// Non-finite points are skipped (NegMAS does the same).
pub fn frontier_groups(points: &[f64], parties: usize) -> FrontierGroups {
    let groups = if parties == 2 {
        frontier_2d_sweep(points)
    } else {
        frontier_nd(points, parties)
    };
    sort_by_welfare(points, parties, groups)
}

fn point(points: &[f64], parties: usize, i: usize) -> &[f64] {
    &points[i * parties..(i + 1) * parties]
}

fn lex_desc(a: &[f64], b: &[f64]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match y.partial_cmp(x).unwrap_or(Ordering::Equal) {
            Ordering::Equal => continue,
            other => return other,
        }
    }
    Ordering::Equal
}

fn finite_indices(points: &[f64], parties: usize) -> Vec<usize> {
    (0..points.len() / parties.max(1))
        .filter(|&i| point(points, parties, i).iter().all(|x| x.is_finite()))
        .collect()
}

/// Two-party frontier by one sort and one sweep.
///
/// After sorting by `(u0, u1)` descending, every point that weakly dominates `p` comes before it,
/// so `p` survives exactly when its `u1` beats every earlier distinct point's `u1`.
pub fn frontier_2d_sweep(points: &[f64]) -> FrontierGroups {
    let mut order = finite_indices(points, 2);
    order.sort_unstable_by(|&a, &b| {
        lex_desc(point(points, 2, a), point(points, 2, b)).then(a.cmp(&b))
    });
    let mut groups = Vec::new();
    let mut best_u1 = f64::NEG_INFINITY;
    let mut k = 0;
    while k < order.len() {
        let p = point(points, 2, order[k]);
        let mut end = k + 1;
        while end < order.len() && point(points, 2, order[end]) == p {
            end += 1;
        }
        if p[1] > best_u1 {
            groups.push(order[k..end].to_vec());
            best_u1 = p[1];
        }
        k = end;
    }
    groups
}

/// Frontier for any number of parties: lexicographic sort, then a check against kept points.
///
/// A weak dominator is lexicographically greater, so it is examined first; comparing with kept
/// frontier points suffices because dominance is transitive.
pub fn frontier_nd(points: &[f64], parties: usize) -> FrontierGroups {
    let mut order = finite_indices(points, parties);
    order.sort_unstable_by(|&a, &b| {
        lex_desc(point(points, parties, a), point(points, parties, b)).then(a.cmp(&b))
    });
    let mut groups: FrontierGroups = Vec::new();
    let mut kept: Vec<f64> = Vec::new();
    let mut k = 0;
    while k < order.len() {
        let p = point(points, parties, order[k]);
        let mut end = k + 1;
        while end < order.len() && point(points, parties, order[end]) == p {
            end += 1;
        }
        let dominated = kept
            .chunks_exact(parties)
            .any(|q| q.iter().zip(p).all(|(a, b)| a >= b));
        if !dominated {
            groups.push(order[k..end].to_vec());
            kept.extend_from_slice(p);
        }
        k = end;
    }
    groups
}

fn sort_by_welfare(points: &[f64], parties: usize, mut groups: FrontierGroups) -> FrontierGroups {
    let welfare = |g: &Vec<usize>| point(points, parties, g[0]).iter().sum::<f64>();
    groups.sort_by(|a, b| {
        welfare(b)
            .partial_cmp(&welfare(a))
            .unwrap_or(Ordering::Equal)
            .then_with(|| lex_desc(point(points, parties, a[0]), point(points, parties, b[0])))
    });
    groups
}

/// Whether `q` weakly dominates `p` as a distinct vector.
pub fn dominates(q: &[f64], p: &[f64]) -> bool {
    q != p && q.iter().zip(p).all(|(a, b)| a >= b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(points: &[f64], parties: usize) -> Vec<Vec<f64>> {
        let n = points.len() / parties;
        let mut out: Vec<Vec<f64>> = (0..n)
            .map(|i| point(points, parties, i).to_vec())
            .filter(|p| (0..n).all(|j| !dominates(point(points, parties, j), p)))
            .collect();
        out.sort_by(|a, b| lex_desc(a, b));
        out.dedup();
        out
    }

    fn vectors(points: &[f64], parties: usize, groups: &FrontierGroups) -> Vec<Vec<f64>> {
        let mut v: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| point(points, parties, g[0]).to_vec())
            .collect();
        v.sort_by(|a, b| lex_desc(a, b));
        v
    }

    #[test]
    fn equal_vectors_collapse_and_weakly_dominated_points_drop() {
        // (1,1) twice; (1,0.5) weakly dominated by (1,1); (0.5,2) on the frontier.
        let pts = [1.0, 1.0, 1.0, 0.5, 0.5, 2.0, 1.0, 1.0];
        let groups = frontier_groups(&pts, 2);
        assert_eq!(groups, vec![vec![2], vec![0, 3]]);
        assert_eq!(frontier_nd(&pts, 2).len(), 2);
    }

    proptest! {
        #[test]
        fn variants_agree_with_brute_force(
            parties in 1usize..5,
            raw in prop::collection::vec(0u8..6, 0..120),
        ) {
            let len = raw.len() / parties * parties;
            let pts: Vec<f64> = raw[..len].iter().map(|&x| x as f64 / 5.0).collect();
            let expected = brute(&pts, parties);
            prop_assert_eq!(vectors(&pts, parties, &frontier_nd(&pts, parties)), expected.clone());
            prop_assert_eq!(vectors(&pts, parties, &frontier_groups(&pts, parties)), expected.clone());
            if parties == 2 {
                prop_assert_eq!(vectors(&pts, 2, &frontier_2d_sweep(&pts)), expected);
            }
            // Every input with a frontier vector is listed in its group.
            let groups = frontier_groups(&pts, parties);
            for g in &groups {
                let v = point(&pts, parties, g[0]);
                let all: Vec<usize> = (0..len / parties).filter(|&i| point(&pts, parties, i) == v).collect();
                let mut listed = g.clone();
                listed.sort_unstable();
                prop_assert_eq!(listed, all);
            }
        }
    }
}
