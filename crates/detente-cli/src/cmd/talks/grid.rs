//! `--grid N`: an explicit discretisation of real-valued issues for the talks, which handle
//! packages by value index. Each real issue becomes `N` evenly spaced values (both bounds
//! included); every linear-additive profile is re-expressed exactly at those points. Nothing is
//! discretised unless the user asks.

use anyhow::{bail, Context};
use detente_core::{
    Evaluator, Issue, IssueDomain, IssueUtility, LinearAdditiveUtility, OutcomeSpace, Party,
    Profile, Scenario, UtilityFunction,
};

/// The grid points of `[min, max]`.
fn points(min: f64, max: f64, n: usize) -> Vec<f64> {
    if n == 1 || max == min {
        return vec![min];
    }
    (0..n)
        .map(|i| min + (max - min) * i as f64 / (n - 1) as f64)
        .collect()
}

/// `scenario` with every real issue replaced by `n` grid values (unchanged without real issues).
pub fn discretise(scenario: Scenario, n: usize) -> anyhow::Result<Scenario> {
    if n < 2 {
        bail!("--grid needs at least 2 values per real issue");
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
        .context("cannot build the grid")?;
    let new_space = OutcomeSpace::new(issues)?;
    let parties = scenario
        .parties()
        .iter()
        .map(|party| {
            let p = &party.profile;
            let UtilityFunction::LinearAdditive(u) = &p.utility else {
                bail!(
                    "party `{}` has non-linear preferences over a real issue; --grid supports linear-additive profiles only",
                    party.name
                );
            };
            let issues = u
                .issues()
                .iter()
                .zip(&grids)
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
            let utility = LinearAdditiveUtility::new(&p.name, &new_space, u.bias(), issues, u.cap())?;
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
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut out = Scenario::new(scenario.name.clone(), new_space, parties)?;
    out.description = scenario.description.clone();
    Ok(out)
}
