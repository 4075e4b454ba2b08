//! The conflict model: decision makers and their options, the feasible states (option combinations
//! minus infeasibility rules, merged by collapse rules), each decision maker's unilateral moves
//! (respecting irreversible options) and preferences as payoffs (higher is better).
//!
//! States are numbered in GMCR's decimal order: option k (model order, 0-based) is bit k of the
//! state's code, and feasible states are listed by increasing code; [`StateId`] is the 0-based
//! position in that list, shown to people as `id + 1`.

use std::collections::HashMap;

use super::condition::Condition;
use super::preferences::{payoffs, PreferenceSpec};
use super::GmcrError;

/// At most this many options: 2^20 combinations are enumerated once.
pub const MAX_OPTIONS: usize = 20;

/// A feasible state: its 0-based position in the model's state list.
pub type StateId = u32;

const NO_STATE: StateId = StateId::MAX;

/// Which way an option may change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reversibility {
    /// Taken and dropped freely.
    #[default]
    Reversible,
    /// Once taken, never dropped (moves only from N to Y).
    OnceTaken,
    /// Once dropped, never taken again (moves only from Y to N).
    OnceDropped,
}

/// An option as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionSpec {
    /// Identifier used in statements.
    pub id: String,
    /// Readable name (may equal `id`).
    pub name: String,
    /// Which way it may change.
    pub reversibility: Reversibility,
}

/// A decision maker as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionMakerSpec {
    /// Name.
    pub name: String,
    /// The options this decision maker controls.
    pub options: Vec<OptionSpec>,
}

/// A collapse rule: where `when` holds, the options in `ignore` no longer matter (GMCR's `-`);
/// they are set to N, so the configurations that differ only in them are one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collapse {
    /// Where the rule applies.
    pub when: Condition,
    /// Global option indices that stop mattering.
    pub ignore: Vec<usize>,
}

/// Everything needed to build a [`Conflict`]. Option indices in conditions are global: the
/// decision makers' options concatenated in declaration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictSpec {
    /// The conflict's name.
    pub name: String,
    /// Decision makers with their options.
    pub decision_makers: Vec<DecisionMakerSpec>,
    /// A configuration is infeasible where any of these holds.
    pub infeasible: Vec<Condition>,
    /// Collapse rules, applied in order.
    pub collapse: Vec<Collapse>,
    /// One preference specification per decision maker, in the same order.
    pub preferences: Vec<PreferenceSpec>,
    /// The status quo as an option configuration (bit k = option k taken).
    pub status_quo: Option<u64>,
}

impl ConflictSpec {
    /// The global index of the option with identifier `id`.
    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.decision_makers
            .iter()
            .flat_map(|dm| &dm.options)
            .position(|o| o.id == id)
    }

    /// Checks the decision makers and their options alone (at least two decision makers, each
    /// with an option, no option declared twice, not too many options), so that readers can
    /// report these before reading statements that name options.
    pub fn check_decision_makers(&self) -> Result<(), GmcrError> {
        check_decision_makers(self).map(|_| ())
    }
}

/// An option of a built model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionInfo {
    /// Identifier.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Owner (decision maker index).
    pub owner: usize,
    /// Which way it may change.
    pub reversibility: Reversibility,
}

/// A validated conflict with its states, moves and payoffs.
#[derive(Debug, Clone)]
pub struct Conflict {
    name: String,
    dm_names: Vec<String>,
    options: Vec<OptionInfo>,
    states: Vec<u64>,
    ignored: Vec<u64>,
    moves: Vec<Vec<Vec<StateId>>>,
    payoffs: Vec<Vec<u64>>,
    status_quo: Option<StateId>,
}

