//! Non-linear utility as a sum of hyper-rectangles (GENIUS `type="nonlinear"`, ANAC 2014).
//!
//! A rectangle pays its utility when every `includes` bound holds and no `excludes` bound does.
//! The total is `scale · Σ paid utilities`; GENIUS's `scale` is `weight / maxutility`.

use crate::error::ModelError;
use crate::outcome::{IssueDomain, OutcomeSpace, Value};

/// One inclusive bound `[min, max]` on one issue's (numeric) value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectangleBound {
    /// 0-based issue position in the space.
    pub issue: usize,
    /// Smallest value inside.
    pub min: f64,
    /// Largest value inside.
    pub max: f64,
}

impl RectangleBound {
    #[inline]
    fn holds(&self, x: f64) -> bool {
        x >= self.min && x <= self.max
    }
}

/// A region of the space and what an outcome inside it is worth.
#[derive(Debug, Clone, PartialEq)]
pub struct Rectangle {
    /// Utility paid to an outcome inside the region.
    pub utility: f64,
    /// Bounds that must all hold.
    pub includes: Vec<RectangleBound>,
    /// Bounds none of which may hold.
    pub excludes: Vec<RectangleBound>,
}

impl Rectangle {
    #[inline]
    fn contains(&self, value_of: impl Fn(usize) -> f64) -> bool {
        self.includes.iter().all(|b| b.holds(value_of(b.issue)))
            && !self.excludes.iter().any(|b| b.holds(value_of(b.issue)))
    }
}

/// `scale · Σ { r.utility : outcome ∈ r }`.
#[derive(Debug, Clone, PartialEq)]
pub struct HyperRectangleUtility {
    rectangles: Vec<Rectangle>,
    scale: f64,
    /// Numeric value of index 0 of each issue (integer issues' lower bound; discrete issues use
    /// their index as their number).
    origins: Vec<f64>,
}

impl HyperRectangleUtility {
    /// Builds the function, checking that every bound names an issue of `space`.
    pub fn new(
        profile: &str,
        space: &OutcomeSpace,
        rectangles: Vec<Rectangle>,
        scale: f64,
    ) -> Result<Self, ModelError> {
        if !scale.is_finite() {
            return Err(ModelError::NotFinite {
                what: format!("scale of profile `{profile}`"),
                value: scale,
            });
        }
        let n = space.issues().len();
        for r in &rectangles {
            if !r.utility.is_finite() {
                return Err(ModelError::NotFinite {
                    what: format!("rectangle utility in profile `{profile}`"),
                    value: r.utility,
                });
            }
            for b in r.includes.iter().chain(&r.excludes) {
                if b.issue >= n {
                    return Err(ModelError::RectangleIssueOutOfRange {
                        profile: profile.to_owned(),
                        issue: b.issue,
                        issues: n,
                    });
                }
            }
        }
        let origins = space
            .issues()
            .iter()
            .map(|i| match i.domain() {
                IssueDomain::Integer { min, .. } => *min as f64,
                _ => 0.0,
            })
            .collect();
        Ok(HyperRectangleUtility {
            rectangles,
            scale,
            origins,
        })
    }

    /// The rectangles.
    pub fn rectangles(&self) -> &[Rectangle] {
        &self.rectangles
    }

    /// The factor applied to the sum.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Utility of a general outcome.
    pub fn utility(&self, outcome: &[Value]) -> f64 {
        let value_of = |k: usize| match outcome[k] {
            Value::Discrete(i) => i as f64,
            Value::Integer(v) => v as f64,
            Value::Real(x) => x,
        };
        self.sum(value_of)
    }

    /// Utility of the outcome with per-issue value indices `indices`.
    #[inline]
    pub fn utility_of_indices(&self, indices: &[u32]) -> f64 {
        self.sum(|k| self.origins[k] + indices[k] as f64)
    }

    #[inline]
    fn sum(&self, value_of: impl Fn(usize) -> f64 + Copy) -> f64 {
        let total: f64 = self
            .rectangles
            .iter()
            .filter(|r| r.contains(value_of))
            .map(|r| r.utility)
            .sum();
        total * self.scale
    }

    pub(super) fn check_fits(&self, profile: &str, space: &OutcomeSpace) -> Result<(), ModelError> {
        if self.origins.len() != space.issues().len() {
            return Err(ModelError::IssueCountMismatch {
                profile: profile.to_owned(),
                expected: space.issues().len(),
                found: self.origins.len(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Issue;

    #[test]
    fn sums_the_rectangles_that_contain_the_outcome() {
        let space = OutcomeSpace::new(vec![
            Issue::new("a", IssueDomain::Integer { min: 0, max: 9 }).unwrap(),
            Issue::new("b", IssueDomain::Integer { min: 0, max: 9 }).unwrap(),
        ])
        .unwrap();
        let rect = |u, a: (f64, f64)| Rectangle {
            utility: u,
            includes: vec![RectangleBound {
                issue: 0,
                min: a.0,
                max: a.1,
            }],
            excludes: vec![],
        };
        let everything = Rectangle {
            utility: 1.0,
            includes: vec![],
            excludes: vec![],
        };
        let u = HyperRectangleUtility::new(
            "p",
            &space,
            vec![rect(10.0, (0.0, 4.0)), rect(5.0, (3.0, 9.0)), everything],
            0.5,
        )
        .unwrap();
        assert_eq!(u.utility_of_indices(&[0, 0]), 5.5);
        assert_eq!(u.utility_of_indices(&[3, 7]), 8.0);
        assert_eq!(u.utility_of_indices(&[9, 9]), 3.0);
        assert_eq!(u.utility(&[Value::Integer(4), Value::Integer(0)]), 8.0);
    }

    #[test]
    fn rejects_bounds_on_missing_issues() {
        let space = OutcomeSpace::new(vec![Issue::new(
            "a",
            IssueDomain::Integer { min: 0, max: 1 },
        )
        .unwrap()])
        .unwrap();
        let bad = Rectangle {
            utility: 1.0,
            includes: vec![RectangleBound {
                issue: 3,
                min: 0.0,
                max: 1.0,
            }],
            excludes: vec![],
        };
        assert!(matches!(
            HyperRectangleUtility::new("p", &space, vec![bad], 1.0),
            Err(ModelError::RectangleIssueOutOfRange { .. })
        ));
    }
}
