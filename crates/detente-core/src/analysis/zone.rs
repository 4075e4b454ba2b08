//! The agreement zone: its size, the margin, the values it uses and what blocks it.
//!
//! - **Zone** = outcomes with every `uᵢ ≥ rᵢ`. Counted by enumeration when the space is enumerable
//!   within the limit; beyond it, for two linear-additive parties, by [`count_meet_in_the_middle`].
//! - **Margin** = `max` over outcomes of `minᵢ (uᵢ − rᵢ)`. The objective never decreases when an
//!   outcome is replaced by one that weakly dominates it, and in a finite space every outcome is
//!   weakly dominated by a frontier point, so the margin is attained on the whole-space Pareto
//!   frontier ([`super::issue_merge::margin_of`]).
//! - **Zone values** of an issue = its values that occur in at least one zone outcome. For
//!   linear-additive profiles value `v` of issue `i` qualifies iff the margin of the space with `i`
//!   fixed to `v` is ≥ 0, which one frontier merge answers exactly ([`zone_values_linear`]).
//! - **Blocking issues** (only reported when there is no zone, margin < 0). Definition: *relaxing*
//!   issue `i` lets every party score it as if it had its own favourite value of `i`, independently
//!   of the others (the conflict on that issue disappears; everything else stays). The issue's
//!   **relaxed margin** is the margin of that relaxed problem, its **gain** the relaxed margin minus
//!   the margin. The issue with the largest gain blocks the zone most; an issue with relaxed margin
//!   ≥ 0 blocks it on its own (settling that conflict alone would open a zone). For linear-additive
//!   profiles relaxing means replacing issue `i`'s contributions by the vector of per-party maxima
//!   ([`blocking_linear`]); for other profiles each party takes its best over the issue's values at
//!   every assignment of the other issues ([`blocking_enumerated`]).

use super::issue_merge::{margin_of, merge, IssueOverride, LinearParts};
use super::BlockingIssue;
use crate::outcome::OutcomeSpace;
use crate::preference::UtilityFunction;

/// Whether any point of a (capped, frontier) point set is in the zone.
fn any_in_zone(points: &[f64], reservations: &[f64]) -> bool {
    points
        .chunks_exact(reservations.len())
        .any(|u| u.iter().zip(reservations).all(|(u, r)| u >= r))
}

/// Per issue, the values occurring in at least one zone outcome (linear-additive profiles).
///
/// `known_zone_outcomes` (e.g. the listed outcomes of the rational frontier) give a cheap first
/// pass: changing one issue of a zone outcome and re-evaluating it exactly shows many values in
/// the zone. Every value not shown that way costs one frontier merge (in parallel); `progress`
/// gets (values decided, total).
pub fn zone_values_linear(
    parts: &LinearParts,
    reservations: &[f64],
    known_zone_outcomes: &[Vec<u32>],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<Vec<u32>> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    let issues = parts.tables[0].len();
    let k = parts.bias.len();
    let in_zone = |o: &[u32]| (0..k).all(|j| parts.utility(j, o) >= reservations[j]);
    let mut shown: Vec<Vec<bool>> = parts.tables[0]
        .iter()
        .map(|t| vec![false; t.len()])
        .collect();
    for outcome in known_zone_outcomes.iter().filter(|o| in_zone(o)) {
        let mut o = outcome.clone();
        for issue in 0..issues {
            for v in 0..shown[issue].len() as u32 {
                if !shown[issue][v as usize] {
                    o[issue] = v;
                    shown[issue][v as usize] = in_zone(&o);
                }
            }
            o[issue] = outcome[issue];
        }
    }
    let total: u64 = parts.tables[0].iter().map(|t| t.len() as u64).sum();
    let done = AtomicU64::new(0);
    (0..issues)
        .map(|issue| {
            let values = parts.tables[0][issue].len();
            let shown = &shown[issue];
            (0..values as u32)
                .into_par_iter()
                .filter(|&v| {
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    if shown[v as usize] {
                        return true;
                    }
                    let contribution = parts.tables.iter().map(|t| t[issue][v as usize]).collect();
                    let o = IssueOverride {
                        issue,
                        contribution,
                    };
                    any_in_zone(&merge(parts, Some(&o), false).points, reservations)
                })
                .collect()
        })
        .collect()
}

