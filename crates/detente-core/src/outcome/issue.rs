//! One negotiated issue and the set of values it may take.

use crate::error::ModelError;

/// The set of values an issue may take.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueDomain {
    /// Named options, in the order they were listed. Indices are positions in this list.
    Discrete(Vec<String>),
    /// Every integer in `min..=max`. Index `k` is the value `min + k`.
    Integer {
        /// Smallest value.
        min: i64,
        /// Largest value (inclusive).
        max: i64,
    },
    /// Every real number in `[min, max]`. Not enumerable.
    Real {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
}

/// A named issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    name: String,
    domain: IssueDomain,
}

impl Issue {
    /// Builds an issue, checking that the domain is non-empty, its values unique and its bounds sane.
    pub fn new(name: impl Into<String>, domain: IssueDomain) -> Result<Self, ModelError> {
        let name = name.into();
        if name.is_empty() {
            return Err(ModelError::EmptyIssueName);
        }
        match &domain {
            IssueDomain::Discrete(values) => {
                if values.is_empty() {
                    return Err(ModelError::NoValues(name));
                }
                let mut seen = std::collections::HashSet::with_capacity(values.len());
                for v in values {
                    if !seen.insert(v.as_str()) {
                        return Err(ModelError::DuplicateValue {
                            issue: name,
                            value: v.clone(),
                        });
                    }
                }
            }
            IssueDomain::Integer { min, max } => {
                if min > max {
                    return Err(ModelError::InvalidRange {
                        issue: name,
                        min: min.to_string(),
                        max: max.to_string(),
                    });
                }
            }
            IssueDomain::Real { min, max } => {
                if !min.is_finite() || !max.is_finite() || min > max {
                    return Err(ModelError::InvalidRange {
                        issue: name,
                        min: min.to_string(),
                        max: max.to_string(),
                    });
                }
            }
        }
        Ok(Issue { name, domain })
    }

    /// A discrete issue from string-like values.
    pub fn discrete<S: Into<String>>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> Result<Self, ModelError> {
        Self::new(
            name,
            IssueDomain::Discrete(values.into_iter().map(Into::into).collect()),
        )
    }

    /// The issue's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The issue's values.
    pub fn domain(&self) -> &IssueDomain {
        &self.domain
    }

    /// A short word for the kind of issue: `discrete`, `integer` or `real`.
    pub fn kind(&self) -> &'static str {
        match self.domain {
            IssueDomain::Discrete(_) => "discrete",
            IssueDomain::Integer { .. } => "integer",
            IssueDomain::Real { .. } => "real",
        }
    }

    /// Number of values, or `None` for a real issue. Exact: an integer range of 2^64 values fits.
    pub fn cardinality(&self) -> Option<u128> {
        match &self.domain {
            IssueDomain::Discrete(values) => Some(values.len() as u128),
            IssueDomain::Integer { min, max } => Some((*max as i128 - *min as i128 + 1) as u128),
            IssueDomain::Real { .. } => None,
        }
    }

    /// The value at dense index `index`, if the issue is countable and the index in range.
    pub fn value_at(&self, index: u64) -> Option<super::Value> {
        match &self.domain {
            IssueDomain::Discrete(values) => {
                (index < values.len() as u64).then_some(super::Value::Discrete(index as u32))
            }
            IssueDomain::Integer { min, max } => {
                let v = *min as i128 + index as i128;
                (v <= *max as i128).then_some(super::Value::Integer(v as i64))
            }
            IssueDomain::Real { .. } => None,
        }
    }

    /// The dense index of `value`, if it belongs to this (countable) issue.
    pub fn index_of(&self, value: &super::Value) -> Option<u64> {
        match (&self.domain, value) {
            (IssueDomain::Discrete(values), super::Value::Discrete(i)) => {
                ((*i as usize) < values.len()).then_some(*i as u64)
            }
            (IssueDomain::Integer { min, max }, super::Value::Integer(v)) => {
                (v >= min && v <= max).then_some((*v as i128 - *min as i128) as u64)
            }
            _ => None,
        }
    }

    /// Whether `value` is a value of this issue.
    pub fn contains(&self, value: &super::Value) -> bool {
        match (&self.domain, value) {
            (IssueDomain::Real { min, max }, super::Value::Real(x)) => {
                x.is_finite() && x >= min && x <= max
            }
            _ => self.index_of(value).is_some(),
        }
    }

    /// Looks a value up by its textual form: a discrete value's name, or a number.
    pub fn parse_value(&self, text: &str) -> Option<super::Value> {
        match &self.domain {
            IssueDomain::Discrete(values) => values
                .iter()
                .position(|v| v == text)
                .map(|i| super::Value::Discrete(i as u32)),
            IssueDomain::Integer { .. } => text
                .trim()
                .parse::<i64>()
                .ok()
                .map(super::Value::Integer)
                .filter(|v| self.contains(v)),
            IssueDomain::Real { .. } => text
                .trim()
                .parse::<f64>()
                .ok()
                .map(super::Value::Real)
                .filter(|v| self.contains(v)),
        }
    }

    /// The textual form of a value of this issue (the option's name, or the number).
    pub fn format_value(&self, value: &super::Value) -> String {
        match (&self.domain, value) {
            (IssueDomain::Discrete(values), super::Value::Discrete(i)) => values
                .get(*i as usize)
                .cloned()
                .unwrap_or_else(|| format!("#{i}")),
            (_, super::Value::Integer(v)) => v.to_string(),
            (_, super::Value::Real(x)) => x.to_string(),
            (_, super::Value::Discrete(i)) => format!("#{i}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Value;

    #[test]
    fn rejects_bad_issues() {
        assert!(matches!(
            Issue::discrete("", ["a"]),
            Err(ModelError::EmptyIssueName)
        ));
        assert!(matches!(
            Issue::discrete("x", Vec::<String>::new()),
            Err(ModelError::NoValues(_))
        ));
        assert!(matches!(
            Issue::discrete("x", ["a", "a"]),
            Err(ModelError::DuplicateValue { .. })
        ));
        assert!(Issue::new("x", IssueDomain::Integer { min: 3, max: 2 }).is_err());
        assert!(Issue::new(
            "x",
            IssueDomain::Real {
                min: 0.0,
                max: f64::NAN
            }
        )
        .is_err());
    }

    #[test]
    fn integer_indices_round_trip_with_negative_bounds() {
        let issue = Issue::new("x", IssueDomain::Integer { min: -5, max: 5 }).unwrap();
        assert_eq!(issue.cardinality(), Some(11));
        assert_eq!(issue.value_at(0), Some(Value::Integer(-5)));
        assert_eq!(issue.value_at(10), Some(Value::Integer(5)));
        assert_eq!(issue.value_at(11), None);
        assert_eq!(issue.index_of(&Value::Integer(0)), Some(5));
        assert_eq!(issue.parse_value("3"), Some(Value::Integer(3)));
        assert_eq!(issue.parse_value("6"), None);
    }

    #[test]
    fn huge_integer_range_counts_exactly() {
        let issue = Issue::new(
            "x",
            IssueDomain::Integer {
                min: i64::MIN,
                max: i64::MAX,
            },
        )
        .unwrap();
        assert_eq!(issue.cardinality(), Some(1u128 << 64));
    }
}
