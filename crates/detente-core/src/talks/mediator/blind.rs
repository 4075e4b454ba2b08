//! The blind mediator: learns only from answers, and searches by single-text improvement.
//!
//! Rules:
//! 1. Round 1: in each caucus it asks the party to rank the issues, to name a package it would
//!    accept, and whether it would meet the others jointly. No package is tested yet.
//! 2. From then on it keeps a *single text*. Each round it rebuilds, from all answers so far, an
//!    estimated utility per party: issue weights from the ranking (linear in rank), per-value scores
//!    as a Beta-style mean of evidence — named and accepted values count for, values on objected
//!    issues of rejected packages count against, and comparisons favour the preferred package's
//!    differing values. It also brackets each party's acceptance threshold between the best
//!    estimated utility it rejected in its latest test and the worst it accepted.
//! 3. The new text maximises the estimated Nash product Σ ln ûᵢ (exhaustively or by hill climbing),
//!    with a bonus for packages some parties already accept; then a few annealing steps, seeded and
//!    cooling to zero at the deadline, explore around it. The text is tested with every party.
//! 4. If a party rejected both the previous and the current text, it is asked which it prefers.
//!    From half-time on it is also shown the most promising package another party already accepts
//!    (by the estimated Nash product) — relaying is how late agreements close — and asked for a
//!    package it would accept (before half-time, every third round). The joint-session question
//!    returns every fourth round.
//!
//! Every text after the first round is computed from the other parties' answers and is recorded in
//! the disclosure ledger. The margin estimate is `max_p min_i (ûᵢ(p) − θᵢ)` with the thresholds at
//! their midpoint (estimate), top (lower bound) and bottom (upper bound).

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Mediator, MediatorObservation, Move};
use crate::talks::knowledge::{Knowledge, Package};
use crate::talks::ledger::{Basis, Provenance};
use crate::talks::margin::MarginEstimate;
use crate::talks::message::{PartyId, Question, QuestionKind};
use crate::talks::search::best_package;

/// Annealing steps per round.
const ANNEALING_STEPS: usize = 60;
/// Starting temperature (in units of the log-product objective).
const INITIAL_TEMPERATURE: f64 = 0.25;
/// Objective bonus per party that already accepts a package.
const ACCEPTANCE_BONUS: f64 = 0.15;

/// A party's estimated preferences.
#[derive(Debug, Clone)]
struct Estimate {
    weights: Vec<f64>,
    scores: Vec<Vec<f64>>,
    threshold: (f64, f64),
}

impl Estimate {
    fn utility(&self, p: &[u32]) -> f64 {
        let total: f64 = self.weights.iter().sum();
        let sum: f64 = p
            .iter()
            .enumerate()
            .map(|(k, &v)| self.weights[k] * self.scores[k][v as usize])
            .sum();
        if total > 0.0 {
            sum / total
        } else {
            0.5
        }
    }
}

/// See the module doc.
#[derive(Debug, Clone)]
pub struct BlindMediator {
    seed: u64,
    rng: ChaCha8Rng,
    estimates: Vec<Estimate>,
    text: Option<Package>,
    previous: Option<Package>,
}

impl BlindMediator {
    /// A blind mediator whose search is seeded by `seed`.
    pub fn new(seed: u64) -> Self {
        BlindMediator {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            estimates: Vec::new(),
            text: None,
            previous: None,
        }
    }

    /// The current single text (per-issue value indices), if any.
    pub fn text(&self) -> Option<&Package> {
        self.text.as_ref()
    }

