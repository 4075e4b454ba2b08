//! Outcome-space analysis: agreement zone and margin, Pareto frontier, bargaining points and
//! opposition, exact, with NegMAS 0.16's definitions (see each submodule).
//!
//! [`analyze`] is the one entry point; it picks the algorithm from the scenario's structure:
//! - every party **linear-additive** (with per-value tables): the whole-space frontier comes from
//!   [`issue_merge`] (cost independent of the number of outcomes); the zone is counted exactly by
//!   [`zone::count_meet_in_the_middle`] for two parties (`O(√N log N)`), else by a streamed,
//!   block-wise [`enumeration`] when the space has at most [`AnalysisConfig::enumeration_limit`]
//!   outcomes, else reported unknown with the reason (never estimated);
//! - otherwise (hyper-rectangle profiles) the space is **enumerated** in parallel chunks, keeping
//!   thread-local frontiers, when within the limit; beyond it the analysis stops with
//!   [`AnalysisError::TooLarge`] (no sampling, no silent approximation);
//! - a **real** issue makes the space infinite: [`AnalysisError::InfiniteSpace`]. detente does not
//!   discretise real issues behind the user's back.
//!
//! The rational frontier (what NegMAS reports) is the whole-space frontier restricted to rational
//! points: any point weakly dominating a rational point is itself rational, so no rational frontier
//! point is missed.

pub mod bargaining;
pub(crate) mod enumeration;
pub mod issue_merge;
pub mod pareto;
pub mod stats;
pub mod zone;

use std::sync::Arc;

use crate::outcome::{OutcomeCount, OutcomeSpace};
use crate::preference::UtilityFunction;
use crate::scenario::Scenario;
use bargaining::BargainingContext;
use enumeration::{EnumerationRequest, Evaluator};
use issue_merge::LinearParts;

/// Called with (work done, total work) as the analysis proceeds, from any thread.
pub type ProgressFn = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Which algorithm computes the frontier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Method {
    /// Pick from the scenario's structure (see the module doc).
    #[default]
    Auto,
    /// Enumerate every outcome (enumerable spaces within the limit only).
    Enumeration,
    /// Merge per-issue frontiers (linear-additive profiles only).
    IssueMerge,
}

/// How to analyse.
#[derive(Clone)]
pub struct AnalysisConfig {
    /// Frontier over every outcome instead of the rational ones (bargaining points always use the
    /// rational frontier).
    pub whole_space: bool,
    /// Worker threads; `None` = one per core.
    pub threads: Option<usize>,
    /// Largest space enumerated outcome by outcome.
    pub enumeration_limit: u64,
    /// Outcomes listed per frontier point (all are counted).
    pub max_listed_outcomes: usize,
    /// Algorithm choice.
    pub method: Method,
    /// Progress callback.
    pub progress: Option<ProgressFn>,
}

impl Default for AnalysisConfig {
    fn default() -> Self {
        AnalysisConfig {
            whole_space: false,
            threads: None,
            enumeration_limit: 1 << 31,
            max_listed_outcomes: 20,
            method: Method::Auto,
            progress: None,
        }
    }
}

impl std::fmt::Debug for AnalysisConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalysisConfig")
            .field("whole_space", &self.whole_space)
            .field("threads", &self.threads)
            .field("enumeration_limit", &self.enumeration_limit)
            .field("max_listed_outcomes", &self.max_listed_outcomes)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// Why a scenario cannot be analysed.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A real-valued issue: infinitely many outcomes.
    #[error("issue `{issue}` is real-valued, so the outcome space is infinite; detente analyses finite spaces exactly and does not discretise (hint: make `{issue}` an integer or discrete issue)")]
    InfiniteSpace {
        /// The issue.
        issue: String,
    },
    /// No exact method fits the space.
    #[error("cannot analyse {outcomes} outcomes: {reason}")]
    TooLarge {
        /// The number of outcomes.
        outcomes: String,
        /// Why, and what would help.
        reason: String,
    },
    /// The requested method does not apply.
    #[error("method unavailable: {0}")]
    MethodUnavailable(String),
    /// The worker pool could not start.
    #[error("cannot start {threads} worker threads: {message}")]
    ThreadPool {
        /// Threads requested.
        threads: usize,
        /// The system's message.
        message: String,
    },
}

