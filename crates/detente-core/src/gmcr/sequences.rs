//! Legal move sequences: several movers (decision makers or coalitions), none moving twice in a
//! row. Breadth-first search over (state, last mover) pairs, so the sequence found is a shortest.

use std::collections::{HashMap, VecDeque};

use super::model::StateId;

/// One mover's possible steps from a state.
pub(crate) type StepFn<'a> = dyn Fn(StateId) -> Vec<StateId> + 'a;

const NOBODY: usize = usize::MAX;

/// A shortest legal sequence of at least one step from `start` to a state where `goal` holds, as
/// (mover slot, state reached) pairs.
pub(crate) fn find_sequence(
    start: StateId,
    movers: &[&StepFn],
    goal: &dyn Fn(StateId) -> bool,
) -> Option<Vec<(usize, StateId)>> {
    let mut parent: HashMap<(StateId, usize), (StateId, usize)> = HashMap::new();
    let mut queue = VecDeque::from([(start, NOBODY)]);
    while let Some((s, last)) = queue.pop_front() {
        for (slot, step) in movers.iter().enumerate() {
            if slot == last {
                continue;
            }
            for t in step(s) {
                let node = (t, slot);
                if parent.contains_key(&node) {
                    continue;
                }
                parent.insert(node, (s, last));
                if goal(t) {
                    return Some(unwind(&parent, node, start));
                }
                queue.push_back(node);
            }
        }
    }
    None
}

/// Every state reachable from `start` by a legal sequence of at least one step, sorted.
pub(crate) fn reachable(start: StateId, movers: &[&StepFn]) -> Vec<StateId> {
    let mut seen: HashMap<(StateId, usize), ()> = HashMap::new();
    let mut queue = VecDeque::from([(start, NOBODY)]);
    let mut states = Vec::new();
    while let Some((s, last)) = queue.pop_front() {
        for (slot, step) in movers.iter().enumerate() {
            if slot == last {
                continue;
            }
            for t in step(s) {
                if seen.insert((t, slot), ()).is_none() {
                    states.push(t);
                    queue.push_back((t, slot));
                }
            }
        }
    }
    states.sort_unstable();
    states.dedup();
    states
}

fn unwind(
    parent: &HashMap<(StateId, usize), (StateId, usize)>,
    mut node: (StateId, usize),
    start: StateId,
) -> Vec<(usize, StateId)> {
    let mut path = vec![(node.1, node.0)];
    while let Some(&previous) = parent.get(&node) {
        if previous == (start, NOBODY) {
            break;
        }
        path.push((previous.1, previous.0));
        node = previous;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_mover_moves_twice_in_a_row() {
        // Mover 0 walks 0→1→2; mover 1 goes 1→3. From 0, state 2 needs mover 0 twice in a row.
        let a = |s: StateId| match s {
            0 => vec![1],
            1 => vec![2],
            _ => vec![],
        };
        let b = |s: StateId| if s == 1 { vec![3] } else { vec![] };
        let movers: [&StepFn; 2] = [&a, &b];
        assert_eq!(reachable(0, &movers), [1, 3]);
        assert_eq!(
            find_sequence(0, &movers, &|s| s == 3),
            Some(vec![(0, 1), (1, 3)])
        );
        assert_eq!(find_sequence(0, &movers, &|s| s == 2), None);
    }
}
