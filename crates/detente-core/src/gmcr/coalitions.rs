//! Coalition analysis (Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel 2008): the decision
//! makers are partitioned into coalitions, which act as the players.
//!
//! A coalition's moves from s are the states its members reach by a legal sequence of their own
//! unilateral moves (no member twice in a row); a coalition improvement is such a move whose end
//! state every member strictly prefers to s. A coalition improvement is sanctioned if the other
//! coalitions, by a legal sequence of coalition moves (for SEQ: of coalition improvements), reach
//! a state that some member does not strictly prefer to s; for SMR the coalition must also be unable
//! to answer that state with a coalition move every member prefers to s. With every coalition a
//! single decision maker, this is exactly the individual analysis of [`super::stability`].
//!
//! Members of a coalition keep their own unilateral moves, so a *coalition equilibrium* is a state
//! stable for every coalition of the partition and for every decision maker on its own.

use super::bits::StateSet;
use super::model::{Conflict, StateId};
use super::sequences::{find_sequence, reachable, StepFn};
use super::stability::Concept;
use super::GmcrError;

/// A partition of the decision makers into coalitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    coalitions: Vec<Vec<usize>>,
}

impl Partition {
    /// Checks that every one of `dms` decision makers is in exactly one non-empty coalition.
    pub fn new(coalitions: Vec<Vec<usize>>, dms: usize) -> Result<Partition, GmcrError> {
        let mut seen = vec![false; dms];
        for coalition in &coalitions {
            if coalition.is_empty() {
                return Err(GmcrError::BadPartition("include an empty coalition".into()));
            }
            for &d in coalition {
                if d >= dms || seen[d] {
                    return Err(GmcrError::BadPartition(format!(
                        "name decision maker {} twice or it does not exist",
                        d + 1
                    )));
                }
                seen[d] = true;
            }
        }
        if let Some(missing) = seen.iter().position(|s| !s) {
            return Err(GmcrError::BadPartition(format!(
                "leave out decision maker {} (every decision maker must be in one coalition)",
                missing + 1
            )));
        }
        Ok(Partition { coalitions })
    }

    /// Every decision maker on its own.
    pub fn singletons(dms: usize) -> Partition {
        Partition {
            coalitions: (0..dms).map(|d| vec![d]).collect(),
        }
    }

    /// The coalitions, each a list of decision-maker indices.
    pub fn coalitions(&self) -> &[Vec<usize>] {
        &self.coalitions
    }
}

/// Coalition moves and stability for one partition.
#[derive(Debug, Clone)]
pub struct CoalitionAnalysis {
    partition: Partition,
    moves: Vec<Vec<Vec<StateId>>>,
    stable: Vec<Vec<StateSet>>,
    equilibria: Vec<StateSet>,
}

impl CoalitionAnalysis {
    /// The partition analysed.
    pub fn partition(&self) -> &Partition {
        &self.partition
    }

    /// Coalition `c`'s moves from `s`.
    pub fn moves(&self, c: usize, s: StateId) -> &[StateId] {
        &self.moves[c][s as usize]
    }

    /// The states stable for coalition `c` under `concept`.
    pub fn stable(&self, concept: Concept, c: usize) -> &StateSet {
        &self.stable[concept as usize][c]
    }

    /// Coalition equilibria under `concept`: stable for every coalition and every decision maker.
    pub fn equilibria(&self, concept: Concept) -> &StateSet {
        &self.equilibria[concept as usize]
    }
}

/// Analyses every state for every coalition of `partition` under every concept. Coalition moves
/// are found by search from every state, so this is meant for models of up to a few thousand
/// states.
pub fn analyze_coalitions(conflict: &Conflict, partition: &Partition) -> CoalitionAnalysis {
    let moves: Vec<Vec<Vec<StateId>>> = partition
        .coalitions()
        .iter()
        .map(|members| coalition_moves(conflict, members))
        .collect();
    let individual = super::stability::analyze(conflict);
    let mut analysis = CoalitionAnalysis {
        partition: partition.clone(),
        moves,
        stable: Vec::new(),
        equilibria: Vec::new(),
    };
    for concept in Concept::ALL {
        let per_coalition: Vec<StateSet> = (0..partition.coalitions().len())
            .map(|c| stable_for(conflict, &analysis, concept, c))
            .collect();
        let mut all = individual.equilibria(concept).clone();
        per_coalition.iter().for_each(|set| all.intersect_with(set));
        analysis.stable.push(per_coalition);
        analysis.equilibria.push(all);
    }
    analysis
}

/// From every state: the states the members reach by a legal sequence of their moves.
fn coalition_moves(conflict: &Conflict, members: &[usize]) -> Vec<Vec<StateId>> {
    let steps: Vec<Box<StepFn>> = members
        .iter()
        .map(|&d| -> Box<StepFn> { Box::new(move |s| conflict.moves(d, s).to_vec()) })
        .collect();
    let movers: Vec<&StepFn> = steps.iter().map(|b| b.as_ref()).collect();
    (0..conflict.state_count() as StateId)
        .map(|s| {
            let mut targets = reachable(s, &movers);
            targets.retain(|&t| t != s);
            targets
        })
        .collect()
}

/// Whether every member of `members` strictly prefers `to` to `from`.
fn all_prefer(conflict: &Conflict, members: &[usize], to: StateId, from: StateId) -> bool {
    members.iter().all(|&d| conflict.prefers(d, to, from))
}

fn stable_for(
    conflict: &Conflict,
    analysis: &CoalitionAnalysis,
    concept: Concept,
    c: usize,
) -> StateSet {
    let coalitions = analysis.partition.coalitions();
    let members = &coalitions[c];
    let others: Vec<usize> = (0..coalitions.len()).filter(|&o| o != c).collect();
    let steps: Vec<Box<StepFn>> = others
        .iter()
        .map(|&o| -> Box<StepFn> {
            let them = &coalitions[o];
            Box::new(move |x: StateId| {
                analysis
                    .moves(o, x)
                    .iter()
                    .copied()
                    .filter(|&t| concept != Concept::Seq || all_prefer(conflict, them, t, x))
                    .collect()
            })
        })
        .collect();
    let movers: Vec<&StepFn> = steps.iter().map(|b| b.as_ref()).collect();
    let mut stable = StateSet::empty(conflict.state_count());
    for s in 0..conflict.state_count() as StateId {
        let deterred = |x: StateId| {
            !all_prefer(conflict, members, x, s)
                && (concept != Concept::Smr
                    || analysis
                        .moves(c, x)
                        .iter()
                        .all(|&y| !all_prefer(conflict, members, y, s)))
        };
        let sanctioned = |s1: StateId| {
            concept != Concept::Nash && find_sequence(s1, &movers, &deterred).is_some()
        };
        let mut improvements = analysis
            .moves(c, s)
            .iter()
            .copied()
            .filter(|&t| all_prefer(conflict, members, t, s));
        if improvements.all(sanctioned) {
            stable.insert(s);
        }
    }
    stable
}
