//! How good an agreement is: its distance to the Pareto frontier and to the Nash point.
//!
//! The frontier and the Nash point come from [`crate::analysis`] (strict frontier over rational
//! outcomes, NegMAS conventions); this module keeps only what a negotiation report needs from it, so
//! a batch of negotiations analyses its scenario once.

use crate::analysis::{analyze, Analysis, AnalysisConfig, AnalysisError};
use crate::scenario::Scenario;

/// The frontier and Nash point of a scenario, computed once and reused by every negotiation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Pareto-optimal utility vectors (rational outcomes only), by welfare descending.
    pub frontier: Vec<Vec<f64>>,
    /// The Nash bargaining point (the first, when there are ties), when the frontier is non-empty.
    pub nash: Option<Vec<f64>>,
}

impl Reference {
    /// Analyses `scenario` (see [`crate::analysis::analyze`] for which spaces it can handle).
    pub fn compute(scenario: &Scenario) -> Result<Self, AnalysisError> {
        Ok(Self::from_analysis(&analyze(
            scenario,
            &AnalysisConfig::default(),
        )?))
    }

    /// The parts of an existing analysis a negotiation report uses.
    pub fn from_analysis(analysis: &Analysis) -> Self {
        Reference {
            frontier: analysis
                .frontier
                .iter()
                .map(|p| p.utilities.clone())
                .collect(),
            nash: analysis.nash.first().map(|p| p.utilities.clone()),
        }
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

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_euclidean_to_the_nearest_point() {
        let r = Reference {
            frontier: vec![vec![1.0, 0.0], vec![0.0, 1.0]],
            nash: Some(vec![1.0, 0.0]),
        };
        assert_eq!(r.pareto_distance(&[0.0, 1.0]), Some(0.0));
        assert!((r.pareto_distance(&[0.0, 0.0]).unwrap() - 1.0).abs() < 1e-12);
        assert!((r.nash_distance(&[0.0, 1.0]).unwrap() - 2f64.sqrt()).abs() < 1e-12);
    }
}
