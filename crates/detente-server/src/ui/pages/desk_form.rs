//! The caucus section of the mediator's desk: the package forms, the buttons that fill them
//! (Nash and widest-margin packages, each delegation's last proposal), the issues and options the
//! questions about single issues name, and the provenance checkboxes of a question. The form may
//! start pre-filled with a suggested question (the desk's "Edit first"), every field of it.

use std::collections::HashSet;

use detente_core::slug::distinct_slugs;

use detente_core::talks::message::MAX_RATED_OPTIONS;

use super::common::{issue_selects, IssueSelect};
use super::desk_suggest::{basis_value, form_kind};
use crate::engine::wire::OptionDto;
use crate::engine::{AnswerDto, PackageDto, QuestionDto};
use crate::views::{IssueView, MediatorView, SuggestionView};

/// A radio button or a select's option of the ask form, checked or not.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value posted.
    pub value: String,
    /// Text.
    pub label: String,
    /// Element id.
    pub id: String,
    /// Whether it starts checked (selected).
    pub checked: bool,
}

/// The kinds of question the ask form offers: value, element id, label.
const KINDS: [(&str, &str, &str); 10] = [
    ("test", "kind-test", "Test a package"),
    (
        "propose",
        "kind-propose",
        "Ask for a package it would accept",
    ),
    ("compare", "kind-compare", "Compare two packages"),
    ("rank_issues", "kind-rank", "Rank the issues"),
    ("joint_session", "kind-joint", "Propose a joint session"),
    (
        "position_test",
        "kind-position",
        "Is a package better than no agreement? (position test: a yes is no acceptance)",
    ),
    (
        "extremes",
        "kind-extremes",
        "Best and worst value of an issue",
    ),
    (
        "rate",
        "kind-rate",
        "Rate options from 0 (worth nothing) to 100 (perfect) on their issue's scale",
    ),
    (
        "split_points",
        "kind-points",
        "Split 100 points of importance across the issues",
    ),
    (
        "rate_walk_away",
        "kind-walk-away",
        "Rate the walk-away point from 0 to 100",
    ),
];

/// A button that fills the package form.
#[derive(Debug, Clone)]
pub struct Preset {
    /// Button text.
    pub label: String,
    /// The package as JSON.
    pub package: String,
    /// Provenance checkboxes to tick (`party|basis`), comma-separated.
    pub sources: String,
}

/// A provenance checkbox.
#[derive(Debug, Clone)]
pub struct SourceOption {
    /// `party|basis`.
    pub value: String,
    /// Text.
    pub label: String,
    /// Element id.
    pub id: String,
    /// Whether it starts ticked.
    pub checked: bool,
}

/// One option a rating question may name: a value of an issue.
#[derive(Debug, Clone)]
pub struct RateOption {
    /// Element id.
    pub id: String,
    /// The value, as text.
    pub label: String,
    /// The option in wire form (JSON), the checkbox's value.
    pub json: String,
    /// Whether it starts ticked.
    pub checked: bool,
}

/// An issue as the questions about single issues offer it.
#[derive(Debug, Clone)]
pub struct IssueChoice {
    /// Issue name.
    pub name: String,
    /// What choosing the whole issue for a rating question asks about.
    pub whole_label: String,
    /// Those options in wire form (a JSON list, at most `MAX_RATED_OPTIONS`).
    pub whole: String,
    /// Each value, to tick one by one.
    pub options: Vec<RateOption>,
    /// Whether the question about single issues starts on this issue.
    pub selected: bool,
    /// Whether the rating question starts on this issue's options, chosen whole.
    pub whole_selected: bool,
}

/// The caucus form's parts, in the fields the desk's template reads.
pub(super) struct CaucusForm {
    /// The delegations to ask.
    pub parties: Vec<Choice>,
    /// The kinds of question.
    pub kinds: Vec<Choice>,
    /// Package form (tested package, position test, or package A of a comparison).
    pub package_a: Vec<IssueSelect>,
    /// Package B of a comparison.
    pub package_b: Vec<IssueSelect>,
    /// Quick fills.
    pub presets: Vec<Preset>,
    /// Provenance checkboxes.
    pub sources: Vec<SourceOption>,
    /// The issues, for questions about one issue or about options.
    pub issues: Vec<IssueChoice>,
    /// Whether the rating question starts on the options ticked one by one.
    pub rate_ticked_only: bool,
    /// What the mediator may infer, pre-filled from a suggestion.
    pub reveals: String,
}

