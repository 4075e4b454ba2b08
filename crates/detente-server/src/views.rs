//! What each reader sees of a talk. Each view is built for one reader from the state, so nothing
//! reaches a reader by default: the mediator's view omits profiles a party kept to itself, a
//! party's view holds only its own profile, caucus and ledger entries, the public view only the
//! facts the communiqué may state. Which profiles and exchanges a reader may see is decided in
//! [`crate::engine::visibility`].

use detente_core::talks::margin::MarginPoint;
use detente_core::talks::report;
use indexmap::IndexMap;
use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::visibility::{may_see_exchanges_of, may_see_profile};
use crate::engine::wire::{basis_dto, from_outcome, BasisDto};
use crate::engine::{
    AgentDto, AnswerDto, EndingKind, EstimateDto, PackageDto, ProfileDto, ProvenanceDto,
    QuestionDto, QuestionRecord, Reader, ReplyState, Status, TalkState,
};

/// An issue and its values.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssueView {
    /// Issue name.
    pub name: String,
    /// Its values, in order.
    pub values: Vec<String>,
}

/// How talks ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConclusionView {
    /// Why.
    pub ending: EndingKind,
    /// The agreed package, if any.
    pub agreement: Option<PackageDto>,
    /// The public statement.
    pub communique: String,
}

/// What anyone may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicView {
    /// Talk id.
    pub talk_id: String,
    /// Title.
    pub title: String,
    /// Party names.
    pub parties: Vec<String>,
    /// `open` or `concluded`.
    pub status: &'static str,
    /// Current round (0 before the first).
    pub round: u32,
    /// Deadline in rounds.
    pub rounds: u32,
    /// Set once talks ended.
    pub conclusion: Option<ConclusionView>,
}

/// A seat as the mediator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeatView {
    /// Seat number.
    pub seat: usize,
    /// Party name.
    pub party: String,
    /// The automated agent answering for it, if any.
    pub agent: Option<AgentDto>,
    /// Whether it is still at the table.
    pub at_table: bool,
    /// Its unanswered question.
    pub pending_question: Option<u64>,
    /// Whether it stated its own profile (replacing the agenda's, if any).
    pub profile_replaced: bool,
    /// How many times it stated its own profile: the mediator learns *that* a delegation
    /// revised its preferences, not what they are.
    pub revisions: u32,
    /// Whether it handed its own profile to the mediator (and has not withdrawn it).
    pub handed_over: bool,
    /// Its profile, when the mediator may see it (the agenda's, or one handed over in confidence).
    pub profile: Option<ProfileDto>,
    /// The agent the mediator proposed for it, awaiting its decision.
    pub proposed_agent: Option<AgentDto>,
}

/// A caucus question and its reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExchangeView {
    /// Question id.
    pub question: u64,
    /// Round.
    pub round: u32,
    /// Party asked.
    pub party: String,
    /// The question.
    pub ask: QuestionDto,
    /// `pending`, `answered` or `silent`.
    pub status: &'static str,
    /// The answer, once given.
    pub answer: Option<AnswerDto>,
    /// Whether an automated agent answered.
    pub automated: bool,
}

/// One round's margin measurement.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarginView {
    /// The round.
    pub round: u32,
    /// Distinct packages every party at the table accepts.
    pub accepted_by_all: usize,
    /// Per issue with common ground, the values every party at the table accepted.
    pub common_ground: IndexMap<String, Vec<String>>,
    /// Per party and issue, the values it accepted at least once.
    pub accepted_values: IndexMap<String, IndexMap<String, Vec<String>>>,
    /// The mediator's estimate with bounds.
    pub estimate: EstimateDto,
    /// The exact margin, when the mediator holds every profile.
    pub exact: Option<f64>,
    /// Every answer so far that contradicted the same delegation's earlier answers and was set
    /// aside: the bounds hold for the answers kept.
    pub contradictions: Vec<ContradictionView>,
}

/// An answer set aside because it contradicted the same delegation's earlier answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContradictionView {
    /// The delegation.
    pub party: String,
    /// The round of the answer.
    pub round: u32,
    /// The kind of question it answered (`rate`, `position-test`, …).
    pub question: String,
}