/// A value that may be out of reach, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Availability<T> {
    /// Computed exactly.
    Known(T),
    /// Not computed; the reason says why.
    Unknown(String),
}

impl<T> Availability<T> {
    /// The value, if known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Availability::Known(t) => Some(t),
            Availability::Unknown(_) => None,
        }
    }
}

/// How many outcomes a frontier point stands for, and some of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeList {
    /// Number of outcomes with this utility vector (saturates at `u128::MAX`).
    pub count: u128,
    /// The first of them in enumeration order (ranks), at most the configured number.
    pub ranks: Vec<u64>,
}

impl OutcomeList {
    pub(crate) fn single(rank: u64) -> Self {
        OutcomeList {
            count: 1,
            ranks: vec![rank],
        }
    }

    pub(crate) fn absorb(&mut self, other: OutcomeList, max_listed: usize) {
        self.count = self.count.saturating_add(other.count);
        self.ranks.extend(other.ranks);
        self.ranks.sort_unstable();
        self.ranks.truncate(max_listed);
    }
}

/// One point of a frontier or a bargaining solution.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// Utility per party.
    pub utilities: Vec<f64>,
    /// Number of outcomes with exactly these utilities (saturating).
    pub outcome_count: u128,
    /// Some of those outcomes as per-issue value indices, in enumeration order.
    pub outcomes: Vec<Vec<u32>>,
}

/// How much one issue holds the parties apart (see [`zone`]).
#[derive(Debug, Clone, PartialEq)]
pub struct BlockingIssue {
    /// Issue position.
    pub issue: usize,
    /// Margin if this issue's conflict were removed.
    pub relaxed_margin: f64,
    /// `relaxed_margin − margin`.
    pub gain: f64,
}

/// The agreement zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Outcomes with every `uᵢ ≥ rᵢ`.
    pub count: Availability<u64>,
    /// `count / outcomes`.
    pub share: Option<f64>,
    /// `max over outcomes of minᵢ (uᵢ − rᵢ)`.
    pub margin: f64,
    /// A package (per-issue value indices) whose worst surplus is the margin; `None` only when the
    /// per-issue merge lists no outcomes ([`AnalysisConfig::max_listed_outcomes`] is 0).
    pub widest: Option<Vec<u32>>,
    /// Per issue: value indices that occur in at least one zone outcome.
    pub values: Availability<Vec<Vec<u32>>>,
    /// When `margin < 0`: every issue, most blocking first. Empty when a zone exists.
    pub blocking: Availability<Vec<BlockingIssue>>,
}

/// Which algorithm produced the frontier.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodUsed {
    /// Every outcome enumerated.
    Enumeration {
        /// Worker threads.
        threads: usize,
    },
    /// Per-issue frontier merge.
    IssueMerge {
        /// Largest intermediate frontier.
        largest_layer: usize,
        /// How the zone was counted.
        zone_counted_by: &'static str,
    },
}

/// Everything [`analyze`] finds.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Size of the space.
    pub outcomes: OutcomeCount,
    /// Algorithm used.
    pub method: MethodUsed,
    /// Party names, in scenario order.
    pub parties: Vec<String>,
    /// Reservation values.
    pub reservations: Vec<f64>,
    /// (min, max) utility per party over the space.
    pub ranges: Vec<(f64, f64)>,
    /// Reference point of the bargaining solutions.
    pub reference: Vec<f64>,
    /// Agreement zone.
    pub zone: Zone,
    /// Whether [`Analysis::frontier`] covers every outcome (else only rational ones).
    pub whole_space: bool,
    /// Strict Pareto frontier, welfare descending.
    pub frontier: Vec<FrontierPoint>,
    /// Nash points.
    pub nash: Vec<FrontierPoint>,
    /// Kalai–Smorodinsky points.
    pub kalai_smorodinsky: Vec<FrontierPoint>,
    /// Egalitarian points (NegMAS's "kalai").
    pub egalitarian: Vec<FrontierPoint>,
    /// Maximum-welfare points.
    pub max_welfare: Vec<FrontierPoint>,
    /// Maximum relative-welfare points.
    pub max_relative_welfare: Vec<FrontierPoint>,
    /// Opposition level (`+∞` when no outcome is rational).
    pub opposition: f64,
    /// Share of outcomes strictly better than reservation for everyone (NegMAS), when counted.
    pub rational_fraction: Option<f64>,
}

