//! The wizard's pages, their order, redoing them, and the profile they build.

use super::*;
use crate::outcome::{Issue, IssueDomain, OutcomeSpace, Value};
use crate::preference::UtilityFunction;

fn space() -> OutcomeSpace {
    OutcomeSpace::new(vec![
        Issue::discrete("salary", ["low", "mid", "high"]).unwrap(),
        Issue::new("days", IssueDomain::Integer { min: 20, max: 23 }).unwrap(),
        Issue::discrete("car", ["no", "yes"]).unwrap(),
    ])
    .unwrap()
}

fn rate(issue: usize, order: &[usize], ratings: &[u8]) -> WizardInput {
    WizardInput::Rate {
        issue,
        order: order.to_vec(),
        ratings: ratings.to_vec(),
    }
}

fn inputs() -> Vec<WizardInput> {
    vec![
        WizardInput::Rank {
            order: vec![0, 1, 2],
        },
        WizardInput::Points {
            points: vec![50, 30, 20],
        },
        rate(0, &[2, 1, 0], &[0, 60, 100]),
        rate(2, &[1, 0], &[0, 100]),
        rate(1, &[3, 2, 1, 0], &[0, 40, 70, 100]),
        WizardInput::WalkAway(WalkAway::Threshold(45)),
    ]
}

fn complete() -> Draft {
    let mut draft = Draft::new(&space()).unwrap();
    for input in inputs() {
        assert_eq!(draft.apply(&input).unwrap(), vec![], "{input:?}");
    }
    draft
}

#[test]
fn pages_come_in_order() {
    let mut draft = Draft::new(&space()).unwrap();
    let mut steps = vec![draft.next_step()];
    for input in inputs() {
        draft.apply(&input).unwrap();
        steps.push(draft.next_step());
    }
    use WizardStep::*;
    assert_eq!(
        steps,
        [Rank, Points, Rate(0), Rate(1), Rate(1), WalkAway, Check]
    );
    let confirm = WizardInput::Correct {
        corrections: vec![],
    };
    draft.apply(&confirm).unwrap();
    assert_eq!(draft.next_step(), Done);
    draft.apply(&inputs()[0]).unwrap();
    assert_eq!(draft.next_step(), Check, "a redo reopens the check");
}

#[test]
fn out_of_order_input_is_refused_and_changes_nothing() {
    let mut draft = Draft::new(&space()).unwrap();
    draft.apply(&inputs()[0]).unwrap();
    let before = draft.clone();
    let err = draft
        .apply(&rate(0, &[0, 1, 2], &[100, 50, 0]))
        .unwrap_err();
    assert_eq!(
        err,
        WizardError::OutOfOrder {
            step: WizardStep::Rate(0),
            expected: WizardStep::Points
        }
    );
    assert!(
        err.to_string().contains("complete splitting 100 points"),
        "{err}"
    );
    let err = draft
        .apply(&WizardInput::WalkAway(WalkAway::Threshold(3)))
        .unwrap_err();
    assert!(matches!(err, WizardError::OutOfOrder { .. }));
    assert_eq!(draft, before);
}

#[test]
fn bad_inputs_are_refused_with_where_and_how() {
    let mut draft = complete();
    let before = draft.clone();
    let cases: Vec<(WizardInput, &str, &str)> = vec![
        (
            WizardInput::Points {
                points: vec![50, 30, 30],
            },
            "points",
            "add up to 110",
        ),
        (
            rate(0, &[2, 1, 0], &[0, 160, 100]),
            "ratings[1]",
            "above 100",
        ),
        (rate(0, &[2, 1], &[0, 60, 100]), "order", "needs 3"),
        (rate(0, &[2, 1, 1], &[0, 60, 100]), "order[2]", "twice"),
        (rate(7, &[0], &[0]), "issue", "names issue #7"),
        (
            rate(2, &[0, 2], &[0, 100]),
            "order[1]",
            "option #2 of issue #2",
        ),
        (
            WizardInput::WalkAway(WalkAway::Package(vec![0, 4, 0])),
            "package[1]",
            "option #4 of issue #1",
        ),
        (
            WizardInput::WalkAway(WalkAway::Threshold(101)),
            "threshold",
            "above 100",
        ),
        (
            WizardInput::Correct {
                corrections: vec![(vec![0, 0, 0], 10), (vec![0, 0, 0], 20)],
            },
            "corrections[1]",
            "already corrected",
        ),
        (WizardInput::Rank { order: vec![0, 1] }, "order", "needs 3"),
    ];
    for (input, field, message) in cases {
        let err = draft.apply(&input).unwrap_err();
        assert_eq!(err.location(), field, "{input:?}: {err}");
        assert!(err.to_string().contains(message), "{input:?}: {err}");
        assert_eq!(draft, before, "{input:?} changed the draft");
    }
}

#[test]
fn agendas_with_uncountable_or_wide_issues_are_refused() {
    let wide = OutcomeSpace::new(vec![
        Issue::discrete("a", ["x", "y"]).unwrap(),
        Issue::new("b", IssueDomain::Integer { min: 0, max: 24 }).unwrap(),
    ])
    .unwrap();
    let err = Draft::new(&wide).unwrap_err();
    assert_eq!(err.location(), "issues[1]");
    assert!(err.to_string().contains("`b` has 25 values"), "{err}");
    let real = OutcomeSpace::new(vec![Issue::new(
        "price",
        IssueDomain::Real { min: 0.0, max: 1.0 },
    )
    .unwrap()])
    .unwrap();
    assert!(Draft::new(&real)
        .unwrap_err()
        .to_string()
        .contains("takes real values"));
}

