//! Status quo analysis: which states the conflict can reach from the status quo, and by which
//! shortest sequence — preferably of unilateral improvements (each mover gains), otherwise of any
//! unilateral moves. One breadth-first search per kind answers for every target at once.

use std::collections::VecDeque;

use super::explain::Step;
use super::model::{Conflict, StateId};

/// How a state can be reached from the status quo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reachability {
    /// It is the status quo.
    StatusQuo,
    /// By this shortest sequence of unilateral improvements.
    ByImprovements(Vec<Step>),
    /// Not by improvements alone, but by this shortest sequence of unilateral moves.
    ByMoves(Vec<Step>),
    /// Not at all.
    Unreachable,
}

/// Shortest-path trees from the status quo, by improvements and by moves.
#[derive(Debug, Clone)]
pub struct StatusQuoPaths {
    start: StateId,
    by_improvements: Vec<Option<(StateId, usize)>>,
    by_moves: Vec<Option<(StateId, usize)>>,
}

impl StatusQuoPaths {
    /// Searches from `start` (any decision maker may move at each step).
    pub fn new(conflict: &Conflict, start: StateId) -> Self {
        StatusQuoPaths {
            start,
            by_improvements: tree(conflict, start, true),
            by_moves: tree(conflict, start, false),
        }
    }

    /// How `target` is reached.
    pub fn reach(&self, target: StateId) -> Reachability {
        if target == self.start {
            Reachability::StatusQuo
        } else if self.by_improvements[target as usize].is_some() {
            Reachability::ByImprovements(unwind(&self.by_improvements, self.start, target))
        } else if self.by_moves[target as usize].is_some() {
            Reachability::ByMoves(unwind(&self.by_moves, self.start, target))
        } else {
            Reachability::Unreachable
        }
    }
}

/// How `target` can be reached from `start` (one search; use [`StatusQuoPaths`] for many targets).
pub fn reach_from_status_quo(conflict: &Conflict, start: StateId, target: StateId) -> Reachability {
    StatusQuoPaths::new(conflict, start).reach(target)
}

/// Each state's predecessor and mover on a shortest path from `start`.
fn tree(conflict: &Conflict, start: StateId, improving: bool) -> Vec<Option<(StateId, usize)>> {
    let mut parent: Vec<Option<(StateId, usize)>> = vec![None; conflict.state_count()];
    let mut queue = VecDeque::from([start]);
    while let Some(s) = queue.pop_front() {
        for dm in 0..conflict.decision_makers().len() {
            for &t in conflict.moves(dm, s) {
                let seen = t == start || parent[t as usize].is_some();
                if seen || (improving && !conflict.prefers(dm, t, s)) {
                    continue;
                }
                parent[t as usize] = Some((s, dm));
                queue.push_back(t);
            }
        }
    }
    parent
}

fn unwind(parent: &[Option<(StateId, usize)>], start: StateId, target: StateId) -> Vec<Step> {
    let mut path = Vec::new();
    let mut at = target;
    while at != start {
        let Some((from, mover)) = parent[at as usize] else {
            break;
        };
        path.push(Step { mover, to: at });
        at = from;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gmcr::model::tests::option;
    use crate::gmcr::{Condition, ConflictSpec, DecisionMakerSpec, PreferenceSpec, Reversibility};

    #[test]
    fn paths_prefer_improvements_and_respect_irreversibility() {
        let dm = |name: &str, id: &str, r| DecisionMakerSpec {
            name: name.into(),
            options: vec![option(id, r)],
        };
        let spec = ConflictSpec {
            name: "sq".into(),
            decision_makers: vec![
                dm("A", "a", Reversibility::OnceTaken),
                dm("B", "b", Reversibility::Reversible),
            ],
            infeasible: vec![],
            collapse: vec![],
            // A likes b taken; B likes a taken and dislikes its own option.
            preferences: vec![
                PreferenceSpec::Prioritization(vec![Condition::Option(1)]),
                PreferenceSpec::Prioritization(vec![
                    Condition::Option(0),
                    Condition::Not(Box::new(Condition::Option(1))),
                ]),
            ],
            status_quo: Some(0),
        };
        let c = Conflict::new(&spec).unwrap();
        let paths = StatusQuoPaths::new(&c, 0);
        assert_eq!(paths.reach(0), Reachability::StatusQuo);
        // NN → NY: B moves against its own interest: reachable by moves only.
        assert_eq!(
            paths.reach(2),
            Reachability::ByMoves(vec![Step { mover: 1, to: 2 }])
        );
        // NY → YY is not an improvement for A (it does not care about a), so YY needs moves too.
        assert!(matches!(paths.reach(3), Reachability::ByMoves(_)));
        // From YN (a taken, irreversible) the status quo is unreachable.
        assert_eq!(
            StatusQuoPaths::new(&c, 1).reach(0),
            Reachability::Unreachable
        );
    }
}
