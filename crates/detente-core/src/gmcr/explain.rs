//! Why a state is stable or not for a decision maker under a concept: each unilateral
//! improvement, with the opponents' sanctioning sequence that deters it, or none (the improvement
//! that makes the state unstable).

use super::model::{Conflict, StateId};
use super::sequences::{find_sequence, StepFn};
use super::stability::Concept;

/// One move of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The decision maker who moves.
    pub mover: usize,
    /// The state reached.
    pub to: StateId,
}

/// A unilateral improvement and what answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanction {
    /// The state the focal decision maker could move to.
    pub improvement: StateId,
    /// The opponents' legal sequence from `improvement` to a state no better than the original
    /// (and, for SMR, one the focal decision maker cannot escape); `None` if there is none.
    pub sanction: Option<Vec<Step>>,
}

/// The explanation of one state's stability for one decision maker under one concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Focal decision maker.
    pub dm: usize,
    /// The state.
    pub state: StateId,
    /// The concept.
    pub concept: Concept,
    /// Stable: every improvement is sanctioned.
    pub stable: bool,
    /// Every unilateral improvement, with its sanction if any.
    pub improvements: Vec<Sanction>,
}

/// Explains whether `s` is stable for `dm` under `concept`.
pub fn explain(conflict: &Conflict, dm: usize, s: StateId, concept: Concept) -> Explanation {
    let opponents: Vec<usize> = (0..conflict.decision_makers().len())
        .filter(|&d| d != dm)
        .collect();
    let steps: Vec<Box<StepFn>> = opponents
        .iter()
        .map(|&d| -> Box<StepFn> {
            Box::new(move |x: StateId| {
                conflict
                    .moves(d, x)
                    .iter()
                    .copied()
                    .filter(|&t| concept != Concept::Seq || conflict.prefers(d, t, x))
                    .collect()
            })
        })
        .collect();
    let movers: Vec<&StepFn> = steps.iter().map(|b| b.as_ref()).collect();
    let no_better = |x: StateId| !conflict.prefers(dm, x, s);
    let deterred = |x: StateId| {
        no_better(x)
            && (concept != Concept::Smr || conflict.moves(dm, x).iter().all(|&y| no_better(y)))
    };
    let improvements: Vec<Sanction> = conflict
        .improvements(dm, s)
        .map(|s1| Sanction {
            improvement: s1,
            sanction: match concept {
                Concept::Nash => None,
                _ => find_sequence(s1, &movers, &deterred).map(|path| {
                    path.into_iter()
                        .map(|(slot, to)| Step {
                            mover: opponents[slot],
                            to,
                        })
                        .collect()
                }),
            },
        })
        .collect();
    Explanation {
        dm,
        state: s,
        concept,
        stable: improvements.iter().all(|i| i.sanction.is_some()),
        improvements,
    }
}
