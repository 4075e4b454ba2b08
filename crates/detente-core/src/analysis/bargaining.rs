//! Bargaining solutions on a Pareto frontier, as NegMAS 0.16 defines them.
//!
//! Every function takes the frontier's utility vectors (flat, `parties` numbers per point) and
//! returns the indices of every point within [`TIE_TOLERANCE`] of the optimum, in frontier order.
//!
//! - **Reference point** `rᵢ`: the reservation value when it is finite and not below the party's
//!   minimum utility over the space, else that minimum ([`reference_point`]).
//! - **Degenerate case**: when some party's `maxᵢ − rᵢ ≤ 1e-12` (for max welfare and max relative
//!   welfare: `maxᵢ − minᵢ`), every frontier point is optimal.
//! - [`nash`]: maximise `Πᵢ (uᵢ − rᵢ)`; points below reservation are *not* excluded (NegMAS).
//! - [`egalitarian`] (NegMAS's `kalai`): maximise `minᵢ (uᵢ − rᵢ)` over points with every
//!   `uᵢ ≥ reservationᵢ`.
//! - [`kalai_smorodinsky`]: minimise `maxᵢ gᵢ − minᵢ gᵢ`, `gᵢ = (uᵢ − rᵢ)/(maxᵢ − rᵢ)`, same filter.
//! - [`max_welfare`]: maximise `Σᵢ uᵢ`.
//! - [`max_relative_welfare`]: maximise `Σᵢ (uᵢ − rᵢ)/(maxᵢ − max(reservationᵢ, minᵢ))`, same filter.

/// Points whose objective is within this of the optimum are all reported (NegMAS's `eps`).
pub const TIE_TOLERANCE: f64 = 1e-12;

/// The reference (disagreement) point per party.
pub fn reference_point(reservations: &[f64], ranges: &[(f64, f64)]) -> Vec<f64> {
    reservations
        .iter()
        .zip(ranges)
        .map(|(&r, &(lo, _))| if r.is_finite() && r >= lo { r } else { lo })
        .collect()
}

/// What the solutions need besides the frontier.
#[derive(Debug, Clone)]
pub struct BargainingContext<'a> {
    /// Reservation values.
    pub reservations: &'a [f64],
    /// (min, max) utility per party over the whole space.
    pub ranges: &'a [(f64, f64)],
}

impl BargainingContext<'_> {
    fn parties(&self) -> usize {
        self.reservations.len()
    }

    fn reference(&self) -> Vec<f64> {
        reference_point(self.reservations, self.ranges)
    }

    fn degenerate_from_reference(&self) -> bool {
        self.reference()
            .iter()
            .zip(self.ranges)
            .any(|(r, (_, hi))| hi - r <= TIE_TOLERANCE)
    }

    fn degenerate_from_minimum(&self) -> bool {
        self.ranges.iter().any(|(lo, hi)| hi - lo <= TIE_TOLERANCE)
    }

    fn rational(&self, u: &[f64]) -> bool {
        u.iter().zip(self.reservations).all(|(u, r)| u >= r)
    }
}

/// Every point when `degenerate`; otherwise scores each point (`None` = not eligible) and keeps
/// the best ones.
fn select(
    frontier: &[f64],
    ctx: &BargainingContext,
    degenerate: bool,
    maximise: bool,
    score: impl Fn(&[f64]) -> Option<f64>,
) -> Vec<usize> {
    let k = ctx.parties();
    if degenerate {
        return (0..frontier.len() / k).collect();
    }
    let scores: Vec<Option<f64>> = frontier.chunks_exact(k).map(score).collect();
    best(&scores, maximise)
}

/// Indices of points whose score is within the tolerance of the best (`maximise` or minimise).
/// `None` scores are skipped.
fn best(scores: &[Option<f64>], maximise: bool) -> Vec<usize> {
    let opt = scores
        .iter()
        .flatten()
        .copied()
        .fold(None, |acc: Option<f64>, s| {
            Some(match acc {
                None => s,
                Some(a) if maximise => a.max(s),
                Some(a) => a.min(s),
            })
        });
    let Some(opt) = opt else {
        return Vec::new();
    };
    scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let s = (*s)?;
            let tie = if maximise {
                s >= opt - TIE_TOLERANCE
            } else {
                s <= opt + TIE_TOLERANCE
            };
            tie.then_some(i)
        })
        .collect()
}

