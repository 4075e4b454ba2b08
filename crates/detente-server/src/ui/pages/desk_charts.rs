//! The analysis sections of the mediator's desk: the margin over rounds (charts and table), the
//! tested packages in the utility space of the profiles the mediator holds, and the zone.

use indexmap::IndexMap;

use super::super::chart::{self, IssueCell, MarginSample, UtilityPoint, Verdict};
use super::super::text;
use crate::engine::visibility::ProfilesSeen;
use crate::engine::{AnswerDto, PackageDto, QuestionDto};
use crate::views::{MarginView, MediatorView};

/// One row of the margin table.
#[derive(Debug, Clone)]
pub struct MarginRow {
    /// Round.
    pub round: u32,
    /// Estimate.
    pub estimate: String,
    /// Bounds.
    pub bounds: String,
    /// Exact margin or a dash.
    pub exact: String,
    /// Packages accepted by all.
    pub accepted_by_all: usize,
    /// Common ground.
    pub common_ground: String,
    /// Answers set aside as contradictory so far, by delegation, or "none".
    pub set_aside: String,
}

/// One tested package with each visible party's utility.
#[derive(Debug, Clone)]
pub struct UtilityRow {
    /// Question ids.
    pub questions: String,
    /// The package.
    pub package: String,
    /// Utilities in party order.
    pub utilities: Vec<String>,
    /// How it fared.
    pub verdict: String,
}

/// The margin section's parts.
pub(super) struct MarginSection {
    /// Margin chart.
    pub margin_svg: String,
    /// Per-issue chart.
    pub issue_svg: String,
    /// Margin table.
    pub margin_rows: Vec<MarginRow>,
}

/// Builds the margin section: the estimate over rounds, common ground per issue, the table.
pub(super) fn margin_section(view: &MediatorView) -> MarginSection {
    let samples: Vec<MarginSample> = view
        .margin
        .iter()
        .map(|m| MarginSample {
            round: m.round,
            estimate: m.estimate.estimate,
            lower: m.estimate.lower,
            upper: m.estimate.upper,
            exact: m.exact,
        })
        .collect();
    let issue_names: Vec<String> = view.issues.iter().map(|i| i.name.clone()).collect();
    let round_numbers: Vec<u32> = view.margin.iter().map(|m| m.round).collect();
    MarginSection {
        margin_svg: chart::margin_chart(&samples, view.public.rounds),
        issue_svg: chart::issue_grid(&issue_names, &round_numbers, &issue_cells(view)),
        margin_rows: view.margin.iter().map(margin_row).collect(),
    }
}

/// For each measured round, how many of each issue's values all open delegations accept.
fn issue_cells(view: &MediatorView) -> Vec<Vec<IssueCell>> {
    view.margin
        .iter()
        .map(|m| {
            view.issues
                .iter()
                .map(|i| IssueCell {
                    common: m.common_ground.get(&i.name).cloned().unwrap_or_default(),
                    of: i.values.len(),
                })
                .collect()
        })
        .collect()
}

fn margin_row(m: &MarginView) -> MarginRow {
    MarginRow {
        round: m.round,
        estimate: text::utility(m.estimate.estimate),
        bounds: format!(
            "{} to {}",
            text::utility(m.estimate.lower),
            text::utility(m.estimate.upper)
        ),
        exact: m.exact.map_or("—".into(), text::utility),
        accepted_by_all: m.accepted_by_all,
        set_aside: if m.contradictions.is_empty() {
            "none".into()
        } else {
            m.contradictions
                .iter()
                .map(|c| format!("{} ({} in round {})", c.party, c.question, c.round))
                .collect::<Vec<_>>()
                .join("; ")
        },
        common_ground: if m.common_ground.is_empty() {
            "none".into()
        } else {
            m.common_ground
                .iter()
                .map(|(issue, values)| format!("{issue}: {}", values.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        },
    }
}

/// The tested-packages section's parts.
pub(super) struct UtilitySection {
    /// Utility-space charts.
    pub utility_svgs: Vec<String>,
    /// Parties whose utilities are shown.
    pub utility_parties: Vec<String>,
    /// Tested packages' utilities.
    pub utility_rows: Vec<UtilityRow>,
    /// Why some utilities are missing.
    pub utility_note: Option<String>,
}

/// A tested package: the package, the questions that tested it, and (seat, answer) pairs.
type Tested<'a> = (PackageDto, Vec<u64>, Vec<(usize, &'a AnswerDto)>);

/// Builds the tested-packages section, for the profiles the mediator holds (the scenario's, or
/// ones handed over in confidence): `profiles` are the mediator's, and every utility and
/// reservation value shown is read through them, so a profile kept private never reaches the
/// desk.
pub(super) fn utility_section(
    profiles: ProfilesSeen<'_>,
    view: &MediatorView,
    parties: &[String],
) -> UtilitySection {
    let visible = profiles.seats();
    let tested = tested_packages(view, parties);
    let at_table = view.seats.iter().filter(|s| s.at_table).count();
    UtilitySection {
        utility_svgs: utility_charts(profiles, view, parties, &visible, &tested, at_table),
        utility_parties: visible.iter().map(|&s| parties[s].clone()).collect(),
        utility_rows: utility_rows(profiles, &visible, &tested, at_table),
        utility_note: hidden_profiles_note(view, &visible),
    }
}

