//! A delegation's caucus room: its view model, assembled from one builder per section (the
//! pending question, the own profile, the package builder, the own transcript), from the
//! delegation's own view and its own profile only (the answer forms' suggestions,
//! [`super::caucus_answer`]).

use askama::Template;
use detente_core::talks::message::QuestionKind;
use indexmap::IndexMap;

use super::super::text;
use super::caucus_agent::{agent_panel, AgentPanel};
use super::caucus_answer::{answer_inputs, AnswerInputs};
use super::caucus_privacy::{privacy_panel, PrivacyPanel};
use super::common::{issue_selects, IssueSelect, TalkSummary};
use crate::engine::{PackageDto, ProfileDto, QuestionDto, Reader, TalkState};
use crate::views::{self, OwnExchangeView, PartyView};

/// A package shown to a delegation with its own utility.
#[derive(Debug, Clone)]
pub struct PackageCard {
    /// "Package", "A" or "B".
    pub label: String,
    /// Issue and value.
    pub rows: Vec<(String, String)>,
    /// Own utility.
    pub utility: String,
    /// Whether it beats the reservation value.
    pub above: bool,
}

/// The question awaiting the delegation's answer.
#[derive(Debug, Clone)]
pub struct PendingView {
    /// Question id.
    pub id: u64,
    /// What kind of question it is (the template picks the answer form by it).
    pub kind: QuestionKind,
    /// The question.
    pub prompt: String,
    /// Packages shown.
    pub packages: Vec<PackageCard>,
    /// The answer form's inputs (selects and numbers), with suggestions from the own profile.
    pub inputs: AnswerInputs,
    /// Whether "cannot say" may answer it (a question about single issues).
    pub cannot_say: bool,
}

/// One value of the delegation's profile.
#[derive(Debug, Clone)]
pub struct ProfileValue {
    /// The value.
    pub value: String,
    /// Score (0–1).
    pub score: String,
    /// Weight × score: what it adds to the utility.
    pub worth: String,
    /// Whether it is the issue's best value.
    pub best: bool,
}

/// One issue of the delegation's profile.
#[derive(Debug, Clone)]
pub struct ProfileIssue {
    /// Issue.
    pub name: String,
    /// Weight.
    pub weight: String,
    /// Values.
    pub values: Vec<ProfileValue>,
}

/// One exchange of the delegation's transcript.
#[derive(Debug, Clone)]
pub struct OwnExchangeRow {
    /// Question id.
    pub id: u64,
    /// Round.
    pub round: u32,
    /// The question.
    pub ask: String,
    /// What it names besides packages (an issue, options to rate).
    pub detail: Option<String>,
    /// Packages with own utility.
    pub packages: Vec<PackageCard>,
    /// The reply.
    pub reply: String,
    /// Status.
    pub status: String,
    /// Answered by an agent.
    pub automated: bool,
}

/// A delegation's caucus room.
#[derive(Template)]
#[template(path = "ui/caucus.html")]
pub struct CaucusPage {
    /// Talk id.
    pub talk_id: String,
    /// Talk title.
    pub title: String,
    /// Own name.
    pub party: String,
    /// Status text.
    pub status_text: String,
    /// Whether talks go on.
    pub open: bool,
    /// Whether still at the table.
    pub at_table: bool,
    /// An error from the last action.
    pub error: Option<String>,
    /// Seq of the last event.
    pub last_seq: u64,
    /// The pending question.
    pub pending: Option<PendingView>,
    /// Issue names (objections, ranking).
    pub issues: Vec<String>,
    /// Issues ordered by own weight (default ranking).
    pub ranking: Vec<String>,
    /// Own profile.
    pub profile: Vec<ProfileIssue>,
    /// Why the profile is not tabulated, if it is not.
    pub profile_note: Option<String>,
    /// Own reservation value.
    pub reservation: String,
    /// Package builder.
    pub builder: Vec<IssueSelect>,
    /// Utility of the builder's package.
    pub builder_utility: String,
    /// Whether it beats the reservation value.
    pub builder_above: bool,
    /// Own transcript.
    pub transcript: Vec<OwnExchangeRow>,
    /// Own private report.
    pub report: String,
    /// The communiqué, once published.
    pub communique: Option<String>,
    /// Whether the delegation has preferences in force (packages have a worth to it).
    pub has_profile: bool,
    /// The preferences and privacy panel.
    pub privacy: PrivacyPanel,
    /// The agent consent panel.
    pub agent: AgentPanel,
}

