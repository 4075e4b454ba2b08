//! Batches of negotiations on one scenario: the seed of each negotiation, a runner that spreads
//! them over the current rayon pool, and the statistics over their results.
//!
//! Negotiation `k` of a batch starting at seed `s` runs with seed `s + k` (wrapping), and results
//! come back in seed order, so a batch's output does not depend on the number of threads. The
//! runner takes the single negotiation as a closure: the caller chooses the driver and the clock
//! (the core reads none), e.g. [`crate::run::Prepared::negotiate`] with a
//! [`crate::run::FrozenClock`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::quality::Reference;
use crate::run::NegotiationResult;

/// The seed of negotiation `k` of a batch whose first seed is `first`.
pub fn seed_of(first: u64, k: u64) -> u64 {
    first.wrapping_add(k)
}

/// The seeds of a batch of `count` negotiations starting at `first`, in order.
pub fn seeds(first: u64, count: u64) -> Vec<u64> {
    (0..count).map(|k| seed_of(first, k)).collect()
}

/// Runs `run_one` for every seed on the current rayon pool (install a pool to choose the thread
/// count) and returns the results in the order of `seeds`. An error stops the batch, and the error
/// returned is always the one of the earliest failing seed in `seeds`, whatever the thread count
/// and whichever failure happened first in time.
pub fn run_batch<T, E>(
    seeds: &[u64],
    run_one: impl Fn(u64) -> Result<T, E> + Sync + Send,
) -> Result<Vec<T>, E>
where
    T: Send,
    E: Send,
{
    // The place of the earliest failure seen so far. A seed after it is skipped (its result could
    // not be returned); a seed before it still runs, so the earliest failing seed always runs and
    // its error is the one returned.
    let first_failure = AtomicUsize::new(usize::MAX);
    let outcomes: Vec<Option<Result<T, E>>> = seeds
        .par_iter()
        .enumerate()
        .map(|(k, &seed)| {
            if k > first_failure.load(Ordering::Relaxed) {
                return None;
            }
            let outcome = run_one(seed);
            if outcome.is_err() {
                first_failure.fetch_min(k, Ordering::Relaxed);
            }
            Some(outcome)
        })
        .collect();
    // Skipped seeds all come after a failure, so in seed order the first error is met before them.
    outcomes.into_iter().flatten().collect()
}

/// Results that [`BatchStats::of`] cannot summarise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BatchStatsError {
    /// No results: there is nothing to average.
    #[error("no negotiation results to summarise (a batch needs at least one negotiation)")]
    NoResults,
    /// An agreement whose utilities are not one per party.
    #[error("negotiation {index} has {got} utilities for {parties} parties")]
    PartyCount {
        /// The result's place (0-based).
        index: usize,
        /// How many utilities it has.
        got: usize,
        /// How many parties (reservations) there are.
        parties: usize,
    },
}

/// What a batch of negotiations produced, on average.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchStats {
    /// Negotiations run.
    pub negotiations: usize,
    /// Negotiations that ended in an agreement.
    pub agreements: usize,
    /// `agreements / negotiations`.
    pub agreement_rate: f64,
    /// Each party's mean utility, counting its reservation value when there was no agreement.
    pub mean_utilities: Vec<f64>,
    /// Each party's mean utility over the agreements only (none without agreements).
    pub mean_agreement_utilities: Option<Vec<f64>>,
    /// Mean number of steps.
    pub mean_steps: f64,
    /// How many negotiations ended for each reason (by [`crate::protocol::EndReason::tag`]).
    pub reasons: BTreeMap<&'static str, u64>,
    /// Mean distance of the agreements to the Pareto frontier (none without a reference or
    /// agreements).
    pub mean_pareto_distance: Option<f64>,
    /// Mean distance of the agreements to the Nash point.
    pub mean_nash_distance: Option<f64>,
}