/// A source of a disclosure.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceView {
    /// Whose data.
    pub party: String,
    /// Which data.
    pub basis: BasisDto,
}

/// One disclosure-ledger entry: a message to one party computed from others' private data.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerView {
    /// Round.
    pub round: u32,
    /// Who was told.
    pub to: String,
    /// Kind of question.
    pub question: String,
    /// Whose data, and which.
    pub from: Vec<SourceView>,
    /// What it may reveal.
    pub reveals: String,
}

/// The zone of agreement, computed when the mediator holds every profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneView {
    /// The Nash bargaining package, if a zone exists.
    pub nash: Option<PackageDto>,
    /// The package with the widest margin.
    pub widest: PackageDto,
    /// The margin (negative: no zone).
    pub margin: f64,
}

/// Every seat as the mediator sees it (profiles only where [`may_see_profile`] allows).
fn seats(state: &TalkState) -> Vec<SeatView> {
    let space = state.space();
    let at_table = state.at_table();
    state
        .seats
        .iter()
        .enumerate()
        .map(|(seat, s)| SeatView {
            seat,
            party: s.party.clone(),
            agent: s.agent_spec.clone(),
            at_table: at_table.contains(&seat),
            pending_question: s.pending,
            profile_replaced: s.profile_replaced,
            revisions: s.revisions,
            handed_over: s.profile_replaced && s.profile_shared,
            proposed_agent: s.proposed_agent.clone(),
            profile: may_see_profile(Reader::Mediator, seat, s.profile_replaced, s.profile_shared)
                .then(|| ProfileDto::from_profile(s.profile.as_ref()?, space))
                .flatten(),
        })
        .collect()
}

/// Every caucus exchange, as the mediator sees them.
fn exchanges(state: &TalkState) -> Vec<ExchangeView> {
    state
        .questions
        .iter()
        .filter(|q| may_see_exchanges_of(Reader::Mediator, q.seat))
        .map(|q| {
            let (status, answer) = reply(q);
            ExchangeView {
                question: q.id,
                round: q.round,
                party: state.seats[q.seat].party.clone(),
                ask: q.question.clone(),
                status,
                answer,
                automated: q.automated,
            }
        })
        .collect()
}

/// The mediator's view.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediatorView {
    /// Public facts.
    #[serde(flatten)]
    pub public: PublicView,
    /// Seq of the last event.
    pub last_seq: u64,
    /// Most questions per caucus.
    pub max_questions: usize,
    /// Whether a round is running.
    pub in_round: bool,
    /// The party in the open caucus.
    pub caucus_with: Option<String>,
    /// The issues.
    pub issues: Vec<IssueView>,
    /// The seats.
    pub seats: Vec<SeatView>,
    /// Every caucus exchange.
    pub exchanges: Vec<ExchangeView>,
    /// The margin series, one entry per ended round.
    pub margin: Vec<MarginView>,
    /// The disclosure ledger.
    pub ledger: Vec<LedgerView>,
    /// The zone, when the mediator holds every profile.
    pub zone: Option<ZoneView>,
    /// The delegations whose profile the mediator does not hold: what it knows of them comes
    /// from their answers alone.
    pub blind_to: Vec<String>,
    /// The margin as measured now: sound bounds and an estimate from the answers and the
    /// profiles the mediator holds (exact for those).
    pub measured: EstimateDto,
    /// The blind strategy's next question for each delegation at the table, with its reason.
    pub suggestions: Vec<SuggestionView>,
    /// The communiqué the record supports now.
    pub draft_communique: String,
    /// The mediator's minutes (confidential: every party's answers).
    pub minutes: String,
}

/// A question the blind strategy suggests putting to a delegation next.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionView {
    /// The delegation.
    pub party: String,
    /// The question (post it to `…/caucus` as is, or edit it first).
    pub question: QuestionDto,
    /// Why, in one plain line.
    pub reason: String,
    /// The provenance to declare if the question is put as suggested.
    pub provenance: ProvenanceDto,
}