/// Whether a package worth `utility` beats the walk-away value (unknown before the delegation
/// states its preferences).
fn above(utility: Option<f64>, reservation: Option<f64>) -> bool {
    matches!((utility, reservation), (Some(u), Some(r)) if u >= r)
}

fn card(
    label: &str,
    package: &PackageDto,
    utility: Option<f64>,
    reservation: Option<f64>,
) -> PackageCard {
    PackageCard {
        label: label.to_string(),
        rows: package
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        utility: utility.map_or("—".into(), text::utility),
        above: above(utility, reservation),
    }
}

fn cards(
    q: &QuestionDto,
    utilities: &IndexMap<String, f64>,
    reservation: Option<f64>,
) -> Vec<PackageCard> {
    q.packages()
        .into_iter()
        .map(|(key, p)| {
            let label = match key {
                "package" => "Package",
                "a" => "Package A",
                _ => "Package B",
            };
            card(label, p, utilities.get(key).copied(), reservation)
        })
        .collect()
}

/// Builds a delegation's caucus room from its own view only.
pub fn caucus_page(id: &str, state: &TalkState, seat: usize, error: Option<String>) -> CaucusPage {
    let view: PartyView = views::party(id, state, seat);
    let reservation = view.reservation;
    let own = own_profile(&view);
    let builder = package_builder(state, &view);
    CaucusPage {
        talk_id: id.to_string(),
        title: view.public.title.clone(),
        party: view.party.clone(),
        status_text: TalkSummary::of(&view.public).status_text,
        open: view.public.conclusion.is_none(),
        at_table: view.at_table,
        error,
        last_seq: state.last_seq,
        pending: pending_question(state, &view),
        issues: view.issues.iter().map(|i| i.name.clone()).collect(),
        ranking: own.ranking,
        profile: own.profile,
        profile_note: own.note,
        reservation: reservation.map_or_else(|| "—".into(), text::utility),
        builder: builder.selects,
        builder_utility: builder.utility.map_or("—".into(), text::utility),
        builder_above: above(builder.utility, reservation),
        transcript: view
            .exchanges
            .iter()
            .map(|e| own_exchange_row(e, reservation))
            .collect(),
        report: view.report.clone(),
        communique: view
            .public
            .conclusion
            .as_ref()
            .map(|c| c.communique.clone()),
        has_profile: reservation.is_some(),
        privacy: privacy_panel(&view),
        agent: agent_panel(&view),
    }
}

/// The question awaiting the delegation's answer, with its packages' worth to it and the answer
/// its own profile suggests to a question about single issues.
fn pending_question(state: &TalkState, view: &PartyView) -> Option<PendingView> {
    let q = view.pending_question?;
    let e = view.exchanges.iter().find(|e| e.question == q)?;
    let kind = text::kind_of(&e.ask);
    let own = state
        .profiles_seen_by(Reader::Party(view.seat))
        .profile(view.seat);
    Some(PendingView {
        id: q,
        kind,
        prompt: text::question(&e.ask).to_string(),
        packages: cards(&e.ask, &e.utilities, view.reservation),
        inputs: answer_inputs(state.space(), &e.ask, own),
        cannot_say: kind.is_per_issue(),
    })
}

/// The profile section's parts.
struct OwnProfile {
    /// The profile as a table.
    profile: Vec<ProfileIssue>,
    /// Why it is not a table, if it is not.
    note: Option<String>,
    /// The default ranking of the issues: by own weight where known.
    ranking: Vec<String>,
}

/// What the room says where a package's worth would be, before the delegation states its
/// preferences.
const NOT_STATED: &str = "State your preferences to see what packages are worth to you.";