impl BatchStats {
    /// The statistics of `results`, for parties with `reservations`; distances need the
    /// scenario's `reference`. Sums run in result order, so the numbers are bit-identical for the
    /// same results. Refuses no results at all, and agreements without one utility per party.
    pub fn of(
        results: &[NegotiationResult],
        reservations: &[f64],
        reference: Option<&Reference>,
    ) -> Result<Self, BatchStatsError> {
        // There is a mean number of steps exactly when there are results.
        let mean_steps = mean(results.iter().map(|r| r.ending.steps as f64))
            .ok_or(BatchStatsError::NoResults)?;
        if let Some((index, u)) = results
            .iter()
            .enumerate()
            .filter_map(|(k, r)| Some((k, r.utilities.as_ref()?)))
            .find(|(_, u)| u.len() != reservations.len())
        {
            return Err(BatchStatsError::PartyCount {
                index,
                got: u.len(),
                parties: reservations.len(),
            });
        }
        // From here every agreement has one utility per party: the indexing below is in bounds.
        let n = results.len();
        let agreed: Vec<&Vec<f64>> = results
            .iter()
            .filter_map(|r| r.utilities.as_ref())
            .collect();
        let mean_utilities = (0..reservations.len())
            .map(|i| {
                mean(
                    results
                        .iter()
                        .map(|r| r.utilities.as_ref().map_or(reservations[i], |u| u[i])),
                )
            })
            .collect::<Option<Vec<f64>>>()
            .ok_or(BatchStatsError::NoResults)?;
        let mean_agreement_utilities: Option<Vec<f64>> = if agreed.is_empty() {
            None
        } else {
            (0..reservations.len())
                .map(|i| mean(agreed.iter().map(|u| u[i])))
                .collect()
        };
        let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
        for r in results {
            *reasons.entry(r.ending.reason.tag()).or_default() += 1;
        }
        let mean_pareto_distance =
            reference.and_then(|r| mean(agreed.iter().filter_map(|u| r.pareto_distance(u))));
        let mean_nash_distance =
            reference.and_then(|r| mean(agreed.iter().filter_map(|u| r.nash_distance(u))));
        Ok(BatchStats {
            negotiations: n,
            agreements: agreed.len(),
            agreement_rate: agreed.len() as f64 / n as f64,
            mean_utilities,
            mean_agreement_utilities,
            mean_steps,
            reasons,
            mean_pareto_distance,
            mean_nash_distance,
        })
    }
}

