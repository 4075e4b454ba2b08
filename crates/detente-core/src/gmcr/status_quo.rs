//! Status quo analysis: which states the conflict can reach from the status quo, and by which
//! shortest sequence — preferably of unilateral improvements (each mover gains), otherwise of any
//! unilateral moves.

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

/// How `target` can be reached from `start`.
pub fn reach_from_status_quo(conflict: &Conflict, start: StateId, target: StateId) -> Reachability {
    if start == target {
        return Reachability::StatusQuo;
    }
    if let Some(path) = shortest_path(conflict, start, target, true) {
        return Reachability::ByImprovements(path);
    }
    match shortest_path(conflict, start, target, false) {
        Some(path) => Reachability::ByMoves(path),
        None => Reachability::Unreachable,
    }
}

/// Breadth-first search over states; any decision maker may move at each step.
fn shortest_path(
    conflict: &Conflict,
    start: StateId,
    target: StateId,
    improving: bool,
) -> Option<Vec<Step>> {
    let n = conflict.state_count();
    let mut parent: Vec<Option<(StateId, usize)>> = vec![None; n];
    let mut queue = VecDeque::from([start]);
    while let Some(s) = queue.pop_front() {
        for dm in 0..conflict.decision_makers().len() {
            for &t in conflict.moves(dm, s) {
                if t == start
                    || parent[t as usize].is_some()
                    || (improving && !conflict.prefers(dm, t, s))
                {
                    continue;
                }
                parent[t as usize] = Some((s, dm));
                if t == target {
                    return Some(unwind(&parent, start, target));
                }
                queue.push_back(t);
            }
        }
    }
    None
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