impl Conflict {
    /// Validates the specification and builds states, moves and payoffs.
    pub fn new(spec: &ConflictSpec) -> Result<Conflict, GmcrError> {
        let options = check_decision_makers(spec)?;
        let (states, ignored, index) = feasible_states(spec, options.len());
        if states.is_empty() {
            return Err(GmcrError::NoFeasibleState);
        }
        let dm_names: Vec<String> = spec
            .decision_makers
            .iter()
            .map(|d| d.name.clone())
            .collect();
        let moves = (0..dm_names.len())
            .map(|dm| unilateral_moves(spec, &options, dm, &states, &index))
            .collect();
        if spec.preferences.len() != dm_names.len() {
            return Err(GmcrError::PreferenceCount {
                expected: dm_names.len(),
                given: spec.preferences.len(),
            });
        }
        let mut conflict = Conflict {
            name: spec.name.clone(),
            dm_names,
            options,
            states,
            ignored,
            moves,
            payoffs: Vec::new(),
            status_quo: None,
        };
        conflict.payoffs = spec
            .preferences
            .iter()
            .enumerate()
            .map(|(dm, p)| payoffs(p, &conflict, dm))
            .collect::<Result<_, _>>()?;
        conflict.status_quo = match spec.status_quo {
            None => None,
            Some(mask) => Some(conflict.find_state(mask).ok_or_else(|| {
                GmcrError::StatusQuoInfeasible(configuration_text(mask, conflict.options.len()))
            })?),
        };
        Ok(conflict)
    }

    /// The conflict's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Decision makers' names.
    pub fn decision_makers(&self) -> &[String] {
        &self.dm_names
    }

    /// Options in model order.
    pub fn options(&self) -> &[OptionInfo] {
        &self.options
    }

    /// Number of feasible states.
    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    /// A state's option configuration (bit k = option k taken; collapsed options are N).
    pub fn configuration(&self, s: StateId) -> u64 {
        self.states[s as usize]
    }

    /// Options that do not matter in this state (collapse rules; shown as `-`).
    pub fn ignored(&self, s: StateId) -> u64 {
        self.ignored[s as usize]
    }

    /// Y, N or `-` per option, in model order.
    pub fn pattern(&self, s: StateId) -> String {
        (0..self.options.len())
            .map(|k| {
                if self.ignored(s) >> k & 1 == 1 {
                    '-'
                } else if self.configuration(s) >> k & 1 == 1 {
                    'Y'
                } else {
                    'N'
                }
            })
            .collect()
    }

    /// The state whose configuration is `mask`, if it is feasible (after collapse rules).
    pub fn find_state(&self, mask: u64) -> Option<StateId> {
        self.states.binary_search(&mask).ok().map(|i| i as StateId)
    }

    /// Decision maker `dm`'s unilateral moves from `s`, in increasing state order.
    pub fn moves(&self, dm: usize, s: StateId) -> &[StateId] {
        &self.moves[dm][s as usize]
    }

    /// Decision maker `dm`'s unilateral improvements from `s`.
    pub fn improvements(&self, dm: usize, s: StateId) -> impl Iterator<Item = StateId> + '_ {
        self.moves(dm, s)
            .iter()
            .copied()
            .filter(move |&t| self.prefers(dm, t, s))
    }

    /// `dm`'s payoff of `s` (only the order matters; higher is better).
    pub fn payoff(&self, dm: usize, s: StateId) -> u64 {
        self.payoffs[dm][s as usize]
    }

    /// Whether `dm` strictly prefers `a` to `b`.
    pub fn prefers(&self, dm: usize, a: StateId, b: StateId) -> bool {
        self.payoff(dm, a) > self.payoff(dm, b)
    }

    /// The status quo, if the model names one.
    pub fn status_quo(&self) -> Option<StateId> {
        self.status_quo
    }

    /// `dm`'s states from most to least preferred, ties grouped.
    pub fn ranking(&self, dm: usize) -> Vec<Vec<StateId>> {
        let mut order: Vec<StateId> = (0..self.state_count() as StateId).collect();
        order.sort_by_key(|&s| (std::cmp::Reverse(self.payoff(dm, s)), s));
        let mut groups: Vec<Vec<StateId>> = Vec::new();
        for s in order {
            match groups.last_mut() {
                Some(g) if self.payoff(dm, g[0]) == self.payoff(dm, s) => g.push(s),
                _ => groups.push(vec![s]),
            }
        }
        groups
    }
}

/// A configuration as Y/N text (for messages about configurations that are not states).
fn configuration_text(mask: u64, options: usize) -> String {
    (0..options)
        .map(|k| if mask >> k & 1 == 1 { 'Y' } else { 'N' })
        .collect()
}

