//! Stability of every state for every decision maker under Nash (R), general metarationality
//! (GMR), symmetric metarationality (SMR) and sequential stability (SEQ), and the equilibria.
//!
//! For focal decision maker i and opponents H = N∖{i}, a unilateral improvement s1 of i from s is
//! *sanctioned* if some legal sequence of H's moves (no decision maker twice in a row) leads from
//! s1 to an s2 with s2 ≤_i s; GMR asks that every improvement be sanctioned, SMR additionally
//! that i cannot escape from s2 (every s3 ∈ R_i(s2) has s3 ≤_i s), SEQ that the sequence be made of
//! the opponents' own unilateral improvements.
//!
//! Instead of one reachability search per (state, improvement), the analysis walks the graph of
//! pairs (state, last mover) once per decision maker and concept: its strongly connected
//! components, in reverse topological order, give for every pair the least payoff of i reachable
//! from it (for SMR, the least "escape value" max(p_i(s2), max p_i(R_i(s2)))). An improvement s1
//! is sanctioned exactly when the least value over H's first moves from s1 is ≤ p_i(s). This is
//! linear in the number of moves, so models with tens of thousands of states take seconds; the
//! stable sets are kept as bitsets ([`StateSet`]) and the equilibria are their intersection.

use super::bits::StateSet;
use super::model::{Conflict, StateId};

/// A solution concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concept {
    /// Nash stability (R): no unilateral improvement.
    Nash,
    /// General metarationality.
    Gmr,
    /// Symmetric metarationality.
    Smr,
    /// Sequential stability.
    Seq,
}

impl Concept {
    /// Every concept, in report order.
    pub const ALL: [Concept; 4] = [Concept::Nash, Concept::Gmr, Concept::Smr, Concept::Seq];

    /// Short name as in the literature.
    pub fn label(self) -> &'static str {
        match self {
            Concept::Nash => "Nash",
            Concept::Gmr => "GMR",
            Concept::Smr => "SMR",
            Concept::Seq => "SEQ",
        }
    }
}

/// Which states are stable for whom under which concept.
#[derive(Debug, Clone)]
pub struct StabilityAnalysis {
    /// `stable[concept][dm]`.
    stable: Vec<Vec<StateSet>>,
    /// `equilibria[concept]`: stable for every decision maker.
    equilibria: Vec<StateSet>,
}

impl StabilityAnalysis {
    /// The states stable for `dm` under `concept`.
    pub fn stable(&self, concept: Concept, dm: usize) -> &StateSet {
        &self.stable[concept as usize][dm]
    }

    /// Whether `s` is stable for `dm` under `concept`.
    pub fn is_stable(&self, concept: Concept, dm: usize, s: StateId) -> bool {
        self.stable(concept, dm).contains(s)
    }

    /// The equilibria under `concept`: states stable for every decision maker.
    pub fn equilibria(&self, concept: Concept) -> &StateSet {
        &self.equilibria[concept as usize]
    }
}

/// Analyses every state for every decision maker under every concept.
pub fn analyze(conflict: &Conflict) -> StabilityAnalysis {
    let n = conflict.decision_makers().len();
    let stable: Vec<Vec<StateSet>> = Concept::ALL
        .iter()
        .map(|&concept| {
            (0..n)
                .map(|dm| stable_states(conflict, concept, dm))
                .collect()
        })
        .collect();
    let equilibria = stable
        .iter()
        .map(|per_dm| {
            let mut all = StateSet::full(conflict.state_count());
            per_dm.iter().for_each(|set| all.intersect_with(set));
            all
        })
        .collect();
    StabilityAnalysis { stable, equilibria }
}

/// The states stable for `focal` under `concept`.
fn stable_states(conflict: &Conflict, concept: Concept, focal: usize) -> StateSet {
    let n = conflict.state_count() as StateId;
    let mut stable = StateSet::empty(n as usize);
    let least = match concept {
        Concept::Nash => None,
        _ => Some(least_reachable_after(conflict, concept, focal)),
    };
    for s in 0..n {
        let threshold = conflict.payoff(focal, s);
        let sanctioned = |s1: StateId| match &least {
            None => false,
            Some(least) => least[s1 as usize] <= threshold,
        };
        if conflict.improvements(focal, s).all(sanctioned) {
            stable.insert(s);
        }
    }
    stable
}

