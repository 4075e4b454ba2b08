//! Linear-additive utility: `min(cap, bias + Σ wᵢ·evalᵢ(vᵢ))`.

use crate::error::ModelError;
use crate::outcome::{IssueDomain, OutcomeSpace, Value};

/// Largest per-issue value count for which a contribution table is precomputed.
/// Wider integer issues are evaluated through their formula.
const MAX_TABLE_LEN: u128 = 1 << 22;

/// How one issue's value is scored, before weighting.
#[derive(Debug, Clone, PartialEq)]
pub enum Evaluator {
    /// One score per value index (discrete issues, or small integer issues written out value by value).
    Table(Vec<f64>),
    /// `offset + slope·(x − origin)`, clamped to `[0, 1]` when `clamp` is set.
    ///
    /// GENIUS integer evaluators use `origin = lowerbound`; its real evaluators use `origin = 0`.
    Linear {
        /// Score at `x = origin`.
        offset: f64,
        /// Change per unit of `x`.
        slope: f64,
        /// Where `offset` is measured from.
        origin: f64,
        /// Clamp the score to `[0, 1]`.
        clamp: bool,
    },
    /// 0 at `lower`, rising linearly to 1 at `top`, falling to 0 at `upper` (GENIUS `triangular`).
    Triangular {
        /// Where the score starts rising.
        lower: f64,
        /// Where the score is 1.
        top: f64,
        /// Where the score is back to 0.
        upper: f64,
    },
    /// The same score for every value.
    Constant(f64),
}

impl Evaluator {
    /// Score of a numeric value (integer and real issues).
    pub fn score_number(&self, x: f64) -> f64 {
        match *self {
            Evaluator::Linear {
                offset,
                slope,
                origin,
                clamp,
            } => {
                let u = offset + slope * (x - origin);
                if clamp {
                    u.clamp(0.0, 1.0)
                } else {
                    u
                }
            }
            Evaluator::Triangular { lower, top, upper } => {
                if x <= lower || x >= upper {
                    if x == top {
                        1.0
                    } else {
                        0.0
                    }
                } else if x <= top {
                    if top > lower {
                        (x - lower) / (top - lower)
                    } else {
                        1.0
                    }
                } else if upper > top {
                    (upper - x) / (upper - top)
                } else {
                    1.0
                }
            }
            Evaluator::Constant(c) => c,
            Evaluator::Table(_) => f64::NAN,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Evaluator::Table(_) => "a value table",
            Evaluator::Linear { .. } => "linear",
            Evaluator::Triangular { .. } => "triangular",
            Evaluator::Constant(_) => "constant",
        }
    }

    fn numbers(&self) -> Vec<f64> {
        match self {
            Evaluator::Table(t) => t.clone(),
            Evaluator::Linear {
                offset,
                slope,
                origin,
                ..
            } => vec![*offset, *slope, *origin],
            Evaluator::Triangular { lower, top, upper } => vec![*lower, *top, *upper],
            Evaluator::Constant(c) => vec![*c],
        }
    }
}

/// One issue's part of a linear-additive function.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueUtility {
    /// The issue's weight, as written (not renormalised).
    pub weight: f64,
    /// How values of the issue are scored.
    pub evaluator: Evaluator,
}

/// `min(cap, bias + Σ wᵢ·evalᵢ(vᵢ))` over a fixed space.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearAdditiveUtility {
    bias: f64,
    issues: Vec<IssueUtility>,
    cap: Option<f64>,
    /// For each issue, where index 0 sits on the number line (integer issues) — used by the formula path.
    origins: Vec<f64>,
    /// `wᵢ·evalᵢ(value k)` per issue and value index; `None` when some issue is too wide for a table.
    tables: Option<Vec<Box<[f64]>>>,
}