/// The delegation's own profile, tabulated where it is weights and scores.
fn own_profile(view: &PartyView) -> OwnProfile {
    match &view.profile {
        Some(ProfileDto {
            weights, values, ..
        }) => {
            let mut ranking: Vec<(String, f64)> = weights
                .iter()
                .map(|(k, w)| (k.clone(), *w))
                .collect();
            ranking.sort_by(|a, b| b.1.total_cmp(&a.1));
            OwnProfile {
                profile: view
                    .issues
                    .iter()
                    .map(|issue| profile_issue(issue, weights, values))
                    .collect(),
                note: None,
                ranking: ranking.into_iter().map(|(k, _)| k).collect(),
            }
        }
        None if view.reservation.is_none() => OwnProfile {
            profile: Vec::new(),
            note: Some(NOT_STATED.to_string()),
            ranking: view.issues.iter().map(|i| i.name.clone()).collect(),
        },
        None => OwnProfile {
            profile: Vec::new(),
            note: Some("Your profile is not a table of weights and scores; use the package builder to see what a package is worth to you.".to_string()),
            ranking: view.issues.iter().map(|i| i.name.clone()).collect(),
        },
    }
}

fn profile_issue(
    issue: &views::IssueView,
    weights: &IndexMap<String, f64>,
    values: &IndexMap<String, IndexMap<String, f64>>,
) -> ProfileIssue {
    let weight = weights.get(&issue.name).copied().unwrap_or(0.0);
    let scores = values.get(&issue.name);
    let best = scores
        .map(|s| s.values().copied().fold(f64::NEG_INFINITY, f64::max))
        .unwrap_or(0.0);
    ProfileIssue {
        name: issue.name.clone(),
        weight: text::utility(weight),
        values: issue
            .values
            .iter()
            .map(|v| {
                let score = scores.and_then(|s| s.get(v)).copied().unwrap_or(0.0);
                ProfileValue {
                    value: v.clone(),
                    score: text::utility(score),
                    worth: text::utility(weight * score),
                    best: score >= best,
                }
            })
            .collect(),
    }
}

/// The package builder's parts.
struct PackageBuilder {
    /// One select per issue.
    selects: Vec<IssueSelect>,
    /// The utility of the package it starts with.
    utility: Option<f64>,
}

/// The package builder, with each value's worth to the delegation where the profile says it.
fn package_builder(state: &TalkState, view: &PartyView) -> PackageBuilder {
    let worth = |issue: &str, value: &str| -> Option<f64> {
        let p = view.profile.as_ref()?;
        Some(p.weights.get(issue)? * p.values.get(issue)?.get(value)?)
    };
    let selects = issue_selects(&view.issues, "pkg", builder_start(view).as_ref(), worth);
    let built: PackageDto = selects
        .iter()
        .filter_map(|s| {
            let chosen = s.options.iter().find(|o| o.selected)?;
            Some((s.name.clone(), chosen.value.clone()))
        })
        .collect();
    PackageBuilder {
        utility: state
            .profiles_seen_by(Reader::Party(view.seat))
            .utility(view.seat, &built),
        selects,
    }
}

/// The builder starts from the package last asked about, else the delegation's best package.
fn builder_start(view: &PartyView) -> Option<PackageDto> {
    view.exchanges
        .iter()
        .rev()
        .find_map(|e| match &e.ask {
            QuestionDto::Test { package } | QuestionDto::PositionTest { package } => {
                Some(package.clone())
            }
            _ => None,
        })
        .or_else(|| {
            view.profile.as_ref().map(|p| {
                view.issues
                    .iter()
                    .filter_map(|i| {
                        let scores = p.values.get(&i.name)?;
                        let best = scores.iter().max_by(|a, b| a.1.total_cmp(b.1))?;
                        Some((i.name.clone(), best.0.clone()))
                    })
                    .collect()
            })
        })
}

fn own_exchange_row(e: &OwnExchangeView, reservation: Option<f64>) -> OwnExchangeRow {
    OwnExchangeRow {
        id: e.question,
        round: e.round,
        ask: text::question(&e.ask).to_string(),
        detail: text::question_detail(&e.ask),
        packages: cards(&e.ask, &e.utilities, reservation),
        reply: text::reply(&e.ask, e.status, e.answer.as_ref()),
        status: e.status.to_string(),
        automated: e.automated,
    }
}