/// A caucus exchange as its party sees it, with its own utilities.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnExchangeView {
    /// Question id.
    pub question: u64,
    /// Round.
    pub round: u32,
    /// The question.
    pub ask: QuestionDto,
    /// Own utility of each package shown (`package`, or `a` and `b`) and of a proposal made.
    pub utilities: IndexMap<String, f64>,
    /// `pending`, `answered` or `silent`.
    pub status: &'static str,
    /// The answer, once given.
    pub answer: Option<AnswerDto>,
    /// Whether an automated agent answered.
    pub automated: bool,
    /// What the mediator declared about the question's sources.
    pub provenance: ProvenanceDto,
}

/// A party's view: its own profile and caucus, nothing of the others.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    /// Public facts.
    #[serde(flatten)]
    pub public: PublicView,
    /// Own seat.
    pub seat: usize,
    /// Own name.
    pub party: String,
    /// Whether still at the table.
    pub at_table: bool,
    /// The issues.
    pub issues: Vec<IssueView>,
    /// Own profile in force, when it has the JSON form.
    pub profile: Option<ProfileDto>,
    /// Own reservation value (none until the party states its preferences).
    pub reservation: Option<f64>,
    /// Whether the party stated its own profile (replacing the agenda's, if any).
    pub profile_replaced: bool,
    /// How many times it stated its own profile.
    pub revisions: u32,
    /// Whether it handed its own profile to the mediator (and has not withdrawn it).
    pub handed_over: bool,
    /// Own automated agent, if any.
    pub agent: Option<AgentDto>,
    /// The agent the mediator proposed, awaiting the party's decision.
    pub proposed_agent: Option<AgentDto>,
    /// Own unanswered question.
    pub pending_question: Option<u64>,
    /// Own caucus exchanges, in order.
    pub exchanges: Vec<OwnExchangeView>,
    /// Own private report: its caucuses and what it was told.
    pub report: String,
}

fn issues(state: &TalkState) -> Vec<IssueView> {
    state
        .space()
        .issues()
        .iter()
        .map(|issue| IssueView {
            name: issue.name().to_string(),
            values: (0..issue.cardinality().unwrap_or(0) as u64)
                .filter_map(|k| issue.value_at(k))
                .map(|v| issue.format_value(&v))
                .collect(),
        })
        .collect()
}

fn reply(q: &QuestionRecord) -> (&'static str, Option<AnswerDto>) {
    match &q.reply {
        ReplyState::Pending => ("pending", None),
        ReplyState::Answered(a) => ("answered", Some(a.clone())),
        ReplyState::Silent => ("silent", None),
    }
}

/// The public view.
pub fn public(talk_id: &str, state: &TalkState) -> PublicView {
    let conclusion = match &state.status {
        Status::Open => None,
        Status::Concluded {
            ending,
            agreement,
            communique,
        } => Some(ConclusionView {
            ending: *ending,
            agreement: agreement.clone(),
            communique: communique.clone(),
        }),
    };
    PublicView {
        talk_id: talk_id.to_string(),
        title: state.title.clone(),
        parties: state.party_names(),
        status: if conclusion.is_some() {
            "concluded"
        } else {
            "open"
        },
        round: state.round(),
        rounds: state.talks().map_or(0, |t| t.config().rounds),
        conclusion,
    }
}

fn margin_view(state: &TalkState, point: &MarginPoint) -> MarginView {
    let space = state.space();
    let value_names = |k: usize, values: &[u32]| -> Vec<String> {
        let issue = &space.issues()[k];
        values
            .iter()
            .filter_map(|&v| issue.value_at(u64::from(v)))
            .map(|v| issue.format_value(&v))
            .collect()
    };
    MarginView {
        round: point.round,
        accepted_by_all: point.accepted_by_all,
        common_ground: point
            .common_ground
            .iter()
            .map(|(k, values)| {
                (
                    space.issues()[*k].name().to_string(),
                    value_names(*k, values),
                )
            })
            .collect(),
        accepted_values: point
            .accepted_values
            .iter()
            .enumerate()
            .map(|(p, per_issue)| {
                let by_issue = per_issue
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (space.issues()[k].name().to_string(), value_names(k, v)))
                    .collect();
                (state.seats[p].party.clone(), by_issue)
            })
            .collect(),
        estimate: point.estimate.into(),
        exact: point.exact,
        contradictions: point
            .contradictions
            .iter()
            .map(|(p, c)| ContradictionView {
                party: state.seats[*p].party.clone(),
                round: c.round,
                question: c.question.to_string(),
            })
            .collect(),
    }
}

