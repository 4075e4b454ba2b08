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
//! 4. If a party rejected both the previous and the current text, it is asked which it prefers;
//!    every third round it is asked again for a package it would accept; the joint-session question
//!    returns every fourth round.
//!
//! Every text after the first round is computed from the other parties' answers and is recorded in
//! the disclosure ledger. The margin estimate is `max_p min_i (ûᵢ(p) − θᵢ)` with the thresholds at
//! their midpoint (estimate), top (lower bound) and bottom (upper bound).

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Mediator, MediatorView, Move};
use crate::talks::knowledge::{Knowledge, Package};
use crate::talks::ledger::{Basis, Provenance};
use crate::talks::margin::MarginEstimate;
use crate::talks::message::{PartyId, Question};
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
        let bonus = if accepted.is_empty() {
            0.0
        } else {
            // Only allocate when the package is actually in the set.
            let key = p.to_vec();
            if accepted.contains(&key) {
                ACCEPTANCE_BONUS
            } else {
                0.0
            }
        };
        log_product + bonus
    }

    fn choose_text(&mut self, view: &MediatorView<'_>) {
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

    fn margin_with(&self, view: &MediatorView<'_>, pick: fn((f64, f64)) -> f64) -> f64 {
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

    fn provenance(&self, view: &MediatorView<'_>, party: PartyId) -> Provenance {
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

    fn begin_round(&mut self, view: &MediatorView<'_>) {
        let radices = view.space.radices().unwrap_or_default();
        self.rebuild(&radices, view.knowledge);
        if view.round > 1 {
            self.choose_text(view);
        }
    }

    fn next_move(&mut self, view: &MediatorView<'_>, party: PartyId) -> Option<Move> {
        let asked: Vec<&Question> = view.caucus.iter().map(|e| &e.question).collect();
        let has = |kind: &str| asked.iter().any(|q| q.kind() == kind);
        if asked.len() >= view.max_questions {
            return None;
        }
        if view.round == 1 || self.text.is_none() {
            if !has("rank-issues") {
                return Some(Move::public(Question::RankIssues));
            }
            if !has("ask-package") {
                return Some(Move::public(Question::AskPackage));
            }
            if !has("joint-session") {
                return Some(Move::public(Question::JointSession));
            }
            return None;
        }
        let text = view.space.outcome_from_indices(self.text.as_ref()?);
        if !has("test") {
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
            if previous != current && rejected(previous) && rejected(current) && !has("compare") {
                return Some(Move {
                    question: Question::Compare(view.space.outcome_from_indices(previous), text),
                    provenance: self.provenance(view, party),
                });
            }
        }
        if view.round % 3 == 1 && !has("ask-package") {
            return Some(Move::public(Question::AskPackage));
        }
        if view.round % 4 == 1 && !has("joint-session") {
            return Some(Move::public(Question::JointSession));
        }
        None
    }

    fn margin(&mut self, view: &MediatorView<'_>) -> (MarginEstimate, Option<f64>) {
        let radices = view.space.radices().unwrap_or_default();
        self.rebuild(&radices, view.knowledge);
        let estimate = self.margin_with(view, |(lo, hi)| (lo + hi) / 2.0);
        let lower = self.margin_with(view, |(_, hi)| hi);
        let upper = self.margin_with(view, |(lo, _)| lo);
        (
            MarginEstimate {
                estimate: estimate.clamp(lower, upper),
                lower,
                upper,
            },
            None,
        )
    }
}
