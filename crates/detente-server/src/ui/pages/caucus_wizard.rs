//! The preference wizard of a delegation's caucus room, one page per step: rank the issues,
//! split 100 points, order and rate each issue's options, the walk-away point, and the check of
//! a few packages (with the refitted points and the save form). Built from the delegation's own
//! draft only ([`TalkState::wizard_draft`]); the method is `detente_core::elicitation`'s.
//!
//! Each page starts from what the draft holds (a fresh draft is prefilled from the profile in
//! force, so revising starts from it) and shows every inconsistency the draft finds, after each
//! submit; the page's script adds cheap live checks, the server judges.

use askama::Template;
use detente_core::elicitation::{Draft, WalkAway, WizardStep};

use super::caucus_answer::NumberInput;
use super::common::{issue_selects, IssueSelect, SelectOption};
use crate::engine::wizard::{self, WizardView};
use crate::engine::{PackageDto, TalkState};
use crate::views::{self, IssueView};

/// Which page of the wizard to show (`?step=…&issue=…`, the issue by its agenda index).
#[derive(Debug, Default, serde::Deserialize)]
pub struct WizardQuery {
    /// `rank`, `points`, `rate`, `walk_away` or `check`; none: the draft's next page.
    pub step: Option<String>,
    /// The issue to rate (its index on the agenda), for `rate`.
    pub issue: Option<usize>,
}

/// A page of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardPageKind {
    /// Rank the issues.
    Rank,
    /// Split 100 points.
    Points,
    /// Order and rate the options of issue `k`.
    Rate(usize),
    /// The walk-away point.
    WalkAway,
    /// Check a few packages; save.
    Check,
}

impl WizardPageKind {
    /// The page `query` names, on an agenda of `issues` issues (an issue beyond it rates the
    /// first); none if it names no page.
    pub fn named(query: &WizardQuery, issues: usize) -> Option<Self> {
        Some(match query.step.as_deref()? {
            "rank" => Self::Rank,
            "points" => Self::Points,
            "rate" => Self::Rate(query.issue.filter(|k| *k < issues).unwrap_or(0)),
            "walk_away" => Self::WalkAway,
            "check" => Self::Check,
            _ => return None,
        })
    }

    /// The page `query` names, else the draft's next page.
    pub fn of(query: &WizardQuery, draft: &Draft) -> Self {
        Self::named(query, draft.space().issues().len()).unwrap_or(match draft.next_step() {
            WizardStep::Rank => Self::Rank,
            WizardStep::Points => Self::Points,
            WizardStep::Rate(k) => Self::Rate(k),
            WizardStep::WalkAway => Self::WalkAway,
            WizardStep::Check | WizardStep::Done => Self::Check,
        })
    }

    /// The page's query string.
    pub fn query(self) -> String {
        match self {
            Self::Rank => "step=rank".into(),
            Self::Points => "step=points".into(),
            Self::Rate(k) => format!("step=rate&issue={k}"),
            Self::WalkAway => "step=walk_away".into(),
            Self::Check => "step=check".into(),
        }
    }

    /// The page after this one, on an agenda of `issues` issues (the check page stays).
    pub fn after(self, issues: usize) -> Self {
        match self {
            Self::Rank => Self::Points,
            Self::Points => Self::Rate(0),
            Self::Rate(k) if k + 1 < issues => Self::Rate(k + 1),
            Self::Rate(_) => Self::WalkAway,
            Self::WalkAway | Self::Check => Self::Check,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Rank => "rank",
            Self::Points => "points",
            Self::Rate(_) => "rate",
            Self::WalkAway => "walk_away",
            Self::Check => "check",
        }
    }
}

/// A link to one page of the wizard.
#[derive(Debug, Clone)]
pub struct WizardNavLink {
    /// Text.
    pub label: String,
    /// Query string of the page.
    pub query: String,
    /// Whether it is the page shown.
    pub current: bool,
    /// Whether the draft holds that page's answer.
    pub done: bool,
}

