//! The Cartesian product of the issues, its exact size and its enumeration order.

use num_bigint::BigUint;

use super::{Issue, IssueDomain, Outcome, Value};
use crate::error::ModelError;

/// The exact number of outcomes in a space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeCount {
    /// A finite count; may exceed `u128` (`50issues` has 10^40 outcomes).
    Finite(BigUint),
    /// At least one real issue.
    Infinite,
}

impl OutcomeCount {
    /// The count as `u64`, when it is finite and fits.
    pub fn to_u64(&self) -> Option<u64> {
        match self {
            OutcomeCount::Finite(n) => u64::try_from(n).ok(),
            OutcomeCount::Infinite => None,
        }
    }

    /// The count as `f64` (approximate for huge counts; `inf` when infinite).
    pub fn to_f64(&self) -> f64 {
        match self {
            OutcomeCount::Finite(n) => {
                // Parse the decimal form: exact up to f64's precision and never overflows to a panic.
                n.to_string().parse::<f64>().unwrap_or(f64::INFINITY)
            }
            OutcomeCount::Infinite => f64::INFINITY,
        }
    }
}

impl std::fmt::Display for OutcomeCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutcomeCount::Finite(n) => write!(f, "{n}"),
            OutcomeCount::Infinite => f.write_str("infinite"),
        }
    }
}

/// The issues of a negotiation, in order. Outcomes are enumerated with the last issue varying fastest.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeSpace {
    issues: Vec<Issue>,
}

impl OutcomeSpace {
    /// Builds a space, rejecting an empty issue list and duplicate issue names.
    pub fn new(issues: Vec<Issue>) -> Result<Self, ModelError> {
        if issues.is_empty() {
            return Err(ModelError::NoIssues);
        }
        let mut seen = std::collections::HashSet::new();
        for issue in &issues {
            if !seen.insert(issue.name()) {
                return Err(ModelError::DuplicateIssue(issue.name().to_owned()));
            }
        }
        Ok(OutcomeSpace { issues })
    }