    fn rebuild(&mut self, radices: &[u32], knowledge: &Knowledge) {
        self.estimates = knowledge
            .parties
            .iter()
            .map(|k| {
                let n = radices.len();
                let weights = match &k.ranking {
                    Some(r) => {
                        let mut w = vec![0.0; n];
                        for (pos, &issue) in r.iter().enumerate() {
                            w[issue] = (n - pos) as f64;
                        }
                        w
                    }
                    None => vec![1.0; n],
                };
                let mut pro: Vec<Vec<f64>> =
                    radices.iter().map(|&r| vec![0.0; r as usize]).collect();
                let mut con = pro.clone();
                for (_, p) in &k.proposals {
                    p.iter()
                        .enumerate()
                        .for_each(|(i, &v)| pro[i][v as usize] += 2.0);
                }
                for (_, p) in &k.accepted {
                    p.iter()
                        .enumerate()
                        .for_each(|(i, &v)| pro[i][v as usize] += 1.0);
                }
                for r in &k.rejected {
                    for (i, &v) in r.package.iter().enumerate() {
                        if r.objections.is_empty() {
                            con[i][v as usize] += 0.5;
                        } else if r.objections.contains(&i) {
                            con[i][v as usize] += 2.0;
                        } else {
                            pro[i][v as usize] += 0.5;
                        }
                    }
                }
                for (better, worse) in &k.comparisons {
                    for i in 0..n {
                        if better[i] != worse[i] {
                            pro[i][better[i] as usize] += 0.5;
                            con[i][worse[i] as usize] += 0.5;
                        }
                    }
                }
                let scores: Vec<Vec<f64>> = pro
                    .iter()
                    .zip(&con)
                    .map(|(p, c)| {
                        p.iter()
                            .zip(c)
                            .map(|(p, c)| (1.0 + p) / (2.0 + p + c))
                            .collect()
                    })
                    .collect();
                let mut estimate = Estimate {
                    weights,
                    scores,
                    threshold: (0.0, 1.0),
                };
                let hi = k
                    .standing
                    .iter()
                    .map(|p| estimate.utility(p))
                    .fold(1.0, f64::min);
                let latest = k.rejected.last().map(|r| r.round);
                let lo = k
                    .rejected
                    .iter()
                    .filter(|r| Some(r.round) == latest)
                    .map(|r| estimate.utility(&r.package))
                    .fold(0.0, f64::max);
                estimate.threshold = if lo <= hi {
                    (lo, hi)
                } else {
                    let mid = (lo + hi) / 2.0;
                    (mid, mid)
                };
                estimate
            })
            .collect();
    }

    fn objective(&self, at_table: &[PartyId], accepted: &HashSet<Package>, p: &[u32]) -> f64 {
        let log_product: f64 = at_table
            .iter()
            .map(|&i| self.estimates[i].utility(p).max(1e-6).ln())
            .sum();
        let bonus = if accepted.contains(p) {
            ACCEPTANCE_BONUS
        } else {
            0.0
        };
        log_product + bonus
    }

    fn choose_text(&mut self, view: &MediatorObservation<'_>) {
        let radices = view.space.radices().unwrap_or_default();
        let accepted: HashSet<Package> = view
            .at_table
            .iter()
            .flat_map(|&i| view.knowledge.parties[i].standing.iter().cloned())
            .collect();
        let starts: Vec<Package> = self.text.iter().cloned().collect();
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ u64::from(view.round));
        let this = &*self;
        let found = best_package(
            &radices,
            &mut |p| this.objective(view.at_table, &accepted, p),
            &starts,
            &mut rng,
        );
        // Anneal around the optimum: explore early, settle as the deadline nears.
        let temperature = INITIAL_TEMPERATURE * (1.0 - view.time);
        let mut current = found.package.clone();
        let mut current_value = found.score;
        if temperature > 0.0 {
            for _ in 0..ANNEALING_STEPS {
                let k = self.rng.gen_range(0..radices.len());
                if radices[k] < 2 {
                    continue;
                }
                let mut candidate = current.clone();
                candidate[k] = self.rng.gen_range(0..radices[k]);
                let value = self.objective(view.at_table, &accepted, &candidate);
                let delta = value - current_value;
                if delta >= 0.0 || self.rng.gen::<f64>() < (delta / temperature).exp() {
                    current = candidate;
                    current_value = value;
                }
            }
        }
        self.previous = self.text.take();
        self.text = Some(current);
    }

    fn margin_with(&self, view: &MediatorObservation<'_>, pick: fn((f64, f64)) -> f64) -> f64 {
        let radices = view.space.radices().unwrap_or_default();
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let starts: Vec<Package> = self.text.iter().cloned().collect();
        best_package(
            &radices,
            &mut |p| {
                view.at_table
                    .iter()
                    .map(|&i| self.estimates[i].utility(p) - pick(self.estimates[i].threshold))
                    .fold(f64::INFINITY, f64::min)
            },
            &starts,
            &mut rng,
        )
        .score
    }

    /// The most promising package another party at the table already accepts that `party` has not
    /// been shown in this caucus, as a test. Relaying is how late agreements are closed.
    fn relay(
        &self,
        view: &MediatorObservation<'_>,
        party: PartyId,
        asked: &[&Question],
    ) -> Option<Move> {
        let own = &view.knowledge.parties[party];
        let shown = |p: &Package| {
            let outcome = view.space.outcome_from_indices(p);
            asked.iter().any(|q| **q == Question::Test(outcome.clone()))
        };
        let mut best: Option<(f64, &Package, PartyId)> = None;
        for &other in view.at_table.iter().filter(|&&o| o != party) {
            for p in &view.knowledge.parties[other].standing {
                if own.standing.contains(p) || shown(p) {
                    continue;
                }
                let value: f64 = view
                    .at_table
                    .iter()
                    .map(|&i| self.estimates[i].utility(p).max(1e-6).ln())
                    .sum();
                if best.is_none_or(|(b, _, _)| value > b) {
                    best = Some((value, p, other));
                }
            }
        }
        let (_, package, other) = best?;
        Some(Move {
            question: Question::Test(view.space.outcome_from_indices(package)),
            provenance: Provenance {
                sources: vec![(other, Basis::Answers)],
                reveals: "the package is one another delegation has accepted".into(),
            },
        })
    }

    fn provenance(&self, view: &MediatorObservation<'_>, party: PartyId) -> Provenance {
        let sources: Vec<(PartyId, Basis)> = view
            .at_table
            .iter()
            .filter(|&&p| p != party)
            .flat_map(|&p| {
                let k = &view.knowledge.parties[p];
                let mut s = Vec::new();
                if !k.accepted.is_empty() || !k.rejected.is_empty() || k.ranking.is_some() {
                    s.push((p, Basis::Answers));
                }
                if !k.proposals.is_empty() {
                    s.push((p, Basis::Proposal));
                }
                s
            })
            .collect();
        Provenance {
            reveals: if sources.is_empty() {
                String::new()
            } else {
                "the package was shaped by other delegations' answers; changes from the previous \
                 text hint at the values they resisted or named"
                    .into()
            },
            sources,
        }
    }
}