fn check_decision_makers(spec: &ConflictSpec) -> Result<Vec<OptionInfo>, GmcrError> {
    let dms = &spec.decision_makers;
    if dms.len() < 2 {
        return Err(GmcrError::TooFewDecisionMakers(dms.len()));
    }
    let mut owners: HashMap<&str, usize> = HashMap::new();
    let mut options = Vec::new();
    for (d, dm) in dms.iter().enumerate() {
        if dms[..d].iter().any(|o| o.name == dm.name) {
            return Err(GmcrError::DuplicateDecisionMaker(dm.name.clone()));
        }
        if dm.options.is_empty() {
            return Err(GmcrError::NoOptions(dm.name.clone()));
        }
        for option in &dm.options {
            if let Some(&first) = owners.get(option.id.as_str()) {
                if first == d {
                    return Err(GmcrError::OptionDeclaredTwice {
                        option: option.id.clone(),
                        dm: dm.name.clone(),
                    });
                }
                return Err(GmcrError::OptionOwnedTwice {
                    option: option.id.clone(),
                    first: dms[first].name.clone(),
                    second: dm.name.clone(),
                });
            }
            owners.insert(&option.id, d);
            options.push(OptionInfo {
                id: option.id.clone(),
                name: option.name.clone(),
                owner: d,
                reversibility: option.reversibility,
            });
        }
    }
    if options.len() > MAX_OPTIONS {
        return Err(GmcrError::TooManyOptions(options.len()));
    }
    Ok(options)
}

/// Applies the collapse rules until nothing changes; returns the configuration and the options
/// that stopped mattering.
fn canonical(spec: &ConflictSpec, mut mask: u64) -> (u64, u64) {
    let mut ignored = 0u64;
    for _ in 0..=spec.collapse.len() {
        let before = mask;
        for rule in &spec.collapse {
            if rule.when.holds(mask) {
                for &k in &rule.ignore {
                    ignored |= 1 << k;
                    mask &= !(1 << k);
                }
            }
        }
        if mask == before {
            break;
        }
    }
    (mask, ignored)
}

/// Feasible states in decimal order, their ignored options, and a dense index from
/// configuration to state (`NO_STATE` for configurations that are not states).
fn feasible_states(spec: &ConflictSpec, options: usize) -> (Vec<u64>, Vec<u64>, Vec<StateId>) {
    let mut states = Vec::new();
    let mut ignored = Vec::new();
    let mut index = vec![NO_STATE; 1 << options];
    for mask in 0..(1u64 << options) {
        let (canon, gone) = canonical(spec, mask);
        if canon == mask && !spec.infeasible.iter().any(|c| c.holds(mask)) {
            index[mask as usize] = states.len() as StateId;
            states.push(mask);
            ignored.push(gone);
        }
    }
    (states, ignored, index)
}

/// The moves of decision maker `dm` from every state: each change of its own options that the
/// irreversibility rules allow and that lands (after collapse rules) on another feasible state.
fn unilateral_moves(
    spec: &ConflictSpec,
    options: &[OptionInfo],
    dm: usize,
    states: &[u64],
    index: &[StateId],
) -> Vec<Vec<StateId>> {
    let own: u64 = options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.owner == dm)
        .fold(0, |acc, (k, _)| acc | 1 << k);
    states
        .iter()
        .enumerate()
        .map(|(from, &mask)| {
            let mut targets = Vec::new();
            let mut choice = own;
            loop {
                let raw = (mask & !own) | choice;
                if raw != mask && allowed(options, mask, raw) {
                    let target = index[canonical(spec, raw).0 as usize];
                    if target != NO_STATE && target as usize != from {
                        targets.push(target);
                    }
                }
                if choice == 0 {
                    break;
                }
                choice = (choice - 1) & own;
            }
            targets.sort_unstable();
            targets.dedup();
            targets
        })
        .collect()
}