/// A numbered position with a select of what goes there (issues, or one issue's options).
#[derive(Debug, Clone)]
pub struct PositionSelect {
    /// Position, from 1.
    pub position: usize,
    /// Element id.
    pub id: String,
    /// Options; the selected one is at this position now.
    pub options: Vec<SelectOption>,
}

/// A check package and the score the draft gives it.
#[derive(Debug, Clone)]
pub struct CheckRow {
    /// Index on the page.
    pub n: usize,
    /// Issue and option.
    pub rows: Vec<(String, String)>,
    /// The score, one decimal.
    pub score: String,
    /// The score rounded to a whole number (the input starts with it).
    pub rounded: u32,
}

/// Points of one issue: stated, and in force after refitting to corrected scores.
#[derive(Debug, Clone)]
pub struct PointsRow {
    /// Issue.
    pub issue: String,
    /// Points the delegation gave.
    pub stated: String,
    /// Points in force.
    pub now: String,
    /// Whether the refit changed them.
    pub changed: bool,
}

/// The parts of the page of one step (those of other steps stay empty).
#[derive(Debug, Clone, Default)]
pub struct WizardForm {
    /// Rank: one position select per issue.
    pub positions: Vec<PositionSelect>,
    /// Points (one per issue) or ratings (one per option).
    pub numbers: Vec<NumberInput>,
    /// Rate: the issue rated.
    pub issue: String,
    /// Walk away: the threshold it starts with.
    pub threshold: String,
    /// Walk away: whether a package (not a threshold) is stated.
    pub by_package: bool,
    /// Walk away: one select per issue for the package.
    pub package: Vec<IssueSelect>,
    /// Check: the packages.
    pub checks: Vec<CheckRow>,
    /// Check: the points, stated and in force.
    pub points: Vec<PointsRow>,
    /// Check: the walk-away score.
    pub walk_away: String,
}

/// The preference wizard, one page.
#[derive(Template)]
#[template(path = "ui/caucus_wizard.html")]
pub struct WizardPage {
    /// Talk id.
    pub talk_id: String,
    /// Talk title.
    pub title: String,
    /// Own name.
    pub party: String,
    /// Whether the delegation already stated preferences (it revises them).
    pub revising: bool,
    /// The pages.
    pub nav: Vec<WizardNavLink>,
    /// The page shown: `rank`, `points`, `rate`, `walk_away` or `check`.
    pub step: &'static str,
    /// Query string of the page shown (its forms post to it).
    pub query: String,
    /// What the draft finds inconsistent now.
    pub inconsistencies: Vec<String>,
    /// Whether the preferences may be saved (every page up to the walk-away point done).
    pub complete: bool,
    /// An error from the last submit, naming the field.
    pub error: Option<String>,
    /// The page's inputs.
    pub form: WizardForm,
}

/// Builds the wizard page `query` names for the delegation in `seat`, from its own draft; after
/// a refused submit, with its `error` and the values `posted` (so nothing typed is lost).
pub fn wizard_page(
    id: &str,
    state: &TalkState,
    seat: usize,
    query: &WizardQuery,
    error: Option<String>,
    posted: &[(String, String)],
) -> Result<WizardPage, crate::engine::Rejection> {
    let view = views::party(id, state, seat);
    let draft = state.wizard_draft(seat)?;
    let seen = wizard::view(&draft);
    let page = WizardPageKind::of(query, &draft);
    let mut form = form(&view.issues, &draft, &seen, page);
    keep_posted(&mut form, posted);
    Ok(WizardPage {
        talk_id: id.to_string(),
        title: view.public.title.clone(),
        party: view.party.clone(),
        revising: view.profile_replaced,
        nav: nav(&view.issues, &seen, page),
        step: page.name(),
        query: page.query(),
        inconsistencies: seen.inconsistencies.clone(),
        complete: seen.complete,
        error,
        form,
    })
}

