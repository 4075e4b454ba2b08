//! The caucus section of the mediator's desk: the package forms, the buttons that fill them
//! (Nash and widest-margin packages, each delegation's last proposal) and the provenance
//! checkboxes of a question.

use std::collections::HashSet;

use detente_core::slug::distinct_slugs;

use super::common::{issue_selects, IssueSelect};
use crate::engine::{AnswerDto, PackageDto, QuestionDto};
use crate::views::MediatorView;

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
}

/// The caucus form's parts, in the fields the desk's template reads.
pub(super) struct CaucusForm {
    /// Package form (tested package, or package A of a comparison).
    pub package_a: Vec<IssueSelect>,
    /// Package B of a comparison.
    pub package_b: Vec<IssueSelect>,
    /// Quick fills.
    pub presets: Vec<Preset>,
    /// Provenance checkboxes.
    pub sources: Vec<SourceOption>,
}

/// Builds the caucus form for the desk.
pub(super) fn caucus_form(view: &MediatorView, parties: &[String]) -> CaucusForm {
    let start = form_start(view);
    CaucusForm {
        package_a: issue_selects(&view.issues, "a", start.as_ref(), |_, _| None),
        package_b: issue_selects(&view.issues, "b", start.as_ref(), |_, _| None),
        presets: presets(view, parties),
        sources: source_options(parties),
    }
}

/// The package the forms start from: the last tested package, else the Nash package.
fn form_start(view: &MediatorView) -> Option<PackageDto> {
    let last_tested = view.exchanges.iter().rev().find_map(|e| match &e.ask {
        QuestionDto::Test { package } => Some(package.clone()),
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

/// One checkbox per delegation and basis of disclosure.
fn source_options(parties: &[String]) -> Vec<SourceOption> {
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
            })
        })
        .collect()
}
