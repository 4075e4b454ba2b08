//! The mediator's desk: its view model, assembled from one builder per section (caucus form,
//! delegations, blind bounds, suggested questions, margin, rounds and caucuses, tested packages,
//! disclosure ledger, communiqué).

use askama::Template;
use detente_core::talks::communique::PublicFacts;

use super::super::claims::{self, Claim, GroundTrend};
use super::super::text;
use super::common::{IssueSelect, TalkSummary};
use super::desk_blind::{self, BlindPanel};
use super::desk_charts::{self, MarginRow, UtilityRow};
use super::desk_form::{self, Choice, IssueChoice, Preset, SourceOption};
use super::desk_suggest::{self, SuggestionCard};
use crate::engine::wire::BasisDto;
use crate::engine::{AgentDto, QuestionDto, Reader, TalkState};
use crate::views::{self, ExchangeView, LedgerView, MarginView, MediatorView, SeatView};

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
    /// What it names besides packages (an issue, options to rate).
    pub detail: Option<String>,
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
/// The mediator's desk for one talk.
#[derive(Template)]
#[template(path = "ui/mediator.html")]
pub struct MediatorPage {
    /// Public facts.
    pub talk: TalkSummary,
    /// Current round.
    pub round: u32,
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
    /// The delegations the ask form offers (one selected).
    pub ask_parties: Vec<Choice>,
    /// The kinds of question (one checked).
    pub kinds: Vec<Choice>,
    /// Why the ask form is pre-filled (or why it could not be).
    pub draft_note: Option<String>,
    /// Package form (tested package, or package A of a comparison).
    pub package_a: Vec<IssueSelect>,
    /// Package B of a comparison.
    pub package_b: Vec<IssueSelect>,
    /// Quick fills.
    pub presets: Vec<Preset>,
    /// Provenance checkboxes.
    pub sources: Vec<SourceOption>,
    /// The issues, for questions about one issue or about options to rate.
    pub issue_choices: Vec<IssueChoice>,
    /// Most options one rating question may name.
    pub max_rated: usize,
    /// Whether the rating question starts on the options ticked one by one.
    pub rate_ticked_only: bool,
    /// What the delegation may infer, pre-filled.
    pub reveals: String,
    /// The margin's sound bounds, when the mediator is blind to some profile.
    pub blind: Option<BlindPanel>,
    /// The blind strategy's next question per delegation.
    pub suggestions: Vec<SuggestionCard>,
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

/// Builds the mediator's desk from the talk's state, its ask form pre-filled with the question
/// suggested for the delegation named `draft`, if any.
pub fn mediator_page(
    id: &str,
    state: &TalkState,
    error: Option<String>,
    draft: Option<&str>,
) -> MediatorPage {
    let view: MediatorView = views::mediator(id, state);
    let parties = state.party_names();
    let suggestion = draft.and_then(|party| view.suggestions.iter().find(|s| s.party == party));
    let form = desk_form::caucus_form(&view, &parties, suggestion);
    let margin = desk_charts::margin_section(&view);
    let utility =
        desk_charts::utility_section(state.profiles_seen_by(Reader::Mediator), &view, &parties);
    MediatorPage {
        talk: TalkSummary::of(&view.public),
        round: view.public.round,
        error,
        last_seq: view.last_seq,
        open: view.public.conclusion.is_none(),
        in_round: view.in_round,
        caucus_with: view.caucus_with.clone(),
        seats: view.seats.iter().map(seat_row).collect(),
        parties,
        ask_parties: form.parties,
        kinds: form.kinds,
        draft_note: draft.map(|party| draft_note(party, suggestion.is_some())),
        package_a: form.package_a,
        package_b: form.package_b,
        presets: form.presets,
        sources: form.sources,
        issue_choices: form.issues,
        max_rated: detente_core::talks::message::MAX_RATED_OPTIONS,
        rate_ticked_only: form.rate_ticked_only,
        reveals: form.reveals,
        blind: desk_blind::blind_panel(&view),
        suggestions: desk_suggest::suggestion_cards(&view),
        rounds_held: rounds_held(&view),
        margin_svg: margin.margin_svg,
        issue_svg: margin.issue_svg,
        margin_rows: margin.margin_rows,
        utility_svgs: utility.utility_svgs,
        utility_parties: utility.utility_parties,
        utility_rows: utility.utility_rows,
        utility_note: utility.utility_note,
        zone: desk_charts::zone_text(&view),
        ledger: view.ledger.iter().map(ledger_row).collect(),
        claims: draft_claims(state, &view),
        minutes: view.minutes.clone(),
    }
}

/// Why the ask form is pre-filled, or why it is not.
fn draft_note(party: &str, found: bool) -> String {
    if found {
        format!("Pre-filled with the question suggested for {party}: edit it, then put it.")
    } else {
        format!("No question is suggested for {party} now; the form starts as usual.")
    }
}

fn seat_row(s: &SeatView) -> SeatRow {
    SeatRow {
        party: s.party.clone(),
        presence: if s.at_table {
            "at the table".into()
        } else {
            "left the talks".into()
        },
        pending: s.pending_question,
        answered_by: answered_by(s.agent.as_ref()),
        profile: profile_status(s),
    }
}

/// What the mediator knows of a seat's profile, in words: whether it holds it, and (for a
/// delegation's own) how often it was revised and whether an agent was proposed.
fn profile_status(s: &SeatView) -> String {
    let held = if !s.profile_replaced {
        if s.profile.is_some() {
            "agenda profile (held by you)".to_string()
        } else {
            "not stated yet; you are blind to it".to_string()
        }
    } else if s.profile.is_some() {
        "own profile, handed to you in confidence".to_string()
    } else {
        "own profile, kept private; you are blind to it".to_string()
    };
    let revised = match s.revisions {
        0 | 1 => String::new(),
        n => format!(" (revised: {n} statements so far)"),
    };
    let proposed = match &s.proposed_agent {
        Some(_) => "; your agent proposal awaits its decision",
        None => "",
    };
    format!("{held}{revised}{proposed}")
}

/// Who answers for a seat, in words.
fn answered_by(agent: Option<&AgentDto>) -> String {
    match agent {
        Some(AgentDto::Aspiration { curve, .. }) => {
            format!("automated agent ({curve:?})").to_lowercase()
        }
        Some(AgentDto::Engine { agent, .. }) => format!("automated agent ({agent})"),
        Some(AgentDto::Scripted { .. }) => "scripted agent".into(),
        None => "its delegation".into(),
    }
}

/// Rounds, then caucuses in the order they were held.
fn rounds_held(view: &MediatorView) -> Vec<RoundBlock> {
    let mut rounds: Vec<RoundBlock> = Vec::new();
    for e in &view.exchanges {
        if rounds.last().map(|r| r.round) != Some(e.round) {
            rounds.push(RoundBlock {
                round: e.round,
                caucuses: Vec::new(),
            });
        }
        let round = rounds.last_mut().expect("pushed");
        if round.caucuses.last().map(|c| c.party.as_str()) != Some(e.party.as_str()) {
            round.caucuses.push(CaucusBlock {
                party: e.party.clone(),
                exchanges: Vec::new(),
            });
        }
        let caucus = round.caucuses.last_mut().expect("pushed");
        caucus.exchanges.push(exchange_row(e));
    }
    rounds
}

/// The packages a question shows, each on one line with its label (`A`, `B` or `Package`).
pub(super) fn labelled_packages(q: &QuestionDto) -> Vec<(String, String)> {
    q.packages()
        .into_iter()
        .map(|(key, package)| {
            let label = match key {
                "a" => "A",
                "b" => "B",
                _ => "Package",
            };
            (label.to_string(), text::package(package))
        })
        .collect()
}

fn exchange_row(e: &ExchangeView) -> ExchangeRow {
    let packages = labelled_packages(&e.ask);
    ExchangeRow {
        id: e.question,
        ask: text::question(&e.ask).to_string(),
        detail: text::question_detail(&e.ask),
        packages,
        reply: text::reply(&e.ask, e.status, e.answer.as_ref()),
        status: e.status.to_string(),
        automated: e.automated,
    }
}

fn ledger_row(d: &LedgerView) -> LedgerRow {
    LedgerRow {
        round: d.round,
        to: d.to.clone(),
        question: d.question.clone(),
        from: d
            .from
            .iter()
            .map(|s| format!("{} ({})", s.party, basis_text(&s.basis)))
            .collect::<Vec<_>>()
            .join(", "),
        reveals: d.reveals.clone(),
    }
}

fn basis_text(basis: &BasisDto) -> &'static str {
    match basis {
        BasisDto::ConfidentialProfile => "confidential profile",
        BasisDto::Answers => "answers",
        BasisDto::Proposal => "proposal",
    }
}

/// The draft communiqué (or the published one) sentence by sentence, with the rule behind each.
fn draft_claims(state: &TalkState, view: &MediatorView) -> Vec<Claim> {
    let Some(talks) = state.talks() else {
        return Vec::new();
    };
    let facts = PublicFacts::from_record(talks.record(), talks.space(), &state.mediator);
    let trend = ground_trend(view);
    let published = view
        .public
        .conclusion
        .as_ref()
        .map_or(view.draft_communique.as_str(), |c| c.communique.as_str());
    claims::claims(published, &facts, &trend)
}

/// Common ground and packages accepted by all, first round against last.
fn ground_trend(view: &MediatorView) -> GroundTrend {
    let ground = |m: Option<&MarginView>| -> Vec<String> {
        m.map(|m| m.common_ground.keys().cloned().collect())
            .unwrap_or_default()
    };
    GroundTrend {
        first: ground(view.margin.first()),
        last: ground(view.margin.last()),
        accepted_first: view.margin.first().map_or(0, |m| m.accepted_by_all),
        accepted_last: view.margin.last().map_or(0, |m| m.accepted_by_all),
    }
}
