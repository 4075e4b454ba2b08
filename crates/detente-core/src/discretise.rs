//! An explicit discretisation of real-valued issues, for algorithms that handle packages by value
//! index (the proximity talks). Each real issue becomes `n` evenly spaced values (both bounds
//! included); every linear-additive profile is re-expressed exactly at those points. Nothing is
//! discretised unless a caller asks (the CLI's `--grid N`).

use crate::error::ModelError;
use crate::outcome::{Issue, IssueDomain, OutcomeSpace};
use crate::preference::{Evaluator, IssueUtility, LinearAdditiveUtility, Profile, UtilityFunction};
use crate::scenario::{Party, Scenario};

/// The most grid values a real issue can get: each is a value of a discrete issue and an entry of
/// every party's table, so larger grids would exhaust memory (or overflow) rather than help.
pub const MAX_GRID_VALUES: usize = 1_000_000;

/// A scenario that cannot be put on a grid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GridError {
    /// Fewer than two grid values per issue.
    #[error("a grid needs at least 2 values per real issue, got {0}")]
    TooFewValues(usize),
    /// More grid values per issue than [`MAX_GRID_VALUES`]: the grid could not be built (or
    /// even allocated) in reasonable memory.
    #[error("a grid allows at most {max} values per real issue, got {got}")]
    TooManyValues {
        /// The number asked for.
        got: usize,
        /// The largest number allowed ([`MAX_GRID_VALUES`]).
        max: usize,
    },
    /// A party whose preferences over a real issue are not linear-additive: they cannot be
    /// re-expressed per grid value.
    #[error("party `{party}` has non-linear preferences over a real issue; a grid supports linear-additive profiles only")]
    NonLinear {
        /// The party.
        party: String,
    },
    /// The grid values do not make an issue (two points print alike).
    #[error("cannot build the grid")]
    Grid(#[source] ModelError),
    /// The discretised space, profiles or scenario do not hold together.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// The `n` grid points of `[min, max]` (`n` ≥ 2; one point when the interval is a single one).
fn points(min: f64, max: f64, n: usize) -> Vec<f64> {
    if max == min {
        return vec![min];
    }
    (0..n)
        .map(|i| min + (max - min) * i as f64 / (n - 1) as f64)
        .collect()
}

/// `scenario` with every real issue replaced by `n` grid values (unchanged without real issues).
/// `n` must lie in `2..=`[`MAX_GRID_VALUES`], with or without real issues.
pub fn discretise(scenario: Scenario, n: usize) -> Result<Scenario, GridError> {
    if n < 2 {
        return Err(GridError::TooFewValues(n));
    }
    if n > MAX_GRID_VALUES {
        return Err(GridError::TooManyValues {
            got: n,
            max: MAX_GRID_VALUES,
        });
    }
    let space = scenario.space();
    let grids: Vec<Option<Vec<f64>>> = space
        .issues()
        .iter()
        .map(|i| match i.domain() {
            IssueDomain::Real { min, max } => Some(points(*min, *max, n)),
            _ => None,
        })
        .collect();
    if grids.iter().all(Option::is_none) {
        return Ok(scenario);
    }
    let issues = space
        .issues()
        .iter()
        .zip(&grids)
        .map(|(issue, grid)| match grid {
            Some(g) => Issue::discrete(issue.name(), g.iter().map(|x| format!("{x}"))),
            None => Ok(issue.clone()),
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(GridError::Grid)?;
    let new_space = OutcomeSpace::new(issues)?;
    let parties = scenario
        .parties()
        .iter()
        .map(|party| on_grid(party, &new_space, &grids))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Scenario::new(scenario.name.clone(), new_space, parties)?;
    out.description = scenario.description.clone();
    Ok(out)
}

/// `party` with its profile re-expressed on `new_space` (`grids`: the points of each real issue).
fn on_grid(
    party: &Party,
    new_space: &OutcomeSpace,
    grids: &[Option<Vec<f64>>],
) -> Result<Party, GridError> {
    let p = &party.profile;
    let UtilityFunction::LinearAdditive(u) = &p.utility else {
        return Err(GridError::NonLinear {
            party: party.name.clone(),
        });
    };
    let issues = u
        .issues()
        .iter()
        .zip(grids)
        .map(|(iu, grid)| match grid {
            Some(g) => IssueUtility {
                weight: iu.weight,
                evaluator: Evaluator::Table(
                    g.iter().map(|&x| iu.evaluator.score_number(x)).collect(),
                ),
            },
            None => iu.clone(),
        })
        .collect();
    let utility = LinearAdditiveUtility::new(&p.name, new_space, u.bias(), issues, u.cap())?;
    let profile = Profile::new(
        p.name.clone(),
        UtilityFunction::LinearAdditive(utility),
        p.reservation,
        p.discount,
    )?;
    Ok(Party {
        name: party.name.clone(),
        description: party.description.clone(),
        profile,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Value;
    use crate::preference::{HyperRectangleUtility, Rectangle, RectangleBound};

    /// A real price in [0, 10] scored linearly, and a discrete colour.
    fn scenario() -> Scenario {
        let space = OutcomeSpace::new(vec![
            Issue::new(
                "price",
                IssueDomain::Real {
                    min: 0.0,
                    max: 10.0,
                },
            )
            .unwrap(),
            Issue::discrete("colour", ["red", "blue"]).unwrap(),
        ])
        .unwrap();
        let party = |name| {
            let issues = vec![
                IssueUtility {
                    weight: 0.5,
                    evaluator: Evaluator::Linear {
                        offset: 0.0,
                        slope: 0.1,
                        origin: 0.0,
                        clamp: false,
                    },
                },
                IssueUtility {
                    weight: 0.5,
                    evaluator: Evaluator::Table(vec![1.0, 0.0]),
                },
            ];
            Party::linear_additive(name, &space, issues, 0.1).unwrap()
        };
        let parties = vec![party("a"), party("b")];
        let mut s = Scenario::new("s".to_owned(), space, parties).unwrap();
        s.description = Some("kept".to_owned());
        s
    }

    #[test]
    fn grids_too_large_to_build_are_refused() {
        for n in [MAX_GRID_VALUES + 1, 1_000_000_000_000, usize::MAX] {
            assert_eq!(
                discretise(scenario(), n).unwrap_err(),
                GridError::TooManyValues {
                    got: n,
                    max: MAX_GRID_VALUES
                }
            );
        }
        let grid = discretise(scenario(), MAX_GRID_VALUES).unwrap();
        assert_eq!(
            grid.space().issues()[0].cardinality(),
            Some(MAX_GRID_VALUES as u128)
        );
    }

    #[test]
    fn points_include_both_bounds() {
        assert_eq!(points(0.0, 10.0, 3), [0.0, 5.0, 10.0]);
        assert_eq!(points(2.0, 2.0, 5), [2.0]);
    }

    #[test]
    fn real_issues_become_grid_values_with_exact_utilities() {
        let grid = discretise(scenario(), 5).unwrap();
        let space = grid.space();
        assert_eq!(
            space.issues()[0].domain(),
            &IssueDomain::Discrete(vec![
                "0".into(),
                "2.5".into(),
                "5".into(),
                "7.5".into(),
                "10".into()
            ])
        );
        assert_eq!(space.issues()[1], scenario().space().issues()[1]);
        assert_eq!(grid.description.as_deref(), Some("kept"));
        let u = &grid.parties()[0].profile.utility;
        let outcome = vec![Value::Discrete(3), Value::Discrete(0)];
        assert!((u.utility(&outcome) - (0.5 * 0.75 + 0.5)).abs() < 1e-12);
        assert_eq!(grid.parties()[0].profile.reservation, 0.1);
    }

    #[test]
    fn countable_scenarios_are_unchanged() {
        let space = OutcomeSpace::new(vec![Issue::discrete("c", ["a", "b"]).unwrap()]).unwrap();
        let party = |name| {
            let issues = vec![IssueUtility {
                weight: 1.0,
                evaluator: Evaluator::Table(vec![0.0, 1.0]),
            }];
            Party::linear_additive(name, &space, issues, 0.1).unwrap()
        };
        let parties = vec![party("a"), party("b")];
        let s = Scenario::new("s".to_owned(), space, parties).unwrap();
        let out = discretise(s.clone(), 4).unwrap();
        assert_eq!(out.space().issues(), s.space().issues());
    }

    #[test]
    fn too_few_values_and_non_linear_profiles_are_refused() {
        assert_eq!(
            discretise(scenario(), 1).unwrap_err(),
            GridError::TooFewValues(1)
        );
        let s = scenario();
        let rect = HyperRectangleUtility::new(
            "rect",
            s.space(),
            vec![Rectangle {
                utility: 1.0,
                includes: vec![RectangleBound {
                    issue: 0,
                    min: 0.0,
                    max: 5.0,
                }],
                excludes: vec![],
            }],
            1.0,
        )
        .unwrap();
        let party = Party {
            name: "rect".to_owned(),
            description: None,
            profile: Profile::new("rect", UtilityFunction::HyperRectangle(rect), 0.0, 1.0).unwrap(),
        };
        let mixed = Scenario::new(
            "m".to_owned(),
            s.space().clone(),
            vec![s.parties()[0].clone(), party],
        )
        .unwrap();
        assert_eq!(
            discretise(mixed, 3).unwrap_err(),
            GridError::NonLinear {
                party: "rect".to_owned()
            }
        );
    }
}