impl LinearAdditiveUtility {
    /// Builds the function for `space`, checking it fits and precomputing contribution tables.
    ///
    /// `profile` names the profile in error messages.
    pub fn new(
        profile: &str,
        space: &OutcomeSpace,
        bias: f64,
        issues: Vec<IssueUtility>,
        cap: Option<f64>,
    ) -> Result<Self, ModelError> {
        let not_finite = |what: String, value: f64| ModelError::NotFinite { what, value };
        if !bias.is_finite() {
            return Err(not_finite(format!("bias of profile `{profile}`"), bias));
        }
        if let Some(c) = cap {
            if !c.is_finite() {
                return Err(not_finite(format!("utility cap of profile `{profile}`"), c));
            }
        }
        if issues.len() != space.issues().len() {
            return Err(ModelError::IssueCountMismatch {
                profile: profile.to_owned(),
                expected: space.issues().len(),
                found: issues.len(),
            });
        }
        let mut origins = Vec::with_capacity(issues.len());
        for (iu, issue) in issues.iter().zip(space.issues()) {
            if !iu.weight.is_finite() {
                return Err(not_finite(
                    format!("weight of issue `{}` in profile `{profile}`", issue.name()),
                    iu.weight,
                ));
            }
            if let Some(bad) = iu.evaluator.numbers().into_iter().find(|x| !x.is_finite()) {
                return Err(not_finite(
                    format!(
                        "evaluation of issue `{}` in profile `{profile}`",
                        issue.name()
                    ),
                    bad,
                ));
            }
            let mismatch = || ModelError::EvaluatorKindMismatch {
                profile: profile.to_owned(),
                issue: issue.name().to_owned(),
                kind: issue.kind(),
                evaluator: iu.evaluator.name(),
            };
            match (issue.domain(), &iu.evaluator) {
                (IssueDomain::Real { .. }, Evaluator::Table(_))
                | (
                    IssueDomain::Discrete(_),
                    Evaluator::Linear { .. } | Evaluator::Triangular { .. },
                ) => return Err(mismatch()),
                (_, Evaluator::Table(t)) => {
                    // Discrete and integer issues: one entry per value.
                    let expected = issue.cardinality().unwrap_or(0);
                    if t.len() as u128 != expected {
                        return Err(ModelError::TableLengthMismatch {
                            profile: profile.to_owned(),
                            issue: issue.name().to_owned(),
                            expected: expected.min(usize::MAX as u128) as usize,
                            found: t.len(),
                        });
                    }
                }
                _ => {}
            }
            origins.push(match issue.domain() {
                IssueDomain::Integer { min, .. } => *min as f64,
                _ => 0.0,
            });
        }
        let mut u = LinearAdditiveUtility {
            bias,
            issues,
            cap,
            origins,
            tables: None,
        };
        u.tables = u.build_tables(space);
        Ok(u)
    }

    fn build_tables(&self, space: &OutcomeSpace) -> Option<Vec<Box<[f64]>>> {
        self.issues
            .iter()
            .zip(space.issues())
            .enumerate()
            .map(|(k, (iu, issue))| {
                let n = issue.cardinality()?;
                if n > MAX_TABLE_LEN {
                    return None;
                }
                Some(
                    (0..n as u64)
                        .map(|index| {
                            let v = issue.value_at(index).expect("index below cardinality");
                            iu.weight * self.score(k, &v)
                        })
                        .collect::<Vec<_>>()
                        .into_boxed_slice(),
                )
            })
            .collect()
    }

    /// Unweighted score of `value` on issue number `k`.
    fn score(&self, k: usize, value: &Value) -> f64 {
        match (&self.issues[k].evaluator, value) {
            (Evaluator::Table(t), Value::Discrete(i)) => t[*i as usize],
            // Integer tables are indexed from the issue's lower bound.
            (Evaluator::Table(t), Value::Integer(x)) => t[(*x as f64 - self.origins[k]) as usize],
            (Evaluator::Constant(c), _) => *c,
            (e, v) => e.score_number(v.as_f64().unwrap_or(f64::NAN)),
        }
    }

    /// The bias term.
    pub fn bias(&self) -> f64 {
        self.bias
    }

    /// Per-issue weights and evaluators, in issue order.
    pub fn issues(&self) -> &[IssueUtility] {
        &self.issues
    }

    /// The cap applied to the sum (GENIUS: `Some(1.0)`).
    pub fn cap(&self) -> Option<f64> {
        self.cap
    }

    /// `wᵢ·evalᵢ(k)` per issue and value index, when every issue is narrow enough for a table.
    pub fn contribution_tables(&self) -> Option<&[Box<[f64]>]> {
        self.tables.as_deref()
    }

    #[inline]
    fn finish(&self, sum: f64) -> f64 {
        match self.cap {
            Some(c) => sum.min(c),
            None => sum,
        }
    }

    /// Utility of a general outcome.
    pub fn utility(&self, outcome: &[Value]) -> f64 {
        let mut sum = self.bias;
        for (k, (iu, v)) in self.issues.iter().zip(outcome).enumerate() {
            sum += match (&self.tables, v) {
                (Some(t), Value::Discrete(i)) => t[k][*i as usize],
                (Some(t), Value::Integer(x)) => t[k][(*x as f64 - self.origins[k]) as usize],
                _ => iu.weight * self.score(k, v),
            };
        }
        self.finish(sum)
    }

    /// Utility of the outcome with per-issue value indices `indices`.
    ///
    /// # Panics
    /// If the function has no contribution tables (see [`Self::contribution_tables`]) or an index
    /// is out of range: callers check [`super::UtilityFunction::supports_indices`] once, up front.
    #[inline]
    pub fn utility_of_indices(&self, indices: &[u32]) -> f64 {
        let tables = self
            .tables
            .as_ref()
            .expect("utility_of_indices needs contribution tables");
        let mut sum = self.bias;
        for (table, &i) in tables.iter().zip(indices) {
            sum += table[i as usize];
        }
        self.finish(sum)
    }

