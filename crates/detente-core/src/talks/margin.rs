//! Margin measurement: how much room for agreement the mediator can see after each round.
//!
//! The *margin* of a package is the smallest surplus any party gets from it over its reservation,
//! `min_i (u_i(p) − r_i)`; the margin of the talks is the largest margin of any package (the
//! analysis module's definition). It is non-negative exactly when a zone of possible agreement
//! exists. A blind mediator estimates it on its own estimated utilities, which run from 0 to 1.
//!
//! Each round records what the mediator knows (packages everyone accepts, per-issue values each
//! party accepted, the issues with common ground), the mediator's estimate of the margin with
//! bounds, and, for a mediator that holds the profiles, the exact margin.

use super::evidence::Contradiction;
use super::knowledge::Knowledge;

/// A margin estimate with bounds, in utility (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarginEstimate {
    /// Best guess.
    pub estimate: f64,
    /// The margin is at least this, given what is known.
    pub lower: f64,
    /// The margin is at most this, given what is known.
    pub upper: f64,
}

impl MarginEstimate {
    /// An exactly known margin.
    pub fn exact(margin: f64) -> Self {
        MarginEstimate {
            estimate: margin,
            lower: margin,
            upper: margin,
        }
    }
}

/// One round's measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct MarginPoint {
    /// The round (1-based).
    pub round: u32,
    /// Number of distinct packages every party at the table currently accepts.
    pub accepted_by_all: usize,
    /// Issues (by position) on which every party at the table has accepted a common value, with
    /// those value indices.
    pub common_ground: Vec<(usize, Vec<u32>)>,
    /// Per party, per issue: value indices the party has accepted at least once.
    pub accepted_values: Vec<Vec<Vec<u32>>>,
    /// The mediator's estimate of the margin, with bounds.
    pub estimate: MarginEstimate,
    /// The exact margin, when the mediator holds every profile.
    pub exact: Option<f64>,
    /// Every answer so far set aside because it contradicted the same party's earlier answers:
    /// (party, contradiction). The bounds hold for the answers kept.
    pub contradictions: Vec<(usize, Contradiction)>,
}

impl MarginPoint {
    /// Measures what `knowledge` shows for the parties at the table.
    pub fn measure(
        round: u32,
        knowledge: &Knowledge,
        at_table: &[usize],
        estimate: MarginEstimate,
        exact: Option<f64>,
    ) -> Self {
        // A package everyone accepts proves the margin is non-negative, whatever the model says.
        let accepted_by_all = knowledge.accepted_by_all(at_table).len();
        let mut estimate = estimate;
        if accepted_by_all > 0 {
            estimate.lower = estimate.lower.max(0.0);
            estimate.upper = estimate.upper.max(estimate.lower);
            estimate.estimate = estimate.estimate.max(estimate.lower).min(estimate.upper);
        }
        MarginPoint {
            round,
            accepted_by_all,
            common_ground: knowledge.common_ground(at_table),
            accepted_values: knowledge
                .parties
                .iter()
                .map(|p| {
                    p.accepted_values(knowledge.issues())
                        .into_iter()
                        .map(|s| s.into_iter().collect())
                        .collect()
                })
                .collect(),
            estimate,
            exact,
            contradictions: knowledge.contradictions(),
        }
    }
}