    /// The issues, in order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Position of the issue called `name`.
    pub fn issue_index(&self, name: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.name() == name)
    }

    /// The exact number of outcomes.
    pub fn count(&self) -> OutcomeCount {
        let mut n = BigUint::from(1u32);
        for issue in &self.issues {
            match issue.cardinality() {
                Some(c) => n *= BigUint::from(c),
                None => return OutcomeCount::Infinite,
            }
        }
        OutcomeCount::Finite(n)
    }

    /// Per-issue value counts, when every issue is countable and each fits in `u32`.
    ///
    /// These are the radices of the enumeration order; `None` means the space cannot be enumerated
    /// value by value (a real issue, or an integer issue too wide for an index table).
    pub fn radices(&self) -> Option<Vec<u32>> {
        self.issues
            .iter()
            .map(|i| i.cardinality().and_then(|c| u32::try_from(c).ok()))
            .collect()
    }

    /// Number of outcomes when the space is enumerable and the count fits in `u64`.
    pub fn enumerable_size(&self) -> Option<u64> {
        let radices = self.radices()?;
        radices
            .iter()
            .try_fold(1u64, |acc, &r| acc.checked_mul(r as u64))
    }

    /// Writes the per-issue indices of outcome number `rank` into `indices` (last issue fastest).
    ///
    /// `radices` must come from [`OutcomeSpace::radices`]. Returns `false` if `rank` is out of range.
    pub fn unrank_into(radices: &[u32], mut rank: u64, indices: &mut [u32]) -> bool {
        for (slot, &radix) in indices.iter_mut().zip(radices).rev() {
            *slot = (rank % radix as u64) as u32;
            rank /= radix as u64;
        }
        rank == 0
    }

    /// Advances `indices` to the next outcome in enumeration order; `false` after the last one.
    #[inline]
    pub fn advance(radices: &[u32], indices: &mut [u32]) -> bool {
        for (slot, &radix) in indices.iter_mut().zip(radices).rev() {
            *slot += 1;
            if *slot < radix {
                return true;
            }
            *slot = 0;
        }
        false
    }

    /// The rank of an outcome given by per-issue indices (inverse of [`OutcomeSpace::unrank_into`]).
    pub fn rank(radices: &[u32], indices: &[u32]) -> u64 {
        indices
            .iter()
            .zip(radices)
            .fold(0u64, |acc, (&i, &r)| acc * r as u64 + i as u64)
    }

    /// The outcome whose per-issue value indices are `indices`.
    pub fn outcome_from_indices(&self, indices: &[u32]) -> Outcome {
        self.issues
            .iter()
            .zip(indices)
            .map(|(issue, &i)| match issue.domain() {
                IssueDomain::Discrete(_) => Value::Discrete(i),
                IssueDomain::Integer { min, .. } => Value::Integer(min + i as i64),
                IssueDomain::Real { .. } => unreachable!("real issues have no indices"),
            })
            .collect()
    }

    /// Per-issue value indices of `outcome`, when every value is countable and fits.
    pub fn indices_of(&self, outcome: &[Value]) -> Option<Vec<u32>> {
        if outcome.len() != self.issues.len() {
            return None;
        }
        self.issues
            .iter()
            .zip(outcome)
            .map(|(issue, v)| issue.index_of(v).and_then(|i| u32::try_from(i).ok()))
            .collect()
    }

    /// Outcome number `rank` in enumeration order.
    pub fn outcome_at(&self, rank: u64) -> Option<Outcome> {
        let radices = self.radices()?;
        let mut indices = vec![0u32; radices.len()];
        Self::unrank_into(&radices, rank, &mut indices).then(|| self.outcome_from_indices(&indices))
    }

    /// Checks that `outcome` has one valid value per issue.
    pub fn validate(&self, outcome: &[Value]) -> Result<(), ModelError> {
        if outcome.len() != self.issues.len() {
            return Err(ModelError::OutcomeOutsideSpace(format!(
                "{} values for {} issues",
                outcome.len(),
                self.issues.len()
            )));
        }
        for (issue, value) in self.issues.iter().zip(outcome) {
            if !issue.contains(value) {
                return Err(ModelError::OutcomeOutsideSpace(format!(
                    "{value:?} is not a value of issue `{}`",
                    issue.name()
                )));
            }
        }
        Ok(())
    }

    /// Iterates over every outcome as per-issue indices; `None` if the space is not enumerable.
    ///
    /// The iterator reuses one buffer, so it yields owned copies; hot loops should use
    /// [`OutcomeSpace::advance`] on their own buffer instead.
    pub fn iter_indices(&self) -> Option<impl Iterator<Item = Vec<u32>>> {
        let radices = self.radices()?;
        self.enumerable_size()?;
        let mut current = Some(vec![0u32; radices.len()]);
        Some(std::iter::from_fn(move || {
            let out = current.take()?;
            let mut next = out.clone();
            if Self::advance(&radices, &mut next) {
                current = Some(next);
            }
            Some(out)
        }))
    }

    /// Formats an outcome as `issue=value` pairs, for messages and reports.
    pub fn describe(&self, outcome: &[Value]) -> String {
        self.issues
            .iter()
            .zip(outcome)
            .map(|(issue, v)| format!("{}={}", issue.name(), issue.format_value(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn space(sizes: &[usize]) -> OutcomeSpace {
        OutcomeSpace::new(
            sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    Issue::discrete(format!("i{i}"), (0..n).map(|k| format!("v{k}"))).unwrap()
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn last_issue_varies_fastest() {
        let s = space(&[2, 3]);
        let all: Vec<Vec<u32>> = s.iter_indices().unwrap().collect();
        assert_eq!(
            all,
            vec![
                vec![0, 0],
                vec![0, 1],
                vec![0, 2],
                vec![1, 0],
                vec![1, 1],
                vec![1, 2]
            ]
        );
    }

    #[test]
    fn counts_beyond_u128_exactly() {
        let issues = (0..40)
            .map(|i| Issue::new(format!("i{i}"), IssueDomain::Integer { min: 0, max: 9 }).unwrap())
            .collect();
        let s = OutcomeSpace::new(issues).unwrap();
        assert_eq!(s.count().to_string(), format!("1{}", "0".repeat(40)));
        assert_eq!(s.enumerable_size(), None);
    }

    #[test]
    fn real_issue_makes_space_infinite() {
        let s = OutcomeSpace::new(vec![Issue::new(
            "x",
            IssueDomain::Real { min: 0.0, max: 1.0 },
        )
        .unwrap()])
        .unwrap();
        assert_eq!(s.count(), OutcomeCount::Infinite);
        assert!(s.iter_indices().is_none());
    }

    #[test]
    fn rejects_duplicate_issue_names() {
        let a = Issue::discrete("a", ["x"]).unwrap();
        assert!(matches!(
            OutcomeSpace::new(vec![a.clone(), a]),
            Err(ModelError::DuplicateIssue(_))
        ));
    }

    proptest! {
        #[test]
        fn rank_unrank_round_trip(sizes in prop::collection::vec(1usize..6, 1..5), seed in any::<u64>()) {
            let s = space(&sizes);
            let radices = s.radices().unwrap();
            let n = s.enumerable_size().unwrap();
            let rank = seed % n;
            let mut idx = vec![0; radices.len()];
            prop_assert!(OutcomeSpace::unrank_into(&radices, rank, &mut idx));
            prop_assert_eq!(OutcomeSpace::rank(&radices, &idx), rank);
            let outcome = s.outcome_at(rank).unwrap();
            prop_assert_eq!(s.indices_of(&outcome).unwrap(), idx);
        }

        #[test]
        fn enumeration_visits_every_rank_in_order(sizes in prop::collection::vec(1usize..5, 1..4)) {
            let s = space(&sizes);
            let radices = s.radices().unwrap();
            for (k, idx) in s.iter_indices().unwrap().enumerate() {
                prop_assert_eq!(OutcomeSpace::rank(&radices, &idx), k as u64);
            }
        }
    }
}