/// For every state s1: the least value the opponents of `focal` can reach from s1 by a legal
/// sequence (of moves for GMR and SMR, of improvements for SEQ); `u64::MAX` if they cannot move.
fn least_reachable_after(conflict: &Conflict, concept: Concept, focal: usize) -> Vec<u64> {
    let graph = OpponentGraph::new(conflict, focal, concept == Concept::Seq);
    let value: Vec<u64> = (0..conflict.state_count() as StateId)
        .map(|s| match concept {
            Concept::Smr => escape_value(conflict, focal, s),
            _ => conflict.payoff(focal, s),
        })
        .collect();
    let best = graph.least_reachable(&value);
    (0..conflict.state_count() as StateId)
        .map(|s1| {
            (0..graph.movers.len())
                .flat_map(|slot| graph.step(s1, slot).map(move |t| (t, slot)))
                .map(|(t, slot)| best[graph.node(t, slot)])
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

/// The best payoff `focal` can secure from `s` in one move or by staying: an SMR sanction at s
/// must leave this at most p_focal(original state).
fn escape_value(conflict: &Conflict, focal: usize, s: StateId) -> u64 {
    conflict
        .moves(focal, s)
        .iter()
        .map(|&t| conflict.payoff(focal, t))
        .chain([conflict.payoff(focal, s)])
        .max()
        .unwrap_or(0)
}

/// The opponents' legal sequences as a graph on (state, last mover) pairs.
struct OpponentGraph<'a> {
    conflict: &'a Conflict,
    movers: Vec<usize>,
    improving_only: bool,
}

const UNVISITED: u32 = u32::MAX;

impl<'a> OpponentGraph<'a> {
    fn new(conflict: &'a Conflict, focal: usize, improving_only: bool) -> Self {
        let movers = (0..conflict.decision_makers().len())
            .filter(|&d| d != focal)
            .collect();
        OpponentGraph {
            conflict,
            movers,
            improving_only,
        }
    }

    fn node(&self, s: StateId, slot: usize) -> usize {
        s as usize * self.movers.len() + slot
    }

    /// The moves of the mover in `slot` from `s` that may appear in a sequence.
    fn step(&self, s: StateId, slot: usize) -> impl Iterator<Item = StateId> + '_ {
        let dm = self.movers[slot];
        self.conflict
            .moves(dm, s)
            .iter()
            .copied()
            .filter(move |&t| !self.improving_only || self.conflict.prefers(dm, t, s))
    }

    /// The `i`-th successor of node (s, last) over all other movers, if any.
    fn successor(&self, s: StateId, last: usize, cursor: &mut (usize, usize)) -> Option<usize> {
        while cursor.0 < self.movers.len() {
            let slot = cursor.0;
            if slot != last {
                if let Some(t) = self.step(s, slot).nth(cursor.1) {
                    cursor.1 += 1;
                    return Some(self.node(t, slot));
                }
            }
            *cursor = (slot + 1, 0);
        }
        None
    }

    /// For every node, the least `value` of a state reachable from it (itself included), by
    /// Tarjan's strongly connected components (iterative: no recursion depth limit).
    fn least_reachable(&self, value: &[u64]) -> Vec<u64> {
        let h = self.movers.len();
        let nodes = value.len() * h;
        let mut tarjan = Tarjan {
            index: vec![UNVISITED; nodes],
            low: vec![0; nodes],
            on_stack: vec![false; nodes],
            best: (0..nodes).map(|v| value[v / h]).collect(),
            stack: Vec::new(),
            counter: 0,
        };
        for root in 0..nodes {
            if tarjan.index[root] == UNVISITED {
                tarjan.run(self, root);
            }
        }
        tarjan.best
    }
}

struct Tarjan {
    index: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    best: Vec<u64>,
    stack: Vec<usize>,
    counter: u32,
}

impl Tarjan {
    fn visit(&mut self, v: usize) {
        self.index[v] = self.counter;
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
    }

    fn run(&mut self, graph: &OpponentGraph, root: usize) {
        let h = graph.movers.len();
        let mut frames: Vec<(usize, (usize, usize))> = vec![(root, (0, 0))];
        self.visit(root);
        while let Some(&mut (v, ref mut cursor)) = frames.last_mut() {
            let (s, last) = ((v / h) as StateId, v % h);
            if let Some(w) = graph.successor(s, last, cursor) {
                if self.index[w] == UNVISITED {
                    self.visit(w);
                    frames.push((w, (0, 0)));
                } else {
                    if self.on_stack[w] {
                        self.low[v] = self.low[v].min(self.index[w]);
                    }
                    self.best[v] = self.best[v].min(self.best[w]);
                }
                continue;
            }
            frames.pop();
            if self.low[v] == self.index[v] {
                self.close_component(v);
            }
            if let Some(&(parent, _)) = frames.last() {
                self.low[parent] = self.low[parent].min(self.low[v]);
                self.best[parent] = self.best[parent].min(self.best[v]);
            }
        }
    }

    /// Pops the component rooted at `v`; every member gets the component's least value.
    fn close_component(&mut self, v: usize) {
        let start = self.stack.iter().rposition(|&w| w == v).unwrap_or(0);
        let members = self.stack.split_off(start);
        let least = members
            .iter()
            .map(|&w| self.best[w])
            .min()
            .unwrap_or(u64::MAX);
        for w in members {
            self.on_stack[w] = false;
            self.best[w] = least;
        }
    }
}