/// Nash bargaining points.
pub fn nash(frontier: &[f64], ctx: &BargainingContext) -> Vec<usize> {
    let r = ctx.reference();
    select(frontier, ctx, ctx.degenerate_from_reference(), true, |u| {
        Some(u.iter().zip(&r).fold(1.0, |acc, (u, r)| acc * (u - r)))
    })
}

/// Egalitarian points (NegMAS's "Kalai").
pub fn egalitarian(frontier: &[f64], ctx: &BargainingContext) -> Vec<usize> {
    let r = ctx.reference();
    select(frontier, ctx, ctx.degenerate_from_reference(), true, |u| {
        ctx.rational(u).then(|| {
            u.iter()
                .zip(&r)
                .map(|(u, r)| u - r)
                .fold(f64::INFINITY, f64::min)
        })
    })
}

/// Kalai–Smorodinsky points.
pub fn kalai_smorodinsky(frontier: &[f64], ctx: &BargainingContext) -> Vec<usize> {
    let r = ctx.reference();
    select(frontier, ctx, ctx.degenerate_from_reference(), false, |u| {
        ctx.rational(u).then(|| {
            let gains = u.iter().zip(&r).zip(ctx.ranges).map(|((u, r), (_, hi))| {
                let span = hi - r;
                if span != 0.0 {
                    (u - r) / span
                } else {
                    u - r
                }
            });
            let (lo, hi) = gains.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| {
                (lo.min(g), hi.max(g))
            });
            hi - lo
        })
    })
}

/// Maximum-welfare points.
pub fn max_welfare(frontier: &[f64], ctx: &BargainingContext) -> Vec<usize> {
    select(frontier, ctx, ctx.degenerate_from_minimum(), true, |u| {
        Some(u.iter().sum())
    })
}

/// Maximum relative-welfare points.
pub fn max_relative_welfare(frontier: &[f64], ctx: &BargainingContext) -> Vec<usize> {
    let r = ctx.reference();
    let spans: Vec<f64> = ctx
        .ranges
        .iter()
        .zip(ctx.reservations)
        .map(|((lo, hi), res)| {
            let d = hi - res.max(*lo);
            if d != 0.0 {
                d
            } else {
                1.0
            }
        })
        .collect();
    select(frontier, ctx, ctx.degenerate_from_minimum(), true, |u| {
        ctx.rational(u).then(|| {
            u.iter()
                .zip(&r)
                .zip(&spans)
                .map(|((u, r), d)| (u - r) / d)
                .sum()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(res: &'a [f64], ranges: &'a [(f64, f64)]) -> BargainingContext<'a> {
        BargainingContext {
            reservations: res,
            ranges,
        }
    }

    #[test]
    fn symmetric_frontier_has_a_central_nash_point() {
        let frontier = [1.0, 0.0, 0.8, 0.6, 0.6, 0.8, 0.0, 1.0];
        let res = [0.0, 0.0];
        let ranges = [(0.0, 1.0), (0.0, 1.0)];
        let c = ctx(&res, &ranges);
        assert_eq!(nash(&frontier, &c), vec![1, 2]);
        assert_eq!(egalitarian(&frontier, &c), vec![1, 2]);
        assert_eq!(kalai_smorodinsky(&frontier, &c), vec![1, 2]);
        assert_eq!(max_welfare(&frontier, &c), vec![1, 2]);
        assert_eq!(max_relative_welfare(&frontier, &c), vec![1, 2]);
    }

    #[test]
    fn reference_falls_back_to_minimum_and_degenerate_returns_everything() {
        assert_eq!(
            reference_point(&[-1.0, 0.3], &[(0.0, 1.0), (0.0, 1.0)]),
            vec![0.0, 0.3]
        );
        let frontier = [1.0, 0.5, 0.5, 1.0];
        let res = [1.0, 0.0];
        let ranges = [(0.0, 1.0), (0.0, 1.0)];
        assert_eq!(nash(&frontier, &ctx(&res, &ranges)), vec![0, 1]);
    }

    #[test]
    fn points_below_reservation_are_skipped_except_by_nash() {
        let frontier = [0.9, 0.1, 0.5, 0.5];
        let res = [0.0, 0.2];
        let ranges = [(0.0, 1.0), (0.0, 1.0)];
        let c = ctx(&res, &ranges);
        assert_eq!(egalitarian(&frontier, &c), vec![1]);
        assert_eq!(kalai_smorodinsky(&frontier, &c), vec![1]);
        // Nash scores (0.9)(−0.1) < 0 for the first point, so it still loses, but it is scored.
        assert_eq!(nash(&frontier, &c), vec![1]);
    }
}