/// The mean of `xs`, summed in order (so bit-identical for the same numbers), or none without
/// numbers.
fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let mut count = 0usize;
    let sum: f64 = xs.inspect(|_| count += 1).sum();
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::AgentSpec;
    use crate::protocol::{Deadline, EndReason, Ending};
    use crate::run::{FrozenClock, Prepared, ProtocolKind, RunConfig};
    use crate::{Evaluator, Issue, IssueUtility, OutcomeSpace, Party, Scenario, Value};

    fn result(utilities: Option<Vec<f64>>, steps: u32, reason: EndReason) -> NegotiationResult {
        NegotiationResult {
            ending: Ending {
                agreement: utilities.as_ref().map(|_| vec![Value::Discrete(0)]),
                reason,
                steps,
            },
            utilities,
            trace: Vec::new(),
        }
    }

    #[test]
    fn seeds_count_up_from_the_first_and_wrap() {
        assert_eq!(seeds(7, 3), [7, 8, 9]);
        assert_eq!(seeds(u64::MAX, 2), [u64::MAX, 0]);
        assert_eq!(seed_of(5, 0), 5);
    }

    #[test]
    fn statistics_count_reservations_when_there_is_no_agreement() {
        let results = [
            result(Some(vec![0.8, 0.6]), 10, EndReason::Agreement),
            result(None, 100, EndReason::StepLimit),
            result(Some(vec![0.6, 0.8]), 30, EndReason::Agreement),
            result(None, 5, EndReason::WalkOut(1)),
        ];
        let stats = BatchStats::of(&results, &[0.2, 0.4], None).unwrap();
        assert_eq!(stats.negotiations, 4);
        assert_eq!(stats.agreements, 2);
        assert_eq!(stats.agreement_rate, 0.5);
        assert_eq!(
            stats.mean_utilities,
            [(0.8 + 0.2 + 0.6 + 0.2) / 4.0, (0.6 + 0.4 + 0.8 + 0.4) / 4.0]
        );
        assert_eq!(
            stats.mean_agreement_utilities,
            Some(vec![(0.8 + 0.6) / 2.0, (0.6 + 0.8) / 2.0])
        );
        assert_eq!(stats.mean_steps, 145.0 / 4.0);
        assert_eq!(
            stats.reasons,
            BTreeMap::from([("agreement", 2), ("step_limit", 1), ("walk_out", 1)])
        );
        assert_eq!(stats.mean_pareto_distance, None);
        assert_eq!(stats.mean_nash_distance, None);
    }

    #[test]
    fn statistics_without_agreements_have_no_agreement_means() {
        let results = [result(None, 100, EndReason::StepLimit)];
        let stats = BatchStats::of(&results, &[0.3, 0.1], None).unwrap();
        assert_eq!(stats.mean_utilities, [0.3, 0.1]);
        assert_eq!(stats.mean_agreement_utilities, None);
        assert_eq!(stats.agreement_rate, 0.0);
    }

    /// Two parties with opposed preferences over one five-valued issue.
    fn scenario() -> Scenario {
        let space = OutcomeSpace::new(vec![
            Issue::discrete("x", ["a", "b", "c", "d", "e"]).unwrap()
        ])
        .unwrap();
        let party = |name: &str, table: Vec<f64>| {
            let issues = vec![IssueUtility {
                weight: 1.0,
                evaluator: Evaluator::Table(table),
            }];
            Party::linear_additive(name, &space, issues, 0.1).unwrap()
        };
        let parties = vec![
            party("a", vec![1.0, 0.8, 0.5, 0.2, 0.0]),
            party("b", vec![0.0, 0.2, 0.5, 0.8, 1.0]),
        ];
        Scenario::new("s".to_owned(), space, parties).unwrap()
    }

    #[test]
    fn batches_come_back_in_seed_order_on_any_thread_count() {
        let scenario = scenario();
        let prepared = Prepared::new(&scenario);
        let agents: Vec<AgentSpec> =
            vec!["random:0.3".parse().unwrap(), "boulware".parse().unwrap()];
        let run_one = |seed: u64| {
            let config = RunConfig {
                protocol: ProtocolKind::Sao,
                deadline: Deadline::steps(20),
                seed,
                answer_limit: None,
                record_trace: false,
            };
            prepared.negotiate(&agents, &config, &mut FrozenClock)
        };
        let seeds = seeds(3, 24);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| run_batch(&seeds, run_one))
                .unwrap()
        };
        let one = on(1);
        assert_eq!(one, on(3));
        let serial: Vec<_> = seeds.iter().map(|&s| run_one(s).unwrap()).collect();
        assert_eq!(one, serial);
    }

    #[test]
    fn the_first_error_stops_the_batch() {
        let out: Result<Vec<u64>, String> = run_batch(&seeds(0, 10), |seed| {
            if seed == 4 {
                Err(format!("seed {seed}"))
            } else {
                Ok(seed)
            }
        });
        assert_eq!(out, Err("seed 4".to_owned()));
    }

    #[test]
    fn the_lowest_failing_seed_s_error_wins_on_any_thread_count() {
        // Seed 1 fails late, seed 6 at once: on several threads seed 6 fails first in time.
        let run_one = |seed: u64| match seed {
            1 => {
                std::thread::sleep(std::time::Duration::from_millis(200));
                Err(format!("seed {seed}"))
            }
            6 => Err(format!("seed {seed}")),
            _ => Ok(seed),
        };
        let seeds = seeds(0, 8);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| run_batch(&seeds, run_one))
        };
        assert_eq!(on(1), Err("seed 1".to_owned()));
        assert_eq!(on(3), Err("seed 1".to_owned()));
    }

    #[test]
    fn statistics_refuse_no_results_and_utilities_that_do_not_fit_the_parties() {
        assert_eq!(
            BatchStats::of(&[], &[0.2, 0.4], None),
            Err(BatchStatsError::NoResults)
        );
        let results = [
            result(None, 100, EndReason::StepLimit),
            result(Some(vec![0.8, 0.6]), 10, EndReason::Agreement),
        ];
        // Fewer reservations than utilities, and more.
        for (reservations, parties) in [(&[0.2][..], 1), (&[0.2, 0.4, 0.0][..], 3)] {
            let error = BatchStats::of(&results, reservations, None).unwrap_err();
            assert_eq!(
                error,
                BatchStatsError::PartyCount {
                    index: 1,
                    got: 2,
                    parties
                }
            );
            assert_eq!(
                error.to_string(),
                format!("negotiation 1 has 2 utilities for {parties} parties")
            );
        }
    }
}
