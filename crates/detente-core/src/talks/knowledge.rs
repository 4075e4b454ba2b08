//! What the mediator has learned from the parties' valid answers, and nothing else.
//!
//! Every fact here comes from one caucus answer, so it is as confidential as the answer. The
//! communiqué never reads this directly; it reads only joint facts (see [`super::communique`]).
//! Packages are kept as per-issue value indices.

use std::collections::BTreeSet;

use super::evidence::{Contradiction, Evidence};
use super::message::{Answer, Preferred, Question};
use crate::outcome::OutcomeSpace;

/// Per-issue value indices of a package.
pub type Package = Vec<u32>;

/// A package a party rejected, with the issues it objected to.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// Round of the answer.
    pub round: u32,
    /// The package.
    pub package: Package,
    /// Objected issue positions.
    pub objections: Vec<usize>,
}

/// Everything learned from one party.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyKnowledge {
    /// Packages the party has accepted (by test or by proposing them) and not rejected since.
    pub standing: Vec<Package>,
    /// Every package the party has accepted at least once, with the round.
    pub accepted: Vec<(u32, Package)>,
    /// Every rejection, in order.
    pub rejected: Vec<Rejection>,
    /// Packages the party named when asked, with the round.
    pub proposals: Vec<(u32, Package)>,
    /// The party's latest ranking of the issues, most important first.
    pub ranking: Option<Vec<usize>>,
    /// Strict comparisons: (preferred, other).
    pub comparisons: Vec<(Package, Package)>,
    /// Answers to joint-session requests: (round, consent).
    pub consents: Vec<(u32, bool)>,
    /// What the answers imply about the party's profile, with the answers set aside as
    /// contradictory.
    pub evidence: Evidence,
    /// Every valid answer but a walk-out, in order: (round, question, answer).
    pub answers: Vec<(u32, Question, Answer)>,
}

impl PartyKnowledge {
    /// Nothing learned yet from a party negotiating issues with `radices` values.
    pub fn new(radices: &[u32]) -> Self {
        PartyKnowledge {
            standing: Vec::new(),
            accepted: Vec::new(),
            rejected: Vec::new(),
            proposals: Vec::new(),
            ranking: None,
            comparisons: Vec::new(),
            consents: Vec::new(),
            evidence: Evidence::new(radices),
            answers: Vec::new(),
        }
    }

    /// Whether `question` has been answered validly (a walk-out aside).
    pub fn has_answered(&self, question: &Question) -> bool {
        self.answers.iter().any(|(_, q, _)| q == question)
    }

    /// Per issue, the value indices the party has accepted at least once.
    pub fn accepted_values(&self, issues: usize) -> Vec<BTreeSet<u32>> {
        let mut values = vec![BTreeSet::new(); issues];
        for (_, p) in &self.accepted {
            for (k, &v) in p.iter().enumerate() {
                values[k].insert(v);
            }
        }
        values
    }

    fn accept(&mut self, round: u32, package: &Package) {
        if !self.standing.contains(package) {
            self.standing.push(package.clone());
        }
        if !self.accepted.iter().any(|(_, p)| p == package) {
            self.accepted.push((round, package.clone()));
        }
    }
}

/// What the mediator knows about every party.
#[derive(Debug, Clone, PartialEq)]
pub struct Knowledge {
    /// One entry per party, in party order.
    pub parties: Vec<PartyKnowledge>,
    issues: usize,
}

impl Knowledge {
    /// Nothing known yet about `parties` parties negotiating issues with `radices` values.
    pub fn new(parties: usize, radices: &[u32]) -> Self {
        Knowledge {
            parties: vec![PartyKnowledge::new(radices); parties],
            issues: radices.len(),
        }
    }

    /// Every answer set aside as contradicting the same party's earlier answers, by party.
    pub fn contradictions(&self) -> Vec<(usize, Contradiction)> {
        self.parties
            .iter()
            .enumerate()
            .flat_map(|(p, k)| k.evidence.contradictions().iter().map(move |c| (p, *c)))
            .collect()
    }

    /// Number of issues.
    pub fn issues(&self) -> usize {
        self.issues
    }

    /// Adds a validated answer. `answer` must already have passed [`super::message::validate_answer`].
    pub(crate) fn learn(
        &mut self,
        space: &OutcomeSpace,
        party: usize,
        round: u32,
        question: &Question,
        answer: &Answer,
    ) {
        let k = &mut self.parties[party];
        k.answers.push((round, question.clone(), answer.clone()));
        k.evidence.add(space, round, question, answer);
        let idx = |p: &crate::outcome::Outcome| space.indices_of(p);
        match (question, answer) {
            (Question::Test(p), Answer::Verdict { accept, objections }) => {
                let Some(p) = idx(p) else { return };
                if *accept {
                    k.accept(round, &p);
                } else {
                    k.standing.retain(|s| s != &p);
                    k.rejected.push(Rejection {
                        round,
                        package: p,
                        objections: objections.clone(),
                    });
                }
            }
            (Question::AskPackage, Answer::Package(p)) => {
                let Some(p) = idx(p) else { return };
                k.proposals.push((round, p.clone()));
                k.accept(round, &p);
            }
            (Question::RankIssues, Answer::Ranking(r)) => k.ranking = Some(r.clone()),
            (Question::Compare(a, b), Answer::Preference(pref)) => {
                let (Some(a), Some(b)) = (idx(a), idx(b)) else {
                    return;
                };
                match pref {
                    Preferred::First => k.comparisons.push((a, b)),
                    Preferred::Second => k.comparisons.push((b, a)),
                    Preferred::Indifferent => {}
                }
            }
            (Question::JointSession, Answer::Consent(c)) => k.consents.push((round, *c)),
            _ => {}
        }
    }

    /// Packages every listed party currently accepts, in the order the first of them accepted them.
    pub fn accepted_by_all(&self, parties: &[usize]) -> Vec<Package> {
        let Some((&first, rest)) = parties.split_first() else {
            return Vec::new();
        };
        self.parties[first]
            .standing
            .iter()
            .filter(|p| rest.iter().all(|&o| self.parties[o].standing.contains(p)))
            .cloned()
            .collect()
    }

    /// Issues on which every listed party has accepted some common value (in some package), with
    /// those values. This is the "common ground" the margin series and the communiqué report.
    pub fn common_ground(&self, parties: &[usize]) -> Vec<(usize, Vec<u32>)> {
        let per_party: Vec<_> = parties
            .iter()
            .map(|&p| self.parties[p].accepted_values(self.issues))
            .collect();
        (0..self.issues)
            .filter_map(|k| {
                let mut common: Option<BTreeSet<u32>> = None;
                for values in &per_party {
                    common = Some(match common {
                        None => values[k].clone(),
                        Some(c) => c.intersection(&values[k]).copied().collect(),
                    });
                }
                let common = common.unwrap_or_default();
                (!common.is_empty()).then(|| (k, common.into_iter().collect()))
            })
            .collect()
    }
}