#[test]
fn inconsistencies_are_reported_as_they_happen() {
    let mut draft = complete();
    let found = draft
        .apply(&WizardInput::Points {
            points: vec![20, 30, 50],
        })
        .unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(matches!(
        found[0],
        Inconsistency::PointsAgainstRank {
            above: 0,
            below: 1,
            ..
        }
    ));
    let found = draft.apply(&rate(2, &[1, 0], &[10, 90])).unwrap();
    assert_eq!(found.len(), 2, "anchors only: {found:?}");
    let found = draft
        .apply(&WizardInput::WalkAway(WalkAway::Threshold(100)))
        .unwrap();
    assert!(matches!(found[..], [Inconsistency::WalkAwayAtTop { .. }]));
    assert_eq!(draft.inconsistencies().len(), 5);
}

#[test]
fn profile_matches_the_pages() {
    let draft = complete();
    let profile = draft.profile().unwrap();
    assert_eq!(profile.reservation, 0.45);
    let UtilityFunction::LinearAdditive(u) = &profile.utility else {
        panic!("linear-additive");
    };
    assert_eq!(u.issues()[0].weight, 0.5);
    let best = [Value::Discrete(2), Value::Integer(23), Value::Discrete(1)];
    assert_eq!(profile.utility.utility(&best), 1.0);
    let mid = 100.0 * (0.5 * 0.6 + 0.3 * 0.4);
    assert!((draft.score(&[1, 1, 0]).unwrap() - mid).abs() < 1e-12);
    assert_eq!(draft.score(&[1, 9, 0]), None);
    assert!(Draft::new(&space()).unwrap().profile().is_err());
}

#[test]
fn walk_away_package_follows_the_draft() {
    let mut draft = complete();
    draft
        .apply(&WizardInput::WalkAway(WalkAway::Package(vec![1, 1, 0])))
        .unwrap();
    let profile = draft.profile().unwrap();
    assert_eq!(
        100.0 * profile.reservation,
        draft.score(&[1, 1, 0]).unwrap()
    );
    assert!(profile.reservation_outcome.is_some());
    draft
        .apply(&WizardInput::Points {
            points: vec![60, 20, 20],
        })
        .unwrap();
    assert_eq!(draft.walk_away_score(), draft.score(&[1, 1, 0]));
}

#[test]
fn check_packages_show_the_profile_scores() {
    let draft = complete();
    let shown = draft.check_packages();
    assert!((3..=5).contains(&shown.len()), "{shown:?}");
    let profile = draft.profile().unwrap();
    for c in &shown {
        assert_eq!(
            100.0 * profile.utility.utility_of_indices(&c.package),
            c.score
        );
    }
    assert!(shown.windows(2).all(|w| w[0].score >= w[1].score));
    // The top issue alone at its best scores its points.
    assert!(shown
        .iter()
        .any(|c| c.package == [2, 0, 0] && c.score == 50.0));
}

#[test]
fn a_correction_refits_the_points_and_reports_residuals() {
    let mut draft = complete();
    // Salary alone at its best is worth 70, not 50.
    let found = draft
        .apply(&WizardInput::Correct {
            corrections: vec![(vec![2, 0, 0], 70)],
        })
        .unwrap();
    assert_eq!(found, vec![]);
    // The refit stops where the score rounds to 70 (69.5): whole points make it 69 or 70.
    let points = draft.points().unwrap().to_vec();
    assert!((69..=70).contains(&points[0]), "{points:?}");
    assert_eq!(points.iter().sum::<u32>(), 100);
    assert_eq!(draft.stated_points(), Some(&[50, 30, 20][..]));
    let residuals = draft.residuals();
    assert_eq!(residuals.len(), 1);
    assert!(residuals[0].difference().abs() <= 1.0, "{residuals:?}");
    // A correction no weighting explains: the worst package cannot score above 0.
    let found = draft
        .apply(&WizardInput::Correct {
            corrections: vec![(vec![0, 3, 0], 40)],
        })
        .unwrap();
    assert!(
        found.iter().any(|i| matches!(
            i,
            Inconsistency::CorrectionNotAbsorbed { corrected: 40, .. }
        )),
        "{found:?}"
    );
    // Restating the points drops the corrections.
    draft.apply(&inputs()[1]).unwrap();
    assert!(draft.corrections().is_empty());
    assert_eq!(draft.points(), Some(&[50, 30, 20][..]));
}

#[test]
fn confirming_current_scores_changes_nothing() {
    let mut draft = complete();
    let corrections = draft
        .check_packages()
        .into_iter()
        .map(|c| (c.package, c.score.round() as u8))
        .collect();
    draft.apply(&WizardInput::Correct { corrections }).unwrap();
    assert_eq!(draft.points(), Some(&[50, 30, 20][..]));
}

#[test]
fn a_draft_round_trips_through_its_profile() {
    let draft = complete();
    let again = Draft::from_profile(&space(), &draft.profile().unwrap()).unwrap();
    assert_eq!(again.points(), draft.points());
    assert_eq!(again.rank(), draft.rank());
    for issue in 0..3 {
        assert_eq!(again.rating(issue), draft.rating(issue));
    }
    assert_eq!(again.walk_away(), draft.walk_away());
    assert_eq!(again.next_step(), WizardStep::Check);
}
