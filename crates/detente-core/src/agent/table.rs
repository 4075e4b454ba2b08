//! A party's outcomes sorted by its own utility, for "the worst outcome still above my aspiration"
//! queries in `O(log n)`.
//!
//! Enumerable spaces up to [`EXACT_LIMIT`] outcomes are listed exhaustively (exact, as NegMAS's
//! presorting inverter). Larger or non-enumerable spaces (real issues) are **sampled**:
//! [`SAMPLE_SIZE`] outcomes drawn with a fixed seed plus the exact best outcome when it is known,
//! so answers are approximate but reproducible; [`UtilityTable::is_exact`] says which.
//!
//! Ties between equal utilities are broken by enumeration rank (stable sort). NegMAS sorts with
//! numpy's unstable `argsort`, so among equal-utility outcomes the two may pick different ones.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::outcome::{Outcome, OutcomeSpace, Value};
use crate::preference::Profile;
use crate::protocol::single_text::random_outcome;

/// Largest enumerable space listed exhaustively.
pub const EXACT_LIMIT: u64 = 2_000_000;
/// Outcomes drawn for spaces too large to list.
pub const SAMPLE_SIZE: usize = 200_000;
/// Tables with at most this many values (outcomes × issues) keep their outcomes written out, so
/// turning an entry back into an outcome is one copy instead of an unranking.
const FLAT_LIMIT: usize = 1_000_000;
/// Seed of the sample (fixed, so every run sees the same sample).
const SAMPLE_SEED: u64 = 0x5eed_7ab1e;

/// How an entry of the table is turned back into an outcome.
#[derive(Debug, Clone)]
enum Keys {
    /// Enumeration ranks; the space's radices turn a rank into per-issue indices.
    Ranks { ranks: Vec<u64>, radices: Vec<u32> },
    /// The outcomes written out, `width` values each, in table order.
    Flat { values: Vec<Value>, width: usize },
    /// Sampled outcomes stored as they are.
    Sampled(Vec<Outcome>),
}

/// One profile's outcomes in ascending order of its utility.
#[derive(Debug, Clone)]
pub struct UtilityTable {
    utilities: Vec<f64>,
    keys: Keys,
    /// Index of the first outcome whose utility is at least the reservation value.
    first_rational: usize,
    min: f64,
    max: f64,
    exact: bool,
}

impl UtilityTable {
    /// Builds the table for `profile` over `space`.
    pub fn new(space: &OutcomeSpace, profile: &Profile) -> Self {
        let u = &profile.utility;
        let enumerable = space
            .enumerable_size()
            .filter(|&n| n <= EXACT_LIMIT && u.supports_indices());
        let (mut utilities, keys, exact) = if let Some(n) = enumerable {
            let radices = space.radices().expect("enumerable");
            let mut utils = vec![0.0; n as usize];
            u.utilities_of_ranks(space, 0, &mut utils);
            let mut order: Vec<u64> = (0..n).collect();
            order.sort_by(|&a, &b| utils[a as usize].total_cmp(&utils[b as usize]));
            let sorted = order.iter().map(|&r| utils[r as usize]).collect();
            let width = radices.len();
            let keys = if (n as usize).saturating_mul(width) <= FLAT_LIMIT {
                let mut values = Vec::with_capacity(n as usize * width);
                let mut idx = vec![0u32; width];
                for &r in &order {
                    OutcomeSpace::unrank_into(&radices, r, &mut idx);
                    values.extend(space.outcome_from_indices(&idx));
                }
                Keys::Flat { values, width }
            } else {
                Keys::Ranks {
                    ranks: order,
                    radices,
                }
            };
            (sorted, keys, true)
        } else {
            let mut rng = ChaCha8Rng::seed_from_u64(SAMPLE_SEED);
            let mut outcomes: Vec<Outcome> = (0..SAMPLE_SIZE)
                .map(|_| random_outcome(space, &mut rng))
                .collect();
            let mut pairs: Vec<(f64, Outcome)> =
                outcomes.drain(..).map(|o| (u.utility(&o), o)).collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (utils, outs): (Vec<f64>, Vec<Outcome>) = pairs.into_iter().unzip();
            (utils, Keys::Sampled(outs), false)
        };
        // Utilities that are not finite cannot be ranked; drop nothing but keep them at the bottom.
        for x in utilities.iter_mut() {
            if x.is_nan() {
                *x = f64::NEG_INFINITY;
            }
        }
        let min = utilities.first().copied().unwrap_or(0.0);
        let max = utilities.last().copied().unwrap_or(0.0);
        let reserve = profile.reservation;
        let first_rational = utilities.partition_point(|&x| x < reserve);
        UtilityTable {
            utilities,
            keys,
            first_rational,
            min,
            max,
            exact,
        }
    }

    /// Whether the table lists every outcome (otherwise it is a fixed-seed sample).
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// Number of outcomes listed.
    pub fn len(&self) -> usize {
        self.utilities.len()
    }

    /// Whether no outcome is listed (never, for a valid space).
    pub fn is_empty(&self) -> bool {
        self.utilities.is_empty()
    }

    /// Lowest utility listed.
    pub fn min(&self) -> f64 {
        self.min
    }

    /// Highest utility listed.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// Utility of entry `i` (ascending).
    pub fn utility_at(&self, i: usize) -> f64 {
        self.utilities[i]
    }