/// Blocking issues from each issue's relaxed margin: largest gain first, ties by issue.
fn ranked(per_issue: Vec<(usize, f64)>, margin: f64) -> Vec<BlockingIssue> {
    let mut list: Vec<BlockingIssue> = per_issue
        .into_iter()
        .map(|(issue, relaxed_margin)| BlockingIssue {
            issue,
            relaxed_margin,
            gain: relaxed_margin - margin,
        })
        .collect();
    list.sort_by(|a, b| {
        b.gain
            .partial_cmp(&a.gain)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.issue.cmp(&b.issue))
    });
    list
}

/// Blocking issues for linear-additive profiles, largest gain first.
pub fn blocking_linear(
    parts: &LinearParts,
    reservations: &[f64],
    margin: f64,
) -> Vec<BlockingIssue> {
    use rayon::prelude::*;
    let issues = parts.tables[0].len();
    let per_issue: Vec<(usize, f64)> = (0..issues)
        .into_par_iter()
        .map(|issue| {
            let contribution = parts
                .tables
                .iter()
                .map(|t| t[issue].iter().copied().fold(f64::NEG_INFINITY, f64::max))
                .collect();
            let o = IssueOverride {
                issue,
                contribution,
            };
            let relaxed = margin_of(&merge(parts, Some(&o), false).points, reservations);
            (issue, relaxed)
        })
        .collect();
    ranked(per_issue, margin)
}

/// Blocking issues for any profiles on an enumerable space (costs `issues · N · parties`
/// evaluations), largest gain first.
pub fn blocking_enumerated(
    space: &OutcomeSpace,
    functions: &[&UtilityFunction],
    reservations: &[f64],
    margin: f64,
) -> Vec<BlockingIssue> {
    use rayon::prelude::*;
    let radices = space.radices().expect("enumerable space");
    let per_issue: Vec<(usize, f64)> = (0..radices.len())
        .into_par_iter()
        .map(|issue| {
            let mut reduced = radices.clone();
            reduced[issue] = 1;
            let mut indices = vec![0u32; radices.len()];
            let mut best = vec![f64::NEG_INFINITY; functions.len()];
            let mut relaxed = f64::NEG_INFINITY;
            loop {
                best.iter_mut().for_each(|b| *b = f64::NEG_INFINITY);
                for v in 0..radices[issue] {
                    indices[issue] = v;
                    for (b, f) in best.iter_mut().zip(functions) {
                        *b = b.max(f.utility_of_indices(&indices));
                    }
                }
                indices[issue] = 0;
                let worst = best
                    .iter()
                    .zip(reservations)
                    .map(|(b, r)| b - r)
                    .fold(f64::INFINITY, f64::min);
                relaxed = relaxed.max(worst);
                if !OutcomeSpace::advance(&reduced, &mut indices) {
                    break;
                }
            }
            (issue, relaxed)
        })
        .collect();
    ranked(per_issue, margin)
}

/// Result of counting the zone of a huge two-party linear-additive space.
#[derive(Debug, Clone, PartialEq)]
pub enum MeetInTheMiddleCount {
    /// Exact counts.
    Exact {
        /// Outcomes with every `uᵢ ≥ rᵢ`.
        zone: u64,
        /// Outcomes with every `uᵢ > rᵢ`.
        strictly_rational: u64,
    },
    /// `low ≤ zone ≤ high`: more than [`BAND_BUDGET`] outcomes lie within rounding distance of a
    /// reservation value (utilities on a grid that the reservation hits exactly), too many to
    /// re-evaluate one by one.
    Bounds {
        /// Outcomes surely in the zone.
        low: u64,
        /// Outcomes possibly in the zone.
        high: u64,
    },
    /// One half of the split would exceed the memory limit.
    TooLarge,
}

/// Most outcomes near a reservation value that are re-evaluated one by one.
pub const BAND_BUDGET: u64 = 20_000_000;

