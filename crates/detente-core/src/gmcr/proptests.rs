//! Property tests on random models: the inclusions between the concepts, the agreement of the
//! component-based analysis with explicit sequence searches, and the legality of every reported
//! sanction.

use proptest::prelude::*;

use super::*;

/// A random model: 2–4 decision makers with 1–3 options each (at most 8), random
/// irreversibility, an infeasibility pattern, and prioritizations from random literals.
fn model() -> impl Strategy<Value = ConflictSpec> {
    (2usize..=4)
        .prop_flat_map(|dms| {
            (
                proptest::collection::vec(1usize..=2, dms),
                proptest::collection::vec(0u8..3, 8),
                proptest::collection::vec(
                    (0usize..8, any::<bool>(), 0usize..8, any::<bool>()),
                    dms * 3,
                ),
                proptest::option::of((0usize..8, 0usize..8)),
            )
        })
        .prop_map(|(sizes, reversibility, literals, infeasible)| {
            build(&sizes, &reversibility, &literals, infeasible)
        })
}

fn build(
    sizes: &[usize],
    reversibility: &[u8],
    literals: &[(usize, bool, usize, bool)],
    infeasible: Option<(usize, usize)>,
) -> ConflictSpec {
    let total: usize = sizes.iter().sum();
    let mut k = 0;
    let decision_makers = sizes
        .iter()
        .enumerate()
        .map(|(d, &size)| DecisionMakerSpec {
            name: format!("D{d}"),
            options: (0..size)
                .map(|_| {
                    k += 1;
                    OptionSpec {
                        id: format!("o{k}"),
                        name: format!("o{k}"),
                        reversibility: match reversibility[k - 1] {
                            0 => Reversibility::Reversible,
                            1 => Reversibility::OnceTaken,
                            _ => Reversibility::OnceDropped,
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let literal = |k: usize, positive: bool| {
        let atom = Condition::Option(k % total);
        if positive {
            atom
        } else {
            Condition::Not(Box::new(atom))
        }
    };
    let preferences = literals
        .chunks(3)
        .map(|chunk| {
            PreferenceSpec::Prioritization(
                chunk
                    .iter()
                    .map(|&(a, pa, b, pb)| Condition::Or(vec![literal(a, pa), literal(b, pb)]))
                    .collect(),
            )
        })
        .collect();
    let infeasible = infeasible
        .filter(|(a, b)| a % total != b % total)
        .map(|(a, b)| Condition::And(vec![literal(a, true), literal(b, true)]))
        .into_iter()
        .collect();
    ConflictSpec {
        name: "random".into(),
        decision_makers,
        infeasible,
        collapse: vec![],
        preferences,
        status_quo: None,
    }
}

fn check_legal(conflict: &Conflict, e: &Explanation) -> Result<(), TestCaseError> {
    let improvements: Vec<StateId> = conflict.improvements(e.dm, e.state).collect();
    let listed: Vec<StateId> = e.improvements.iter().map(|i| i.improvement).collect();
    prop_assert_eq!(improvements, listed);
    for item in &e.improvements {
        let Some(steps) = &item.sanction else {
            continue;
        };
        prop_assert!(!steps.is_empty());
        let mut at = item.improvement;
        let mut last = e.dm;
        for step in steps {
            prop_assert!(step.mover != e.dm && step.mover != last, "illegal mover");
            prop_assert!(
                conflict.moves(step.mover, at).contains(&step.to),
                "not a move"
            );
            if e.concept == Concept::Seq {
                prop_assert!(
                    conflict.prefers(step.mover, step.to, at),
                    "not an improvement"
                );
            }
            (at, last) = (step.to, step.mover);
        }
        prop_assert!(
            !conflict.prefers(e.dm, at, e.state),
            "sanction does not deter"
        );
        if e.concept == Concept::Smr {
            for &escape in conflict.moves(e.dm, at) {
                prop_assert!(!conflict.prefers(e.dm, escape, e.state), "escape left open");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn concepts_nest_and_every_explanation_is_a_legal_sanction(spec in model()) {
        let conflict = Conflict::new(&spec).unwrap();
        let analysis = analyze(&conflict);
        for dm in 0..conflict.decision_makers().len() {
            let set = |c| analysis.stable(c, dm);
            prop_assert!(set(Concept::Nash).is_subset(set(Concept::Smr)));
            prop_assert!(set(Concept::Smr).is_subset(set(Concept::Gmr)));
            prop_assert!(set(Concept::Nash).is_subset(set(Concept::Seq)));
            prop_assert!(set(Concept::Seq).is_subset(set(Concept::Gmr)));
            for s in 0..conflict.state_count() as StateId {
                for concept in Concept::ALL {
                    let e = explain(&conflict, dm, s, concept);
                    prop_assert_eq!(e.stable, analysis.is_stable(concept, dm, s), "{:?} dm {} state {}", concept, dm, s);
                    check_legal(&conflict, &e)?;
                }
            }
        }
    }

    #[test]
    fn singleton_coalitions_are_the_individual_analysis(spec in model()) {
        let conflict = Conflict::new(&spec).unwrap();
        let dms = conflict.decision_makers().len();
        let individual = analyze(&conflict);
        let coalitions = analyze_coalitions(&conflict, &Partition::singletons(dms));
        for concept in Concept::ALL {
            for dm in 0..dms {
                prop_assert_eq!(coalitions.stable(concept, dm), individual.stable(concept, dm));
            }
            prop_assert_eq!(coalitions.equilibria(concept), individual.equilibria(concept));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn coalition_concepts_nest_for_any_two_block_partition(spec in model(), split in 1usize..4) {
        let conflict = Conflict::new(&spec).unwrap();
        let dms = conflict.decision_makers().len();
        let split = split.min(dms - 1);
        let partition = Partition::new(vec![(0..split).collect(), (split..dms).collect()], dms).unwrap();
        let analysis = analyze_coalitions(&conflict, &partition);
        for c in 0..2 {
            let set = |k| analysis.stable(k, c);
            prop_assert!(set(Concept::Nash).is_subset(set(Concept::Smr)));
            prop_assert!(set(Concept::Smr).is_subset(set(Concept::Gmr)));
            prop_assert!(set(Concept::Nash).is_subset(set(Concept::Seq)));
            prop_assert!(set(Concept::Seq).is_subset(set(Concept::Gmr)));
        }
        let individual = analyze(&conflict);
        for k in Concept::ALL {
            prop_assert!(analysis.equilibria(k).is_subset(individual.equilibria(k)));
        }
    }

    #[test]
    fn status_quo_paths_are_moves_and_improvements_when_claimed(spec in model(), start in 0u32..64) {
        let conflict = Conflict::new(&spec).unwrap();
        let start = start % conflict.state_count() as StateId;
        let paths = StatusQuoPaths::new(&conflict, start);
        for target in 0..conflict.state_count() as StateId {
            let (steps, improving) = match paths.reach(target) {
                Reachability::ByImprovements(steps) => (steps, true),
                Reachability::ByMoves(steps) => (steps, false),
                Reachability::StatusQuo => { prop_assert_eq!(target, start); continue }
                Reachability::Unreachable => continue,
            };
            let mut at = start;
            for step in &steps {
                prop_assert!(conflict.moves(step.mover, at).contains(&step.to));
                if improving {
                    prop_assert!(conflict.prefers(step.mover, step.to, at));
                }
                at = step.to;
            }
            prop_assert_eq!(at, target);
        }
    }
}
