//! Sets of states as bitsets: one bit per state, 64 states to a word, so intersections (the
//! equilibria are the states stable for every decision maker) are word-wise ANDs.

use super::StateId;

/// A set of states of one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateSet {
    words: Vec<u64>,
    len: usize,
}

impl StateSet {
    /// The empty set over `len` states.
    pub fn empty(len: usize) -> Self {
        StateSet {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Every one of `len` states.
    pub fn full(len: usize) -> Self {
        let mut set = StateSet::empty(len);
        for s in 0..len {
            set.insert(s as StateId);
        }
        set
    }

    /// Adds a state.
    pub fn insert(&mut self, s: StateId) {
        self.words[s as usize / 64] |= 1 << (s % 64);
    }

    /// Whether the state is in the set.
    pub fn contains(&self, s: StateId) -> bool {
        self.words[s as usize / 64] >> (s % 64) & 1 == 1
    }

    /// Keeps only the states also in `other`.
    pub fn intersect_with(&mut self, other: &StateSet) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w &= o;
        }
    }

    /// Whether every state of `self` is in `other`.
    pub fn is_subset(&self, other: &StateSet) -> bool {
        self.words
            .iter()
            .zip(&other.words)
            .all(|(w, o)| w & !o == 0)
    }

    /// The states in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = StateId> + '_ {
        (0..self.len as StateId).filter(|&s| self.contains(s))
    }

    /// How many states.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = StateSet::empty(130);
        let mut b = StateSet::full(130);
        a.insert(3);
        a.insert(129);
        assert!(a.is_subset(&b));
        assert_eq!(a.iter().collect::<Vec<_>>(), [3, 129]);
        b.intersect_with(&a);
        assert_eq!(b, a);
        assert_eq!(b.count(), 2);
        assert!(!StateSet::full(130).is_subset(&a));
    }
}