/// Counts two-party zone outcomes without enumerating them: split the issues into a prefix and a
/// suffix, list each half's partial sums (≤ `half_limit` each), and count pairs `(a, b)` with
/// `a + b ≥ r` in both coordinates by a sweep over `a`'s first coordinate with a Fenwick tree over
/// `b`'s second (`O(H log H)` for halves of size `H`, so 10^10 outcomes cost ~2·10^5 steps).
///
/// `a + b` rounds differently from enumeration's issue-order sum, so pairs are counted against
/// `r + δ` (surely in) and `r − δ` (possibly in), `δ = 1e-9·(1 + max |u|)`, and every pair in
/// between (a handful) is re-evaluated exactly in issue order: the counts are exact.
pub fn count_meet_in_the_middle(
    parts: &LinearParts,
    reservations: &[f64],
    half_limit: u64,
) -> MeetInTheMiddleCount {
    assert_eq!(parts.bias.len(), 2, "meet in the middle counts two parties");
    // Under a cap, min(cap, s) ≥ r  ⟺  s ≥ r when r ≤ cap (never otherwise), and
    // min(cap, s) > r  ⟺  s > r when r < cap (never otherwise).
    let capped_out = |strict: bool| {
        reservations
            .iter()
            .zip(&parts.caps)
            .any(|(r, c)| c.is_some_and(|c| if strict { *r >= c } else { *r > c }))
    };
    if capped_out(false) {
        return MeetInTheMiddleCount::Exact {
            zone: 0,
            strictly_rational: 0,
        };
    }
    let never_strict = capped_out(true);
    let sizes: Vec<u32> = parts.tables[0].iter().map(|t| t.len() as u32).collect();
    let total: f64 = sizes.iter().map(|&s| s as f64).product();
    let mut best_split = None;
    let mut prefix = 1u64;
    for h in 0..=sizes.len() {
        let suffix = (total / prefix as f64).round();
        let worst = (prefix as f64).max(suffix);
        if worst <= half_limit as f64 && best_split.is_none_or(|(_, w)| worst < w) {
            best_split = Some((h, worst));
        }
        if h < sizes.len() {
            match prefix.checked_mul(sizes[h] as u64) {
                Some(p) if p <= half_limit => prefix = p,
                _ => break,
            }
        }
    }
    let Some((h, _)) = best_split else {
        return MeetInTheMiddleCount::TooLarge;
    };
    // Entry `k` of a half is the combination with rank `k` in that half (last issue fastest).
    let half_sums = |issues: std::ops::Range<usize>, start: [f64; 2]| -> Vec<(f64, f64)> {
        let mut sums = vec![(start[0], start[1])];
        for issue in issues {
            let (t0, t1) = (&parts.tables[0][issue], &parts.tables[1][issue]);
            sums = sums
                .iter()
                .flat_map(|&(a, b)| t0.iter().zip(t1.iter()).map(move |(x, y)| (a + x, b + y)))
                .collect();
        }
        sums
    };
    let a = half_sums(0..h, [parts.bias[0], parts.bias[1]]);
    let b = half_sums(h..sizes.len(), [0.0, 0.0]);
    let scale = a
        .iter()
        .chain(&b)
        .map(|(x, y)| x.abs().max(y.abs()))
        .fold(0.0, f64::max);
    let delta = 1e-9 * (1.0 + 2.0 * scale);
    let (r0, r1) = (reservations[0], reservations[1]);
    let surely = count_pairs(&a, &b, r0 + delta, r1 + delta);
    let possibly = count_pairs(&a, &b, r0 - delta, r1 - delta);
    if possibly - surely > BAND_BUDGET {
        return MeetInTheMiddleCount::Bounds {
            low: surely,
            high: possibly,
        };
    }
    // Pairs with both sums ≥ r − δ but some sum < r + δ: re-evaluate them exactly.
    let exact = |ia: usize, ib: usize| -> [f64; 2] {
        let mut idx = vec![0u32; sizes.len()];
        crate::outcome::OutcomeSpace::unrank_into(&sizes[..h], ia as u64, &mut idx[..h]);
        crate::outcome::OutcomeSpace::unrank_into(&sizes[h..], ib as u64, &mut idx[h..]);
        let mut u = [parts.bias[0], parts.bias[1]];
        for (j, uj) in u.iter_mut().enumerate() {
            for (i, &v) in idx.iter().enumerate() {
                *uj += parts.tables[j][i][v as usize];
            }
            if let Some(c) = parts.caps[j] {
                *uj = uj.min(c);
            }
        }
        u
    };
    let mut zone = surely;
    let mut strict = surely;
    for_band_pairs(&a, &b, [r0, r1], delta, |ia, ib| {
        let u = exact(ia, ib);
        zone += (u[0] >= r0 && u[1] >= r1) as u64;
        strict += (u[0] > r0 && u[1] > r1) as u64;
    });
    MeetInTheMiddleCount::Exact {
        zone,
        strictly_rational: if never_strict { 0 } else { strict },
    }
}