    /// Exact (min, max) of the function over `space`: per-issue extremes add up.
    pub fn range(&self, space: &OutcomeSpace) -> (f64, f64) {
        let (mut lo, mut hi) = (self.bias, self.bias);
        for (k, (iu, issue)) in self.issues.iter().zip(space.issues()).enumerate() {
            let (a, b) = match (&self.tables, issue.domain()) {
                (Some(t), _) => extremes(t[k].iter().copied()),
                (None, IssueDomain::Discrete(_)) => match &iu.evaluator {
                    Evaluator::Table(t) => extremes(t.iter().map(|e| iu.weight * e)),
                    other => {
                        let c = iu.weight * other.score_number(0.0);
                        (c, c)
                    }
                },
                (None, IssueDomain::Integer { min, max }) => {
                    self.numeric_extremes(iu, *min as f64, *max as f64)
                }
                (None, IssueDomain::Real { min, max }) => self.numeric_extremes(iu, *min, *max),
            };
            lo += a;
            hi += b;
        }
        (self.finish(lo), self.finish(hi))
    }

    fn numeric_extremes(&self, iu: &IssueUtility, min: f64, max: f64) -> (f64, f64) {
        let mut candidates = vec![min, max];
        if let Evaluator::Triangular { lower, top, upper } = iu.evaluator {
            candidates.extend(
                [lower, top, upper]
                    .into_iter()
                    .filter(|x| *x >= min && *x <= max),
            );
        }
        extremes(
            candidates
                .into_iter()
                .map(|x| iu.weight * iu.evaluator.score_number(x)),
        )
    }

    pub(super) fn check_fits(&self, profile: &str, space: &OutcomeSpace) -> Result<(), ModelError> {
        // Construction validated against a space; re-check the shape against this one.
        if self.issues.len() != space.issues().len() {
            return Err(ModelError::IssueCountMismatch {
                profile: profile.to_owned(),
                expected: space.issues().len(),
                found: self.issues.len(),
            });
        }
        Ok(())
    }
}

fn extremes(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Issue;

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::discrete("colour", ["red", "green", "blue"]).unwrap(),
            Issue::new("count", IssueDomain::Integer { min: -2, max: 2 }).unwrap(),
            Issue::new(
                "price",
                IssueDomain::Real {
                    min: 0.0,
                    max: 10.0,
                },
            )
            .unwrap(),
        ])
        .unwrap()
    }

    fn utility(cap: Option<f64>) -> LinearAdditiveUtility {
        LinearAdditiveUtility::new(
            "p",
            &space(),
            0.1,
            vec![
                IssueUtility {
                    weight: 0.5,
                    evaluator: Evaluator::Table(vec![0.0, 0.5, 1.0]),
                },
                IssueUtility {
                    weight: 0.3,
                    evaluator: Evaluator::Linear {
                        offset: 0.0,
                        slope: 0.25,
                        origin: -2.0,
                        clamp: true,
                    },
                },
                IssueUtility {
                    weight: 0.2,
                    evaluator: Evaluator::Linear {
                        offset: 1.0,
                        slope: -0.1,
                        origin: 0.0,
                        clamp: true,
                    },
                },
            ],
            cap,
        )
        .unwrap()
    }

    #[test]
    fn evaluates_mixed_issues() {
        let u = utility(None);
        let o = [Value::Discrete(2), Value::Integer(2), Value::Real(0.0)];
        assert!((u.utility(&o) - (0.1 + 0.5 + 0.3 + 0.2)).abs() < 1e-12);
        let o = [Value::Discrete(1), Value::Integer(0), Value::Real(5.0)];
        assert!((u.utility(&o) - (0.1 + 0.25 + 0.15 + 0.1)).abs() < 1e-12);
        let (lo, hi) = u.range(&space());
        assert!((lo - 0.1).abs() < 1e-12 && (hi - 1.1).abs() < 1e-12);
    }

    #[test]
    fn cap_limits_the_sum() {
        let u = utility(Some(1.0));
        let o = [Value::Discrete(2), Value::Integer(2), Value::Real(0.0)];
        assert_eq!(u.utility(&o), 1.0);
        assert_eq!(u.range(&space()).1, 1.0);
    }

    #[test]
    fn rejects_bad_shapes() {
        let s = space();
        let err = LinearAdditiveUtility::new("p", &s, 0.0, vec![], None).unwrap_err();
        assert!(matches!(err, ModelError::IssueCountMismatch { .. }));
        let mut issues = utility(None).issues().to_vec();
        issues[0].evaluator = Evaluator::Table(vec![1.0]);
        assert!(matches!(
            LinearAdditiveUtility::new("p", &s, 0.0, issues.clone(), None),
            Err(ModelError::TableLengthMismatch { .. })
        ));
        issues[0].evaluator = Evaluator::Table(vec![1.0, f64::NAN, 0.0]);
        assert!(matches!(
            LinearAdditiveUtility::new("p", &s, 0.0, issues, None),
            Err(ModelError::NotFinite { .. })
        ));
    }

    #[test]
    fn triangular_peaks_at_top() {
        let e = Evaluator::Triangular {
            lower: 0.0,
            top: 2.0,
            upper: 4.0,
        };
        assert_eq!(e.score_number(0.0), 0.0);
        assert_eq!(e.score_number(1.0), 0.5);
        assert_eq!(e.score_number(2.0), 1.0);
        assert_eq!(e.score_number(3.0), 0.5);
        assert_eq!(e.score_number(5.0), 0.0);
    }
}
