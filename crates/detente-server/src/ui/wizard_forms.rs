//! A posted page of the preference wizard read into its wire form ([`WizardInputDto`]). Only the
//! form's shape is checked here (a number is a whole number, a page is a page); whether the
//! names are on the agenda and the answers make sense is the engine's call, as for the JSON API,
//! and errors name the same fields (`wizard.points.ceasefire`, `wizard.step`, …).

use indexmap::IndexMap;

use super::{field, package};
use crate::engine::wizard::{CorrectionDto, WizardInputDto};
use crate::error::{ApiError, FieldError};

fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
    ApiError::Invalid(FieldError::new(field, message))
}

/// Every value of the repeated field `name`, in the form's order.
fn all(form: &[(String, String)], name: &str) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

/// A whole number posted as `name`, reported as `wizard.{shown}` when it does not read.
fn whole(form: &[(String, String)], name: &str, shown: &str) -> Result<Option<u32>, ApiError> {
    field(form, name)
        .map(|v| {
            v.parse().map_err(|_| {
                invalid(
                    format!("wizard.{shown}"),
                    format!("`{v}` is not a whole number from 0 to 100"),
                )
            })
        })
        .transpose()
}

/// The whole numbers posted as `{prefix}.{name}`, by name; blank ones are left out (the engine
/// then names what is missing).
fn numbers_by_name(
    form: &[(String, String)],
    prefix: &str,
) -> Result<IndexMap<String, u32>, ApiError> {
    let dotted = format!("{prefix}.");
    let mut out = IndexMap::new();
    for (key, _) in form {
        let Some(name) = key.strip_prefix(&dotted) else {
            continue;
        };
        if let Some(n) = whole(form, key, &format!("{prefix}.{name}"))? {
            out.insert(name.to_string(), n);
        }
    }
    Ok(out)
}

/// The wizard page a form posts (`step` and the fields that page needs).
pub(super) fn wizard_input_from(form: &[(String, String)]) -> Result<WizardInputDto, ApiError> {
    Ok(match field(form, "step").unwrap_or_default() {
        "rank" => WizardInputDto::Rank {
            issues: all(form, "rank"),
        },
        "points" => WizardInputDto::Points {
            points: numbers_by_name(form, "points")?,
        },
        "rate" => WizardInputDto::Rate {
            issue: field(form, "issue")
                .ok_or_else(|| invalid("wizard.issue", "name the issue rated: reload the page"))?
                .to_string(),
            order: all(form, "order"),
            ratings: numbers_by_name(form, "ratings")?,
        },
        "walk_away" => walk_away_from(form)?,
        "check" => WizardInputDto::Check {
            corrections: corrections_from(form)?,
        },
        other => {
            return Err(invalid(
                "wizard.step",
                format!("`{other}` is not a page of the preference wizard"),
            ))
        }
    })
}

/// The walk-away page: a threshold, or the package the delegation would just accept (`mode`).
fn walk_away_from(form: &[(String, String)]) -> Result<WizardInputDto, ApiError> {
    if field(form, "mode") == Some("package") {
        return Ok(WizardInputDto::WalkAway {
            threshold: None,
            package: Some(package(form, "pkg")),
        });
    }
    let threshold = whole(form, "threshold", "threshold")?.ok_or_else(|| {
        invalid(
            "wizard.threshold",
            "give a score from 0 to 100, or choose the package you would just accept",
        )
    })?;
    Ok(WizardInputDto::WalkAway {
        threshold: Some(threshold),
        package: None,
    })
}

/// The check page's corrections: each package `check.{n}.{issue}` whose score `score.{n}` was
/// changed from the one shown (`shown.{n}`). None changed confirms the scores shown.
fn corrections_from(form: &[(String, String)]) -> Result<Vec<CorrectionDto>, ApiError> {
    let mut corrections = Vec::new();
    for n in 0.. {
        let Some(shown) = field(form, &format!("shown.{n}")) else {
            break;
        };
        let name = format!("score.{n}");
        let Some(score) = whole(form, &name, &format!("corrections[{n}].score"))? else {
            continue;
        };
        if shown.parse::<u32>().ok() == Some(score) {
            continue;
        }
        corrections.push(CorrectionDto {
            package: package(form, &format!("check.{n}")),
            score,
        });
    }
    Ok(corrections)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn pages_read_into_their_wire_form() {
        let rank = wizard_input_from(&form(&[("step", "rank"), ("rank", "b"), ("rank", "a")]));
        assert_eq!(
            rank.unwrap(),
            WizardInputDto::Rank {
                issues: vec!["b".into(), "a".into()]
            }
        );
        let points = wizard_input_from(&form(&[
            ("step", "points"),
            ("points.a", "60"),
            ("points.b", ""),
        ]))
        .unwrap();
        let WizardInputDto::Points { points } = points else {
            panic!("points expected")
        };
        assert_eq!(points.get("a"), Some(&60));
        assert_eq!(points.len(), 1, "a blank is left for the engine to name");
        let check = wizard_input_from(&form(&[
            ("step", "check"),
            ("shown.0", "40"),
            ("check.0.a", "x"),
            ("score.0", "40"),
            ("shown.1", "70"),
            ("check.1.a", "y"),
            ("score.1", "55"),
        ]))
        .unwrap();
        let WizardInputDto::Check { corrections } = check else {
            panic!("check expected")
        };
        assert_eq!(corrections.len(), 1);
        assert_eq!(corrections[0].score, 55);
        assert_eq!(
            corrections[0].package.get("a").map(String::as_str),
            Some("y")
        );
    }

    #[test]
    fn errors_name_the_field() {
        let message = |pairs: &[(&str, &str)]| match wizard_input_from(&form(pairs)) {
            Err(ApiError::Invalid(f)) => f.field,
            other => panic!("an error expected, got {other:?}"),
        };
        assert_eq!(
            message(&[("step", "points"), ("points.a", "ten")]),
            "wizard.points.a"
        );
        assert_eq!(message(&[("step", "walk_away")]), "wizard.threshold");
        assert_eq!(message(&[("step", "nowhere")]), "wizard.step");
        assert_eq!(
            message(&[("step", "check"), ("shown.0", "1"), ("score.0", "x")]),
            "wizard.corrections[0].score"
        );
    }
}