/// Calls `visit` on every pair `(i, j)` with `a_i + b_j ≥ r − δ` in both coordinates but `< r + δ`
/// in at least one (no allocation proportional to their number).
fn for_band_pairs(
    a: &[(f64, f64)],
    b: &[(f64, f64)],
    r: [f64; 2],
    delta: f64,
    mut visit: impl FnMut(usize, usize),
) {
    let coord = |p: &(f64, f64), c: usize| if c == 0 { p.0 } else { p.1 };
    for c in 0..2 {
        let other = 1 - c;
        let mut order: Vec<usize> = (0..b.len()).collect();
        order.sort_unstable_by(|&x, &y| coord(&b[x], c).total_cmp(&coord(&b[y], c)));
        for (ia, pa) in a.iter().enumerate() {
            let lo = r[c] - delta - coord(pa, c);
            let hi = r[c] + delta - coord(pa, c);
            let start = order.partition_point(|&j| coord(&b[j], c) < lo);
            for &ib in &order[start..] {
                let pb = &b[ib];
                if coord(pb, c) >= hi {
                    break;
                }
                let ok_other = coord(pa, other) + coord(pb, other) >= r[other] - delta;
                // A pair in both bands is listed once, under coordinate 0.
                let in_band_0 = {
                    let s = pa.0 + pb.0;
                    s >= r[0] - delta && s < r[0] + delta
                };
                if ok_other && (c == 0 || !in_band_0) {
                    visit(ia, ib);
                }
            }
        }
    }
}

/// `#{(a, b) : a₀ + b₀ ≥ t₀ and a₁ + b₁ ≥ t₁}`.
fn count_pairs(a: &[(f64, f64)], b: &[(f64, f64)], t0: f64, t1: f64) -> u64 {
    let mut by_first: Vec<(f64, f64)> = b.to_vec();
    by_first.sort_unstable_by(|x, y| y.0.total_cmp(&x.0));
    let mut seconds: Vec<f64> = b.iter().map(|x| x.1).collect();
    seconds.sort_unstable_by(f64::total_cmp);
    // Queries: need b₀ ≥ t₀ − a₀ and b₁ ≥ t₁ − a₁; process the largest first thresholds first.
    let mut queries: Vec<(f64, f64)> = a.iter().map(|x| (t0 - x.0, t1 - x.1)).collect();
    queries.sort_unstable_by(|x, y| y.0.total_cmp(&x.0));
    let mut tree = vec![0u64; seconds.len() + 1];
    let mut inserted = 0usize;
    let mut total = 0u64;
    let mut next = 0;
    for (q0, q1) in queries {
        while next < by_first.len() && by_first[next].0 >= q0 {
            // Fenwick position of this b's second coordinate (1-based, by rank).
            let rank = seconds.partition_point(|&s| s < by_first[next].1) + 1;
            let mut i = rank;
            while i < tree.len() {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
            inserted += 1;
            next += 1;
        }
        // Inserted points with second coordinate < q1.
        let mut i = seconds.partition_point(|&s| s < q1);
        let mut below = 0;
        while i > 0 {
            below += tree[i];
            i -= i & i.wrapping_neg();
        }
        total += (inserted as u64) - below;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_counting_matches_brute_force() {
        let a = [(0.1, 0.9), (0.5, 0.5), (0.9, 0.0), (0.3, 0.3)];
        let b = [(0.0, 0.0), (0.2, 0.1), (0.4, 0.6), (0.05, 0.3)];
        for &(t0, t1) in &[(0.5, 0.5), (0.0, 0.0), (1.0, 0.2), (0.35, 0.65)] {
            let brute = a
                .iter()
                .flat_map(|x| b.iter().map(move |y| (x.0 + y.0, x.1 + y.1)))
                .filter(|s| s.0 >= t0 && s.1 >= t1)
                .count() as u64;
            assert_eq!(count_pairs(&a, &b, t0, t1), brute);
        }
    }
}
