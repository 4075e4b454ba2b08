//! How good an agreement is: its distance to the Pareto frontier and to the Nash point.
//!
//! A small brute-force helper (every outcome of an enumerable space is evaluated once per
//! scenario) until the `analysis` module's frontier replaces it. Follows NegMAS's conventions:
//! the frontier keeps only rational outcomes (`u_i >= reservation_i`) and is strict; the Nash point
//! maximises `Π (u_i − r_i)` over it with `r_i = reservation_i` if at least the party's minimum,
//! else its minimum.

use crate::scenario::Scenario;

/// Largest space the helper enumerates.
pub const ENUMERATION_LIMIT: u64 = 2_000_000;

/// The frontier and Nash point of a scenario, computed once and reused by every negotiation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Pareto-optimal utility vectors (rational outcomes only), by welfare descending.
    pub frontier: Vec<Vec<f64>>,
    /// The Nash bargaining point, when the frontier is non-empty.
    pub nash: Option<Vec<f64>>,
}

impl Reference {
    /// Computes the frontier by enumeration; `None` when the space is not enumerable within
    /// [`ENUMERATION_LIMIT`] or a utility function lacks index tables.
    pub fn compute(scenario: &Scenario) -> Option<Self> {
        let space = scenario.space();
        let n = space
            .enumerable_size()
            .filter(|&n| n <= ENUMERATION_LIMIT)?;
        let parties = scenario.parties();
        if !parties.iter().all(|p| p.profile.utility.supports_indices()) {
            return None;
        }
        let reserve = scenario.reservations();
        let mut columns = Vec::with_capacity(parties.len());
        for p in parties {
            let mut col = vec![0.0; n as usize];
            p.profile.utility.utilities_of_ranks(space, 0, &mut col);
            columns.push(col);
        }
        let mut points: Vec<Vec<f64>> = (0..n as usize)
            .map(|r| columns.iter().map(|c| c[r]).collect::<Vec<f64>>())
            .filter(|u: &Vec<f64>| u.iter().zip(&reserve).all(|(x, r)| x >= r))
            .collect();
        points.sort_by(|a, b| b.iter().sum::<f64>().total_cmp(&a.iter().sum::<f64>()));
        let mut frontier: Vec<Vec<f64>> = Vec::new();
        for p in points {
            let dominated = frontier
                .iter()
                .any(|f| f.iter().zip(&p).all(|(a, b)| a >= b));
            if !dominated {
                frontier.push(p);
            }
        }
        let mins: Vec<f64> = columns
            .iter()
            .map(|c| c.iter().copied().fold(f64::INFINITY, f64::min))
            .collect();
        let refs: Vec<f64> = reserve
            .iter()
            .zip(&mins)
            .map(|(r, m)| if r >= m { *r } else { *m })
            .collect();
        let nash = frontier
            .iter()
            .max_by(|a, b| nash_product(a, &refs).total_cmp(&nash_product(b, &refs)))
            .cloned();
        Some(Reference { frontier, nash })
    }

    /// Euclidean distance from `utilities` to the nearest frontier point (0 on the frontier).
    pub fn pareto_distance(&self, utilities: &[f64]) -> Option<f64> {
        self.frontier
            .iter()
            .map(|f| distance(f, utilities))
            .min_by(f64::total_cmp)
    }

    /// Euclidean distance from `utilities` to the Nash point.
    pub fn nash_distance(&self, utilities: &[f64]) -> Option<f64> {
        self.nash.as_ref().map(|n| distance(n, utilities))
    }
}

fn nash_product(u: &[f64], refs: &[f64]) -> f64 {
    u.iter().zip(refs).map(|(x, r)| x - r).product()
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}
