//! The preference wizard of a delegation's caucus room, as the service hosts it: the wire form
//! of each page's input (issues and options by name), what the delegation sees of its draft,
//! and the conversion to [`detente_core::elicitation`], which holds the method.
//!
//! Each page a delegation submits is one `WizardSaved` event, readable by that delegation
//! alone; replaying them rebuilds the draft. Names are checked here (an issue or option not on
//! the agenda is refused naming it); what the answers mean (points summing to 100, ratings in
//! 0–100, pages in order) is the core's to check.

use detente_core::elicitation::{
    CheckPackage, Draft, Inconsistency, WalkAway, WizardError, WizardInput, WizardStep,
};
use detente_core::{Issue, OutcomeSpace};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::Rejection;
use super::wire::{from_outcome, to_outcome, PackageDto};

/// One page of the wizard, as a delegation submits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum WizardInputDto {
    /// Rank the issues, most important first (every issue once).
    Rank {
        /// Issue names, most important first.
        issues: Vec<String>,
    },
    /// Split 100 points of importance across the issues.
    Points {
        /// Points per issue name; every issue, summing to 100.
        points: IndexMap<String, u32>,
    },
    /// Put one issue's options in order and rate them: best 100, worst 0, the rest between.
    Rate {
        /// The issue.
        issue: String,
        /// Its options, best first (every option once).
        order: Vec<String>,
        /// A rating per option, 0–100.
        ratings: IndexMap<String, u32>,
    },
    /// The walk-away point: a threshold score, or a package the delegation would just accept.
    WalkAway {
        /// A score 0–100 below which any package is worse than no agreement.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        threshold: Option<u32>,
        /// A package the delegation would just accept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        package: Option<PackageDto>,
    },
    /// Corrected scores of the check packages (the weights are refitted to them); none
    /// confirms the scores shown.
    Check {
        /// Packages with the score the delegation gives them.
        #[serde(default)]
        corrections: Vec<CorrectionDto>,
    },
}

/// A corrected score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionDto {
    /// The package.
    pub package: PackageDto,
    /// The score the delegation gives it, 0–100.
    pub score: u32,
}

/// What a delegation sees of its draft.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WizardView {
    /// The next page: `rank`, `points`, `rate`, `walk_away`, `check` or `done`.
    pub next_step: String,
    /// The issue to rate next, when `next_step` is `rate`.
    pub next_issue: Option<String>,
    /// Whether the preferences are complete enough to save (the check page is reached).
    pub complete: bool,
    /// The issues, most important first, once ranked.
    pub ranking: Option<Vec<String>>,
    /// Points in force per issue (refitted to corrections, if any).
    pub points: Option<IndexMap<String, u32>>,
    /// Per rated issue: its options best first and their ratings.
    pub ratings: IndexMap<String, RatedIssueView>,
    /// The walk-away score (0–100), once stated.
    pub walk_away: Option<f64>,
    /// Packages to check, with the score the draft gives them (0–100).
    pub check_packages: Vec<ScoredPackageView>,
    /// What looks inconsistent now, in plain words.
    pub inconsistencies: Vec<String>,
}

/// One rated issue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RatedIssueView {
    /// Options, best first.
    pub order: Vec<String>,
    /// Rating per option.
    pub ratings: IndexMap<String, u8>,
}

/// A package and its score.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScoredPackageView {
    /// The package.
    pub package: PackageDto,
    /// Its score under the draft, 0–100.
    pub score: f64,
}

fn options(issue: &Issue) -> Vec<String> {
    (0..issue.cardinality().unwrap_or(0) as u64)
        .filter_map(|k| issue.value_at(k))
        .map(|v| issue.format_value(&v))
        .collect()
}

fn issue_index(space: &OutcomeSpace, field: &str, name: &str) -> Result<usize, Rejection> {
    space
        .issue_index(name)
        .ok_or_else(|| Rejection::invalid(field, format!("`{name}` is not an issue on the agenda")))
}

fn option_index(issue: &Issue, field: &str, name: &str) -> Result<usize, Rejection> {
    options(issue)
        .iter()
        .position(|o| o == name)
        .ok_or_else(|| {
            Rejection::invalid(
                field,
                format!("`{name}` is not an option of `{}`", issue.name()),
            )
        })
}

fn score(field: &str, value: u32) -> Result<u8, Rejection> {
    u8::try_from(value)
        .ok()
        .filter(|v| *v <= 100)
        .ok_or_else(|| Rejection::invalid(field, format!("is {value}; scores run from 0 to 100")))
}

/// Per issue (in agenda order), the value named in `by_name`; every issue must be named once.
fn per_issue<T: Copy>(
    names: &[String],
    field: &str,
    what: &str,
    by_name: &IndexMap<String, T>,
) -> Result<Vec<T>, Rejection> {
    if let Some(extra) = by_name.keys().find(|k| !names.contains(k)) {
        return Err(Rejection::invalid(
            format!("{field}.{extra}"),
            format!("is not {what}"),
        ));
    }
    names
        .iter()
        .map(|name| {
            by_name.get(name).copied().ok_or_else(|| {
                Rejection::invalid(
                    format!("{field}.{name}"),
                    "is missing: give every one a value",
                )
            })
        })
        .collect()
}