/// Builds the caucus form for the desk, pre-filled with `draft` when the mediator chose to edit
/// a suggested question first.
pub(super) fn caucus_form(
    view: &MediatorView,
    parties: &[String],
    draft: Option<&SuggestionView>,
) -> CaucusForm {
    let start = form_start(view);
    let question = draft.map(|d| &d.question);
    let (a, b) = match question {
        Some(QuestionDto::Test { package } | QuestionDto::PositionTest { package }) => {
            (Some(package), start.as_ref())
        }
        Some(QuestionDto::Compare { a, b }) => (Some(a), Some(b)),
        _ => (start.as_ref(), start.as_ref()),
    };
    let rated = match question {
        Some(QuestionDto::Rate { options }) => Some(options.as_slice()),
        _ => None,
    };
    let extremes = match question {
        Some(QuestionDto::Extremes { issue }) => Some(issue.as_str()),
        _ => None,
    };
    let issues: Vec<IssueChoice> = view
        .issues
        .iter()
        .enumerate()
        .map(|(k, issue)| prefilled(issue_choice((k, issue)), k, extremes, rated))
        .collect();
    CaucusForm {
        parties: party_choices(parties, draft.map(|d| d.party.as_str())),
        kinds: kind_choices(question.map_or("test", form_kind)),
        package_a: issue_selects(&view.issues, "a", a, |_, _| None),
        package_b: issue_selects(&view.issues, "b", b, |_, _| None),
        presets: presets(view, parties),
        sources: source_options(parties, draft),
        rate_ticked_only: rated.is_some() && !issues.iter().any(|i| i.whole_selected),
        issues,
        reveals: draft.map_or_else(String::new, |d| d.provenance.reveals.clone()),
    }
}

/// The delegations to ask, `chosen` selected (else the first).
fn party_choices(parties: &[String], chosen: Option<&str>) -> Vec<Choice> {
    parties
        .iter()
        .enumerate()
        .map(|(i, p)| Choice {
            value: p.clone(),
            label: p.clone(),
            id: String::new(),
            checked: chosen.map_or(i == 0, |c| c == p),
        })
        .collect()
}

/// The kinds of question, `kind` checked.
fn kind_choices(kind: &str) -> Vec<Choice> {
    KINDS
        .iter()
        .map(|&(value, id, label)| Choice {
            value: value.into(),
            label: label.into(),
            id: id.into(),
            checked: value == kind,
        })
        .collect()
}

/// Issue `k`'s choice as a draft starts it: chosen for a question about its values (`extremes`),
/// its whole options chosen when a rating question names exactly those, else each option it
/// names ticked. Without a rating question, the first issue is chosen whole.
fn prefilled(
    mut choice: IssueChoice,
    k: usize,
    extremes: Option<&str>,
    rated: Option<&[OptionDto]>,
) -> IssueChoice {
    choice.selected = extremes.map_or(k == 0, |issue| issue == choice.name);
    match rated {
        None => choice.whole_selected = k == 0,
        Some(options) if serde_json::to_string(options).ok() == Some(choice.whole.clone()) => {
            choice.whole_selected = true;
        }
        Some(options) => {
            for o in &mut choice.options {
                o.checked = options
                    .iter()
                    .any(|r| r.issue == choice.name && r.value == o.label);
            }
        }
    }
    choice
}

/// Issue `k` for the questions about single issues: its name, the rating question about its
/// values (every value, or [`MAX_RATED_OPTIONS`] spread evenly from first to last when it has
/// more), and each value to tick.
fn issue_choice((k, issue): (usize, &IssueView)) -> IssueChoice {
    let option = |value: &String| OptionDto {
        issue: issue.name.clone(),
        value: value.clone(),
    };
    let n = issue.values.len();
    let whole: Vec<OptionDto> = if n <= MAX_RATED_OPTIONS {
        issue.values.iter().map(option).collect()
    } else {
        let last = MAX_RATED_OPTIONS - 1;
        (0..MAX_RATED_OPTIONS)
            .map(|j| option(&issue.values[(j * (n - 1) + last / 2) / last]))
            .collect()
    };
    IssueChoice {
        name: issue.name.clone(),
        whole_label: if n <= MAX_RATED_OPTIONS {
            format!("every value of {} ({n})", issue.name)
        } else {
            format!(
                "{MAX_RATED_OPTIONS} of the {n} values of {}, evenly spread",
                issue.name
            )
        },
        whole: serde_json::to_string(&whole).unwrap_or_default(),
        options: issue
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| RateOption {
                id: format!("opt-{k}-{i}"),
                label: v.clone(),
                json: serde_json::to_string(&option(v)).unwrap_or_default(),
                checked: false,
            })
            .collect(),
        selected: false,
        whole_selected: false,
    }
}

