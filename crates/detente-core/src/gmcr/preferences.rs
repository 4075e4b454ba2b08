//! Each decision maker's preferences over the feasible states, as a payoff per state (only the
//! order matters; equal payoffs are ties).
//!
//! **Option prioritization** (Fang, Hipel, Kilgour & Peng 2003): ranked logical statements, most
//! important first; with q statements, statement t (1-based) true in a state adds 2^(q−t) to its
//! score, so a more important statement outweighs all less important ones together.
//! **Explicit ranking**: groups of states from most to least preferred, a group being tied; every
//! feasible state must be in exactly one group.

use super::condition::Condition;
use super::model::{Conflict, StateId};
use super::GmcrError;

/// How a decision maker's preferences are given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreferenceSpec {
    /// Preference statements, most important first.
    Prioritization(Vec<Condition>),
    /// Groups of states, most preferred first; each group lists conditions (usually state
    /// patterns), and a state belongs to the group if it satisfies any of them.
    Ranking(Vec<Vec<Condition>>),
}

/// `dm`'s payoff for every state of `conflict`.
pub(crate) fn payoffs(
    spec: &PreferenceSpec,
    conflict: &Conflict,
    dm: usize,
) -> Result<Vec<u64>, GmcrError> {
    match spec {
        PreferenceSpec::Prioritization(statements) => prioritization(statements, conflict, dm),
        PreferenceSpec::Ranking(groups) => ranking(groups, conflict, dm),
    }
}

/// Σ truth·2^(q−t) over the statements.
fn prioritization(
    statements: &[Condition],
    conflict: &Conflict,
    dm: usize,
) -> Result<Vec<u64>, GmcrError> {
    let q = statements.len();
    if q == 0 || q > 63 {
        return Err(GmcrError::StatementCount {
            dm: conflict.decision_makers()[dm].clone(),
            count: q,
        });
    }
    Ok((0..conflict.state_count() as StateId)
        .map(|s| {
            let mask = conflict.configuration(s);
            statements
                .iter()
                .enumerate()
                .filter(|(_, c)| c.holds(mask))
                .map(|(t, _)| 1u64 << (q - 1 - t))
                .sum()
        })
        .collect())
}

fn ranking(
    groups: &[Vec<Condition>],
    conflict: &Conflict,
    dm: usize,
) -> Result<Vec<u64>, GmcrError> {
    let dm_name = || conflict.decision_makers()[dm].clone();
    let describe = |s: StateId| format!("{} ({})", s + 1, conflict.pattern(s));
    let mut group_of: Vec<Option<usize>> = vec![None; conflict.state_count()];
    for (g, conditions) in groups.iter().enumerate() {
        for s in 0..conflict.state_count() as StateId {
            let mask = conflict.configuration(s);
            if !conditions.iter().any(|c| c.holds(mask)) {
                continue;
            }
            if let Some(first) = group_of[s as usize] {
                if first != g {
                    return Err(GmcrError::RankingOverlap {
                        dm: dm_name(),
                        state: describe(s),
                        first: first + 1,
                        second: g + 1,
                    });
                }
            }
            group_of[s as usize] = Some(g);
        }
    }
    let omitted: Vec<String> = (0..conflict.state_count() as StateId)
        .filter(|&s| group_of[s as usize].is_none())
        .map(describe)
        .collect();
    if !omitted.is_empty() {
        return Err(GmcrError::RankingOmitsStates {
            dm: dm_name(),
            states: omitted.join(", "),
        });
    }
    Ok(group_of
        .into_iter()
        .map(|g| (groups.len() - g.unwrap_or(0)) as u64)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gmcr::model::tests::option;
    use crate::gmcr::model::{ConflictSpec, DecisionMakerSpec, Reversibility};

    fn spec(prefs: Vec<PreferenceSpec>) -> ConflictSpec {
        let dm = |name: &str, id: &str| DecisionMakerSpec {
            name: name.into(),
            options: vec![option(id, Reversibility::Reversible)],
        };
        ConflictSpec {
            name: "p".into(),
            decision_makers: vec![dm("A", "a"), dm("B", "b")],
            infeasible: vec![],
            collapse: vec![],
            preferences: prefs,
            status_quo: None,
        }
    }

    fn pattern(p: &str) -> Condition {
        Condition::pattern(p, 2).unwrap()
    }

    #[test]
    fn prioritization_weights_statements_by_rank() {
        let not_b = Condition::Not(Box::new(Condition::Option(1)));
        let prefs = PreferenceSpec::Prioritization(vec![not_b, Condition::Option(0)]);
        let c = Conflict::new(&spec(vec![prefs.clone(), prefs])).unwrap();
        // States NN, YN, NY, YY: scores 2, 3, 0, 1.
        let scores: Vec<u64> = (0..4).map(|s| c.payoff(0, s)).collect();
        assert_eq!(scores, [2, 3, 0, 1]);
        assert_eq!(c.ranking(0), [vec![1], vec![0], vec![3], vec![2]]);
    }

    #[test]
    fn rankings_allow_ties_and_must_cover_every_state_once() {
        let tied = PreferenceSpec::Ranking(vec![
            vec![pattern("YY")],
            vec![pattern("NN"), pattern("YN")],
            vec![pattern("NY")],
        ]);
        let c = Conflict::new(&spec(vec![tied.clone(), tied])).unwrap();
        assert_eq!(c.ranking(0), [vec![3], vec![0, 1], vec![2]]);

        let partial = PreferenceSpec::Ranking(vec![vec![pattern("YY")], vec![pattern("N-")]]);
        let err = Conflict::new(&spec(vec![partial.clone(), partial])).unwrap_err();
        assert!(
            err.to_string().contains("omits the feasible states 2 (YN)"),
            "{err}"
        );

        let overlap = PreferenceSpec::Ranking(vec![
            vec![pattern("Y-")],
            vec![pattern("-Y")],
            vec![pattern("NN")],
        ]);
        let err = Conflict::new(&spec(vec![overlap.clone(), overlap])).unwrap_err();
        assert!(
            matches!(
                err,
                GmcrError::RankingOverlap {
                    first: 1,
                    second: 2,
                    ..
                }
            ),
            "{err}"
        );

        let empty = PreferenceSpec::Prioritization(vec![]);
        assert!(matches!(
            Conflict::new(&spec(vec![empty.clone(), empty])),
            Err(GmcrError::StatementCount { count: 0, .. })
        ));
    }
}
