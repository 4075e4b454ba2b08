//! The pages: askama templates and the view models they render, built for one reader each.
//!
//! The mediator's desk is built from [`views::mediator`] plus the utilities of tested packages for
//! the profiles the mediator holds; the caucus room from [`views::party`] alone, so it can show
//! nothing of another delegation that the API would not give that delegation.

use askama::Template;
use detente_core::talks::communique::PublicFacts;
use indexmap::IndexMap;

use super::chart::{self, IssueCell, MarginSample, UtilityPoint, Verdict};
use super::claims::{self, Claim, GroundTrend};
use super::text;
use crate::api::views::{self, IssueView, MediatorView, PartyView, PublicView};
use crate::engine::{AnswerDto, Package, ProfileDto, QuestionDto, TalkState};

/// A talk in a list.
#[derive(Debug, Clone)]
pub struct TalkSummary {
    /// Talk id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Party names, joined.
    pub parties: String,
    /// `open` or `concluded`.
    pub status: String,
    /// Status in words.
    pub status_text: String,
    /// The communiqué, once concluded.
    pub communique: Option<String>,
}

impl TalkSummary {
    /// The summary of a public view.
    pub fn of(view: &PublicView) -> Self {
        let status_text = match &view.conclusion {
            Some(c) => match c.ending {
                crate::engine::EndingKind::Agreement => "Concluded with an agreement".to_string(),
                crate::engine::EndingKind::Deadline => "Concluded at the deadline".to_string(),
                crate::engine::EndingKind::WalkOut => "Concluded after a walk-out".to_string(),
            },
            None if view.round == 0 => format!("Not started ({} rounds planned)", view.rounds),
            None => format!("Round {} of {}", view.round, view.rounds),
        };
        TalkSummary {
            id: view.talk_id.clone(),
            title: view.title.clone(),
            parties: detente_core::talks::communique::join_names(&view.parties),
            status: view.status.to_string(),
            status_text,
            communique: view.conclusion.as_ref().map(|c| c.communique.clone()),
        }
    }
}

/// A bundled example in the create form.
#[derive(Debug, Clone)]
pub struct ExampleOption {
    /// Its name.
    pub name: String,
    /// Title and parties.
    pub label: String,
}

/// The home page: the mediator's list of talks and the form that creates one.
#[derive(Template)]
#[template(path = "ui/home.html")]
pub struct HomePage {
    /// Every talk, newest first as the store lists them.
    pub talks: Vec<TalkSummary>,
    /// Bundled examples.
    pub examples: Vec<ExampleOption>,
    /// What went wrong with the last attempt to create a talk.
    pub error: Option<String>,
}

/// An invitation link to hand out.
#[derive(Debug, Clone)]
pub struct LinkRow {
    /// Who it is for.
    pub who: String,
    /// The link, with the key in its fragment.
    pub url: String,
    /// An id for the copy button.
    pub slug: String,
}

/// The page shown once after a talk is created: the only time its keys are visible.
#[derive(Template)]
#[template(path = "ui/created.html")]
pub struct CreatedPage {
    /// Talk id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The mediator's own link.
    pub mediator: LinkRow,
    /// One link per delegation.
    pub invitations: Vec<LinkRow>,
}

/// The page that turns a key from a link (or pasted) into a session.
#[derive(Template)]
#[template(path = "ui/key.html")]
pub struct KeyPage {
    /// Talk title.
    pub title: String,
    /// "mediator's desk" or "caucus room".
    pub place: String,
    /// Where the key is posted.
    pub action: String,
    /// Why a key is asked for again, if it is.
    pub error: Option<String>,
}

/// An error page.
#[derive(Template)]
#[template(path = "ui/error.html")]
pub struct ErrorPage {
    /// Headline.
    pub heading: String,
    /// What happened.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Published communiqués.
#[derive(Template)]
#[template(path = "ui/public.html")]
pub struct PublicPage {
    /// Talks with a communiqué.
    pub concluded: Vec<TalkSummary>,
    /// Talks still running.
    pub running: Vec<TalkSummary>,
}

/// One talk's public page.
#[derive(Template)]
#[template(path = "ui/public_talk.html")]
pub struct PublicTalkPage {
    /// The talk.
    pub talk: TalkSummary,
    /// Rounds held so far.
    pub round: u32,
}

/// A select for one issue of a package form.
#[derive(Debug, Clone)]
pub struct IssueSelect {
    /// Issue name.
    pub name: String,
    /// Form field name.
    pub field: String,
    /// Element id.
    pub id: String,
    /// Options.
    pub options: Vec<SelectOption>,
}

/// An option of an issue select.
#[derive(Debug, Clone)]
pub struct SelectOption {
    /// The value.
    pub value: String,
    /// Text shown.
    pub label: String,
    /// Whether it is selected.
    pub selected: bool,
}

fn slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_string()
}