fn package_indices(
    space: &OutcomeSpace,
    field: &str,
    package: &PackageDto,
) -> Result<Vec<u32>, Rejection> {
    let outcome = to_outcome(space, field, package)?;
    Ok(space
        .issues()
        .iter()
        .zip(&outcome)
        .map(|(issue, v)| issue.index_of(v).unwrap_or(0) as u32)
        .collect())
}

impl WizardInputDto {
    /// The core input, with names checked against the agenda; `wizard.…` names the field.
    pub fn to_core(&self, space: &OutcomeSpace) -> Result<WizardInput, Rejection> {
        let issue_names: Vec<String> = space.issues().iter().map(|i| i.name().to_owned()).collect();
        Ok(match self {
            WizardInputDto::Rank { issues } => WizardInput::Rank {
                order: issues
                    .iter()
                    .enumerate()
                    .map(|(k, name)| issue_index(space, &format!("wizard.issues[{k}]"), name))
                    .collect::<Result<_, _>>()?,
            },
            WizardInputDto::Points { points } => WizardInput::Points {
                points: per_issue(
                    &issue_names,
                    "wizard.points",
                    "an issue on the agenda",
                    points,
                )?,
            },
            WizardInputDto::Rate {
                issue,
                order,
                ratings,
            } => {
                let k = issue_index(space, "wizard.issue", issue)?;
                let agenda_issue = &space.issues()[k];
                let names = options(agenda_issue);
                let field = "wizard.ratings";
                let what = format!("an option of `{issue}`");
                WizardInput::Rate {
                    issue: k,
                    order: order
                        .iter()
                        .enumerate()
                        .map(|(n, o)| option_index(agenda_issue, &format!("wizard.order[{n}]"), o))
                        .collect::<Result<_, _>>()?,
                    ratings: per_issue(&names, field, &what, ratings)?
                        .into_iter()
                        .zip(&names)
                        .map(|(r, name)| score(&format!("{field}.{name}"), r))
                        .collect::<Result<_, _>>()?,
                }
            }
            WizardInputDto::WalkAway { threshold, package } => {
                WizardInput::WalkAway(match (threshold, package) {
                    (Some(t), None) => WalkAway::Threshold(score("wizard.threshold", *t)?),
                    (None, Some(p)) => {
                        WalkAway::Package(package_indices(space, "wizard.package", p)?)
                    }
                    _ => return Err(Rejection::invalid(
                        "wizard.threshold",
                        "give either a `threshold` (0–100) or a `package` you would just accept",
                    )),
                })
            }
            WizardInputDto::Check { corrections } => WizardInput::Correct {
                corrections: corrections
                    .iter()
                    .enumerate()
                    .map(|(k, c)| {
                        let field = format!("wizard.corrections[{k}]");
                        Ok((
                            package_indices(space, &format!("{field}.package"), &c.package)?,
                            score(&format!("{field}.score"), c.score)?,
                        ))
                    })
                    .collect::<Result<_, Rejection>>()?,
            },
        })
    }
}

/// The API's form of a refused input: pages out of order conflict with the draft's state
/// (HTTP 409); anything else is a wrong request (HTTP 422).
pub fn rejection(error: &WizardError) -> Rejection {
    let field = format!("wizard.{}", error.location());
    match error {
        WizardError::OutOfOrder { .. } | WizardError::Incomplete { .. } => {
            Rejection::state("wizard.step", error.to_string())
        }
        _ => Rejection::invalid(field, error.to_string()),
    }
}

/// The wire name of a page.
fn step_name(step: WizardStep) -> &'static str {
    match step {
        WizardStep::Rank => "rank",
        WizardStep::Points => "points",
        WizardStep::Rate(_) => "rate",
        WizardStep::WalkAway => "walk_away",
        WizardStep::Check => "check",
        WizardStep::Done => "done",
    }
}

fn named_package(space: &OutcomeSpace, package: &[u32]) -> PackageDto {
    from_outcome(space, &space.outcome_from_indices(package))
}

fn describe(space: &OutcomeSpace, found: &[Inconsistency]) -> Vec<String> {
    found.iter().map(|i| i.describe(space)).collect()
}

/// What the delegation sees of `draft` (a fresh draft before its first page).
pub fn view(draft: &Draft) -> WizardView {
    let space = draft.space();
    let name = |k: usize| space.issues()[k].name().to_owned();
    let next = draft.next_step();
    WizardView {
        next_step: step_name(next).to_owned(),
        next_issue: match next {
            WizardStep::Rate(k) => Some(name(k)),
            _ => None,
        },
        complete: draft.is_complete(),
        ranking: draft
            .rank()
            .map(|order| order.iter().map(|&k| name(k)).collect()),
        points: draft
            .points()
            .map(|p| p.iter().enumerate().map(|(k, &x)| (name(k), x)).collect()),
        ratings: (0..space.issues().len())
            .filter_map(|k| {
                let (order, ratings) = draft.rating(k)?;
                let names = options(&space.issues()[k]);
                Some((
                    name(k),
                    RatedIssueView {
                        order: order.iter().map(|&o| names[o].clone()).collect(),
                        ratings: names.iter().cloned().zip(ratings.iter().copied()).collect(),
                    },
                ))
            })
            .collect(),
        walk_away: draft.walk_away_score(),
        check_packages: draft
            .check_packages()
            .iter()
            .map(|CheckPackage { package, score }| ScoredPackageView {
                package: named_package(space, package),
                score: *score,
            })
            .collect(),
        inconsistencies: describe(space, &draft.inconsistencies()),
    }
}