fn nav(issues: &[IssueView], seen: &WizardView, page: WizardPageKind) -> Vec<WizardNavLink> {
    let link = |label: String, kind: WizardPageKind, done: bool| WizardNavLink {
        label,
        query: kind.query(),
        current: kind == page,
        done,
    };
    let mut links = vec![
        link(
            "Rank the issues".into(),
            WizardPageKind::Rank,
            seen.ranking.is_some(),
        ),
        link(
            "Split 100 points".into(),
            WizardPageKind::Points,
            seen.points.is_some(),
        ),
    ];
    links.extend(issues.iter().enumerate().map(|(k, issue)| {
        let done = seen.ratings.contains_key(&issue.name);
        link(
            format!("Rate: {}", issue.name),
            WizardPageKind::Rate(k),
            done,
        )
    }));
    links.push(link(
        "Walk-away point".into(),
        WizardPageKind::WalkAway,
        seen.walk_away.is_some(),
    ));
    links.push(link("Check and save".into(), WizardPageKind::Check, false));
    links
}

fn form(
    issues: &[IssueView],
    draft: &Draft,
    seen: &WizardView,
    page: WizardPageKind,
) -> WizardForm {
    match page {
        WizardPageKind::Rank => WizardForm {
            positions: positions("rank", &issue_names(issues), seen.ranking.as_deref()),
            ..WizardForm::default()
        },
        WizardPageKind::Points => WizardForm {
            numbers: points_inputs(issues, seen),
            ..WizardForm::default()
        },
        WizardPageKind::Rate(k) => rate_form(&issues[k], seen),
        WizardPageKind::WalkAway => walk_away_form(issues, draft),
        WizardPageKind::Check => check_form(issues, draft, seen),
    }
}