/// The package the forms start from: the last tested package, else the Nash package.
fn form_start(view: &MediatorView) -> Option<PackageDto> {
    let last_tested = view.exchanges.iter().rev().find_map(|e| match &e.ask {
        QuestionDto::Test { package } | QuestionDto::PositionTest { package } => {
            Some(package.clone())
        }
        _ => None,
    });
    last_tested.or_else(|| view.zone.as_ref().and_then(|z| z.nash.clone()))
}

/// The quick fills: the zone's packages (shaped by every profile), then each delegation's latest
/// proposal.
fn presets(view: &MediatorView, parties: &[String]) -> Vec<Preset> {
    let mut presets = zone_presets(view, parties);
    presets.extend(proposal_presets(view));
    presets
}

fn zone_presets(view: &MediatorView, parties: &[String]) -> Vec<Preset> {
    let Some(z) = &view.zone else {
        return Vec::new();
    };
    let all_profiles = parties
        .iter()
        .map(|p| format!("{p}|confidential_profile"))
        .collect::<Vec<_>>()
        .join(",");
    let mut presets = Vec::new();
    if let Some(p) = &z.nash {
        presets.push(Preset {
            label: "Nash package".into(),
            package: serde_json::to_string(p).unwrap_or_default(),
            sources: all_profiles.clone(),
        });
    }
    presets.push(Preset {
        label: "Widest-margin package".into(),
        package: serde_json::to_string(&z.widest).unwrap_or_default(),
        sources: all_profiles,
    });
    presets
}

/// Each delegation's latest proposal, latest first: one per delegation, told apart by name
/// (unique in a talk), never by how a button's label ends ("Korea" beside "North Korea").
fn proposal_presets(view: &MediatorView) -> Vec<Preset> {
    let mut proposed: HashSet<&str> = HashSet::new();
    view.exchanges
        .iter()
        .rev()
        .filter_map(|e| match &e.answer {
            Some(AnswerDto::Proposal { package }) => Some((e.party.as_str(), package)),
            _ => None,
        })
        .filter(|(party, _)| proposed.insert(party))
        .map(|(party, package)| Preset {
            label: format!("Last proposal of {party}"),
            package: serde_json::to_string(package).unwrap_or_default(),
            sources: format!("{party}|proposal"),
        })
        .collect()
}

/// One checkbox per delegation and basis of disclosure, those `draft` declares ticked.
fn source_options(parties: &[String], draft: Option<&SuggestionView>) -> Vec<SourceOption> {
    let declared: HashSet<String> = draft
        .map(|d| {
            d.provenance
                .sources
                .iter()
                .map(|s| format!("{}|{}", s.party, basis_value(s.basis)))
                .collect()
        })
        .unwrap_or_default();
    parties
        .iter()
        .zip(distinct_slugs(parties))
        .flat_map(|(p, id)| {
            [
                ("answers", "answers"),
                ("proposal", "proposal"),
                ("confidential_profile", "profile"),
            ]
            .into_iter()
            .map(move |(basis, label)| SourceOption {
                value: format!("{p}|{basis}"),
                label: format!("{p}'s {label}"),
                id: format!("src-{id}-{basis}"),
                checked: false,
            })
        })
        .map(|mut o| {
            o.checked = declared.contains(&o.value);
            o
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_question_about_a_long_issue_spreads_its_options_from_first_to_last() {
        let issue = IssueView {
            name: "price".into(),
            values: (0..=100).map(|v| v.to_string()).collect(),
        };
        let choice = issue_choice((0, &issue));
        let whole: Vec<OptionDto> = serde_json::from_str(&choice.whole).unwrap();
        assert_eq!(whole.len(), MAX_RATED_OPTIONS);
        assert_eq!(whole[0].value, "0");
        assert_eq!(whole[MAX_RATED_OPTIONS - 1].value, "100");
        let mut values: Vec<&str> = whole.iter().map(|o| o.value.as_str()).collect();
        values.dedup();
        assert_eq!(values.len(), MAX_RATED_OPTIONS, "no option twice");
        assert_eq!(choice.options.len(), 101);
        assert_eq!(
            choice.whole_label,
            "24 of the 101 values of price, evenly spread"
        );

        let short = IssueView {
            name: "remote".into(),
            values: vec!["none".into(), "full".into()],
        };
        let choice = issue_choice((1, &short));
        assert_eq!(
            choice.whole,
            r#"[{"issue":"remote","value":"none"},{"issue":"remote","value":"full"}]"#
        );
        assert_eq!(choice.options[1].id, "opt-1-1");
    }
}