/// Whether the change from `from` to `to` respects every irreversible option.
fn allowed(options: &[OptionInfo], from: u64, to: u64) -> bool {
    let changed = from ^ to;
    options.iter().enumerate().all(|(k, o)| {
        if changed >> k & 1 == 0 {
            return true;
        }
        let taking = to >> k & 1 == 1;
        match o.reversibility {
            Reversibility::Reversible => true,
            Reversibility::OnceTaken => taking,
            Reversibility::OnceDropped => !taking,
        }
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn option(id: &str, reversibility: Reversibility) -> OptionSpec {
        OptionSpec {
            id: id.into(),
            name: id.into(),
            reversibility,
        }
    }

    fn two_by_two() -> ConflictSpec {
        ConflictSpec {
            name: "t".into(),
            decision_makers: vec![
                DecisionMakerSpec {
                    name: "A".into(),
                    options: vec![
                        option("a1", Reversibility::Reversible),
                        option("a2", Reversibility::OnceTaken),
                    ],
                },
                DecisionMakerSpec {
                    name: "B".into(),
                    options: vec![option("b", Reversibility::Reversible)],
                },
            ],
            infeasible: vec![Condition::And(vec![
                Condition::Option(0),
                Condition::Option(1),
            ])],
            collapse: vec![],
            preferences: vec![
                PreferenceSpec::Prioritization(vec![Condition::Option(0)]),
                PreferenceSpec::Prioritization(vec![Condition::Option(2)]),
            ],
            status_quo: Some(0),
        }
    }

    #[test]
    fn states_are_feasible_combinations_in_decimal_order() {
        let c = Conflict::new(&two_by_two()).unwrap();
        let masks: Vec<u64> = (0..c.state_count() as StateId)
            .map(|s| c.configuration(s))
            .collect();
        assert_eq!(masks, [0, 1, 2, 4, 5, 6]);
        assert_eq!(c.pattern(1), "YNN");
        assert_eq!(c.status_quo(), Some(0));
    }

    #[test]
    fn irreversible_options_and_infeasible_targets_restrict_moves() {
        let c = Conflict::new(&two_by_two()).unwrap();
        // From state 0 (NNN) A can take a1 (1) or a2 (2), not both (infeasible).
        assert_eq!(c.moves(0, 0), [1, 2]);
        // From a2 (state 2) A cannot drop a2, and a1 with a2 is infeasible.
        assert!(c.moves(0, 2).is_empty());
        assert_eq!(c.moves(1, 0), [3]);
    }

    #[test]
    fn collapse_rules_merge_states_and_mark_ignored_options() {
        let mut spec = two_by_two();
        spec.infeasible.clear();
        spec.collapse = vec![Collapse {
            when: Condition::Option(1),
            ignore: vec![0, 2],
        }];
        let c = Conflict::new(&spec).unwrap();
        // Configurations with a2: only `NYN` remains, shown as -Y-.
        let with_a2: Vec<String> = (0..c.state_count() as StateId)
            .filter(|&s| c.configuration(s) & 2 != 0)
            .map(|s| c.pattern(s))
            .collect();
        assert_eq!(with_a2, ["-Y-"]);
        // From YNY (a1, b) A moves to the collapsed state by taking a2.
        let from = c.find_state(0b101).unwrap();
        assert!(c.moves(0, from).contains(&c.find_state(0b010).unwrap()));
    }

    #[test]
    fn bad_models_are_refused_with_the_culprit_named() {
        let mut spec = two_by_two();
        spec.decision_makers[1].options[0].id = "a1".into();
        let err = Conflict::new(&spec).unwrap_err();
        assert!(
            err.to_string()
                .contains("`a1` is owned by both `A` and `B`"),
            "{err}"
        );

        let mut spec = two_by_two();
        spec.decision_makers[0].options[1].id = "a1".into();
        let err = Conflict::new(&spec).unwrap_err();
        assert!(
            err.to_string().contains("`A` declares option `a1` twice"),
            "{err}"
        );

        let mut spec = two_by_two();
        spec.infeasible.push(Condition::True);
        assert_eq!(
            Conflict::new(&spec).unwrap_err(),
            GmcrError::NoFeasibleState
        );

        let mut spec = two_by_two();
        spec.status_quo = Some(0b011);
        assert!(matches!(
            Conflict::new(&spec),
            Err(GmcrError::StatusQuoInfeasible(_))
        ));

        let mut spec = two_by_two();
        spec.decision_makers.truncate(1);
        assert_eq!(
            Conflict::new(&spec).unwrap_err(),
            GmcrError::TooFewDecisionMakers(1)
        );
    }
}