    /// The outcome of entry `i`.
    pub fn outcome_at(&self, space: &OutcomeSpace, i: usize) -> Outcome {
        match &self.keys {
            Keys::Ranks { ranks, radices } => {
                let mut idx = vec![0u32; radices.len()];
                OutcomeSpace::unrank_into(radices, ranks[i], &mut idx);
                space.outcome_from_indices(&idx)
            }
            Keys::Flat { values, width } => values[i * width..(i + 1) * width].to_vec(),
            Keys::Sampled(outs) => outs[i].clone(),
        }
    }

    /// Index of the best outcome.
    pub fn best_index(&self) -> usize {
        self.utilities.len().saturating_sub(1)
    }

    /// Index of the first outcome worth at least the reservation value.
    pub fn first_rational(&self) -> usize {
        self.first_rational
    }

    /// First index in `[from, len)` with utility `>= x`, galloping down from `hint`.
    fn gallop_first_at_least(&self, from: usize, x: f64, hint: usize) -> usize {
        let u = &self.utilities;
        if hint >= u.len() || hint < from || u[hint] < x {
            return self.first_at_least(from, x);
        }
        // u[hint] >= x: the answer is at most hint. Find a lower bound by doubling steps.
        let mut step = 1;
        let mut high = hint;
        loop {
            let probe = high.saturating_sub(step).max(from);
            if probe == high || u[probe] < x {
                return probe + u[probe..=high].partition_point(|&v| v < x);
            }
            high = probe;
            step *= 2;
        }
    }

    /// Index of the first entry in `[from, len)` with utility `>= x` (or `len`).
    pub fn first_at_least(&self, from: usize, x: f64) -> usize {
        from + self.utilities[from..].partition_point(|&u| u < x)
    }

    /// NegMAS's `worst_in((lo, ·))` among rational outcomes: the rational outcome with the lowest
    /// utility `>= lo`, except that an outcome at most `1e-6` *below* `lo` wins when it is strictly
    /// closer to `lo` (NegMAS's clamping tolerance). When no rational outcome reaches `lo`, the
    /// best rational outcome; when there is no rational outcome, the best outcome.
    pub fn worst_at_least(&self, lo: f64) -> usize {
        self.worst_at_least_near(lo, self.utilities.len())
    }

    /// [`Self::worst_at_least`], searching backwards from `hint` first: an agent whose aspiration
    /// only falls finds its next offer a few entries below its last one, so a galloping search
    /// from there beats a full binary search. Any `hint` gives the same answer.
    pub fn worst_at_least_near(&self, lo: f64, hint: usize) -> usize {
        let n = self.utilities.len();
        let r0 = self.first_rational;
        if r0 >= n {
            return self.best_index();
        }
        let i = self.gallop_first_at_least(r0, lo, hint).min(n - 1);
        if i > r0 {
            let below = self.utilities[i - 1];
            if below < lo && below >= lo - 1e-6 && (lo - below) < (self.utilities[i] - lo).abs() {
                return i - 1;
            }
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Issue;
    use crate::preference::Evaluator;

    fn table(evals: Vec<f64>, reservation: f64) -> (OutcomeSpace, UtilityTable) {
        let space = OutcomeSpace::new(vec![Issue::discrete(
            "x",
            (0..evals.len()).map(|i| format!("v{i}")),
        )
        .unwrap()])
        .unwrap();
        let profile = Profile::one_issue("p", &space, Evaluator::Table(evals), reservation);
        let t = UtilityTable::new(&space, &profile);
        (space, t)
    }

    #[test]
    fn sorted_ascending_with_ties_in_enumeration_order() {
        let (space, t) = table(vec![0.5, 0.1, 0.5, 0.9], 0.0);
        assert!(t.is_exact());
        let us: Vec<f64> = (0..t.len()).map(|i| t.utility_at(i)).collect();
        assert_eq!(us, vec![0.1, 0.5, 0.5, 0.9]);
        assert_eq!(t.outcome_at(&space, 1), vec![crate::Value::Discrete(0)]);
        assert_eq!(t.outcome_at(&space, 2), vec![crate::Value::Discrete(2)]);
    }

    #[test]
    fn worst_at_least_follows_negmas_clamping() {
        let (_, t) = table(vec![0.1, 0.3, 0.6, 0.9], 0.0);
        assert_eq!(t.utility_at(t.worst_at_least(0.3)), 0.3);
        assert_eq!(t.utility_at(t.worst_at_least(0.31)), 0.6);
        // Within 1e-6 below the bound and nearer than the next one up: NegMAS takes it.
        assert_eq!(t.utility_at(t.worst_at_least(0.3 + 5e-7)), 0.3);
        // Above the best: the best.
        assert_eq!(t.utility_at(t.worst_at_least(2.0)), 0.9);
    }

    #[test]
    fn galloping_from_any_hint_agrees_with_binary_search() {
        let evals: Vec<f64> = (0..97).map(|i| ((i * 37) % 97) as f64 / 97.0).collect();
        let (_, t) = table(evals, 0.2);
        for k in 0..120 {
            let lo = k as f64 / 100.0;
            for hint in [0, 1, 5, 20, 50, 96, 97, 500] {
                assert_eq!(
                    t.worst_at_least_near(lo, hint),
                    t.worst_at_least(lo),
                    "lo {lo} hint {hint}"
                );
            }
        }
    }

    #[test]
    fn outcomes_below_the_reservation_are_never_chosen() {
        let (_, t) = table(vec![0.1, 0.3, 0.6, 0.9], 0.5);
        assert_eq!(t.first_rational(), 2);
        assert_eq!(t.utility_at(t.worst_at_least(0.0)), 0.6);
        let (_, none) = table(vec![0.1, 0.3], 0.5);
        assert_eq!(none.utility_at(none.worst_at_least(0.0)), 0.3);
    }
}