/// Puts the values of a refused submit back into the page's inputs.
fn keep_posted(form: &mut WizardForm, posted: &[(String, String)]) {
    let value = |name: &str| {
        posted
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    for input in &mut form.numbers {
        if let Some(v) = value(&input.name) {
            input.value = v;
        }
    }
    let places: Vec<&String> = posted
        .iter()
        .filter(|(k, _)| k == "rank" || k == "order")
        .map(|(_, v)| v)
        .collect();
    for (select, chosen) in form.positions.iter_mut().zip(&places) {
        select_only(&mut select.options, chosen);
    }
    for select in &mut form.package {
        if let Some(v) = value(&select.field) {
            select_only(&mut select.options, &v);
        }
    }
    if let Some(v) = value("threshold") {
        form.threshold = v;
    }
    if let Some(mode) = value("mode") {
        form.by_package = mode == "package";
    }
}

fn select_only(options: &mut [SelectOption], chosen: &str) {
    if options.iter().any(|o| o.value == chosen) {
        for o in options {
            o.selected = o.value == chosen;
        }
    }
}

fn issue_names(issues: &[IssueView]) -> Vec<String> {
    issues.iter().map(|i| i.name.clone()).collect()
}

/// One select per position over `names`, preselecting `current` (else `names` in order).
fn positions(prefix: &str, names: &[String], current: Option<&[String]>) -> Vec<PositionSelect> {
    let order = current.filter(|c| c.len() == names.len()).unwrap_or(names);
    order
        .iter()
        .enumerate()
        .map(|(n, chosen)| PositionSelect {
            position: n + 1,
            id: format!("{prefix}-{}", n + 1),
            options: names
                .iter()
                .map(|name| SelectOption {
                    value: name.clone(),
                    label: name.clone(),
                    selected: name == chosen,
                })
                .collect(),
        })
        .collect()
}

fn points_inputs(issues: &[IssueView], seen: &WizardView) -> Vec<NumberInput> {
    issues
        .iter()
        .enumerate()
        .map(|(k, issue)| NumberInput {
            name: format!("points.{}", issue.name),
            id: format!("points-{k}"),
            label: issue.name.clone(),
            value: seen
                .points
                .as_ref()
                .and_then(|p| p.get(&issue.name))
                .map(u32::to_string)
                .unwrap_or_default(),
        })
        .collect()
}

fn rate_form(issue: &IssueView, seen: &WizardView) -> WizardForm {
    let rated = seen.ratings.get(&issue.name);
    WizardForm {
        positions: positions("order", &issue.values, rated.map(|r| r.order.as_slice())),
        numbers: issue
            .values
            .iter()
            .enumerate()
            .map(|(n, option)| NumberInput {
                name: format!("ratings.{option}"),
                id: format!("rating-{n}"),
                label: option.clone(),
                value: rated
                    .and_then(|r| r.ratings.get(option))
                    .map(u8::to_string)
                    .unwrap_or_default(),
            })
            .collect(),
        issue: issue.name.clone(),
        ..WizardForm::default()
    }
}

fn named(issues: &[IssueView], indices: &[u32]) -> PackageDto {
    issues
        .iter()
        .zip(indices)
        .filter_map(|(issue, &i)| Some((issue.name.clone(), issue.values.get(i as usize)?.clone())))
        .collect()
}

fn walk_away_form(issues: &[IssueView], draft: &Draft) -> WizardForm {
    let (threshold, package) = match draft.walk_away() {
        Some(WalkAway::Threshold(t)) => (t.to_string(), None),
        Some(WalkAway::Package(p)) => (String::new(), Some(named(issues, p))),
        None => (String::new(), None),
    };
    WizardForm {
        threshold,
        by_package: package.is_some(),
        package: issue_selects(issues, "pkg", package.as_ref(), |_, _| None),
        ..WizardForm::default()
    }
}

fn check_form(issues: &[IssueView], draft: &Draft, seen: &WizardView) -> WizardForm {
    let stated = draft.stated_points().unwrap_or_default();
    let now = draft.points().unwrap_or_default();
    WizardForm {
        checks: seen
            .check_packages
            .iter()
            .enumerate()
            .map(|(n, c)| CheckRow {
                n,
                rows: c
                    .package
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                score: format!("{:.1}", c.score),
                rounded: c.score.round().clamp(0.0, 100.0) as u32,
            })
            .collect(),
        points: issues
            .iter()
            .enumerate()
            .filter_map(|(k, issue)| {
                let (s, n) = (stated.get(k)?, now.get(k)?);
                Some(PointsRow {
                    issue: issue.name.clone(),
                    stated: s.to_string(),
                    now: n.to_string(),
                    changed: s != n,
                })
            })
            .collect(),
        walk_away: seen
            .walk_away
            .map_or_else(|| "—".into(), |w| format!("{w:.1}")),
        ..WizardForm::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_and_name_themselves_in_the_query() {
        let mut page = WizardPageKind::Rank;
        let mut seen = vec![page.query()];
        while page != WizardPageKind::Check {
            page = page.after(2);
            seen.push(page.query());
        }
        assert_eq!(
            seen,
            [
                "step=rank",
                "step=points",
                "step=rate&issue=0",
                "step=rate&issue=1",
                "step=walk_away",
                "step=check"
            ]
        );
        assert_eq!(WizardPageKind::Check.after(2), WizardPageKind::Check);
    }

    #[test]
    fn positions_follow_the_current_order_and_fall_back_to_the_agenda() {
        let names = vec!["a".to_string(), "b".to_string()];
        let chosen = |p: &[PositionSelect]| -> Vec<String> {
            p.iter()
                .map(|s| s.options.iter().find(|o| o.selected).unwrap().value.clone())
                .collect()
        };
        let current = vec!["b".to_string(), "a".to_string()];
        assert_eq!(
            chosen(&positions("rank", &names, Some(&current))),
            ["b", "a"]
        );
        assert_eq!(chosen(&positions("rank", &names, None)), ["a", "b"]);
        assert_eq!(positions("rank", &names, None)[1].id, "rank-2");
    }
}