/// Analyses a scenario. See the module doc for the choice of algorithm.
pub fn analyze(scenario: &Scenario, config: &AnalysisConfig) -> Result<Analysis, AnalysisError> {
    let space = scenario.space();
    if let Some(issue) = space.issues().iter().find(|i| i.cardinality().is_none()) {
        return Err(AnalysisError::InfiniteSpace {
            issue: issue.name().to_owned(),
        });
    }
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = config.threads {
        builder = builder.num_threads(n);
    }
    let pool = builder.build().map_err(|e| AnalysisError::ThreadPool {
        threads: config.threads.unwrap_or(0),
        message: e.to_string(),
    })?;
    pool.install(|| analyze_in_pool(scenario, config, pool.current_num_threads()))
}

fn analyze_in_pool(
    scenario: &Scenario,
    config: &AnalysisConfig,
    threads: usize,
) -> Result<Analysis, AnalysisError> {
    let space = scenario.space();
    let count = space.count();
    let functions: Vec<&UtilityFunction> = scenario
        .parties()
        .iter()
        .map(|p| &p.profile.utility)
        .collect();
    let reservations = scenario.reservations();
    let parts = linear_parts_of(&functions);
    let size = space.enumerable_size();
    let enumerable = size.is_some_and(|n| n <= config.enumeration_limit);
    let noop = |_: u64, _: u64| {};
    let progress: &(dyn Fn(u64, u64) + Sync) = match &config.progress {
        Some(p) => p.as_ref(),
        None => &noop,
    };
    let use_merge = match config.method {
        Method::IssueMerge => {
            if parts.is_none() {
                return Err(AnalysisError::MethodUnavailable(
                    "the issue merge needs every profile to be linear-additive with per-value tables".into(),
                ));
            }
            true
        }
        Method::Enumeration => {
            if !enumerable {
                return Err(AnalysisError::MethodUnavailable(format!(
                    "enumeration is limited to {} outcomes and the space has {}",
                    config.enumeration_limit,
                    describe_count(&count)
                )));
            }
            false
        }
        Method::Auto => parts.is_some(),
    };
    if !use_merge && !enumerable {
        let why_not_linear = if functions
            .iter()
            .any(|f| matches!(f, UtilityFunction::HyperRectangle(_)))
        {
            "some profiles are non-linear (hyper-rectangles), which have no exact method beyond enumeration"
        } else {
            "some issue has too many values for per-value tables"
        };
        return Err(AnalysisError::TooLarge {
            outcomes: describe_count(&count),
            reason: format!(
                "{why_not_linear}, and enumeration is limited to {} outcomes (no sampling is done, so no result is given)",
                config.enumeration_limit
            ),
        });
    }
    let ranges: Vec<(f64, f64)>;
    // Whole-space frontier points. Outcomes are kept as value indices: huge spaces' ranks overflow.
    let whole: Vec<FrontierPoint>;
    let margin: f64;
    let widest: Option<Vec<u32>>;
    let zone_count: Availability<u64>;
    let strictly_rational: Option<u64>;
    let zone_values: Availability<Vec<Vec<u32>>>;
    let method: MethodUsed;
    let k = functions.len();
    if use_merge {
        let parts = parts.expect("checked above");
        let merged = issue_merge::merge(&parts, None, true);
        let radices = space.radices().expect("tables imply countable issues");
        whole = merged
            .outcomes(config.max_listed_outcomes)
            .into_iter()
            .enumerate()
            .map(|(p, (outcome_count, outcomes))| FrontierPoint {
                utilities: merged.point(p).to_vec(),
                outcome_count,
                outcomes,
            })
            .collect();
        margin = issue_merge::margin_of(&merged.points, &reservations);
        // The margin is attained on the whole-space frontier (see `zone`), so one of the outcomes
        // of the first point that attains it achieves it.
        widest = whole
            .iter()
            .find(|p| {
                let worst = p
                    .utilities
                    .iter()
                    .zip(&reservations)
                    .map(|(u, r)| u - r)
                    .fold(f64::INFINITY, f64::min);
                worst == margin
            })
            .and_then(|p| p.outcomes.first().cloned());
        let known_zone_outcomes: Vec<Vec<u32>> = whole
            .iter()
            .filter(|p| p.utilities.iter().zip(&reservations).all(|(u, r)| u >= r))
            .flat_map(|p| p.outcomes.iter().cloned())
            .collect();
        ranges = functions
            .iter()
            .map(|f| f.exact_range(space).expect("linear ranges are exact"))
            .collect();
        // Two parties: meet in the middle counts in O(√N log N), far below enumeration.
        let half_limit = 1 << 23;
        let counted = if k == 2 {
            zone::count_meet_in_the_middle(&parts, &reservations, half_limit)
        } else {
            zone::MeetInTheMiddleCount::TooLarge
        };
        let total_values: usize = radices.iter().map(|&r| r as usize).sum();
        let zone_values_by_merging = || {
            if total_values <= 4096 {
                Availability::Known(zone::zone_values_linear(
                    &parts,
                    &reservations,
                    &known_zone_outcomes,
                    progress,
                ))
            } else {
                Availability::Unknown(format!(
                    "{total_values} issue values would each need a frontier merge"
                ))
            }
        };
        let counted_by;
        match counted {
            zone::MeetInTheMiddleCount::Exact {
                zone,
                strictly_rational: strict,
            } if !enumerable || total_values <= 4096 => {
                zone_count = Availability::Known(zone);
                strictly_rational = Some(strict);
                counted_by = "meet-in-the-middle";
                zone_values = zone_values_by_merging();
            }
            _ if enumerable => {
                let counts = enumeration::count_linear(
                    space,
                    &parts.bias,
                    &parts.tables,
                    &parts.caps,
                    &reservations,
                    progress,
                );
                zone_count = Availability::Known(counts.zone);
                strictly_rational = Some(counts.strictly_rational);
                zone_values = Availability::Known(values_from_flags(&counts.zone_values));
                counted_by = "enumeration";
            }
            other => {
                zone_count = Availability::Unknown(match other {
                    zone::MeetInTheMiddleCount::Bounds { low, high } => format!(
                        "between {low} and {high}: {} outcomes lie within floating-point rounding of a reservation value, too many to re-evaluate one by one",
                        high - low
                    ),
                    _ if k == 2 => format!(
                        "{} outcomes are too many to count exactly (beyond enumeration and meet-in-the-middle)",
                        describe_count(&count)
                    ),
                    _ => format!(
                        "exact counting beyond enumeration is implemented for two parties; this scenario has {k} and {} outcomes",
                        describe_count(&count)
                    ),
                });
                strictly_rational = None;
                counted_by = "none";
                zone_values = zone_values_by_merging();
            }
        }
        method = MethodUsed::IssueMerge {
            largest_layer: merged.largest_layer,
            zone_counted_by: counted_by,
        };
    } else {
        let evaluator = match &parts {
            Some(p) => Evaluator::Linear {
                bias: p.bias.clone(),
                tables: p.tables.clone(),
                caps: p.caps.clone(),
            },
            None => Evaluator::General(functions.clone()),
        };
        let mut state = enumeration::enumerate(
            space,
            &evaluator,
            &reservations,
            EnumerationRequest {
                frontier: true,
                whole_space: config.whole_space,
                max_listed: config.max_listed_outcomes,
            },
            progress,
        );
        state.reduce(config.max_listed_outcomes);
        let radices = space.radices().expect("enumerable");
        whole = state
            .points
            .chunks_exact(k)
            .zip(std::mem::take(&mut state.lists))
            .map(|(u, list)| FrontierPoint {
                utilities: u.to_vec(),
                outcome_count: list.count,
                outcomes: list
                    .ranks
                    .iter()
                    .map(|&r| {
                        let mut idx = vec![0u32; radices.len()];
                        OutcomeSpace::unrank_into(&radices, r, &mut idx);
                        idx
                    })
                    .collect(),
            })
            .collect();
        margin = state.margin;
        let mut widest_indices = vec![0u32; radices.len()];
        OutcomeSpace::unrank_into(&radices, state.widest_rank, &mut widest_indices);
        widest = Some(widest_indices);
        ranges = state.ranges.clone();
        zone_count = Availability::Known(state.zone);
        strictly_rational = Some(state.strictly_rational);
        zone_values = Availability::Known(values_from_flags(&state.zone_values));
        method = MethodUsed::Enumeration { threads };
    }

    let is_rational = |u: &[f64]| u.iter().zip(&reservations).all(|(u, r)| u >= r);
    let rational: Vec<FrontierPoint> = whole
        .iter()
        .filter(|p| is_rational(&p.utilities))
        .cloned()
        .collect();
    let frontier = if config.whole_space {
        whole
    } else {
        rational.clone()
    };
    let flat: Vec<f64> = rational.iter().flat_map(|p| p.utilities.clone()).collect();
    let ctx = BargainingContext {
        reservations: &reservations,
        ranges: &ranges,
    };
    let pick = |indices: Vec<usize>| -> Vec<FrontierPoint> {
        indices.into_iter().map(|i| rational[i].clone()).collect()
    };
    let maxima: Vec<f64> = ranges.iter().map(|r| r.1).collect();
    let blocking = if margin >= 0.0 {
        Availability::Known(Vec::new())
    } else if let (true, Some(parts)) = (use_merge, linear_parts_of(&functions)) {
        Availability::Known(zone::blocking_linear(&parts, &reservations, margin))
    } else {
        let n = size.unwrap_or(u64::MAX) as f64;
        let cost = n * space.issues().len() as f64 * k as f64;
        if cost <= 4e8 {
            Availability::Known(zone::blocking_enumerated(
                space,
                &functions,
                &reservations,
                margin,
            ))
        } else {
            Availability::Unknown(format!(
                "relaxing each issue of a non-linear profile needs {cost:.1e} evaluations"
            ))
        }
    };
    let outcomes_f64 = count.to_f64();
    let share = zone_count.known().map(|&c| c as f64 / outcomes_f64);
    Ok(Analysis {
        outcomes: count,
        method,
        parties: scenario.parties().iter().map(|p| p.name.clone()).collect(),
        reservations: reservations.clone(),
        reference: bargaining::reference_point(&reservations, &ranges),
        zone: Zone {
            count: zone_count,
            share,
            margin,
            widest,
            values: zone_values,
            blocking,
        },
        whole_space: config.whole_space,
        nash: pick(bargaining::nash(&flat, &ctx)),
        kalai_smorodinsky: pick(bargaining::kalai_smorodinsky(&flat, &ctx)),
        egalitarian: pick(bargaining::egalitarian(&flat, &ctx)),
        max_welfare: pick(bargaining::max_welfare(&flat, &ctx)),
        max_relative_welfare: pick(bargaining::max_relative_welfare(&flat, &ctx)),
        opposition: stats::opposition(&flat, &maxima),
        rational_fraction: stats::rational_fraction(strictly_rational, Some(outcomes_f64)),
        ranges,
        frontier,
    })
}

/// An outcome count for messages: exact when short, else in scientific notation.
fn describe_count(count: &OutcomeCount) -> String {
    let exact = count.to_string();
    if exact.len() <= 15 {
        exact
    } else {
        format!("about {:.1e}", count.to_f64())
    }
}

fn values_from_flags(flags: &[Vec<bool>]) -> Vec<Vec<u32>> {
    flags
        .iter()
        .map(|f| {
            f.iter()
                .enumerate()
                .filter_map(|(i, &b)| b.then_some(i as u32))
                .collect()
        })
        .collect()
}

/// The linear structure of every profile, when all are linear-additive with tables.
fn linear_parts_of<'a>(functions: &[&'a UtilityFunction]) -> Option<LinearParts<'a>> {
    let mut parts = LinearParts {
        bias: Vec::new(),
        tables: Vec::new(),
        caps: Vec::new(),
    };
    for f in functions {
        let UtilityFunction::LinearAdditive(u) = f else {
            return None;
        };
        parts.bias.push(u.bias());
        parts.tables.push(u.contribution_tables()?);
        parts.caps.push(u.cap());
    }
    Some(parts)
}

#[cfg(test)]
mod tests;