fn issue_selects(
    issues: &[IssueView],
    prefix: &str,
    chosen: Option<&Package>,
    worth: impl Fn(&str, &str) -> Option<f64>,
) -> Vec<IssueSelect> {
    issues
        .iter()
        .enumerate()
        .map(|(k, issue)| {
            let current = chosen.and_then(|p| p.get(&issue.name));
            IssueSelect {
                name: issue.name.clone(),
                field: format!("{prefix}.{}", issue.name),
                id: format!("{prefix}-{k}-{}", slug(&issue.name)),
                options: issue
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| SelectOption {
                        value: v.clone(),
                        label: match worth(&issue.name, v) {
                            Some(w) => format!("{v} (worth {w:.2})"),
                            None => v.clone(),
                        },
                        selected: current.map_or(i == 0, |c| c == v),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A seat on the mediator's desk.
#[derive(Debug, Clone)]
pub struct SeatRow {
    /// Party.
    pub party: String,
    /// At the table or left.
    pub presence: String,
    /// Pending question id.
    pub pending: Option<u64>,
    /// Who answers for it.
    pub answered_by: String,
    /// Whether the mediator holds its profile.
    pub profile: String,
}

/// One exchange on the mediator's desk.
#[derive(Debug, Clone)]
pub struct ExchangeRow {
    /// Question id.
    pub id: u64,
    /// The question.
    pub ask: String,
    /// Packages shown, labelled.
    pub packages: Vec<(String, String)>,
    /// The reply.
    pub reply: String,
    /// `pending`, `answered` or `silent`.
    pub status: String,
    /// Answered by an agent.
    pub automated: bool,
}

/// One caucus.
#[derive(Debug, Clone)]
pub struct CaucusBlock {
    /// The party met.
    pub party: String,
    /// Its exchanges.
    pub exchanges: Vec<ExchangeRow>,
}

/// One round.
#[derive(Debug, Clone)]
pub struct RoundBlock {
    /// The round.
    pub round: u32,
    /// Its caucuses in order.
    pub caucuses: Vec<CaucusBlock>,
}

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

/// A disclosure-ledger row.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    /// Round.
    pub round: u32,
    /// Recipient.
    pub to: String,
    /// Question kind.
    pub question: String,
    /// Sources.
    pub from: String,
    /// What it may reveal.
    pub reveals: String,
}

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

/// The mediator's desk for one talk.
#[derive(Template)]
#[template(path = "ui/mediator.html")]
pub struct MediatorPage {
    /// Public facts.
    pub talk: TalkSummary,
    /// Current round.
    pub round: u32,
    /// Deadline.
    pub rounds: u32,
    /// An error from the last action.
    pub error: Option<String>,
    /// Seq of the last event (live updates continue from it).
    pub last_seq: u64,
    /// Whether talks go on.
    pub open: bool,
    /// Whether a round is running.
    pub in_round: bool,
    /// The party in caucus.
    pub caucus_with: Option<String>,
    /// Seats.
    pub seats: Vec<SeatRow>,
    /// Party names.
    pub parties: Vec<String>,
    /// Package form (tested package, or package A of a comparison).
    pub package_a: Vec<IssueSelect>,
    /// Package B of a comparison.
    pub package_b: Vec<IssueSelect>,
    /// Quick fills.
    pub presets: Vec<Preset>,
    /// Provenance checkboxes.
    pub sources: Vec<SourceOption>,
    /// Rounds and their caucuses.
    pub rounds_held: Vec<RoundBlock>,
    /// Margin chart.
    pub margin_svg: String,
    /// Per-issue chart.
    pub issue_svg: String,
    /// Margin table.
    pub margin_rows: Vec<MarginRow>,
    /// Utility-space charts.
    pub utility_svgs: Vec<String>,
    /// Parties whose utilities are shown.
    pub utility_parties: Vec<String>,
    /// Tested packages' utilities.
    pub utility_rows: Vec<UtilityRow>,
    /// Why some utilities are missing.
    pub utility_note: Option<String>,
    /// The zone, in words.
    pub zone: Option<String>,
    /// The disclosure ledger.
    pub ledger: Vec<LedgerRow>,
    /// The draft communiqué, sentence by sentence.
    pub claims: Vec<Claim>,
    /// The mediator's minutes.
    pub minutes: String,
}

/// A tested package: the package, the questions that tested it, and (seat, answer) pairs.
type Tested<'a> = (Package, Vec<u64>, Vec<(usize, &'a AnswerDto)>);

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

/// Builds the mediator's desk from the talk's state.
pub fn mediator_page(id: &str, state: &TalkState, error: Option<String>) -> MediatorPage {
    let view: MediatorView = views::mediator(id, state);
    let parties = state.party_names();
    let seat_of = |name: &str| parties.iter().position(|p| p == name);

    // Rounds, then caucuses in the order they were held.
    let mut rounds_held: Vec<RoundBlock> = Vec::new();
    for e in &view.exchanges {
        if rounds_held.last().map(|r| r.round) != Some(e.round) {
            rounds_held.push(RoundBlock {
                round: e.round,
                caucuses: Vec::new(),
            });
        }
        let round = rounds_held.last_mut().expect("pushed");
        if round.caucuses.last().map(|c| c.party.as_str()) != Some(e.party.as_str()) {
            round.caucuses.push(CaucusBlock {
                party: e.party.clone(),
                exchanges: Vec::new(),
            });
        }
        let packages = match &e.ask {
            QuestionDto::Test { package } => vec![("Package".into(), text::package(package))],
            QuestionDto::Compare { a, b } => vec![
                ("A".into(), text::package(a)),
                ("B".into(), text::package(b)),
            ],
            _ => Vec::new(),
        };
        round
            .caucuses
            .last_mut()
            .expect("pushed")
            .exchanges
            .push(ExchangeRow {
                id: e.question,
                ask: text::question(&e.ask).to_string(),
                packages,
                reply: text::reply(e.status, e.answer.as_ref()),
                status: e.status.to_string(),
                automated: e.automated,
            });
    }

    // Margin series.
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
    let cells: Vec<Vec<IssueCell>> = view
        .margin
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
        .collect();
    let round_numbers: Vec<u32> = view.margin.iter().map(|m| m.round).collect();
    let margin_rows = view
        .margin
        .iter()
        .map(|m| MarginRow {
            round: m.round,
            estimate: text::utility(m.estimate.estimate),
            bounds: format!(
                "{} to {}",
                text::utility(m.estimate.lower),
                text::utility(m.estimate.upper)
            ),
            exact: m.exact.map_or("—".into(), text::utility),
            accepted_by_all: m.accepted_by_all,
            common_ground: if m.common_ground.is_empty() {
                "none".into()
            } else {
                m.common_ground
                    .iter()
                    .map(|(issue, values)| format!("{issue}: {}", values.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        })
        .collect();

    // Tested packages in utility space, for the profiles the mediator holds.
    let visible: Vec<usize> = view
        .seats
        .iter()
        .filter(|s| s.profile.is_some() || !s.profile_replaced)
        .map(|s| s.seat)
        .collect();
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
    let at_table = view.seats.iter().filter(|s| s.at_table).count();
    let utility_rows: Vec<UtilityRow> = tested
        .iter()
        .map(|(line, (package, ids, answers))| UtilityRow {
            questions: ids
                .iter()
                .map(|q| format!("Q{q}"))
                .collect::<Vec<_>>()
                .join(", "),
            package: line.clone(),
            utilities: visible
                .iter()
                .map(|&s| state.utility(s, package).map_or("—".into(), text::utility))
                .collect(),
            verdict: verdict_of(answers, at_table).class().to_string(),
        })
        .collect();
    let nash = view.zone.as_ref().and_then(|z| z.nash.clone());
    let mut utility_svgs = Vec::new();
    for (i, &a) in visible.iter().enumerate() {
        for &b in &visible[i + 1..] {
            let points = tested
                .iter()
                .filter_map(|(line, (package, ids, answers))| {
                    Some(UtilityPoint {
                        label: ids
                            .iter()
                            .map(|q| format!("Q{q}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        detail: line.clone(),
                        x: state.utility(a, package)?,
                        y: state.utility(b, package)?,
                        verdict: verdict_of(answers, at_table),
                    })
                })
                .collect::<Vec<_>>();
            let nash_point = nash
                .as_ref()
                .and_then(|p| Some((state.utility(a, p)?, state.utility(b, p)?)));
            utility_svgs.push(chart::utility_space(
                &format!("utility-{a}-{b}"),
                (&parties[a], &parties[b]),
                (
                    state.seats[a].profile.reservation,
                    state.seats[b].profile.reservation,
                ),
                &points,
                nash_point,
            ));
        }
    }
    let hidden: Vec<String> = view
        .seats
        .iter()
        .filter(|s| !visible.contains(&s.seat))
        .map(|s| s.party.clone())
        .collect();
    let utility_note = (!hidden.is_empty()).then(|| {
        format!(
            "{} kept {} profile private: {} utilities are not shown and the exact margin is unknown.",
            detente_core::talks::communique::join_names(&hidden),
            if hidden.len() == 1 { "its" } else { "their" },
            if hidden.len() == 1 { "its" } else { "their" },
        )
    });
    let zone = view.zone.as_ref().map(|z| match &z.nash {
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
    });

    // Package forms: start from the last tested package, else the Nash package.
    let last_tested = view.exchanges.iter().rev().find_map(|e| match &e.ask {
        QuestionDto::Test { package } => Some(package.clone()),
        _ => None,
    });
    let start = last_tested.or_else(|| nash.clone());
    let package_a = issue_selects(&view.issues, "a", start.as_ref(), |_, _| None);
    let package_b = issue_selects(&view.issues, "b", start.as_ref(), |_, _| None);
    let all_profiles = parties
        .iter()
        .map(|p| format!("{p}|confidential_profile"))
        .collect::<Vec<_>>()
        .join(",");
    let mut presets = Vec::new();
    if let Some(z) = &view.zone {
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
    }
    for e in view.exchanges.iter().rev() {
        if let Some(AnswerDto::Proposal { package }) = &e.answer {
            if presets.iter().any(|p| p.label.ends_with(&e.party)) {
                continue;
            }
            presets.push(Preset {
                label: format!("Last proposal of {}", e.party),
                package: serde_json::to_string(package).unwrap_or_default(),
                sources: format!("{}|proposal", e.party),
            });
        }
    }
    let sources = parties
        .iter()
        .flat_map(|p| {
            [
                ("answers", "answers"),
                ("proposal", "proposal"),
                ("confidential_profile", "profile"),
            ]
            .into_iter()
            .map(move |(basis, label)| SourceOption {
                value: format!("{p}|{basis}"),
                label: format!("{p}'s {label}"),
                id: format!("src-{}-{basis}", slug(p)),
            })
        })
        .collect();

    // The draft communiqué with its claims.
    let claims = match state.talks() {
        Some(talks) => {
            let facts =
                PublicFacts::from_record(talks.record(), talks.space(), &state.mediator.clone());
            let ground = |m: Option<&views::MarginView>| -> Vec<String> {
                m.map(|m| m.common_ground.keys().cloned().collect())
                    .unwrap_or_default()
            };
            let trend = GroundTrend {
                first: ground(view.margin.first()),
                last: ground(view.margin.last()),
                accepted_first: view.margin.first().map_or(0, |m| m.accepted_by_all),
                accepted_last: view.margin.last().map_or(0, |m| m.accepted_by_all),
            };
            let published = view
                .public
                .conclusion
                .as_ref()
                .map_or(view.draft_communique.as_str(), |c| c.communique.as_str());
            claims::claims(published, &facts, &trend)
        }
        None => Vec::new(),
    };

    MediatorPage {
        talk: TalkSummary::of(&view.public),
        round: view.public.round,
        rounds: view.public.rounds,
        error,
        last_seq: view.last_seq,
        open: view.public.conclusion.is_none(),
        in_round: view.in_round,
        caucus_with: view.caucus_with.clone(),
        seats: view
            .seats
            .iter()
            .map(|s| SeatRow {
                party: s.party.clone(),
                presence: if s.at_table {
                    "at the table".into()
                } else {
                    "left the talks".into()
                },
                pending: s.pending_question,
                answered_by: match &s.agent {
                    Some(crate::engine::AgentSpec::Aspiration { curve, .. }) => {
                        format!("automated agent ({curve:?})").to_lowercase()
                    }
                    Some(crate::engine::AgentSpec::Engine { agent, .. }) => {
                        format!("automated agent ({agent})")
                    }
                    Some(crate::engine::AgentSpec::Scripted { .. }) => "scripted agent".into(),
                    None => "its delegation".into(),
                },
                profile: if !s.profile_replaced {
                    "scenario profile (held by you)".into()
                } else if s.profile.is_some() {
                    "own profile, handed to you in confidence".into()
                } else {
                    "own profile, kept private".into()
                },
            })
            .collect(),
        parties: parties.clone(),
        package_a,
        package_b,
        presets,
        sources,
        rounds_held,
        margin_svg: chart::margin_chart(&samples, view.public.rounds),
        issue_svg: chart::issue_grid(&issue_names, &round_numbers, &cells),
        margin_rows,
        utility_svgs,
        utility_parties: visible.iter().map(|&s| parties[s].clone()).collect(),
        utility_rows,
        utility_note,
        zone,
        ledger: view
            .ledger
            .iter()
            .map(|d| LedgerRow {
                round: d.round,
                to: d.to.clone(),
                question: d.question.clone(),
                from: d
                    .from
                    .iter()
                    .map(|s| {
                        format!(
                            "{} ({})",
                            s.party,
                            match s.basis {
                                crate::engine::wire::BasisDto::ConfidentialProfile =>
                                    "confidential profile",
                                crate::engine::wire::BasisDto::Answers => "answers",
                                crate::engine::wire::BasisDto::Proposal => "proposal",
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                reveals: d.reveals.clone(),
            })
            .collect(),
        claims,
        minutes: view.minutes.clone(),
    }
}

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
    /// `test`, `propose`, `rank_issues`, `compare` or `joint_session`.
    pub kind: String,
    /// The question.
    pub prompt: String,
    /// Packages shown.
    pub packages: Vec<PackageCard>,
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
}

fn card(label: &str, package: &Package, utility: Option<f64>, reservation: f64) -> PackageCard {
    PackageCard {
        label: label.to_string(),
        rows: package
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        utility: utility.map_or("—".into(), text::utility),
        above: utility.is_some_and(|u| u >= reservation),
    }
}

fn cards(q: &QuestionDto, utilities: &IndexMap<String, f64>, reservation: f64) -> Vec<PackageCard> {
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
    let pending = view.pending_question.and_then(|q| {
        let e = view.exchanges.iter().find(|e| e.question == q)?;
        Some(PendingView {
            id: q,
            kind: text::question_kind(&e.ask).to_string(),
            prompt: text::question(&e.ask).to_string(),
            packages: cards(&e.ask, &e.utilities, reservation),
        })
    });
    let (profile, profile_note, ranking) = match &view.profile {
        Some(ProfileDto {
            weights, values, ..
        }) => {
            let rows: Vec<ProfileIssue> = view
                .issues
                .iter()
                .map(|issue| {
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
                })
                .collect();
            let mut ranking: Vec<(String, f64)> = weights
                .iter()
                .map(|(k, w)| (k.clone(), *w))
                .collect();
            ranking.sort_by(|a, b| b.1.total_cmp(&a.1));
            (rows, None, ranking.into_iter().map(|(k, _)| k).collect())
        }
        None => (
            Vec::new(),
            Some("Your profile is not a table of weights and scores; use the package builder to see what a package is worth to you.".to_string()),
            view.issues.iter().map(|i| i.name.clone()).collect(),
        ),
    };
    let worth = |issue: &str, value: &str| -> Option<f64> {
        let p = view.profile.as_ref()?;
        Some(p.weights.get(issue)? * p.values.get(issue)?.get(value)?)
    };
    // The builder starts from the delegation's best package, or the package it is asked about.
    let start: Option<Package> = view
        .exchanges
        .iter()
        .rev()
        .find_map(|e| match &e.ask {
            QuestionDto::Test { package } => Some(package.clone()),
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
        });
    let builder = issue_selects(&view.issues, "pkg", start.as_ref(), worth);
    let built: Package = builder
        .iter()
        .filter_map(|s| {
            let chosen = s.options.iter().find(|o| o.selected)?;
            Some((s.name.clone(), chosen.value.clone()))
        })
        .collect();
    let builder_u = state.utility(seat, &built);
    CaucusPage {
        talk_id: id.to_string(),
        title: view.public.title.clone(),
        party: view.party.clone(),
        status_text: TalkSummary::of(&view.public).status_text,
        open: view.public.conclusion.is_none(),
        at_table: view.at_table,
        error,
        last_seq: state.last_seq,
        pending,
        issues: view.issues.iter().map(|i| i.name.clone()).collect(),
        ranking,
        profile,
        profile_note,
        reservation: text::utility(reservation),
        builder,
        builder_utility: builder_u.map_or("—".into(), text::utility),
        builder_above: builder_u.is_some_and(|u| u >= reservation),
        transcript: view
            .exchanges
            .iter()
            .map(|e| OwnExchangeRow {
                id: e.question,
                round: e.round,
                ask: text::question(&e.ask).to_string(),
                packages: cards(&e.ask, &e.utilities, reservation),
                reply: text::reply(e.status, e.answer.as_ref()),
                status: e.status.to_string(),
                automated: e.automated,
            })
            .collect(),
        report: view.report.clone(),
        communique: view
            .public
            .conclusion
            .as_ref()
            .map(|c| c.communique.clone()),
    }
}