/// Tested packages in the order first tested, keyed by their one-line form.
fn tested_packages<'a>(view: &'a MediatorView, parties: &[String]) -> IndexMap<String, Tested<'a>> {
    let seat_of = |name: &str| parties.iter().position(|p| p == name);
    let mut tested: IndexMap<String, Tested> = IndexMap::new();
    for e in &view.exchanges {
        if let QuestionDto::Test { package } = &e.ask {
            let entry = tested
                .entry(text::package(package))
                .or_insert_with(|| (package.clone(), Vec::new(), Vec::new()));
            entry.1.push(e.question);
            if let (Some(answer), Some(seat)) = (&e.answer, seat_of(&e.party)) {
                entry.2.push((seat, answer));
            }
        }
    }
    tested
}

fn question_ids(ids: &[u64]) -> String {
    ids.iter()
        .map(|q| format!("Q{q}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdict_of(answers: &[(usize, &AnswerDto)], seats: usize) -> Verdict {
    // Each party's latest answer counts: a package rejected once may be accepted later.
    let mut latest: std::collections::BTreeMap<usize, bool> = std::collections::BTreeMap::new();
    for (seat, answer) in answers {
        match answer {
            AnswerDto::Accept => {
                latest.insert(*seat, true);
            }
            AnswerDto::Reject { .. } => {
                latest.insert(*seat, false);
            }
            _ => {}
        }
    }
    let accepted = latest.values().filter(|&&a| a).count();
    if latest.values().any(|&a| !a) {
        Verdict::Rejected
    } else if accepted >= seats && accepted > 0 {
        Verdict::Accepted
    } else if accepted > 0 {
        Verdict::Partial
    } else {
        Verdict::Open
    }
}

fn utility_rows(
    profiles: ProfilesSeen<'_>,
    visible: &[usize],
    tested: &IndexMap<String, Tested>,
    at_table: usize,
) -> Vec<UtilityRow> {
    tested
        .iter()
        .map(|(line, (package, ids, answers))| UtilityRow {
            questions: question_ids(ids),
            package: line.clone(),
            utilities: visible
                .iter()
                .map(|&s| {
                    profiles
                        .utility(s, package)
                        .map_or("—".into(), text::utility)
                })
                .collect(),
            verdict: verdict_of(answers, at_table).class().to_string(),
        })
        .collect()
}

/// One chart per pair of visible seats, with the Nash package marked where there is one.
fn utility_charts(
    profiles: ProfilesSeen<'_>,
    view: &MediatorView,
    parties: &[String],
    visible: &[usize],
    tested: &IndexMap<String, Tested>,
    at_table: usize,
) -> Vec<String> {
    let nash = view.zone.as_ref().and_then(|z| z.nash.as_ref());
    let mut charts = Vec::new();
    for (i, &a) in visible.iter().enumerate() {
        for &b in &visible[i + 1..] {
            let (Some(reservation_a), Some(reservation_b)) =
                (profiles.reservation(a), profiles.reservation(b))
            else {
                continue;
            };
            let points = tested
                .iter()
                .filter_map(|(line, (package, ids, answers))| {
                    Some(UtilityPoint {
                        label: question_ids(ids),
                        detail: line.clone(),
                        x: profiles.utility(a, package)?,
                        y: profiles.utility(b, package)?,
                        verdict: verdict_of(answers, at_table),
                    })
                })
                .collect::<Vec<_>>();
            let nash_point =
                nash.and_then(|p| Some((profiles.utility(a, p)?, profiles.utility(b, p)?)));
            charts.push(chart::utility_space(
                &format!("utility-{a}-{b}"),
                (&parties[a], &parties[b]),
                (reservation_a, reservation_b),
                &points,
                nash_point,
            ));
        }
    }
    charts
}

/// Why some delegations' utilities are missing, if they are.
fn hidden_profiles_note(view: &MediatorView, visible: &[usize]) -> Option<String> {
    let hidden: Vec<String> = view
        .seats
        .iter()
        .filter(|s| !visible.contains(&s.seat))
        .map(|s| s.party.clone())
        .collect();
    (!hidden.is_empty()).then(|| {
        format!(
            "{} kept {} profile private: {} utilities are not shown and the exact margin is unknown.",
            detente_core::talks::communique::join_names(&hidden),
            if hidden.len() == 1 { "its" } else { "their" },
            if hidden.len() == 1 { "its" } else { "their" },
        )
    })
}

/// The zone of agreement, in words.
pub(super) fn zone_text(view: &MediatorView) -> Option<String> {
    view.zone.as_ref().map(|z| match &z.nash {
        Some(p) => format!(
            "A zone of agreement exists (exact margin {}). Nash bargaining package: {}.",
            text::utility(z.margin),
            text::package(p)
        ),
        None => format!(
            "No zone of agreement: the best package for the worst-off party still falls {} short of its reservation value. Widest package: {}.",
            text::utility(-z.margin),
            text::package(&z.widest)
        ),
    })
}
