//! Scenario statistics as NegMAS 0.16 defines them: opposition level and rational fraction.
//!
//! - **Opposition**: `min` over outcomes with every `uᵢ ≥ reservationᵢ` of
//!   `sqrt(Σᵢ (1 − uᵢ/maxᵢ)²)` (with `(1 − uᵢ)²` when `maxᵢ = 0`); `+∞` when no outcome qualifies.
//!   Each term only shrinks as `uᵢ` grows towards `maxᵢ`, so the minimum is attained on the Pareto
//!   frontier of the rational outcomes: [`opposition`] scans that frontier instead of every outcome.
//! - **Rational fraction**: outcomes with every `uᵢ > reservationᵢ` (*strictly*, unlike the
//!   frontier's `≥`), divided by the number of outcomes. [`rational_fraction`] takes the count.

/// Opposition level from the rational frontier's utility vectors (flat, `maxima.len()` per point).
pub fn opposition(rational_frontier: &[f64], maxima: &[f64]) -> f64 {
    let k = maxima.len();
    rational_frontier
        .chunks_exact(k)
        .map(|u| {
            u.iter()
                .zip(maxima)
                .map(|(&u, &m)| {
                    let d = if m != 0.0 { 1.0 - u / m } else { 1.0 - u };
                    d * d
                })
                .sum::<f64>()
        })
        .fold(f64::INFINITY, f64::min)
        .sqrt()
}

/// Share of strictly rational outcomes, `None` when the count is unknown or the space infinite.
pub fn rational_fraction(strictly_rational: Option<u64>, outcomes: Option<f64>) -> Option<f64> {
    match (strictly_rational, outcomes) {
        (Some(_), Some(0.0)) => Some(0.0),
        (Some(c), Some(n)) => Some(c as f64 / n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opposition_is_zero_when_everyone_gets_the_maximum() {
        assert_eq!(opposition(&[1.0, 2.0, 0.5, 0.5], &[1.0, 2.0]), 0.0);
        let v = opposition(&[0.5, 1.0], &[1.0, 2.0]);
        assert!((v - (0.25f64 + 0.25).sqrt()).abs() < 1e-15);
        assert_eq!(opposition(&[], &[1.0, 1.0]), f64::INFINITY);
    }

    #[test]
    fn rational_fraction_divides_by_the_space() {
        assert_eq!(rational_fraction(Some(3), Some(12.0)), Some(0.25));
        assert_eq!(rational_fraction(None, Some(12.0)), None);
    }
}