/// The mediator's view.
pub fn mediator(talk_id: &str, state: &TalkState) -> MediatorView {
    let name = |seat: usize| state.seats[seat].party.clone();
    let space = state.space();
    let (margin, ledger, minutes, max_questions) = match state.talks() {
        Some(talks) => {
            let record = talks.record();
            (
                record
                    .rounds
                    .iter()
                    .map(|r| margin_view(state, &r.margin))
                    .collect(),
                record
                    .ledger
                    .entries
                    .iter()
                    .map(|d| LedgerView {
                        round: d.round,
                        to: name(d.to),
                        question: d.question.to_string(),
                        from: d
                            .from
                            .iter()
                            .map(|(p, b)| SourceView {
                                party: name(*p),
                                basis: basis_dto(*b),
                            })
                            .collect(),
                        reveals: d.reveals.clone(),
                    })
                    .collect(),
                report::minutes(
                    record,
                    space,
                    &state.title,
                    &state.mediator,
                    "a mediator over the API",
                    &[],
                ),
                talks.config().max_questions,
            )
        }
        None => (Vec::new(), Vec::new(), String::new(), 0),
    };
    // One measurement for the bounds and the suggestions: each costs linear programs.
    let (measured, suggestions) = state.desk_reading();
    MediatorView {
        public: public(talk_id, state),
        last_seq: state.last_seq,
        max_questions,
        in_round: state.in_round,
        caucus_with: state.caucus_party().map(name),
        issues: issues(state),
        seats: seats(state),
        exchanges: exchanges(state),
        margin,
        ledger,
        zone: state.zone().map(|z| ZoneView {
            nash: z
                .nash
                .as_ref()
                .map(|p| from_outcome(space, &space.outcome_from_indices(p))),
            widest: from_outcome(space, &space.outcome_from_indices(&z.widest)),
            margin: z.margin,
        }),
        blind_to: state.blind_to().into_iter().map(name).collect(),
        measured,
        suggestions: suggestions
            .into_iter()
            .map(|s| SuggestionView {
                party: name(s.seat),
                question: s.question,
                reason: s.reason,
                provenance: s.provenance,
            })
            .collect(),
        draft_communique: state.communique(),
        minutes,
    }
}

fn own_exchange(state: &TalkState, seat: usize, q: &QuestionRecord) -> OwnExchangeView {
    let own = state.profiles_seen_by(Reader::Party(seat));
    let mut utilities = IndexMap::new();
    for (key, package) in q.question.packages() {
        if let Some(u) = own.utility(seat, package) {
            utilities.insert(key.to_string(), u);
        }
    }
    if let ReplyState::Answered(AnswerDto::Proposal { package }) = &q.reply {
        if let Some(u) = own.utility(seat, package) {
            utilities.insert("proposal".to_string(), u);
        }
    }
    let (status, answer) = reply(q);
    OwnExchangeView {
        question: q.id,
        round: q.round,
        ask: q.question.clone(),
        utilities,
        status,
        answer,
        automated: q.automated,
        provenance: q.provenance.clone(),
    }
}

/// The view of the party in `seat`.
pub fn party(talk_id: &str, state: &TalkState, seat: usize) -> PartyView {
    let s = &state.seats[seat];
    let space = state.space();
    PartyView {
        public: public(talk_id, state),
        seat,
        party: s.party.clone(),
        at_table: state.at_table().contains(&seat),
        issues: issues(state),
        profile: s
            .profile
            .as_ref()
            .and_then(|p| ProfileDto::from_profile(p, space)),
        reservation: s.profile.as_ref().map(|p| p.reservation),
        profile_replaced: s.profile_replaced,
        revisions: s.revisions,
        handed_over: s.profile_replaced && s.profile_shared,
        agent: s.agent_spec.clone(),
        proposed_agent: s.proposed_agent.clone(),
        pending_question: s.pending,
        exchanges: state
            .questions
            .iter()
            .filter(|q| may_see_exchanges_of(Reader::Party(seat), q.seat))
            .map(|q| own_exchange(state, seat, q))
            .collect(),
        report: state.talks().map_or_else(String::new, |t| {
            report::party_report(t.record(), space, seat, &state.title, &state.mediator)
        }),
    }
}