impl Mediator for BlindMediator {
    fn name(&self) -> &'static str {
        "blind"
    }

    fn describe(&self) -> String {
        format!(
            "blind: learns only from answers; single-text search with annealing, seed {}",
            self.seed
        )
    }

    fn begin_round(&mut self, view: &MediatorObservation<'_>) {
        let radices = view.space.radices().unwrap_or_default();
        self.rebuild(&radices, view.knowledge);
        if view.round > 1 {
            self.choose_text(view);
        }
    }

    fn next_move(&mut self, view: &MediatorObservation<'_>, party: PartyId) -> Option<Move> {
        let asked: Vec<&Question> = view.caucus.iter().map(|e| &e.question).collect();
        let has = |kind: QuestionKind| asked.iter().any(|q| q.kind() == kind);
        if asked.len() >= view.max_questions {
            return None;
        }
        if view.round == 1 || self.text.is_none() {
            if !has(QuestionKind::RankIssues) {
                return Some(Move::public(Question::RankIssues));
            }
            if !has(QuestionKind::AskPackage) {
                return Some(Move::public(Question::AskPackage));
            }
            if !has(QuestionKind::JointSession) {
                return Some(Move::public(Question::JointSession));
            }
            return None;
        }
        let text = view.space.outcome_from_indices(self.text.as_ref()?);
        if !has(QuestionKind::Test) {
            return Some(Move {
                question: Question::Test(text),
                provenance: self.provenance(view, party),
            });
        }
        let k = &view.knowledge.parties[party];
        let rejected =
            |p: &Package| k.rejected.iter().any(|r| &r.package == p) && !k.standing.contains(p);
        if let Some(previous) = &self.previous {
            let current = self.text.as_ref()?;
            if previous != current
                && rejected(previous)
                && rejected(current)
                && !has(QuestionKind::Compare)
            {
                return Some(Move {
                    question: Question::Compare(view.space.outcome_from_indices(previous), text),
                    provenance: self.provenance(view, party),
                });
            }
        }
        // Keep one slot for a request for a package late in the talks or every third round.
        // In the last round a named package can no longer be relayed; use the slots for tests.
        let last_round = view.round >= view.rounds;
        let ask_package = !last_round
            && (view.time >= 0.5 || view.round % 3 == 1)
            && !has(QuestionKind::AskPackage);
        let reserved = usize::from(ask_package);
        if view.time >= 0.5 && asked.len() + reserved < view.max_questions {
            if let Some(relay) = self.relay(view, party, &asked) {
                return Some(relay);
            }
        }
        if ask_package {
            return Some(Move::public(Question::AskPackage));
        }
        if view.round % 4 == 1 && !has(QuestionKind::JointSession) {
            return Some(Move::public(Question::JointSession));
        }
        None
    }

    fn margin(&mut self, view: &MediatorObservation<'_>) -> (MarginEstimate, Option<f64>) {
        let radices = view.space.radices().unwrap_or_default();
        self.rebuild(&radices, view.knowledge);
        let estimate = self.margin_with(view, |(lo, hi)| (lo + hi) / 2.0);
        let pessimistic = self.margin_with(view, |(_, hi)| hi);
        let optimistic = self.margin_with(view, |(lo, _)| lo);
        // On large spaces the searches are heuristic and may rank the two the other way round.
        let (lower, upper) = (
            pessimistic.min(optimistic).min(estimate),
            pessimistic.max(optimistic).max(estimate),
        );
        (
            MarginEstimate {
                estimate,
                lower,
                upper,
            },
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::AgentSpec;
    use crate::talks::{run_talks, AgentParty, Seat, TalksConfig};
    use crate::{Evaluator, Issue, IssueDomain, IssueUtility, OutcomeSpace, Party, Scenario};

    /// A price per period: eight integer issues of 7 values (7⁸ ≈ 5.8 million packages, far past
    /// the exhaustive-search limit, so the mediator's searches are heuristic) and three parties with
    /// linear evaluators: a buyer (lower is better), a seller (higher is better) and a retailer
    /// that sells in the first periods and buys in the others.
    fn price_grid() -> Scenario {
        let issues = 8;
        let space = OutcomeSpace::new(
            (0..issues)
                .map(|k| {
                    Issue::new(
                        format!("period{k}"),
                        IssueDomain::Integer { min: 8, max: 14 },
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .unwrap(),
        )
        .unwrap();
        let falling = Evaluator::Linear {
            offset: 1.0,
            slope: -1.0 / 6.0,
            origin: 8.0,
            clamp: false,
        };
        let rising = Evaluator::Linear {
            offset: 0.0,
            slope: 1.0 / 6.0,
            origin: 8.0,
            clamp: false,
        };
        let party = |name: &str, heavy_tail: bool, evaluator: &dyn Fn(usize) -> Evaluator| {
            // Evening periods weigh more for the buyer and the retailer.
            let raw: Vec<f64> = (0..issues)
                .map(|k| {
                    if heavy_tail && k + 3 >= issues {
                        3.0
                    } else {
                        1.0
                    }
                })
                .collect();
            let total: f64 = raw.iter().sum();
            let issues = raw
                .iter()
                .enumerate()
                .map(|(k, w)| IssueUtility {
                    weight: w / total,
                    evaluator: evaluator(k),
                })
                .collect();
            Party::linear_additive(name, &space, issues, 0.0).unwrap()
        };
        let parties = vec![
            party("buyer", true, &|_| falling.clone()),
            party("seller", false, &|_| rising.clone()),
            party("retailer", true, &|k| {
                if k < 3 {
                    rising.clone()
                } else {
                    falling.clone()
                }
            }),
        ];
        Scenario::new("price-grid", space, parties).unwrap()
    }

    /// Regression: on a space too large to search exhaustively, the heuristic searches for the
    /// pessimistic and optimistic margins can come back in the wrong order; the mediator used to
    /// clamp its estimate between them and panicked (`min > max`; here on seed 2). The bounds must
    /// always bracket the estimate.
    #[test]
    fn margin_bounds_stay_ordered_when_the_search_is_heuristic() {
        let scenario = price_grid();
        let rounds = 12;
        let parties = scenario.parties().len();
        for seed in 0..4 {
            let seats = scenario
                .parties()
                .iter()
                .enumerate()
                .map(|(me, p)| Seat {
                    name: p.name.clone(),
                    agent: Box::new(AgentParty::new(
                        scenario.space(),
                        p.profile.clone(),
                        &AgentSpec::TimeBased { exponent: 4.0 },
                        me,
                        parties,
                        rounds,
                        seed,
                    )),
                })
                .collect();
            let mut mediator = BlindMediator::new(seed);
            let config = TalksConfig {
                rounds,
                ..TalksConfig::default()
            };
            let record = run_talks(scenario.space(), seats, &mut mediator, config).unwrap();
            for round in &record.rounds {
                let m = &round.margin.estimate;
                assert!(
                    m.lower <= m.estimate && m.estimate <= m.upper,
                    "seed {seed}, round {}: {m:?}",
                    round.round
                );
            }
        }
    }
}
