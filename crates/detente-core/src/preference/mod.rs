//! What each party wants: utility functions, reservation values and discount factors.
//!
//! Two families of utility function cover the research corpus:
//! - [`LinearAdditiveUtility`]: `bias + Σ wᵢ·evalᵢ(vᵢ)`, optionally capped (GENIUS caps at 1);
//! - [`HyperRectangleUtility`]: the ANAC 2014 non-linear profiles, a sum of rectangle utilities.
//!
//! Both precompute what they can at construction so that [`UtilityFunction::utility_of_indices`]
//! (the hot path of every analysis) is a handful of table lookups.

mod hyperrect;
mod linear;
mod profile;

pub use hyperrect::{HyperRectangleUtility, Rectangle, RectangleBound};
pub use linear::{Evaluator, IssueUtility, LinearAdditiveUtility};
pub use profile::Profile;

use crate::error::ModelError;
use crate::outcome::{OutcomeSpace, Value};

/// A party's utility over outcomes.
#[derive(Debug, Clone, PartialEq)]
pub enum UtilityFunction {
    /// Weighted sum of per-issue evaluations.
    LinearAdditive(LinearAdditiveUtility),
    /// Sum of hyper-rectangle utilities (GENIUS `type="nonlinear"`).
    HyperRectangle(HyperRectangleUtility),
}

impl UtilityFunction {
    /// Utility of a general outcome (any issue kinds). The outcome must belong to the space the
    /// function was built for.
    pub fn utility(&self, outcome: &[Value]) -> f64 {
        match self {
            UtilityFunction::LinearAdditive(u) => u.utility(outcome),
            UtilityFunction::HyperRectangle(u) => u.utility(outcome),
        }
    }

    /// Utility of the outcome with per-issue value indices `indices` (enumerable spaces only).
    #[inline]
    pub fn utility_of_indices(&self, indices: &[u32]) -> f64 {
        match self {
            UtilityFunction::LinearAdditive(u) => u.utility_of_indices(indices),
            UtilityFunction::HyperRectangle(u) => u.utility_of_indices(indices),
        }
    }

    /// Utilities of `out.len()` consecutive outcomes starting at rank `first` (batch API).
    ///
    /// Returns `false` (leaving `out` untouched) when the space is not enumerable or the range runs
    /// past the last outcome.
    pub fn utilities_of_ranks(&self, space: &OutcomeSpace, first: u64, out: &mut [f64]) -> bool {
        let Some(radices) = space.radices() else {
            return false;
        };
        let Some(size) = space.enumerable_size() else {
            return false;
        };
        if first
            .checked_add(out.len() as u64)
            .is_none_or(|end| end > size)
        {
            return false;
        }
        let mut indices = vec![0u32; radices.len()];
        OutcomeSpace::unrank_into(&radices, first, &mut indices);
        for slot in out.iter_mut() {
            *slot = self.utility_of_indices(&indices);
            OutcomeSpace::advance(&radices, &mut indices);
        }
        true
    }

    /// Whether [`UtilityFunction::utility_of_indices`] may be used (every issue has an index table).
    pub fn supports_indices(&self) -> bool {
        match self {
            UtilityFunction::LinearAdditive(u) => u.contribution_tables().is_some(),
            UtilityFunction::HyperRectangle(_) => true,
        }
    }

    /// The exact (min, max) utility over the space, when it can be had without enumeration.
    ///
    /// Linear-additive functions always can (per-issue extremes add up). Hyper-rectangle functions
    /// return `None`: their extremes need a search (see the analysis module).
    pub fn exact_range(&self, space: &OutcomeSpace) -> Option<(f64, f64)> {
        match self {
            UtilityFunction::LinearAdditive(u) => Some(u.range(space)),
            UtilityFunction::HyperRectangle(_) => None,
        }
    }

    /// The (min, max) utility over the space: exact for linear-additive functions, by enumeration
    /// for others when the space has at most `enumeration_limit` outcomes.
    pub fn range(&self, space: &OutcomeSpace, enumeration_limit: u64) -> Option<(f64, f64)> {
        if let Some(r) = self.exact_range(space) {
            return Some(r);
        }
        let size = space.enumerable_size()?;
        if size > enumeration_limit {
            return None;
        }
        let radices = space.radices()?;
        let mut indices = vec![0u32; radices.len()];
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        loop {
            let u = self.utility_of_indices(&indices);
            lo = lo.min(u);
            hi = hi.max(u);
            if !OutcomeSpace::advance(&radices, &mut indices) {
                break;
            }
        }
        Some((lo, hi))
    }

    /// Checks that the function fits `space` (issue count, table sizes, evaluator kinds).
    pub fn check_fits(&self, profile: &str, space: &OutcomeSpace) -> Result<(), ModelError> {
        match self {
            UtilityFunction::LinearAdditive(u) => u.check_fits(profile, space),
            UtilityFunction::HyperRectangle(u) => u.check_fits(profile, space),
        }
    }
}
